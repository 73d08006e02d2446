//! `kansrijk simulate` (issue 17), checked from its output files and the input by code that
//! does not share the simulation's: no weekly policy looks at later weeks; the same bytes for
//! any thread count and any order of the input rows; `achteraf` is `match`'s koppeling; every
//! policy keeps the rules week by week, and `achteraf` is at least as good as each of them; a
//! household without a week is a located input error.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kansrijk::generate::{genereer, Instellingen, Keuzes};
use kansrijk::simulatie::Beleid;
use proptest::prelude::*;

mod common;
use common::{csv_rows, files, geslaagd, schud};

const BIN: &str = env!("CARGO_BIN_EXE_kansrijk");

/// A generated cohort of `n` households (weeks 1..26) as its files.
fn cohort(n: u32, seed: u64) -> BTreeMap<String, Vec<u8>> {
    let opties = Instellingen::bepaal(&Keuzes {
        huishoudens: Some(n),
        seed: Some(seed),
        ..Default::default()
    })
    .unwrap();
    genereer(&opties)
        .bestanden
        .into_iter()
        .map(|(naam, inhoud)| (naam.to_string(), inhoud))
        .collect()
}

fn schrijf_map(dir: &Path, bestanden: &BTreeMap<String, Vec<u8>>) {
    fs::create_dir_all(dir).unwrap();
    for (naam, inhoud) in bestanden {
        fs::write(dir.join(naam), inhoud).unwrap();
    }
}

/// A CSV file as its header and rows.
fn lees(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    common::kop_en_rijen(bytes)
}

fn schrijf(kop: &[String], rijen: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(kop).unwrap();
    for r in rijen {
        w.write_record(r).unwrap();
    }
    w.into_inner().unwrap()
}

fn kolom(kop: &[String], naam: &str) -> usize {
    kop.iter().position(|k| k == naam).unwrap()
}

fn kansrijk(args: &[&str], draden: Option<&str>) -> Output {
    let mut c = Command::new(BIN);
    c.args(args);
    if let Some(n) = draden {
        c.env("RAYON_NUM_THREADS", n);
    }
    c.output().unwrap()
}

fn simuleer(data: &Path, out: &Path, draden: Option<&str>) -> Output {
    kansrijk(
        &[
            "simulate",
            "--data",
            data.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--marge",
            "2",
            "--quiet",
        ],
        draden,
    )
}

/// Per policy, the gemeente (empty: uncoupled) of every household, from `koppelingen.csv`.
fn koppelingen(out: &Path) -> BTreeMap<String, BTreeMap<String, (u32, String)>> {
    let mut per = BTreeMap::<String, BTreeMap<String, (u32, String)>>::new();
    for r in csv_rows(&out.join("koppelingen.csv")) {
        let vorige = per.entry(r["beleid"].clone()).or_default().insert(
            r["huishouden_id"].clone(),
            (r["week"].parse().unwrap(), r["gemeente_code"].clone()),
        );
        assert!(vorige.is_none(), "{} twice", r["huishouden_id"]);
    }
    per
}

/// The cohort `a` with every household of the weeks after `k` replaced by those of cohort
/// `b`'s weeks after `k` (ids prefixed `X`, so they are other households altogether).
fn na_week_vervangen(
    a: &BTreeMap<String, Vec<u8>>,
    b: &BTreeMap<String, Vec<u8>>,
    k: u32,
) -> BTreeMap<String, Vec<u8>> {
    let mut uit = a.clone();
    let (kop, ha) = lees(&a["huishoudens.csv"]);
    let (_, hb) = lees(&b["huishoudens.csv"]);
    let (id, week) = (kolom(&kop, "huishouden_id"), kolom(&kop, "week"));
    let later = |r: &Vec<String>| r[week].parse::<u32>().unwrap() > k;
    let mut rijen: Vec<Vec<String>> = ha.iter().filter(|r| !later(r)).cloned().collect();
    let nieuw: Vec<Vec<String>> = hb
        .iter()
        .filter(|r| later(r))
        .map(|r| {
            let mut r = r.clone();
            r[id] = format!("X{}", r[id]);
            r
        })
        .collect();
    let nieuwe_ids: HashSet<String> = nieuw.iter().map(|r| r[id][1..].to_string()).collect();
    let blijft: HashSet<String> = rijen.iter().map(|r| r[id].clone()).collect();
    rijen.extend(nieuw);
    uit.insert("huishoudens.csv".into(), schrijf(&kop, &rijen));

    let (pkop, pa) = lees(&a["personen.csv"]);
    let (_, pb) = lees(&b["personen.csv"]);
    let (pid, phh) = (kolom(&pkop, "persoon_id"), kolom(&pkop, "huishouden_id"));
    let mut personen: Vec<Vec<String>> = pa
        .into_iter()
        .filter(|r| blijft.contains(&r[phh]))
        .collect();
    personen.extend(
        pb.into_iter()
            .filter(|r| nieuwe_ids.contains(&r[phh]))
            .map(|mut r| {
                r[pid] = format!("X{}", r[pid]);
                r[phh] = format!("X{}", r[phh]);
                r
            }),
    );
    uit.insert("personen.csv".into(), schrijf(&pkop, &personen));
    uit
}

/// Per policy, household id -> gemeente code (empty: uncoupled), for the weeks up to `k`.
fn tot_week(
    s: &kansrijk::simulatie::Gesimuleerd,
    k: u32,
) -> BTreeMap<&'static str, BTreeMap<String, String>> {
    let inst = &s.instance;
    s.resultaten
        .iter()
        .map(|r| {
            let m = inst
                .huishouden_indices()
                .filter(|&h| inst.huishouden(h).week.unwrap() <= k)
                .map(|h| {
                    (
                        inst.huishouden(h).id.to_string(),
                        r.toewijzing[h.idx()]
                            .map(|g| inst.gemeente(g).code.to_string())
                            .unwrap_or_default(),
                    )
                })
                .collect();
            (r.beleid.naam(), m)
        })
        .collect()
}

fn simuleer_in_proces(data: &Path) -> kansrijk::simulatie::Gesimuleerd {
    let opties = kansrijk::SimuleerOpties {
        basis: kansrijk::MatchOpties {
            data: Some(data.to_path_buf()),
            ..Default::default()
        },
        seed: 1,
    };
    kansrijk::simuleer(&opties, &mut |_| {}).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3, failure_persistence: None, ..ProptestConfig::default() })]

    /// No peeking: replacing every household of the weeks after `k` by other households
    /// leaves the koppelingen of weeks 1..k unchanged under every policy but `achteraf`.
    #[test]
    fn no_weekly_policy_looks_at_later_weeks(k in 1u32..26, seed in 1u64..1000) {
        let tmp = tempfile::tempdir().unwrap();
        let a = cohort(200, seed);
        let b = cohort(200, seed + 5000);
        let (ma, mb) = (tmp.path().join("a"), tmp.path().join("b"));
        schrijf_map(&ma, &a);
        schrijf_map(&mb, &na_week_vervangen(&a, &b, k));
        let (sa, sb) = (simuleer_in_proces(&ma), simuleer_in_proces(&mb));
        // the change is real: the later weeks hold other households
        prop_assert!(sb.instance.huishoudens.iter().any(|h| h.id.as_str().starts_with('X')));
        let (ta, tb) = (tot_week(&sa, k), tot_week(&sb, k));
        for b in Beleid::ALLE.into_iter().filter(|b| b.per_week()) {
            let (x, y) = (&ta[b.naam()], &tb[b.naam()]);
            prop_assert!(!x.is_empty());
            prop_assert_eq!(x, y, "{} changed in weeks 1..{} after changing later weeks", b.naam(), k);
        }
    }
}

/// Every file of a simulation folder, `beleid.csv` without its `rekentijd_s` column.
fn zonder_rekentijd(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut f = files(out);
    let (kop, mut rijen) = lees(&f["beleid.csv"]);
    let i = kolom(&kop, "rekentijd_s");
    for r in &mut rijen {
        r[i].clear();
    }
    f.insert("beleid.csv".into(), schrijf(&kop, &rijen));
    f
}

#[test]
fn the_same_bytes_for_any_thread_count_and_row_order() {
    let tmp = tempfile::tempdir().unwrap();
    let c = cohort(300, 7);
    let data = tmp.path().join("data");
    schrijf_map(&data, &c);
    let mut geschud = c.clone();
    for (i, naam) in ["gemeenten.csv", "huishoudens.csv", "personen.csv"]
        .into_iter()
        .enumerate()
    {
        let (kop, mut rijen) = lees(&c[naam]);
        schud(&mut rijen, 11 + i as u64);
        geschud.insert(naam.into(), schrijf(&kop, &rijen));
    }
    assert_ne!(geschud["huishoudens.csv"], c["huishoudens.csv"]);
    let data_geschud = tmp.path().join("geschud");
    schrijf_map(&data_geschud, &geschud);

    let uit = |naam: &str, data: &Path, draden: &str| -> BTreeMap<String, Vec<u8>> {
        let out = tmp.path().join(naam);
        geslaagd(&simuleer(data, &out, Some(draden)));
        zonder_rekentijd(&out)
    };
    let een = uit("een", &data, "1");
    assert_eq!(
        een.keys().collect::<Vec<_>>(),
        [
            ".kansrijk",
            "beleid.csv",
            "koppelingen.csv",
            "per_gemeente.csv",
            "simulatie.json",
            "simulatie.md"
        ]
    );
    for (naam, ander) in [
        ("twee", uit("twee", &data, "2")),
        ("geschud", uit("geschud-uit", &data_geschud, "2")),
    ] {
        for (bestand, inhoud) in &een {
            assert!(ander[bestand] == *inhoud, "{bestand} differs in run {naam}");
        }
    }
}

#[test]
fn achteraf_is_the_koppeling_of_match() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    schrijf_map(&data, &cohort(300, 11));
    let (sim, mat) = (tmp.path().join("sim"), tmp.path().join("match"));
    geslaagd(&simuleer(&data, &sim, None));
    let m = kansrijk(
        &[
            "match",
            "--data",
            data.to_str().unwrap(),
            "--out",
            mat.to_str().unwrap(),
            "--marge",
            "2",
            "--quiet",
        ],
        None,
    );
    assert!(m.status.code().is_some_and(|c| c <= 1), "{m:?}");
    let door_match: BTreeMap<String, (String, String)> = csv_rows(&mat.join("koppelingen.csv"))
        .into_iter()
        .map(|r| {
            (
                r["huishouden_id"].clone(),
                (r["gemeente_code"].clone(), r["score"].clone()),
            )
        })
        .collect();
    let achteraf: BTreeMap<String, (String, String)> = csv_rows(&sim.join("koppelingen.csv"))
        .into_iter()
        .filter(|r| r["beleid"] == "achteraf")
        .map(|r| {
            (
                r["huishouden_id"].clone(),
                (r["gemeente_code"].clone(), r["score"].clone()),
            )
        })
        .collect();
    assert_eq!(door_match.len(), 300);
    assert_eq!(achteraf, door_match);
}

/// The input's gemeenten (capacity at the start: rest + marge 2, region), regions with an
/// academic hospital, and households (week, persons, fixed gemeente, care need).
struct Invoer {
    capaciteit: HashMap<String, i64>,
    regio: HashMap<String, String>,
    ziekenhuis: HashSet<String>,
    huishoudens: HashMap<String, (u32, i64, String, bool)>,
}

fn invoer(data: &Path) -> Invoer {
    let getal = |s: &str| s.parse::<i64>().unwrap_or(0);
    let mut capaciteit = HashMap::new();
    let mut regio = HashMap::new();
    for r in csv_rows(&data.join("gemeenten.csv")) {
        let rest = getal(&r["taakstelling"]) + getal(&r["achterstand"]) - getal(&r["gerealiseerd"]);
        capaciteit.insert(r["gemeente_code"].clone(), rest.max(0) + 2);
        regio.insert(
            r["gemeente_code"].clone(),
            r["arbeidsmarktregio_code"].clone(),
        );
    }
    let ziekenhuis = csv_rows(&data.join("regios.csv"))
        .into_iter()
        .filter(|r| r["academisch_ziekenhuis"] == "1")
        .map(|r| r["arbeidsmarktregio_code"].clone())
        .collect();
    let mut personen = HashMap::<String, i64>::new();
    for r in csv_rows(&data.join("personen.csv")) {
        *personen.entry(r["huishouden_id"].clone()).or_default() += 1;
    }
    let huishoudens = csv_rows(&data.join("huishoudens.csv"))
        .into_iter()
        .map(|r| {
            let id = r["huishouden_id"].clone();
            (
                id.clone(),
                (
                    r["week"].parse().unwrap(),
                    personen[&id],
                    r["vaste_gemeente_code"].clone(),
                    r["zorgbehoefte"] == "academisch_ziekenhuis",
                ),
            )
        })
        .collect();
    Invoer {
        capaciteit,
        regio,
        ziekenhuis,
        huishoudens,
    }
}

/// Every policy's koppeling uses allowed pairs only, and week by week a free household goes
/// only where the persons coupled so far stay within the half year's capacity at the start.
fn regels_per_week(data: &Path, out: &Path) {
    let inv = invoer(data);
    let per = koppelingen(out);
    assert_eq!(
        per.keys().cloned().collect::<Vec<_>>(),
        [
            "achteraf",
            "gretig",
            "praktijk",
            "vooruitziend",
            "wekelijks"
        ]
    );
    for (beleid, k) in &per {
        assert_eq!(
            k.len(),
            inv.huishoudens.len(),
            "{beleid}: every household once"
        );
        let mut cum: HashMap<&str, i64> = HashMap::new();
        let weken: Vec<u32> = {
            let mut w: Vec<u32> = k.values().map(|v| v.0).collect();
            w.sort();
            w.dedup();
            w
        };
        for week in weken {
            let mut vrij_hier = HashSet::new();
            for (id, (w, g)) in k.iter().filter(|(_, v)| v.0 == week) {
                let (iw, n, vast, zorg) = &inv.huishoudens[id];
                assert_eq!(iw, w, "{beleid}: {id} in its own week");
                if g.is_empty() {
                    assert!(vast.is_empty(), "{beleid}: fixed {id} uncoupled");
                    continue;
                }
                if !vast.is_empty() {
                    assert_eq!(g, vast, "{beleid}: fixed {id} elsewhere");
                } else {
                    vrij_hier.insert(g.as_str());
                }
                if *zorg {
                    assert!(
                        inv.ziekenhuis.contains(&inv.regio[g]),
                        "{beleid}: {id} without care"
                    );
                }
                *cum.entry(g.as_str()).or_default() += n;
            }
            if beleid != "achteraf" {
                for g in vrij_hier {
                    assert!(
                        cum[g] <= inv.capaciteit[g],
                        "{beleid}: {g} holds {} persons after week {week}, capacity {}",
                        cum[g],
                        inv.capaciteit[g]
                    );
                }
            }
        }
    }
}

#[test]
fn every_policy_keeps_the_rules_every_week_and_hindsight_is_best() {
    let tmp = tempfile::tempdir().unwrap();
    let mut c = cohort(300, 5);
    let data = tmp.path().join("data");
    schrijf_map(&data, &c);
    let out = tmp.path().join("out");
    geslaagd(&simuleer(&data, &out, None));
    regels_per_week(&data, &out);

    // without fixed households nothing can pass the capacity, and achteraf's objective is the
    // optimum of the half year: no policy does better
    let (kop, mut rijen) = lees(&c["huishoudens.csv"]);
    let vast = kolom(&kop, "vaste_gemeente_code");
    for r in &mut rijen {
        r[vast].clear();
    }
    c.insert("huishoudens.csv".into(), schrijf(&kop, &rijen));
    let data = tmp.path().join("zonder-vast");
    schrijf_map(&data, &c);
    let out = tmp.path().join("out-zonder-vast");
    geslaagd(&simuleer(&data, &out, None));
    regels_per_week(&data, &out);
    let beleid: BTreeMap<String, HashMap<String, String>> = csv_rows(&out.join("beleid.csv"))
        .into_iter()
        .map(|r| (r["beleid"].clone(), r))
        .collect();
    let doel = |b: &str| beleid[b]["doelwaarde"].parse::<f64>().unwrap();
    for (b, r) in &beleid {
        assert_eq!(r["boven_capaciteit"], "0", "{b}");
        assert!(doel("achteraf") >= doel(b) - 1e-6, "{b} beats achteraf");
    }
    assert!(
        beleid.keys().any(|b| doel(b) < doel("achteraf") - 1.0),
        "the cohort is too easy to tell the policies apart"
    );
}

/// `--seed` is `vooruitziend`'s alone: another seed draws another estimate of the weeks to
/// come, and is recorded in `simulatie.json`; every other policy couples the same.
#[test]
fn the_seed_is_recorded_and_moves_only_vooruitziend() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    schrijf_map(&data, &cohort(300, 11));
    let run = |seed: &str| {
        let out = tmp.path().join(format!("out-{seed}"));
        let mut args = vec!["simulate", "--data", data.to_str().unwrap()];
        args.extend(["--out", out.to_str().unwrap(), "--quiet", "--seed", seed]);
        geslaagd(&kansrijk(&args, None));
        let json: serde_json::Value =
            serde_json::from_slice(&fs::read(out.join("simulatie.json")).unwrap()).unwrap();
        (json, koppelingen(&out))
    };
    let ((j1, k1), (j2, k2)) = (run("1"), run("2"));
    assert_eq!(j1["opties"]["seed"], 1, "{}", j1["opties"]);
    assert_eq!(j2["opties"]["seed"], 2);
    for b in ["praktijk", "gretig", "wekelijks", "achteraf"] {
        assert_eq!(k1[b], k2[b], "{b} depends on the seed");
    }
    assert_ne!(
        k1["vooruitziend"], k2["vooruitziend"],
        "the seed changes no draw"
    );
}

#[test]
fn a_household_without_a_week_is_a_located_error_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let mut c = cohort(50, 2);
    let (kop, mut rijen) = lees(&c["huishoudens.csv"]);
    let week = kolom(&kop, "week");
    rijen[1][week].clear();
    rijen[5][week].clear();
    c.insert("huishoudens.csv".into(), schrijf(&kop, &rijen));
    let data = tmp.path().join("data");
    schrijf_map(&data, &c);
    let out: PathBuf = tmp.path().join("out");
    let o = simuleer(&data, &out, None);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    for regel in [3, 7] {
        assert!(
            stderr.contains(&format!("huishoudens.csv:{regel}: column \"week\": ")),
            "{stderr}"
        );
    }
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(!out.exists());

    // a folder that is not a simulation is never replaced
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("notities.txt"), "van mij").unwrap();
    schrijf_map(&data, &cohort(50, 2));
    let o = simuleer(&data, &out, None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a simulation"));
    assert_eq!(
        fs::read_to_string(out.join("notities.txt")).unwrap(),
        "van mij"
    );
}
