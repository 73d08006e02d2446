//! The embedded example end to end, through the real binary: optimal with gap 0, every
//! household explained, an independent re-solve of the exported scores reaches the same
//! objective, and the output does not depend on the run or the thread count.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use good_lp::{variable, Expression, ProblemVariables, Solution, SolverModel};
use serde_json::Value;

mod common;
use common::{csv_rows, geslaagd};

fn kansrijk(args: &[&str], threads: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kansrijk"))
        .args(args)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap()
}

fn run_example(dir: &Path, threads: &str) -> Value {
    let out = dir.join("uit");
    let scores = dir.join("scores.csv");
    let o = kansrijk(
        &[
            "match",
            "--out",
            out.to_str().unwrap(),
            "--export-scores",
            scores.to_str().unwrap(),
            "--quiet",
        ],
        threads,
    );
    geslaagd(&o);
    serde_json::from_slice(&std::fs::read(out.join("rapport.json")).unwrap()).unwrap()
}

#[test]
fn example_is_optimal_and_every_household_explained() {
    let dir = tempfile::tempdir().unwrap();
    let rapport = run_example(dir.path(), "2");
    let opl = &rapport["oplossing"];
    assert_eq!(opl["status"], "optimaal");
    let gap = opl["gap"].as_f64().unwrap();
    assert!(gap.abs() < 1e-9, "gap {gap}");
    assert!(
        !dir.path().join("uit/overdracht").exists(),
        "handover sheets only with --overdracht"
    );
    let rows = csv_rows(&dir.path().join("uit/koppelingen.csv"));
    let households = csv_rows(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/voorbeeld/huishoudens.csv"
    )));
    assert_eq!(rows.len(), households.len());
    let redenen = common::REDENEN;
    for row in &rows {
        assert!(redenen.contains(&row["reden"].as_str()), "{row:?}");
        assert!(
            row["toelichting"].ends_with('.') && row["toelichting"].len() > 30,
            "{row:?}"
        );
        assert_eq!(
            row["gemeente_code"].is_empty(),
            row["reden"] == "ongekoppeld",
            "{row:?}"
        );
    }
    // Fixed households went to their fixed gemeente.
    let coupled: HashMap<&str, &str> = rows
        .iter()
        .map(|r| (r["huishouden_id"].as_str(), r["gemeente_code"].as_str()))
        .collect();
    for h in households
        .iter()
        .filter(|h| !h["vaste_gemeente_code"].is_empty())
    {
        assert_eq!(
            coupled[h["huishouden_id"].as_str()],
            h["vaste_gemeente_code"]
        );
    }
}

/// Rebuilds the SPEC model from `--export-scores`, the `model` section of `rapport.json` and
/// the household sizes, with one binary per pair (no aggregation), and solves it with HiGHS.
#[test]
fn independent_resolve_of_exported_scores_reaches_the_same_objective() {
    let dir = tempfile::tempdir().unwrap();
    let rapport = run_example(dir.path(), "2");
    let model = &rapport["model"];
    let p_u = model["ongekoppeld_boete"].as_f64().unwrap();
    let p_t = model["tekort_boete"].as_f64().unwrap();
    let gemeenten: Vec<(String, f64, f64)> = model["gemeenten"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["gemeente_code"].as_str().unwrap().to_string(),
                g["cap"].as_f64().unwrap(),
                g["doel"].as_f64().unwrap(),
            )
        })
        .collect();
    let personen: HashMap<String, f64> = csv_rows(&dir.path().join("uit/koppelingen.csv"))
        .into_iter()
        .map(|r| (r["huishouden_id"].clone(), r["personen"].parse().unwrap()))
        .collect();
    let pairs = csv_rows(&dir.path().join("scores.csv"));

    let mut vars = ProblemVariables::new();
    let mut objective = Expression::default();
    let mut per_household: HashMap<String, Expression> = HashMap::new();
    let mut per_gemeente: HashMap<String, Expression> = HashMap::new();
    for pair in &pairs {
        let x = vars.add(variable().binary());
        let h = &pair["huishouden_id"];
        objective.add_mul(pair["score"].parse::<f64>().unwrap(), x);
        per_household.entry(h.clone()).or_default().add_mul(1.0, x);
        per_gemeente
            .entry(pair["gemeente_code"].clone())
            .or_default()
            .add_mul(personen[h], x);
    }
    let mut constraints = Vec::new();
    for (h, mut e) in per_household {
        let u = vars.add(variable().binary());
        objective.add_mul(-p_u, u);
        e.add_mul(1.0, u);
        constraints.push(e.eq(1.0));
        assert!(personen.contains_key(&h));
    }
    for (code, cap, doel) in &gemeenten {
        let inflow = per_gemeente.remove(code).unwrap_or_default();
        let t = vars.add(variable().min(0.0));
        objective.add_mul(-p_t, t);
        constraints.push(inflow.clone().leq(*cap));
        constraints.push((inflow + t).geq(*doel));
    }
    let mut problem = vars
        .maximise(objective.clone())
        .using(good_lp::highs)
        .with_all(constraints);
    problem.set_verbose(false);
    let problem = problem
        .set_mip_rel_gap(0.0)
        .unwrap()
        .set_option("mip_abs_gap", 1e-7)
        .set_option("output_flag", false);
    let solution = problem.solve().unwrap();
    let resolved = solution.eval(&objective);
    let ours = rapport["oplossing"]["doelwaarde"].as_f64().unwrap();
    assert!(
        (resolved - ours).abs() < 1e-5,
        "re-solve {resolved} vs kansrijk {ours}"
    );
}

fn without_timings(mut v: Value) -> Value {
    v.as_object_mut().unwrap().remove("tijden_ms");
    v
}

#[test]
fn same_output_with_one_or_two_threads() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let ra = run_example(a.path(), "1");
    let rb = run_example(b.path(), "2");
    assert_eq!(without_timings(ra), without_timings(rb));
    for f in [
        "uit/koppelingen.csv",
        "uit/taakstelling.csv",
        "uit/rapport.md",
        "scores.csv",
    ] {
        assert_eq!(
            std::fs::read(a.path().join(f)).unwrap(),
            std::fs::read(b.path().join(f)).unwrap(),
            "{f} differs"
        );
    }
}

#[test]
fn report_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    run_example(dir.path(), "2");
    let md = std::fs::read_to_string(dir.path().join("uit/rapport.md")).unwrap();
    insta::assert_snapshot!("voorbeeld_rapport_md", md);
}

#[test]
fn refuses_to_replace_a_folder_that_is_not_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mijn-map");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("belangrijk.txt"), "niet weggooien").unwrap();
    let o = kansrijk(&["match", "--out", out.to_str().unwrap(), "--quiet"], "2");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).starts_with("error: "));
    assert_eq!(
        std::fs::read_to_string(out.join("belangrijk.txt")).unwrap(),
        "niet weggooien"
    );
    assert!(!out.join("rapport.json").exists());
}

/// `match` on the example into `out` with `--spreidingsgrens` and then `args` (its fraction
/// first).
fn met_spreidingsgrens(out: &Path, args: &[&str]) -> std::process::Output {
    let mut alle = vec![
        "match",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--spreidingsgrens",
    ];
    alle.extend(args);
    kansrijk(&alle, "2")
}

/// Recomputed from `koppelingen.csv` of the run in `out`: the lowest region mean over the
/// households not fixed, and the total fit.
fn laagste_regio(out: &Path) -> (f64, f64) {
    let mut per_regio: HashMap<String, (f64, usize)> = HashMap::new();
    let mut totaal = 0.0;
    for r in csv_rows(&out.join("koppelingen.csv")) {
        if r["gemeente_code"].is_empty() {
            continue;
        }
        let s: f64 = r["score"].parse().unwrap();
        totaal += s;
        if r["reden"] != "vast" {
            let e = per_regio
                .entry(r["arbeidsmarktregio_code"].clone())
                .or_default();
            e.0 += s;
            e.1 += 1;
        }
    }
    let laagste = per_regio
        .values()
        .map(|&(s, n)| s / n as f64)
        .fold(f64::INFINITY, f64::min);
    (laagste, totaal)
}

/// With almost no time, a tight spread bound still gives a koppeling within it (the greedy one,
/// its lowest fits uncoupled where a region falls short), never "the solver failed".
#[test]
fn a_spread_bound_without_time_still_gives_a_koppeling_within_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("grens");
    let o = met_spreidingsgrens(&out, &["0.95", "--time-limit", "0.001"]);
    let code = o.status.code();
    assert!(
        code == Some(0) || code == Some(1),
        "exit {code:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rapport: Value =
        serde_json::from_slice(&std::fs::read(out.join("rapport.json")).unwrap()).unwrap();
    let vloer = rapport["spreidingsgrens"]["vloer"].as_f64().unwrap();
    let (laagste, _) = laagste_regio(&out);
    assert!(
        laagste >= vloer - 1e-3,
        "region mean {laagste} below {vloer}"
    );
    // and the solver-free check agrees
    let o = kansrijk(&["check", "--out", out.to_str().unwrap()], "2");
    geslaagd(&o);
    let tekst = String::from_utf8(o.stdout).unwrap();
    assert!(
        tekst.contains("elke regio haalt de spreidingsgrens"),
        "{tekst}"
    );
}

#[test]
fn spread_bound_holds_in_the_koppelingen_and_costs_what_the_report_says() {
    let dir = tempfile::tempdir().unwrap();
    let zonder = run_example(dir.path(), "2");
    let out = dir.path().join("grens");
    let o = met_spreidingsgrens(&out, &["0.8"]);
    geslaagd(&o);
    let rapport: Value =
        serde_json::from_slice(&std::fs::read(out.join("rapport.json")).unwrap()).unwrap();
    let g = &rapport["spreidingsgrens"];
    let getal = |v: &Value| v.as_f64().unwrap();
    // the first solve is the plain run
    assert_eq!(
        g["zonder"]["totale_score"],
        zonder["oplossing"]["totale_score"]
    );
    let vloer = getal(&g["vloer"]);
    assert!((vloer - 0.8 * getal(&g["landelijk_gemiddelde"])).abs() < 1e-9);
    let (laagste, totaal) = laagste_regio(&out);
    // scores are written with 4 decimals
    assert!(
        laagste >= vloer - 1e-3,
        "region mean {laagste} below {vloer}"
    );
    assert!((laagste - getal(&g["met"]["laagste_regio"])).abs() < 1e-3);
    assert!(
        getal(&g["zonder"]["laagste_regio"]) < vloer,
        "the bound binds on the example"
    );
    assert!((totaal - getal(&g["met"]["totale_score"])).abs() < 0.05);
    // a bound can only cost, and the report's cost is the difference
    let kosten = getal(&g["kosten"]);
    assert!(kosten >= -1e-6);
    assert!(
        (kosten - (getal(&g["zonder"]["totale_score"]) - getal(&g["met"]["totale_score"]))).abs()
            < 1e-9
    );
    assert!(getal(&g["met"]["doelwaarde"]) <= getal(&g["zonder"]["doelwaarde"]) + 1e-6);
    assert_eq!(
        rapport["oplossing"]["totale_score"],
        g["met"]["totale_score"]
    );

    // explain re-solves under the same bound: forcing a household elsewhere never beats the
    // bounded optimum (without the bound it would, by up to the bound's cost)
    let o = kansrijk(
        &["explain", "--out", out.to_str().unwrap(), "H001", "--quiet"],
        "2",
    );
    geslaagd(&o);
    let verhaal = String::from_utf8(o.stdout).unwrap();
    let dutch = |t: &str| t.replace('.', "").replace(',', ".").parse::<f64>().unwrap();
    let mut gemeten = 0;
    for regel in verhaal
        .lines()
        .filter(|r| r.contains("Kosten:") && r.contains(", van "))
    {
        let (_, rest) = regel.split_once(", van ").unwrap();
        let (van, rest) = rest.split_once(" naar ").unwrap();
        let naar = rest.split_whitespace().next().unwrap();
        assert!(
            (dutch(van) - getal(&g["met"]["doelwaarde"])).abs() < 1e-3,
            "{regel}"
        );
        assert!(dutch(naar) <= dutch(van) + 1e-9, "{regel}");
        gemeten += 1;
    }
    assert!(gemeten > 0, "{verhaal}");
}

/// Where a text says "1" before a plural noun ("1 personen"), or names a beroepsklasse the way
/// the BRC label reads inside a sentence ("zorg en welzijn beroepen"): the offending pieces.
fn slecht_nederlands(tekst: &str) -> Vec<String> {
    const MEERVOUDEN: [&str; 9] = [
        "personen",
        "huishoudens",
        "gemeenten",
        "plaatsen",
        "volwassenen",
        "kinderen",
        "rijen",
        "jongvolwassenen",
        "hoogopgeleiden",
    ];
    const BEROEPEN: [&str; 4] = [
        "zorg en welzijn beroepen",
        "ict beroepen",
        "transport en logistiek beroepen",
        "beroepsklasse overig",
    ];
    let mut fout = Vec::new();
    for (i, _) in tekst.match_indices("1 ") {
        // a lone 1: not the end of 11, 2,1 or H001
        let ervoor = tekst[..i].chars().next_back();
        if ervoor.is_some_and(|c| c.is_alphanumeric() || c == ',' || c == '.') {
            continue;
        }
        let woord: String = tekst[i + 2..]
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        if MEERVOUDEN.contains(&woord.as_str()) {
            fout.push(format!("1 {woord}"));
        }
    }
    let klein = tekst.to_lowercase();
    fout.extend(
        BEROEPEN
            .iter()
            .filter(|b| klein.contains(*b))
            .map(|b| b.to_string()),
    );
    fout
}

#[test]
fn the_dutch_check_finds_what_it_looks_for() {
    assert_eq!(
        slecht_nederlands("Huishouden H123 (1 personen), 11 personen, 1 persoon"),
        ["1 personen"]
    );
    assert_eq!(
        slecht_nederlands("voor Zorg en welzijn beroepen, 2,1 plaatsen"),
        ["zorg en welzijn beroepen"]
    );
}

/// Every text of the example a person reads (the report, the sentences in `koppelingen.csv`,
/// the handover sheets and the story of some households) agrees in number ("1 persoon") and
/// names the beroepsklassen in good Dutch.
#[test]
fn every_text_of_the_example_reads_as_dutch() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("uit");
    let o = kansrijk(
        &[
            "match",
            "--out",
            out.to_str().unwrap(),
            "--overdracht",
            "--quiet",
        ],
        "2",
    );
    geslaagd(&o);
    let mut teksten: Vec<(String, String)> = ["rapport.md", "koppelingen.csv"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read_to_string(out.join(f)).unwrap()))
        .collect();
    for e in std::fs::read_dir(out.join("overdracht")).unwrap() {
        let p = e.unwrap().path();
        teksten.push((
            p.display().to_string(),
            std::fs::read_to_string(&p).unwrap(),
        ));
    }
    // two one-person households, and one with experience in care (beroepsklasse 10)
    for h in ["H227", "H248", "H019"] {
        let o = kansrijk(
            &["explain", "--out", out.to_str().unwrap(), h, "--quiet"],
            "2",
        );
        geslaagd(&o);
        teksten.push((format!("explain {h}"), String::from_utf8(o.stdout).unwrap()));
    }
    for (naam, tekst) in &teksten {
        let fout = slecht_nederlands(tekst);
        assert!(fout.is_empty(), "{naam}: {fout:?}");
    }
}

/// The two shortfall figures are told apart, each with the column it sums: `verschil` (against
/// the whole remaining quota) and `tekort` (against this batch's proportional share, the one
/// the objective weighs), and the `tekort` column sums to the solution's `tekort_personen`.
#[test]
fn the_report_names_each_shortfall_with_its_column() {
    let dir = tempfile::tempdir().unwrap();
    let rapport = run_example(dir.path(), "2");
    let rows = csv_rows(&dir.path().join("uit/taakstelling.csv"));
    let tekort: f64 = rows
        .iter()
        .map(|r| r["tekort"].parse::<f64>().unwrap())
        .sum();
    let tekort_personen = rapport["oplossing"]["tekort_personen"].as_f64().unwrap();
    // 342 values rounded to 4 decimals
    assert!(
        (tekort - tekort_personen).abs() < 0.02,
        "column {tekort} vs {tekort_personen}"
    );
    let onder: i64 = rows
        .iter()
        .map(|r| r["verschil"].parse::<i64>().unwrap())
        .filter(|&v| v < 0)
        .sum();
    let md = std::fs::read_to_string(dir.path().join("uit/rapport.md")).unwrap();
    let dutch = |x: f64| format!("{x:.2}").replace('.', ",");
    for zin in [
        format!(
            "samen {} personen (kolom `verschil` in `taakstelling.csv`)",
            -onder
        ),
        format!("samen {} personen (kolom `tekort`)", dutch(tekort_personen)),
    ] {
        assert!(md.contains(&zin), "{zin:?} missing");
    }
    // solver words only after the plain summary
    let technisch = md.find("## Technische verantwoording").unwrap();
    for woord in [
        "LP-grens",
        "gereduceerde kosten",
        "MIP",
        "doelwaarde",
        "Doelwaarde",
        "prijsrondes",
        "gap",
        "certificaat",
    ] {
        if let Some(i) = md.find(woord) {
            assert!(i > technisch, "{woord:?} before the technical section");
        }
    }
}
