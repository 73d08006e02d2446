//! The command line around the pipeline: `--version` names the commit, `completions` prints a
//! shell's completion script, the older flag spellings still parse, and the Excel-dialect
//! input of `examples/excel/` is valid input.

mod common;

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_kansrijk");

fn kansrijk(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn version_names_the_commit() {
    let o = kansrijk(&["--version"]);
    common::geslaagd(&o);
    let versie = stdout(&o);
    let commit = versie
        .strip_prefix(concat!("kansrijk ", env!("CARGO_PKG_VERSION"), " ("))
        .and_then(|r| r.strip_suffix(")\n"))
        .unwrap_or_else(|| panic!("{versie:?}"));
    let dir = env!("CARGO_MANIFEST_DIR");
    let head = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(dir)
        .output()
        .ok()
        .filter(|o| o.status.success() && Path::new(dir).join(".git").exists());
    match head {
        Some(h) => {
            let h = String::from_utf8(h.stdout).unwrap();
            let h = h.trim();
            assert!(
                commit == h || commit == format!("{h}-dirty"),
                "{versie:?} does not name HEAD {h}"
            );
        }
        None => assert_eq!(commit, "onbekend"),
    }
}

#[test]
fn completions_for_each_shell() {
    let o = kansrijk(&["completions", "bash"]);
    common::geslaagd(&o);
    let script = stdout(&o);
    for woord in [
        "match",
        "check",
        "controleer",
        "--time-limit",
        "--overdracht",
    ] {
        assert!(
            script.contains(woord),
            "{woord} missing from the bash script"
        );
    }
    for shell in ["zsh", "fish"] {
        let o = kansrijk(&["completions", shell]);
        common::geslaagd(&o);
        assert!(stdout(&o).contains("check"), "{shell}");
    }
    let o = kansrijk(&["completions", "cmd"]);
    assert_eq!(o.status.code(), Some(2));
}

/// `--tijdslimiet` is the older spelling of `--time-limit`: on `match` and `explain` both reach
/// the same value check, which refuses a time limit that is not positive.
#[test]
fn both_spellings_of_the_time_limit_must_be_positive() {
    for flag in ["--time-limit", "--tijdslimiet"] {
        for args in [
            vec!["match", flag, "0", "--quiet"],
            vec!["explain", flag, "0", "H001"],
        ] {
            let o = kansrijk(&args);
            assert_eq!(o.status.code(), Some(2), "{args:?}");
            assert!(
                stderr(&o).contains("expected a positive number of seconds"),
                "{args:?}: {}",
                stderr(&o)
            );
        }
    }
}

/// The input of `examples/excel/`: `;`, decimal commas, a BOM and CRLF line ends.
#[test]
fn the_excel_example_is_valid_input() {
    let map = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/excel");
    let bytes = std::fs::read(map.join("personen.csv")).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "no BOM");
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "no CRLF");
    let arbeidsmarkt = std::fs::read_to_string(map.join("arbeidsmarkt.csv")).unwrap();
    assert!(
        arbeidsmarkt.lines().nth(1).unwrap().contains(','),
        "no decimal comma"
    );
    let o = kansrijk(&["validate", "--data", map.to_str().unwrap()]);
    common::geslaagd(&o);
    assert!(stderr(&o).starts_with("geldig: "), "{}", stderr(&o));
}

/// `match` without `--data` runs the embedded example: it says so on stderr and in the title of
/// the report, so a planner who forgot `--data` does not take it for a real batch; a real folder
/// gets neither.
#[test]
fn the_embedded_example_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("voorbeeld");
    let o = kansrijk(&["match", "--out", out.to_str().unwrap()]);
    common::geslaagd(&o);
    assert!(
        stderr(&o).contains("geen --data opgegeven, dus het ingebouwde voorbeeld"),
        "{}",
        stderr(&o)
    );
    let titel = |dir: &Path| {
        let md = std::fs::read_to_string(dir.join("rapport.md")).unwrap();
        md.lines().next().unwrap().to_string()
    };
    assert!(
        titel(&out).contains("ingebouwde voorbeeld"),
        "{}",
        titel(&out)
    );

    let data = tmp.path().join("week");
    common::geslaagd(&kansrijk(&[
        "generate",
        "--preset",
        "week",
        "--out",
        data.to_str().unwrap(),
        "--quiet",
    ]));
    let echt = tmp.path().join("uit");
    let o = kansrijk(&[
        "match",
        "--data",
        data.to_str().unwrap(),
        "--out",
        echt.to_str().unwrap(),
    ]);
    common::geslaagd(&o);
    assert!(
        !stderr(&o).contains("ingebouwde voorbeeld"),
        "{}",
        stderr(&o)
    );
    assert_eq!(titel(&echt), "# Kansrijke koppeling: rapport");
}

/// `match --require-proof` exits 4 when the koppeling is not proven within its gap (the report
/// is written all the same), and 0 when it is.
#[test]
fn require_proof_exits_4_when_the_run_is_not_proven() {
    let tmp = tempfile::tempdir().unwrap();
    let status = |out: &Path| {
        let r: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("rapport.json")).unwrap()).unwrap();
        r["oplossing"]["status"].as_str().unwrap().to_string()
    };
    let kort = tmp.path().join("kort");
    let o = kansrijk(&[
        "match",
        "--out",
        kort.to_str().unwrap(),
        "--spreidingsgrens",
        "0.95",
        "--time-limit",
        "0.001",
        "--require-proof",
    ]);
    assert_eq!(status(&kort), "tijdslimiet");
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert!(stderr(&o).contains("--require-proof"), "{}", stderr(&o));

    let bewezen = tmp.path().join("bewezen");
    let o = kansrijk(&[
        "match",
        "--out",
        bewezen.to_str().unwrap(),
        "--require-proof",
        "--quiet",
    ]);
    assert_eq!(status(&bewezen), "optimaal");
    common::geslaagd(&o);
}
