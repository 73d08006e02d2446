//! Reading all input files of a source into `*Row` records and the weights, collecting every
//! problem found, with the input's provenance (file hashes and `bron` values) for the report.

use std::path::Path;

use super::bron::{read_file, sha256_hex, Bestand, Bron};
use super::bron::{ARBEIDSMARKT, GEMEENTEN, GEWICHTEN, HUISHOUDENS, PERSONEN, REGIOS};
use super::gewichten;
use super::rows::{self, ArbeidsmarktRow, GemeenteRow, HuishoudenRow, PersoonRow, RegioRow};
use crate::error::{InputError, Problems};
use crate::model::Gewichten;

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
    let files = [GEMEENTEN, REGIOS, ARBEIDSMARKT, HUISHOUDENS, PERSONEN]
        .map(|n| read_required(bron, n, &mut problems, &mut hashes));
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

    let gewichten = read_gewichten(bron, weights, &mut problems, &mut hashes)?;
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

/// The input file `name` of `bron`, its hash added to `hashes`. A missing file is a problem,
/// and comes back empty under the name it would have had.
fn read_required(
    bron: &Bron,
    name: &str,
    problems: &mut Problems,
    hashes: &mut Vec<(String, String)>,
) -> Result<Bestand, InputError> {
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
}

/// The weights from `weights` if given (its absence is a problem), else from the folder's
/// `gewichten.toml`, else the defaults; the hash of a file read is added to `hashes`.
fn read_gewichten(
    bron: &Bron,
    weights: Option<&Path>,
    problems: &mut Problems,
    hashes: &mut Vec<(String, String)>,
) -> Result<Gewichten, InputError> {
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
    Ok(match weights_file {
        Some(b) => {
            hashes.push((GEWICHTEN.to_string(), sha256_hex(&b.inhoud)));
            gewichten::parse(&b, problems)
        }
        None => Gewichten::default(),
    })
}
