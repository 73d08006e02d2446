//! Reading the input folder: one module per input file, each producing `*Row` records that
//! keep their line, and every problem found. Cross-file checks live in [`crate::validate`].
//! Writing the output folder atomically lives in [`output`].

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
    (
        GEWICHTEN,
        include_str!("../../data/voorbeeld/gewichten.toml"),
    ),
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
    /// (file name as shown, SHA-256 hex) per file read, for the report.
    pub hashes: Vec<(String, String)>,
    /// Display names of the five files, for cross-file messages.
    pub namen: Namen,
    pub problems: Problems,
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
    let missing =
        |b: &Bestand, problems: &Problems| b.inhoud.is_empty() && problems.has_file(&b.naam);

    let gemeenten = if missing(&g, &problems) {
        None
    } else {
        rows::gemeenten(&g, &mut problems)
    };
    let regios = if missing(&r, &problems) {
        None
    } else {
        rows::regios(&r, &mut problems)
    };
    let arbeidsmarkt = if missing(&a, &problems) {
        None
    } else {
        rows::arbeidsmarkt(&a, &mut problems)
    };
    let huishoudens = if missing(&h, &problems) {
        None
    } else {
        rows::huishoudens(&h, &mut problems)
    };
    let personen = if missing(&p, &problems) {
        None
    } else {
        rows::personen(&p, &mut problems)
    };

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
        hashes,
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
