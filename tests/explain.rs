//! `kansrijk explain`: through the real binary on the embedded example and a generated folder
//! (the story names the gemeente and the reason, its measured costs match an independent
//! re-solve, nothing is written, bad folders and ids exit 2, changed input is refused), and
//! through the library: the alternatives of every koppeling obey their rules, and the cost of
//! forcing a household into an alternative equals a re-solve built here by hand.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kansrijk::explain::alternatief::WaaromNiet;
use kansrijk::explain::kosten::{self, Kosten};
use kansrijk::model::{GemeenteIdx, HuishoudenIdx, RegioIdx};
use kansrijk::solve::{los_op, Formulering, HuishoudenModel, Opties, Status};
use kansrijk::uitkomst::Uitkomst;
use kansrijk::MatchOpties;

mod common;
use common::{csv_rows, files, geslaagd};

const BIN: &str = env!("CARGO_BIN_EXE_kansrijk");

fn kansrijk(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes a generated input folder of 40 households to `data`.
fn genereer(data: &std::path::Path, seed: &str) {
    let o = kansrijk(&[
        "generate",
        "--households",
        "40",
        "--seed",
        seed,
        "--out",
        data.to_str().unwrap(),
        "--quiet",
    ]);
    geslaagd(&o);
}

/// Runs `kansrijk match` (on `data`, or the example) into `dir/uit`; exit 0 or 1 (some
/// household uncoupled) are both a finished run.
fn match_run(dir: &Path, data: Option<&Path>) -> PathBuf {
    let out = dir.join("uit");
    let mut args = vec!["match", "--out", out.to_str().unwrap(), "--quiet"];
    if let Some(d) = data {
        args.extend(["--data", d.to_str().unwrap()]);
    }
    let o = kansrijk(&args);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    out
}

fn explain(out: &Path, args: &[&str]) -> Output {
    let mut all = vec!["explain", "--out", out.to_str().unwrap()];
    all.extend_from_slice(args);
    kansrijk(&all)
}

fn check(out: &Path) -> Output {
    kansrijk(&["check", "--out", out.to_str().unwrap()])
}

/// The objective after forcing household `h` into gemeente `g`, solved from a problem built
/// here: the household made fixed by hand, the way `vaste_gemeente_code` households are.
fn independent(
    u: &Uitkomst,
    h: HuishoudenIdx,
    g: GemeenteIdx,
    formulering: Formulering,
) -> (f64, Status) {
    let mut p = u.probleem.clone();
    let s = p.huishoudens[h.idx()]
        .kandidaten
        .iter()
        .find(|k| k.0 == g)
        .expect("allowed")
        .1;
    p.huishoudens[h.idx()] = HuishoudenModel {
        personen: p.huishoudens[h.idx()].personen,
        vast: true,
        kandidaten: vec![(g, s)],
    };
    let o = los_op(
        &p,
        &Opties {
            formulering,
            ..Opties::default()
        },
    )
    .unwrap();
    (o.doelwaarde, o.status)
}

/// Whether the fixed households leave room for `h` in `g` (else the cost cannot be measured).
fn past_ooit(u: &Uitkomst, h: HuishoudenIdx, g: GemeenteIdx) -> bool {
    u.probleem.vaste_personen()[g.idx()] + i64::from(u.probleem.huishouden(h).personen)
        <= u.probleem.gemeente(g).cap
}

/// Checks the measured cost of every alternative of `huishoudens` against [`independent`].
/// Returns how many were compared.
fn costs_match_independent_resolves(
    u: &Uitkomst,
    huishoudens: impl Iterator<Item = HuishoudenIdx>,
    formulering: Formulering,
) -> usize {
    let d = u.oplossing.doelwaarde;
    let basis = kosten::Basis {
        toewijzing: &u.oplossing.toewijzing,
        doelwaarde: d,
        grens: u.oplossing.grens,
        lp: u.oplossing.lp_basis(),
    };
    let mut vergeleken = 0;
    for h in huishoudens {
        for a in &u.koppelingen[h.idx()].alternatieven {
            let g = a.gemeente;
            let k = kosten::meet(&u.probleem, basis, h, g, &Opties::default()).unwrap();
            match k {
                Kosten::Gemeten(m) => {
                    assert!(past_ooit(u, h, g));
                    assert_eq!(m.status, Status::Optimaal);
                    assert!(
                        m.daling >= -1e-9,
                        "h{h} -> g{g}: negative cost {}",
                        m.daling
                    );
                    let (waarde, status) = independent(u, h, g, formulering);
                    assert_eq!(status, Status::Optimaal);
                    assert!(
                        (m.daling - (d - waarde)).abs() <= 1e-6,
                        "h{h} -> g{g}: measured {} vs independent {}",
                        m.daling,
                        d - waarde
                    );
                    vergeleken += 1;
                }
                // every alternative could hold the household: its cost can always be measured
                k => panic!("h{h} -> g{g}: an alternative that could never hold it: {k:?}"),
            }
        }
    }
    vergeleken
}

#[test]
fn measured_cost_equals_an_independent_resolve_on_the_example() {
    let u = kansrijk::run(&MatchOpties::default()).unwrap();
    assert_eq!(u.oplossing.status, Status::Optimaal);
    // the first household with each kind of why-not that can be measured
    let mut gezien = HashSet::new();
    let mut kies = Vec::new();
    for k in &u.koppelingen {
        for a in &k.alternatieven {
            let soort = match a.waarom_niet {
                WaaromNiet::Capaciteit { .. } if past_ooit(&u, k.huishouden, a.gemeente) => {
                    "capaciteit"
                }
                WaaromNiet::LagereScore { .. } => "lagere_score",
                WaaromNiet::Taakstelling { .. } => "taakstelling",
                _ => continue,
            };
            if gezien.insert(soort) {
                kies.push(k.huishouden);
            }
        }
    }
    assert_eq!(gezien.len(), 3, "{gezien:?}");
    let n = costs_match_independent_resolves(&u, kies.into_iter(), Formulering::Geaggregeerd);
    assert!(n >= 3, "{n}");
}

#[test]
fn measured_cost_equals_a_resolve_of_the_full_model_on_generated_folders() {
    for seed in ["1", "2"] {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("in");
        genereer(&data, seed);
        let u = kansrijk::run(&MatchOpties {
            data: Some(data),
            ..MatchOpties::default()
        })
        .unwrap();
        assert_eq!(u.oplossing.status, Status::Optimaal);
        // the full model (one binary per pair) is independent of the aggregated one kansrijk uses
        let n =
            costs_match_independent_resolves(&u, HuishoudenIdx::alle(12), Formulering::Volledig);
        assert!(n >= 10, "seed {seed}: only {n} costs compared");
    }
}

#[test]
fn alternatives_on_the_example_obey_their_rules() {
    let u = kansrijk::run(&MatchOpties::default()).unwrap();
    let inst = &u.instance;
    let p = &u.probleem;
    let mut last = vec![0i64; inst.gemeenten.len()];
    for k in &u.koppelingen {
        if let Some(g) = k.gemeente {
            last[g.idx()] += i64::from(inst.huishouden(k.huishouden).personen());
        }
    }
    for k in &u.koppelingen {
        let h = k.huishouden;
        let hh = inst.huishouden(h);
        let n = i64::from(hh.personen());
        let alt = &k.alternatieven;
        assert!(alt.len() <= 3, "{h}: {alt:?}");
        // could hold: allowed, and room beside the fixed households for one that is not fixed
        let kan_houden =
            |g: GemeenteIdx| inst.toegestaan(hh, g) && (hh.vast.is_some() || past_ooit(&u, h, g));
        assert!(
            alt.windows(2).all(|w| w[0].score >= w[1].score),
            "{h}: not sorted by fit: {alt:?}"
        );
        let regios: HashSet<RegioIdx> = alt
            .iter()
            .map(|a| inst.gemeente(a.gemeente).regio)
            .collect();
        assert_eq!(regios.len(), alt.len(), "{h}: one per region");
        let eigen = k
            .gemeente
            .map(|g| (inst.gemeente(g).regio, u.scores.score(h, g)));
        for a in alt {
            let g = a.gemeente;
            assert_ne!(Some(g), k.gemeente, "{h}: the koppeling itself");
            assert_eq!(a.score, u.scores.score(h, g));
            if let Some((r, s)) = eigen {
                assert!(
                    inst.gemeente(g).regio != r || a.score > s,
                    "{h}: same region, no better"
                );
            }
            assert!(kan_houden(g), "{h}: {g} could never hold it");
            let toegestaan = inst.toegestaan(hh, g);
            let vol = p.gemeente(g).cap - last[g.idx()] < n;
            match &a.waarom_niet {
                WaaromNiet::Capaciteit {
                    ruimte, voorrang, ..
                } => {
                    assert!(toegestaan && vol, "{h} {g}: capaciteit with room");
                    assert_eq!(*ruimte, (p.gemeente(g).cap - last[g.idx()]).max(0));
                    for &v in voorrang {
                        assert_eq!(u.koppelingen[v.idx()].gemeente, Some(g));
                        assert!(inst.huishouden(v).vast.is_none());
                    }
                }
                WaaromNiet::LagereScore { verschil } => {
                    assert!(toegestaan && !vol);
                    let (_, s) = eigen.unwrap();
                    assert!(a.score <= s + 1e-9 && (s - a.score - verschil).abs() < 1e-4);
                }
                WaaromNiet::Taakstelling { .. } => {
                    assert!(toegestaan && !vol);
                    assert!(a.score > eigen.unwrap().1);
                }
                WaaromNiet::NietGevonden => panic!("{h}: the example is proven optimal"),
            }
        }
        // No region left out beats the worst alternative shown, and as many are shown as there
        // are regions (up to 3) with a gemeente that could hold the household and counts.
        let slechtste = alt.last().map_or(f64::INFINITY, |a| a.score);
        let mut telbare_regios = HashSet::new();
        for (g, gem) in inst.gemeente_indices().zip(&inst.gemeenten) {
            let eigen_regio = eigen.is_some_and(|(r, _)| r == gem.regio);
            let telt = !eigen_regio || u.scores.score(h, g) > eigen.unwrap().1;
            if telt && Some(g) != k.gemeente && kan_houden(g) {
                telbare_regios.insert(gem.regio);
                if alt.len() == 3 && !regios.contains(&gem.regio) {
                    assert!(u.scores.score(h, g) <= slechtste, "{h}: {g} left out");
                }
            }
        }
        assert_eq!(alt.len(), telbare_regios.len().min(3), "{h}: {alt:?}");
    }
}

/// The number after "naar " in a cost sentence, as written (Dutch notation).
fn naar_waarden(story: &str) -> Vec<String> {
    story
        .lines()
        .filter(|l| l.contains("- Kosten:"))
        .filter_map(|l| {
            let rest = &l[l.find(" naar ")? + 6..];
            Some(rest.split(' ').next()?.to_string())
        })
        .collect()
}

#[test]
fn explain_tells_the_story_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = match_run(dir.path(), None);
    let voor = files(&out);
    let o = explain(&out, &["H021"]);
    geslaagd(&o);
    assert_eq!(
        stderr(&o),
        "",
        "no progress line when stderr is not a terminal"
    );
    let story = stdout(&o);
    let row = csv_rows(&out.join("koppelingen.csv"))
        .into_iter()
        .find(|r| r["huishouden_id"] == "H021")
        .unwrap();
    assert!(
        story.contains(&format!("**{}**", row["gemeente_naam"])),
        "{story}"
    );
    assert!(story.contains(&format!("Reden: **{}**", row["reden"])));
    assert!(story.contains(&row["toelichting"]));
    assert!(story.contains("gemeten door opnieuw op te lossen"));
    assert_eq!(
        files(&out),
        voor,
        "explain writes nothing into the output folder"
    );
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nor anywhere next to it"
    );

    // The measured objectives in the text equal a re-solve built here.
    let u = kansrijk::run(&MatchOpties::default()).unwrap();
    let h = u
        .instance
        .huishoudens
        .iter()
        .position(|hh| hh.id.as_str() == "H021")
        .map(HuishoudenIdx::new)
        .unwrap();
    let verwacht: Vec<String> = u.koppelingen[h.idx()]
        .alternatieven
        .iter()
        .filter(|a| u.instance.toegestaan(u.instance.huishouden(h), a.gemeente))
        .filter(|a| past_ooit(&u, h, a.gemeente))
        .map(|a| {
            let (w, _) = independent(&u, h, a.gemeente, Formulering::Geaggregeerd);
            kansrijk::render::tekst::getal(w, 4)
        })
        .collect();
    assert!(!verwacht.is_empty());
    assert_eq!(naar_waarden(&story), verwacht);

    insta::assert_snapshot!("explain_voorbeeld_h021", story);
}

#[test]
fn markdown_file_holds_the_same_story() {
    let dir = tempfile::tempdir().unwrap();
    let out = match_run(dir.path(), None);
    let md = dir.path().join("h001.md");
    let o = explain(&out, &["H001", "--markdown", md.to_str().unwrap()]);
    geslaagd(&o);
    assert_eq!(fs::read_to_string(&md).unwrap(), stdout(&o));
}

#[test]
fn unknown_household_exits_2_and_names_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let out = match_run(dir.path(), None);
    let o = explain(&out, &["H999"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.starts_with("error: ") && e.contains("huishouden \"H999\" komt niet voor"),
        "{e}"
    );
    assert!(
        !e.contains("H001") && !e.contains("H300"),
        "lists no other household: {e}"
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn missing_or_garbled_folders_exit_2_without_panic() {
    let dir = tempfile::tempdir().unwrap();
    let leeg = dir.path().join("leeg");
    fs::create_dir(&leeg).unwrap();
    let kapot = dir.path().join("kapot");
    fs::create_dir(&kapot).unwrap();
    fs::write(kapot.join("rapport.json"), "{\"invoer\": [1, 2").unwrap();
    let oud = dir.path().join("oud");
    fs::create_dir(&oud).unwrap();
    fs::write(oud.join("rapport.json"), "{\"koppelingen\": []}").unwrap();
    let vreemd = dir.path().join("vreemd");
    fs::create_dir(&vreemd).unwrap();
    fs::write(
        vreemd.join("rapport.json"),
        "{\"schema\": \"kansrijk-rapport/1\", \"opties\": {}, \"invoer\": 7}",
    )
    .unwrap();
    for (map, verwacht) in [
        (dir.path().join("bestaat-niet"), "de map bestaat niet"),
        (leeg, "rapport.json: ontbreekt"),
        (kapot, "onleesbaar: geen geldige JSON"),
        (
            oud,
            "oud/rapport.json: schemaversie ontbreekt, verwacht \"kansrijk-rapport/1\"",
        ),
        (vreemd, "onleesbaar: onverwachte inhoud"),
    ] {
        let o = explain(&map, &["H001"]);
        assert_eq!(o.status.code(), Some(2), "{map:?}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(
            e.starts_with("error: ") && e.contains(verwacht),
            "{map:?}: {e}"
        );
        assert!(!e.contains("panicked"), "{e}");
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn changed_input_is_refused_and_moved_input_is_found_with_data() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("in");
    genereer(&data, "4");
    let out = match_run(dir.path(), Some(&data));
    let o = explain(&out, &["H002"]);
    geslaagd(&o);
    assert!(stdout(&o).contains(&format!("Uit de run op `{}`", data.display())));

    // one byte more in personen.csv
    let personen = data.join("personen.csv");
    let origineel = fs::read(&personen).unwrap();
    let mut anders = origineel.clone();
    anders.push(b'\n');
    fs::write(&personen, &anders).unwrap();
    let o = explain(&out, &["H002"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("de invoer is gewijzigd sinds de run (personen.csv is veranderd)"),
        "{e}"
    );
    // a change that also makes the input invalid is named as a change, not by its problems
    let ongeldig = String::from_utf8(origineel.clone())
        .unwrap()
        .replacen('\n', "\nX,", 2);
    fs::write(&personen, ongeldig).unwrap();
    for opdracht in [explain(&out, &["H002"]), check(&out)] {
        assert_eq!(opdracht.status.code(), Some(2));
        let e = stderr(&opdracht);
        assert!(
            e.contains("de invoer is gewijzigd sinds de run (personen.csv is veranderd)")
                && !e.contains("personen.csv:"),
            "{e}"
        );
    }
    fs::write(&personen, &origineel).unwrap();

    // the input folder moved: found again with --data, refused without
    let verhuisd = dir.path().join("verhuisd");
    fs::rename(&data, &verhuisd).unwrap();
    let o = explain(&out, &["H002"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("bestaat niet meer; geef haar op met --data"),
        "{}",
        stderr(&o)
    );
    let o = explain(&out, &["H002", "--data", verhuisd.to_str().unwrap()]);
    geslaagd(&o);
}

#[test]
fn options_read_back_from_the_report_are_checked_like_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = match_run(dir.path(), None);
    let pad = out.join("rapport.json");
    let origineel = fs::read_to_string(&pad).unwrap();
    for (veld, waarde) in [
        ("gap", "-1.0"),
        ("tijdslimiet", "0.0"),
        ("spreidingsgrens", "2.5"),
    ] {
        let mut json: serde_json::Value = serde_json::from_str(&origineel).unwrap();
        json["opties"][veld] = serde_json::from_str(waarde).unwrap();
        fs::write(&pad, serde_json::to_string(&json).unwrap()).unwrap();
        for o in [explain(&out, &["H002"]), check(&out)] {
            assert_eq!(o.status.code(), Some(2), "{veld}: {}", stderr(&o));
            assert!(
                stderr(&o).contains(&format!("veld \"opties.{veld}\": verwacht")),
                "{veld}: {}",
                stderr(&o)
            );
        }
    }
}
