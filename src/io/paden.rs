//! Which paths a command may write, checked before any work starts: no command writes,
//! replaces or deletes one of its inputs (the data folder and everything in it, the weights
//! file, a run folder it reads) or a path inside one; no output holds an input; and no two
//! outputs of one command are the same path or lie one inside the other. Paths are compared
//! resolved ([`resolve`]: symlinks and `..` followed, also for paths that do not exist yet), so
//! a symlink or a detour through `..` does not hide a collision.
//!
//! The writers in [`super::output`] keep their own checks as a second line of defence.

use std::path::{Component, Path, PathBuf};

use crate::error::WriteError;

/// What a path of a command is: a folder or a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Soort {
    Map,
    Bestand,
}

/// One path a command reads or writes, with the name the user knows it by (`--data`,
/// `--markdown`, "the input folder recorded in uit/rapport.json").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pad {
    pub rol: String,
    pub pad: PathBuf,
    pub soort: Soort,
    /// The file that names this path, when the user did not give it (a run's `rapport.json`).
    pub vastgelegd_in: Option<PathBuf>,
}

impl Pad {
    pub fn map(rol: impl Into<String>, pad: impl Into<PathBuf>) -> Self {
        Pad {
            rol: rol.into(),
            pad: pad.into(),
            soort: Soort::Map,
            vastgelegd_in: None,
        }
    }

    pub fn bestand(rol: impl Into<String>, pad: impl Into<PathBuf>) -> Self {
        Pad {
            rol: rol.into(),
            pad: pad.into(),
            soort: Soort::Bestand,
            vastgelegd_in: None,
        }
    }

    /// This path as named in `bestand` (a run's `rapport.json`), not given by the user.
    pub fn vastgelegd_in(self, bestand: impl Into<PathBuf>) -> Self {
        Pad {
            vastgelegd_in: Some(bestand.into()),
            ..self
        }
    }

    /// `--rol path`, with where it leads when a symlink makes that another place, and where it
    /// is recorded.
    fn noem(&self, echt: &Path) -> String {
        let bron = self
            .vastgelegd_in
            .as_ref()
            .map(|b| format!(" (recorded in {})", b.display()))
            .unwrap_or_default();
        format!(
            "{} {}{}{bron}",
            self.rol,
            self.pad.display(),
            leidt_naar(&self.pad, echt)
        )
    }

    /// `--rol` alone (the error message starts with the path), with where it leads.
    fn rol(&self, echt: &Path) -> String {
        format!("{}{}", self.rol, leidt_naar(&self.pad, echt))
    }
}

/// ` (that is /real/path)` when symlinks make `pad` lead elsewhere than its text says.
fn leidt_naar(pad: &Path, echt: &Path) -> String {
    if lexical(pad) == echt {
        String::new()
    } else {
        format!(" (that is {})", echt.display())
    }
}

/// `path` made absolute against the current folder, with `.` and `..` taken away as text
/// (symlinks not followed).
fn lexical(path: &Path) -> PathBuf {
    let mut uit = std::env::current_dir().unwrap_or_default();
    for c in path.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => uit = PathBuf::from(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                uit.pop();
            }
            Component::Normal(n) => uit.push(n),
        }
    }
    uit
}

/// Where `path` leads: absolute, every symlink followed and every `..` taken, as far as the
/// path exists; the rest, which does not exist yet, appended as text (a folder created there
/// is a real folder, so `new/..` is the folder holding `new`).
pub fn resolve(path: &Path) -> PathBuf {
    let mut uit = std::env::current_dir().unwrap_or_default();
    let mut bestaat = true;
    for c in path.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => uit = PathBuf::from(c.as_os_str()),
            Component::CurDir => {}
            // `uit` has no symlinks left, so its parent is the real parent
            Component::ParentDir => {
                uit.pop();
            }
            Component::Normal(n) => {
                let volgende = uit.join(n);
                match std::fs::canonicalize(&volgende) {
                    Ok(echt) if bestaat => uit = echt,
                    _ => {
                        bestaat = false;
                        uit = volgende;
                    }
                }
            }
        }
    }
    uit
}

fn weiger(uit: &Pad, reden: String) -> WriteError {
    WriteError::Refused {
        path: uit.pad.clone(),
        reason: reden,
    }
}

/// Checks the paths of one command before it does any work: `invoer` are the paths it reads,
/// `uitvoer` the paths it writes (a folder output replaced whole). Refused, naming both paths:
/// an output that is an input, lies inside an input folder, or holds an input; two outputs
/// that are the same path or lie one inside the other; an output that exists as the other
/// kind (a folder output that is a file, a file output that is a folder).
pub fn controleer(invoer: &[Pad], uitvoer: &[Pad]) -> Result<(), WriteError> {
    let invoer: Vec<(&Pad, PathBuf)> = invoer.iter().map(|p| (p, resolve(&p.pad))).collect();
    let uitvoer: Vec<(&Pad, PathBuf)> = uitvoer.iter().map(|p| (p, resolve(&p.pad))).collect();
    for (i, (u, echt)) in uitvoer.iter().enumerate() {
        for (inv, iecht) in &invoer {
            let reden = if echt == iecht {
                "is"
            } else if echt.starts_with(iecht) {
                "lies inside"
            } else if iecht.starts_with(echt) {
                "would replace"
            } else {
                continue;
            };
            let wat = if reden == "would replace" {
                format!("{}, which lies inside it", inv.noem(iecht))
            } else {
                inv.noem(iecht)
            };
            return Err(weiger(
                u,
                format!(
                    "{} {reden} {wat}, which this command reads; kansrijk never writes its \
                     input: choose another path",
                    u.rol(echt)
                ),
            ));
        }
        for (ander, aecht) in &uitvoer[..i] {
            let reden = if echt == aecht {
                "is the same path as"
            } else if echt.starts_with(aecht) {
                "lies inside"
            } else if aecht.starts_with(echt) {
                "holds"
            } else {
                continue;
            };
            return Err(weiger(
                u,
                format!(
                    "{} {reden} {}, which this command also writes; give each output a path of \
                     its own",
                    u.rol(echt),
                    ander.noem(aecht)
                ),
            ));
        }
        match u.soort {
            Soort::Map if echt.exists() && !echt.is_dir() => {
                return Err(weiger(
                    u,
                    format!(
                        "{} exists and is not a folder; choose another path",
                        u.rol(echt)
                    ),
                ));
            }
            Soort::Bestand if echt.is_dir() => {
                return Err(weiger(
                    u,
                    format!("{} is a folder; name a file", u.rol(echt)),
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn resolves_symlinks_and_dotdot_also_past_what_exists() {
        let tmp = tempfile::tempdir().unwrap();
        let d = fs::canonicalize(tmp.path()).unwrap();
        fs::create_dir(d.join("in")).unwrap();
        std::os::unix::fs::symlink(d.join("in"), d.join("link")).unwrap();
        assert_eq!(resolve(&d.join("link/x/y")), d.join("in/x/y"));
        assert_eq!(resolve(&d.join("nieuw/../in/x")), d.join("in/x"));
        assert_eq!(resolve(&d.join("link/../in")), d.join("in"));
        assert_eq!(resolve(&d.join("./in/./x/..")), d.join("in"));
    }

    #[test]
    fn refuses_outputs_on_inside_or_around_an_input_and_colliding_outputs() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        fs::create_dir(d.join("in")).unwrap();
        fs::write(d.join("in/personen.csv"), "x").unwrap();
        fs::write(d.join("w.toml"), "").unwrap();
        let data = Pad::map("--data", d.join("in"));
        let w = Pad::bestand("--weights", d.join("w.toml"));
        let invoer = [data.clone(), w.clone()];
        let fout = |uit: &[Pad]| controleer(&invoer, uit).unwrap_err().to_string();
        let e = fout(&[Pad::bestand("--markdown", d.join("in/personen.csv"))]);
        assert!(e.contains("--markdown lies inside --data"), "{e}");
        let e = fout(&[Pad::map("--out", d.join("in/sub"))]);
        assert!(e.contains("lies inside --data"), "{e}");
        let e = fout(&[Pad::map("--out", d.to_path_buf())]);
        assert!(e.contains("would replace --data"), "{e}");
        let e = fout(&[Pad::bestand("--export-scores", d.join("w.toml"))]);
        assert!(e.contains("is --weights"), "{e}");
        let e = fout(&[
            Pad::map("--out", d.join("out")),
            Pad::bestand("--export-scores", d.join("out/rapport.json")),
        ]);
        assert!(e.contains("lies inside --out"), "{e}");
        let e = fout(&[
            Pad::bestand("--export-scores", d.join("s.csv")),
            Pad::bestand("--markdown", d.join("x/../s.csv")),
        ]);
        assert!(e.contains("the same path as --export-scores"), "{e}");
        fs::write(d.join("x.txt"), "").unwrap();
        let e = fout(&[Pad::map("--out", d.join("x.txt"))]);
        assert!(e.contains("--out exists and is not a folder"), "{e}");
        let e = fout(&[Pad::bestand("--markdown", d.join("nieuw/.."))]);
        assert!(e.contains("would replace --data"), "{e}");
        controleer(
            &invoer,
            &[
                Pad::map("--out", d.join("out")),
                Pad::bestand("--export-scores", d.join("out.csv")),
            ],
        )
        .unwrap();
    }
}
