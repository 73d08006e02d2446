//! Reading one CSV file into rows that remember their line, collecting every problem.
//!
//! Accepts what Dutch Excel writes: a UTF-8 BOM, `;` as separator, decimal commas, and header
//! names in any case; [`naar_utf8`] reads its "CSV (gescheiden door lijstscheidingsteken)",
//! which is Windows-1252. Unknown extra columns are not read; the table names them
//! ([`Table::ongebruikt`]) so the caller can warn about them.

use std::collections::HashMap;

use crate::error::Problems;

/// A column the file may have.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub name: &'static str,
    pub required: bool,
}

pub const fn req(name: &'static str) -> Col {
    Col {
        name,
        required: true,
    }
}

pub const fn opt(name: &'static str) -> Col {
    Col {
        name,
        required: false,
    }
}

/// A parsed CSV file: its rows with 1-based line numbers, header positions by lowercase name.
#[derive(Debug)]
pub struct Table {
    pub file: String,
    columns: HashMap<&'static str, usize>,
    rows: Vec<(u64, csv::StringRecord)>,
    /// Header names that are none of the columns read, in header order.
    ongebruikt: Vec<String>,
}

/// The first characters that make a spreadsheet read a cell as a formula (OWASP's list for CSV
/// injection): `=`, `+`, `-`, `@`, tab and carriage return.
const FORMULE_BEGIN: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `s` is some `'` (maybe none) followed by a character that starts a formula.
fn als_formule(s: &str) -> bool {
    s.trim_start_matches('\'')
        .starts_with(|c| FORMULE_BEGIN.contains(&c))
}

/// A text cell from the input (an id, a name) as a spreadsheet output writes it: with a `'` in
/// front when it would begin like a formula, so that Excel or LibreOffice shows it as text
/// instead of running it (`=HYPERLINK(...)` becomes `'=HYPERLINK(...)`). A text that already
/// begins with `'` before such a character gets one more, so [`uit_spreadsheet_cel`] gives back
/// exactly what was written. Only for text: numbers (`-0.5`) are written as they are.
pub fn spreadsheet_cel(s: &str) -> std::borrow::Cow<'_, str> {
    if als_formule(s) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// The text [`spreadsheet_cel`] wrote `s` for (reading back a run's `koppelingen.csv`).
pub fn uit_spreadsheet_cel(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if als_formule(rest) => rest,
        _ => s,
    }
}

/// Picks `;` when the header (the first non-blank line) has more semicolons than commas.
fn sniff_separator(text: &str) -> u8 {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let semicolons = header.matches(';').count();
    let commas = header.matches(',').count();
    if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// Whether `bytes` look like UTF-16 text: a UTF-16 byte order mark, or a NUL byte in a third or
/// more of the first bytes (text in UTF-16 without a byte order mark, which is valid UTF-8 full
/// of NULs and would otherwise be read as a header without the expected columns).
fn lijkt_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let kop = &bytes[..bytes.len().min(256)];
    kop.len() >= 4 && kop.iter().filter(|&&b| b == 0).count() * 3 >= kop.len()
}

/// How the bytes of an input file were read as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codering {
    /// UTF-8, with or without a BOM: the contract's encoding.
    Utf8,
    /// Windows-1252: what Dutch Excel writes as "CSV (gescheiden door lijstscheidingsteken)".
    Windows1252,
}

impl Codering {
    /// The encoding's WHATWG label, as `rapport.json` names it.
    pub fn label(self) -> &'static str {
        match self {
            Codering::Utf8 => "utf-8",
            Codering::Windows1252 => "windows-1252",
        }
    }
}

/// `bytes` as UTF-8, and how they were read: unchanged when they are UTF-8 (a BOM allowed) or
/// look like UTF-16 ([`lijkt_utf16`], refused by the parser); otherwise decoded as
/// Windows-1252, in which every byte is one character (the WHATWG table, the same on every
/// machine), so the text is exact and line numbers stay those of the file.
pub fn naar_utf8(bytes: &[u8]) -> (std::borrow::Cow<'_, [u8]>, Codering) {
    if lijkt_utf16(bytes) || std::str::from_utf8(bytes).is_ok() {
        return (bytes.into(), Codering::Utf8);
    }
    let (tekst, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    (
        tekst.into_owned().into_bytes().into(),
        Codering::Windows1252,
    )
}

/// The text of `bytes` without a UTF-8 BOM and with Windows and old Mac line endings (`\r\n`,
/// a lone `\r`) made `\n`; `None` (and a problem at the first bad byte's line) if it is not
/// UTF-8, or looks like UTF-16 ([`lijkt_utf16`]).
fn decode(file: &str, bytes: &[u8], problems: &mut Problems) -> Option<String> {
    if lijkt_utf16(bytes) {
        problems.add(
            file,
            None,
            None,
            "the file looks like UTF-16 text, not UTF-8; save it as \"CSV UTF-8\"",
        );
        return None;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        // Windows and old Mac line endings: the csv crate's own line count is wrong with them
        // and after blank lines, so lines are counted here from byte offsets ([`Lines`]), of
        // `\n` only.
        Ok(text) => Some(text.replace("\r\n", "\n").replace('\r', "\n")),
        Err(e) => {
            let valid = e.valid_up_to();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            problems.add(file, Some(line), None, "the file is not valid UTF-8 text");
            None
        }
    }
}

/// Line numbers of byte offsets in a text.
struct Lines<'a> {
    text: &'a [u8],
    /// Offsets of every `\n`.
    newlines: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let newlines = text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(i, _)| i)
            .collect();
        Lines {
            text: text.as_bytes(),
            newlines,
        }
    }

    /// The 1-based line of the record at `byte`.
    fn of(&self, byte: u64) -> u64 {
        // A record's position may point at the blank lines before it: skip them.
        let mut at = (byte as usize).min(self.text.len());
        while at < self.text.len() && self.text[at] == b'\n' {
            at += 1;
        }
        // newlines before `at`, by binary search: counting them per row is quadratic
        self.newlines.partition_point(|&i| i < at) as u64 + 1
    }
}

/// The position of each of `cols` in `headers` (matched in any case); `None` (with a problem
/// for each) if a required column is missing or any column appears twice.
fn column_positions(
    file: &str,
    headers: &csv::StringRecord,
    cols: &[Col],
    problems: &mut Problems,
) -> Option<HashMap<&'static str, usize>> {
    let mut columns = HashMap::new();
    let mut ok = true;
    for col in cols {
        let positions: Vec<usize> = headers
            .iter()
            .enumerate()
            .filter(|(_, h)| h.trim().eq_ignore_ascii_case(col.name))
            .map(|(i, _)| i)
            .collect();
        match positions.as_slice() {
            [] if col.required => {
                problems.add(
                    file,
                    Some(1),
                    Some(col.name),
                    "required column is missing from the header",
                );
                ok = false;
            }
            [] => {}
            [i] => {
                columns.insert(col.name, *i);
            }
            _ => {
                problems.add(
                    file,
                    Some(1),
                    Some(col.name),
                    "column appears more than once in the header",
                );
                ok = false;
            }
        }
    }
    ok.then_some(columns)
}

/// The data rows after the header with their lines, blank lines left out, and whether every
/// row could be read: a row that cannot (an unclosed quote, more fields than the header's
/// `width`, a CSV error) is a problem and left out.
fn read_records(
    file: &str,
    reader: &mut csv::Reader<&[u8]>,
    lines: &Lines<'_>,
    width: usize,
    problems: &mut Problems,
) -> (Vec<(u64, csv::StringRecord)>, bool) {
    // An unclosed quote swallows the rest of the file into one field. Quotes come in pairs
    // (an escaped quote is `""`), so an odd count means one is never closed.
    let unclosed = lines.text.iter().filter(|&&b| b == b'"').count() % 2 == 1;
    let mut ok = true;
    let mut rows = Vec::new();
    for result in reader.records() {
        match result {
            Ok(record) => {
                let line = record.position().map_or(0, |p| lines.of(p.byte()));
                if record.len() == 1 && record.get(0) == Some("") {
                    continue;
                }
                let swallowed = unclosed && record.iter().any(|f| f.contains('\n'));
                if swallowed {
                    problems.add(
                        file,
                        Some(line),
                        None,
                        "a quote opened in this row is never closed",
                    );
                    ok = false;
                    continue;
                }
                if record.len() > width {
                    problems.add(
                        file,
                        Some(line),
                        None,
                        format!("row has {} fields but the header has {width}", record.len()),
                    );
                    ok = false;
                    continue;
                }
                rows.push((line, record));
            }
            Err(e) => {
                let line = e.position().map(|p| lines.of(p.byte()));
                problems.add(
                    file,
                    line,
                    None,
                    format!("cannot read the row: {}", e.kind_message()),
                );
                ok = false;
            }
        }
    }
    (rows, ok)
}

impl Table {
    /// Parses `bytes` as the file `file` (the name used in messages) with the given columns.
    /// On a missing column, an empty file or unreadable rows, the problems go to `problems`
    /// and `None` is returned.
    pub fn parse(file: &str, bytes: &[u8], cols: &[Col], problems: &mut Problems) -> Option<Table> {
        Self::parse_met(file, bytes, cols, true, problems)
    }

    /// [`Table::parse`], where `rijen_nodig = false` accepts a header without rows (an optional
    /// file that lists nothing this time).
    pub fn parse_met(
        file: &str,
        bytes: &[u8],
        cols: &[Col],
        rijen_nodig: bool,
        problems: &mut Problems,
    ) -> Option<Table> {
        let text = decode(file, bytes, problems)?;
        let text = text.as_str();
        if text.trim().is_empty() {
            let names: Vec<&str> = cols.iter().filter(|c| c.required).map(|c| c.name).collect();
            problems.add(
                file,
                Some(1),
                None,
                format!(
                    "the file is empty; expected a header with {}",
                    names.join(", ")
                ),
            );
            return None;
        }
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(sniff_separator(text))
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                problems.add(file, Some(1), None, format!("cannot read the header: {e}"));
                return None;
            }
        };
        let columns = column_positions(file, &headers, cols, problems)?;
        let lines = Lines::new(text);
        let (rows, ok) = read_records(file, &mut reader, &lines, headers.len(), problems);
        if rows.is_empty() && ok && rijen_nodig {
            problems.add(file, Some(1), None, "the file has a header but no rows");
            return None;
        }
        let ongebruikt = headers
            .iter()
            .map(str::trim)
            .filter(|h| !h.is_empty() && !cols.iter().any(|c| h.eq_ignore_ascii_case(c.name)))
            .map(str::to_string)
            .collect();
        Some(Table {
            file: file.to_string(),
            columns,
            rows,
            ongebruikt,
        })
    }

    /// The header names that are none of the columns read, in header order (empty names left
    /// out): columns kansrijk ignores, for a warning.
    pub fn ongebruikt(&self) -> &[String] {
        &self.ongebruikt
    }

    /// Visits each row with a field reader that records problems for this file.
    pub fn rows<'t>(&'t self) -> impl Iterator<Item = Row<'t>> + 't {
        self.rows.iter().map(move |(line, record)| Row {
            table: self,
            line: *line,
            record,
        })
    }
}

trait KindMessage {
    fn kind_message(&self) -> String;
}

impl KindMessage for csv::Error {
    fn kind_message(&self) -> String {
        match self.kind() {
            csv::ErrorKind::Utf8 { .. } => "not valid UTF-8 text".to_string(),
            other => format!("{other:?}"),
        }
    }
}

/// One row, with typed accessors that report problems as `FILE:LINE: column "X": ...`.
pub struct Row<'t> {
    table: &'t Table,
    pub line: u64,
    record: &'t csv::StringRecord,
}

/// Parses a number that may use a decimal comma (`3,2`) or point (`3.2`).
pub fn parse_decimal(s: &str) -> Option<f64> {
    let s = s.trim();
    let normalised = if s.contains(',') && !s.contains('.') {
        s.replacen(',', ".", 1)
    } else {
        s.to_string()
    };
    if normalised.is_empty() || normalised.contains(',') {
        return None;
    }
    normalised.parse::<f64>().ok().filter(|v| v.is_finite())
}

impl<'t> Row<'t> {
    /// The trimmed text of `col`; empty when the column or the field is absent.
    pub fn text(&self, col: &str) -> &'t str {
        self.table
            .columns
            .get(col)
            .and_then(|&i| self.record.get(i))
            .map(str::trim)
            .unwrap_or("")
    }

    pub fn problem(&self, problems: &mut Problems, col: &str, message: impl Into<String>) {
        problems.add(&self.table.file, Some(self.line), Some(col), message);
    }

    /// A field that must not be empty.
    pub fn required(&self, col: &str, problems: &mut Problems) -> Option<&'t str> {
        let v = self.text(col);
        if v.is_empty() {
            self.problem(problems, col, "is empty, a value is required");
            None
        } else {
            Some(v)
        }
    }

    /// A non-empty field of one line: an id or a name, which the reports put in table cells
    /// and sentences, so line breaks and other control characters are refused.
    pub fn regel(&self, col: &str, problems: &mut Problems) -> Option<&'t str> {
        self.parsed(
            col,
            "text on one line, without control characters",
            problems,
            |s| (!s.chars().any(char::is_control)).then_some(()),
        )?;
        Some(self.text(col))
    }

    /// Parses a non-empty field with `parse`; on failure reports `expected {what}, found "v"`.
    pub fn parsed<T>(
        &self,
        col: &str,
        what: &str,
        problems: &mut Problems,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let v = self.required(col, problems)?;
        let parsed = parse(v);
        if parsed.is_none() {
            self.problem(
                problems,
                col,
                format!("expected {what}, found {}", crate::error::quoted(v)),
            );
        }
        parsed
    }

    /// Like [`Row::parsed`], but an empty field gives `Some(None)`.
    pub fn optional<T>(
        &self,
        col: &str,
        what: &str,
        problems: &mut Problems,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<Option<T>> {
        if self.text(col).is_empty() {
            Some(None)
        } else {
            self.parsed(col, what, problems, parse).map(Some)
        }
    }

    /// A whole number in `min..=max`; `default` when empty, if given.
    pub fn int(
        &self,
        col: &str,
        min: i64,
        max: i64,
        default: Option<i64>,
        problems: &mut Problems,
    ) -> Option<i64> {
        if let (Some(d), "") = (default, self.text(col)) {
            return Some(d);
        }
        let what = if min == i64::MIN {
            "a whole number".to_string()
        } else if max == i64::MAX {
            format!("a whole number of at least {min}")
        } else {
            format!("a whole number from {min} to {max}")
        };
        self.parsed(col, &what, problems, |s| {
            s.parse::<i64>().ok().filter(|v| (min..=max).contains(v))
        })
    }

    /// A number `>= 0`, decimal comma or point.
    pub fn non_negative(&self, col: &str, problems: &mut Problems) -> Option<f64> {
        self.parsed(col, "a number of at least 0", problems, |s| {
            parse_decimal(s).filter(|v| *v >= 0.0)
        })
    }

    /// `0` or `1` (also accepts `ja`/`nee`, `true`/`false`).
    pub fn flag(&self, col: &str, problems: &mut Problems) -> Option<bool> {
        self.parsed(col, "0 or 1", problems, |s| {
            match s.to_lowercase().as_str() {
                "1" | "ja" | "true" => Some(true),
                "0" | "nee" | "false" => Some(false),
                _ => None,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: &[Col] = &[req("a"), req("b"), opt("c")];

    fn parse(text: &str) -> (Option<Table>, Problems) {
        let mut p = Problems::default();
        let t = Table::parse("f.csv", text.as_bytes(), COLS, &mut p);
        (t, p)
    }

    #[test]
    fn semicolons_bom_decimal_comma_and_header_case() {
        let (t, p) = parse("\u{feff}A;B;Extra\n1;2,5;x\n");
        assert!(p.is_empty(), "{:?}", p.lines());
        let t = t.unwrap();
        let row = t.rows().next().unwrap();
        assert_eq!(row.line, 2);
        let mut p = Problems::default();
        assert_eq!(row.non_negative("b", &mut p), Some(2.5));
        assert_eq!(row.text("c"), "");
    }

    /// Issue 15, U2: old Mac Excel ends lines with a lone CR.
    #[test]
    fn cr_only_line_endings_count_lines() {
        let (t, p) = parse("a,b\r1,2\r\r3,4\r");
        assert!(p.is_empty(), "{:?}", p.lines());
        let lines: Vec<u64> = t.unwrap().rows().map(|r| r.line).collect();
        assert_eq!(lines, [2, 4]);
    }

    /// Issue 15, U3: UTF-16 with or without a byte order mark is an encoding problem.
    #[test]
    fn utf16_is_named_as_such() {
        let utf16: Vec<u8> = "a,b\n1,2\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let mut bom = vec![0xFF, 0xFE];
        bom.extend(&utf16);
        for bytes in [utf16, bom] {
            let mut p = Problems::default();
            assert!(Table::parse("f.csv", &bytes, COLS, &mut p).is_none());
            assert_eq!(
                p.lines(),
                ["f.csv: the file looks like UTF-16 text, not UTF-8; save it as \"CSV UTF-8\""]
            );
        }
    }

    /// Windows-1252 (Dutch Excel's "CSV (gescheiden door lijstscheidingsteken)") is decoded
    /// byte for byte: each of the 256 bytes is one character, and encoding it back gives the
    /// same byte. UTF-8, with or without a BOM, and UTF-16 are left as they are.
    #[test]
    fn windows_1252_is_decoded_byte_for_byte() {
        let (tekst, codering) = naar_utf8(b"naam\nS\xFAdwest-Frysl\xE2n;caf\xE9;verifi\xEBren\n");
        assert_eq!(codering, Codering::Windows1252);
        assert_eq!(
            std::str::from_utf8(&tekst).unwrap(),
            "naam\nSúdwest-Fryslân;café;verifiëren\n"
        );
        let alle: Vec<u8> = (0..=255).collect();
        let (tekst, codering) = naar_utf8(&alle);
        assert_eq!(codering, Codering::Windows1252);
        let tekst = std::str::from_utf8(&tekst).unwrap();
        assert_eq!(tekst.chars().count(), 256);
        let (terug, _, fout) = encoding_rs::WINDOWS_1252.encode(tekst);
        assert!(!fout);
        assert_eq!(terug, alle.as_slice());

        for utf8 in ["Súdwest-Fryslân\n".as_bytes(), b"\xEF\xBB\xBFcaf\xC3\xA9"] {
            let (tekst, codering) = naar_utf8(utf8);
            assert_eq!(codering, Codering::Utf8);
            assert!(matches!(tekst, std::borrow::Cow::Borrowed(_)));
            assert_eq!(tekst, utf8);
        }
        let utf16: Vec<u8> = "a,é\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(naar_utf8(&utf16).1, Codering::Utf8);
    }

    #[test]
    fn quoted_decimal_comma_with_comma_separator() {
        let (t, _) = parse("a,b\n1,\"3,25\"\n");
        let mut p = Problems::default();
        assert_eq!(
            t.unwrap().rows().next().unwrap().non_negative("b", &mut p),
            Some(3.25)
        );
    }

    #[test]
    fn missing_column_and_empty_file_are_reported() {
        let (t, p) = parse("a,c\n1,2\n");
        assert!(t.is_none());
        assert_eq!(
            p.lines(),
            vec!["f.csv:1: column \"b\": required column is missing from the header"]
        );
        let (t, p) = parse("");
        assert!(t.is_none());
        assert!(p.lines()[0].starts_with("f.csv:1: the file is empty"));
    }

    #[test]
    fn every_bad_field_of_a_row_is_reported() {
        let (t, _) = parse("a,b\nx,-1\n");
        let t = t.unwrap();
        let row = t.rows().next().unwrap();
        let mut p = Problems::default();
        assert_eq!(row.int("a", 0, 10, None, &mut p), None);
        assert_eq!(row.non_negative("b", &mut p), None);
        assert_eq!(
            p.lines(),
            vec![
                "f.csv:2: column \"a\": expected a whole number from 0 to 10, found \"x\"",
                "f.csv:2: column \"b\": expected a number of at least 0, found \"-1\"",
            ]
        );
    }

    #[test]
    fn lines_are_right_with_crlf_blank_lines_and_open_quotes() {
        let (t, p) = parse("\r\na;b\r\n1;2\r\n\r\n3;4\r\n");
        assert!(p.is_empty(), "{:?}", p.lines());
        assert_eq!(
            t.unwrap().rows().map(|r| r.line).collect::<Vec<_>>(),
            vec![3, 5]
        );
        let (_, p) = parse("a,b\n1,\"2\n3,4\n");
        assert_eq!(
            p.lines(),
            vec!["f.csv:2: a quote opened in this row is never closed"]
        );
        let (t, p) = parse("a,b\n1,\"2\nx\"\n3,4\n");
        assert!(
            p.is_empty(),
            "a closed quote may span lines: {:?}",
            p.lines()
        );
        assert_eq!(
            t.unwrap().rows().map(|r| r.line).collect::<Vec<_>>(),
            vec![2, 4]
        );
    }

    #[test]
    fn unused_columns_are_named_and_an_optional_file_may_have_no_rows() {
        let (t, p) = parse("a,B,extra,,C,Zomaar\n1,2,3,,4,5\n");
        assert!(p.is_empty(), "{:?}", p.lines());
        assert_eq!(t.unwrap().ongebruikt(), ["extra", "Zomaar"]);
        let mut p = Problems::default();
        let t = Table::parse_met("f.csv", b"a,b\n", COLS, false, &mut p);
        assert!(p.is_empty(), "{:?}", p.lines());
        assert_eq!(t.unwrap().rows().count(), 0);
    }

    #[test]
    fn decimal_forms() {
        assert_eq!(parse_decimal("3,2"), Some(3.2));
        assert_eq!(parse_decimal("3.2"), Some(3.2));
        assert_eq!(parse_decimal("1,2,3"), None);
        assert_eq!(parse_decimal("NaN"), None);
        assert_eq!(parse_decimal(""), None);
    }
}
