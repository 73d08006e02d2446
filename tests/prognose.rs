//! `kansrijk match --prognose` (issue 17 item 4): this week's real batch coupled exactly as
//! `simulate`'s `vooruitziend` couples that week. The oracle is `simulate` itself: a generated
//! half year is simulated, then cut at week K into this week's batch (gemeenten with the
//! persons `vooruitziend` placed before K counted as `gerealiseerd`) and the earlier weeks,
//! by code here that shares nothing with kansrijk; `match --prognose` with the same seed must
//! give simulate's koppelingen of week K, household by household. Plus the input errors
//! (located, nothing written), `check` on the report, and determinism.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use kansrijk::generate::{genereer, Instellingen, Keuzes};

mod common;
use common::{csv_rows, files, geslaagd};

const BIN: &str = env!("CARGO_BIN_EXE_kansrijk");

/// A generated half year (150 households over weeks 1-26) and its simulation, made once.
struct Halfjaar {
    _dir: tempfile::TempDir,
    invoer: PathBuf,
    simulatie: PathBuf,
}

fn halfjaar() -> &'static Halfjaar {
    static H: OnceLock<Halfjaar> = OnceLock::new();
    H.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let invoer = dir.path().join("halfjaar");
        let opties = Instellingen::bepaal(&Keuzes {
            huishoudens: Some(150),
            seed: Some(3),
            ..Default::default()
        })
        .unwrap();
        fs::create_dir_all(&invoer).unwrap();
        for (naam, inhoud) in genereer(&opties).bestanden {
            fs::write(invoer.join(naam), inhoud).unwrap();
        }
        let simulatie = dir.path().join("sim");
        geslaagd(
            &Command::new(BIN)
                .args(["simulate", "--quiet", "--seed", "1", "--data"])
                .arg(&invoer)
                .arg("--out")
                .arg(&simulatie)
                .output()
                .unwrap(),
        );
        Halfjaar {
            _dir: dir,
            invoer,
            simulatie,
        }
    })
}

/// A CSV file's header and rows, in file order.
fn lees(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    common::kop_en_rijen(&fs::read(path).unwrap())
}

fn schrijf(path: &Path, kop: &[String], rijen: &[Vec<String>]) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(kop).unwrap();
    for r in rijen {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
}

fn kolom(kop: &[String], naam: &str) -> usize {
    kop.iter().position(|k| k == naam).unwrap()
}

/// The simulation's `vooruitziend` gemeente per household, with its week.
fn vooruitziend(sim: &Path) -> BTreeMap<String, (u32, String)> {
    csv_rows(&sim.join("koppelingen.csv"))
        .into_iter()
        .filter(|r| r["beleid"] == "vooruitziend")
        .map(|r| {
            (
                r["huishouden_id"].clone(),
                (r["week"].parse().unwrap(), r["gemeente_code"].clone()),
            )
        })
        .collect()
}

/// The half year `h` cut at week `k` into `dir/batch` (week k's households, every gemeente's
/// `gerealiseerd` raised by the persons `vooruitziend` placed there in weeks before k, plus
/// `extra` persons where it names a gemeente) and `dir/prognose` (the households of weeks
/// before k). Returns the two folders.
fn knip(h: &Halfjaar, k: u32, dir: &Path, extra: Option<(&str, i64)>) -> (PathBuf, PathBuf) {
    let (batch, prognose) = (dir.join("batch"), dir.join("prognose"));
    fs::create_dir_all(&batch).unwrap();
    fs::create_dir_all(&prognose).unwrap();
    let (hk, hh) = lees(&h.invoer.join("huishoudens.csv"));
    let (pk, pp) = lees(&h.invoer.join("personen.csv"));
    let (id, wk) = (kolom(&hk, "huishouden_id"), kolom(&hk, "week"));
    let week: HashMap<String, u32> = hh
        .iter()
        .map(|r| (r[id].clone(), r[wk].parse().unwrap()))
        .collect();
    let ph = kolom(&pk, "huishouden_id");
    let mut personen: HashMap<String, i64> = HashMap::new();
    for p in &pp {
        *personen.entry(p[ph].clone()).or_default() += 1;
    }
    let mut geplaatst: HashMap<String, i64> = HashMap::new();
    for (hid, (w, g)) in vooruitziend(&h.simulatie) {
        if w < k && !g.is_empty() {
            *geplaatst.entry(g).or_default() += personen[&hid];
        }
    }
    if let Some((g, n)) = extra {
        *geplaatst.entry(g.to_string()).or_default() += n;
    }
    let (gk, mut gg) = lees(&h.invoer.join("gemeenten.csv"));
    let (code, ger) = (kolom(&gk, "gemeente_code"), kolom(&gk, "gerealiseerd"));
    for r in &mut gg {
        let nu: i64 = r[ger].parse().unwrap_or(0);
        r[ger] = (nu + geplaatst.get(&r[code]).copied().unwrap_or(0)).to_string();
    }
    schrijf(&batch.join("gemeenten.csv"), &gk, &gg);
    for f in ["regios.csv", "arbeidsmarkt.csv", "gewichten.toml"] {
        if h.invoer.join(f).exists() {
            fs::copy(h.invoer.join(f), batch.join(f)).unwrap();
        }
    }
    let deze = |r: &Vec<String>, hid: usize| week[&r[hid]] == k;
    let eerder = |r: &Vec<String>, hid: usize| week[&r[hid]] < k;
    let sel = |rs: &[Vec<String>], hid: usize, f: &dyn Fn(&Vec<String>, usize) -> bool| {
        rs.iter().filter(|r| f(r, hid)).cloned().collect::<Vec<_>>()
    };
    schrijf(&batch.join("huishoudens.csv"), &hk, &sel(&hh, id, &deze));
    schrijf(&batch.join("personen.csv"), &pk, &sel(&pp, ph, &deze));
    schrijf(
        &prognose.join("huishoudens.csv"),
        &hk,
        &sel(&hh, id, &eerder),
    );
    schrijf(&prognose.join("personen.csv"), &pk, &sel(&pp, ph, &eerder));
    (batch, prognose)
}

/// Asserts a `match` ran: exit 0, or 1 when a household stayed uncoupled.
fn gekoppeld(o: &Output) {
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn prognose_match(batch: &Path, prognose: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(BIN)
        .args(["match", "--quiet", "--data"])
        .arg(batch)
        .arg("--prognose")
        .arg(prognose)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

/// Each household's gemeente in a `match` output folder.
fn koppelingen(out: &Path) -> BTreeMap<String, String> {
    csv_rows(&out.join("koppelingen.csv"))
        .into_iter()
        .map(|r| (r["huishouden_id"].clone(), r["gemeente_code"].clone()))
        .collect()
}

/// The simulation's `vooruitziend` koppelingen of week `k`.
fn week_van_simulatie(h: &Halfjaar, k: u32) -> BTreeMap<String, String> {
    vooruitziend(&h.simulatie)
        .into_iter()
        .filter(|(_, (w, _))| *w == k)
        .map(|(hid, (_, g))| (hid, g))
        .collect()
}

#[test]
fn the_weekly_match_couples_the_batch_as_the_simulation_did() {
    let h = halfjaar();
    let weken: Vec<u32> = {
        let mut w: Vec<u32> = vooruitziend(&h.simulatie)
            .values()
            .map(|(w, _)| *w)
            .collect();
        w.sort_unstable();
        w.dedup();
        w
    };
    let (eerste, laatste) = (weken[0], *weken.last().unwrap());
    let dir = tempfile::tempdir().unwrap();
    for k in [eerste, 14, laatste] {
        assert!(weken.contains(&k), "week {k} has households");
        let d = dir.path().join(format!("w{k}"));
        let (batch, prognose) = knip(h, k, &d, None);
        let out = d.join("uit");
        let o = prognose_match(&batch, &prognose, &out, &["--seed", "1"]);
        gekoppeld(&o);
        let verwacht = week_van_simulatie(h, k);
        assert!(!verwacht.is_empty());
        assert_eq!(koppelingen(&out), verwacht, "week {k}");

        // the report says what the koppeling is, and never that it is the batch's optimum
        let md = fs::read_to_string(out.join("rapport.md")).unwrap();
        assert!(md.contains("## Prognose"), "week {k}");
        assert!(md.contains("`vooruitziend`"), "week {k}");
        assert!(!md.contains("De koppeling is bewezen de beste"), "week {k}");
        let json: serde_json::Value =
            serde_json::from_slice(&fs::read(out.join("rapport.json")).unwrap()).unwrap();
        let p = &json["prognose"];
        assert_eq!(p["beleid"], "vooruitziend");
        assert_eq!(p["week"], k);
        assert_eq!(p["seed"], 1);
        let doel = json["oplossing"]["doelwaarde"].as_f64().unwrap();
        let optimum = p["optimum"]["doelwaarde"].as_f64().unwrap();
        assert_eq!(p["doelwaarde"].as_f64().unwrap(), doel);
        assert!(
            optimum >= doel - 1e-9,
            "week {k}: the batch's optimum is the best"
        );
        assert!((p["opgegeven"].as_f64().unwrap() - (optimum - doel)).abs() < 1e-9);
        assert!(json["oplossing"]["grens"].as_f64().unwrap() >= optimum - 1e-9);
        assert_eq!(json["vergelijking"][0]["naam"], "vooruitziend");
        if k == laatste {
            assert_eq!(p["getrokken"], 0, "nothing is drawn in the last week");
        } else {
            assert!(p["getrokken"].as_u64().unwrap() > 0);
        }

        // check verifies what it can, and says what it cannot
        let c = Command::new(BIN)
            .arg("check")
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        let tekst = String::from_utf8_lossy(&c.stdout);
        assert_eq!(c.status.code(), Some(0), "{tekst}");
        assert!(tekst.contains("- Prognose: klopt."), "{tekst}");
        assert!(
            tekst.contains("zonder solver niet na te rekenen"),
            "{tekst}"
        );

        // explain measures alternatives against the run's optimum, which this koppeling is
        // not on purpose: it says so instead of measuring
        let id = koppelingen(&out).into_keys().next().unwrap();
        let e = Command::new(BIN)
            .args(["explain", &id, "--out"])
            .arg(&out)
            .output()
            .unwrap();
        let fout = String::from_utf8_lossy(&e.stderr);
        assert_eq!(e.status.code(), Some(2), "{fout}");
        assert!(fout.contains("gemaakt met --prognose"), "{fout}");
        assert!(e.stdout.is_empty(), "nothing measured");
    }

    // another seed draws other weeks to come, and couples this week otherwise
    let d = dir.path().join("w14");
    let o = prognose_match(
        &d.join("batch"),
        &d.join("prognose"),
        &d.join("seed2"),
        &["--seed", "2"],
    );
    gekoppeld(&o);
    assert_ne!(koppelingen(&d.join("seed2")), week_van_simulatie(h, 14));

    // a report whose prognose block lies is caught by check
    let out = d.join("uit");
    let vals = common::vervalst(&out, "vals", |r| {
        let o = r["prognose"]["optimum"]["doelwaarde"].as_f64().unwrap();
        r["prognose"]["optimum"]["doelwaarde"] = serde_json::json!(o + 1000.0);
    });
    let c = Command::new(BIN)
        .arg("check")
        .arg("--out")
        .arg(&vals)
        .output()
        .unwrap();
    assert_eq!(
        c.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&c.stdout)
    );
}

#[test]
fn the_same_input_and_seed_give_the_same_bytes_on_any_thread_count() {
    let h = halfjaar();
    let dir = tempfile::tempdir().unwrap();
    let (batch, prognose) = knip(h, 10, dir.path(), None);
    let run = |naam: &str, threads: &str| {
        let out = dir.path().join(naam);
        let o = Command::new(BIN)
            .env("RAYON_NUM_THREADS", threads)
            .args(["match", "--quiet", "--data"])
            .arg(&batch)
            .arg("--prognose")
            .arg(&prognose)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        gekoppeld(&o);
        let mut f = files(&out);
        // the timings are the only bytes that may differ
        let mut json: serde_json::Value = serde_json::from_slice(&f["rapport.json"]).unwrap();
        json["tijden_ms"] = serde_json::Value::Null;
        f.insert("rapport.json".into(), serde_json::to_vec(&json).unwrap());
        f
    };
    let een = run("een", "1");
    assert_eq!(een, run("twee", "2"));
    assert_eq!(een, run("nog_een", "1"));
}

/// `match --prognose` on `batch` and `prognose` that must fail: exit 2, nothing written, and
/// every line of `verwacht` in its stderr.
fn fout(batch: &Path, prognose: &Path, extra: &[&str], verwacht: &[String]) {
    let out = batch.with_file_name("uit");
    let o = prognose_match(batch, prognose, &out, extra);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!out.exists(), "nothing is written");
    for v in verwacht {
        assert!(err.contains(v.as_str()), "missing {v:?} in:\n{err}");
    }
}

/// Rewrites one cell of a CSV file: column `naam` of the data row whose first cell is `id`.
fn zet(path: &Path, id: &str, naam: &str, waarde: &str) {
    let (kop, mut rijen) = lees(path);
    let c = kolom(&kop, naam);
    let r = rijen.iter_mut().find(|r| r[0] == id).unwrap();
    r[c] = waarde.to_string();
    schrijf(path, &kop, &rijen);
}

/// The line of the data row whose first cell is `id` (the header is line 1).
fn regel(path: &Path, id: &str) -> usize {
    lees(path).1.iter().position(|r| r[0] == id).unwrap() + 2
}

#[test]
fn input_errors_of_both_folders_are_located_and_nothing_is_written() {
    let h = halfjaar();
    let dir = tempfile::tempdir().unwrap();
    let (batch, prognose) = knip(h, 14, dir.path(), None);
    let (bh, ph) = (
        batch.join("huishoudens.csv"),
        prognose.join("huishoudens.csv"),
    );
    let pp = prognose.join("personen.csv");
    let b = |p: &Path| p.display().to_string();
    let ids = |p: &Path| lees(p).1.iter().map(|r| r[0].clone()).collect::<Vec<_>>();
    let (b_ids, p_ids) = (ids(&bh), ids(&ph));

    // a batch household without a week, one of another week; an earlier household without a
    // week, one of week 14 and one after it; an earlier household of the batch as well, an
    // earlier person of the batch as well; an unknown gemeente in the earlier weeks
    zet(&bh, &b_ids[0], "week", "");
    zet(&bh, &b_ids[1], "week", "15");
    zet(&ph, &p_ids[0], "week", "");
    zet(&ph, &p_ids[1], "week", "14");
    zet(&ph, &p_ids[2], "week", "20");
    zet(&ph, &p_ids[3], "azc_gemeente_code", "GM9999");
    // the batch's first household in the earlier weeks too, with a person of the batch
    let (hk, mut hh) = lees(&ph);
    let (_, bhh) = lees(&bh);
    let mut dubbel = bhh[2].clone();
    dubbel[kolom(&hk, "week")] = "3".into();
    hh.push(dubbel.clone());
    schrijf(&ph, &hk, &hh);
    let (pk, mut prs) = lees(&pp);
    let (_, bpp) = lees(&batch.join("personen.csv"));
    let mut persoon = bpp[0].clone();
    persoon[kolom(&pk, "huishouden_id")] = p_ids[4].clone();
    prs.push(persoon.clone());
    schrijf(&pp, &pk, &prs);

    let verwacht = vec![
        format!(
            "{}:{}: column \"week\": match --prognose needs the permit week",
            b(&bh),
            regel(&bh, &b_ids[0])
        ),
        format!(
            "{}:{}: column \"week\": this week's batch has one permit week",
            b(&bh),
            regel(&bh, &b_ids[1])
        ),
        format!(
            "{}:{}: column \"week\": --prognose needs the permit week",
            b(&ph),
            regel(&ph, &p_ids[0])
        ),
        format!(
            "{}:{}: column \"week\": --prognose holds the weeks before this week's batch (week 14)",
            b(&ph),
            regel(&ph, &p_ids[1])
        ),
        format!(
            "{}:{}: column \"week\": --prognose holds the weeks before",
            b(&ph),
            regel(&ph, &p_ids[2])
        ),
        format!(
            "{}:{}: column \"azc_gemeente_code\": unknown gemeente",
            b(&ph),
            regel(&ph, &p_ids[3])
        ),
        format!(
            "{}:{}: column \"huishouden_id\": household \"{}\" is also in this week's batch",
            b(&ph),
            hh.len() + 1,
            dubbel[0]
        ),
        format!(
            "{}:{}: column \"persoon_id\": person \"{}\" is also in this week's batch",
            b(&pp),
            prs.len() + 1,
            persoon[0]
        ),
    ];
    fout(&batch, &prognose, &[], &verwacht);

    // a prognose folder without its files
    let leeg = dir.path().join("leeg");
    fs::create_dir_all(&leeg).unwrap();
    fout(
        &batch,
        &leeg,
        &[],
        &[format!(
            "{}: required input file is missing",
            b(&leeg.join("huishoudens.csv"))
        )],
    );
    // a problem of the batch's gemeenten (which the earlier weeks are validated on as well)
    // is listed once
    let (batch, prognose) = knip(h, 14, &dir.path().join("gemeente"), None);
    let gm = batch.join("gemeenten.csv");
    let code = lees(&gm).1[0][0].clone();
    zet(&gm, &code, "arbeidsmarktregio_code", "AM99");
    let melding = format!(
        "{}:2: column \"arbeidsmarktregio_code\": unknown arbeidsmarktregio",
        b(&gm)
    );
    let o = prognose_match(&batch, &prognose, &batch.with_file_name("uit"), &[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert_eq!(err.matches(melding.as_str()).count(), 1, "{err}");

    // --prognose is not combined with --vorige or --spreidingsgrens (a usage error)
    let (batch, prognose) = knip(h, 14, &dir.path().join("goed"), None);
    fout(
        &batch,
        &prognose,
        &["--spreidingsgrens", "0.9"],
        &["--spreidingsgrens".into()],
    );
    fout(
        &batch,
        &prognose,
        &["--vorige", "ergens"],
        &["--vorige".into()],
    );
}
