//! Reading a scenario file (`compare --scenario FILE`): a variant of the input stated as
//! changes to it, so an analyst need not copy folders. [`lees`] reads and checks the file on
//! its own (keys, types, ranges, the `extern` file); [`pas_toe`] checks it against an input
//! already read ([`Invoer`]: known regions and gemeenten, every rule matching something) and
//! returns the variant input with every change it made ([`Wijziging`]). Every problem is
//! located as `FILE:LINE: column "KEY": ...`, like the input's, and all are listed.
//!
//! The format (docs/compare.md, "Scenario"):
//!
//! ```toml
//! naam = "Zuidoost-Brabant: vraag naar technische beroepen x2"
//! omschrijving = "..."              # optional
//! extern = "scores_extern.csv"      # optional, relative to the scenario file's folder
//!
//! [[spanning]]                      # arbeidsmarkt.csv: scale or set spanning
//! regio = "AM28"                    # or "*"
//! beroepsklasse = "07"              # "01".."13" or "*"
//! factor = 2.0                      # or: waarde = 1.5 (exactly one)
//!
//! [[gemeente]]                      # gemeenten.csv: taakstelling and achterstand
//! gemeente = "GM0363"               # or "*"
//! taakstelling_factor = 1.2         # or: taakstelling = 640; and/or achterstand = 10
//!
//! [gewichten]                       # any key of gewichten.toml, checked as there
//! combinatie = "gemiddelde"
//! [gewichten.model]
//! marge = 5
//! ```
//!
//! Rules apply in the order of the file, each to the value the previous left. A
//! `taakstelling_factor` rounds to whole persons, half away from zero (`f64::round`).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::IntoDeserializer;
use serde::{Deserialize, Serialize};
use toml::de::{DeString, DeTable, DeValue};
use toml::Spanned;

use super::bron::{geen_gewoon_bestand, read_file, sha256_hex, GEEN_GEWOON_BESTAND};
use super::bron::{ARBEIDSMARKT, GEMEENTEN, REGIOS};
use super::gewichten::{line_at, toml_fout};
use super::load::Invoer;
use crate::error::{InputError, Problems};
use crate::model::{Beroepsklasse, GemeenteCode, Gewichten, RegioCode};

/// The largest taakstelling and achterstand (in size) a scenario may give: the bound
/// `gemeenten.csv` has (`io::rows`).
pub const MAX_AANTAL: i64 = 100_000_000;

/// The prefix of the scenario's entry in the variant's [`super::Herkomst::hashes`].
pub const HASH_PREFIX: &str = "scenario:";

/// A scenario, read and checked on its own.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// The file as messages name it.
    pub bestand: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    pub naam: String,
    pub omschrijving: Option<String>,
    pub spanning: Vec<SpanningRegel>,
    pub gemeenten: Vec<GemeenteRegel>,
    pub gewichten: Vec<GewichtRegel>,
    /// `extern`: an external score file, resolved against the scenario file's folder.
    pub scores_extern: Option<ExternRegel>,
    /// The file's text and folder, for `--sweep` ([`Sweep::scenario`]).
    #[serde(skip)]
    tekst: String,
    #[serde(skip)]
    map: PathBuf,
}

/// Where a rule stands in the scenario file, and its own text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Regel {
    /// The line of the rule: its `[[spanning]]`/`[[gemeente]]` header, or its key.
    pub line: u64,
    /// The rule as written, its keys in file order: `regio = "AM28", factor = 2.0`.
    pub tekst: String,
    /// Each key, for messages about one key and for `--sweep`.
    #[serde(skip)]
    sleutels: Vec<Plek>,
}

/// Where a key of a rule stands: its line, and the bytes of its value in the file's text.
#[derive(Debug, Clone, PartialEq)]
struct Plek {
    naam: String,
    line: u64,
    waarde: Range<usize>,
}

impl Regel {
    fn plek(&self, key: &str) -> Option<&Plek> {
        self.sleutels.iter().find(|p| p.naam == key)
    }

    fn heeft(&self, key: &str) -> bool {
        self.plek(key).is_some()
    }

    /// The line of `key` in this rule, else the rule's own line.
    pub fn line_van(&self, key: &str) -> u64 {
        self.plek(key).map_or(self.line, |p| p.line)
    }
}

/// One code, or `*` for all.
#[derive(Debug, Clone, PartialEq)]
pub enum Keuze<T> {
    Alle,
    Een(T),
}

impl<T: PartialEq + Clone> Keuze<T> {
    /// The one code, if not `*`.
    pub fn een(&self) -> Option<T> {
        match self {
            Keuze::Een(x) => Some(x.clone()),
            Keuze::Alle => None,
        }
    }

    pub fn past(&self, t: &T) -> bool {
        match self {
            Keuze::Alle => true,
            Keuze::Een(x) => x == t,
        }
    }
}

impl<T: fmt::Display> fmt::Display for Keuze<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Keuze::Alle => f.write_str("*"),
            Keuze::Een(x) => x.fmt(f),
        }
    }
}

impl<T: fmt::Display> Serialize for Keuze<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// How a rule changes a number: scale it, or set it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bewerking {
    Factor(f64),
    Waarde(f64),
}

/// `[[spanning]]`: scale or set `spanning` of the matching rows of `arbeidsmarkt.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpanningRegel {
    pub regel: Regel,
    pub regio: Keuze<RegioCode>,
    pub beroepsklasse: Keuze<Beroepsklasse>,
    pub bewerking: Bewerking,
}

/// How a `[[gemeente]]` rule changes the taakstelling.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TaakstellingBewerking {
    /// `taakstelling_factor`: scaled, rounded half away from zero.
    Factor(f64),
    /// `taakstelling`: set.
    Waarde(i64),
}

/// `[[gemeente]]`: change the taakstelling and/or achterstand of a gemeente (or all).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GemeenteRegel {
    pub regel: Regel,
    pub gemeente: Keuze<GemeenteCode>,
    pub taakstelling: Option<TaakstellingBewerking>,
    pub achterstand: Option<i64>,
}

/// One key of `[gewichten]`, as the dotted key of `gewichten.toml` (`werk.gewicht`,
/// `model.marge`, `combinatie`) and its new value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GewichtRegel {
    pub regel: Regel,
    pub sleutel: String,
    pub waarde: toml::Value,
}

/// `extern`: the external score file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExternRegel {
    pub regel: Regel,
    /// As written in the scenario.
    pub gegeven: String,
    /// Resolved against the scenario file's folder; it exists as a regular file.
    pub pad: PathBuf,
}

/// One change the scenario made to the input, with the rule that made it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Wijziging {
    pub regel: Regel,
    #[serde(flatten)]
    pub wat: Wat,
}

/// What changed, from what to what.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "soort", rename_all = "lowercase")]
pub enum Wat {
    /// `spanning` of one region and beroepsklasse.
    Spanning {
        regio: RegioCode,
        /// From `regios.csv`; empty when that file could not be read.
        regio_naam: String,
        beroepsklasse: Beroepsklasse,
        oud: f64,
        nieuw: f64,
        bewerking: Bewerking,
    },
    /// A gemeente's taakstelling (persons).
    Taakstelling {
        gemeente: GemeenteCode,
        gemeente_naam: String,
        oud: i64,
        nieuw: i64,
        bewerking: TaakstellingBewerking,
    },
    /// A gemeente's achterstand (persons; negative is a voorsprong).
    Achterstand {
        gemeente: GemeenteCode,
        gemeente_naam: String,
        oud: i64,
        nieuw: i64,
    },
    /// A weight or model setting (dotted key of `gewichten.toml`).
    Gewicht {
        sleutel: String,
        oud: toml::Value,
        nieuw: toml::Value,
    },
    /// The external score file the variant uses. [`pas_toe`] does not read it: the caller
    /// loads it as it loads `scores_extern.csv` of an input folder.
    Extern { pad: PathBuf },
}

/// Reads and checks the scenario file `pad`: every problem found, with file and line.
pub fn lees(pad: &Path) -> Result<Scenario, InputError> {
    let naam = pad.display().to_string();
    let Some(b) = read_file(pad)? else {
        let mut p = Problems::default();
        p.add(&naam, None, None, "scenario file does not exist");
        return Err(InputError::Invalid(p));
    };
    let map = pad.parent().unwrap_or(Path::new(""));
    let text = match String::from_utf8(b.inhoud) {
        Ok(t) => t,
        Err(_) => {
            let mut p = Problems::default();
            p.add(&naam, None, None, "not UTF-8 text");
            return Err(InputError::Invalid(p));
        }
    };
    parse(&naam, &text, map).map_err(InputError::Invalid)
}

/// Parses and checks the scenario `text` of the file named `bestand`; `extern` is resolved
/// against the folder `map`.
pub fn parse(bestand: &str, text: &str, map: &Path) -> Result<Scenario, Problems> {
    let mut l = Lezer {
        bestand,
        text,
        problems: Problems::default(),
    };
    let doc = match DeTable::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let (line, message) = toml_fout(text, &e);
            l.problems.add(bestand, line, None, message);
            return Err(l.problems);
        }
    };
    let mut s = Scenario {
        bestand: bestand.to_string(),
        sha256: sha256_hex(text.as_bytes()),
        naam: String::new(),
        omschrijving: None,
        spanning: Vec::new(),
        gemeenten: Vec::new(),
        gewichten: Vec::new(),
        scores_extern: None,
        tekst: text.to_string(),
        map: map.to_path_buf(),
    };
    let mut naam_gegeven = false;
    for (k, v) in op_volgorde(doc.get_ref()) {
        let key = k.get_ref().as_ref();
        match key {
            "naam" => {
                naam_gegeven = true;
                match l.tekst(key, v) {
                    Some(n) if n.trim().is_empty() => l.fout(&v.span(), key, "must not be empty"),
                    Some(n) => s.naam = n.trim().to_string(),
                    None => {}
                }
            }
            "omschrijving" => s.omschrijving = l.tekst(key, v),
            "extern" => s.scores_extern = l.extern_regel(k, v, map),
            "spanning" => {
                for t in l.tabellen(key, v) {
                    if let Some(r) = l.spanning_regel(t) {
                        s.spanning.push(r);
                    }
                }
            }
            "gemeente" => {
                for t in l.tabellen(key, v) {
                    if let Some(r) = l.gemeente_regel(t) {
                        s.gemeenten.push(r);
                    }
                }
            }
            "gewichten" => match v.get_ref() {
                DeValue::Table(t) => {
                    let mut bladeren = Vec::new();
                    l.bladeren(t, &mut Vec::new(), &mut bladeren);
                    s.gewichten = bladeren;
                    let (_, toegepast) = gewichten_met(&Gewichten::default(), &s.gewichten);
                    for (i, message) in toegepast.into_iter().filter_map(|(i, r)| Some((i, r.err()?))) {
                        l.fout_op(s.gewichten[i].regel.line, &sleutel(&s.gewichten[i]), message);
                    }
                }
                _ => l.fout(&v.span(), key, "expected a table: [gewichten]"),
            },
            _ => l.fout(
                &k.span(),
                key,
                "unknown key, expected one of `naam`, `omschrijving`, `extern`, `spanning`, `gemeente`, `gewichten`",
            ),
        }
    }
    if !naam_gegeven {
        l.fout_op(1, "naam", "missing: give the scenario a name");
    }
    if l.problems.is_empty() {
        Ok(s)
    } else {
        Err(l.problems)
    }
}

/// The column a `[gewichten]` key is reported under: `gewichten.werk.gewicht`.
fn sleutel(g: &GewichtRegel) -> String {
    format!("gewichten.{}", g.sleutel)
}

/// A table's entries in the order of the file.
fn op_volgorde<'a, 'i>(
    t: &'a DeTable<'i>,
) -> Vec<(&'a Spanned<DeString<'i>>, &'a Spanned<DeValue<'i>>)> {
    let mut v: Vec<_> = t.iter().collect();
    v.sort_by_key(|(k, _)| k.span().start);
    v
}

/// A key of a rule, with the column messages name it by (`spanning.factor`), and its value.
type Sleutel<'a, 'i> = (String, &'a Spanned<DeString<'i>>, &'a Spanned<DeValue<'i>>);

/// Reads the file's values, collecting problems.
struct Lezer<'t> {
    bestand: &'t str,
    text: &'t str,
    problems: Problems,
}

/// A value's source text for a message, cut when long.
fn bron_tekst(text: &str, span: &Range<usize>) -> String {
    let s = text.get(span.clone()).unwrap_or("").trim();
    let mut kort: String = s.chars().take(40).collect();
    if kort.len() < s.len() {
        kort.push('…');
    }
    kort
}

impl Lezer<'_> {
    fn fout_op(&mut self, line: u64, kolom: &str, message: impl Into<String>) {
        self.problems
            .add(self.bestand, Some(line), Some(kolom), message);
    }

    fn fout(&mut self, span: &Range<usize>, kolom: &str, message: impl Into<String>) {
        self.fout_op(line_at(self.text, span.start), kolom, message);
    }

    fn gevonden(&self, v: &Spanned<DeValue>) -> String {
        bron_tekst(self.text, &v.span())
    }

    fn tekst(&mut self, kolom: &str, v: &Spanned<DeValue>) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                let m = format!("expected text in quotes, found {}", self.gevonden(v));
                self.fout(&v.span(), kolom, m);
                None
            }
        }
    }

    /// A finite number of at least 0 (an integer is a number too).
    fn getal(&mut self, kolom: &str, v: &Spanned<DeValue>) -> Option<f64> {
        match f64::deserialize(v.clone().into_deserializer()) {
            Ok(x) if x.is_finite() && x >= 0.0 => Some(x),
            _ => {
                let m = format!(
                    "expected a finite number of at least 0, found {}",
                    self.gevonden(v)
                );
                self.fout(&v.span(), kolom, m);
                None
            }
        }
    }

    /// A whole number from `min` to `max`.
    fn geheel(&mut self, kolom: &str, v: &Spanned<DeValue>, min: i64, max: i64) -> Option<i64> {
        match i64::deserialize(v.clone().into_deserializer()) {
            Ok(x) if (min..=max).contains(&x) => Some(x),
            _ => {
                let m = format!(
                    "expected a whole number from {min} to {max}, found {}",
                    self.gevonden(v)
                );
                self.fout(&v.span(), kolom, m);
                None
            }
        }
    }

    /// The tables of `[[key]]`; a problem for anything else.
    fn tabellen<'a, 'i>(
        &mut self,
        key: &str,
        v: &'a Spanned<DeValue<'i>>,
    ) -> Vec<&'a Spanned<DeValue<'i>>> {
        match v.get_ref() {
            DeValue::Array(a) if a.iter().all(|t| t.get_ref().is_table()) => a.iter().collect(),
            _ => {
                let m = format!("expected rules written as [[{key}]] (an array of tables)");
                self.fout(&v.span(), key, m);
                Vec::new()
            }
        }
    }

    /// The rule's line (its header) and text, and its keys in file order with their column.
    fn regel<'a, 'i>(
        &self,
        soort: &str,
        t: &'a Spanned<DeValue<'i>>,
    ) -> (Regel, Vec<Sleutel<'a, 'i>>) {
        let tabel = t.get_ref().as_table().expect("checked by tabellen");
        let paren = op_volgorde(tabel);
        let tekst = paren
            .iter()
            .map(|(k, v)| format!("{} = {}", k.get_ref(), bron_tekst(self.text, &v.span())))
            .collect::<Vec<_>>()
            .join(", ");
        let sleutels = paren
            .iter()
            .map(|(k, v)| Plek {
                naam: k.get_ref().to_string(),
                line: line_at(self.text, k.span().start),
                waarde: v.span(),
            })
            .collect();
        let regel = Regel {
            line: line_at(self.text, t.span().start),
            tekst,
            sleutels,
        };
        let paren = paren
            .into_iter()
            .map(|(k, v)| (format!("{soort}.{}", k.get_ref()), k, v))
            .collect();
        (regel, paren)
    }

    fn onbekend(&mut self, kolom: &str, span: &Range<usize>, verwacht: &str) {
        self.fout(
            span,
            kolom,
            format!("unknown key, expected one of {verwacht}"),
        );
    }

    fn spanning_regel(&mut self, t: &Spanned<DeValue>) -> Option<SpanningRegel> {
        let (regel, paren) = self.regel("spanning", t);
        let (mut regio, mut klasse, mut factor, mut waarde) = (None, None, None, None);
        let mut fout = false;
        for (kolom, k, v) in paren {
            match k.get_ref().as_ref() {
                "regio" => regio = self.regio(&kolom, v),
                "beroepsklasse" => klasse = self.beroepsklasse(&kolom, v),
                "factor" => factor = Some(self.getal(&kolom, v)),
                "waarde" => waarde = Some(self.getal(&kolom, v)),
                _ => {
                    fout = true;
                    self.onbekend(
                        &kolom,
                        &k.span(),
                        "`regio`, `beroepsklasse`, `factor`, `waarde`",
                    )
                }
            }
        }
        let ontbreekt = |l: &mut Self, kolom: &str, wat: &str| {
            l.fout_op(regel.line, kolom, format!("missing: {wat}"));
        };
        if !regel.heeft("regio") {
            ontbreekt(self, "spanning.regio", "give a region code (AM..) or \"*\"");
        }
        if !regel.heeft("beroepsklasse") {
            ontbreekt(
                self,
                "spanning.beroepsklasse",
                "give a beroepsklasse 01..13 or \"*\"",
            );
        }
        let bewerking = match (factor, waarde) {
            (Some(f), None) => f.map(Bewerking::Factor),
            (None, Some(w)) => w.map(Bewerking::Waarde),
            (Some(_), Some(_)) => {
                let line = regel.line_van("factor").max(regel.line_van("waarde"));
                self.fout_op(
                    line,
                    "spanning.waarde",
                    "give factor (scale) or waarde (set), not both",
                );
                None
            }
            (None, None) => {
                ontbreekt(
                    self,
                    "spanning.factor",
                    "give factor (scale) or waarde (set)",
                );
                None
            }
        };
        if fout {
            return None;
        }
        Some(SpanningRegel {
            regel,
            regio: regio?,
            beroepsklasse: klasse?,
            bewerking: bewerking?,
        })
    }

    fn gemeente_regel(&mut self, t: &Spanned<DeValue>) -> Option<GemeenteRegel> {
        let (regel, paren) = self.regel("gemeente", t);
        let (mut gemeente, mut factor, mut waarde, mut achterstand) = (None, None, None, None);
        let mut fout = false;
        for (kolom, k, v) in paren {
            match k.get_ref().as_ref() {
                "gemeente" => gemeente = self.gemeente(&kolom, v),
                "taakstelling_factor" => factor = Some(self.getal(&kolom, v)),
                "taakstelling" => waarde = Some(self.geheel(&kolom, v, 0, MAX_AANTAL)),
                "achterstand" => {
                    achterstand = Some(self.geheel(&kolom, v, -MAX_AANTAL, MAX_AANTAL))
                }
                _ => {
                    fout = true;
                    self.onbekend(
                        &kolom,
                        &k.span(),
                        "`gemeente`, `taakstelling`, `taakstelling_factor`, `achterstand`",
                    )
                }
            }
        }
        if !regel.heeft("gemeente") {
            self.fout_op(
                regel.line,
                "gemeente.gemeente",
                "missing: give a gemeente code (GM....) or \"*\"",
            );
        }
        let taakstelling = match (factor, waarde) {
            (Some(f), None) => Some(f.map(TaakstellingBewerking::Factor)),
            (None, Some(w)) => Some(w.map(TaakstellingBewerking::Waarde)),
            (None, None) => None,
            (Some(_), Some(_)) => {
                let line = regel
                    .line_van("taakstelling")
                    .max(regel.line_van("taakstelling_factor"));
                self.fout_op(
                    line,
                    "gemeente.taakstelling",
                    "give taakstelling (set) or taakstelling_factor (scale), not both",
                );
                Some(None)
            }
        };
        if taakstelling.is_none() && achterstand.is_none() && !fout {
            self.fout_op(
                regel.line,
                "gemeente",
                "changes nothing: give taakstelling, taakstelling_factor or achterstand",
            );
            return None;
        }
        // a key given with a wrong value (`Some(None)`, its problem recorded) makes no rule
        let taakstelling = match taakstelling {
            Some(t) => Some(t?),
            None => None,
        };
        let achterstand = match achterstand {
            Some(a) => Some(a?),
            None => None,
        };
        let gemeente = gemeente?;
        (!fout).then_some(GemeenteRegel {
            regel,
            gemeente,
            taakstelling,
            achterstand,
        })
    }

    /// A code or `*`: `parse` reads the code, `wat` names what is expected.
    fn keuze<T>(
        &mut self,
        kolom: &str,
        v: &Spanned<DeValue>,
        wat: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<Keuze<T>> {
        let s = match v.get_ref() {
            DeValue::String(s) => s.trim().to_string(),
            DeValue::Integer(i) => i.to_string(),
            _ => String::new(),
        };
        if s == "*" {
            return Some(Keuze::Alle);
        }
        if let Some(x) = parse(&s) {
            return Some(Keuze::Een(x));
        }
        let m = format!("expected {wat} or \"*\", found {}", self.gevonden(v));
        self.fout(&v.span(), kolom, m);
        None
    }

    fn regio(&mut self, kolom: &str, v: &Spanned<DeValue>) -> Option<Keuze<RegioCode>> {
        self.keuze(kolom, v, "a region code AM..", RegioCode::parse)
    }

    fn gemeente(&mut self, kolom: &str, v: &Spanned<DeValue>) -> Option<Keuze<GemeenteCode>> {
        self.keuze(kolom, v, "a gemeente code GM....", GemeenteCode::parse)
    }

    fn beroepsklasse(&mut self, kolom: &str, v: &Spanned<DeValue>) -> Option<Keuze<Beroepsklasse>> {
        if let Some(k) = v.get_ref().as_str().and_then(klasse_van_naam) {
            let m = format!(
                "expected a beroepsklasse 01..13 or \"*\", found {} (that is \"{k}\")",
                self.gevonden(v)
            );
            self.fout(&v.span(), kolom, m);
            return None;
        }
        self.keuze(kolom, v, "a beroepsklasse 01..13", Beroepsklasse::parse)
    }

    fn extern_regel(
        &mut self,
        k: &Spanned<DeString>,
        v: &Spanned<DeValue>,
        map: &Path,
    ) -> Option<ExternRegel> {
        let gegeven = self.tekst("extern", v)?;
        let pad = map.join(&gegeven);
        if geen_gewoon_bestand(&pad) {
            self.fout(&v.span(), "extern", GEEN_GEWOON_BESTAND);
            return None;
        }
        if !pad.is_file() {
            let m = format!(
                "file does not exist: {} (a path is relative to the scenario file's folder)",
                pad.display()
            );
            self.fout(&v.span(), "extern", m);
            return None;
        }
        let line = line_at(self.text, k.span().start);
        Some(ExternRegel {
            regel: Regel {
                line,
                tekst: format!("extern = {}", self.gevonden(v)),
                sleutels: vec![Plek {
                    naam: "extern".into(),
                    line,
                    waarde: v.span(),
                }],
            },
            gegeven,
            pad,
        })
    }

    /// The leaves of `[gewichten]` (values that are not tables), as dotted keys.
    fn bladeren(&self, t: &DeTable, pad: &mut Vec<String>, uit: &mut Vec<GewichtRegel>) {
        for (k, v) in op_volgorde(t) {
            pad.push(k.get_ref().to_string());
            match v.get_ref() {
                DeValue::Table(sub) => self.bladeren(sub, pad, uit),
                _ => {
                    let line = line_at(self.text, k.span().start);
                    let sleutel = pad.join(".");
                    let waarde = toml::Value::deserialize(v.clone().into_deserializer())
                        .unwrap_or_else(|_| toml::Value::String(self.gevonden(v)));
                    uit.push(GewichtRegel {
                        regel: Regel {
                            line,
                            tekst: format!("{} = {}", sleutel, self.gevonden(v)),
                            sleutels: vec![Plek {
                                naam: sleutel.clone(),
                                line,
                                waarde: v.span(),
                            }],
                        },
                        sleutel,
                        waarde,
                    });
                }
            }
            pad.pop();
        }
    }
}

/// The beroepsklasse whose CBS name is `s` (any case), for a hint when a name is given
/// where the code belongs.
fn klasse_van_naam(s: &str) -> Option<Beroepsklasse> {
    let s = s.trim();
    Beroepsklasse::all().find(|k| k.naam().eq_ignore_ascii_case(s))
}

/// `basis` as the table `gewichten.toml` would hold.
fn als_tabel(g: &Gewichten) -> toml::Table {
    toml::Table::try_from(g).expect("the weights serialise to TOML")
}

/// The value at dotted `sleutel` of `t`.
fn waarde_in<'a>(t: &'a toml::Table, sleutel: &str) -> Option<&'a toml::Value> {
    let mut delen = sleutel.split('.');
    let mut v = t.get(delen.next()?)?;
    for d in delen {
        v = v.as_table()?.get(d)?;
    }
    Some(v)
}

/// `t` with `sleutel` set to `waarde`, tables made on the way.
fn met_waarde(t: &toml::Table, sleutel: &str, waarde: &toml::Value) -> toml::Table {
    let mut t = t.clone();
    let delen: Vec<&str> = sleutel.split('.').collect();
    let (laatste, pad) = delen.split_last().expect("a key has a part");
    let mut hier = &mut t;
    for d in pad {
        let v = hier
            .entry(d.to_string())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if !v.is_table() {
            *v = toml::Value::Table(toml::Table::new());
        }
        hier = v.as_table_mut().expect("just made a table");
    }
    hier.insert(laatste.to_string(), waarde.clone());
    t
}

/// The value `sleutel` has in `g` when its table is given empty: the default of a section
/// that `g` leaves out when unset (as `[extern]`), for a change's old value.
fn standaard(g: &Gewichten, sleutel: &str) -> Option<toml::Value> {
    let (tabel, _) = sleutel.rsplit_once('.')?;
    let leeg = met_waarde(
        &als_tabel(g),
        tabel,
        &toml::Value::Table(toml::Table::new()),
    );
    let g = toml::Value::Table(leeg).try_into::<Gewichten>().ok()?;
    waarde_in(&als_tabel(&g), sleutel).cloned()
}

/// What one `[gewichten]` rule did: the value before and after, or its problem.
type Toegepast = Result<(toml::Value, toml::Value), String>;

/// `basis` with the `[gewichten]` rules applied in order, checked exactly as `gewichten.toml`
/// is (its serde types and [`Gewichten::problems`]), and per rule (by index) what it did; a
/// rule with a problem is left out.
fn gewichten_met(
    basis: &Gewichten,
    regels: &[GewichtRegel],
) -> (Gewichten, Vec<(usize, Toegepast)>) {
    let mut g = basis.clone();
    let mut uit = Vec::new();
    for (i, r) in regels.iter().enumerate() {
        let voor = als_tabel(&g);
        let t = met_waarde(&voor, &r.sleutel, &r.waarde);
        let gedaan = match toml::Value::Table(t).try_into::<Gewichten>() {
            Ok(nieuw) => {
                let problemen: Vec<String> = nieuw
                    .problems()
                    .into_iter()
                    .filter(|(k, _)| *k == r.sleutel)
                    .map(|(_, m)| m)
                    .collect();
                if let Some(m) = problemen.into_iter().next() {
                    Err(m)
                } else {
                    let oud = waarde_in(&voor, &r.sleutel)
                        .cloned()
                        .or_else(|| standaard(&g, &r.sleutel));
                    let na = waarde_in(&als_tabel(&nieuw), &r.sleutel).cloned();
                    g = nieuw;
                    match (oud, na) {
                        (Some(oud), Some(nieuw)) => Ok((oud, nieuw)),
                        _ => Err("not a key of gewichten.toml".to_string()),
                    }
                }
            }
            Err(e) => Err(e
                .message()
                .lines()
                .next()
                .unwrap_or("invalid value")
                .to_string()),
        };
        uit.push((i, gedaan));
    }
    (g, uit)
}

/// Applies scenario `s` to the input `invoer`: the variant input and every change made, in
/// the order of the file (within a rule, in the order of the input's rows); a value a rule
/// leaves as it was is no change. Checks the rules against the input: a region or gemeente
/// it does not have, or a rule that matches no row, is a problem. A file of the input that
/// could not be read (its rows `None`) is skipped: its own problems stay in
/// [`Invoer::problems`].
///
/// The variant's [`super::Herkomst::hashes`] get the entry `scenario:<file name>` with the
/// scenario's SHA-256, so its report never passes for the base's: the input files' own hashes
/// are those of the base, and `explain` on the variant's output sees the input differ.
pub fn pas_toe(s: &Scenario, mut invoer: Invoer) -> Result<(Invoer, Vec<Wijziging>), Problems> {
    let mut problems = Problems::default();
    let mut fout = |line: u64, kolom: &str, message: String| {
        problems.add(&s.bestand, Some(line), Some(kolom), message);
    };
    let mut wijzigingen = Vec::new();
    let regio_namen: Option<HashMap<RegioCode, String>> = invoer.regios.as_ref().map(|rs| {
        rs.iter()
            .map(|r| (r.code.clone(), r.naam.clone()))
            .collect()
    });
    for r in &s.spanning {
        if let (Keuze::Een(code), Some(namen)) = (&r.regio, &regio_namen) {
            if !namen.contains_key(code) {
                fout(
                    r.regel.line_van("regio"),
                    "spanning.regio",
                    format!("unknown region \"{code}\", not in {REGIOS}"),
                );
                continue;
            }
        }
        let Some(rows) = invoer.arbeidsmarkt.as_mut() else {
            continue;
        };
        let mut geraakt = 0;
        for row in rows
            .iter_mut()
            .filter(|row| r.regio.past(&row.regio) && r.beroepsklasse.past(&row.beroepsklasse))
        {
            geraakt += 1;
            let oud = row.spanning;
            let nieuw = match r.bewerking {
                Bewerking::Factor(f) => oud * f,
                Bewerking::Waarde(w) => w,
            };
            if !nieuw.is_finite() {
                fout(
                    r.regel.line_van("factor"),
                    "spanning.factor",
                    format!(
                        "gives spanning {nieuw} for {} {}",
                        row.regio, row.beroepsklasse
                    ),
                );
            } else if nieuw != oud {
                row.spanning = nieuw;
                wijzigingen.push(Wijziging {
                    regel: r.regel.clone(),
                    wat: Wat::Spanning {
                        regio: row.regio.clone(),
                        regio_naam: regio_namen
                            .as_ref()
                            .and_then(|n| n.get(&row.regio).cloned())
                            .unwrap_or_default(),
                        beroepsklasse: row.beroepsklasse,
                        oud,
                        nieuw,
                        bewerking: r.bewerking,
                    },
                });
            }
        }
        if geraakt == 0 {
            fout(
                r.regel.line,
                "spanning",
                format!(
                    "matches no row of {ARBEIDSMARKT} (regio {}, beroepsklasse {})",
                    r.regio, r.beroepsklasse
                ),
            );
        }
    }
    let codes: Option<HashSet<GemeenteCode>> = invoer
        .gemeenten
        .as_ref()
        .map(|gs| gs.iter().map(|g| g.code.clone()).collect());
    for r in &s.gemeenten {
        if let (Keuze::Een(code), Some(codes)) = (&r.gemeente, &codes) {
            if !codes.contains(code) {
                fout(
                    r.regel.line_van("gemeente"),
                    "gemeente.gemeente",
                    format!("unknown gemeente \"{code}\", not in {GEMEENTEN}"),
                );
                continue;
            }
        }
        let Some(rows) = invoer.gemeenten.as_mut() else {
            continue;
        };
        let mut geraakt = 0;
        for row in rows.iter_mut().filter(|g| r.gemeente.past(&g.code)) {
            geraakt += 1;
            if let Some(b) = r.taakstelling {
                let oud = row.taakstelling;
                let nieuw = match b {
                    // half away from zero; 0 <= result, as factor >= 0 and oud >= 0
                    TaakstellingBewerking::Factor(f) => (oud as f64 * f).round(),
                    TaakstellingBewerking::Waarde(w) => w as f64,
                };
                if nieuw > MAX_AANTAL as f64 {
                    fout(
                        r.regel.line_van("taakstelling_factor"),
                        "gemeente.taakstelling_factor",
                        format!(
                            "gives taakstelling {nieuw} for {}, more than {MAX_AANTAL}",
                            row.code
                        ),
                    );
                } else if nieuw as i64 != oud {
                    row.taakstelling = nieuw as i64;
                    wijzigingen.push(Wijziging {
                        regel: r.regel.clone(),
                        wat: Wat::Taakstelling {
                            gemeente: row.code.clone(),
                            gemeente_naam: row.naam.clone(),
                            oud,
                            nieuw: nieuw as i64,
                            bewerking: b,
                        },
                    });
                }
            }
            if let Some(nieuw) = r.achterstand {
                let oud = row.achterstand;
                if nieuw != oud {
                    row.achterstand = nieuw;
                    wijzigingen.push(Wijziging {
                        regel: r.regel.clone(),
                        wat: Wat::Achterstand {
                            gemeente: row.code.clone(),
                            gemeente_naam: row.naam.clone(),
                            oud,
                            nieuw,
                        },
                    });
                }
            }
        }
        if geraakt == 0 {
            fout(
                r.regel.line,
                "gemeente",
                format!("matches no row of {GEMEENTEN}"),
            );
        }
    }
    let (gewichten, toegepast) = gewichten_met(&invoer.gewichten, &s.gewichten);
    for (i, gedaan) in toegepast {
        let r = &s.gewichten[i];
        match gedaan {
            Err(message) => fout(r.regel.line, &sleutel(r), message),
            Ok((oud, nieuw)) if oud != nieuw => wijzigingen.push(Wijziging {
                regel: r.regel.clone(),
                wat: Wat::Gewicht {
                    sleutel: r.sleutel.clone(),
                    oud,
                    nieuw,
                },
            }),
            Ok(_) => {}
        }
    }
    invoer.gewichten = gewichten;
    if let Some(e) = &s.scores_extern {
        wijzigingen.push(Wijziging {
            regel: e.regel.clone(),
            wat: Wat::Extern { pad: e.pad.clone() },
        });
    }
    let naam = Path::new(&s.bestand)
        .file_name()
        .map_or_else(|| s.bestand.clone(), |n| n.to_string_lossy().into_owned());
    invoer
        .herkomst
        .hashes
        .push((format!("{HASH_PREFIX}{naam}"), s.sha256.clone()));
    if problems.is_empty() {
        Ok((invoer, wijzigingen))
    } else {
        Err(problems)
    }
}

/// The variant's input folder as files: the base's files (`bron`), with `gemeenten.csv` and
/// `arbeidsmarkt.csv` written anew from the variant's rows where the scenario changed them,
/// `gewichten.toml` from the variant's weights where it changed them (or `--weights` named
/// another file), and the scenario's external score file as `scores_extern.csv`. Loading these
/// files gives the variant exactly ([`super::Bron::Bestanden`]), and `compare` writes them beside
/// the variant's report, so `explain` and `check` replay it like any run.
pub fn variant_bestanden(
    bron: &super::Bron,
    weights: Option<&Path>,
    scenario: &Scenario,
    variant: &Invoer,
    wijzigingen: &[Wijziging],
) -> Result<Vec<(String, Vec<u8>)>, InputError> {
    use super::bron::{GELEZEN, GEWICHTEN, SCORES_EXTERN};
    let veranderd = |f: fn(&Wat) -> bool| wijzigingen.iter().any(|w| f(&w.wat));
    let mut uit = Vec::new();
    for naam in GELEZEN {
        let inhoud = match naam {
            GEMEENTEN
                if veranderd(|w| {
                    matches!(w, Wat::Taakstelling { .. } | Wat::Achterstand { .. })
                }) =>
            {
                variant.gemeenten.as_deref().map(gemeenten_csv)
            }
            ARBEIDSMARKT if veranderd(|w| matches!(w, Wat::Spanning { .. })) => {
                variant.arbeidsmarkt.as_deref().map(arbeidsmarkt_csv)
            }
            GEWICHTEN if weights.is_some() || veranderd(|w| matches!(w, Wat::Gewicht { .. })) => {
                Some(
                    toml::to_string(&variant.gewichten)
                        .expect("weights serialise")
                        .into_bytes(),
                )
            }
            SCORES_EXTERN => match &scenario.scores_extern {
                Some(e) => read_file(&e.pad)?.map(|b| b.inhoud),
                None => bron.read(naam)?.map(|b| b.inhoud),
            },
            _ => bron.read(naam)?.map(|b| b.inhoud),
        };
        if let Some(b) = inhoud {
            uit.push((naam.to_string(), b));
        }
    }
    Ok(uit)
}

fn csv_tekst(kop: &[&str], rijen: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(kop).expect("in memory");
    for r in rijen {
        w.write_record(&r).expect("in memory");
    }
    w.into_inner().expect("in memory")
}

fn gemeenten_csv(rijen: &[super::GemeenteRow]) -> Vec<u8> {
    csv_tekst(
        &[
            "gemeente_code",
            "gemeente_naam",
            "arbeidsmarktregio_code",
            "inwoners",
            "taakstelling",
            "gerealiseerd",
            "achterstand",
        ],
        rijen.iter().map(|r| {
            vec![
                r.code.to_string(),
                r.naam.clone(),
                r.regio.to_string(),
                r.inwoners.to_string(),
                r.taakstelling.to_string(),
                r.gerealiseerd.to_string(),
                r.achterstand.to_string(),
            ]
        }),
    )
}

fn arbeidsmarkt_csv(rijen: &[super::ArbeidsmarktRow]) -> Vec<u8> {
    csv_tekst(
        &["arbeidsmarktregio_code", "beroepsklasse", "spanning"],
        rijen.iter().map(|r| {
            vec![
                r.regio.to_string(),
                r.beroepsklasse.to_string(),
                r.spanning.to_string(),
            ]
        }),
    )
}

/// The most steps a `--sweep` may take: each is a solve of the whole variant.
pub const MAX_STAPPEN: usize = 41;

/// `compare --sweep KOLOM=VAN:TOT:STAP`: one number of a scenario (the key `KOLOM`, named as
/// messages name it: `spanning.factor`, `gemeente.taakstelling_factor`,
/// `gewichten.werk.gewicht`), set to each of `VAN, VAN + STAP, ...` up to `TOT`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sweep {
    pub kolom: String,
    /// The key's line in the scenario file, and its value there as written.
    pub line: u64,
    pub gegeven: String,
    pub waarden: Vec<f64>,
    /// The region or gemeente the key's rule names (`None`: `*`, or not a rule of either).
    pub regio: Option<RegioCode>,
    pub gemeente: Option<GemeenteCode>,
    #[serde(skip)]
    waarde: Range<usize>,
}

/// Reads `spec` (`KOLOM=VAN:TOT:STAP`) against the scenario `s`: the key must stand in exactly
/// one rule and hold a number there. Problems are named by `--sweep`.
pub fn sweep(s: &Scenario, spec: &str) -> Result<Sweep, Problems> {
    let fout = |m: String| {
        let mut p = Problems::default();
        p.add("--sweep", None, None, m);
        p
    };
    let Some((kolom, bereik)) = spec.split_once('=') else {
        return Err(fout(format!(
            "expected KEY=FROM:TO:STEP (for example spanning.factor=1:3:0.25), found {spec:?}"
        )));
    };
    let kolom = kolom.trim();
    let getallen: Vec<Option<f64>> = bereik
        .split(':')
        .map(|d| d.trim().parse::<f64>().ok().filter(|x| x.is_finite()))
        .collect();
    let [Some(van), Some(tot), Some(stap)] = getallen[..] else {
        return Err(fout(format!(
            "expected FROM:TO:STEP as three numbers after {kolom}=, found {bereik:?}"
        )));
    };
    if stap <= 0.0 || tot < van {
        return Err(fout(format!(
            "expected FROM <= TO and STEP > 0, found {van}:{tot}:{stap}"
        )));
    }
    // steps counted, not added up, so 1:3:0.25 ends at 3 exactly
    let n = ((tot - van) / stap + 1e-9).floor() as usize + 1;
    if n > MAX_STAPPEN {
        return Err(fout(format!(
            "{n} steps; a sweep takes at most {MAX_STAPPEN} (each is a solve of the variant)"
        )));
    }
    let waarden = (0..n)
        .map(|i| {
            let x = van + i as f64 * stap;
            (x * 1e9).round() / 1e9
        })
        .collect();
    // each rule with what it names: (kind, rule, region, gemeente)
    let regels = s
        .spanning
        .iter()
        .map(|r| ("spanning", &r.regel, r.regio.een(), None))
        .chain(
            s.gemeenten
                .iter()
                .map(|r| ("gemeente", &r.regel, None, r.gemeente.een())),
        )
        .chain(
            s.gewichten
                .iter()
                .map(|r| ("gewichten", &r.regel, None, None)),
        );
    let plekken: Vec<_> = regels
        .flat_map(|(soort, r, regio, gemeente)| {
            r.sleutels
                .iter()
                .filter(move |p| format!("{soort}.{}", p.naam) == kolom)
                .map(move |p| (p, regio.clone(), gemeente.clone()))
        })
        .collect();
    let (plek, regio, gemeente) = match &plekken[..] {
        [p] => p.clone(),
        [] => {
            return Err(fout(format!(
                "{kolom:?} is not a key of a rule in {}; a sweep steps a number the scenario gives (for example spanning.factor)",
                s.bestand
            )))
        }
        _ => {
            let lines: Vec<String> = plekken.iter().map(|p| p.0.line.to_string()).collect();
            return Err(fout(format!(
                "{kolom:?} stands in {} rules of {} (lines {}); a sweep steps one",
                plekken.len(),
                s.bestand,
                lines.join(", ")
            )));
        }
    };
    let gegeven = s.tekst[plek.waarde.clone()].trim().to_string();
    if gegeven.parse::<f64>().is_err() && gegeven.parse::<i64>().is_err() {
        let mut p = Problems::default();
        p.add(
            &s.bestand,
            Some(plek.line),
            Some(kolom),
            format!("--sweep steps a number, found {gegeven}"),
        );
        return Err(p);
    }
    Ok(Sweep {
        kolom: kolom.to_string(),
        line: plek.line,
        gegeven,
        waarden,
        regio,
        gemeente,
        waarde: plek.waarde.clone(),
    })
}

impl Sweep {
    /// The scenario `s` with the swept key set to `waarde`, read and checked again as a file
    /// of its own (a value the key does not take is a problem at its line). Written as a whole
    /// number where the file gives one and `waarde` is whole, else as a decimal number.
    pub fn scenario(&self, s: &Scenario, waarde: f64) -> Result<Scenario, Problems> {
        let geheel = !self.gegeven.contains(['.', 'e', 'E']) && waarde.fract() == 0.0;
        let nieuw = if geheel {
            format!("{}", waarde as i64)
        } else {
            format!("{waarde:?}")
        };
        let tekst = format!(
            "{}{nieuw}{}",
            &s.tekst[..self.waarde.start],
            &s.tekst[self.waarde.end..]
        );
        parse(&s.bestand, &tekst, &s.map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{load, Bron};

    const KOP: &str = "naam = \"test\"\n";

    fn lees_tekst(text: &str) -> Result<Scenario, Vec<String>> {
        parse("s.toml", text, Path::new(".")).map_err(|p| p.lines())
    }

    fn voorbeeld() -> Invoer {
        load(&Bron::Voorbeeld, None).unwrap()
    }

    /// The scenario `text` applied to the embedded example.
    fn toegepast(text: &str) -> Result<(Invoer, Vec<Wijziging>), Vec<String>> {
        let s = lees_tekst(text)?;
        pas_toe(&s, voorbeeld()).map_err(|p| p.lines())
    }

    /// Each kind of problem on its own, with file, line and column.
    #[test]
    fn every_problem_is_located() {
        let gevallen: &[(&str, &str)] = &[
            ("naam = \"x\"\nfactor = ", "s.toml:2: "),
            ("omschrijving = \"x\"\n", "s.toml:1: column \"naam\": missing"),
            ("naam = \"  \"\n", "s.toml:1: column \"naam\": must not be empty"),
            ("naam = 3\n", "s.toml:1: column \"naam\": expected text in quotes, found 3"),
            ("naam = \"x\"\n\nspaning = 1\n", "s.toml:3: column \"spaning\": unknown key"),
            (
                "naam = \"x\"\n[spanning]\nregio = \"AM28\"\n",
                "s.toml:2: column \"spanning\": expected rules written as [[spanning]]",
            ),
            (
                "naam = \"x\"\n[[spanning]]\nregio = \"AM28\"\nberoepsklasse = \"07\"\nfactor = 2\nfacter = 3\n",
                "s.toml:6: column \"spanning.facter\": unknown key",
            ),
            (
                "naam = \"x\"\n[[spanning]]\nregio = \"Zuidoost-Brabant\"\nberoepsklasse = \"07\"\nfactor = 2\n",
                "s.toml:3: column \"spanning.regio\": expected a region code AM.. or \"*\", found \"Zuidoost-Brabant\"",
            ),
            (
                "naam = \"x\"\n[[spanning]]\nregio = \"AM28\"\nberoepsklasse = \"14\"\nfactor = 2\n",
                "s.toml:4: column \"spanning.beroepsklasse\": expected a beroepsklasse 01..13 or \"*\", found \"14\"",
            ),
            (
                "naam = \"x\"\n[[spanning]]\nregio = \"AM28\"\nberoepsklasse = \"technische beroepen\"\nfactor = 2\n",
                "s.toml:4: column \"spanning.beroepsklasse\": expected a beroepsklasse 01..13 or \"*\", found \"technische beroepen\" (that is \"07\")",
            ),
            (
                "naam = \"x\"\n[[spanning]]\nberoepsklasse = \"07\"\nfactor = 2\n",
                "s.toml:2: column \"spanning.regio\": missing",
            ),
            (
                "naam = \"x\"\n[[spanning]]\nregio = \"AM28\"\nfactor = 2\n",
                "s.toml:2: column \"spanning.beroepsklasse\": missing",
            ),
            (
                "naam = \"x\"\n[[spanning]]\nregio = \"AM28\"\nberoepsklasse = \"07\"\nfactor = 2\nwaarde = 3\n",
                "s.toml:6: column \"spanning.waarde\": give factor (scale) or waarde (set), not both",
            ),
            (
                "naam = \"x\"\n[[spanning]]\nregio = \"AM28\"\nberoepsklasse = \"07\"\n",
                "s.toml:2: column \"spanning.factor\": missing: give factor (scale) or waarde (set)",
            ),
            (
                "naam = \"x\"\n[[spanning]]\nregio = \"AM28\"\nberoepsklasse = \"07\"\nfactor = -2\n",
                "s.toml:5: column \"spanning.factor\": expected a finite number of at least 0, found -2",
            ),
            (
                "naam = \"x\"\n[[spanning]]\nregio = \"AM28\"\nberoepsklasse = \"07\"\nwaarde = inf\n",
                "s.toml:5: column \"spanning.waarde\": expected a finite number of at least 0, found inf",
            ),
            (
                "naam = \"x\"\n[[spanning]]\nregio = \"AM28\"\nberoepsklasse = \"07\"\nfactor = nan\n",
                "s.toml:5: column \"spanning.factor\": expected a finite number of at least 0, found nan",
            ),
            (
                "naam = \"x\"\n[[spanning]]\nregio = \"AM28\"\nberoepsklasse = \"07\"\nfactor = \"2\"\n",
                "s.toml:5: column \"spanning.factor\": expected a finite number of at least 0, found \"2\"",
            ),
            (
                "naam = \"x\"\n[[gemeente]]\ngemeente = \"Amsterdam\"\ntaakstelling = 5\n",
                "s.toml:3: column \"gemeente.gemeente\": expected a gemeente code GM.... or \"*\"",
            ),
            (
                "naam = \"x\"\n[[gemeente]]\ntaakstelling = 5\n",
                "s.toml:2: column \"gemeente.gemeente\": missing",
            ),
            (
                "naam = \"x\"\n[[gemeente]]\ngemeente = \"GM0363\"\ntaakstelling = 640.5\n",
                "s.toml:4: column \"gemeente.taakstelling\": expected a whole number from 0 to 100000000, found 640.5",
            ),
            (
                "naam = \"x\"\n[[gemeente]]\ngemeente = \"GM0363\"\ntaakstelling = -1\n",
                "s.toml:4: column \"gemeente.taakstelling\": expected a whole number from 0",
            ),
            (
                "naam = \"x\"\n[[gemeente]]\ngemeente = \"GM0363\"\nachterstand = 1.5\n",
                "s.toml:4: column \"gemeente.achterstand\": expected a whole number from -100000000",
            ),
            (
                "naam = \"x\"\n[[gemeente]]\ngemeente = \"GM0363\"\ntaakstelling = 5\ntaakstelling_factor = 1.2\n",
                "s.toml:5: column \"gemeente.taakstelling\": give taakstelling (set) or taakstelling_factor (scale), not both",
            ),
            (
                "naam = \"x\"\n[[gemeente]]\ngemeente = \"GM0363\"\n",
                "s.toml:2: column \"gemeente\": changes nothing",
            ),
            (
                "naam = \"x\"\n[[gemeente]]\ngemeente = \"GM0363\"\ntaakstelling = 5\nquotum = 3\n",
                "s.toml:5: column \"gemeente.quotum\": unknown key",
            ),
            (
                "naam = \"x\"\nextern = \"bestaat-niet.csv\"\n",
                "s.toml:2: column \"extern\": file does not exist: ./bestaat-niet.csv",
            ),
            (
                "naam = \"x\"\nextern = \"/dev/null\"\n",
                "s.toml:2: column \"extern\": not a regular file",
            ),
            ("naam = \"x\"\ngewichten = 3\n", "s.toml:2: column \"gewichten\": expected a table"),
            (
                "naam = \"x\"\n[gewichten.werk]\nintresse = 2\n",
                "s.toml:3: column \"gewichten.werk.intresse\": unknown field `intresse`, expected one of",
            ),
            (
                "naam = \"x\"\n[gewichten]\nmodel.marge = 1.5\n",
                "s.toml:3: column \"gewichten.model.marge\": invalid type: floating point `1.5`, expected u32",
            ),
            (
                "naam = \"x\"\n[gewichten]\ncombinatie = \"max\"\n",
                "s.toml:3: column \"gewichten.combinatie\": unknown variant `max`",
            ),
            (
                "naam = \"x\"\n[gewichten.netwerk]\ngemeente = -1\n",
                "s.toml:3: column \"gewichten.netwerk.gemeente\": expected a number from 0 to 1000000, found -1",
            ),
        ];
        for (text, verwacht) in gevallen {
            let problemen = lees_tekst(text).expect_err(text);
            assert_eq!(problemen.len(), 1, "{text}: {problemen:?}");
            assert!(
                problemen[0].starts_with(verwacht),
                "{text}:\n{}\ndoes not start with\n{verwacht}",
                problemen[0]
            );
        }
    }

    /// Problems that need the input: each located, with file, line and column.
    #[test]
    fn problems_against_the_input_are_located() {
        let gevallen: &[(&str, &str)] = &[
            (
                "[[spanning]]\nregio = \"AM99\"\nberoepsklasse = \"07\"\nfactor = 2\n",
                "s.toml:3: column \"spanning.regio\": unknown region \"AM99\", not in regios.csv",
            ),
            (
                "[[gemeente]]\ngemeente = \"GM9999\"\ntaakstelling = 5\n",
                "s.toml:3: column \"gemeente.gemeente\": unknown gemeente \"GM9999\", not in gemeenten.csv",
            ),
            (
                "[[gemeente]]\ngemeente = \"*\"\ntaakstelling_factor = 1e300\n",
                "s.toml:4: column \"gemeente.taakstelling_factor\": gives taakstelling",
            ),
            (
                "[[spanning]]\nregio = \"AM28\"\nberoepsklasse = \"07\"\nfactor = 1e308\n",
                "s.toml:5: column \"spanning.factor\": gives spanning inf for AM28 07",
            ),
        ];
        for (text, verwacht) in gevallen {
            let text = format!("{KOP}{text}");
            let problemen = toegepast(&text).expect_err(&text);
            assert!(!problemen.is_empty());
            assert!(
                problemen[0].starts_with(verwacht),
                "{text}:\n{}\ndoes not start with\n{verwacht}",
                problemen[0]
            );
        }
        // a rule that matches no row: the region is known, its profile is not
        let s = lees_tekst(&format!(
            "{KOP}\n[[spanning]]\nregio = \"AM28\"\nberoepsklasse = \"*\"\nwaarde = 1\n"
        ))
        .unwrap();
        let mut invoer = voorbeeld();
        invoer
            .arbeidsmarkt
            .as_mut()
            .unwrap()
            .retain(|r| r.regio.as_str() != "AM28");
        let problemen = pas_toe(&s, invoer).err().unwrap().lines();
        assert_eq!(
            problemen,
            vec![
                "s.toml:3: column \"spanning\": matches no row of arbeidsmarkt.csv (regio AM28, beroepsklasse *)"
            ]
        );
    }

    /// All problems are listed, in one pass each, never only the first.
    #[test]
    fn all_problems_are_listed() {
        let problemen = lees_tekst(
            "naam = \"x\"\nonbekend = 1\n[[spanning]]\nregio = \"X\"\nberoepsklasse = \"0\"\nfactor = -1\n\
             [[gemeente]]\ngemeente = \"GM0363\"\ntaakstelling = 1.5\n[gewichten]\nwerk.gewicht = -3\n",
        )
        .unwrap_err();
        let lines: Vec<&str> = problemen
            .iter()
            .map(|p| p.split(": ").next().unwrap())
            .collect();
        assert_eq!(
            lines,
            vec![
                "s.toml:2",
                "s.toml:4",
                "s.toml:5",
                "s.toml:6",
                "s.toml:9",
                "s.toml:11"
            ],
            "{problemen:#?}"
        );
    }

    #[test]
    fn factor_one_everywhere_leaves_the_input_as_it_was() {
        let (variant, wijzigingen) = toegepast(&format!(
            "{KOP}[[spanning]]\nregio = \"*\"\nberoepsklasse = \"*\"\nfactor = 1.0\n\
             [[gemeente]]\ngemeente = \"*\"\ntaakstelling_factor = 1.0\n"
        ))
        .unwrap();
        let basis = voorbeeld();
        assert!(wijzigingen.is_empty(), "{wijzigingen:?}");
        assert_eq!(
            format!("{:?}", variant.arbeidsmarkt),
            format!("{:?}", basis.arbeidsmarkt)
        );
        assert_eq!(
            format!("{:?}", variant.gemeenten),
            format!("{:?}", basis.gemeenten)
        );
        assert_eq!(
            format!("{:?}", variant.personen),
            format!("{:?}", basis.personen)
        );
        assert_eq!(variant.gewichten, basis.gewichten);
        // but its provenance names the scenario
        assert_eq!(
            variant.herkomst.hashes.len(),
            basis.herkomst.hashes.len() + 1
        );
        let (naam, hash) = variant.herkomst.hashes.last().unwrap();
        assert_eq!(naam, "scenario:s.toml");
        assert_eq!(hash.len(), 64);
    }

    #[test]
    fn star_matches_every_row() {
        let (variant, wijzigingen) = toegepast(&format!(
            "{KOP}[[spanning]]\nregio = \"*\"\nberoepsklasse = \"*\"\nwaarde = 1.0\n"
        ))
        .unwrap();
        let basis = voorbeeld();
        let rows = variant.arbeidsmarkt.unwrap();
        assert!(rows.iter().all(|r| r.spanning == 1.0));
        let veranderd = basis
            .arbeidsmarkt
            .unwrap()
            .iter()
            .filter(|r| r.spanning != 1.0)
            .count();
        assert!(veranderd > 400, "{veranderd}");
        assert_eq!(wijzigingen.len(), veranderd);
        // one class in every region
        let (variant, wijzigingen) = toegepast(&format!(
            "{KOP}[[spanning]]\nregio = \"*\"\nberoepsklasse = 7\nfactor = 2\n"
        ))
        .unwrap();
        let regios = variant.regios.unwrap().len();
        assert_eq!(wijzigingen.len(), regios);
        assert!(wijzigingen.iter().all(|w| matches!(
            &w.wat,
            Wat::Spanning { beroepsklasse, nieuw, oud, .. }
                if beroepsklasse.to_string() == "07" && *nieuw == 2.0 * oud
        )));
    }

    #[test]
    fn rules_apply_in_order_and_carry_their_text_and_line() {
        let (variant, w) = toegepast(&format!(
            "{KOP}[[spanning]]\nregio = \"am28\"\nberoepsklasse = \"7\"\nfactor = 2\n\
             [[spanning]]\nregio = \"AM28\"\nberoepsklasse = \"07\"\nfactor = 1.5\n"
        ))
        .unwrap();
        let rij = variant
            .arbeidsmarkt
            .unwrap()
            .into_iter()
            .find(|r| r.regio.as_str() == "AM28" && r.beroepsklasse.to_string() == "07")
            .unwrap();
        assert!((rij.spanning - 6.77 * 3.0).abs() < 1e-9);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].regel.line, 2);
        assert_eq!(
            w[0].regel.tekst,
            "regio = \"am28\", beroepsklasse = \"7\", factor = 2"
        );
        assert_eq!(w[1].regel.line, 6);
        match (&w[0].wat, &w[1].wat) {
            (
                Wat::Spanning {
                    regio,
                    regio_naam,
                    oud,
                    nieuw,
                    ..
                },
                Wat::Spanning { oud: oud2, .. },
            ) => {
                assert_eq!(regio.as_str(), "AM28");
                assert_eq!(regio_naam, "Zuidoost-Brabant");
                assert_eq!((*oud, *nieuw), (6.77, 13.54));
                assert_eq!(oud2, nieuw);
            }
            w => panic!("{w:?}"),
        }
    }

    #[test]
    fn taakstelling_factor_rounds_half_away_from_zero() {
        let mut invoer = voorbeeld();
        let rows = invoer.gemeenten.as_mut().unwrap();
        for (row, t) in rows.iter_mut().zip([5, 3, 1, 0]) {
            row.taakstelling = t;
        }
        let codes: Vec<String> = rows.iter().take(4).map(|r| r.code.to_string()).collect();
        let s = lees_tekst(&format!(
            "{KOP}[[gemeente]]\ngemeente = \"*\"\ntaakstelling_factor = 0.5\n"
        ))
        .unwrap();
        let (variant, w) = pas_toe(&s, invoer).unwrap();
        let na: Vec<i64> = variant.gemeenten.unwrap()[..4]
            .iter()
            .map(|r| r.taakstelling)
            .collect();
        // 2.5 -> 3, 1.5 -> 2, 0.5 -> 1, 0 -> 0
        assert_eq!(na, vec![3, 2, 1, 0]);
        let eerste: Vec<_> = w
            .iter()
            .filter_map(|w| match &w.wat {
                Wat::Taakstelling {
                    gemeente,
                    oud,
                    nieuw,
                    ..
                } if codes.contains(&gemeente.to_string()) => Some((*oud, *nieuw)),
                _ => None,
            })
            .collect();
        // 1 -> 1 and 0 -> 0 are no change
        assert_eq!(eerste, vec![(5, 3), (3, 2)]);
    }

    #[test]
    fn taakstelling_and_achterstand_are_set() {
        let (variant, w) = toegepast(&format!(
            "{KOP}[[gemeente]]\ngemeente = \"GM0599\"\ntaakstelling = 640\nachterstand = -10\n"
        ))
        .unwrap();
        let r = variant
            .gemeenten
            .unwrap()
            .into_iter()
            .find(|g| g.code.as_str() == "GM0599")
            .unwrap();
        assert_eq!((r.taakstelling, r.achterstand), (640, -10));
        assert_eq!(w.len(), 2);
        assert!(
            matches!(&w[0].wat, Wat::Taakstelling { gemeente_naam, nieuw: 640, .. } if gemeente_naam == "Rotterdam")
        );
        assert!(matches!(&w[1].wat, Wat::Achterstand { nieuw: -10, .. }));
    }

    /// `[gewichten]` changes the input's weights, not the defaults, key by key.
    #[test]
    fn weights_override_the_inputs_own() {
        let s = lees_tekst(&format!(
            "{KOP}[gewichten]\ncombinatie = \"gemiddelde\"\n[gewichten.werk]\ninteresse = 0.5\n\
             [gewichten.model]\nmarge = 0\ntekort_boete = 2\n"
        ))
        .unwrap();
        let mut invoer = voorbeeld();
        invoer.gewichten.werk.gewicht = 7.0;
        invoer.gewichten.model.tekort_boete = 2.0;
        let (variant, w) = pas_toe(&s, invoer).unwrap();
        let g = &variant.gewichten;
        assert_eq!(g.werk.gewicht, 7.0);
        assert_eq!(g.werk.interesse, 0.5);
        assert_eq!(g.combinatie, crate::model::Combinatie::Gemiddelde);
        assert_eq!(g.model.marge, 0);
        let sleutels: Vec<(&str, String, String)> = w
            .iter()
            .map(|w| match &w.wat {
                Wat::Gewicht {
                    sleutel,
                    oud,
                    nieuw,
                } => (sleutel.as_str(), oud.to_string(), nieuw.to_string()),
                w => panic!("{w:?}"),
            })
            .collect();
        // tekort_boete was 2 already: no change
        assert_eq!(
            sleutels,
            vec![
                ("combinatie", "\"som\"".into(), "\"gemiddelde\"".into()),
                ("werk.interesse", "0.3".into(), "0.5".into()),
                ("model.marge", "2".into(), "0".into()),
            ]
        );
    }

    /// A change as `vergelijking.json` would carry it.
    #[test]
    fn changes_serialise_with_their_rule() {
        let (_, w) = toegepast(&format!(
            "{KOP}[[spanning]]\nregio = \"AM28\"\nberoepsklasse = \"07\"\nfactor = 2\n\
             [gewichten.model]\nmarge = 5\n"
        ))
        .unwrap();
        let json = serde_json::to_value(&w).unwrap();
        assert_eq!(
            json,
            serde_json::json!([
                {
                    "regel": {"line": 2, "tekst": "regio = \"AM28\", beroepsklasse = \"07\", factor = 2"},
                    "soort": "spanning", "regio": "AM28", "regio_naam": "Zuidoost-Brabant",
                    "beroepsklasse": "07", "oud": 6.77, "nieuw": 13.54, "bewerking": {"factor": 2.0}
                },
                {
                    "regel": {"line": 7, "tekst": "model.marge = 5"},
                    "soort": "gewicht", "sleutel": "model.marge", "oud": 2, "nieuw": 5
                }
            ])
        );
    }

    /// A weight of a section the input leaves out (`[extern]`) changes from its default.
    #[test]
    fn weight_of_an_optional_section() {
        let (variant, w) = toegepast(&format!("{KOP}[gewichten.extern]\ngewicht = 2\n")).unwrap();
        assert_eq!(variant.gewichten.extern_gewicht(), 2.0);
        let [Wijziging {
            wat:
                Wat::Gewicht {
                    sleutel,
                    oud,
                    nieuw,
                },
            ..
        }] = &w[..]
        else {
            panic!("{w:?}")
        };
        assert_eq!(
            (sleutel.as_str(), oud.to_string(), nieuw.to_string()),
            ("extern.gewicht", "1.0".into(), "2.0".into())
        );
    }

    #[test]
    fn extern_is_resolved_against_the_scenario_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("scores_extern.csv"), "x\n").unwrap();
        let pad = dir.path().join("s.toml");
        std::fs::write(&pad, "naam = \"x\"\nextern = \"scores_extern.csv\"\n").unwrap();
        let s = lees(&pad).unwrap();
        let e = s.scores_extern.as_ref().unwrap();
        assert_eq!(e.pad, dir.path().join("scores_extern.csv"));
        assert_eq!(e.regel.line, 2);
        let (_, w) = pas_toe(&s, voorbeeld()).unwrap();
        assert!(matches!(
            &w[..],
            [Wijziging {
                wat: Wat::Extern { .. },
                ..
            }]
        ));
        // a scenario file that does not exist
        let fout = lees(&dir.path().join("nee.toml")).unwrap_err().to_string();
        assert!(
            fout.ends_with("nee.toml: scenario file does not exist"),
            "{fout}"
        );
    }
}
