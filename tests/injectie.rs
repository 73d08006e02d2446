//! Hostile input text through the real binary (issue 15, S1 and S2): ids, names and the
//! planner's `toelichting` that are spreadsheet formulas, HTML or Markdown links. No spreadsheet
//! output holds a text cell that begins like a formula, no Markdown output (`rapport.md`, the
//! handover sheets, `explain`'s story) holds raw HTML or a link, and a run's `koppelingen.csv`
//! still reads back as the same households (`--vorige`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{csv_rows, geslaagd};

const VOORBEELD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/voorbeeld");

fn kansrijk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kansrijk"))
        .args(args)
        .output()
        .unwrap()
}

/// The hostile household ids, by the id they replace.
fn ids() -> HashMap<&'static str, &'static str> {
    HashMap::from([
        ("H001", "[klik](javascript:alert(1))"),
        ("H002", "=HYPERLINK(\"http://evil.example\",\"k\")"),
        ("H003", "@SUM(1+1)"),
        ("H004", "-5"),
        ("H005", "<img src=x onerror=alert(5)>"),
        ("H006", "+31 6 1234"),
    ])
}

/// The planner's hostile `toelichting`.
const TOELICHTING: &str = "<img src=x onerror=alert(2)> [a](javascript:b) **vet** `code`";

/// Rewrites the CSV file `naam` of `dir`, changing each cell with `wijzig(column, value)`.
fn herschrijf(dir: &Path, naam: &str, wijzig: impl Fn(&str, &str) -> String) {
    let pad = dir.join(naam);
    let mut r = csv::Reader::from_path(&pad).unwrap();
    let headers = r.headers().unwrap().clone();
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|rec| {
            headers
                .iter()
                .zip(rec.unwrap().iter())
                .map(|(h, v)| wijzig(h, v))
                .collect()
        })
        .collect();
    let mut w = csv::Writer::from_path(&pad).unwrap();
    w.write_record(&headers).unwrap();
    for row in rows {
        w.write_record(&row).unwrap();
    }
    w.flush().unwrap();
}

/// The embedded example with hostile ids, gemeente and region names and a planner's decision
/// with a hostile `toelichting`, in `dir/in`.
fn vijandig(dir: &Path) -> PathBuf {
    let data = dir.join("in");
    std::fs::create_dir(&data).unwrap();
    for e in std::fs::read_dir(VOORBEELD).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), data.join(e.file_name())).unwrap();
    }
    let ids = ids();
    let id = |v: &str| ids.get(v).map_or(v.to_string(), |s| s.to_string());
    herschrijf(&data, "huishoudens.csv", |h, v| {
        if h == "huishouden_id" {
            id(v)
        } else {
            v.to_string()
        }
    });
    herschrijf(&data, "personen.csv", |h, v| {
        if h == "huishouden_id" {
            id(v)
        } else {
            v.to_string()
        }
    });
    herschrijf(&data, "gemeenten.csv", |h, v| match h {
        "gemeente_naam" if v == "Groningen" => "@SUM(1+1)".to_string(),
        "gemeente_naam" => format!("=HYPERLINK(\"http://evil.example\",\"{v}\")"),
        "bron" => "[bron](javascript:alert(3)) <b>vet</b>".to_string(),
        _ => v.to_string(),
    });
    herschrijf(&data, "regios.csv", |h, v| {
        if h == "arbeidsmarktregio_naam" {
            format!("<img src=x onerror=alert('{v}')>")
        } else {
            v.to_string()
        }
    });
    std::fs::write(
        data.join("vastzetten.csv"),
        format!(
            "huishouden_id,gemeente_code,soort,toelichting\n\"{}\",GM0400,vast,\"{}\"\n",
            ids["H002"].replace('"', "\"\""),
            TOELICHTING.replace('"', "\"\"")
        ),
    )
    .unwrap();
    data
}

/// Asserts that Markdown `tekst` (from `waar`) holds no raw HTML tag and no link of the input.
fn geen_html_of_link(waar: &str, tekst: &str) {
    for verboden in [
        "<img",
        "<b>",
        "](javascript:",
        "[klik]",
        "[a]",
        "[bron]",
        "**vet**",
    ] {
        assert!(
            !tekst.contains(verboden),
            "{waar} holds {verboden:?}:\n{}",
            tekst
                .lines()
                .filter(|l| l.contains(verboden))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

/// Asserts that no text cell of the spreadsheet output `pad` begins like a formula, and that
/// the numeric columns still parse as numbers.
fn geen_formule(pad: &Path, tekstkolommen: &[&str]) {
    let rows = csv_rows(pad);
    assert!(!rows.is_empty(), "{}", pad.display());
    for row in &rows {
        for (kolom, waarde) in row {
            if tekstkolommen.contains(&kolom.as_str()) {
                assert!(
                    !waarde.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{}: column {kolom}: {waarde:?}",
                    pad.display()
                );
            } else if !waarde.is_empty() && !kolom.ends_with("_code") && kolom != "reden" {
                assert!(
                    waarde.parse::<f64>().is_ok(),
                    "{}: column {kolom} is no number: {waarde:?}",
                    pad.display()
                );
            }
        }
    }
}

#[test]
fn hostile_text_is_neutralised_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let data = vijandig(dir.path());
    let out = dir.path().join("uit");
    let scores = dir.path().join("scores.csv");
    let o = kansrijk(&[
        "match",
        "--data",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--overdracht",
        "--export-scores",
        scores.to_str().unwrap(),
        "--quiet",
    ]);
    geslaagd(&o);

    // S1: spreadsheet outputs
    let koppelingen = csv_rows(&out.join("koppelingen.csv"));
    let ids = ids();
    for id in ids.values() {
        assert!(
            koppelingen
                .iter()
                .any(|r| r["huishouden_id"] == format!("'{id}") || r["huishouden_id"] == *id),
            "{id} not in koppelingen.csv"
        );
    }
    assert!(koppelingen
        .iter()
        .any(|r| r["huishouden_id"] == "'=HYPERLINK(\"http://evil.example\",\"k\")"));
    assert!(koppelingen.iter().any(|r| r["huishouden_id"] == "'-5"));
    // not a formula: written as it is
    assert!(koppelingen
        .iter()
        .any(|r| r["huishouden_id"] == "[klik](javascript:alert(1))"));
    geen_formule(
        &out.join("koppelingen.csv"),
        &["huishouden_id", "gemeente_naam", "toelichting"],
    );
    geen_formule(&out.join("taakstelling.csv"), &["gemeente_naam"]);
    let taak = csv_rows(&out.join("taakstelling.csv"));
    assert!(taak.iter().any(|r| r["gemeente_naam"] == "'@SUM(1+1)"));
    // a negative number stays a number
    assert!(taak.iter().any(|r| r["verschil"].starts_with('-')));
    geen_formule(&scores, &["huishouden_id"]);

    // S2: Markdown outputs
    let rapport = std::fs::read_to_string(out.join("rapport.md")).unwrap();
    geen_html_of_link("rapport.md", &rapport);
    assert!(
        rapport.contains("&lt;img src=x onerror=alert("),
        "the region names are shown"
    );
    let mut bladen = 0;
    for e in std::fs::read_dir(out.join("overdracht")).unwrap() {
        let e = e.unwrap();
        let blad = std::fs::read_to_string(e.path()).unwrap();
        geen_html_of_link(&e.file_name().to_string_lossy(), &blad);
        bladen += 1;
    }
    assert!(bladen > 0);
    // the Markdown link, the planner's decision and the HTML id (each re-solves)
    for id in ["H001", "H002", "H005"].map(|h| ids[h]) {
        let o = kansrijk(&["explain", "--out", out.to_str().unwrap(), "--", id]);
        geslaagd(&o);
        geen_html_of_link(
            &format!("explain {id}"),
            &String::from_utf8_lossy(&o.stdout),
        );
    }

    // the run's koppelingen.csv reads back as the same households
    let o = kansrijk(&[
        "match",
        "--data",
        data.to_str().unwrap(),
        "--out",
        dir.path().join("weer").to_str().unwrap(),
        "--vorige",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    geslaagd(&o);
    let weer: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("weer/rapport.json")).unwrap(),
    )
    .unwrap();
    let vorige = &weer["vorige"];
    assert_eq!(vorige["genegeerd"], 0, "{vorige}");
    assert_eq!(vorige["rijen"], 300, "{vorige}");
}

/// Issue 15, S3: a terminal escape in a cell and a 10 MB id
/// reach stderr escaped, and the long value is cut.
#[test]
fn messages_escape_control_characters_and_cut_long_values() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("in");
    std::fs::create_dir(&data).unwrap();
    for e in std::fs::read_dir(VOORBEELD).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), data.join(e.file_name())).unwrap();
    }
    // a 10 MB id, with a BEL at its end that makes it invalid
    let lang = format!("{}\x07", "H".repeat(10 << 20));
    herschrijf(&data, "huishoudens.csv", |h, v| match (h, v) {
        ("huishouden_id", "H001") => "\x1b]0;pwned\x07".to_string(),
        ("huishouden_id", "H002") => lang.clone(),
        _ => v.to_string(),
    });
    let o = kansrijk(&[
        "match",
        "--data",
        data.to_str().unwrap(),
        "--out",
        dir.path().join("uit").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.stderr.iter().any(|&b| b == 0x1b || b == 0x07),
        "{stderr}"
    );
    assert!(stderr.contains(r#""\u{1b}]0;pwned\u{7}""#), "{stderr}");
    assert!(stderr.contains("(10485761 characters)"), "{stderr}");
    assert!(
        o.stderr.len() < 20_000,
        "{} bytes of stderr",
        o.stderr.len()
    );
}
