//! Reading all input files of a source into `*Row` records and the weights, collecting every
//! problem found, with the input's provenance (file hashes and `bron` values) for the report.

use std::path::Path;

use super::bron::SCORES_EXTERN;
use super::bron::{is_notitie, read_file, sha256_hex, Bestand, Bron, GELEZEN};
use super::bron::{ARBEIDSMARKT, GEMEENTEN, GEWICHTEN, HUISHOUDENS, PERSONEN, REGIOS, VASTZETTEN};
use super::gewichten;
use super::rows::{self, ArbeidsmarktRow, GemeenteRow, HuishoudenRow, PersoonRow, RegioRow};
use super::rows::{ScoreExternRow, VastzettenRow};
use super::table::{naar_utf8, Codering};
use crate::error::{InputError, Problem, Problems};
use crate::model::Gewichten;

/// Everything read from an input folder, before cross-file validation. A file with problems
/// has `None` rows: its problems are in `problems` and cross-file checks skip it.
#[derive(Debug, Clone)]
pub struct Invoer {
    pub gemeenten: Option<Vec<GemeenteRow>>,
    pub regios: Option<Vec<RegioRow>>,
    pub arbeidsmarkt: Option<Vec<ArbeidsmarktRow>>,
    pub huishoudens: Option<Vec<HuishoudenRow>>,
    pub personen: Option<Vec<PersoonRow>>,
    /// The planner's decisions: `None` when `vastzetten.csv` is absent or had problems.
    pub vastzetten: Option<Vec<VastzettenRow>>,
    /// Another model's scores: `None` when `scores_extern.csv` is absent or had problems.
    pub scores_extern: Option<Vec<ScoreExternRow>>,
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
    /// What the input holds that kansrijk does not read: columns of a file it ignores, and
    /// files in the input folder it ignores. Warnings, not problems: nothing fails on them, but
    /// a misspelt or invented column is never ignored silently.
    pub waarschuwingen: Vec<Problem>,
    /// Input files read as text in another encoding than UTF-8, in the order read. Notices,
    /// neither problems nor something not read: the file was read whole, but a person should
    /// know its text was decoded.
    pub meldingen: Vec<Melding>,
}

/// An input file whose bytes were not UTF-8 and were read as [`Melding::codering`].
#[derive(Debug, Clone, PartialEq)]
pub struct Melding {
    /// The file as messages name it.
    pub file: String,
    pub codering: Codering,
}

impl Melding {
    /// The file's name without its folder, as the report lists it.
    pub fn bestand(&self) -> String {
        bestandsnaam(&self.file)
    }
}

impl std::fmt::Display for Melding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let wat = match self.codering {
            Codering::Utf8 => "read as UTF-8",
            Codering::Windows1252 => "not UTF-8; read as Windows-1252 (Excel \"CSV (gescheiden door lijstscheidingsteken)\"); save as \"CSV UTF-8\" to avoid this",
        };
        // the path shown as every message of the input shows it
        write!(f, "{}", Problem::new(&self.file, None, None, wat))
    }
}

/// The name of `file` without its folder.
fn bestandsnaam(file: &str) -> String {
    Path::new(file)
        .file_name()
        .map_or_else(|| file.to_string(), |n| n.to_string_lossy().into_owned())
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
    /// What was not read, as (file name without its folder, column): a column when the warning
    /// is about one, else the whole file. The report lists these; stderr has the warnings.
    pub fn niet_gelezen(&self) -> impl Iterator<Item = (String, Option<String>)> + '_ {
        self.waarschuwingen
            .iter()
            .map(|w| (bestandsnaam(&w.file), w.column.clone()))
    }

    /// Whether the input file `naam` was read (it is among the hashed files).
    pub fn heeft(&self, naam: &str) -> bool {
        self.hashes.iter().any(|(n, _)| n == naam)
    }

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
    pub vastzetten: String,
    pub scores_extern: String,
}

/// What [`read_rows`] adds to besides the problems: the `bron` values, the warnings and the
/// notices.
#[derive(Default)]
struct Verslag {
    bronnen: Vec<BronTelling>,
    waarschuwingen: Vec<Problem>,
    meldingen: Vec<Melding>,
}

/// Reads one input file with `reader`, unless it is missing (already reported); its `bron`
/// values, a warning for each column it does not read, and a notice when its bytes are not
/// UTF-8 and were decoded ([`naar_utf8`]) go to `verslag`.
fn read_rows<T>(
    b: &Bestand,
    name: &str,
    problems: &mut Problems,
    verslag: &mut Verslag,
    reader: fn(&Bestand, &mut Problems) -> rows::Gelezen<T>,
) -> Option<Vec<T>> {
    if b.inhoud.is_empty() && problems.has_file(&b.naam) {
        return None;
    }
    let (tekst, codering) = naar_utf8(&b.inhoud);
    let gedecodeerd;
    let b = if codering == Codering::Utf8 {
        b
    } else {
        verslag.meldingen.push(Melding {
            file: b.naam.clone(),
            codering,
        });
        gedecodeerd = Bestand {
            naam: b.naam.clone(),
            inhoud: tekst.into_owned(),
        };
        &gedecodeerd
    };
    let gelezen = reader(b, problems);
    verslag.bronnen.push(BronTelling {
        bestand: name.to_string(),
        bronnen: gelezen.bronnen,
    });
    for kolom in gelezen.ongebruikt {
        verslag.waarschuwingen.push(Problem::new(
            &b.naam,
            Some(1),
            Some(&kolom),
            "unknown column, not read",
        ));
    }
    gelezen.rows
}

/// A warning for each file of the folder `bron` that kansrijk does not read (notes and hidden
/// files aside, [`is_notitie`]), and for the folder's `gewichten.toml` when `--weights` names
/// another file.
fn ongelezen_bestanden(bron: &Bron, weights: Option<&Path>) -> Vec<Problem> {
    let Bron::Map(dir) = bron else {
        return Vec::new();
    };
    bron.bestanden()
        .into_iter()
        .filter_map(|naam| {
            let pad = dir.join(&naam).display().to_string();
            if naam == GEWICHTEN && weights.is_some() {
                Some(Problem::new(
                    &pad,
                    None,
                    None,
                    "not read, --weights names another file",
                ))
            } else if GELEZEN.contains(&naam.as_str()) || is_notitie(&naam) {
                None
            } else {
                Some(Problem::new(
                    &pad,
                    None,
                    None,
                    "not an input file, not read",
                ))
            }
        })
        .collect()
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
    let mut verslag = Verslag::default();
    let gemeenten = read_rows(&g, GEMEENTEN, &mut problems, &mut verslag, rows::gemeenten);
    let regios = read_rows(&r, REGIOS, &mut problems, &mut verslag, rows::regios);
    let arbeidsmarkt = read_rows(
        &a,
        ARBEIDSMARKT,
        &mut problems,
        &mut verslag,
        rows::arbeidsmarkt,
    );
    let huishoudens = read_rows(
        &h,
        HUISHOUDENS,
        &mut problems,
        &mut verslag,
        rows::huishoudens,
    );
    let personen = read_rows(&p, PERSONEN, &mut problems, &mut verslag, rows::personen);
    let (vastzetten, vastzetten_naam) = read_optioneel(
        bron,
        VASTZETTEN,
        &mut problems,
        &mut hashes,
        &mut verslag,
        rows::vastzetten,
    )?;
    let (scores_extern, scores_extern_naam) = read_optioneel(
        bron,
        SCORES_EXTERN,
        &mut problems,
        &mut hashes,
        &mut verslag,
        rows::scores_extern,
    )?;
    let met_extern = hashes.iter().any(|(n, _)| n == SCORES_EXTERN);

    let mut gewichten = read_gewichten(bron, weights, &mut problems, &mut hashes)?;
    // with external scores, their weight is written into the report even when it is the default
    if met_extern && gewichten.externe.is_none() {
        gewichten.externe = Some(Default::default());
    }
    let namen = Namen {
        gemeenten: g.naam,
        regios: r.naam,
        arbeidsmarkt: a.naam,
        huishoudens: h.naam,
        personen: p.naam,
        vastzetten: vastzetten_naam,
        scores_extern: scores_extern_naam,
    };
    let mut waarschuwingen = verslag.waarschuwingen;
    waarschuwingen.extend(ongelezen_bestanden(bron, weights));
    Ok(Invoer {
        gemeenten,
        regios,
        arbeidsmarkt,
        huishoudens,
        personen,
        vastzetten,
        scores_extern,
        gewichten,
        herkomst: Herkomst {
            hashes,
            bronnen: verslag.bronnen,
            waarschuwingen,
            meldingen: verslag.meldingen,
        },
        namen,
        problems,
    })
}

/// The households of the folder `bron` alone, `huishoudens.csv` and `personen.csv`, read as
/// [`load`] reads them (but a header without rows is no problem), on the gemeenten, regions,
/// labour market and weights of `invoer`: an input of its own to validate (`match
/// --prognose`'s earlier weeks). The folder's other files are not read, and not named in a
/// warning.
pub fn load_huishoudens(bron: &Bron, invoer: &Invoer) -> Result<Invoer, InputError> {
    let mut problems = Problems::default();
    let mut hashes = Vec::new();
    let h = read_required(bron, HUISHOUDENS, &mut problems, &mut hashes)?;
    let p = read_required(bron, PERSONEN, &mut problems, &mut hashes)?;
    let mut verslag = Verslag::default();
    // week 1 has no earlier weeks: files with a header alone
    let huishoudens = read_rows(&h, HUISHOUDENS, &mut problems, &mut verslag, |b, p| {
        rows::huishoudens_met(b, false, p)
    });
    let personen = read_rows(&p, PERSONEN, &mut problems, &mut verslag, |b, p| {
        rows::personen_met(b, false, p)
    });
    Ok(Invoer {
        gemeenten: invoer.gemeenten.clone(),
        regios: invoer.regios.clone(),
        arbeidsmarkt: invoer.arbeidsmarkt.clone(),
        huishoudens,
        personen,
        vastzetten: None,
        scores_extern: None,
        gewichten: invoer.gewichten.clone(),
        herkomst: Herkomst {
            hashes,
            bronnen: verslag.bronnen,
            waarschuwingen: verslag.waarschuwingen,
            meldingen: verslag.meldingen,
        },
        namen: Namen {
            huishoudens: h.naam,
            personen: p.naam,
            ..invoer.namen.clone()
        },
        problems,
    })
}

/// The optional input file `name` of `bron` read with `reader` (its hash added to `hashes` when
/// present), and the name messages use for it.
fn read_optioneel<T>(
    bron: &Bron,
    name: &str,
    problems: &mut Problems,
    hashes: &mut Vec<(String, String)>,
    verslag: &mut Verslag,
    reader: fn(&Bestand, &mut Problems) -> rows::Gelezen<T>,
) -> Result<(Option<Vec<T>>, String), InputError> {
    match bron.read(name)? {
        Some(b) => {
            hashes.push((name.to_string(), sha256_hex(&b.inhoud)));
            let rows = read_rows(&b, name, problems, verslag, reader);
            Ok((rows, b.naam))
        }
        None => Ok((None, format!("{}/{name}", bron.label()))),
    }
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
            Bron::Map(dir) | Bron::Bestanden { map: dir, .. } => {
                dir.join(name).display().to_string()
            }
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
