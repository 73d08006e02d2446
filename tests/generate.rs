//! `kansrijk generate` through the real binary: every preset's folder passes `validate`, the
//! same seed gives the same bytes, the halfjaar cohort lies within stated tolerances of the
//! documented targets (computed here from the written CSV files, not from the generator), the
//! taakstelling column is the legal rule recomputed independently, and a folder that generate
//! did not write is never replaced.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_kansrijk");

fn kansrijk(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn ok(o: &Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn try_generate(out: &Path, args: &[&str]) -> Output {
    let mut all = vec!["generate", "--out", out.to_str().unwrap(), "--quiet"];
    all.extend_from_slice(args);
    kansrijk(&all)
}

fn generate(out: &Path, args: &[&str]) {
    ok(&try_generate(out, args));
}

type Rij = HashMap<String, String>;

mod common;
use common::{csv_rows as rows, files};

fn int(r: &Rij, col: &str) -> i64 {
    r[col]
        .parse()
        .unwrap_or_else(|_| panic!("{col}: {:?}", r[col]))
}

#[test]
fn week_and_halfjaar_folders_pass_validate() {
    let dir = tempfile::tempdir().unwrap();
    for preset in ["week", "halfjaar"] {
        let out = dir.path().join(preset);
        generate(&out, &["--preset", preset, "--seed", "3"]);
        let o = kansrijk(&["validate", "--data", out.to_str().unwrap()]);
        ok(&o);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(stderr.starts_with("geldig: 342 gemeenten"), "{stderr}");
        assert!(
            stderr.contains("Let op:"),
            "validate warns about synthetic input: {stderr}"
        );
        let names: Vec<String> = files(&out).into_keys().collect();
        assert_eq!(
            names,
            [
                "LEESMIJ.md",
                "arbeidsmarkt.csv",
                "gemeenten.csv",
                "gewichten.toml",
                "huishoudens.csv",
                "personen.csv",
                "regios.csv"
            ]
        );
    }
}

/// The stress preset is validated in-process to keep the test quick.
#[test]
fn stress_folder_passes_validation() {
    use kansrijk::generate::{genereer, schrijf, Keuzes, Opties, Preset};
    let opties = Opties::bepaal(&Keuzes {
        preset: Some(Preset::Stress),
        ..Default::default()
    })
    .unwrap();
    let map = genereer(&opties);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("stress");
    schrijf(&out, &map).unwrap();
    let (inst, _, herkomst) = kansrijk::load_valid(&kansrijk::MatchOpties {
        data: Some(out),
        ..Default::default()
    })
    .unwrap();
    let personen = inst.personen();
    assert!((48_000..=52_000).contains(&personen), "{personen} persons");
    assert_eq!(inst.gemeenten.len(), 342);
    assert!(herkomst.niet_echt());
    let taakstelling: i64 = inst.gemeenten.iter().map(|g| g.taakstelling).sum();
    assert!((50_000..50_400).contains(&taakstelling), "{taakstelling}");
}

#[test]
fn same_seed_same_bytes_other_seed_other_cohort() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    generate(&a, &["--households", "400", "--seed", "11", "--weeks", "4"]);
    generate(&b, &["--households", "400", "--seed", "11", "--weeks", "4"]);
    generate(&c, &["--households", "400", "--seed", "12", "--weeks", "4"]);
    assert_eq!(files(&a), files(&b), "same seed, same bytes");
    let (fa, fc) = (files(&a), files(&c));
    for f in [
        "huishoudens.csv",
        "personen.csv",
        "gemeenten.csv",
        "LEESMIJ.md",
    ] {
        assert_ne!(fa[f], fc[f], "{f} should depend on the seed");
    }
    for f in ["regios.csv", "arbeidsmarkt.csv", "gewichten.toml"] {
        assert_eq!(fa[f], fc[f], "{f} is a reference table");
    }
}

/// `ceil(V * iG / iN)` in integer arithmetic, with iN the sum of the inwoners column.
fn check_legal_rule(dir: &Path, landelijk: u128) {
    let gemeenten = rows(&dir.join("gemeenten.csv"));
    let i_n: u128 = gemeenten.iter().map(|g| int(g, "inwoners") as u128).sum();
    assert!(i_n > 17_000_000);
    for g in &gemeenten {
        let i_g = int(g, "inwoners") as u128;
        // written out rather than div_ceil, to stay independent of the generator's code
        #[allow(clippy::manual_div_ceil)]
        let verwacht = (landelijk * i_g + i_n - 1) / i_n;
        assert_eq!(
            int(g, "taakstelling") as u128,
            verwacht,
            "{}",
            g["gemeente_code"]
        );
        assert!(g["bron"].contains("afgeleid") && g["bron"].contains("illustratief"));
    }
}

#[test]
fn taakstelling_is_the_legal_rule() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    generate(&a, &["--households", "50"]);
    check_legal_rule(&a, 15_000);
    generate(&b, &["--households", "50", "--periode", "2025-2"]);
    check_legal_rule(&b, 13_000);
    generate(&c, &["--households", "50", "--landelijk", "50000"]);
    check_legal_rule(&c, 50_000);
}

#[test]
fn refuses_a_folder_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let eigen = dir.path().join("eigen");
    fs::create_dir(&eigen).unwrap();
    fs::write(eigen.join("notities.txt"), "niet weggooien").unwrap();
    let o = try_generate(&eigen, &["--households", "10"]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.starts_with("error: ") && stderr.contains("not written by kansrijk generate"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(eigen.join("notities.txt")).unwrap(),
        "niet weggooien"
    );
    assert_eq!(files(&eigen).len(), 1);

    // A folder generate wrote is replaced whole; a report folder is not an input folder.
    let gen = dir.path().join("gen");
    generate(&gen, &["--households", "10", "--seed", "1"]);
    generate(&gen, &["--households", "12", "--seed", "2"]);
    assert_eq!(rows(&gen.join("huishoudens.csv")).len(), 12);
    let rapport = dir.path().join("rapport");
    let o = kansrijk(&[
        "match",
        "--data",
        gen.to_str().unwrap(),
        "--out",
        rapport.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
    let o = try_generate(&rapport, &["--households", "10"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(rapport.join("rapport.json").exists());
}

#[test]
fn bad_options_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x");
    let out = out.to_str().unwrap();
    for args in [
        vec!["generate", "--out", out],
        vec!["generate", "--households", "0", "--out", out],
        vec![
            "generate",
            "--households",
            "5",
            "--periode",
            "2030-1",
            "--out",
            out,
        ],
        vec![
            "generate",
            "--households",
            "5",
            "--weeks",
            "27",
            "--out",
            out,
        ],
        vec![
            "generate",
            "--households",
            "5",
            "--ruimte",
            "0.5",
            "--out",
            out,
        ],
        vec!["match", "--spreidingsgrens", "0", "--out", out],
        vec!["match", "--spreidingsgrens", "1.5", "--out", out],
        vec!["match", "--spreidingsgrens", "NaN", "--out", out],
        vec!["match", "--gap", "1", "--out", out],
    ] {
        let o = kansrijk(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&o.stderr).starts_with("error: "));
    }
    assert!(!dir.path().join("x").exists());
}

/// Generates `preset` (seed 1) and runs `match` on it: the temporary folder and the output.
fn generate_and_match(preset: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join(preset);
    let out = dir.path().join("uit");
    generate(&data, &["--preset", preset]);
    let o = kansrijk(&[
        "match",
        "--data",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.code() == Some(0) || o.status.code() == Some(1));
    (dir, out)
}

#[test]
fn match_report_marks_the_synthetic_and_derived_input() {
    let (_dir, out) = generate_and_match("week");
    let md = fs::read_to_string(out.join("rapport.md")).unwrap();
    assert!(md.contains("## Herkomst van de invoer"));
    assert!(
        md.contains("Let op: deze run gebruikt illustratieve, synthetische of afgeleide invoer")
    );
    assert!(md.contains("`arbeidsmarkt.csv` (455 rijen): illustratief: geen UWV-cijfers"));
    assert!(md.contains("synthetisch (kansrijk generate, seed 1)"));
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("rapport.json")).unwrap()).unwrap();
    let herkomst = &json["herkomst"];
    assert_eq!(herkomst["niet_echt"], true);
    let bestanden = herkomst["bestanden"].as_array().unwrap();
    assert_eq!(bestanden.len(), 5);
    assert_eq!(bestanden[0]["bestand"], "gemeenten.csv");
    assert_eq!(bestanden[0]["bronnen"][0]["rijen"], 342);
    assert!(bestanden[0]["bronnen"][0]["bron"]
        .as_str()
        .unwrap()
        .contains("afgeleid"));
}

/// Share within an absolute tolerance, with a message naming the figure.
fn near(naam: &str, waarde: f64, doel: f64, tolerantie: f64) {
    assert!(
        (waarde - doel).abs() <= tolerantie,
        "{naam}: {waarde:.4} is not within {tolerantie} of the target {doel}"
    );
}

fn aandeel<T>(items: &[T], pred: impl Fn(&T) -> bool) -> f64 {
    items.iter().filter(|x| pred(x)).count() as f64 / items.len() as f64
}

/// The targets are documented in data/README.md ("De generator") and the README; the
/// tolerances allow for rounding and for the random parts (ages, which member is a child).
#[test]
fn halfjaar_cohort_matches_the_documented_targets() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("h");
    generate(&out, &["--preset", "halfjaar", "--seed", "7"]);
    let hh = rows(&out.join("huishoudens.csv"));
    let pp = rows(&out.join("personen.csv"));
    let gem = rows(&out.join("gemeenten.csv"));
    let reg = rows(&out.join("regios.csv"));

    let mut leden: HashMap<&str, Vec<&Rij>> = HashMap::new();
    for p in &pp {
        leden
            .entry(p["huishouden_id"].as_str())
            .or_default()
            .push(p);
    }
    let volwassen = |p: &Rij| int(p, "leeftijd") >= 18;
    let n = hh.len() as f64;
    let personen = pp.len() as f64;
    near("persons", personen, 15_000.0, 300.0);
    near("mean persons per household", personen / n, 2.27, 0.05);
    near(
        "share of minors",
        aandeel(&pp, |p| int(p, "leeftijd") < 18),
        0.40,
        0.02,
    );

    // Household types, read back from the composition.
    let vast = |h: &Rij| !h["vaste_gemeente_code"].is_empty();
    let soort = |h: &Rij| -> &str {
        let l = &leden[h["huishouden_id"].as_str()];
        let adults = l.iter().filter(|p| volwassen(p)).count();
        if vast(h) {
            "nareiziger"
        } else if l.len() == 1 {
            "alleenstaand"
        } else if adults == l.len() && l.len() == 2 {
            "stel"
        } else if adults == 1 {
            "eenouder"
        } else {
            "gezin"
        }
    };
    for (s, doel) in [
        ("alleenstaand", 0.50),
        ("stel", 0.09),
        ("gezin", 0.22),
        ("eenouder", 0.09),
        ("nareiziger", 0.10),
    ] {
        near(s, aandeel(&hh, |h| soort(h) == s), doel, 0.01);
    }
    let gezinnen: Vec<usize> = hh
        .iter()
        .filter(|h| soort(h) == "gezin")
        .map(|h| leden[h["huishouden_id"].as_str()].len())
        .collect();
    assert!(gezinnen.iter().all(|&s| (3..=9).contains(&s)));
    for s in 3..=9 {
        assert!(gezinnen.contains(&s), "a gezin of {s}");
    }
    near(
        "gezinnen of 8 or 9",
        aandeel(&gezinnen, |&s| s >= 8),
        0.10,
        0.015,
    );
    let alleen: Vec<&Rij> = hh
        .iter()
        .filter(|h| soort(h) == "alleenstaand")
        .map(|h| leden[h["huishouden_id"].as_str()][0])
        .collect();
    near(
        "single adults who are men",
        aandeel(&alleen, |p| p["geslacht"] == "m"),
        0.86,
        0.01,
    );
    assert!(alleen.iter().any(|p| p["geslacht"] == "x"));

    // Adults' profiles.
    let adults: Vec<&Rij> = pp.iter().filter(|p| volwassen(p)).collect();
    for (niveau, doel) in [("hoog", 0.20), ("middelbaar", 0.45), ("laag", 0.35)] {
        near(
            niveau,
            aandeel(&adults, |p| p["opleidingsniveau"] == niveau),
            doel,
            0.01,
        );
    }
    for (g, doel) in [("m", 0.66), ("v", 0.50)] {
        let groep: Vec<&&Rij> = adults.iter().filter(|p| p["geslacht"] == g).collect();
        near(
            &format!("work experience of adults {g}"),
            aandeel(&groep, |p| !p["beroepsklasse"].is_empty()),
            doel,
            0.01,
        );
    }
    near(
        "interesse",
        aandeel(&adults, |p| !p["interesse"].is_empty()),
        0.50,
        0.01,
    );
    for p in &pp {
        assert_eq!(
            p["beroepsklasse"].is_empty(),
            p["ervaring_jaren"].is_empty(),
            "{p:?}"
        );
        if int(p, "leeftijd") < 18 {
            assert!(p["beroepsklasse"].is_empty() && p["interesse"].is_empty());
        }
    }

    // Nareizigers (F25, F26).
    let nareizigers: Vec<&Rij> = hh
        .iter()
        .filter(|h| vast(h))
        .flat_map(|h| leden[h["huishouden_id"].as_str()].iter().copied())
        .collect();
    near(
        "nareizigers: women",
        aandeel(&nareizigers, |p| p["geslacht"] == "v"),
        0.60,
        0.04,
    );
    near(
        "nareizigers: minors",
        aandeel(&nareizigers, |p| int(p, "leeftijd") < 18),
        0.50,
        0.04,
    );

    // Netwerk, zorg, week.
    let overig: Vec<&Rij> = hh.iter().filter(|h| !vast(h)).collect();
    near(
        "netwerk of non-nareizigers",
        aandeel(&overig, |h| !h["netwerk_gemeente_code"].is_empty()),
        0.30,
        0.01,
    );
    near(
        "zorg",
        aandeel(&hh, |h| !h["zorgbehoefte"].is_empty()),
        0.03,
        0.005,
    );
    assert!(hh.iter().all(|h| h["zorgbehoefte"].is_empty() || !vast(h)));
    let mut weken = [0usize; 27];
    for h in &hh {
        weken[int(h, "week") as usize] += 1;
    }
    assert_eq!(weken[0], 0);
    for (w, &k) in weken.iter().enumerate().skip(1) {
        near(
            &format!("households in week {w}"),
            k as f64,
            n / 26.0,
            0.3 * n / 26.0,
        );
    }

    // Room: a whole half year, so nothing housed yet and the rest is the taakstelling plus
    // achterstand; the nareizigers fit their vaste gemeente; zorg fits the UMC regions.
    let rest: HashMap<&str, i64> = gem
        .iter()
        .map(|g| {
            assert_eq!(int(g, "gerealiseerd"), 0);
            (
                g["gemeente_code"].as_str(),
                int(g, "taakstelling") + int(g, "achterstand") - int(g, "gerealiseerd"),
            )
        })
        .collect();
    let totaal: i64 = rest.values().map(|&r| r.max(0)).sum();
    assert!(
        (personen..=1.10 * personen).contains(&(totaal as f64)),
        "rest {totaal} for {personen} persons"
    );
    let achterstand = aandeel(&gem, |g| int(g, "achterstand") > 0);
    near("gemeenten with achterstand", achterstand, 0.12, 0.005);
    near(
        "gemeenten with voorsprong",
        aandeel(&gem, |g| int(g, "achterstand") < 0),
        0.06,
        0.005,
    );
    let mut vast_per: HashMap<&str, i64> = HashMap::new();
    for h in hh.iter().filter(|h| vast(h)) {
        *vast_per
            .entry(h["vaste_gemeente_code"].as_str())
            .or_default() += leden[h["huishouden_id"].as_str()].len() as i64;
    }
    for (g, n) in &vast_per {
        assert!(*n <= rest[g], "nareizigers in {g}: {n} > rest {}", rest[g]);
    }
    let umc: Vec<&str> = reg
        .iter()
        .filter(|r| r["academisch_ziekenhuis"] == "1")
        .map(|r| r["arbeidsmarktregio_code"].as_str())
        .collect();
    let umc_rest: i64 = gem
        .iter()
        .filter(|g| umc.contains(&g["arbeidsmarktregio_code"].as_str()))
        .map(|g| rest[g["gemeente_code"].as_str()].max(0))
        .sum();
    let zorg_personen: usize = hh
        .iter()
        .filter(|h| !h["zorgbehoefte"].is_empty())
        .map(|h| leden[h["huishouden_id"].as_str()].len())
        .sum();
    assert!(
        (zorg_personen as i64) * 4 < umc_rest,
        "{zorg_personen} vs {umc_rest}"
    );
}

/// A single week's batch is mid-period: the positive rest is exactly ceil(1.10 * persons).
#[test]
fn week_batch_is_mid_period_with_the_stated_room() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("w");
    generate(&out, &["--preset", "week"]);
    let pp = rows(&out.join("personen.csv"));
    let hh = rows(&out.join("huishoudens.csv"));
    assert!(hh.iter().all(|h| h["week"] == "1"));
    near("persons", pp.len() as f64, 600.0, 30.0);
    let gem = rows(&out.join("gemeenten.csv"));
    let rest: i64 = gem
        .iter()
        .map(|g| (int(g, "taakstelling") + int(g, "achterstand") - int(g, "gerealiseerd")).max(0))
        .sum();
    assert_eq!(rest, (pp.len() as f64 * 1.10).ceil() as i64);
    assert!(gem.iter().all(|g| int(g, "gerealiseerd") >= 0));
    assert!(gem.iter().any(|g| int(g, "gerealiseerd") > 0));
}

/// Issue 5's done-means on a national plan: every koppeling of a generated half year has a
/// documented reason and a Dutch sentence, and a `taakstelling` koppeling always scores below
/// the household's best option.
#[test]
fn every_koppeling_of_a_half_year_has_a_reason_and_a_sentence() {
    let (_dir, out) = generate_and_match("halfjaar");
    let redenen = common::REDENEN;
    let koppelingen = rows(&out.join("koppelingen.csv"));
    for k in &koppelingen {
        assert!(redenen.contains(&k["reden"].as_str()), "{k:?}");
        assert!(k["toelichting"].trim().len() > 20, "{k:?}");
        if k["reden"] == "taakstelling" {
            let s: f64 = k["score"].parse().unwrap();
            let b: f64 = k["beste_score"].parse().unwrap();
            assert!(s < b, "{k:?}");
        }
    }
    assert!(
        koppelingen.len() > 6000,
        "{} koppelingen",
        koppelingen.len()
    );
}
