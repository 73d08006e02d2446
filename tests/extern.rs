//! `scores_extern.csv` (SPEC "Planner control") through the real binary:
//!
//! - every exported pair's total and components equal an oracle written here from the CSV files
//!   and the documented formulas (not the library's score code), `extern` = weight × score, 0 for
//!   pairs not listed; the exported pairs are exactly the pairs the hard filters allow, so a
//!   forbidden pair (`toegestaan = 0`) is not even a candidate;
//! - a forbidden pair is in no koppeling and no alternative; a large score pulls a household
//!   there, with reason `extern`;
//! - every bad row is a located input error (exit 2), all of them listed;
//! - `check` accepts such a run and refuses it once `scores_extern.csv` changed;
//! - without the file the export has no `extern` column.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{csv_rows, geslaagd};

const BIN: &str = env!("CARGO_BIN_EXE_kansrijk");

/// The weight of `extern` in the test's `gewichten.toml` (not the default, so it is seen).
const GEWICHT: f64 = 2.5;

fn kansrijk(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The CSV files of `bron` (a folder of the repository) copied into `naar`.
fn kopie(bron: &str, naar: &Path) -> PathBuf {
    fs::create_dir_all(naar).unwrap();
    for e in fs::read_dir(root().join(bron)).unwrap() {
        let e = e.unwrap();
        if e.file_name().to_string_lossy().ends_with(".csv") {
            fs::copy(e.path(), naar.join(e.file_name())).unwrap();
        }
    }
    naar.to_path_buf()
}

/// `kansrijk match --data data --out out --export-scores scores` (exit 0).
fn match_run(data: &Path, out: &Path, scores: &Path) {
    let o = kansrijk(&[
        "match",
        "--data",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--export-scores",
        scores.to_str().unwrap(),
        "--quiet",
    ]);
    geslaagd(&o);
}

/// `scores_extern.csv` in the Dutch Excel dialect (`;`, decimal comma), from (household,
/// gemeente, score, toegestaan) rows; an empty toegestaan is left empty (default 1).
fn schrijf_extern(data: &Path, rijen: &[(&str, &str, f64, &str)]) {
    let mut s = String::from("huishouden_id;gemeente_code;score;toegestaan\n");
    for (h, g, x, t) in rijen {
        s += &format!("{h};{g};{};{t}\n", format!("{x}").replace('.', ","));
    }
    fs::write(data.join("scores_extern.csv"), s).unwrap();
}

fn rond(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

fn getal(s: &str) -> f64 {
    s.replace(',', ".").parse().unwrap()
}

/// The oracle: every allowed pair's components, computed from the input files with the formulas
/// of `data/gewichten.toml` (default weights, `som`) and the external scores `extern` with weight
/// [`GEWICHT`]. Keyed by (huishouden_id, gemeente_code); values in the order werk, onderwijs,
/// netwerk, regiobinding, extern.
fn orakel(
    data: &Path,
    extern_rijen: &[(&str, &str, f64, &str)],
) -> BTreeMap<(String, String), [f64; 5]> {
    let gemeenten = csv_rows(&data.join("gemeenten.csv"));
    let regios = csv_rows(&data.join("regios.csv"));
    let markt = csv_rows(&data.join("arbeidsmarkt.csv"));
    let huishoudens = csv_rows(&data.join("huishoudens.csv"));
    let personen = csv_rows(&data.join("personen.csv"));
    let regio_van: HashMap<&str, &str> = gemeenten
        .iter()
        .map(|g| {
            (
                g["gemeente_code"].as_str(),
                g["arbeidsmarktregio_code"].as_str(),
            )
        })
        .collect();
    let regio: HashMap<&str, &HashMap<String, String>> = regios
        .iter()
        .map(|r| (r["arbeidsmarktregio_code"].as_str(), r))
        .collect();
    let spanning: HashMap<(&str, &str), f64> = markt
        .iter()
        .map(|m| {
            (
                (
                    m["arbeidsmarktregio_code"].as_str(),
                    m["beroepsklasse"].as_str(),
                ),
                getal(&m["spanning"]),
            )
        })
        .collect();
    let kans = |r: &str, k: &str| {
        let s = spanning.get(&(r, k)).copied().unwrap_or(1.0);
        s / (1.0 + s)
    };
    let extern_score: HashMap<(&str, &str), (f64, bool)> = extern_rijen
        .iter()
        .map(|(h, g, x, t)| ((*h, *g), (*x, *t != "0")))
        .collect();
    let mut uit = BTreeMap::new();
    for h in &huishoudens {
        let id = h["huishouden_id"].as_str();
        let volwassenen: Vec<&HashMap<String, String>> = personen
            .iter()
            .filter(|p| p["huishouden_id"] == id && p["leeftijd"].parse::<u32>().unwrap() >= 18)
            .collect();
        let leden = volwassenen.len().max(1) as f64;
        for g in &gemeenten {
            let code = g["gemeente_code"].as_str();
            let r = regio_van[code];
            let vast = h["vaste_gemeente_code"].as_str();
            let zorg = !h["zorgbehoefte"].is_empty();
            let verboden = extern_score.get(&(id, code)).is_some_and(|e| !e.1);
            let toegestaan = if vast.is_empty() {
                !verboden && (!zorg || regio[r]["academisch_ziekenhuis"] == "1")
            } else {
                vast == code
            };
            if !toegestaan {
                continue;
            }
            let mut werk = 0.0;
            let mut onderwijs = 0.0;
            for p in &volwassenen {
                let k = p["beroepsklasse"].as_str();
                if !k.is_empty() {
                    let jaren: f64 = p["ervaring_jaren"].parse::<f64>().unwrap_or(0.0).min(10.0);
                    werk += 10.0 * (0.25 + 0.75 * jaren / 10.0) * kans(r, k);
                }
                if !p["interesse"].is_empty() {
                    let ks: Vec<&str> = p["interesse"].split('|').collect();
                    let gem: f64 = ks.iter().map(|k| kans(r, k)).sum::<f64>() / ks.len() as f64;
                    werk += 10.0 * 0.3 * gem;
                }
                let leeftijd: u32 = p["leeftijd"].parse().unwrap();
                let niveau = p["opleidingsniveau"].as_str();
                let behoefte = if leeftijd < 30 {
                    1.0
                } else if niveau == "hoog" {
                    0.5
                } else {
                    0.0
                };
                let heeft = |s: &str| f64::from(u8::from(regio[r][s] == "1"));
                let aanbod = match niveau {
                    "laag" => heeft("mbo"),
                    "middelbaar" => 0.5 * heeft("mbo") + 0.5 * heeft("hbo"),
                    _ => 0.5 * heeft("hbo") + 0.5 * heeft("wo"),
                };
                onderwijs += 4.0 * behoefte * aanbod;
            }
            let netwerk_code = h["netwerk_gemeente_code"].as_str();
            let netwerk = if netwerk_code == code {
                6.0
            } else if !netwerk_code.is_empty() && regio_van[netwerk_code] == r {
                3.0
            } else {
                0.0
            };
            let regiobinding = if regio_van[h["azc_gemeente_code"].as_str()] == r {
                2.0
            } else {
                0.0
            };
            let externe = extern_score.get(&(id, code)).map_or(0.0, |e| GEWICHT * e.0);
            uit.insert(
                (id.to_string(), code.to_string()),
                [
                    rond(werk),
                    rond(onderwijs),
                    rond(leden * netwerk),
                    rond(leden * regiobinding),
                    rond(externe),
                ],
            );
        }
    }
    uit
}

/// The embedded example's files with `gewichten.toml` setting the weight of `extern`, and the
/// external scores `rijen`.
fn voorbeeld_met(dir: &Path, rijen: &[(&str, &str, f64, &str)]) -> PathBuf {
    let data = kopie("data/voorbeeld", &dir.join("in"));
    fs::write(
        data.join("gewichten.toml"),
        format!("[extern]\ngewicht = {GEWICHT}\n"),
    )
    .unwrap();
    schrijf_extern(&data, rijen);
    data
}

/// External scores on the example: listed pairs with positive, negative and fractional scores,
/// some forbidden, some with an explicit `toegestaan` 1; household H005 has a fixed gemeente
/// (GM0796) and gets a score there.
const RIJEN: &[(&str, &str, f64, &str)] = &[
    ("H001", "GM0321", 0.0, "0"),
    ("H001", "GM0344", 1.25, ""),
    ("H002", "GM0363", 3.5, "1"),
    ("H002", "GM0373", -2.75, ""),
    ("H003", "GM1705", -0.5, ""),
    ("H003", "GM0202", 0.0, "0"),
    ("H005", "GM0796", 0.4321, ""),
    ("H021", "GM0828", 0.0, "0"),
    ("H021", "GM1948", 0.3, ""),
    ("H100", "GM0014", 7.0, ""),
];

#[test]
fn exported_scores_equal_an_oracle_from_the_csv_files() {
    let dir = tempfile::tempdir().unwrap();
    let data = voorbeeld_met(dir.path(), RIJEN);
    let scores = dir.path().join("scores.csv");
    match_run(&data, &dir.path().join("uit"), &scores);

    let mut r = csv::Reader::from_path(&scores).unwrap();
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "huishouden_id",
            "gemeente_code",
            "score",
            "werk",
            "onderwijs",
            "netwerk",
            "regiobinding",
            "extern"
        ]
    );
    let verwacht = orakel(&data, RIJEN);
    let mut gezien = BTreeSet::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        let sleutel = (rec[0].to_string(), rec[1].to_string());
        let Some(c) = verwacht.get(&sleutel) else {
            panic!("{sleutel:?} is exported but the filters forbid it");
        };
        for (i, v) in c.iter().enumerate() {
            let gevonden: f64 = rec[3 + i].parse().unwrap();
            assert!(
                (gevonden - v).abs() < 1.5e-4,
                "{sleutel:?} component {i}: {gevonden} != {v}"
            );
        }
        let totaal: f64 = rec[2].parse().unwrap();
        assert!(
            (totaal - rond(c.iter().sum::<f64>())).abs() < 1.5e-4,
            "{sleutel:?}: {totaal} != {c:?}"
        );
        assert!(gezien.insert(sleutel.clone()), "{sleutel:?} twice");
    }
    let ontbreekt: Vec<_> = verwacht.keys().filter(|k| !gezien.contains(*k)).collect();
    assert!(
        ontbreekt.is_empty(),
        "allowed pairs not exported: {ontbreekt:?}"
    );
    // the listed pairs carry weight × score, and the others 0: not all of it is zero
    let h002 = &verwacht[&("H002".to_string(), "GM0363".to_string())];
    assert_eq!(h002[4], GEWICHT * 3.5);
}

#[test]
fn forbidden_pairs_are_never_coupled_nor_offered_and_a_high_score_pulls() {
    let dir = tempfile::tempdir().unwrap();
    // where the households go without external scores
    let basis = kopie("data/voorbeeld", &dir.path().join("basis"));
    let leeg = dir.path().join("leeg.csv");
    match_run(&basis, &dir.path().join("basis_uit"), &leeg);
    let eerst: HashMap<String, String> = csv_rows(&dir.path().join("basis_uit/koppelingen.csv"))
        .into_iter()
        .map(|r| (r["huishouden_id"].clone(), r["gemeente_code"].clone()))
        .collect();
    // forbid every tenth household's gemeente, and pull H001 (1 person, Houten) to Amsterdam
    let mut verboden: Vec<(String, String)> = eerst
        .iter()
        .filter(|(h, _)| h.ends_with('0'))
        .map(|(h, g)| (h.clone(), g.clone()))
        .collect();
    verboden.sort();
    // households with a fixed gemeente cannot have it forbidden: leave those out
    let vast: BTreeSet<String> = csv_rows(&basis.join("huishoudens.csv"))
        .into_iter()
        .filter(|h| !h["vaste_gemeente_code"].is_empty())
        .map(|h| h["huishouden_id"].clone())
        .collect();
    verboden.retain(|(h, _)| !vast.contains(h));
    assert!(verboden.len() >= 20, "{}", verboden.len());
    assert_ne!(eerst["H001"], "GM0363");
    let mut rijen: Vec<(&str, &str, f64, &str)> = verboden
        .iter()
        .map(|(h, g)| (h.as_str(), g.as_str(), 1.0, "0"))
        .collect();
    rijen.push(("H001", "GM0363", 500.0, ""));
    let data = voorbeeld_met(dir.path(), &rijen);
    let uit = dir.path().join("uit");
    match_run(&data, &uit, &dir.path().join("scores.csv"));

    let koppelingen = csv_rows(&uit.join("koppelingen.csv"));
    let na: HashMap<&str, &HashMap<String, String>> = koppelingen
        .iter()
        .map(|r| (r["huishouden_id"].as_str(), r))
        .collect();
    let verboden: BTreeSet<(String, String)> = verboden.into_iter().collect();
    for (h, g) in &verboden {
        assert_ne!(
            &na[h.as_str()]["gemeente_code"],
            g,
            "{h} coupled to forbidden {g}"
        );
        assert_ne!(
            &na[h.as_str()]["beste_gemeente_code"],
            g,
            "{h}: forbidden {g} is its best"
        );
    }
    let rapport: serde_json::Value =
        serde_json::from_slice(&fs::read(uit.join("rapport.json")).unwrap()).unwrap();
    let mut alternatieven = 0;
    for k in rapport["koppelingen"].as_array().unwrap() {
        let h = k["huishouden_id"].as_str().unwrap().to_string();
        for a in k["alternatieven"].as_array().unwrap() {
            let g = a["gemeente_code"].as_str().unwrap().to_string();
            alternatieven += 1;
            assert!(
                !verboden.contains(&(h.clone(), g.clone())),
                "{h}: forbidden {g} offered"
            );
        }
        assert!(
            k["componenten"].is_null() || k["componenten"]["extern"].is_number(),
            "{k}"
        );
    }
    assert!(alternatieven > 100);
    assert_eq!(rapport["gewichten"]["extern"]["gewicht"], GEWICHT);
    let h001 = na["H001"];
    assert_eq!(h001["gemeente_code"], "GM0363", "{h001:?}");
    assert_eq!(h001["reden"], "extern", "{h001:?}");
    assert!(h001["toelichting"].contains("externe model"), "{h001:?}");

    // explain names the forbidden gemeente and shows the component
    let (h, g) = verboden.iter().next().unwrap();
    let o = kansrijk(&["explain", "--out", uit.to_str().unwrap(), h]);
    geslaagd(&o);
    let tekst = String::from_utf8_lossy(&o.stdout);
    assert!(
        tekst.contains("Door het externe model uitgesloten") && tekst.contains(g.as_str()),
        "{tekst}"
    );
    assert!(tekst.contains("| extern |"), "{tekst}");
    assert!(tekst.contains("som van vijf componenten"), "{tekst}");
}

#[test]
fn check_accepts_the_run_and_refuses_a_changed_scores_extern() {
    let dir = tempfile::tempdir().unwrap();
    let data = voorbeeld_met(dir.path(), RIJEN);
    let uit = dir.path().join("uit");
    match_run(&data, &uit, &dir.path().join("scores.csv"));
    let rapport: serde_json::Value =
        serde_json::from_slice(&fs::read(uit.join("rapport.json")).unwrap()).unwrap();
    assert!(
        rapport["invoer"]["bestanden"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["naam"] == "scores_extern.csv"),
        "the hash of scores_extern.csv is recorded"
    );
    let check = || kansrijk(&["check", "--out", uit.to_str().unwrap()]);
    geslaagd(&check());

    // one score changed: refused, named as a change
    let mut rijen = RIJEN.to_vec();
    rijen[1].2 = 1.5;
    schrijf_extern(&data, &rijen);
    let o = check();
    assert_ne!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("scores_extern.csv is veranderd"),
        "{}",
        stderr(&o)
    );

    // the file removed: refused too
    fs::remove_file(data.join("scores_extern.csv")).unwrap();
    let o = check();
    assert_ne!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("scores_extern.csv ontbreekt"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn without_the_file_the_export_has_no_extern_column() {
    let dir = tempfile::tempdir().unwrap();
    let data = kopie("tests/fixtures/good/klein", &dir.path().join("in"));
    let scores = dir.path().join("scores.csv");
    match_run(&data, &dir.path().join("uit"), &scores);
    let kop = fs::read_to_string(&scores).unwrap();
    assert_eq!(
        kop.lines().next(),
        Some("huishouden_id,gemeente_code,score,werk,onderwijs,netwerk,regiobinding")
    );
    let rapport = fs::read_to_string(dir.path().join("uit/rapport.json")).unwrap();
    assert!(
        !rapport.contains("extern"),
        "no trace of extern without the file"
    );
    // a header alone is a file without scores: the column is there, all 0
    fs::write(
        data.join("scores_extern.csv"),
        "huishouden_id,gemeente_code,score\n",
    )
    .unwrap();
    match_run(&data, &dir.path().join("uit2"), &scores);
    let rows = csv_rows(&scores);
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["extern"] == "0.0000"), "{rows:?}");
}

#[test]
fn bad_rows_are_located_input_errors_all_listed() {
    let dir = tempfile::tempdir().unwrap();
    let data = kopie("tests/fixtures/good/klein", &dir.path().join("in"));
    fs::write(
        data.join("scores_extern.csv"),
        "huishouden_id;gemeente_code;score;toegestaan\n\
         H001;GM0344;1,5;\n\
         H009;GM0344;1;1\n\
         H001;GM9999;1;1\n\
         H001;GM0344;2;1\n\
         H002;GM0599;inf;1\n\
         H002;GM0153;NaN;1\n\
         H002;GM0164;1e400;1\n\
         H002;GM0356;1;2\n\
         H003;GM0164;1;0\n\
         H003;GM0344;-3;0\n",
    )
    .unwrap();
    let o = kansrijk(&["validate", "--data", data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let f = data.join("scores_extern.csv").display().to_string();
    let h = data.join("huishoudens.csv").display().to_string();
    let g = data.join("gemeenten.csv").display().to_string();
    let fouten: Vec<String> = stderr(&o).lines().map(str::to_string).collect();
    let finite = "expected a finite number from -1000000 to 1000000";
    let verwacht = [
        format!("error: {f}:6: column \"score\": {finite}, found \"inf\""),
        format!("error: {f}:7: column \"score\": {finite}, found \"NaN\""),
        format!("error: {f}:8: column \"score\": {finite}, found \"1e400\""),
        format!("error: {f}:9: column \"toegestaan\": expected 0 or 1, found \"2\""),
        format!("error: {f}:5: column \"gemeente_code\": duplicate value \"H001 GM0344\", first on line 2"),
    ];
    for v in &verwacht {
        assert!(fouten.contains(v), "missing {v}\nin {fouten:#?}");
    }
    // with the rows themselves fixed, the checks against the other files
    fs::write(
        data.join("scores_extern.csv"),
        "huishouden_id;gemeente_code;score;toegestaan\n\
         H001;GM0344;1,5;\n\
         H009;GM0344;1;1\n\
         H001;GM9999;1;1\n\
         H003;GM0164;1;0\n\
         H003;GM0344;-3;0\n",
    )
    .unwrap();
    let o = kansrijk(&["validate", "--data", data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let fouten: Vec<String> = stderr(&o).lines().map(str::to_string).collect();
    let verwacht = [
        format!("error: {f}:3: column \"huishouden_id\": unknown household, found \"H009\" (not in {h})"),
        format!("error: {f}:4: column \"gemeente_code\": unknown gemeente, found \"GM9999\" (not in {g})"),
        format!("error: {f}:5: column \"toegestaan\": household \"H003\" has vaste_gemeente_code GM0164 ({h}:4), which toegestaan 0 contradicts"),
    ];
    for v in &verwacht {
        assert!(fouten.contains(v), "missing {v}\nin {fouten:#?}");
    }
    assert_eq!(
        fouten.iter().filter(|l| l.starts_with("error:")).count(),
        3,
        "{fouten:#?}"
    );

    // forbidding a household every gemeente, and a planner's `vast` on a forbidden pair
    let rijen: String = ["GM0344", "GM0356", "GM0599", "GM0153", "GM0164"]
        .iter()
        .map(|g| format!("H002;{g};0;0\n"))
        .collect();
    fs::write(
        data.join("scores_extern.csv"),
        format!("huishouden_id;gemeente_code;score;toegestaan\nH001;GM0599;0;0\n{rijen}"),
    )
    .unwrap();
    fs::write(
        data.join("vastzetten.csv"),
        "huishouden_id,gemeente_code,soort\nH001,GM0599,vast\n",
    )
    .unwrap();
    let o = kansrijk(&["validate", "--data", data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let v = data.join("vastzetten.csv").display().to_string();
    let fouten: Vec<String> = stderr(&o).lines().map(str::to_string).collect();
    let verwacht = [
        format!("error: {v}:2: column \"gemeente_code\": household \"H001\" is forbidden in gemeente GM0599 by {f}:2 (toegestaan 0), which \"vast\" contradicts"),
        format!("error: {f}:7: column \"toegestaan\": the rows with toegestaan 0 leave household \"H002\" no gemeente it may be coupled to"),
    ];
    for v in &verwacht {
        assert!(fouten.contains(v), "missing {v}\nin {fouten:#?}");
    }
}

#[test]
fn the_documented_example_file_is_valid_on_the_embedded_example() {
    let dir = tempfile::tempdir().unwrap();
    let data = kopie("data/voorbeeld", &dir.path().join("in"));
    fs::copy(
        root().join("examples/scores_extern.csv"),
        data.join("scores_extern.csv"),
    )
    .unwrap();
    let o = kansrijk(&["validate", "--data", data.to_str().unwrap()]);
    geslaagd(&o);
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
}
