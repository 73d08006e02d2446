//! `vastzetten.csv` (SPEC "Planner control") through the real binary, on the fixture
//! `tests/fixtures/good/vastzetten` (the `klein` fixture with three decisions):
//!
//! - a `vast` household goes there with reason `planner` and the planner's toelichting in
//!   `koppelingen.csv`, the report, the handover sheet and `explain`, never the sentence of a
//!   `vaste_gemeente_code`; a `niet` pair is in no koppeling and not even a candidate;
//! - every contradiction and bad row is a located input error, with its exact message;
//! - the cost of each decision in the report equals the difference of two runs of `match`, with
//!   and without that row;
//! - `validate` and `match` warn about columns and files they do not read, and still succeed.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kansrijk::render::schema::RapportJson;

mod common;
use common::{csv_rows, geslaagd};

const BIN: &str = env!("CARGO_BIN_EXE_kansrijk");

/// The sentence reserved for a `vaste_gemeente_code`.
const NAREIZIGER: &str = "daar woont het gezin al, of is werk of studie al gevonden";

fn kansrijk(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn fixture(pad: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(pad)
}

/// A copy of the fixture folder `pad` in `naar`.
fn kopie(pad: &str, naar: &Path) -> PathBuf {
    fs::create_dir_all(naar).unwrap();
    for e in fs::read_dir(fixture(pad)).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), naar.join(e.file_name())).unwrap();
    }
    naar.to_path_buf()
}

/// `kansrijk match --data data --out out`, which must exit 0, with `extra` arguments.
fn match_run(data: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "match",
        "--data",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let o = kansrijk(&args);
    geslaagd(&o);
    o
}

fn rapport(out: &Path) -> RapportJson {
    serde_json::from_slice(&fs::read(out.join("rapport.json")).unwrap()).unwrap()
}

#[test]
fn decisions_reach_the_koppeling_report_handover_and_explain() {
    let tmp = tempfile::tempdir().unwrap();
    let data = fixture("good/vastzetten");
    let out = tmp.path().join("uit");
    let scores = tmp.path().join("scores.csv");
    match_run(
        &data,
        &out,
        &["--overdracht", "--export-scores", scores.to_str().unwrap()],
    );

    let rows = csv_rows(&out.join("koppelingen.csv"));
    let per_id: HashMap<&str, &HashMap<String, String>> = rows
        .iter()
        .map(|r| (r["huishouden_id"].as_str(), r))
        .collect();
    let h002 = per_id["H002"];
    assert_eq!(h002["gemeente_code"], "GM0153", "{h002:?}");
    assert_eq!(h002["reden"], "planner", "{h002:?}");
    assert_eq!(
        h002["toelichting"],
        "Door de planner vastgezet in Enschede: Broer woont in Enschede; veiligheid."
    );
    // the vaste_gemeente_code keeps its own reason and sentence
    assert_eq!(per_id["H003"]["reden"], "vast");
    assert!(per_id["H003"]["toelichting"].contains(NAREIZIGER));
    // the niet pairs: never coupled, not even a candidate of the model
    assert_ne!(per_id["H001"]["gemeente_code"], "GM0344");
    assert_ne!(per_id["H004"]["gemeente_code"], "GM0599");
    let paren: Vec<(String, String)> = csv_rows(&scores)
        .into_iter()
        .map(|r| (r["huishouden_id"].clone(), r["gemeente_code"].clone()))
        .collect();
    assert!(
        paren.contains(&("H001".into(), "GM0356".into())),
        "{paren:?}"
    );
    for niet in [("H001", "GM0344"), ("H004", "GM0599")] {
        assert!(
            !paren.contains(&(niet.0.into(), niet.1.into())),
            "{niet:?} is allowed"
        );
    }

    let md = fs::read_to_string(out.join("rapport.md")).unwrap();
    assert!(md.contains("## Besluiten van de planner"), "{md}");
    for rij in [
        "| 2 | H002 | vast | Enschede (GM0153) | Broer woont in Enschede; veiligheid |",
        "| 3 | H001 | niet | Utrecht (GM0344) | Veiligheid: niet in Utrecht |",
        "| 4 | H004 | niet | Rotterdam (GM0599) | (geen toelichting) | 0,0000 |",
    ] {
        assert!(md.contains(rij), "no row {rij:?} in:\n{md}");
    }
    assert!(md.contains("| H002 | 1 | Enschede | 5,64 | Broer woont in Enschede; veiligheid |"));
    // the nareiziger sentence only where a vaste_gemeente_code is
    for regel in md.lines().filter(|l| l.contains(NAREIZIGER)) {
        assert!(!regel.contains("H002"), "{regel}");
    }

    let blad = fs::read_to_string(out.join("overdracht/GM0153_Enschede.md")).unwrap();
    assert!(
        blad.contains(
            "- Waarom hier: Door de planner vastgezet in Enschede: Broer woont in Enschede; veiligheid."
        ),
        "{blad}"
    );
    assert!(!blad.contains(NAREIZIGER), "{blad}");

    let r = rapport(&out);
    assert!(r
        .invoer
        .bestanden
        .iter()
        .any(|b| b.naam == "vastzetten.csv"));
    let besluiten = r.besluiten.expect("a besluiten block");
    assert_eq!(
        besluiten
            .iter()
            .map(|b| (b.regel, b.huishouden_id.as_str(), b.soort.as_str()))
            .collect::<Vec<_>>(),
        vec![
            (2, "H002", "vast"),
            (3, "H001", "niet"),
            (4, "H004", "niet")
        ]
    );

    let uitleg = kansrijk(&["explain", "--out", out.to_str().unwrap(), "H001", "--quiet"]);
    geslaagd(&uitleg);
    let tekst = String::from_utf8(uitleg.stdout).unwrap();
    assert!(
        tekst.contains("- Utrecht (GM0344, Midden-Utrecht): Veiligheid: niet in Utrecht."),
        "{tekst}"
    );
    // the household the planner fixed has no alternatives, and the story says why
    let uitleg = kansrijk(&["explain", "--out", out.to_str().unwrap(), "H002", "--quiet"]);
    geslaagd(&uitleg);
    let vast = String::from_utf8(uitleg.stdout).unwrap();
    assert!(
        vast.contains("Het huishouden is door de planner (`vastzetten.csv`) vastgezet in Enschede: geen andere gemeente kan het opnemen"),
        "{vast}"
    );
    // a gemeente the planner excluded can never hold the household: no alternative
    let alternatieven = &tekst[tekst.find("## Alternatieven").expect("alternatives")..];
    assert!(!alternatieven.contains("GM0344"), "{tekst}");
    let uitleg = kansrijk(&["explain", "--out", out.to_str().unwrap(), "H002", "--quiet"]);
    let tekst = String::from_utf8(uitleg.stdout).unwrap();
    assert!(tekst.contains("Reden: **planner**. Door de planner vastgezet in Enschede: Broer woont in Enschede; veiligheid."), "{tekst}");
    assert!(!tekst.contains(NAREIZIGER), "{tekst}");

    // without vastzetten.csv: no section, no block
    let zonder = tmp.path().join("zonder");
    match_run(&fixture("good/klein"), &zonder, &["--quiet"]);
    let md = fs::read_to_string(zonder.join("rapport.md")).unwrap();
    assert!(!md.contains("Besluiten van de planner"));
    let json = fs::read_to_string(zonder.join("rapport.json")).unwrap();
    assert!(!json.contains("\"besluiten\""));
}

#[test]
fn contradictions_and_bad_rows_are_located_input_errors() {
    let cases: &[(&str, &[&str])] = &[
        (
            "vastzetten_tegenstrijdig",
            &[
                "vastzetten.csv:2: column \"huishouden_id\": unknown household, found \"H999\" (not in DATA/huishoudens.csv)",
                "vastzetten.csv:3: column \"gemeente_code\": unknown gemeente, found \"GM9999\" (not in DATA/gemeenten.csv)",
                "vastzetten.csv:5: column \"soort\": a second \"vast\" for household \"H001\", the first on line 4 (gemeente GM0344)",
                "vastzetten.csv:6: column \"soort\": \"vast\" and \"niet\" for household \"H001\" and gemeente GM0344, the other on line 4",
                "vastzetten.csv:8: column \"soort\": the same decision for household \"H002\" and gemeente GM0153 again, first on line 7",
                "vastzetten.csv:9: column \"gemeente_code\": household \"H003\" has vaste_gemeente_code GM0164 (DATA/huishoudens.csv:4), which \"vast\" on another gemeente contradicts, found \"GM0344\"",
                "vastzetten.csv:10: column \"gemeente_code\": household \"H003\" has vaste_gemeente_code GM0164 (DATA/huishoudens.csv:4), which \"niet\" on that gemeente contradicts, found \"GM0164\"",
                "vastzetten.csv:11: column \"gemeente_code\": household \"H004\" needs an academisch ziekenhuis, which the arbeidsmarktregio of Enschede lacks, found \"GM0153\"",
                "vastzetten.csv:14: column \"soort\": the \"niet\" rows leave household \"H004\" no gemeente it may be coupled to",
            ],
        ),
        (
            "vastzetten_slechte_rijen",
            &[
                "vastzetten.csv:2: column \"soort\": expected vast or niet, found \"misschien\"",
                "vastzetten.csv:3: column \"gemeente_code\": expected a gemeente code like GM0344, found \"GM344\"",
                "vastzetten.csv:4: column \"huishouden_id\": is empty, a value is required",
                "vastzetten.csv:5: column \"gemeente_code\": is empty, a value is required",
                "vastzetten.csv:5: column \"soort\": is empty, a value is required",
                "vastzetten.csv:6: column \"toelichting\": expected text on one line, without control characters, found \"twee\\nregels\"",
            ],
        ),
    ];
    for (case, verwacht) in cases {
        let dir = fixture(&format!("bad/{case}"));
        let d = dir.display().to_string();
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("uit");
        for o in [
            kansrijk(&["validate", "--data", &d]),
            kansrijk(&["match", "--data", &d, "--out", out.to_str().unwrap()]),
        ] {
            assert_eq!(o.status.code(), Some(2), "{case}: {}", stderr(&o));
            let regels: Vec<String> = stderr(&o)
                .replace(&d, "DATA")
                .lines()
                .map(str::to_string)
                .collect();
            let verwacht: Vec<String> = verwacht
                .iter()
                .map(|v| format!("error: DATA/{v}"))
                .collect();
            assert_eq!(regels, verwacht, "{case}");
        }
        assert!(!out.exists(), "{case}: match wrote {}", out.display());
    }
}

/// The doelwaarde of a finished run.
fn doelwaarde(out: &Path) -> f64 {
    rapport(out).oplossing.waarde.doelwaarde
}

#[test]
fn the_cost_of_each_decision_is_the_difference_of_two_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let met = tmp.path().join("met");
    match_run(&fixture("good/vastzetten"), &met, &["--quiet"]);
    let basis = doelwaarde(&met);
    let besluiten = rapport(&met).besluiten.unwrap();
    let md = fs::read_to_string(met.join("rapport.md")).unwrap();
    let regels: Vec<String> = fs::read_to_string(fixture("good/vastzetten/vastzetten.csv"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let mut kosten = Vec::new();
    for b in &besluiten {
        // the same input without this one row, solved from scratch
        let data = kopie(
            "good/vastzetten",
            &tmp.path().join(format!("zonder{}", b.regel)),
        );
        let rest: Vec<&str> = regels
            .iter()
            .enumerate()
            .filter(|(i, _)| *i as u64 + 1 != b.regel)
            .map(|(_, r)| r.as_str())
            .collect();
        fs::write(data.join("vastzetten.csv"), rest.join("\n") + "\n").unwrap();
        let out = tmp.path().join(format!("uit{}", b.regel));
        match_run(&data, &out, &["--quiet"]);
        let verschil = doelwaarde(&out) - basis;
        assert!(b.exact, "{b:?}");
        assert!(
            (b.kosten - verschil).abs() < 1e-6,
            "line {}: reported {} but the runs differ by {verschil}",
            b.regel,
            b.kosten
        );
        let cel = format!("{:.4}", verschil.max(0.0)).replace('.', ",");
        assert!(
            md.lines()
                .any(|l| l.starts_with(&format!("| {} | ", b.regel))
                    && l.ends_with(&format!("| {cel} |"))),
            "line {}: no cost {cel} in the report",
            b.regel
        );
        kosten.push(verschil);
    }
    // the fixture has decisions that cost and one that costs nothing
    assert!(kosten[0] > 0.5 && kosten[1] > 0.5, "{kosten:?}");
    assert!(kosten[2].abs() < 1e-9, "{kosten:?}");
}

#[test]
fn unread_columns_and_files_are_warned_about_and_nothing_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let data = kopie("good/klein", &tmp.path().join("invoer"));
    // an invented column, a used bron column, a misspelt file, notes and a hidden file
    let h = fs::read_to_string(data.join("huishoudens.csv")).unwrap();
    let mut regels = h.lines();
    let mut nieuw = format!(
        "{},uitgesloten_gemeente_code,bron\n",
        regels.next().unwrap()
    );
    for r in regels {
        nieuw += &format!("{r},GM0344,COA\n");
    }
    fs::write(data.join("huishoudens.csv"), nieuw).unwrap();
    fs::write(
        data.join("vastzeten.csv"),
        "huishouden_id,gemeente_code,soort\nH001,GM0344,niet\n",
    )
    .unwrap();
    fs::write(data.join("LEESMIJ.md"), "# notities\n").unwrap();
    fs::write(data.join(".DS_Store"), "x").unwrap();
    let d = data.display().to_string();
    let verwacht = vec![
        "warning: DATA/huishoudens.csv:1: column \"uitgesloten_gemeente_code\": unknown column, not read".to_string(),
        "warning: DATA/vastzeten.csv: not an input file, not read".to_string(),
    ];

    let o = kansrijk(&["validate", "--data", &d]);
    geslaagd(&o);
    let err = stderr(&o).replace(&d, "DATA");
    let mut regels: Vec<String> = err.lines().map(str::to_string).collect();
    assert_eq!(
        regels.pop().as_deref(),
        Some("geldig: 5 gemeenten, 4 huishoudens, 7 personen")
    );
    assert_eq!(regels, verwacht);

    let out = tmp.path().join("uit");
    let o = match_run(&data, &out, &[]);
    let err = stderr(&o).replace(&d, "DATA");
    let regels: Vec<String> = err.lines().map(str::to_string).collect();
    assert_eq!(regels[..2], verwacht[..], "{err}");
    // the report says the same, by file name only
    let md = fs::read_to_string(out.join("rapport.md")).unwrap();
    assert!(
        md.contains("- `huishoudens.csv`: kolom `uitgesloten_gemeente_code`\n- `vastzeten.csv`: het hele bestand\n"),
        "{md}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("rapport.json")).unwrap()).unwrap();
    assert_eq!(
        json["herkomst"]["niet_gelezen"],
        serde_json::json!([
            {"bestand": "huishoudens.csv", "kolom": "uitgesloten_gemeente_code"},
            {"bestand": "vastzeten.csv"}
        ])
    );

    // --weights names another file: the folder's gewichten.toml is not read
    fs::write(data.join("gewichten.toml"), "").unwrap();
    let ander = tmp.path().join("ander.toml");
    fs::write(&ander, "").unwrap();
    let o = kansrijk(&[
        "validate",
        "--data",
        &d,
        "--weights",
        ander.to_str().unwrap(),
    ]);
    geslaagd(&o);
    assert!(
        stderr(&o)
            .replace(&d, "DATA")
            .contains("warning: DATA/gewichten.toml: not read, --weights names another file\n"),
        "{}",
        stderr(&o)
    );
}
