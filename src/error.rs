//! Errors, one enum per boundary: input (loading and validation), solving, writing; and the
//! rule a koppeling breaks, which a solving error carries.
//!
//! Input problems are collected, not thrown: a user fixes a file once, not forty times.

use std::fmt;
use std::path::PathBuf;

use crate::model::{GemeenteIdx, HuishoudenIdx, RegioIdx};

/// One problem in the input, tied to a file and, where known, a line and a column.
///
/// Displays as `FILE:LINE: column "NAME": what is wrong, found "VALUE"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn new(
        file: &str,
        line: Option<u64>,
        column: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            file: file.to_string(),
            line,
            column: column.map(str::to_string),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // a file or column name of the input, and a message that quotes the input, never
        // reach the terminal with a control character in them
        f.write_str(&zichtbaar(&self.file))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ": column {}", quoted(column))?;
        }
        write!(f, ": {}", zichtbaar(&self.message))
    }
}

/// How many problems of one file are listed before the rest is summarised.
pub const PROBLEMS_PER_FILE: usize = 50;

/// Collects problems, keeping at most [`PROBLEMS_PER_FILE`] per file and counting the rest.
#[derive(Debug, Default, Clone)]
pub struct Problems {
    list: Vec<Problem>,
    /// (file, problems not listed)
    skipped: Vec<(String, usize)>,
}

impl Problems {
    pub fn push(&mut self, p: Problem) {
        let listed = self.list.iter().filter(|q| q.file == p.file).count();
        if listed < PROBLEMS_PER_FILE {
            self.list.push(p);
        } else if let Some(entry) = self.skipped.iter_mut().find(|(f, _)| *f == p.file) {
            entry.1 += 1;
        } else {
            self.skipped.push((p.file, 1));
        }
    }

    pub fn add(
        &mut self,
        file: &str,
        line: Option<u64>,
        column: Option<&str>,
        message: impl Into<String>,
    ) {
        self.push(Problem::new(file, line, column, message));
    }

    pub fn extend(&mut self, other: Problems) {
        for p in other.list {
            self.push(p);
        }
        for (file, n) in other.skipped {
            match self.skipped.iter_mut().find(|(f, _)| *f == file) {
                Some(entry) => entry.1 += n,
                None => self.skipped.push((file, n)),
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The problems of the files `bestanden` alone (those listed and those counted).
    pub fn van(self, bestanden: &[String]) -> Problems {
        let van = |f: &String| bestanden.contains(f);
        Problems {
            list: self.list.into_iter().filter(|p| van(&p.file)).collect(),
            skipped: self.skipped.into_iter().filter(|(f, _)| van(f)).collect(),
        }
    }

    pub fn has_file(&self, file: &str) -> bool {
        self.list.iter().any(|p| p.file == file)
    }

    /// All problems as lines, with a closing line per file whose problems were capped.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self.list.iter().map(Problem::to_string).collect();
        for (file, n) in &self.skipped {
            out.push(format!("{file}: {n} more problems not listed"));
        }
        out
    }

    pub fn into_result<T>(self, ok: T) -> Result<T, InputError> {
        if self.is_empty() {
            Ok(ok)
        } else {
            Err(InputError::Invalid(self))
        }
    }
}

/// The input could not be read, or is not valid.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", .0.lines().join("\n"))]
    Invalid(Problems),
    /// The model of this input needs more memory than the process may take.
    #[error(
        "the input is too large for the memory available: {huishoudens} households with \
         {paren} allowed household-gemeente pairs need at least {} more, and {} is left under \
         {grens}; split the batch, or run on a machine with more memory (docs/report.md, \
         \"Memory\")",
        gb(*nodig),
        gb(*ruimte)
    )]
    Geheugen {
        huishoudens: u64,
        paren: u64,
        /// Bytes still to take, beyond what the process holds.
        nodig: u64,
        ruimte: u64,
        /// The tightest limit, in words (`the address-space limit (ulimit -v)`).
        grens: &'static str,
    },
}

/// Bytes as gigabytes with one decimal (`4.3 GB`), or megabytes below one gigabyte.
fn gb(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    let mb = bytes as f64 / MB;
    if mb < 1024.0 {
        format!("{mb:.0} MB")
    } else {
        format!("{:.1} GB", mb / 1024.0)
    }
}

/// A rule of the optimisation model that a koppeling breaks (see [`crate::solve::doelwaarde`]).
/// Here rather than in `solve`, because [`SolveError`] carries it: a koppeling that breaks a
/// rule where none may is a failure of the solver.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Overtreding {
    /// Household `h` in gemeente `g`, where it is not allowed (for a fixed household: any
    /// gemeente but its own).
    NietToegestaan { h: HuishoudenIdx, g: GemeenteIdx },
    /// A fixed household left uncoupled.
    VastOngekoppeld { h: HuishoudenIdx },
    /// Gemeente `g` receives more persons than its capacity.
    Capaciteit {
        g: GemeenteIdx,
        personen: i64,
        cap: i64,
    },
    /// Region `regio`'s mean fit is below the spread bound's floor
    /// ([`crate::solve::regio_vloer`]).
    OnderVloer {
        regio: RegioIdx,
        gemiddelde: f64,
        vloer: f64,
    },
}

impl fmt::Display for Overtreding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Overtreding::NietToegestaan { h, g } => {
                write!(f, "household {h} is not allowed in gemeente {g}")
            }
            Overtreding::VastOngekoppeld { h } => write!(f, "fixed household {h} is uncoupled"),
            Overtreding::Capaciteit { g, personen, cap } => {
                write!(
                    f,
                    "gemeente {g} receives {personen} persons, capacity {cap}"
                )
            }
            Overtreding::OnderVloer {
                regio,
                gemiddelde,
                vloer,
            } => write!(
                f,
                "region {regio} has a mean fit of {gemiddelde} below the floor {vloer}"
            ),
        }
    }
}

/// The solver failed (not: some household could not be coupled; that is a result). Each
/// variant is one way it can fail; all mean a bug or a broken HiGHS, never bad input.
#[derive(Debug, thiserror::Error)]
pub enum SolveError {
    /// good_lp could not hand the model to HiGHS.
    #[error("the solver failed: {0}")]
    Model(good_lp::ResolutionError),
    /// HiGHS refused one of kansrijk's options.
    #[error("the solver failed: option {optie}: {fout:?}")]
    Optie {
        optie: &'static str,
        fout: highs::TrySetOptionError,
    },
    /// HiGHS refused the start koppeling.
    #[error("the solver failed: start: {0:?}")]
    Start(highs::HighsStatus),
    /// HiGHS could not run.
    #[error("the solver failed: {0:?}")]
    Highs(highs::HighsStatus),
    /// HiGHS ended without a solution or a time limit (infeasible, unbounded, an error).
    #[error("the solver failed: HiGHS ended with status {0:?}")]
    Einde(highs::HighsModelStatus),
    /// The LP that makes the continuous `y` whole has no solution.
    #[error("the solver failed: the transportation LP of the koppeling has no solution")]
    TransportZonderOplossing,
    /// The LP that makes the continuous `y` whole left one fractional.
    #[error("the solver failed: column {kolom} is fractional ({waarde}) in the transportation LP")]
    TransportFractioneel { kolom: usize, waarde: f64 },
    /// A reduced cost computed from the row duals differs from HiGHS's own: the pricing proof
    /// would not hold.
    #[error("the solver failed: reduced cost {eigen} of household {huishouden} in region {regio} differs from HiGHS's {highs}")]
    GereduceerdeKosten {
        huishouden: HuishoudenIdx,
        regio: RegioIdx,
        eigen: f64,
        highs: f64,
    },
    /// The koppeling read back from HiGHS breaks a rule.
    #[error("the solver failed: the solver's answer breaks a rule: {0}")]
    AntwoordBreektRegel(Overtreding),
    /// The koppeling read back from HiGHS is worth less than HiGHS said.
    #[error(
        "the solver failed: read-back objective {teruggelezen} is below the solver's {solver}"
    )]
    AntwoordMinder { teruggelezen: f64, solver: f64 },
    /// The greedy koppeling breaks a rule.
    #[error("the solver failed: the greedy koppeling breaks a rule: {0}")]
    GretigBreektRegel(Overtreding),
    /// Local search made a koppeling that breaks a rule.
    #[error("the solver failed: local search broke a rule: {0}")]
    ZoekBreektRegel(Overtreding),
    /// A baseline of the report breaks a rule.
    #[error("the solver failed: a baseline breaks a rule: {0}")]
    BasislijnBreektRegel(Overtreding),
}

/// The output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {reason}", path.display())]
    Refused { path: PathBuf, reason: String },
    /// Another process holds the output's lock (see [`crate::io::output`]).
    #[error("{}: another kansrijk run is writing here; wait until it has finished or choose another --out", path.display())]
    Busy { path: PathBuf },
}

/// `kansrijk generate` was given options it cannot use.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error("{0}")]
    Opties(String),
}

/// `kansrijk explain` or `kansrijk check` cannot read the run in the output folder it was
/// given. The messages are in Dutch: the users of both are klantmanagers and auditors, not the
/// scripts that read input errors.
#[derive(Debug, thiserror::Error)]
pub enum UitlegError {
    #[error("{}: de map bestaat niet; geef met --out de uitvoermap van een afgeronde kansrijk match", .0.display())]
    GeenMap(PathBuf),
    #[error("{}: ontbreekt; dit is geen uitvoermap van kansrijk match", .0.display())]
    GeenRapport(PathBuf),
    #[error("{}: onleesbaar: {reden}", path.display())]
    Onleesbaar { path: PathBuf, reden: String },
    /// The report names another schema version than this build reads, or none (`gevonden`,
    /// as JSON).
    #[error("{}: schemaversie {}, verwacht \"{verwacht}\": een rapport van een andere versie van kansrijk; draai kansrijk match opnieuw", path.display(), gevonden.as_deref().unwrap_or("ontbreekt"))]
    AndereVersie {
        path: PathBuf,
        gevonden: Option<String>,
        verwacht: &'static str,
    },
    #[error("{}: huishouden \"{id}\" komt niet voor in deze run", path.display())]
    OnbekendHuishouden { path: PathBuf, id: String },
    #[error("{}: de invoermap van deze run bestaat niet meer; geef haar op met --data", .0.display())]
    InvoerWeg(PathBuf),
    #[error("{}: de invoer is gewijzigd sinds de run ({wat}); draai kansrijk match opnieuw", path.display())]
    InvoerGewijzigd { path: PathBuf, wat: String },
    #[error("{}: past niet bij de invoer: {reden}", path.display())]
    PastNiet { path: PathBuf, reden: String },
    /// A `match --prognose` run: its koppeling is on purpose not the week's optimum, which
    /// `explain` measures alternatives against.
    #[error("{}: deze run is gemaakt met --prognose; die koppeling is met opzet niet het optimum van de week, en explain meet een alternatief tegen het optimum. Draai kansrijk match op dezelfde invoer zonder --prognose en leg die run uit", .0.display())]
    Prognose(PathBuf),
}

/// How many characters of a value a message shows; a longer value is cut there and its length
/// is given instead.
pub const GETOOND: usize = 80;

/// Writes `v` with every control character escaped, so that no value can move the cursor,
/// retitle or otherwise drive the terminal that shows a message: `\n`, `\r` and `\t` as
/// those, any other (C0, DEL, C1, such as ESC and BEL) as `\u{1b}`.
fn zichtbaar_in(s: &mut String, v: &str) {
    for c in v.chars() {
        match c {
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            c if c.is_control() => {
                let _ = fmt::Write::write_fmt(s, format_args!("\\u{{{:x}}}", u32::from(c)));
            }
            c => s.push(c),
        }
    }
}

/// `v` with every control character escaped (a file name or a message in a message): see
/// [`quoted`] for a value of the input.
pub fn zichtbaar(v: &str) -> String {
    let mut s = String::with_capacity(v.len());
    zichtbaar_in(&mut s, v);
    s
}

/// A value from the input as a message shows it: in double quotes, on one line, with `\`
/// doubled and every control character escaped (newlines and carriage returns as `\n` and
/// `\r`, ESC as `\u{1b}`: [`zichtbaar`]), so that every message stays one line, never drives
/// the terminal, and a value of up to [`GETOOND`] characters can be read back exactly. A longer
/// value shows its first [`GETOOND`] characters and its length: `"HHHH…" (10485760 characters)`.
pub fn quoted(v: &str) -> String {
    let lengte = v.chars().count();
    let getoond = match v.char_indices().nth(GETOOND) {
        Some((i, _)) => &v[..i],
        None => v,
    };
    let mut s = String::with_capacity(getoond.len() + 2);
    s.push('"');
    for (i, deel) in getoond.split('\\').enumerate() {
        if i > 0 {
            s.push_str("\\\\");
        }
        zichtbaar_in(&mut s, deel);
    }
    if lengte > GETOOND {
        let _ = fmt::Write::write_fmt(&mut s, format_args!("…\" ({lengte} characters)"));
    } else {
        s.push('"');
    }
    s
}

/// Any error of the pipeline, for the binary to map onto an exit code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Solve(#[from] SolveError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Generate(#[from] GenerateError),
    #[error(transparent)]
    Uitleg(#[from] UitlegError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_values_stay_on_one_line_and_read_back_exactly() {
        // a newline, and a backslash followed by n: two different values, two different texts
        assert_eq!(quoted("H0\n01"), r#""H0\n01""#);
        assert_eq!(quoted("H0\\n01"), r#""H0\\n01""#);
        assert_eq!(quoted("a\r\"b"), r#""a\r"b""#);
        assert!(!quoted("x\ny\rz").contains(['\n', '\r']));
        // control characters never reach the terminal
        assert_eq!(quoted("\x1b]0;pwned\x07"), r#""\u{1b}]0;pwned\u{7}""#);
        assert_eq!(quoted("a\tb\u{9b}c\u{7f}"), r#""a\tb\u{9b}c\u{7f}""#);
        assert_eq!(quoted("ü→€"), "\"ü→€\"");
        // a long value is cut, with its length
        let lang = "é".repeat(10_000_000);
        let q = quoted(&lang);
        assert_eq!(
            q,
            format!("\"{}…\" (10000000 characters)", "é".repeat(GETOOND))
        );
        assert_eq!(
            quoted(&"x".repeat(GETOOND)),
            format!("\"{}\"", "x".repeat(GETOOND))
        );
        let p = Problem::new("a\x1b.csv", Some(1), Some("k\x07"), "found \x1b[2J");
        assert_eq!(
            p.to_string(),
            r#"a\u{1b}.csv:1: column "k\u{7}": found \u{1b}[2J"#
        );
    }

    #[test]
    fn solver_failures_say_what_failed() {
        let e = SolveError::TransportFractioneel {
            kolom: 3,
            waarde: 0.5,
        };
        assert_eq!(
            e.to_string(),
            "the solver failed: column 3 is fractional (0.5) in the transportation LP"
        );
        let e = SolveError::AntwoordBreektRegel(Overtreding::VastOngekoppeld {
            h: HuishoudenIdx::new(7),
        });
        assert_eq!(
            e.to_string(),
            "the solver failed: the solver's answer breaks a rule: fixed household 7 is uncoupled"
        );
        let e = SolveError::Einde(highs::HighsModelStatus::Infeasible);
        assert_eq!(
            e.to_string(),
            "the solver failed: HiGHS ended with status Infeasible"
        );
    }

    #[test]
    fn display_has_path_line_column() {
        let p = Problem::new(
            "data/personen.csv",
            Some(14),
            Some("leeftijd"),
            "expected a whole number, found \"-3\"",
        );
        assert_eq!(
            p.to_string(),
            "data/personen.csv:14: column \"leeftijd\": expected a whole number, found \"-3\""
        );
        let q = Problem::new("data/x.csv", None, None, "file is empty");
        assert_eq!(q.to_string(), "data/x.csv: file is empty");
    }

    #[test]
    fn caps_per_file_and_counts_the_rest() {
        let mut ps = Problems::default();
        for i in 0..(PROBLEMS_PER_FILE + 7) {
            ps.add("a.csv", Some(i as u64), None, "bad");
        }
        ps.add("b.csv", Some(1), None, "bad");
        let lines = ps.lines();
        assert_eq!(lines.len(), PROBLEMS_PER_FILE + 2);
        assert_eq!(lines.last().unwrap(), "a.csv: 7 more problems not listed");
    }
}
