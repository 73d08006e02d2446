//! `kansrijk compare --sweep` (issue 16, item 6), checked against separate runs: each step of
//! a sweep is what `compare --scenario` reports for a scenario file with that value written
//! in by hand (total fit from its `variant/rapport.json`, moves from its
//! `verschuivingen.csv`, the region's persons counted from its `variant/koppelingen.csv`);
//! the output is the same bytes with one thread or two; and a sweep that cannot run is a
//! located error that writes nothing.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{csv_rows, geslaagd};

const BIN: &str = env!("CARGO_BIN_EXE_kansrijk");

fn voorbeeld() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/voorbeeld")
}

/// The Zuidoost-Brabant scenario of `examples/`, with its factor as `factor` (as written).
fn scenario(dir: &Path, naam: &str, factor: &str) -> PathBuf {
    let bron =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/zuidoost-brabant-techniek-x2.toml");
    let tekst = fs::read_to_string(bron).unwrap();
    assert!(tekst.contains("factor = 2.0\n"));
    let pad = dir.join(naam);
    fs::write(
        &pad,
        tekst.replace("factor = 2.0\n", &format!("factor = {factor}\n")),
    )
    .unwrap();
    pad
}

fn compare(args: &[&str], threads: &str) -> Output {
    Command::new(BIN)
        .arg("compare")
        .arg("--data")
        .arg(voorbeeld())
        .args(args)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn each_step_is_what_compare_reports_for_that_value() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = scenario(tmp.path(), "sc.toml", "2.0");
    let out = tmp.path().join("sweep");
    geslaagd(&compare(
        &[
            "--scenario",
            s(&sc),
            "--sweep",
            "spanning.factor=1:2:0.5",
            "--out",
            s(&out),
        ],
        "2",
    ));
    let rijen = csv_rows(&out.join("sweep.csv"));
    let waarden: Vec<&str> = rijen.iter().map(|r| r["waarde"].as_str()).collect();
    assert_eq!(waarden, ["1", "1.5", "2"]);
    let mut bewogen = 0;
    for r in &rijen {
        let waarde = &r["waarde"];
        let sc_w = scenario(tmp.path(), &format!("sc-{waarde}.toml"), waarde);
        let los = tmp.path().join(format!("compare-{waarde}"));
        geslaagd(&compare(&["--scenario", s(&sc_w), "--out", s(&los)], "2"));
        let rapport: serde_json::Value =
            serde_json::from_slice(&fs::read(los.join("variant/rapport.json")).unwrap()).unwrap();
        let totaal = rapport["oplossing"]["totale_score"].as_f64().unwrap();
        assert_eq!(r["totale_score"], format!("{totaal:.4}"), "value {waarde}");
        let verschoven = csv_rows(&los.join("verschuivingen.csv")).len();
        assert_eq!(
            r["huishoudens_verschoven"],
            verschoven.to_string(),
            "value {waarde}"
        );
        bewogen += verschoven;
        // the region's persons, counted from the koppeling itself
        let personen = |map: &str| -> u64 {
            csv_rows(&los.join(map).join("koppelingen.csv"))
                .iter()
                .filter(|k| k["arbeidsmarktregio_code"] == "AM28")
                .map(|k| k["personen"].parse::<u64>().unwrap())
                .sum()
        };
        assert_eq!(r["arbeidsmarktregio_code"], "AM28");
        assert_eq!(
            r["personen_regio"],
            personen("variant").to_string(),
            "value {waarde}"
        );
        assert_eq!(r["personen_regio_basis"], personen("basis").to_string());
    }
    // the factor 1 is the base itself; the others move someone
    assert_eq!(rijen[0]["huishoudens_verschoven"], "0");
    assert!(bewogen > 0);
    // and the base is a complete report folder
    assert!(out.join("basis/koppelingen.csv").is_file());
    // the example is solved whole: each step's number moved is proven the fewest, and the
    // table says so
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("sweep.json")).unwrap()).unwrap();
    for stap in json["stappen"].as_array().unwrap() {
        assert_eq!(stap["behouden_bewezen"], true, "{stap}");
    }
    let md = fs::read_to_string(out.join("sweep.md")).unwrap();
    assert!(md.contains("bewezen het kleinste van alle optimale koppelingen"));
}

#[test]
fn a_sweep_is_the_same_bytes_with_one_thread_or_two() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = scenario(tmp.path(), "sc.toml", "2.0");
    let mut uit = Vec::new();
    for threads in ["1", "2"] {
        let out = tmp.path().join(format!("t{threads}"));
        geslaagd(&compare(
            &[
                "--scenario",
                s(&sc),
                "--sweep",
                "spanning.factor=0.5:2.5:0.5",
                "--out",
                s(&out),
            ],
            threads,
        ));
        let alles: BTreeMap<String, Vec<u8>> =
            ["sweep.csv", "sweep_per_regio.csv", "sweep.md", "sweep.json"]
                .into_iter()
                .map(|naam| (naam.to_string(), fs::read(out.join(naam)).unwrap()))
                .collect();
        assert_eq!(alles.len(), 4, "{:?}", alles.keys());
        uit.push(alles);
    }
    assert_eq!(uit[0], uit[1]);
}

#[test]
fn a_sweep_that_cannot_run_is_located_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = scenario(tmp.path(), "sc.toml", "2.0");
    let out = tmp.path().join("uit");
    let gevallen: [(&str, &str); 5] = [
        (
            "spanning.waarde=1:2:1",
            "--sweep: \"spanning.waarde\" is not a key of a rule",
        ),
        (
            "spanning.factor=3:1:1",
            "--sweep: expected FROM <= TO and STEP > 0",
        ),
        ("spanning.factor=1:2", "--sweep: expected FROM:TO:STEP"),
        (
            "spanning.factor=0:100:1",
            "--sweep: 101 steps; a sweep takes at most 41",
        ),
        // a value the key does not take: at the key's line of the scenario file
        (
            "spanning.factor=-1:1:1",
            ":14: column \"spanning.factor\": expected a finite number of at least 0, found -1.0",
        ),
    ];
    for (spec, melding) in gevallen {
        let o = compare(
            &["--scenario", s(&sc), "--sweep", spec, "--out", s(&out)],
            "2",
        );
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{spec}: {stderr}");
        assert!(stderr.contains(melding), "{spec}: {stderr}");
        assert!(!out.exists(), "{spec}: wrote {}", out.display());
    }
    // --sweep steps a scenario: without one it is a usage error
    let o = compare(
        &[
            "--variant",
            s(&voorbeeld()),
            "--sweep",
            "a=1:2:1",
            "--out",
            s(&out),
        ],
        "2",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists());
}
