//! One reader per input file: typed `*Row` records with their line, and per-file checks
//! (field types and ranges, duplicate ids). Every problem is collected; a file with any
//! problem yields `None`.

use std::collections::HashMap;

use super::bron::Bestand;
use super::table::{opt, req, Col, Row, Table};
use crate::error::Problems;
use crate::model::{
    Beroepsklasse, GemeenteCode, Geslacht, HuishoudenId, Opleidingsniveau, PersoonId, RegioCode,
    Soort, Zorgbehoefte,
};

#[derive(Debug, Clone)]
pub struct GemeenteRow {
    pub line: u64,
    pub code: GemeenteCode,
    pub naam: String,
    pub regio: RegioCode,
    pub inwoners: u64,
    pub taakstelling: i64,
    pub gerealiseerd: i64,
    pub achterstand: i64,
}

#[derive(Debug, Clone)]
pub struct RegioRow {
    pub line: u64,
    pub code: RegioCode,
    pub naam: String,
    pub mbo: bool,
    pub hbo: bool,
    pub wo: bool,
    pub academisch_ziekenhuis: bool,
}

#[derive(Debug, Clone)]
pub struct ArbeidsmarktRow {
    pub line: u64,
    pub regio: RegioCode,
    pub beroepsklasse: Beroepsklasse,
    pub spanning: f64,
}

#[derive(Debug, Clone)]
pub struct HuishoudenRow {
    pub line: u64,
    pub id: HuishoudenId,
    pub azc: GemeenteCode,
    pub netwerk: Option<GemeenteCode>,
    pub vast: Option<GemeenteCode>,
    pub zorg: Option<Zorgbehoefte>,
    pub week: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct PersoonRow {
    pub line: u64,
    pub id: PersoonId,
    pub huishouden: HuishoudenId,
    pub leeftijd: u32,
    pub geslacht: Geslacht,
    pub opleidingsniveau: Opleidingsniveau,
    pub beroepsklasse: Option<Beroepsklasse>,
    pub ervaring_jaren: u32,
    pub interesse: Vec<Beroepsklasse>,
}

/// One row of the optional `vastzetten.csv`: a planner's decision. Whether its household and
/// gemeente exist and whether it contradicts other rows is checked in [`crate::validate`].
#[derive(Debug, Clone)]
pub struct VastzettenRow {
    pub line: u64,
    pub huishouden: HuishoudenId,
    pub gemeente: GemeenteCode,
    pub soort: Soort,
    /// Empty when not given.
    pub toelichting: String,
}

/// One row of the optional `scores_extern.csv`: another model's score for a household in a
/// gemeente. Whether its household and gemeente exist is checked in [`crate::validate`].
#[derive(Debug, Clone)]
pub struct ScoreExternRow {
    pub line: u64,
    pub huishouden: HuishoudenId,
    pub gemeente: GemeenteCode,
    pub score: f64,
    /// `false` (`toegestaan = 0`) forbids the pair; `true` when the column is absent or empty.
    pub toegestaan: bool,
}

/// The columns of each input file, as the readers accept them (SPEC order); every file may
/// also have [`BRON`].
pub const GEMEENTEN_COLS: &[Col] = &[
    req("gemeente_code"),
    req("gemeente_naam"),
    req("arbeidsmarktregio_code"),
    req("inwoners"),
    req("taakstelling"),
    opt("gerealiseerd"),
    opt("achterstand"),
];
pub const REGIOS_COLS: &[Col] = &[
    req("arbeidsmarktregio_code"),
    req("arbeidsmarktregio_naam"),
    req("mbo"),
    req("hbo"),
    req("wo"),
    req("academisch_ziekenhuis"),
];
pub const ARBEIDSMARKT_COLS: &[Col] = &[
    req("arbeidsmarktregio_code"),
    req("beroepsklasse"),
    req("spanning"),
];
pub const HUISHOUDENS_COLS: &[Col] = &[
    req("huishouden_id"),
    req("azc_gemeente_code"),
    opt("netwerk_gemeente_code"),
    opt("vaste_gemeente_code"),
    opt("zorgbehoefte"),
    opt("week"),
];
pub const PERSONEN_COLS: &[Col] = &[
    req("persoon_id"),
    req("huishouden_id"),
    req("leeftijd"),
    req("geslacht"),
    req("opleidingsniveau"),
    opt("beroepsklasse"),
    opt("ervaring_jaren"),
    opt("interesse"),
];
pub const VASTZETTEN_COLS: &[Col] = &[
    req("huishouden_id"),
    req("gemeente_code"),
    req("soort"),
    opt("toelichting"),
];

pub const SCORES_EXTERN_COLS: &[Col] = &[
    req("huishouden_id"),
    req("gemeente_code"),
    req("score"),
    opt("toegestaan"),
];

const GEMEENTE_CODE: &str = "a gemeente code like GM0344";
const REGIO_CODE: &str = "an arbeidsmarktregio code like AM13";
const KLASSE: &str = "a beroepsklasse from 01 to 13";
/// Upper bound for counts of persons and inhabitants: far above any real figure, and keeps all
/// arithmetic on them exact.
const MAX_AANTAL: i64 = 100_000_000;
/// The largest size of an external score: the bound of the weights
/// ([`crate::model::gewichten::GROOTSTE`]), so the objective stays one HiGHS solves exactly.
const MAX_EXTERN: f64 = crate::model::gewichten::GROOTSTE;

/// The optional provenance column every input file may have (free text, e.g. "Bron: CBS").
pub const BRON: &str = "bron";

/// What one reader gives: the rows (`None` if the file had any problem), the distinct values
/// of its `bron` column with their row counts (see [`bronnen`]), and the header names it does
/// not read ([`Table::ongebruikt`]).
#[derive(Debug)]
pub struct Gelezen<T> {
    pub rows: Option<Vec<T>>,
    pub bronnen: Vec<(String, usize)>,
    pub ongebruikt: Vec<String>,
}

/// Counts the distinct values (an empty value included), most rows first, then by value.
pub fn bronnen<'a>(values: impl Iterator<Item = &'a str>) -> Vec<(String, usize)> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let mut out: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(v, n)| (v.to_string(), n))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// Parses every row of `bestand` with `row`, then checks that `key` (reported as column
/// `key_col`) is unique; `None` rows if the file had any problem. The optional column
/// [`BRON`] is read in every file and counted.
fn read<T>(
    bestand: &Bestand,
    cols: &[Col],
    problems: &mut Problems,
    key_col: &str,
    key: impl Fn(&T) -> String,
    row: impl Fn(&Row, &mut Problems) -> Option<(u64, T)>,
) -> Gelezen<T> {
    read_met(bestand, cols, true, problems, key_col, key, row)
}

/// [`read`]; `rijen_nodig = false` accepts a header without rows.
fn read_met<T>(
    bestand: &Bestand,
    cols: &[Col],
    rijen_nodig: bool,
    problems: &mut Problems,
    key_col: &str,
    key: impl Fn(&T) -> String,
    row: impl Fn(&Row, &mut Problems) -> Option<(u64, T)>,
) -> Gelezen<T> {
    let mut own = Problems::default();
    let (rows, bronnen, ongebruikt) = parse_rows(bestand, cols, rijen_nodig, &mut own, row);
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (line, r) in &rows {
        let k = key(r);
        match seen.get(&k) {
            Some(first) => own.add(
                &bestand.naam,
                Some(*line),
                Some(key_col),
                format!(
                    "duplicate value {}, first on line {first}",
                    crate::error::quoted(&k)
                ),
            ),
            None => {
                seen.insert(k, *line);
            }
        }
    }
    gelezen(own, problems, rows, bronnen, ongebruikt)
}

/// The rows of `bestand` parsed with `row`, the `bron` values counted, and the header names
/// not read; problems go to `own`. `rijen_nodig = false` accepts a header without rows.
#[allow(clippy::type_complexity)]
fn parse_rows<T>(
    bestand: &Bestand,
    cols: &[Col],
    rijen_nodig: bool,
    own: &mut Problems,
    row: impl Fn(&Row, &mut Problems) -> Option<(u64, T)>,
) -> (Vec<(u64, T)>, Vec<(String, usize)>, Vec<String>) {
    let mut cols = cols.to_vec();
    cols.push(opt(BRON));
    let table = Table::parse_met(&bestand.naam, &bestand.inhoud, &cols, rijen_nodig, own);
    let bronnen = table
        .as_ref()
        .map(|t| bronnen(t.rows().map(|r| r.text(BRON))))
        .unwrap_or_default();
    let ongebruikt = table
        .as_ref()
        .map(|t| t.ongebruikt().to_vec())
        .unwrap_or_default();
    let rows: Vec<(u64, T)> = table
        .map(|t| t.rows().filter_map(|r| row(&r, own)).collect())
        .unwrap_or_default();
    (rows, bronnen, ongebruikt)
}

/// What a reader gives once its own problems are known: the rows only if there are none.
fn gelezen<T>(
    own: Problems,
    problems: &mut Problems,
    rows: Vec<(u64, T)>,
    bronnen: Vec<(String, usize)>,
    ongebruikt: Vec<String>,
) -> Gelezen<T> {
    let ok = own.is_empty();
    problems.extend(own);
    Gelezen {
        rows: ok.then(|| rows.into_iter().map(|(_, r)| r).collect()),
        bronnen,
        ongebruikt,
    }
}

/// Each row's fields are all checked before giving up, so one row reports all its problems.
macro_rules! all_fields {
    ($($name:ident = $e:expr;)*) => {
        $(let $name = $e;)*
        let ($(Some($name),)*) = ($($name,)*) else { return None };
    };
}

pub fn gemeenten(b: &Bestand, problems: &mut Problems) -> Gelezen<GemeenteRow> {
    read(
        b,
        GEMEENTEN_COLS,
        problems,
        "gemeente_code",
        |r: &GemeenteRow| r.code.to_string(),
        |r, p| {
            all_fields! {
                code = r.parsed("gemeente_code", GEMEENTE_CODE, p, GemeenteCode::parse);
                naam = r.regel("gemeente_naam", p);
                regio = r.parsed("arbeidsmarktregio_code", REGIO_CODE, p, RegioCode::parse);
                inwoners = r.int("inwoners", 0, MAX_AANTAL, None, p);
                taakstelling = r.int("taakstelling", 0, MAX_AANTAL, None, p);
                gerealiseerd = r.int("gerealiseerd", 0, MAX_AANTAL, Some(0), p);
                achterstand = r.int("achterstand", -MAX_AANTAL, MAX_AANTAL, Some(0), p);
            }
            Some((
                r.line,
                GemeenteRow {
                    line: r.line,
                    code,
                    naam: naam.to_string(),
                    regio,
                    inwoners: inwoners as u64,
                    taakstelling,
                    gerealiseerd,
                    achterstand,
                },
            ))
        },
    )
}

pub fn regios(b: &Bestand, problems: &mut Problems) -> Gelezen<RegioRow> {
    read(
        b,
        REGIOS_COLS,
        problems,
        "arbeidsmarktregio_code",
        |r: &RegioRow| r.code.to_string(),
        |r, p| {
            all_fields! {
                code = r.parsed("arbeidsmarktregio_code", REGIO_CODE, p, RegioCode::parse);
                naam = r.regel("arbeidsmarktregio_naam", p);
                mbo = r.flag("mbo", p);
                hbo = r.flag("hbo", p);
                wo = r.flag("wo", p);
                az = r.flag("academisch_ziekenhuis", p);
            }
            Some((
                r.line,
                RegioRow {
                    line: r.line,
                    code,
                    naam: naam.to_string(),
                    mbo,
                    hbo,
                    wo,
                    academisch_ziekenhuis: az,
                },
            ))
        },
    )
}

pub fn arbeidsmarkt(b: &Bestand, problems: &mut Problems) -> Gelezen<ArbeidsmarktRow> {
    read(
        b,
        ARBEIDSMARKT_COLS,
        problems,
        "beroepsklasse",
        |r: &ArbeidsmarktRow| format!("{} {}", r.regio, r.beroepsklasse),
        |r, p| {
            all_fields! {
                regio = r.parsed("arbeidsmarktregio_code", REGIO_CODE, p, RegioCode::parse);
                beroepsklasse = r.parsed("beroepsklasse", KLASSE, p, Beroepsklasse::parse);
                spanning = r.non_negative("spanning", p);
            }
            Some((
                r.line,
                ArbeidsmarktRow {
                    line: r.line,
                    regio,
                    beroepsklasse,
                    spanning,
                },
            ))
        },
    )
}

pub fn huishoudens(b: &Bestand, problems: &mut Problems) -> Gelezen<HuishoudenRow> {
    huishoudens_met(b, true, problems)
}

/// [`huishoudens`]; `rijen_nodig = false` accepts a header without rows.
pub fn huishoudens_met(
    b: &Bestand,
    rijen_nodig: bool,
    problems: &mut Problems,
) -> Gelezen<HuishoudenRow> {
    read_met(
        b,
        HUISHOUDENS_COLS,
        rijen_nodig,
        problems,
        "huishouden_id",
        |r: &HuishoudenRow| r.id.to_string(),
        |r, p| {
            all_fields! {
                id = r.regel("huishouden_id", p);
                azc = r.parsed("azc_gemeente_code", GEMEENTE_CODE, p, GemeenteCode::parse);
                netwerk = r.optional("netwerk_gemeente_code", GEMEENTE_CODE, p, GemeenteCode::parse);
                vast = r.optional("vaste_gemeente_code", GEMEENTE_CODE, p, GemeenteCode::parse);
                zorg = r.optional("zorgbehoefte", "empty or academisch_ziekenhuis", p, |s| {
                    s.eq_ignore_ascii_case("academisch_ziekenhuis").then_some(Zorgbehoefte::AcademischZiekenhuis)
                });
                week = r.optional("week", "a whole number from 1 to 26", p, |s| s.parse::<u32>().ok().filter(|w| (1..=26).contains(w)));
            }
            Some((
                r.line,
                HuishoudenRow {
                    line: r.line,
                    id: HuishoudenId::new(id),
                    azc,
                    netwerk,
                    vast,
                    zorg,
                    week,
                },
            ))
        },
    )
}

pub fn personen(b: &Bestand, problems: &mut Problems) -> Gelezen<PersoonRow> {
    personen_met(b, true, problems)
}

/// [`personen`]; `rijen_nodig = false` accepts a header without rows.
pub fn personen_met(
    b: &Bestand,
    rijen_nodig: bool,
    problems: &mut Problems,
) -> Gelezen<PersoonRow> {
    read_met(
        b,
        PERSONEN_COLS,
        rijen_nodig,
        problems,
        "persoon_id",
        |r: &PersoonRow| r.id.to_string(),
        |r, p| {
            all_fields! {
                id = r.regel("persoon_id", p);
                huishouden = r.regel("huishouden_id", p);
                leeftijd = r.int("leeftijd", 0, 120, None, p);
                geslacht = r.parsed("geslacht", "m, v or x", p, Geslacht::parse);
                opleidingsniveau = r.parsed("opleidingsniveau", "laag, middelbaar or hoog", p, Opleidingsniveau::parse);
                beroepsklasse = r.optional("beroepsklasse", KLASSE, p, Beroepsklasse::parse);
                ervaring = r.int("ervaring_jaren", 0, 80, Some(0), p);
                interesse = r.optional("interesse", "beroepsklassen from 01 to 13 separated by |", p, |s| {
                    s.split('|').map(Beroepsklasse::parse).collect::<Option<Vec<_>>>()
                });
            }
            Some((
                r.line,
                PersoonRow {
                    line: r.line,
                    id: PersoonId::new(id),
                    huishouden: HuishoudenId::new(huishouden),
                    leeftijd: leeftijd as u32,
                    geslacht,
                    opleidingsniveau,
                    beroepsklasse,
                    ervaring_jaren: ervaring as u32,
                    interesse: interesse.unwrap_or_default(),
                },
            ))
        },
    )
}

/// The optional `vastzetten.csv`: a header alone is fine (no decisions this time). Rows are
/// not unique by any key here: which rows contradict each other is decided in
/// [`crate::validate`], with a message that says how.
pub fn vastzetten(b: &Bestand, problems: &mut Problems) -> Gelezen<VastzettenRow> {
    let mut own = Problems::default();
    let (rows, bronnen, ongebruikt) = parse_rows(b, VASTZETTEN_COLS, false, &mut own, |r, p| {
        all_fields! {
            huishouden = r.regel("huishouden_id", p);
            gemeente = r.parsed("gemeente_code", GEMEENTE_CODE, p, GemeenteCode::parse);
            soort = r.parsed("soort", "vast or niet", p, Soort::parse);
            toelichting = r.optional("toelichting", "text on one line, without control characters", p, |s| {
                (!s.chars().any(char::is_control)).then(|| s.to_string())
            });
        }
        Some((
            r.line,
            VastzettenRow {
                line: r.line,
                huishouden: HuishoudenId::new(huishouden),
                gemeente,
                soort,
                toelichting: toelichting.unwrap_or_default(),
            },
        ))
    });
    gelezen(own, problems, rows, bronnen, ongebruikt)
}

/// The optional `scores_extern.csv`: a header alone is fine (the external model scores no pair
/// this time). A household and gemeente appear at most once; the score is a finite number
/// (decimal comma or point) of at most [`MAX_EXTERN`] either way; `toegestaan` is 0 or 1, 1 when
/// empty.
pub fn scores_extern(b: &Bestand, problems: &mut Problems) -> Gelezen<ScoreExternRow> {
    read_met(
        b,
        SCORES_EXTERN_COLS,
        false,
        problems,
        "gemeente_code",
        |r: &ScoreExternRow| format!("{} {}", r.huishouden, r.gemeente),
        |r, p| {
            all_fields! {
                huishouden = r.regel("huishouden_id", p);
                gemeente = r.parsed("gemeente_code", GEMEENTE_CODE, p, GemeenteCode::parse);
                score = r.parsed("score", &format!("a finite number from -{MAX_EXTERN} to {MAX_EXTERN}"), p, |s| {
                    super::table::parse_decimal(s).filter(|v| v.abs() <= MAX_EXTERN)
                });
                toegestaan = if r.text("toegestaan").is_empty() { Some(true) } else { r.flag("toegestaan", p) };
            }
            Some((
                r.line,
                ScoreExternRow {
                    line: r.line,
                    huishouden: HuishoudenId::new(huishouden),
                    gemeente,
                    score,
                    toegestaan,
                },
            ))
        },
    )
}
