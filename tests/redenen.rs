//! The reason of a koppeling, its "best option" and its alternatives name only gemeenten that
//! could hold the household, recomputed here from the output files alone (no library code): the example,
//! generated weekly batches (seeds 1 to 3) and a generated half year.
//!
//! A gemeente could hold a household when the pair is allowed (it is in `--export-scores`) and,
//! for a household that is not fixed, the gemeente's capacity (`cap` in `taakstelling.csv`)
//! minus the persons of the fixed households coupled there is at least the household's size.

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_kansrijk");

fn kansrijk(args: &[&str]) {
    common::geslaagd(&Command::new(BIN).args(args).output().unwrap());
}

fn getal(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: {s:?}"))
}

/// Checks the run in `out` with its score export `scores`; returns how many `taakstelling`
/// koppelingen it saw.
fn controleer(naam: &str, out: &Path, scores: &Path) -> usize {
    let koppelingen = common::csv_rows(&out.join("koppelingen.csv"));
    let cap: HashMap<String, i64> = common::csv_rows(&out.join("taakstelling.csv"))
        .into_iter()
        .map(|r| (r["gemeente_code"].clone(), r["cap"].parse().unwrap()))
        .collect();
    let mut opties: HashMap<String, Vec<(String, f64)>> = HashMap::new();
    for r in common::csv_rows(scores) {
        opties
            .entry(r["huishouden_id"].clone())
            .or_default()
            .push((r["gemeente_code"].clone(), getal(&r["score"])));
    }
    let mut vast_per_gemeente: HashMap<String, i64> = HashMap::new();
    for k in koppelingen.iter().filter(|k| k["reden"] == "vast") {
        *vast_per_gemeente
            .entry(k["gemeente_code"].clone())
            .or_default() += getal(&k["personen"]) as i64;
    }
    let kan_houden = |k: &HashMap<String, String>, g: &str| {
        k["reden"] == "vast"
            || getal(&k["personen"]) as i64
                <= cap[g] - vast_per_gemeente.get(g).copied().unwrap_or(0)
    };
    let mut taakstelling = 0;
    for k in &koppelingen {
        let id = &k["huishouden_id"];
        let mogelijk: Vec<&(String, f64)> = opties
            .get(id)
            .into_iter()
            .flatten()
            .filter(|(g, _)| kan_houden(k, g))
            .collect();
        let beste = mogelijk
            .iter()
            .map(|o| o.1)
            .fold(f64::NEG_INFINITY, f64::max);
        let b = &k["beste_gemeente_code"];
        if b.is_empty() {
            assert!(mogelijk.is_empty(), "{naam} {id}: no best option named");
            continue;
        }
        assert!(
            mogelijk.iter().any(|(g, _)| g == b),
            "{naam} {id}: best option {b} could never hold it"
        );
        assert!(
            (getal(&k["beste_score"]) - beste).abs() < 1e-9,
            "{naam} {id}: best score {} against {beste} over the gemeenten that could hold it",
            k["beste_score"]
        );
        if k["reden"] == "taakstelling" {
            taakstelling += 1;
            assert!(
                getal(&k["score"]) < beste,
                "{naam} {id}: taakstelling in {}, scoring {} while no gemeente that could hold it scores more",
                k["gemeente_code"],
                k["score"]
            );
        }
    }
    // every alternative in rapport.json could hold its household, and is not its koppeling
    let rapport: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("rapport.json")).unwrap()).unwrap();
    let per_id: HashMap<&str, &HashMap<String, String>> = koppelingen
        .iter()
        .map(|k| (k["huishouden_id"].as_str(), k))
        .collect();
    let mut alternatieven = 0;
    for r in rapport["koppelingen"].as_array().unwrap() {
        let id = r["huishouden_id"].as_str().unwrap();
        let k = per_id[id];
        for a in r["alternatieven"].as_array().unwrap() {
            let g = a["gemeente_code"].as_str().unwrap();
            alternatieven += 1;
            assert!(
                opties[id].iter().any(|(o, _)| o == g) && kan_houden(k, g),
                "{naam} {id}: alternative {g} could never hold it"
            );
            assert_ne!(
                g, k["gemeente_code"],
                "{naam} {id}: alternative is the koppeling"
            );
        }
    }
    assert!(alternatieven > 0, "{naam}: no alternatives at all");
    taakstelling
}

#[test]
fn redenen_en_beste_optie_alleen_over_gemeenten_die_het_huishouden_kunnen_houden() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let mut runs: Vec<(String, Vec<String>)> = vec![("voorbeeld".into(), vec![])];
    for seed in ["1", "2", "3"] {
        runs.push((
            format!("week{seed}"),
            vec![
                "--preset".into(),
                "week".into(),
                "--seed".into(),
                seed.into(),
            ],
        ));
    }
    runs.push((
        "halfjaar1".into(),
        vec![
            "--preset".into(),
            "halfjaar".into(),
            "--seed".into(),
            "1".into(),
        ],
    ));
    let mut taakstelling = 0;
    for (naam, generate) in &runs {
        let out = t.join(format!("{naam}_uit"));
        let scores = t.join(format!("{naam}_scores.csv"));
        let mut args = vec!["match".to_string(), "--quiet".into()];
        if !generate.is_empty() {
            let data = t.join(naam);
            let mut g = vec!["generate".to_string(), "--quiet".into(), "--out".into()];
            g.push(data.display().to_string());
            g.extend(generate.iter().cloned());
            kansrijk(&g.iter().map(String::as_str).collect::<Vec<_>>());
            args.extend(["--data".into(), data.display().to_string()]);
        }
        args.extend(["--out".into(), out.display().to_string()]);
        args.extend(["--export-scores".into(), scores.display().to_string()]);
        kansrijk(&args.iter().map(String::as_str).collect::<Vec<_>>());
        taakstelling += controleer(naam, &out, &scores);
    }
    assert!(taakstelling > 0, "some koppelingen fill a taakstelling");
}
