//! `match --vorige DIR`: an earlier run's koppeling kept as far as the optimum allows, who moved
//! and why in the report, and a missing or broken earlier run as a located input error.

mod common;

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_kansrijk");

fn kansrijk(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn data() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/voorbeeld")
}

/// `kansrijk match --data data --out out`, with `--vorige vorige` when given.
fn match_op(data: &Path, out: &Path, vorige: Option<&Path>) -> Output {
    let mut args = vec![
        "match",
        "--data",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    if let Some(v) = vorige {
        args.extend(["--vorige", v.to_str().unwrap()]);
    }
    kansrijk(&args)
}

#[test]
fn the_same_input_keeps_everyone_and_the_report_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let (een, twee) = (tmp.path().join("een"), tmp.path().join("twee"));
    let d = data();
    let o = match_op(&d, &een, None);
    common::geslaagd(&o);
    let rapport = std::fs::read_to_string(een.join("rapport.json")).unwrap();
    assert!(!rapport.contains("\"vorige\""), "no block without --vorige");
    let o = match_op(&d, &twee, Some(&een));
    common::geslaagd(&o);
    assert!(
        stderr(&o).contains("300 van 300 huishoudens op dezelfde plek gehouden, 0 verplaatst"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(een.join("koppelingen.csv")).unwrap(),
        std::fs::read(twee.join("koppelingen.csv")).unwrap()
    );
    let md = std::fs::read_to_string(twee.join("rapport.md")).unwrap();
    assert!(
        md.contains("## Verplaatst ten opzichte van de vorige run"),
        "{md}"
    );
    assert!(md.contains("Niemand is verplaatst."), "{md}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(twee.join("rapport.json")).unwrap()).unwrap();
    assert_eq!(json["vorige"]["behouden"], 300);
    assert_eq!(json["vorige"]["bewezen"], true);
    // the report with the block is read back by check
    let o = kansrijk(&["check", "--out", twee.to_str().unwrap()]);
    common::geslaagd(&o);
}

#[test]
fn a_missing_or_broken_earlier_run_is_a_located_input_error() {
    let tmp = tempfile::tempdir().unwrap();
    let d = data();
    let out = tmp.path().join("uit");
    let leeg = tmp.path().join("leeg");
    std::fs::create_dir_all(&leeg).unwrap();
    let o = match_op(&d, &out, Some(&leeg));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("koppelingen.csv: not found"),
        "{}",
        stderr(&o)
    );
    std::fs::write(
        leeg.join("koppelingen.csv"),
        "huishouden_id,gemeente_code\nH001,GM12\n",
    )
    .unwrap();
    let o = match_op(&d, &out, Some(&leeg));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("koppelingen.csv:2: column \"gemeente_code\""),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists(), "nothing written on an input error");
}

#[test]
fn a_fixed_household_moves_few_others_and_the_report_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let (een, twee) = (tmp.path().join("een"), tmp.path().join("twee"));
    let d = data();
    let o = match_op(&d, &een, None);
    common::geslaagd(&o);
    // H002 fixed in a gemeente other than its own
    let rijen = common::csv_rows(&een.join("koppelingen.csv"));
    let h002 = rijen.iter().find(|r| r["huishouden_id"] == "H002").unwrap();
    let ander = rijen
        .iter()
        .map(|r| &r["gemeente_code"])
        .find(|g| !g.is_empty() && **g != h002["gemeente_code"])
        .unwrap()
        .clone();
    let variant = tmp.path().join("variant");
    std::fs::create_dir_all(&variant).unwrap();
    for (naam, inhoud) in common::files(&d) {
        std::fs::write(variant.join(&naam), inhoud).unwrap();
    }
    let mut r = csv::Reader::from_path(variant.join("huishoudens.csv")).unwrap();
    let kop = r.headers().unwrap().clone();
    let kolom = kop.iter().position(|k| k == "vaste_gemeente_code").unwrap();
    let records: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let mut w = csv::Writer::from_path(variant.join("huishoudens.csv")).unwrap();
    w.write_record(&kop).unwrap();
    for rec in records {
        let mut velden: Vec<String> = rec.iter().map(str::to_string).collect();
        if velden[0] == "H002" {
            velden[kolom] = ander.clone();
        }
        w.write_record(&velden).unwrap();
    }
    w.flush().unwrap();
    // and the planner rules H003's earlier gemeente out
    let h003 = rijen.iter().find(|r| r["huishouden_id"] == "H003").unwrap();
    std::fs::write(
        variant.join("vastzetten.csv"),
        format!(
            "huishouden_id,gemeente_code,soort,toelichting\nH003,{},niet,Veiligheid\n",
            h003["gemeente_code"]
        ),
    )
    .unwrap();
    let o = match_op(&variant, &twee, Some(&een));
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "{}",
        stderr(&o)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(twee.join("rapport.json")).unwrap()).unwrap();
    let v = &json["vorige"];
    let verplaatst = v["verplaatst"].as_array().unwrap();
    assert_eq!(
        v["behouden"].as_u64().unwrap() + verplaatst.len() as u64,
        v["vergeleken"].as_u64().unwrap()
    );
    assert!(
        v["behouden"].as_u64() >= v["eerst_behouden"].as_u64(),
        "{v}"
    );
    let h = verplaatst
        .iter()
        .find(|m| m["huishouden_id"] == "H002")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(h["reden"], "niet_toegestaan");
    assert_eq!(h["naar"], serde_json::Value::String(ander));
    assert!(h["toelichting"]
        .as_str()
        .unwrap()
        .contains("vaste gemeente"));
    // the planner's decision is named, with the line and the planner's own words
    let h = verplaatst
        .iter()
        .find(|m| m["huishouden_id"] == "H003")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(h["reden"], "niet_toegestaan");
    assert!(
        h["toelichting"]
            .as_str()
            .unwrap()
            .ends_with("uitgesloten voor dit huishouden (`vastzetten.csv` regel 2): Veiligheid"),
        "{h}"
    );
    // every other move has a measured reason, or says it was not measured
    for m in verplaatst {
        let reden = m["reden"].as_str().unwrap();
        assert!(
            [
                "niet_toegestaan",
                "geen_plaats",
                "kost",
                "ander_verplaatst",
                "niet_gemeten"
            ]
            .contains(&reden),
            "{m}"
        );
        if reden == "kost" {
            assert!(m["kosten"].as_f64().unwrap() > 0.0, "{m}");
        }
    }
    let md = std::fs::read_to_string(twee.join("rapport.md")).unwrap();
    assert!(md.contains("| H002 |"), "{md}");
    assert!(stderr(&o).contains("verplaatst"), "{}", stderr(&o));
    // the second stage's koppeling passes the check like any other
    let o = kansrijk(&["check", "--out", twee.to_str().unwrap()]);
    common::geslaagd(&o);
}
