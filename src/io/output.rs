//! Writing the outputs of one command as one transaction. The output folder always exists as
//! the complete old report or the complete new one, never a mix and never not at all; input
//! files are never overwritten; and a folder is replaced only if kansrijk wrote it, which its
//! marker file [`MERKTEKEN`] says (not a file name a person might use, such as
//! `rapport.json`). `kansrijk generate` writes its input folders the same way
//! ([`replace_folder`]), replacing only folders it wrote itself.
//!
//! One write ([`schrijf_set`]) goes in four steps:
//!
//! 1. **Check** every output (the folder and each separate file, such as `--export-scores`)
//!    and refuse before anything is written.
//! 2. **Lock** each output: an exclusive `flock` on `.{naam}.kansrijk-slot` beside it. A second
//!    run on the same output fails at once ([`WriteError::Busy`]) instead of waiting.
//!    Under the lock, the leftovers of crashed runs on that output are removed: the folders
//!    and files named `.{naam}.kansrijk-nieuw-*` or `.{naam}.kansrijk-oud-*` (a folder only
//!    when it holds the marker or nothing).
//! 3. **Stage** everything beside its destination: the new folder as
//!    `.{naam}.kansrijk-nieuw-{pid}-{tijd}` with the marker written first, each file as
//!    such a sibling too; every file and folder is fsynced.
//! 4. **Commit**: the new folder takes the old one's place by one atomic exchange
//!    (`renameat2(RENAME_EXCHANGE)` on Linux), or by a plain rename when there is no old
//!    folder; then the separate files are renamed into place, the parents fsynced, and the old
//!    folder removed (its marker last, so that a half-removed folder is still recognised as
//!    a leftover). If a file cannot be renamed, the folder is exchanged back.
//!
//! Where the exchange is not available (not Linux, or a file system that refuses it), the
//! old folder is first renamed to `.{naam}.kansrijk-oud-*` and the new one then renamed into
//! place: a crash between the two leaves no `--out` until the next run, which puts the old
//! folder back before it starts. Where `flock` is not available (not Unix) there is no lock.
//!
//! Errors always name the user's path (`--out`, or a file in it), never a staging path.
//!
//! A file name may hold subfolders (`overdracht/GM0344_Utrecht.md`); they are created inside
//! the staged folder, so they are replaced together with the rest. Names that could leave the
//! folder (absolute, `..`) are refused before anything is written.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::WriteError;

/// The file every report folder holds, which `explain` and `check` read.
pub const MERK: &str = "rapport.json";

/// The marker file kansrijk writes into every folder it writes (reports and generated input
/// folders); its first line says which of the two ([`Soort`]). A folder is replaced only when
/// it holds this marker of the right kind.
pub const MERKTEKEN: &str = ".kansrijk";

/// What kind of folder kansrijk wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Soort {
    /// The output folder of `kansrijk match`.
    Rapport,
    /// An input folder written by `kansrijk generate`.
    Invoer,
    /// The output folder of `kansrijk compare` (with a report folder `basis/` and `variant/`).
    Vergelijking,
    /// The output folder of `kansrijk simulate`.
    Simulatie,
}

impl Soort {
    /// The first line of the marker file.
    fn handtekening(self) -> &'static str {
        match self {
            Soort::Rapport => "kansrijk-map/1 rapport",
            Soort::Invoer => "kansrijk-map/1 invoer",
            Soort::Vergelijking => "kansrijk-map/1 vergelijking",
            Soort::Simulatie => "kansrijk-map/1 simulatie",
        }
    }

    /// The marker file's text.
    pub fn merkteken(self) -> String {
        format!(
            "{}\nDeze map is geschreven door kansrijk. Een volgende run met deze map als --out vervangt haar in haar geheel.\n",
            self.handtekening()
        )
    }

    /// Why an existing non-empty folder that is not of this kind is not replaced.
    fn weigering(self, gevonden: Option<Soort>) -> &'static str {
        match (self, gevonden) {
            (Soort::Rapport, Some(Soort::Invoer)) => {
                "is an input folder written by kansrijk generate, not a report; choose another --out"
            }
            (Soort::Rapport, _) => {
                "exists and is not a kansrijk report (it holds no .kansrijk marker; reports of kansrijk versions before the marker have none either): remove it yourself or choose another --out"
            }
            (Soort::Invoer, Some(Soort::Rapport)) => {
                "is a report folder of kansrijk match, not a folder written by kansrijk generate; choose another --out"
            }
            (Soort::Invoer, _) => {
                "exists and was not written by kansrijk generate (it holds no .kansrijk marker; folders of kansrijk versions before the marker have none either): remove it yourself or choose another --out"
            }
            (Soort::Vergelijking, Some(Soort::Invoer)) => {
                "is an input folder written by kansrijk generate, not a comparison; choose another --out"
            }
            (Soort::Vergelijking, Some(Soort::Rapport)) => {
                "is a report folder of kansrijk match, not a comparison; choose another --out"
            }
            (Soort::Vergelijking, _) => {
                "exists and is not a comparison of kansrijk compare (it holds no .kansrijk marker): remove it yourself or choose another --out"
            }
            (Soort::Simulatie, Some(Soort::Invoer)) => {
                "is an input folder written by kansrijk generate, not a simulation; choose another --out"
            }
            (Soort::Simulatie, Some(Soort::Rapport)) => {
                "is a report folder of kansrijk match, not a simulation; choose another --out"
            }
            (Soort::Simulatie, _) => {
                "exists and is not a simulation of kansrijk simulate (it holds no .kansrijk marker): remove it yourself or choose another --out"
            }
        }
    }
}

/// Which kind of kansrijk folder `dir` is by its marker, if any.
pub fn merkteken(dir: &Path) -> Option<Soort> {
    let pad = dir.join(MERKTEKEN);
    if !fs::symlink_metadata(&pad).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let tekst = fs::read_to_string(&pad).ok()?;
    let eerste = tekst.lines().next()?;
    [
        Soort::Rapport,
        Soort::Invoer,
        Soort::Vergelijking,
        Soort::Simulatie,
    ]
    .into_iter()
    .find(|s| s.handtekening() == eerste)
}

/// A folder to write as a whole: its files (names may hold subfolders) and its kind.
#[derive(Debug, Clone)]
pub struct MapDoel<'a> {
    pub out: &'a Path,
    pub bestanden: Vec<(&'a str, &'a [u8])>,
    pub soort: Soort,
}

/// Every output of one command: at most one folder and any number of separate files, and the
/// input folder, which is never written into or replaced.
#[derive(Debug, Clone, Default)]
pub struct Set<'a> {
    pub map: Option<MapDoel<'a>>,
    pub bestanden: Vec<(&'a Path, &'a [u8])>,
    pub invoer: Option<&'a Path>,
}

fn io_fout(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
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

/// `path` made absolute (without resolving symlinks), so that its name and parent are known
/// even for `--out .`.
fn absoluut(path: &Path) -> Result<PathBuf, WriteError> {
    std::path::absolute(path).map_err(io_fout(path))
}

/// The name of `abs` (an absolute path); `None` for a path ending in `..` or `/`.
fn naam(abs: &Path) -> Option<String> {
    abs.file_name().map(|n| n.to_string_lossy().into_owned())
}

/// The fixed prefix of every sibling kansrijk makes for the output `abs`.
fn voorvoegsel(abs: &Path) -> String {
    format!(".{}.kansrijk-", naam(abs).unwrap_or_default())
}

/// A staging sibling `.{naam}.kansrijk-{tag}-{pid}-{nanos}` next to `abs`.
fn sibling(abs: &Path, tag: &str) -> PathBuf {
    let tijd = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    abs.with_file_name(format!(
        "{}{tag}-{}-{tijd}",
        voorvoegsel(abs),
        std::process::id()
    ))
}

/// Whether `a` and `b` are the same existing folder.
fn same_dir(a: &Path, b: &Path) -> bool {
    matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}

/// `path` with its longest existing ancestor resolved (symlinks, `..`), the rest appended.
fn opgelost(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut p = path;
    loop {
        if let Ok(c) = fs::canonicalize(p) {
            return rest.iter().rev().fold(c, |acc, n| acc.join(n));
        }
        match (p.parent(), p.file_name()) {
            (Some(parent), Some(n)) => {
                rest.push(n.to_os_string());
                p = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// Whether `name` is a relative path that stays inside the folder: only plain components.
fn stays_inside(name: &str) -> bool {
    let path = Path::new(name);
    path.components().next().is_some()
        && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// The parent of `abs`, an absolute path.
fn ouder(abs: &Path) -> &Path {
    abs.parent().unwrap_or(Path::new("/"))
}

/// Step 1: every refusal, before anything is written.
fn controleer(set: &Set) -> Result<(), WriteError> {
    if let Some(m) = &set.map {
        if let Some((name, _)) = m.bestanden.iter().find(|(n, _)| !stays_inside(n)) {
            return Err(refuse(
                &m.out.join(name),
                "a file name must stay inside the output folder",
            ));
        }
        if naam(&absoluut(m.out)?).is_none() {
            return Err(refuse(
                m.out,
                "names no folder; give the folder by its name",
            ));
        }
        if let Some(input) = set.invoer {
            if same_dir(m.out, input)
                || fs::canonicalize(m.out)
                    .is_ok_and(|o| fs::canonicalize(input).is_ok_and(|i| i.starts_with(&o)))
            {
                return Err(refuse(
                    m.out,
                    "the output folder would replace the input folder; choose another --out",
                ));
            }
        }
        if fs::symlink_metadata(m.out).is_ok() {
            if !m.out.is_dir() {
                return Err(refuse(m.out, "exists and is not a folder"));
            }
            let empty = fs::read_dir(m.out)
                .map_err(io_fout(m.out))?
                .next()
                .is_none();
            let gevonden = merkteken(m.out);
            if !empty && gevonden != Some(m.soort) {
                return Err(refuse(m.out, m.soort.weigering(gevonden)));
            }
        }
    }
    for (path, _) in &set.bestanden {
        let abs = absoluut(path)?;
        if naam(&abs).is_none() || path.is_dir() {
            return Err(refuse(path, "is a folder, not a file"));
        }
        if !ouder(&abs).is_dir() {
            return Err(refuse(path, "its folder does not exist"));
        }
        if let Some(input) = set.invoer {
            if same_dir(ouder(&abs), input) && path.exists() {
                return Err(refuse(path, "would overwrite a file in the input folder"));
            }
        }
        if let Some(m) = &set.map {
            if opgelost(&abs).starts_with(opgelost(&absoluut(m.out)?)) {
                return Err(refuse(
                    path,
                    "lies inside the output folder, which is replaced as a whole; write it outside --out",
                ));
            }
        }
    }
    Ok(())
}

/// An exclusive lock on one output, held while the value lives: `flock` on the file
/// `.{naam}.kansrijk-slot` beside it, removed again on drop.
struct Slot {
    pad: PathBuf,
    _file: File,
}

impl Slot {
    /// Takes the lock of the output `abs` (named `user` in errors), or fails at once when
    /// another process holds it.
    fn neem(abs: &Path, user: &Path) -> Result<Slot, WriteError> {
        let pad = abs.with_file_name(format!("{}slot", voorvoegsel(abs)));
        loop {
            let file = fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&pad)
                .map_err(io_fout(user))?;
            #[cfg(unix)]
            {
                use rustix::fs::{flock, FlockOperation};
                use std::os::unix::fs::MetadataExt;
                match flock(&file, FlockOperation::NonBlockingLockExclusive) {
                    Ok(()) => {}
                    Err(e) if e == rustix::io::Errno::WOULDBLOCK => {
                        return Err(WriteError::Busy {
                            path: user.to_path_buf(),
                        })
                    }
                    Err(e) => return Err(io_fout(user)(e.into())),
                }
                // The holder before us may have removed the file after we opened it: then our
                // lock is on a file nobody else will see. Take the lock again on the new one.
                let eigen = file.metadata().map_err(io_fout(user))?;
                let op_schijf = fs::metadata(&pad);
                if !op_schijf.is_ok_and(|m| m.dev() == eigen.dev() && m.ino() == eigen.ino()) {
                    continue;
                }
            }
            return Ok(Slot { pad, _file: file });
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        // removed while still locked; the lock goes when the file closes, right after
        let _ = fs::remove_file(&self.pad);
    }
}

/// Removes the folder `dir` with its marker last, so that a removal cut short leaves a folder
/// that is still recognised as kansrijk's. A symlink is removed, never followed.
fn verwijder_map(dir: &Path) -> std::io::Result<()> {
    if !fs::symlink_metadata(dir)?.is_dir() {
        return fs::remove_file(dir);
    }
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name() == MERKTEKEN {
            continue;
        }
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())?;
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    match fs::remove_file(dir.join(MERKTEKEN)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::remove_dir(dir)
}

/// Removes what crashed runs left beside the output `abs`: staged and old folders (only when
/// they hold the marker or nothing) and staged files; an old folder whose output is missing
/// (a crash between the two renames of the fallback) is put back instead. Called under the
/// output's lock.
fn ruim_op(abs: &Path) {
    let voor = voorvoegsel(abs);
    let Ok(entries) = fs::read_dir(ouder(abs)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&voor) else {
            continue;
        };
        if !(rest.starts_with("nieuw-") || rest.starts_with("oud-")) {
            continue;
        }
        let path = entry.path();
        match entry.file_type() {
            // a crash between the two renames of the fallback left no output: the old report
            // is whole under this name, so it goes back
            Ok(t)
                if t.is_dir()
                    && rest.starts_with("oud-")
                    && fs::symlink_metadata(abs).is_err()
                    && merkteken(&path).is_some() =>
            {
                let _ = fs::rename(&path, abs);
            }
            Ok(t) if t.is_dir() => {
                let leeg = fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none());
                if leeg || merkteken(&path).is_some() {
                    let _ = verwijder_map(&path);
                }
            }
            Ok(_) => {
                let _ = fs::remove_file(&path);
            }
            Err(_) => {}
        }
    }
}

/// Flushes a folder's entries to disk (Unix; elsewhere a folder cannot be opened as a file).
fn sync_map(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Writes `bytes` to the new file `path`, and flushes it to disk.
fn schrijf_bestand(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = File::create_new(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Step 3 for the folder: writes `m` into the empty staging folder `tmp`, marker first.
fn zet_klaar_map(m: &MapDoel, tmp: &Path) -> Result<(), WriteError> {
    schrijf_bestand(&tmp.join(MERKTEKEN), m.soort.merkteken().as_bytes())
        .map_err(io_fout(m.out))?;
    let mut mappen = vec![tmp.to_path_buf()];
    for (name, bytes) in &m.bestanden {
        let path = tmp.join(name);
        let user = m.out.join(name);
        if let Some(dir) = path.parent().filter(|d| *d != tmp) {
            if !dir.is_dir() {
                fs::create_dir_all(dir).map_err(io_fout(&user))?;
                mappen.push(dir.to_path_buf());
            }
        }
        schrijf_bestand(&path, bytes).map_err(io_fout(&user))?;
    }
    for dir in mappen.iter().rev() {
        sync_map(dir).map_err(io_fout(m.out))?;
    }
    Ok(())
}

/// How the new folder took the old one's place, so that it can be undone.
enum Wissel {
    /// There was no old folder; the new one was renamed into place.
    Nieuw,
    /// Exchanged atomically: the old folder is now at the staging path.
    Geruild,
    /// Two renames: the old folder is now at this path.
    Tweestaps(PathBuf),
}

/// Exchanges the folders `a` and `b` atomically, when the platform and file system can.
fn ruil(a: &Path, b: &Path) -> std::io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        use rustix::io::Errno;
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        Ok(false)
    }
}

/// Step 4 for the folder: puts the staged folder `tmp` in the place of `out`.
fn wissel(out: &Path, tmp: &Path) -> std::io::Result<Wissel> {
    if fs::symlink_metadata(out).is_err() {
        fs::rename(tmp, out)?;
        return Ok(Wissel::Nieuw);
    }
    if ruil(tmp, out)? {
        return Ok(Wissel::Geruild);
    }
    let oud = sibling(out, "oud");
    fs::rename(out, &oud)?;
    if let Err(e) = fs::rename(tmp, out) {
        let _ = fs::rename(&oud, out);
        return Err(e);
    }
    Ok(Wissel::Tweestaps(oud))
}

/// Undoes [`wissel`]: the old folder back at `out`, the new one back at `tmp`.
fn terug(out: &Path, tmp: &Path, w: &Wissel) {
    match w {
        Wissel::Nieuw => {
            let _ = fs::rename(out, tmp);
        }
        Wissel::Geruild => {
            let _ = ruil(tmp, out);
        }
        Wissel::Tweestaps(oud) => {
            if fs::rename(out, tmp).is_ok() {
                let _ = fs::rename(oud, out);
            }
        }
    }
}

/// Writes every output of `set` as one transaction (see the module documentation): all
/// refusals before anything is written, then the lock, staging and commit.
pub fn schrijf_set(set: &Set) -> Result<(), WriteError> {
    controleer(set)?;
    voer_uit(set, controleer)
}

/// Steps 2 to 4 of [`schrijf_set`]; `opnieuw` checks again under the locks.
fn voer_uit(set: &Set, opnieuw: impl Fn(&Set) -> Result<(), WriteError>) -> Result<(), WriteError> {
    let map = match &set.map {
        Some(m) => Some((m, absoluut(m.out)?)),
        None => None,
    };
    let bestanden = set
        .bestanden
        .iter()
        .map(|(p, b)| Ok((*p, absoluut(p)?, *b)))
        .collect::<Result<Vec<_>, WriteError>>()?;

    if let Some((m, abs)) = &map {
        fs::create_dir_all(ouder(abs)).map_err(io_fout(m.out))?;
    }
    let mut sloten = Vec::new();
    if let Some((m, abs)) = &map {
        sloten.push(Slot::neem(abs, m.out)?);
    }
    for (user, abs, _) in &bestanden {
        sloten.push(Slot::neem(abs, user)?);
    }
    // again under the locks: another run may have written in the meantime
    opnieuw(set)?;
    if let Some((_, abs)) = &map {
        ruim_op(abs);
    }
    for (_, abs, _) in &bestanden {
        ruim_op(abs);
    }

    // stage
    let mut klaar_map: Option<PathBuf> = None;
    let mut klaar: Vec<PathBuf> = Vec::new();
    let opruimen = |klaar_map: &Option<PathBuf>, klaar: &[PathBuf]| {
        if let Some(tmp) = klaar_map {
            let _ = verwijder_map(tmp);
        }
        for tmp in klaar {
            let _ = fs::remove_file(tmp);
        }
    };
    let gestaged = (|| {
        if let Some((m, abs)) = &map {
            let tmp = sibling(abs, "nieuw");
            fs::create_dir(&tmp).map_err(io_fout(m.out))?;
            klaar_map = Some(tmp.clone());
            zet_klaar_map(m, &tmp)?;
        }
        for (user, abs, bytes) in &bestanden {
            let tmp = sibling(abs, "nieuw");
            klaar.push(tmp.clone());
            schrijf_bestand(&tmp, bytes).map_err(io_fout(user))?;
        }
        Ok(())
    })();
    if let Err(e) = gestaged {
        opruimen(&klaar_map, &klaar);
        return Err(e);
    }

    // commit
    let gewisseld = match (&map, &klaar_map) {
        (Some((m, abs)), Some(tmp)) => match wissel(abs, tmp) {
            Ok(w) => {
                let _ = sync_map(ouder(abs));
                Some((abs, tmp, w))
            }
            Err(e) => {
                opruimen(&klaar_map, &klaar);
                return Err(io_fout(m.out)(e));
            }
        },
        _ => None,
    };
    for (i, (user, abs, _)) in bestanden.iter().enumerate() {
        if let Err(e) = fs::rename(&klaar[i], abs) {
            if let Some((abs, tmp, w)) = &gewisseld {
                terug(abs, tmp, w);
            }
            opruimen(&klaar_map, &klaar[i..]);
            return Err(io_fout(user)(e));
        }
        let _ = sync_map(ouder(abs));
    }
    if let Some((_, tmp, w)) = &gewisseld {
        let oud = match w {
            Wissel::Nieuw => None,
            Wissel::Geruild => Some(tmp.as_path()),
            Wissel::Tweestaps(oud) => Some(oud.as_path()),
        };
        if let Some(oud) = oud {
            let _ = verwijder_map(oud);
        }
    }
    drop(sloten);
    Ok(())
}

/// Writes `files` as the report folder `out`, replacing a previous report there. A name may
/// contain subfolders (`overdracht/GM0344_Utrecht.md`). `input` is the input folder, which is
/// never written into or replaced.
pub fn write_folder(
    out: &Path,
    files: &[(impl AsRef<str>, Vec<u8>)],
    input: Option<&Path>,
) -> Result<(), WriteError> {
    schrijf_set(&Set {
        map: Some(map_doel(out, files, Soort::Rapport)),
        bestanden: Vec::new(),
        invoer: input,
    })
}

/// The folder `out` of `files` of kind `soort`, for a [`Set`].
pub fn map_doel<'a>(
    out: &'a Path,
    files: &'a [(impl AsRef<str>, Vec<u8>)],
    soort: Soort,
) -> MapDoel<'a> {
    MapDoel {
        out,
        bestanden: files
            .iter()
            .map(|(n, b)| (n.as_ref(), b.as_slice()))
            .collect(),
        soort,
    }
}

/// Writes `files` as the folder `out` of kind `soort`. An existing non-empty `out` is
/// replaced only if it holds the marker of that kind. Names may contain subfolders, never
/// `..` or an absolute path.
pub fn replace_folder(
    out: &Path,
    files: &[(impl AsRef<str>, Vec<u8>)],
    soort: Soort,
) -> Result<(), WriteError> {
    schrijf_set(&Set {
        map: Some(map_doel(out, files, soort)),
        bestanden: Vec::new(),
        invoer: None,
    })
}

/// Writes one file atomically (staged sibling, fsync, rename). Refuses to overwrite a file
/// inside the input folder.
pub fn write_file(path: &Path, bytes: &[u8], input: Option<&Path>) -> Result<(), WriteError> {
    schrijf_set(&Set {
        map: None,
        bestanden: vec![(path, bytes)],
        invoer: input,
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
        assert_eq!(merkteken(&out), Some(Soort::Rapport));
    }

    /// What a killed run leaves beside `--out` (staged and old folders, a half-removed one
    /// with only its marker, a staged file, the lock file) is removed by the next run; a
    /// folder by that pattern without the marker is not kansrijk's and stays.
    #[test]
    fn the_next_run_removes_what_a_crashed_run_left() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("uit");
        write_folder(&out, &[("rapport.json", b"1".to_vec())], None).unwrap();
        let nieuw = dir.path().join(".uit.kansrijk-nieuw-17-99");
        write_folder(&nieuw, &[("rapport.json", b"half".to_vec())], None).unwrap();
        let oud = dir.path().join(".uit.kansrijk-oud-18-99");
        fs::create_dir(&oud).unwrap();
        fs::write(oud.join(MERKTEKEN), Soort::Rapport.merkteken()).unwrap();
        fs::create_dir(dir.path().join(".uit.kansrijk-oud-19-99")).unwrap();
        fs::write(dir.path().join(".uit.kansrijk-nieuw-20-99"), "afgebroken").unwrap();
        fs::write(dir.path().join(".uit.kansrijk-slot"), "").unwrap();
        let vreemd = dir.path().join(".uit.kansrijk-nieuw-eigen");
        fs::create_dir(&vreemd).unwrap();
        fs::write(vreemd.join("notities.txt"), "van mij").unwrap();
        write_folder(&out, &[("rapport.json", b"2".to_vec())], None).unwrap();
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".uit.kansrijk-nieuw-eigen", "uit"]);
        assert_eq!(fs::read(vreemd.join("notities.txt")).unwrap(), b"van mij");
    }

    /// A crash between the two renames of the fallback leaves the old folder under its hidden
    /// name and no output: the next run puts it back before it starts.
    #[test]
    fn a_missing_output_is_restored_from_its_old_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("uit");
        write_folder(&out, &[("rapport.json", b"1".to_vec())], None).unwrap();
        let oud = dir.path().join(".uit.kansrijk-oud-5-6");
        fs::rename(&out, &oud).unwrap();
        // a refused write (a name leaving the folder) restores nothing: it writes nothing
        let slecht = [("../x", b"2".to_vec())];
        assert!(write_folder(&out, &slecht, None).is_err());
        assert!(oud.is_dir());
        // the next run takes the lock, puts the old report back, then replaces it
        let slot = Slot::neem(&out, &out).unwrap();
        ruim_op(&out);
        drop(slot);
        assert_eq!(fs::read(out.join("rapport.json")).unwrap(), b"1");
        assert!(!oud.exists());
    }

    #[test]
    fn a_held_lock_refuses_at_once_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("uit");
        write_folder(&out, &[("rapport.json", b"1".to_vec())], None).unwrap();
        let slot = Slot::neem(&out, &out).unwrap();
        let err = write_folder(&out, &[("rapport.json", b"2".to_vec())], None).unwrap_err();
        assert!(matches!(err, WriteError::Busy { .. }), "{err}");
        assert_eq!(fs::read(out.join("rapport.json")).unwrap(), b"1");
        drop(slot);
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "the lock file goes"
        );
        let file = dir.path().join("scores.csv");
        let slot = Slot::neem(&file, &file).unwrap();
        assert!(matches!(
            write_file(&file, b"x", None).unwrap_err(),
            WriteError::Busy { .. }
        ));
        drop(slot);
        write_file(&file, b"x", None).unwrap();
    }

    /// A file that cannot be committed after the folder was exchanged puts the old folder
    /// back and leaves no staging files.
    #[test]
    fn a_failure_after_the_exchange_puts_the_old_folder_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("uit");
        write_folder(&out, &[("rapport.json", b"1".to_vec())], None).unwrap();
        // the staged file is renamed onto a non-empty folder: the rename fails
        let bestand = dir.path().join("scores.csv");
        fs::create_dir(&bestand).unwrap();
        let files = [("rapport.json", b"2".to_vec())];
        let set = Set {
            map: Some(map_doel(&out, &files, Soort::Rapport)),
            bestanden: vec![(&bestand, b"x")],
            invoer: None,
        };
        assert!(controleer(&set).is_err(), "a folder is refused up front");
        fs::write(bestand.join("vol"), "x").unwrap();
        // skip the up-front check to reach the commit step
        let err = voer_uit(&set, |_| Ok(())).unwrap_err();
        assert!(err.to_string().contains("scores.csv"), "{err}");
        assert_eq!(fs::read(out.join("rapport.json")).unwrap(), b"1");
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["scores.csv", "uit"]);
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
