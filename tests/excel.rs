//! Excel, both ways (issue 15): input that Dutch Excel saved as "CSV (gescheiden door
//! lijstscheidingsteken)", which is Windows-1252, is read as such with a warning per file; and
//! `match --csv excel` writes CSV files that Dutch Excel opens by a double-click (`;`, decimal
//! commas, a BOM, CRLF), which `check` and `match --vorige` read back.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::geslaagd;

const BIN: &str = env!("CARGO_BIN_EXE_kansrijk");

/// The warning for one re-decoded file, after its path.
const WINDOWS_1252: &str = ": not UTF-8; read as Windows-1252 (Excel \"CSV (gescheiden door lijstscheidingsteken)\"); save as \"CSV UTF-8\" to avoid this";

fn kansrijk(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("the kansrijk binary runs")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The embedded example as an input folder in `dir/naam`, with an `é` in a region name (it
/// already has `Súdwest-Fryslân` and `verifiëren`).
fn voorbeeld(dir: &Path, naam: &str) -> PathBuf {
    let bron = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/voorbeeld");
    let map = dir.join(naam);
    fs::create_dir(&map).unwrap();
    for f in [
        "gemeenten.csv",
        "regios.csv",
        "arbeidsmarkt.csv",
        "huishoudens.csv",
        "personen.csv",
        "gewichten.toml",
    ] {
        fs::copy(bron.join(f), map.join(f)).unwrap();
    }
    let regios = fs::read_to_string(map.join("regios.csv")).unwrap();
    assert!(regios.contains("AM02,Friesland,"));
    fs::write(
        map.join("regios.csv"),
        regios.replace("AM02,Friesland,", "AM02,Fryslân (Leeuwarden é Sneek),"),
    )
    .unwrap();
    map
}

/// `text` in Windows-1252; every character must have a byte there.
fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, onvertaalbaar) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!onvertaalbaar, "not all of the text is in Windows-1252");
    bytes.into_owned()
}

/// A copy of the input folder `van` as `naam` beside it, with `bestanden` saved in Windows-1252.
fn als_windows_1252(van: &Path, naam: &str, bestanden: &[&str]) -> PathBuf {
    let map = van.with_file_name(naam);
    fs::create_dir(&map).unwrap();
    for e in fs::read_dir(van).unwrap() {
        let e = e.unwrap();
        let f = e.file_name().to_string_lossy().into_owned();
        let inhoud = fs::read(e.path()).unwrap();
        let inhoud = if bestanden.contains(&f.as_str()) {
            let w = windows_1252(std::str::from_utf8(&inhoud).unwrap());
            assert!(std::str::from_utf8(&w).is_err(), "{f} must not stay UTF-8");
            w
        } else {
            inhoud
        };
        fs::write(map.join(f), inhoud).unwrap();
    }
    map
}

/// How many stderr lines are the Windows-1252 warning for the file `naam` of `map`.
fn waarschuwingen(err: &str, map: &Path, naam: &str) -> usize {
    let regel = format!("warning: {}{WINDOWS_1252}", map.join(naam).display());
    err.lines().filter(|l| *l == regel).count()
}

fn rapport(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(out.join("rapport.json")).unwrap()).unwrap()
}

#[test]
fn windows_1252_input_is_read_as_such_with_one_warning_per_file() {
    let tmp = tempfile::tempdir().unwrap();
    let utf8 = voorbeeld(tmp.path(), "utf8");
    let ansi = als_windows_1252(&utf8, "ansi", &["gemeenten.csv", "regios.csv"]);

    let v = kansrijk(&["validate", "--data", s(&ansi)]);
    geslaagd(&v);
    let err = stderr(&v);
    assert_eq!(waarschuwingen(&err, &ansi, "gemeenten.csv"), 1, "{err}");
    assert_eq!(waarschuwingen(&err, &ansi, "regios.csv"), 1, "{err}");
    assert_eq!(err.matches("Windows-1252").count(), 2, "{err}");

    let (uit_utf8, uit_ansi) = (tmp.path().join("uit-utf8"), tmp.path().join("uit-ansi"));
    let m = kansrijk(&["match", "--data", s(&utf8), "--out", s(&uit_utf8)]);
    geslaagd(&m);
    assert!(!stderr(&m).contains("Windows-1252"), "{}", stderr(&m));
    let m = kansrijk(&["match", "--data", s(&ansi), "--out", s(&uit_ansi)]);
    geslaagd(&m);
    let err = stderr(&m);
    assert_eq!(waarschuwingen(&err, &ansi, "gemeenten.csv"), 1, "{err}");
    assert_eq!(waarschuwingen(&err, &ansi, "regios.csv"), 1, "{err}");

    // the same text, so the same koppeling, byte for byte
    for f in ["koppelingen.csv", "taakstelling.csv"] {
        assert_eq!(
            fs::read(uit_utf8.join(f)).unwrap(),
            fs::read(uit_ansi.join(f)).unwrap(),
            "{f}"
        );
    }
    let taak = fs::read_to_string(uit_ansi.join("taakstelling.csv")).unwrap();
    assert!(taak.contains(",Súdwest-Fryslân,"), "{taak}");
    let json = rapport(&uit_ansi);
    let bronnen = json["herkomst"]["bestanden"].to_string();
    assert!(bronnen.contains("te verifiëren"), "{bronnen}");
    assert_eq!(
        json["herkomst"]["bronnen"],
        rapport(&uit_utf8)["herkomst"]["bronnen"]
    );

    // the report says which files were re-decoded; the hashes stay those of the bytes on disk
    let meldingen = &json["herkomst"]["meldingen"];
    assert_eq!(
        meldingen
            .as_array()
            .unwrap()
            .iter()
            .map(|m| (
                m["bestand"].as_str().unwrap(),
                m["gelezen_als"].as_str().unwrap()
            ))
            .collect::<Vec<_>>(),
        [
            ("gemeenten.csv", "windows-1252"),
            ("regios.csv", "windows-1252")
        ],
        "{meldingen}"
    );
    assert!(rapport(&uit_utf8)["herkomst"].get("meldingen").is_none());
    for b in json["invoer"]["bestanden"].as_array().unwrap() {
        let naam = b["naam"].as_str().unwrap();
        assert_eq!(
            b["sha256"].as_str().unwrap(),
            kansrijk::io::sha256_hex(&fs::read(ansi.join(naam)).unwrap()),
            "{naam}"
        );
    }
    let md = fs::read_to_string(uit_ansi.join("rapport.md")).unwrap();
    for f in ["gemeenten.csv", "regios.csv"] {
        assert!(
            md.contains(&format!(
                "- `{f}`: niet in UTF-8 opgeslagen, gelezen als Windows-1252"
            )),
            "{md}"
        );
    }
    let md = fs::read_to_string(uit_utf8.join("rapport.md")).unwrap();
    assert!(!md.contains("Windows-1252"));

    // a run on re-decoded input checks like any other
    let c = kansrijk(&["check", "--out", s(&uit_ansi)]);
    geslaagd(&c);
}

#[test]
fn a_valid_utf8_file_is_untouched_and_utf16_stays_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let utf8 = voorbeeld(tmp.path(), "utf8");
    let v = kansrijk(&["validate", "--data", s(&utf8)]);
    geslaagd(&v);
    assert!(!stderr(&v).contains("warning"), "{}", stderr(&v));

    let utf16 = tmp.path().join("utf16");
    fs::create_dir(&utf16).unwrap();
    for e in fs::read_dir(&utf8).unwrap() {
        fs::copy(
            e.as_ref().unwrap().path(),
            utf16.join(e.unwrap().file_name()),
        )
        .unwrap();
    }
    let tekst = fs::read_to_string(utf8.join("gemeenten.csv")).unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(tekst.encode_utf16().flat_map(u16::to_le_bytes));
    fs::write(utf16.join("gemeenten.csv"), bytes).unwrap();
    let v = kansrijk(&["validate", "--data", s(&utf16)]);
    assert_eq!(v.status.code(), Some(2), "{}", stderr(&v));
    assert!(stderr(&v).contains("looks like UTF-16"), "{}", stderr(&v));
    assert!(!stderr(&v).contains("Windows-1252"), "{}", stderr(&v));
}

/// `vastzetten.csv` is read like the other CSV files: the planner's reason with its accents.
#[test]
fn vastzetten_csv_in_windows_1252_keeps_its_accents() {
    let tmp = tempfile::tempdir().unwrap();
    let utf8 = voorbeeld(tmp.path(), "utf8");
    let h = fs::read_to_string(utf8.join("huishoudens.csv")).unwrap();
    let id = h
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_string();
    let reden = "Broer woont in Súdwest-Fryslân; café-eigenaar; verifiëren";
    fs::write(
        utf8.join("vastzetten.csv"),
        format!("huishouden_id,gemeente_code,soort,toelichting\n{id},GM1900,vast,{reden}\n"),
    )
    .unwrap();
    let ansi = als_windows_1252(&utf8, "ansi", &["vastzetten.csv"]);
    let out = tmp.path().join("uit");
    let m = kansrijk(&["match", "--data", s(&ansi), "--out", s(&out)]);
    geslaagd(&m);
    let err = stderr(&m);
    assert_eq!(waarschuwingen(&err, &ansi, "vastzetten.csv"), 1, "{err}");
    assert_eq!(err.matches("Windows-1252").count(), 1, "{err}");
    let json = rapport(&out);
    assert_eq!(json["besluiten"][0]["toelichting"], reden);
}

/// The fixture that was the "invalid UTF-8" bad case: a `gemeenten.csv` with `Enschéde` in
/// Windows-1252. It now validates, with a warning.
#[test]
fn the_former_invalid_utf8_fixture_is_read_as_windows_1252() {
    let map = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/windows1252");
    let v = kansrijk(&["validate", "--data", s(&map)]);
    geslaagd(&v);
    let err = stderr(&v);
    assert_eq!(waarschuwingen(&err, &map, "gemeenten.csv"), 1, "{err}");
    assert_eq!(err.matches("warning").count(), 1, "{err}");
}

/// A CSV output file as Dutch Excel reads it: `None` unless it begins with a UTF-8 BOM, ends
/// every line with CRLF and separates by `;`; then its header and rows, each cell a number
/// (decimal comma) or text.
fn lees_excel(path: &Path) -> Option<(Vec<String>, Vec<Vec<Waarde>>)> {
    let bytes = fs::read(path).unwrap();
    let tekst = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF")?).unwrap();
    let zonder_cr = tekst.replace("\r\n", "");
    if !tekst.ends_with("\r\n") || zonder_cr.contains('\n') || zonder_cr.contains('\r') {
        return None;
    }
    Some(lees(tekst.as_bytes(), b';', ','))
}

/// A CSV output file in the contract's form: `,`, decimal point, no BOM, LF.
fn lees_standaard(path: &Path) -> (Vec<String>, Vec<Vec<Waarde>>) {
    let bytes = fs::read(path).unwrap();
    assert!(!bytes.starts_with(b"\xEF\xBB\xBF") && !bytes.contains(&b'\r'));
    lees(&bytes, b',', '.')
}

/// A cell: a number when it parses as one with the file's decimal mark, else text.
#[derive(Debug, Clone, PartialEq)]
enum Waarde {
    Getal(f64),
    Tekst(String),
}

fn lees(bytes: &[u8], scheiding: u8, decimaal: char) -> (Vec<String>, Vec<Vec<Waarde>>) {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(scheiding)
        .from_reader(bytes);
    let kop = r.headers().unwrap().iter().map(str::to_string).collect();
    let andere = if decimaal == ',' { '.' } else { ',' };
    let rijen = r
        .records()
        .map(|rij| {
            rij.unwrap()
                .iter()
                .map(|v| {
                    let getal = (!v.contains(andere))
                        .then(|| v.replace(decimaal, ".").parse::<f64>().ok())
                        .flatten()
                        .filter(|_| !v.is_empty());
                    getal.map_or_else(|| Waarde::Tekst(v.to_string()), Waarde::Getal)
                })
                .collect()
        })
        .collect();
    (kop, rijen)
}

/// The example with a hostile household id (issue 15 S1) and a gemeente name with a comma and
/// a `;`, so that quoting and the `'` before a formula are exercised in both forms.
fn vijandig(dir: &Path) -> PathBuf {
    let map = voorbeeld(dir, "in");
    let vervang = |f: &str, van: &str, naar: &str| {
        let t = fs::read_to_string(map.join(f)).unwrap();
        assert!(t.contains(van), "{f}: {van}");
        fs::write(map.join(f), t.replace(van, naar)).unwrap();
    };
    let h = fs::read_to_string(map.join("huishoudens.csv")).unwrap();
    let id = h
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_string();
    vervang("huishoudens.csv", &format!("\n{id},"), "\n=1+2,");
    vervang("personen.csv", &format!(",{id},"), ",=1+2,");
    vervang(
        "gemeenten.csv",
        ",Súdwest-Fryslân,",
        ",\"Súdwest-Fryslân; Sneek, Bolsward\",",
    );
    map
}

/// `match --csv excel` writes the same cells as the default, in the form Dutch Excel opens:
/// an oracle that parses both forms and compares every cell, numbers as numbers.
#[test]
fn csv_excel_holds_the_same_cells_as_the_default() {
    let tmp = tempfile::tempdir().unwrap();
    let data = vijandig(tmp.path());
    let (std_out, xl_out) = (tmp.path().join("std"), tmp.path().join("xl"));
    let (std_scores, xl_scores) = (tmp.path().join("std.csv"), tmp.path().join("xl.csv"));
    let m = kansrijk(&[
        "match",
        "--data",
        s(&data),
        "--out",
        s(&std_out),
        "--export-scores",
        s(&std_scores),
    ]);
    geslaagd(&m);
    let m = kansrijk(&[
        "match",
        "--data",
        s(&data),
        "--out",
        s(&xl_out),
        "--export-scores",
        s(&xl_scores),
        "--csv",
        "excel",
    ]);
    geslaagd(&m);

    for (standaard, excel) in [
        (
            std_out.join("koppelingen.csv"),
            xl_out.join("koppelingen.csv"),
        ),
        (
            std_out.join("taakstelling.csv"),
            xl_out.join("taakstelling.csv"),
        ),
        (std_scores.clone(), xl_scores.clone()),
    ] {
        let (kop, rijen) = lees_standaard(&standaard);
        let (xl_kop, xl_rijen) = lees_excel(&excel)
            .unwrap_or_else(|| panic!("{} is not in Excel's form", excel.display()));
        assert_eq!(kop, xl_kop);
        assert_eq!(rijen.len(), xl_rijen.len());
        assert!(!rijen.is_empty());
        let mut getallen = 0;
        for (rij, xl_rij) in rijen.iter().zip(&xl_rijen) {
            assert_eq!(rij, xl_rij, "{}", excel.display());
            getallen += rij
                .iter()
                .filter(|w| matches!(w, Waarde::Getal(x) if x.fract() != 0.0))
                .count();
        }
        assert!(getallen > 0, "{}: no decimals compared", excel.display());
        // the decimal mark is a comma, and the separator quotes what holds a `;`
        let tekst = fs::read_to_string(&excel).unwrap();
        assert!(!tekst.lines().skip(1).any(|l| l
            .split(';')
            .any(|c| c.parse::<f64>().is_ok_and(|x| x.fract() != 0.0))));
    }
    // a formula stays text in both forms
    let kopp = fs::read_to_string(xl_out.join("koppelingen.csv")).unwrap();
    assert!(kopp.contains("\r\n'=1+2;"), "{kopp}");
    assert!(!kopp.contains("\n=1+2"), "{kopp}");
    let taak = fs::read_to_string(xl_out.join("taakstelling.csv")).unwrap();
    assert!(
        taak.contains(";\"Súdwest-Fryslân; Sneek, Bolsward\";"),
        "{taak}"
    );
    let scores = fs::read_to_string(&xl_scores).unwrap();
    assert!(scores.contains("\r\n'=1+2;"));

    // the rest of the folder is the same, but for the recorded option and the timings
    for f in ["rapport.md", ".kansrijk"] {
        assert_eq!(
            fs::read(std_out.join(f)).unwrap(),
            fs::read(xl_out.join(f)).unwrap(),
            "{f}"
        );
    }
    let (mut a, mut b) = (rapport(&std_out), rapport(&xl_out));
    assert_eq!(a["opties"]["csv"], "standaard");
    assert_eq!(b["opties"]["csv"], "excel");
    for j in [&mut a, &mut b] {
        j["opties"]["csv"].take();
        j["tijden_ms"].take();
    }
    assert_eq!(a, b);
}

/// `check` and `match --vorige` read an Excel-form run as they read any other.
#[test]
fn check_and_vorige_read_an_excel_run() {
    let tmp = tempfile::tempdir().unwrap();
    let data = vijandig(tmp.path());
    let xl = tmp.path().join("xl");
    let m = kansrijk(&[
        "match",
        "--data",
        s(&data),
        "--out",
        s(&xl),
        "--csv",
        "excel",
    ]);
    geslaagd(&m);
    let c = kansrijk(&["check", "--out", s(&xl)]);
    geslaagd(&c);
    let e = kansrijk(&["explain", "--out", s(&xl), "=1+2"]);
    geslaagd(&e);

    let opnieuw = tmp.path().join("opnieuw");
    let m = kansrijk(&[
        "match",
        "--data",
        s(&data),
        "--out",
        s(&opnieuw),
        "--vorige",
        s(&xl),
        "--csv",
        "excel",
    ]);
    geslaagd(&m);
    let vorige = &rapport(&opnieuw)["vorige"];
    let huishoudens = rapport(&xl)["koppelingen"].as_array().unwrap().len();
    assert_eq!(vorige["rijen"], huishoudens, "{vorige}");
    assert_eq!(vorige["genegeerd"], 0, "{vorige}");
    // the same input, so every household keeps its gemeente
    assert_eq!(vorige["behouden"], vorige["vergeleken"], "{vorige}");
    assert_eq!(
        fs::read(xl.join("koppelingen.csv")).unwrap(),
        fs::read(opnieuw.join("koppelingen.csv")).unwrap()
    );
}
