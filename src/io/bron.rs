//! Where the input comes from: a folder on disk or the example compiled into the binary, the
//! names of its files, and one file's bytes with the name messages use for it.

use std::path::{Path, PathBuf};

use crate::error::InputError;

/// The five input files, in the order they are read and reported.
pub const GEMEENTEN: &str = "gemeenten.csv";
pub const REGIOS: &str = "regios.csv";
pub const ARBEIDSMARKT: &str = "arbeidsmarkt.csv";
pub const HUISHOUDENS: &str = "huishoudens.csv";
pub const PERSONEN: &str = "personen.csv";
/// The optional weights file in the input folder.
pub const GEWICHTEN: &str = "gewichten.toml";
/// The optional planner's decisions in the input folder (SPEC "Planner control").
pub const VASTZETTEN: &str = "vastzetten.csv";
/// The optional scores of another model in the input folder (SPEC "Planner control").
pub const SCORES_EXTERN: &str = "scores_extern.csv";
/// Every file of an input folder kansrijk reads; any other is named in a warning, except
/// hidden files and notes ([`is_notitie`]).
pub const GELEZEN: [&str; 8] = [
    GEMEENTEN,
    REGIOS,
    ARBEIDSMARKT,
    HUISHOUDENS,
    PERSONEN,
    GEWICHTEN,
    VASTZETTEN,
    SCORES_EXTERN,
];

/// Whether a file of the input folder is one kansrijk need not warn about although it does not
/// read it: a hidden file (`.DS_Store`, editor backups) or notes for people (`.md`, `.txt`, as
/// the `LEESMIJ.md` that `generate` writes).
pub fn is_notitie(naam: &str) -> bool {
    let lower = naam.to_lowercase();
    naam.starts_with('.') || lower.ends_with(".md") || lower.ends_with(".txt")
}

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
    /// Files made in memory (`compare --scenario`'s variant), named as the folder they will be
    /// written to.
    Bestanden {
        map: PathBuf,
        bestanden: Vec<(String, Vec<u8>)>,
    },
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
            Bron::Map(dir) | Bron::Bestanden { map: dir, .. } => dir.display().to_string(),
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
            Bron::Bestanden { map, bestanden } => Ok(bestanden
                .iter()
                .find(|(n, _)| n == name)
                .map(|(n, inhoud)| Bestand {
                    naam: map.join(n).display().to_string(),
                    inhoud: inhoud.clone(),
                })),
        }
    }

    /// The names of the files in the folder, sorted; none for the embedded example, or when
    /// the folder cannot be listed (reading its files then says what is wrong).
    pub fn bestanden(&self) -> Vec<String> {
        let Bron::Map(dir) = self else {
            return Vec::new();
        };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        let mut namen: Vec<String> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        namen.sort();
        namen
    }
}

/// Whether `path` (after symlinks) exists as something other than a regular file: a FIFO, a
/// device, a socket or a folder. kansrijk opens none of them: reading a FIFO waits for a writer
/// forever, a device may never end.
pub fn geen_gewoon_bestand(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file())
}

/// What a message says of a path that is no regular file ([`geen_gewoon_bestand`]).
pub const GEEN_GEWOON_BESTAND: &str =
    "not a regular file (a FIFO, device, socket or folder); kansrijk reads only ordinary files";

/// Reads a file from disk; `Ok(None)` when it does not exist. Anything but a regular file is
/// refused before it is opened ([`geen_gewoon_bestand`]).
pub fn read_file(path: &Path) -> Result<Option<Bestand>, InputError> {
    if geen_gewoon_bestand(path) {
        let mut problems = crate::error::Problems::default();
        problems.add(&path.display().to_string(), None, None, GEEN_GEWOON_BESTAND);
        return Err(InputError::Invalid(problems));
    }
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

/// SHA-256 of `bytes` as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A FIFO, a folder and a device are refused at once, not read (a FIFO would hang).
    #[test]
    fn only_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("personen.csv");
        let ok = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        let mut paden = vec![dir.path().to_path_buf(), PathBuf::from("/dev/zero")];
        if ok {
            paden.push(fifo);
        }
        for pad in paden {
            let (tx, rx) = std::sync::mpsc::channel();
            let p = pad.clone();
            std::thread::spawn(move || {
                let _ = tx.send(
                    read_file(&p)
                        .map_err(|e| e.to_string())
                        .map(|b| b.is_some()),
                );
            });
            let uitkomst = rx
                .recv_timeout(std::time::Duration::from_secs(5))
                .unwrap_or_else(|_| panic!("{} hangs", pad.display()));
            let fout = uitkomst.expect_err(&pad.display().to_string());
            assert!(fout.contains("not a regular file"), "{fout}");
        }
        let gewoon = dir.path().join("a.csv");
        std::fs::write(&gewoon, "x").unwrap();
        assert!(read_file(&gewoon).unwrap().is_some());
        assert!(read_file(&dir.path().join("nee.csv")).unwrap().is_none());
    }
}
