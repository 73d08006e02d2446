//! Bad input folders: every case under `tests/fixtures/bad/` must make `kansrijk validate` and
//! `kansrijk match` exit 2 with well-formed `error: FILE:LINE: ...` lines on stderr, write no
//! output folder, and never panic. The validate messages are pinned as insta snapshots, one per
//! case, with the fixture folder replaced by `[DATA]`.
//!
//! Also: the good fixture `tests/fixtures/good/klein/` validates and matches, and matching it
//! twice gives identical reports (timings aside).

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_kansrijk");

/// The input files and the columns each may be blamed for (the spec's columns).
const FILES: &[(&str, &[&str])] = &[
    (
        "gemeenten.csv",
        &[
            "gemeente_code",
            "gemeente_naam",
            "arbeidsmarktregio_code",
            "inwoners",
            "taakstelling",
            "gerealiseerd",
            "achterstand",
        ],
    ),
    (
        "regios.csv",
        &[
            "arbeidsmarktregio_code",
            "arbeidsmarktregio_naam",
            "mbo",
            "hbo",
            "wo",
            "academisch_ziekenhuis",
        ],
    ),
    (
        "arbeidsmarkt.csv",
        &["arbeidsmarktregio_code", "beroepsklasse", "spanning"],
    ),
    (
        "huishoudens.csv",
        &[
            "huishouden_id",
            "azc_gemeente_code",
            "netwerk_gemeente_code",
            "vaste_gemeente_code",
            "zorgbehoefte",
            "week",
        ],
    ),
    (
        "personen.csv",
        &[
            "persoon_id",
            "huishouden_id",
            "leeftijd",
            "geslacht",
            "opleidingsniveau",
            "beroepsklasse",
            "ervaring_jaren",
            "interesse",
        ],
    ),
    (
        "vastzetten.csv",
        &["huishouden_id", "gemeente_code", "soort", "toelichting"],
    ),
];
const WEIGHTS: &str = "gewichten.toml";
/// The output files `match` writes.
const REPORT: &[&str] = &[
    "koppelingen.csv",
    "taakstelling.csv",
    "rapport.md",
    "rapport.json",
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// Every case folder under `tests/fixtures/bad`, sorted by name.
fn bad_cases() -> Vec<(String, PathBuf)> {
    let mut cases: Vec<(String, PathBuf)> = fs::read_dir(fixtures().join("bad"))
        .expect("tests/fixtures/bad exists")
        .map(|e| e.expect("readable fixture folder").path())
        .filter(|p| p.is_dir())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 20,
        "expected the bad fixtures, found {}",
        cases.len()
    );
    cases
}

fn kansrijk(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("the kansrijk binary runs")
}

fn validate(data: &Path) -> Output {
    kansrijk(&["validate", "--data", data.to_str().unwrap()])
}

fn matchen(data: &Path, out: &Path) -> Output {
    kansrijk(&[
        "match",
        "--data",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// `bytes` with every line ending made `\n`: `\r\n`, and a lone `\r` (old Mac files), are
/// line breaks to kansrijk as to most editors (docs/input.md).
fn eenvormig(bytes: &[u8]) -> Vec<u8> {
    let mut uit = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1)) {
            (b'\r', Some(b'\n')) => {
                uit.push(b'\n');
                i += 2;
            }
            (b'\r', _) => {
                uit.push(b'\n');
                i += 1;
            }
            (b, _) => {
                uit.push(b);
                i += 1;
            }
        }
    }
    uit
}

/// Number of lines of a file as an editor counts them (at least 1: an empty file has line 1).
fn line_count(bytes: &[u8]) -> u64 {
    let bytes = eenvormig(bytes);
    let newlines = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
    let unterminated = u64::from(!bytes.is_empty() && !bytes.ends_with(b"\n"));
    (newlines + unterminated).max(1)
}

/// The text of the record starting on 1-based line `n` of `bytes`, decoded as kansrijk reads
/// it (Windows-1252 when not UTF-8), else lossily: that line, and the next ones while a quoted
/// field is open.
fn record_text(bytes: &[u8], n: u64) -> String {
    let bytes = eenvormig(bytes);
    let text = kansrijk::io::table::naar_utf8(&bytes).0;
    let text = String::from_utf8_lossy(&text);
    let mut record = String::new();
    for line in text.split('\n').skip(n as usize - 1) {
        record.push_str(line);
        record.push('\n');
        if record.matches('"').count() % 2 == 0 {
            break;
        }
    }
    record
}

/// The value a message shows, with its escapes (`\\`, `\n`, `\r`, `\t`, `\u{1b}`) undone.
fn unquoted(shown: &str) -> String {
    let mut v = String::with_capacity(shown.len());
    let mut chars = shown.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => v.push('\n'),
                Some('r') => v.push('\r'),
                Some('t') => v.push('\t'),
                Some('u') => {
                    // `u{HEX}`
                    let hex: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                    let c = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                    v.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
                }
                Some(other) => v.push(other),
                None => v.push('\\'),
            }
        } else {
            v.push(c);
        }
    }
    v
}

/// Checks one stderr line of a bad case; returns what is wrong with it, if anything.
///
/// Accepted forms, after `error: DATA/`:
/// - `FILE:LINE: column "NAME": MESSAGE` (a field; NAME a column of FILE, or a dotted key of
///   gewichten.toml)
/// - `FILE:LINE: MESSAGE` (a row or the whole file)
/// - `FILE: N more problems not listed` (the per-file cap)
/// - `FILE: required input file is missing` (a missing CSV)
/// - `gewichten.toml: MESSAGE` (a TOML problem without a position)
fn check_line(dir: &Path, line: &str) -> Result<(), String> {
    let rest = line
        .strip_prefix("error: ")
        .ok_or("does not start with `error: `")?;
    let prefix = format!("{}/", dir.display());
    let rest = rest
        .strip_prefix(&prefix)
        .ok_or_else(|| format!("does not name a file in {prefix}"))?;
    let (file, rest) = rest.split_once(':').ok_or("no `:` after the file name")?;
    let columns: &[&str] = match FILES.iter().find(|(f, _)| *f == file) {
        Some((_, cols)) => cols,
        None if file == WEIGHTS => &[],
        None => return Err(format!("`{file}` is not an input file")),
    };
    let path = dir.join(file);
    let bytes = fs::read(&path).ok();

    // Forms without a line number.
    if let Some(message) = rest.strip_prefix(' ') {
        if message
            .strip_suffix(" more problems not listed")
            .is_some_and(|n| n.parse::<u32>().is_ok_and(|n| n > 0))
        {
            return Ok(());
        }
        if message == "required input file is missing" {
            return match bytes {
                None => Ok(()),
                Some(_) => Err(format!("says {file} is missing, but it exists")),
            };
        }
        if file == WEIGHTS && !message.is_empty() {
            return Ok(());
        }
        return Err("a CSV problem without a line number".into());
    }

    let bytes = bytes.ok_or_else(|| format!("blames line of {file}, which does not exist"))?;
    let (number, rest) = rest
        .split_once(": ")
        .ok_or("no `: ` after the line number")?;
    let number: u64 = number
        .parse()
        .map_err(|_| format!("line number `{number}` is not a number"))?;
    if number == 0 || number > line_count(&bytes) {
        return Err(format!(
            "line {number} is outside {file} ({} lines)",
            line_count(&bytes)
        ));
    }
    let message = match rest.strip_prefix("column \"") {
        Some(col) => {
            let (name, message) = col
                .split_once("\": ")
                .ok_or("column name not closed by `\": `")?;
            let known = if file == WEIGHTS {
                !name.is_empty()
            } else {
                columns.contains(&name)
            };
            if !known {
                return Err(format!("column \"{name}\" is not a column of {file}"));
            }
            message
        }
        None => rest,
    };
    if message.trim().is_empty() {
        return Err("empty message".into());
    }
    // A value shown as found must be in the row that starts on the line blamed (codes may be
    // shown upper-cased).
    if let Some((_, found)) = message.split_once("found \"") {
        let (value, na) = found.rsplit_once('"').unwrap_or((found, ""));
        // a long value is cut: `"HHHH…" (N characters)`; its shown part must be on the line
        let value = match value.strip_suffix('…') {
            Some(begin) if na.ends_with(" characters)") => begin,
            _ => value,
        };
        // shown with `\`, control characters escaped (`kansrijk::error::quoted`)
        let value = unquoted(value);
        let on_line = record_text(&bytes, number).to_lowercase();
        if !on_line.contains(&value.to_lowercase()) {
            return Err(format!(
                "found value \"{value}\" is not on line {number} of {file}"
            ));
        }
    }
    Ok(())
}

/// Every bad case: exit 2 from validate and match, well-formed lines, no output folder, no
/// panic, and the same problems from both commands. All cases are checked before failing.
#[test]
fn bad_inputs_are_rejected_with_located_messages() {
    let mut failures = Vec::new();
    for (case, dir) in bad_cases() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("uit");
        let v = validate(&dir);
        let m = matchen(&dir, &out);
        let (v_err, m_err) = (stderr(&v), stderr(&m));
        let mut fail = |what: String| failures.push(format!("{case}: {what}"));

        for (cmd, o, err) in [("validate", &v, &v_err), ("match", &m, &m_err)] {
            if o.status.code() != Some(2) {
                fail(format!(
                    "{cmd} exited with {:?}, expected 2",
                    o.status.code()
                ));
            }
            if err.contains("panicked") {
                fail(format!("{cmd} panicked:\n{err}"));
            }
            if err.trim().is_empty() {
                fail(format!("{cmd} wrote nothing on stderr"));
            }
            if !o.stdout.is_empty() {
                fail(format!(
                    "{cmd} wrote on stdout: {}",
                    String::from_utf8_lossy(&o.stdout)
                ));
            }
            for line in err.lines() {
                if let Err(e) = check_line(&dir, line) {
                    fail(format!("{cmd}: {e}:\n    {line}"));
                }
            }
        }
        if v_err != m_err {
            fail(format!("validate and match report different problems:\n--- validate\n{v_err}--- match\n{m_err}"));
        }
        if out.exists() {
            fail("match created the --out folder".into());
        }
        let left: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        if !left.is_empty() {
            fail(format!("match left files next to --out: {left:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The validate messages of every bad case, pinned. All cases are compared before failing.
#[test]
fn bad_inputs_messages_snapshot() {
    let mut failed = Vec::new();
    for (case, dir) in bad_cases() {
        let err = stderr(&validate(&dir)).replace(&dir.display().to_string(), "[DATA]");
        let result = catch_unwind(AssertUnwindSafe(|| {
            insta::with_settings!({ description => format!("kansrijk validate --data tests/fixtures/bad/{case}"), omit_expression => true }, {
                insta::assert_snapshot!(format!("validate__{case}"), err);
            });
        }));
        if result.is_err() {
            failed.push(case);
        }
    }
    assert!(
        failed.is_empty(),
        "snapshots differ for: {}",
        failed.join(", ")
    );
}

/// Cases whose problems must include specific lines (independent of the snapshots).
#[test]
fn key_problems_are_reported_where_they_are() {
    let expect: &[(&str, &[&str])] = &[
        (
            "several_bad_fields_one_row",
            &[
                "personen.csv:5: column \"leeftijd\": expected a whole number from 0 to 120, found \"130\"",
                "personen.csv:5: column \"geslacht\": expected m, v or x, found \"q\"",
                "personen.csv:5: column \"opleidingsniveau\": expected laag, middelbaar or hoog, found \"master\"",
                "personen.csv:5: column \"beroepsklasse\": expected a beroepsklasse from 01 to 13, found \"14\"",
                "personen.csv:5: column \"ervaring_jaren\":",
                "personen.csv:5: column \"interesse\":",
                "gemeenten.csv:4: column \"gemeente_code\":",
                "gemeenten.csv:4: column \"gemeente_naam\": is empty",
                "gemeenten.csv:4: column \"arbeidsmarktregio_code\":",
                "gemeenten.csv:4: column \"inwoners\":",
                "gemeenten.csv:4: column \"taakstelling\":",
            ],
        ),
        ("semicolon_decimal_comma", &["arbeidsmarkt.csv:6: column \"spanning\": expected a number of at least 0, found \"-2,60\""]),
        ("bom_with_error", &["gemeenten.csv:4: column \"taakstelling\": expected a whole number from 0 to 100000000, found \"vijf\""]),
        (
            "quoted_newline_and_blank_looking_lines",
            &["gemeenten.csv:2: column \"taakstelling\":", "gemeenten.csv:4: column \"taakstelling\":", "gemeenten.csv:6: column \"taakstelling\":"],
        ),
        (
            "blank_lines",
            &["gemeenten.csv:4: column \"taakstelling\":", "gemeenten.csv:5: column \"taakstelling\":", "gemeenten.csv:8: column \"taakstelling\":"],
        ),
        ("crlf_with_error", &["personen.csv:7: column \"interesse\":"]),
        ("unterminated_quote", &["personen.csv:3: a quote opened in this row is never closed"]),
        ("missing_file_regios", &["regios.csv: required input file is missing"]),
        ("more_than_50_bad_rows", &["personen.csv: 10 more problems not listed"]),
        ("household_without_persons", &["huishoudens.csv:6: column \"huishouden_id\": household \"H005\""]),
        ("unknown_huishouden_in_personen", &["personen.csv:9: column \"huishouden_id\": unknown household, found \"H999\""]),
    ];
    let mut failures = Vec::new();
    for (case, wanted) in expect {
        let dir = fixtures().join("bad").join(case);
        let err = stderr(&validate(&dir));
        for w in *wanted {
            let needle = format!("error: {}/{w}", dir.display());
            if !err.lines().any(|l| l.starts_with(&needle)) {
                failures.push(format!(
                    "{case}: no line starting with {needle:?} in:\n{err}"
                ));
            }
        }
        if *case == "more_than_50_bad_rows" {
            let listed = err
                .lines()
                .filter(|l| l.contains("/personen.csv:") && !l.ends_with("not listed"))
                .count();
            if listed != 50 {
                failures.push(format!("{case}: {listed} problems listed, expected 50"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn good() -> PathBuf {
    fixtures().join("good").join("klein")
}

#[test]
fn good_fixture_validates() {
    let o = validate(&good());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(!err.contains("error"), "{err}");
    assert!(
        err.starts_with("geldig: 5 gemeenten, 4 huishoudens, 7 personen"),
        "{err}"
    );
}

/// A lone CR (old Mac line ending) inside a row splits it: the messages count it as a line
/// break, and every one names a line whose text holds the value it shows.
#[test]
fn a_lone_cr_is_a_line_break_in_the_messages() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("invoer");
    fs::create_dir(&data).unwrap();
    for (f, _) in FILES {
        if let Ok(b) = fs::read(good().join(f)) {
            fs::write(data.join(f), b).unwrap();
        }
    }
    let pad = data.join("huishoudens.csv");
    let tekst = fs::read_to_string(&pad).unwrap();
    let tekst = tekst
        .replacen("H002,", "H002,\r", 1)
        .replacen("GM0164,,8", "GM0164,,99", 1);
    fs::write(&pad, tekst).unwrap();
    let o = validate(&data);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("huishoudens.csv:5: column \"week\""), "{err}");
    for line in err.lines() {
        if let Err(e) = check_line(&data, line) {
            panic!("{e}:\n    {line}");
        }
    }
}

/// `rapport.json` without its `tijden_ms` (the only part allowed to vary between runs).
fn rapport_without_timings(path: &Path) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.remove("tijden_ms");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v: serde_json::Value =
        serde_json::from_slice(&fs::read(path).unwrap()).expect("rapport.json is JSON");
    assert!(v.get("tijden_ms").is_some(), "rapport.json has tijden_ms");
    strip(&mut v);
    v
}

#[test]
fn good_fixture_matches_and_is_reproducible() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for out in [&a, &b] {
        let o = matchen(&good(), out);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(!stderr(&o).contains("error"), "{}", stderr(&o));
        for f in REPORT {
            let p = out.join(f);
            assert!(p.is_file(), "{} missing", p.display());
            assert!(
                fs::metadata(&p).unwrap().len() > 0,
                "{} is empty",
                p.display()
            );
        }
    }
    let koppelingen = fs::read_to_string(a.join("koppelingen.csv")).unwrap();
    assert_eq!(
        koppelingen.lines().count(),
        1 + 4,
        "one row per household:\n{koppelingen}"
    );
    for f in ["koppelingen.csv", "taakstelling.csv", "rapport.md"] {
        assert!(
            fs::read(a.join(f)).unwrap() == fs::read(b.join(f)).unwrap(),
            "{f} differs between two runs"
        );
    }
    assert_eq!(
        rapport_without_timings(&a.join("rapport.json")),
        rapport_without_timings(&b.join("rapport.json"))
    );
}

/// One change to an input file of the good fixture.
#[derive(Debug, Clone)]
enum Wijziging {
    /// Field `kolom` of line `regel` (0: the header) becomes `waarde`.
    Veld {
        bestand: usize,
        regel: usize,
        kolom: usize,
        waarde: String,
    },
    /// Line `regel` is removed.
    WegRegel { bestand: usize, regel: usize },
    /// Line `regel` appears twice.
    DubbelRegel { bestand: usize, regel: usize },
    /// The file ends after `fractie` of its bytes.
    Afgekapt { bestand: usize, fractie: f64 },
    /// Byte `byte` is inserted at `fractie` of the file.
    Byte {
        bestand: usize,
        fractie: f64,
        byte: u8,
    },
    /// A `gewichten.toml` with this text.
    Gewichten(&'static str),
}

/// What a `gewichten.toml` may say: extremes, wrong types, unknown keys, broken TOML and
/// valid changes.
const GEWICHTEN: &[&str] = &[
    "[werk]\ngewicht = 1e300\n",
    "[model]\ntekort_boete = 1e6\nongekoppeld_boete = 0\n",
    "[model]\nmarge = -1\n",
    "[model]\nmarge = 4294967296\n",
    "combinatie = \"x\"\n",
    "combinatie = \"gemiddelde\"\n",
    "[onbekend]\na = 1\n",
    "[werk]\ngewicht = \"tien\"\n",
    "[netwerk]\nregio = 0\ngemeente = nan\n",
    "[werk\n",
    "= =\n",
    "[onderwijs]\njong_tot = 0\nhoog_ouder = 2\n",
    "",
];

/// What a field may become: wrong types, extremes, separators, quotes and codes of other rows.
const WAARDEN: &[&str] = &[
    "",
    " ",
    "-1",
    "0",
    "1e400",
    "NaN",
    "inf",
    "-0",
    "99999999999999999999",
    "1,5",
    "2.5",
    "abc",
    "\"",
    "\"\"",
    ";",
    ",",
    "x\ny",
    "é",
    "GM0344",
    "GM9999",
    "AM13",
    "AM99",
    "H001",
    "H999",
    "P001",
    "m",
    "v",
    "x",
    "laag",
    "hoog",
    "ja",
    "nee",
    "07",
    "07|07",
    "|",
    "3.14159265358979",
];

fn wijziging() -> impl proptest::strategy::Strategy<Value = Wijziging> {
    use proptest::prelude::*;
    let bestand = 0..FILES.len();
    prop_oneof![
        4 => (bestand.clone(), 0usize..10, 0usize..9, proptest::sample::select(WAARDEN))
            .prop_map(|(bestand, regel, kolom, w)| Wijziging::Veld { bestand, regel, kolom, waarde: w.to_string() }),
        1 => (bestand.clone(), 0usize..10).prop_map(|(bestand, regel)| Wijziging::WegRegel { bestand, regel }),
        1 => (bestand.clone(), 0usize..10).prop_map(|(bestand, regel)| Wijziging::DubbelRegel { bestand, regel }),
        1 => (bestand.clone(), 0.0f64..1.0).prop_map(|(bestand, fractie)| Wijziging::Afgekapt { bestand, fractie }),
        1 => (bestand, 0.0f64..1.0, any::<u8>()).prop_map(|(bestand, fractie, byte)| Wijziging::Byte { bestand, fractie, byte }),
        1 => proptest::sample::select(GEWICHTEN).prop_map(Wijziging::Gewichten),
    ]
}

/// Applies `w` to the files (name, bytes) of a copy of the good fixture.
fn wijzig(bestanden: &mut Vec<(String, Vec<u8>)>, w: &Wijziging) {
    let regels =
        |b: &[u8]| -> Vec<Vec<u8>> { b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect() };
    let samen = |r: Vec<Vec<u8>>| r.join(&b'\n');
    match w {
        Wijziging::Veld {
            bestand,
            regel,
            kolom,
            waarde,
        } => {
            let b = &mut bestanden[*bestand].1;
            let mut r = regels(b);
            let i = regel % r.len();
            let mut velden: Vec<Vec<u8>> = r[i].split(|&c| c == b',').map(<[u8]>::to_vec).collect();
            let k = kolom % velden.len();
            velden[k] = waarde.as_bytes().to_vec();
            r[i] = velden.join(&b',');
            *b = samen(r);
        }
        Wijziging::WegRegel { bestand, regel } => {
            let b = &mut bestanden[*bestand].1;
            let mut r = regels(b);
            let i = regel % r.len();
            r.remove(i);
            *b = samen(r);
        }
        Wijziging::DubbelRegel { bestand, regel } => {
            let b = &mut bestanden[*bestand].1;
            let mut r = regels(b);
            let i = regel % r.len();
            let kopie = r[i].clone();
            r.insert(i, kopie);
            *b = samen(r);
        }
        Wijziging::Afgekapt { bestand, fractie } => {
            let b = &mut bestanden[*bestand].1;
            b.truncate((b.len() as f64 * fractie) as usize);
        }
        Wijziging::Byte {
            bestand,
            fractie,
            byte,
        } => {
            let b = &mut bestanden[*bestand].1;
            let i = (b.len() as f64 * fractie) as usize;
            b.insert(i, *byte);
        }
        Wijziging::Gewichten(inhoud) => {
            match bestanden.iter_mut().find(|(naam, _)| naam == WEIGHTS) {
                Some((_, b)) => *b = inhoud.as_bytes().to_vec(),
                None => bestanden.push((WEIGHTS.to_string(), inhoud.as_bytes().to_vec())),
            }
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

    /// Random damage to the good fixture: `validate` exits 0 or 2 and never panics; on 2 every
    /// line names a file, line and column as the bad cases do, and `match` writes nothing; on 0
    /// `match` succeeds as well (whatever the input, it solves and writes its report).
    #[test]
    fn damaged_input_is_rejected_or_matched_never_a_panic(
        wijzigingen in proptest::collection::vec(wijziging(), 1..4),
    ) {
        // the good fixture, with the planner's decisions of the vastzetten fixture (whose other
        // files are the same)
        let mut bestanden: Vec<(String, Vec<u8>)> = FILES
            .iter()
            .map(|(f, _)| {
                let b = fs::read(good().join(f))
                    .or_else(|_| fs::read(fixtures().join("good/vastzetten").join(f)));
                (f.to_string(), b.unwrap())
            })
            .collect();
        for w in &wijzigingen {
            wijzig(&mut bestanden, w);
        }
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("invoer");
        fs::create_dir(&data).unwrap();
        for (f, b) in &bestanden {
            fs::write(data.join(f), b).unwrap();
        }
        let out = tmp.path().join("uit");
        let v = validate(&data);
        let m = matchen(&data, &out);
        let (v_err, m_err) = (stderr(&v), stderr(&m));
        proptest::prop_assert!(!v_err.contains("panicked") && !m_err.contains("panicked"), "{}{}", v_err, m_err);
        match v.status.code() {
            Some(2) => {
                proptest::prop_assert_eq!(m.status.code(), Some(2), "{}", m_err);
                proptest::prop_assert!(!out.exists(), "match wrote its folder on bad input");
                for line in v_err.lines() {
                    if let Err(e) = check_line(&data, line) {
                        proptest::prop_assert!(false, "{}:\n    {}", e, line);
                    }
                }
            }
            Some(0) => {
                proptest::prop_assert_eq!(m.status.code(), Some(0), "{}", m_err);
                proptest::prop_assert!(out.join("rapport.json").is_file());
            }
            other => proptest::prop_assert!(false, "validate exited with {:?}: {}", other, v_err),
        }
    }
}
