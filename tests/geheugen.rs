//! Memory (issue 15, P1): a model too large for the memory the process may take is refused
//! before it is built, with the sizes and the limit named; running out later (a long search)
//! ends with a clear message; both exit 2 and write nothing. The limit is the address-space
//! limit (`ulimit -v`), set on the child process only.
#![cfg(target_os = "linux")]

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_kansrijk");
const MB: u64 = 1024 * 1024;

/// `kansrijk args` with an address-space limit of `limiet` bytes.
fn onder_limiet(limiet: u64, args: &[&str]) -> Output {
    let mut c = Command::new(BIN);
    c.args(args);
    // SAFETY: setrlimit is async-signal-safe and touches only the child.
    unsafe {
        c.pre_exec(move || {
            use rustix::process::{setrlimit, Resource, Rlimit};
            let r = Rlimit {
                current: Some(limiet),
                maximum: Some(limiet),
            };
            setrlimit(Resource::As, r).map_err(std::io::Error::from)
        });
    }
    c.output().unwrap()
}

/// A generated cohort of `n` households in `dir`.
fn cohort(dir: &Path, n: usize) -> String {
    let data = dir.join(format!("g{n}"));
    let o = Command::new(BIN)
        .args([
            "generate",
            "--households",
            &n.to_string(),
            "--seed",
            "1",
            "--out",
        ])
        .arg(&data)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    data.display().to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_model_too_large_for_the_memory_left_is_refused_before_it_is_built() {
    let tmp = tempfile::tempdir().unwrap();
    let data = cohort(tmp.path(), 40_000);
    let out = tmp.path().join("uit");
    let o = onder_limiet(
        300 * MB,
        &["match", "--data", &data, "--out", out.to_str().unwrap()],
    );
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(
        e.contains("too large for the memory available: 40000 households with"),
        "{e}"
    );
    assert!(e.contains("the address-space limit (ulimit -v)"), "{e}");
    assert!(!e.contains("panicked") && !e.contains("backtrace"), "{e}");
    assert!(!out.exists());
    // and nothing else written beside it
    let namen: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(namen, vec![std::ffi::OsString::from("g40000")]);
}

#[test]
fn running_out_of_memory_later_is_a_message_and_exit_2_not_an_abort() {
    // the same cohort fits the estimate under 600 MB, but its search needs about 1 GB
    let tmp = tempfile::tempdir().unwrap();
    let data = cohort(tmp.path(), 40_000);
    let out = tmp.path().join("uit");
    let o = onder_limiet(
        600 * MB,
        &["match", "--data", &data, "--out", out.to_str().unwrap()],
    );
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(e.starts_with("error: out of memory:"), "{e}");
    assert!(e.contains("nothing was written"), "{e}");
    assert!(!out.exists());
}

#[test]
fn what_fits_is_not_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("uit");
    let o = onder_limiet(
        1024 * MB,
        &["match", "--out", out.to_str().unwrap(), "--quiet"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.join("rapport.json").exists());
}
