//! Writing the output folder atomically: the files go to a hidden sibling folder, which then
//! replaces the output folder by rename. A reader sees the complete old report or the complete
//! new one, never a mix. Input files are never overwritten, and a folder that is not a kansrijk
//! report is never replaced. `kansrijk generate` writes its input folders the same way
//! ([`replace_folder`]), replacing only folders it wrote itself.
//!
//! A file name may hold subfolders (`overdracht/GM0344_Utrecht.md`); they are created inside
//! the hidden folder, so they are replaced together with the rest. Names that could leave the
//! folder (absolute, `..`) are refused before anything is written.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::error::WriteError;

/// A file every kansrijk output folder holds; its presence marks a folder as safe to replace.
pub const MERK: &str = "rapport.json";

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn refuse(path: &Path, reason: &str) -> WriteError {
    WriteError::Refused {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// A sibling path `.{name}.{tag}-{pid}` next to `path`.
fn sibling(path: &Path, tag: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "uitvoer".into());
    path.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

/// Whether `a` and `b` are the same existing folder.
fn same_dir(a: &Path, b: &Path) -> bool {
    matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}

/// Whether `name` is a relative path that stays inside the folder: only plain components.
fn stays_inside(name: &str) -> bool {
    let path = Path::new(name);
    path.components().next().is_some()
        && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Writes `files` as the folder `out`, replacing a previous report there. A name may contain
/// subfolders (`overdracht/GM0344_Utrecht.md`).
/// `input` is the input folder, which is never written into or replaced.
pub fn write_folder(
    out: &Path,
    files: &[(impl AsRef<str>, Vec<u8>)],
    input: Option<&Path>,
) -> Result<(), WriteError> {
    if let Some(input) = input {
        if same_dir(out, input)
            || fs::canonicalize(out)
                .is_ok_and(|o| fs::canonicalize(input).is_ok_and(|i| i.starts_with(&o)))
        {
            return Err(refuse(
                out,
                "the output folder would replace the input folder; choose another --out",
            ));
        }
    }
    replace_folder(
        out,
        files,
        |dir| dir.join(MERK).is_file(),
        "exists and is not a kansrijk report (no rapport.json); choose another --out",
    )
}

/// Writes `files` as the folder `out` through a hidden sibling folder and renames. An existing
/// non-empty `out` is replaced only if `replaceable` says so; otherwise the write is refused
/// with `refusal`. Names may contain subfolders, never `..` or an absolute path.
pub fn replace_folder(
    out: &Path,
    files: &[(impl AsRef<str>, Vec<u8>)],
    replaceable: impl Fn(&Path) -> bool,
    refusal: &str,
) -> Result<(), WriteError> {
    if let Some((name, _)) = files.iter().find(|(n, _)| !stays_inside(n.as_ref())) {
        return Err(refuse(
            &out.join(name.as_ref()),
            "a file name must stay inside the output folder",
        ));
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(refuse(out, "exists and is not a folder"));
        }
        let empty = fs::read_dir(out).map_err(io(out))?.next().is_none();
        if !empty && !replaceable(out) {
            return Err(refuse(out, refusal));
        }
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let tmp = sibling(out, "nieuw");
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir(&tmp).map_err(io(&tmp))?;
    let written = (|| {
        for (name, bytes) in files {
            let path = tmp.join(name.as_ref());
            if let Some(dir) = path.parent().filter(|d| *d != tmp) {
                fs::create_dir_all(dir).map_err(io(dir))?;
            }
            fs::write(&path, bytes).map_err(io(&path))?;
        }
        let old = sibling(out, "oud");
        if out.exists() {
            let _ = fs::remove_dir_all(&old);
            fs::rename(out, &old).map_err(io(out))?;
        }
        fs::rename(&tmp, out).map_err(io(out))?;
        let _ = fs::remove_dir_all(&old);
        Ok(())
    })();
    if written.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    written
}

/// Writes one file atomically (temporary sibling, then rename). Refuses to overwrite a file
/// inside the input folder.
pub fn write_file(path: &Path, bytes: &[u8], input: Option<&Path>) -> Result<(), WriteError> {
    if let (Some(input), Some(parent)) = (input, path.parent()) {
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        if same_dir(parent, input) && path.exists() {
            return Err(refuse(path, "would overwrite a file in the input folder"));
        }
    }
    let tmp = sibling(path, "nieuw");
    fs::write(&tmp, bytes).map_err(io(&tmp))?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        WriteError::Io {
            path: path.to_path_buf(),
            source: e,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_a_previous_report_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("uit");
        write_folder(
            &out,
            &[("rapport.json", b"1".to_vec()), ("a.csv", b"a".to_vec())],
            None,
        )
        .unwrap();
        write_folder(&out, &[("rapport.json", b"2".to_vec())], None).unwrap();
        assert_eq!(fs::read(out.join("rapport.json")).unwrap(), b"2");
        assert!(!out.join("a.csv").exists(), "old files must not linger");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            vec![std::ffi::OsString::from("uit")],
            "no temporary folders left"
        );
    }

    #[test]
    fn subfolders_are_replaced_with_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("uit");
        write_folder(
            &out,
            &[
                ("rapport.json", b"1".to_vec()),
                ("overdracht/GM0001_A.md", b"a".to_vec()),
            ],
            None,
        )
        .unwrap();
        assert_eq!(fs::read(out.join("overdracht/GM0001_A.md")).unwrap(), b"a");
        write_folder(&out, &[("rapport.json", b"2".to_vec())], None).unwrap();
        assert!(
            !out.join("overdracht").exists(),
            "an old subfolder must not linger"
        );
    }

    #[test]
    fn refuses_names_that_leave_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("uit");
        for name in ["../weg.md", "/tmp/weg.md", "overdracht/../../weg.md", ""] {
            let err = write_folder(
                &out,
                &[("rapport.json", b"1".to_vec()), (name, b"x".to_vec())],
                None,
            )
            .unwrap_err();
            assert!(
                err.to_string().contains("inside the output folder"),
                "{err}"
            );
        }
        assert!(!out.exists(), "nothing is written");
        assert!(!dir.path().join("weg.md").exists());
    }

    #[test]
    fn refuses_foreign_folders_and_the_input() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("personen.csv"), "x").unwrap();
        let err = write_folder(dir.path(), &[("rapport.json", vec![])], None).unwrap_err();
        assert!(err.to_string().contains("not a kansrijk report"));
        let err =
            write_folder(dir.path(), &[("rapport.json", vec![])], Some(dir.path())).unwrap_err();
        assert!(err.to_string().contains("input folder"));
        assert_eq!(fs::read(dir.path().join("personen.csv")).unwrap(), b"x");
        let err = write_file(&dir.path().join("personen.csv"), b"y", Some(dir.path())).unwrap_err();
        assert!(err.to_string().contains("input folder"));
    }
}
