//! Records the git commit the binary is built from, for `kansrijk --version`
//! (`kansrijk 0.1.0 (cb640ee)`, `cb640ee-dirty` with uncommitted changes). Outside a git
//! checkout of this crate (a tarball, a vendored copy) the commit is "onbekend".

use std::path::{Path, PathBuf};
use std::process::Command;

/// The trimmed stdout of `git ARGS` run in `dir`, if git ran and succeeded.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The path git keeps `name` at (HEAD, a ref), absolute.
fn git_path(dir: &Path, name: &str) -> Option<PathBuf> {
    git(dir, &["rev-parse", "--git-path", name]).map(|p| dir.join(p))
}

fn main() {
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    // only this crate's own checkout counts, not a repository it happens to lie in
    let eigen = git(&dir, &["rev-parse", "--show-toplevel"])
        .and_then(|top| Path::new(&top).canonicalize().ok())
        .is_some_and(|top| dir.canonicalize().is_ok_and(|d| d == top));
    let commit = eigen
        .then(|| git(&dir, &["rev-parse", "--short", "HEAD"]))
        .flatten()
        .filter(|c| !c.is_empty());
    let versie = match commit {
        Some(c) => {
            let dirty = git(&dir, &["status", "--porcelain"]).is_some_and(|s| !s.is_empty());
            if dirty {
                format!("{c}-dirty")
            } else {
                c
            }
        }
        None => "onbekend".to_string(),
    };
    println!("cargo:rustc-env=KANSRIJK_COMMIT={versie}");

    // build again when HEAD moves: a checkout (HEAD) or a commit (the branch's ref); and when
    // the sources change, which is when the dirty mark may change and the crate is rebuilt anyway
    let mut volg = vec![
        dir.join("build.rs"),
        dir.join("Cargo.toml"),
        dir.join("src"),
    ];
    if eigen {
        volg.extend(git_path(&dir, "HEAD"));
        if let Some(r) = git(&dir, &["symbolic-ref", "-q", "HEAD"]) {
            volg.extend(git_path(&dir, &r));
        }
        volg.extend(git_path(&dir, "packed-refs"));
    }
    for pad in volg.iter().filter(|p| p.exists()) {
        println!("cargo:rerun-if-changed={}", pad.display());
    }
}
