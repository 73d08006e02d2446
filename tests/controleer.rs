//! `kansrijk check` on a run of the example: a true report checks out, and each claim
//! that is made false in `rapport.json` is caught on its own line with exit 1; a folder that
//! is not a run, or a report of another schema version, exits 2. Its Dutch name `controleer`
//! stays an alias and does the same. (The half year's certificate is checked in
//! `tests/generate.rs`.)

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_kansrijk");

fn kansrijk(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn check(out: &Path) -> Output {
    kansrijk(&["check", "--out", out.to_str().unwrap()])
}

/// A run of the embedded example in `dir/uit`.
fn voorbeeld_in(dir: &Path) -> PathBuf {
    let out = dir.join("uit");
    common::geslaagd(&kansrijk(&[
        "match",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]));
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn a_true_report_checks_out_and_each_false_claim_is_caught() {
    let tmp = tempfile::tempdir().unwrap();
    let out = voorbeeld_in(tmp.path());

    let o = check(&out);
    common::geslaagd(&o);
    let tekst = stdout(&o);
    for regel in [
        "- Regels: klopt. 300 huishoudens",
        "- Doelwaarde: klopt.",
        // the example is solved whole: its bound comes from branching
        "- Certificaat: niet na te rekenen. Deze run heeft geen certificaat",
        "Uitkomst: wat na te rekenen is, klopt.",
    ] {
        assert!(tekst.contains(regel), "{regel:?} missing:\n{tekst}");
    }

    // an objective one point higher than the koppeling is worth
    let hoger = common::vervalst(&out, "hoger", |r| {
        let z = r["oplossing"]["doelwaarde"].as_f64().unwrap();
        r["oplossing"]["doelwaarde"] = (z + 1.0).into();
    });
    let o = check(&hoger);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let tekst = stdout(&o);
    assert!(tekst.contains("- Regels: klopt."), "{tekst}");
    assert!(tekst.contains("- Doelwaarde: KLOPT NIET."), "{tekst}");
    assert_eq!(tekst.matches("KLOPT NIET").count(), 1, "{tekst}");
    assert!(
        tekst.contains("Uitkomst: het rapport klopt niet"),
        "{tekst}"
    );

    // every household in the first coupled household's gemeente: far above its capacity
    let vol = common::vervalst(&out, "vol", |r| {
        let koppelingen = r["koppelingen"].as_array_mut().unwrap();
        let eerste = koppelingen
            .iter()
            .find_map(|k| k["gemeente_code"].as_str().map(str::to_string))
            .unwrap();
        for k in koppelingen {
            k["gemeente_code"] = eerste.clone().into();
        }
    });
    let o = check(&vol);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let tekst = stdout(&o);
    assert!(tekst.contains("- Regels: KLOPT NIET."), "{tekst}");
    assert!(
        tekst.contains("meer dan haar capaciteit")
            || tekst.contains("waar het niet gekoppeld mag worden"),
        "{tekst}"
    );
    assert!(
        tekst.contains("- Doelwaarde: niet na te rekenen."),
        "{tekst}"
    );
    assert_eq!(tekst.matches("KLOPT NIET").count(), 1, "{tekst}");
}

#[test]
fn a_folder_that_is_not_a_run_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let o = check(&tmp.path().join("bestaat_niet"));
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let fout = String::from_utf8_lossy(&o.stderr);
    assert!(
        fout.starts_with("error: ") && fout.contains("de map bestaat niet"),
        "{fout}"
    );
}

#[test]
fn the_dutch_name_controleer_still_works_the_same() {
    let tmp = tempfile::tempdir().unwrap();
    let out = voorbeeld_in(tmp.path());
    let hoger = common::vervalst(&out, "hoger", |r| {
        let z = r["oplossing"]["doelwaarde"].as_f64().unwrap();
        r["oplossing"]["doelwaarde"] = (z + 1.0).into();
    });
    // a true report, a false one, and a folder that is not a run: exit 0, 1 and 2
    for (map, code) in [(out, 0), (hoger, 1), (tmp.path().join("bestaat_niet"), 2)] {
        let map = map.to_str().unwrap();
        let engels = kansrijk(&["check", "--out", map]);
        let nederlands = kansrijk(&["controleer", "--out", map]);
        assert_eq!(engels.status.code(), Some(code), "{}", stdout(&engels));
        assert_eq!(
            nederlands.status.code(),
            Some(code),
            "{}",
            stdout(&nederlands)
        );
        assert_eq!(stdout(&nederlands), stdout(&engels));
        assert_eq!(nederlands.stderr, engels.stderr);
    }
}

#[test]
fn a_report_of_another_or_no_schema_version_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out = voorbeeld_in(tmp.path());
    let rapport: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("rapport.json")).unwrap()).unwrap();
    assert_eq!(rapport["schema"], "kansrijk-rapport/1");

    let nieuwer = common::vervalst(&out, "nieuwer", |r| {
        r["schema"] = "kansrijk-rapport/2".into();
    });
    let zonder = common::vervalst(&out, "zonder", |r| {
        r.as_object_mut().unwrap().remove("schema");
    });
    for (map, gevonden) in [
        (&nieuwer, "schemaversie \"kansrijk-rapport/2\""),
        (&zonder, "schemaversie ontbreekt"),
    ] {
        let o = check(map);
        assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
        assert!(o.stdout.is_empty());
        let fout = String::from_utf8_lossy(&o.stderr);
        let bestand = map.join("rapport.json");
        assert!(
            fout.starts_with(&format!("error: {}: {gevonden}", bestand.display()))
                && fout.contains("verwacht \"kansrijk-rapport/1\""),
            "{fout}"
        );
    }
}

#[test]
fn an_edited_bound_or_gap_fails_the_check() {
    let tmp = tempfile::tempdir().unwrap();
    let out = voorbeeld_in(tmp.path());
    let o = check(&out);
    common::geslaagd(&o);
    assert!(
        stdout(&o).contains("- Grens en gap: klopt."),
        "{}",
        stdout(&o)
    );

    // the headline bound 100 points below the objective
    let onder = common::vervalst(&out, "onder", |r| {
        let z = r["oplossing"]["doelwaarde"].as_f64().unwrap();
        r["oplossing"]["grens"] = (z - 100.0).into();
    });
    // a negative gap
    let negatief = common::vervalst(&out, "negatief", |r| {
        r["oplossing"]["gap"] = (-5.0).into();
    });
    for (map, gevonden) in [
        (&onder, "ligt onder de doelwaarde"),
        (&negatief, "Het rapport meldt gap -5,000000"),
    ] {
        let o = check(map);
        let tekst = stdout(&o);
        assert_eq!(o.status.code(), Some(1), "{tekst}");
        assert!(tekst.contains("- Grens en gap: KLOPT NIET."), "{tekst}");
        assert!(tekst.contains(gevonden), "{gevonden:?} missing:\n{tekst}");
        assert!(
            tekst.contains("Uitkomst: het rapport klopt niet"),
            "{tekst}"
        );
    }

    // a report that claims proof its own bound does not give
    let niet_bewezen = common::vervalst(&out, "niet_bewezen", |r| {
        let z = r["oplossing"]["doelwaarde"].as_f64().unwrap();
        let grens = z + 10.0;
        r["oplossing"]["grens"] = grens.into();
        r["oplossing"]["gap"] = ((grens - z) / z.abs().max(1.0)).into();
    });
    let o = check(&niet_bewezen);
    let tekst = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{tekst}");
    assert!(
        tekst.contains("Het rapport meldt bewezen optimaal, maar met zijn grens is de gap"),
        "{tekst}"
    );
}
