//! `match --overdracht` through the real binary: one sheet per gemeente that receives
//! households, every coupled household on exactly its gemeente's sheet, uncoupled households on
//! none, nothing on a sheet that it must not hold (names, nationality, religion, gender, care
//! details), and a reviewed snapshot of one sheet.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::csv_rows;

const VOORBEELD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/voorbeeld");

fn kansrijk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kansrijk"))
        .args(args)
        .output()
        .unwrap()
}

/// Runs `match --overdracht` on `data` (the embedded example when `None`) into `dir/uit`;
/// returns the exit code and the output folder.
fn run(dir: &Path, data: Option<&Path>) -> (Option<i32>, PathBuf) {
    let out = dir.join("uit");
    let mut args = vec![
        "match",
        "--out",
        out.to_str().unwrap(),
        "--overdracht",
        "--quiet",
    ];
    if let Some(d) = data {
        args.extend(["--data", d.to_str().unwrap()]);
    }
    let o = kansrijk(&args);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.code(), out)
}

/// Every sheet of `out/overdracht`, by file name.
fn sheets(out: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(out.join("overdracht"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().into_string().unwrap(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The household sections of a sheet: (id, text up to the next section).
fn sections(sheet: &str) -> Vec<(&str, &str)> {
    sheet
        .split("\n## ")
        .filter_map(|s| s.strip_prefix("Huishouden "))
        .map(|s| s.split_once('\n').unwrap_or((s, "")))
        .collect()
}

/// Coupled households per gemeente code, from `koppelingen.csv`.
fn coupled(out: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut per: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in csv_rows(&out.join("koppelingen.csv")) {
        if !r["gemeente_code"].is_empty() {
            per.entry(r["gemeente_code"].clone())
                .or_default()
                .insert(r["huishouden_id"].clone());
        }
    }
    per
}

#[test]
fn one_sheet_per_receiving_gemeente_with_exactly_its_households() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = run(dir.path(), None);
    assert_eq!(code, Some(0));
    let verwacht = coupled(&out);
    let namen: HashMap<String, String> = csv_rows(&out.join("koppelingen.csv"))
        .into_iter()
        .map(|r| (r["gemeente_code"].clone(), r["gemeente_naam"].clone()))
        .collect();
    let bladen = sheets(&out);
    assert_eq!(
        bladen.len(),
        verwacht.len(),
        "one sheet per receiving gemeente"
    );

    let mut gezien = BTreeSet::new();
    for (bestand, blad) in &bladen {
        let (gm, rest) = bestand.split_at(6);
        assert!(rest.starts_with('_') && rest.ends_with(".md"), "{bestand}");
        assert!(
            bestand
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c)),
            "{bestand}"
        );
        assert!(
            blad.starts_with(&format!("# Warme overdracht aan {} ({gm})\n", namen[gm])),
            "{bestand}"
        );
        let ids: Vec<&str> = sections(blad).iter().map(|(id, _)| *id).collect();
        let mut gesorteerd = ids.clone();
        gesorteerd.sort();
        assert_eq!(ids, gesorteerd, "{bestand}: sorted by huishouden_id");
        let ids: BTreeSet<String> = ids.iter().map(|s| s.to_string()).collect();
        assert_eq!(Some(&ids), verwacht.get(gm), "{bestand}");
        for id in ids {
            assert!(gezien.insert(id.clone()), "{id} is on two sheets");
        }
    }
    assert_eq!(
        gezien.len(),
        verwacht.values().map(BTreeSet::len).sum::<usize>()
    );

    insta::assert_snapshot!("overdracht_almere", bladen["GM0034_Almere.md"]);
}

/// Copies the example into `dir` with columns a sheet must never show (name, nationality,
/// country of birth, religion) and one household too large for any gemeente; `flip` swaps the
/// gender of every person.
fn input_with_personal_data(dir: &Path, flip: bool) -> PathBuf {
    let data = dir.join("data");
    std::fs::create_dir(&data).unwrap();
    for f in [
        "gemeenten.csv",
        "regios.csv",
        "arbeidsmarkt.csv",
        "gewichten.toml",
    ] {
        std::fs::copy(Path::new(VOORBEELD).join(f), data.join(f)).unwrap();
    }
    let mut hh = std::fs::read_to_string(Path::new(VOORBEELD).join("huishoudens.csv")).unwrap();
    hh.push_str("HGROOT,GM0344,,,,1,test\n");
    std::fs::write(data.join("huishoudens.csv"), hh).unwrap();

    let mut w = csv::Writer::from_path(data.join("personen.csv")).unwrap();
    let extra = ["naam", "nationaliteit", "geboorteland", "religie"];
    // the example's own columns, then the extra ones
    let personen = Path::new(VOORBEELD).join("personen.csv");
    let mut header: Vec<String> = csv::Reader::from_path(&personen)
        .unwrap()
        .headers()
        .unwrap()
        .iter()
        .map(String::from)
        .collect();
    let (eigen, geslacht) = (
        header.len(),
        header.iter().position(|h| h == "geslacht").unwrap(),
    );
    header.extend(extra.map(String::from));
    w.write_record(&header).unwrap();
    let mut rows = csv_rows(&personen);
    rows.extend((1..=50).map(|i| {
        HashMap::from([
            ("persoon_id".to_string(), format!("HGROOT-{i}")),
            ("huishouden_id".to_string(), "HGROOT".to_string()),
            ("leeftijd".to_string(), "30".to_string()),
            ("geslacht".to_string(), "v".to_string()),
            ("opleidingsniveau".to_string(), "middelbaar".to_string()),
        ])
    }));
    for (i, r) in rows.iter().enumerate() {
        let mut rec: Vec<String> = header[..eigen]
            .iter()
            .map(|h| r.get(h).cloned().unwrap_or_default())
            .collect();
        if flip {
            rec[geslacht] = match rec[geslacht].as_str() {
                "m" => "v".into(),
                "v" => "m".into(),
                other => other.into(),
            };
        }
        for waarden in PRIVE {
            rec.push(waarden[i % waarden.len()].to_string());
        }
        w.write_record(&rec).unwrap();
    }
    w.flush().unwrap();
    data
}

/// Values of the columns a sheet must never show, one list per extra column, in order.
const PRIVE: [&[&str]; 4] = [
    &[
        "Amina Haddad",
        "Yonas Tesfaye",
        "Farid Rahimi",
        "Leyla Demir",
    ],
    &[
        "Syrische",
        "Eritrese",
        "Afghaanse",
        "Turkse",
        "Jemenitische",
    ],
    &["Syrië", "Eritrea", "Afghanistan", "Turkije", "Jemen"],
    &[
        "soennitisch",
        "christelijk",
        "sjiitisch",
        "jezidi",
        "orthodox",
    ],
];

/// Words that would say a person's gender.
const GESLACHTSWOORDEN: [&str; 11] = [
    "man", "mannen", "vrouw", "vrouwen", "moeder", "vader", "zoon", "dochter", "hij", "zij", "haar",
];

#[test]
fn sheets_hold_no_personal_data_beyond_what_is_needed() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (code, out) = run(a.path(), Some(&input_with_personal_data(a.path(), false)));
    assert_eq!(code, Some(1), "HGROOT fits nowhere");
    let bladen = sheets(&out);
    assert_eq!(bladen.len(), coupled(&out).len());

    let koppelingen = csv_rows(&out.join("koppelingen.csv"));
    let groot = koppelingen
        .iter()
        .find(|r| r["huishouden_id"] == "HGROOT")
        .unwrap();
    assert_eq!(groot["gemeente_code"], "", "HGROOT is uncoupled");

    let huishoudens = csv_rows(&Path::new(VOORBEELD).join("huishoudens.csv"));
    let zorg: BTreeSet<&str> = huishoudens
        .iter()
        .filter(|h| !h["zorgbehoefte"].is_empty())
        .map(|h| h["huishouden_id"].as_str())
        .collect();
    assert!(!zorg.is_empty(), "the example has care needs to hide");
    let persoon_ids: Vec<String> = csv_rows(&Path::new(VOORBEELD).join("personen.csv"))
        .into_iter()
        .map(|p| p["persoon_id"].clone())
        .collect();

    let mut zorg_gezien = 0;
    for (bestand, blad) in &bladen {
        let klein = blad.to_lowercase();
        for waarde in PRIVE.iter().flat_map(|w| w.iter()) {
            assert!(
                !klein.contains(&waarde.to_lowercase()),
                "{bestand} shows {waarde}"
            );
        }
        for woord in ["academisch", "ziekenhuis"] {
            assert!(!klein.contains(woord), "{bestand} names the care: {woord}");
        }
        for w in klein.split(|c: char| !c.is_alphanumeric()) {
            assert!(!GESLACHTSWOORDEN.contains(&w), "{bestand} says {w:?}");
        }
        assert!(
            !blad.contains("HGROOT"),
            "{bestand} shows an uncoupled household"
        );
        for id in &persoon_ids {
            assert!(!blad.contains(id.as_str()), "{bestand} shows person {id}");
        }
        for (id, tekst) in sections(blad) {
            let regels = tekst.matches("Zorgbehoefte").count();
            if zorg.contains(id) {
                zorg_gezien += 1;
                assert_eq!(regels, 1, "{bestand} {id}");
                assert!(tekst.contains("\n- Zorgbehoefte: ja.\n"), "{bestand} {id}");
            } else {
                assert_eq!(regels, 0, "{bestand} {id}");
            }
            // Adults appear in age bands, never with an exact age.
            for rij in tekst
                .lines()
                .filter(|l| l.starts_with("| ") && !l.starts_with("| volwassene"))
            {
                let leeftijd = rij.split(" | ").nth(1).unwrap();
                assert!(
                    (leeftijd.ends_with(" jaar") && leeftijd.contains('–'))
                        || leeftijd.ends_with("jaar of ouder"),
                    "{bestand} {id}: {leeftijd}"
                );
            }
        }
    }
    assert_eq!(
        zorg_gezien,
        zorg.len(),
        "every household with a care need is on a sheet"
    );

    // Gender is neither shown nor used: swapping it changes no byte of any sheet.
    let (_, out_b) = run(b.path(), Some(&input_with_personal_data(b.path(), true)));
    assert_eq!(bladen, sheets(&out_b));
}
