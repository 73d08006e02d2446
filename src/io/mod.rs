//! Reading the input folder: one module per input file, each producing `*Row` records that
//! keep their line, and every problem found. Cross-file checks live in [`crate::validate`].
//! Writing the output folder atomically lives in [`output`]; reading back a finished run's
//! `rapport.json` in [`crate::replay`].

pub mod gewichten;
pub mod output;
pub mod rows;
pub mod table;

use std::path::{Path, PathBuf};

use crate::error::{InputError, Problems};
use crate::score::Gewichten;
pub use rows::{ArbeidsmarktRow, GemeenteRow, HuishoudenRow, PersoonRow, RegioRow};

/// The five input files, in the order they are read and reported.
pub const GEMEENTEN: &str = "gemeenten.csv";
pub const REGIOS: &str = "regios.csv";
pub const ARBEIDSMARKT: &str = "arbeidsmarkt.csv";
pub const HUISHOUDENS: &str = "huishoudens.csv";
pub const PERSONEN: &str = "personen.csv";
/// The optional weights file in the input folder.
pub const GEWICHTEN: &str = "gewichten.toml";

/// The embedded example cohort (see `data/README.md`), so `kansrijk match` runs anywhere.
const VOORBEELD: &[(&str, &str)] = &[
    (
        GEMEENTEN,
        include_str!("../../data/voorbeeld/gemeenten.csv"),
    ),
    (REGIOS, include_str!("../../data/voorbeeld/regios.csv")),
    (
        ARBEIDSMARKT,
        include_str!("../../data/voorbeeld/arbeidsmarkt.csv"),
    ),
    (
        HUISHOUDENS,
        include_str!("../../data/voorbeeld/huishoudens.csv"),
    ),
    (PERSONEN, include_str!("../../data/voorbeeld/personen.csv")),
    (GEWICHTEN, include_str!("../../data/gewichten.toml")),
];

/// Where the input comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bron {
    /// An input folder on disk.
    Map(PathBuf),
    /// The example cohort compiled into the binary.
    Voorbeeld,
}

/// One input file's bytes and the name to use for it in messages.
#[derive(Debug, Clone)]
pub struct Bestand {
    pub naam: String,
    pub inhoud: Vec<u8>,
}

impl Bron {
    /// How the source is named in messages and reports.
    pub fn label(&self) -> String {
        match self {
            Bron::Map(dir) => dir.display().to_string(),
            Bron::Voorbeeld => "<voorbeeld>".to_string(),
        }
    }

    /// Reads one file; `Ok(None)` when it does not exist.
    pub fn read(&self, name: &str) -> Result<Option<Bestand>, InputError> {
        match self {
            Bron::Voorbeeld => {
                Ok(VOORBEELD
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(n, text)| Bestand {
                        naam: format!("<voorbeeld>/{n}"),
                        inhoud: text.as_bytes().to_vec(),
                    }))
            }
            Bron::Map(dir) => read_file(&dir.join(name)),
        }
    }
}

/// Reads a file from disk; `Ok(None)` when it does not exist.
pub fn read_file(path: &Path) -> Result<Option<Bestand>, InputError> {
    match std::fs::read(path) {
        Ok(inhoud) => Ok(Some(Bestand {
            naam: path.display().to_string(),
            inhoud,
        })),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(InputError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Everything read from an input folder, before cross-file validation. A file with problems
/// has `None` rows: its problems are in `problems` and cross-file checks skip it.
#[derive(Debug)]
pub struct Invoer {
    pub gemeenten: Option<Vec<GemeenteRow>>,
    pub regios: Option<Vec<RegioRow>>,
    pub arbeidsmarkt: Option<Vec<ArbeidsmarktRow>>,
    pub huishoudens: Option<Vec<HuishoudenRow>>,
    pub personen: Option<Vec<PersoonRow>>,
    pub gewichten: Gewichten,
    /// Where the input comes from: file hashes and `bron` values, for the report.
    pub herkomst: Herkomst,
    /// Display names of the five files, for cross-file messages.
    pub namen: Namen,
    pub problems: Problems,
}

/// The provenance of the input, as the report shows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Herkomst {
    /// (file name, SHA-256 hex) per file read.
    pub hashes: Vec<(String, String)>,
    /// Per CSV file read, the values of its `bron` column.
    pub bronnen: Vec<BronTelling>,
}

/// The distinct values of one file's `bron` column and how many rows carry each, most rows
/// first, then by value. An empty value counts the rows without a bron.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BronTelling {
    pub bestand: String,
    pub bronnen: Vec<(String, usize)>,
}

/// Words in a `bron` that mark an input as not real (made up, or computed by a rule).
pub const NIET_ECHT: [&str; 3] = ["illustratief", "synthetisch", "afgeleid"];

impl Herkomst {
    /// Whether any input row says it is illustrative, synthetic or derived.
    pub fn niet_echt(&self) -> bool {
        self.bronnen.iter().flat_map(|b| &b.bronnen).any(|(v, _)| {
            let v = v.to_lowercase();
            NIET_ECHT.iter().any(|w| v.contains(w))
        })
    }
}

/// Display names of the input files, as used in messages.
#[derive(Debug, Clone)]
pub struct Namen {
    pub gemeenten: String,
    pub regios: String,
    pub arbeidsmarkt: String,
    pub huishoudens: String,
    pub personen: String,
}

/// Reads one input file with `reader`, unless it is missing (already reported); its `bron`
/// values go to `bronnen`.
fn read_rows<T>(
    b: &Bestand,
    name: &str,
    problems: &mut Problems,
    bronnen: &mut Vec<BronTelling>,
    reader: fn(&Bestand, &mut Problems) -> rows::Gelezen<T>,
) -> Option<Vec<T>> {
    if b.inhoud.is_empty() && problems.has_file(&b.naam) {
        return None;
    }
    let gelezen = reader(b, problems);
    bronnen.push(BronTelling {
        bestand: name.to_string(),
        bronnen: gelezen.bronnen,
    });
    gelezen.rows
}

/// Reads all input files of `bron`, and the weights from `weights` if given, else from the
/// folder's `gewichten.toml`, else the defaults. Never fails on content: content problems are
/// collected in [`Invoer::problems`]. Fails only when a file exists but cannot be read.
pub fn load(bron: &Bron, weights: Option<&Path>) -> Result<Invoer, InputError> {
    let mut problems = Problems::default();
    let mut hashes = Vec::new();
    let mut required = |name: &str, problems: &mut Problems| -> Result<Bestand, InputError> {
        let bestand = bron.read(name)?.unwrap_or_else(|| {
            let naam = match bron {
                Bron::Map(dir) => dir.join(name).display().to_string(),
                Bron::Voorbeeld => format!("<voorbeeld>/{name}"),
            };
            problems.add(&naam, None, None, "required input file is missing");
            Bestand {
                naam,
                inhoud: Vec::new(),
            }
        });
        if !bestand.inhoud.is_empty() {
            hashes.push((name.to_string(), sha256_hex(&bestand.inhoud)));
        }
        Ok(bestand)
    };
    let files = [GEMEENTEN, REGIOS, ARBEIDSMARKT, HUISHOUDENS, PERSONEN]
        .map(|n| required(n, &mut problems));
    let [g, r, a, h, p] = files;
    let (g, r, a, h, p) = (g?, r?, a?, h?, p?);
    let mut bronnen = Vec::new();
    let gemeenten = read_rows(&g, GEMEENTEN, &mut problems, &mut bronnen, rows::gemeenten);
    let regios = read_rows(&r, REGIOS, &mut problems, &mut bronnen, rows::regios);
    let arbeidsmarkt = read_rows(
        &a,
        ARBEIDSMARKT,
        &mut problems,
        &mut bronnen,
        rows::arbeidsmarkt,
    );
    let huishoudens = read_rows(
        &h,
        HUISHOUDENS,
        &mut problems,
        &mut bronnen,
        rows::huishoudens,
    );
    let personen = read_rows(&p, PERSONEN, &mut problems, &mut bronnen, rows::personen);

    let weights_file = match weights {
        Some(path) => match read_file(path)? {
            Some(b) => Some(b),
            None => {
                problems.add(
                    &path.display().to_string(),
                    None,
                    None,
                    "weights file does not exist",
                );
                None
            }
        },
        None => bron.read(GEWICHTEN)?,
    };
    let gewichten = match weights_file {
        Some(b) => {
            hashes.push((GEWICHTEN.to_string(), sha256_hex(&b.inhoud)));
            gewichten::parse(&b, &mut problems)
        }
        None => Gewichten::default(),
    };
    let namen = Namen {
        gemeenten: g.naam,
        regios: r.naam,
        arbeidsmarkt: a.naam,
        huishoudens: h.naam,
        personen: p.naam,
    };
    Ok(Invoer {
        gemeenten,
        regios,
        arbeidsmarkt,
        huishoudens,
        personen,
        gewichten,
        herkomst: Herkomst { hashes, bronnen },
        namen,
        problems,
    })
}

/// SHA-256 of `bytes` as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
