//! Which paths a command may write: no command writes, replaces or deletes one of its inputs
//! (the data folder and everything in it, the weights file, a run folder it reads) or a path
//! inside one, no output lies inside another, and all of it is refused before any work starts
//! (exit 2, a message naming both paths, the tree unchanged). The reproductions of issue 15
//! (D2, D3, D4), a property test over random combinations of the paths the commands take, and
//! a half year whose refused `--out` is refused before solving.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use proptest::prelude::*;

mod common;
use common::geslaagd;

const BIN: &str = env!("CARGO_BIN_EXE_kansrijk");

fn klein() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/klein")
}

/// Runs the binary in `dir` with `args`.
fn kansrijk_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// One entry of a tree: a file's bytes or a symlink's target (symlinks are not followed).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Inhoud {
    Bestand(Vec<u8>),
    Link(PathBuf),
}

/// Every file and symlink under `dir`, by path, without following symlinks. Empty folders are
/// left out: creating the parent folder of an output is not a change to anything.
fn boom(dir: &Path) -> BTreeMap<PathBuf, Inhoud> {
    fn loop_(dir: &Path, uit: &mut BTreeMap<PathBuf, Inhoud>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let meta = fs::symlink_metadata(&p).unwrap();
            if meta.file_type().is_symlink() {
                uit.insert(p.clone(), Inhoud::Link(fs::read_link(&p).unwrap()));
            } else if meta.is_dir() {
                loop_(&p, uit);
            } else {
                uit.insert(p.clone(), Inhoud::Bestand(fs::read(&p).unwrap()));
            }
        }
    }
    let mut uit = BTreeMap::new();
    loop_(dir, &mut uit);
    uit
}

/// The paths whose entry differs between two trees (changed, new or gone).
fn veranderd(voor: &BTreeMap<PathBuf, Inhoud>, na: &BTreeMap<PathBuf, Inhoud>) -> Vec<PathBuf> {
    let mut uit: Vec<PathBuf> = voor
        .iter()
        .filter(|(p, i)| na.get(*p) != Some(i))
        .map(|(p, _)| p.clone())
        .collect();
    uit.extend(na.keys().filter(|p| !voor.contains_key(*p)).cloned());
    uit
}

/// Copies `van` to `naar`, symlinks as symlinks.
fn kopieer(van: &Path, naar: &Path) {
    fs::create_dir_all(naar).unwrap();
    for e in fs::read_dir(van).unwrap() {
        let p = e.unwrap().path();
        let doel = naar.join(p.file_name().unwrap());
        let meta = fs::symlink_metadata(&p).unwrap();
        if meta.file_type().is_symlink() {
            std::os::unix::fs::symlink(fs::read_link(&p).unwrap(), &doel).unwrap();
        } else if meta.is_dir() {
            kopieer(&p, &doel);
        } else {
            fs::copy(&p, &doel).unwrap();
        }
    }
}

/// Asserts a refusal before any work: exit 2, every `namen` in the message, nothing changed.
fn geweigerd(o: &Output, namen: &[&str], voor: &BTreeMap<PathBuf, Inhoud>, dir: &Path) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    for naam in namen {
        assert!(err.contains(naam), "{naam} not named in: {err}");
    }
    assert_eq!(
        veranderd(voor, &boom(dir)),
        Vec::<PathBuf>::new(),
        "a refused command changed the tree; stderr: {err}"
    );
}

/// A temp folder holding `in` (a copy of the small fixture).
fn met_invoer() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    kopieer(&klein(), &tmp.path().join("in"));
    tmp
}

/// D2: `explain --markdown` onto a file of the run's input folder or of the run itself.
#[test]
fn explain_markdown_never_overwrites_the_input_or_the_run() {
    let tmp = met_invoer();
    let d = tmp.path();
    geslaagd(&kansrijk_in(
        d,
        &["match", "--data", "in", "--out", "out", "--quiet"],
    ));
    let voor = boom(d);
    // the input folder recorded in out/rapport.json, not given on the command line
    let o = kansrijk_in(
        d,
        &[
            "explain",
            "--out",
            "out",
            "H001",
            "--markdown",
            "in/personen.csv",
            "--quiet",
        ],
    );
    geweigerd(&o, &["--markdown", "in/personen.csv", "in"], &voor, d);
    let o = kansrijk_in(
        d,
        &[
            "explain",
            "--out",
            "out",
            "H001",
            "--markdown",
            "out/rapport.json",
            "--quiet",
        ],
    );
    geweigerd(&o, &["out/rapport.json", "out"], &voor, d);
    // a new file inside the run folder it reads
    let o = kansrijk_in(
        d,
        &["explain", "--out", "out", "H001", "--markdown", "out/h.md"],
    );
    geweigerd(&o, &["out/h.md", "out"], &voor, d);
    // the run can still be checked, and a Markdown file elsewhere is written
    geslaagd(&kansrijk_in(d, &["check", "--out", "out"]));
    geslaagd(&kansrijk_in(
        d,
        &["explain", "--out", "out", "H001", "--markdown", "h.md"],
    ));
    assert!(d.join("h.md").is_file());
}

/// D3: the weights file is an input: not overwritten by `--export-scores`, not deleted by the
/// replacement of `--out`; and `--export-scores` never lands inside `--out`.
#[test]
fn the_weights_file_is_an_input_and_outputs_do_not_collide() {
    let tmp = met_invoer();
    let d = tmp.path();
    fs::write(d.join("w.toml"), "").unwrap();
    geslaagd(&kansrijk_in(
        d,
        &["match", "--data", "in", "--out", "out", "--quiet"],
    ));
    fs::write(d.join("out/w.toml"), "").unwrap();
    let voor = boom(d);
    let o = kansrijk_in(
        d,
        &[
            "match",
            "--data",
            "in",
            "--weights",
            "w.toml",
            "--export-scores",
            "w.toml",
            "--out",
            "uit",
        ],
    );
    geweigerd(&o, &["--export-scores", "--weights", "w.toml"], &voor, d);
    let o = kansrijk_in(
        d,
        &[
            "match",
            "--data",
            "in",
            "--weights",
            "out/w.toml",
            "--out",
            "out",
        ],
    );
    geweigerd(&o, &["--out", "--weights", "out/w.toml"], &voor, d);
    let o = kansrijk_in(
        d,
        &[
            "match",
            "--data",
            "in",
            "--export-scores",
            "out/rapport.json",
            "--out",
            "out",
        ],
    );
    geweigerd(
        &o,
        &["--export-scores", "out/rapport.json", "--out"],
        &voor,
        d,
    );
}

/// D4: `--out` inside the input folder, also where it names a file the input may hold.
#[test]
fn out_never_lies_inside_the_input_folder() {
    let tmp = met_invoer();
    let d = tmp.path();
    let voor = boom(d);
    let o = kansrijk_in(d, &["match", "--data", "in", "--out", "in/sub"]);
    geweigerd(&o, &["--out", "in/sub", "--data"], &voor, d);
    let o = kansrijk_in(d, &["match", "--data", "in", "--out", "in/gewichten.toml"]);
    geweigerd(&o, &["in/gewichten.toml", "--data"], &voor, d);
    // through a symlink and `..`
    std::os::unix::fs::symlink(d.join("in"), d.join("link")).unwrap();
    let voor = boom(d);
    let o = kansrijk_in(d, &["match", "--data", "in", "--out", "link/sub"]);
    geweigerd(&o, &["link/sub", "--data"], &voor, d);
    let o = kansrijk_in(d, &["match", "--data", "link", "--out", "x/../in/sub"]);
    geweigerd(&o, &["x/../in/sub", "--data"], &voor, d);
    // generate never writes into a folder a command reads either: it has no inputs, and
    // validate writes nothing
    geslaagd(&kansrijk_in(d, &["validate", "--data", "link"]));
}

/// A refused `--out` is refused before loading and solving: on a half year (seconds to solve)
/// the refusal comes at once.
#[test]
fn a_refused_out_is_refused_before_solving() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    geslaagd(&kansrijk_in(
        d,
        &[
            "generate", "--preset", "halfjaar", "--seed", "3", "--out", "hj", "--quiet",
        ],
    ));
    let voor = boom(d);
    for out in ["hj", "hj/uit"] {
        let t = Instant::now();
        let o = kansrijk_in(d, &["match", "--data", "hj", "--out", out]);
        let duur = t.elapsed();
        geweigerd(&o, &["--out", out, "--data", "hj"], &voor, d);
        assert!(
            duur < Duration::from_secs(2),
            "--out {out} refused after {duur:?}: was the half year solved first?"
        );
    }
}

/// The paths the property test picks from, relative to the case's folder: the input folder
/// `in` (with a weights file `in/w.toml`), a weights file `w.toml`, the run folder `run`
/// (`match --data in --out run`), symlinks `link` -> `in` and `runlink` -> `run`, new paths,
/// and `..` variants of each.
const PADEN: &[&str] = &[
    "in",
    "in/personen.csv",
    "in/w.toml",
    "in/sub",
    "w.toml",
    "run",
    "run/rapport.json",
    "run/koppelingen.csv",
    "run/x.md",
    "out",
    "out/rapport.json",
    "out/sub",
    "x.md",
    "scores.csv",
    "link",
    "link/personen.csv",
    "link/sub",
    "runlink",
    "runlink/rapport.json",
    "in/../run",
    "out/../in",
    "nieuw/../w.toml",
    "nieuw/../in/x.md",
    "run/..",
];

/// A command and its paths, as indices into [`PADEN`].
#[derive(Debug, Clone)]
enum Opdracht {
    Match {
        data: Option<usize>,
        out: usize,
        weights: Option<usize>,
        export: Option<usize>,
        vorige: Option<usize>,
    },
    Explain {
        out: usize,
        markdown: usize,
        data: Option<usize>,
    },
    Check {
        out: usize,
        data: Option<usize>,
    },
    Generate {
        out: usize,
    },
}

fn opdracht() -> impl Strategy<Value = Opdracht> {
    let pad = || 0..PADEN.len();
    prop_oneof![
        4 => (
            prop::option::weighted(0.8, pad()),
            pad(),
            prop::option::of(pad()),
            prop::option::of(pad()),
            prop::option::weighted(0.2, pad()),
        )
            .prop_map(|(data, out, weights, export, vorige)| Opdracht::Match {
                data,
                out,
                weights,
                export,
                vorige,
            }),
        3 => (pad(), pad(), prop::option::weighted(0.3, pad()))
            .prop_map(|(out, markdown, data)| Opdracht::Explain { out, markdown, data }),
        1 => (pad(), prop::option::weighted(0.3, pad()))
            .prop_map(|(out, data)| Opdracht::Check { out, data }),
        1 => pad().prop_map(|out| Opdracht::Generate { out }),
    ]
}

impl Opdracht {
    /// The arguments, the paths the command reads (an explain or check also reads the input
    /// folder its run records: `in`) and the paths it may write.
    fn args(&self) -> (Vec<String>, Vec<&'static str>, Vec<&'static str>) {
        let p = |i: &usize| PADEN[*i];
        let mut args: Vec<String> = Vec::new();
        let mut leest = Vec::new();
        let mut schrijft = Vec::new();
        let optie = |args: &mut Vec<String>, vlag: &str, pad: &'static str| {
            args.push(vlag.into());
            args.push(pad.into());
        };
        match self {
            Opdracht::Match {
                data,
                out,
                weights,
                export,
                vorige,
            } => {
                args.push("match".into());
                for (vlag, pad) in [
                    ("--data", data),
                    ("--weights", weights),
                    ("--vorige", vorige),
                ] {
                    if let Some(i) = pad {
                        optie(&mut args, vlag, p(i));
                        leest.push(p(i));
                    }
                }
                optie(&mut args, "--out", p(out));
                schrijft.push(p(out));
                if let Some(i) = export {
                    optie(&mut args, "--export-scores", p(i));
                    schrijft.push(p(i));
                }
            }
            Opdracht::Explain {
                out,
                markdown,
                data,
            } => {
                args.extend(["explain".into(), "H001".into()]);
                optie(&mut args, "--out", p(out));
                optie(&mut args, "--markdown", p(markdown));
                leest.extend([p(out), "in"]);
                schrijft.push(p(markdown));
                if let Some(i) = data {
                    optie(&mut args, "--data", p(i));
                    leest.push(p(i));
                }
            }
            Opdracht::Check { out, data } => {
                args.push("check".into());
                optie(&mut args, "--out", p(out));
                leest.extend([p(out), "in"]);
                if let Some(i) = data {
                    optie(&mut args, "--data", p(i));
                    leest.push(p(i));
                }
            }
            Opdracht::Generate { out } => {
                args.extend(["generate".into(), "--households".into(), "3".into()]);
                optie(&mut args, "--out", p(out));
                schrijft.push(p(out));
            }
        }
        if !matches!(self, Opdracht::Check { .. }) {
            args.push("--quiet".into());
        }
        (args, leest, schrijft)
    }
}

/// The tree of one case of the property test in `dir/tree`: `in`, `w.toml`, `in/w.toml`, the
/// run folder `run` and the symlinks.
fn boom_van_een_geval(dir: &Path) -> PathBuf {
    let boom = dir.join("tree");
    kopieer(&klein(), &boom.join("in"));
    fs::write(boom.join("w.toml"), "").unwrap();
    fs::write(boom.join("in/w.toml"), "").unwrap();
    std::os::unix::fs::symlink(boom.join("in"), boom.join("link")).unwrap();
    std::os::unix::fs::symlink("run", boom.join("runlink")).unwrap();
    geslaagd(&kansrijk_in(
        &boom,
        &["match", "--data", "in", "--out", "run", "--quiet"],
    ));
    boom
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 96,
        failure_persistence: None,
        rng_algorithm: prop::test_runner::RngAlgorithm::ChaCha,
        ..ProptestConfig::default()
    })]

    /// Whatever paths a command is given, no file outside its own outputs changes, and no file
    /// it reads changes at all.
    #[test]
    fn nothing_outside_a_commands_outputs_changes(o in opdracht()) {
        let tmp = tempfile::tempdir().unwrap();
        let boom_dir = fs::canonicalize(boom_van_een_geval(tmp.path())).unwrap();
        let (args, leest, schrijft) = o.args();
        // the files each input covers, resolved before the run (inputs exist)
        let gelezen: Vec<PathBuf> = leest
            .iter()
            .filter_map(|p| fs::canonicalize(boom_dir.join(p)).ok())
            .collect();
        let voor = boom(&boom_dir);
        let uit = Command::new(BIN)
            .args(&args)
            .current_dir(&boom_dir)
            .output()
            .unwrap();
        let na = boom(&boom_dir);
        // the outputs, resolved after the run (those written exist then)
        let geschreven: Vec<PathBuf> = schrijft
            .iter()
            .filter_map(|p| fs::canonicalize(boom_dir.join(p)).ok())
            .collect();
        let err = String::from_utf8_lossy(&uit.stderr);
        prop_assert!(uit.status.code().is_some(), "killed: {err}");
        for p in veranderd(&voor, &na) {
            let echt = fs::canonicalize(&p).unwrap_or(p.clone());
            prop_assert!(
                !gelezen.iter().any(|g| p.starts_with(g) || echt.starts_with(g)),
                "{args:?} changed {} which it reads (exit {:?}): {err}",
                p.display(),
                uit.status.code()
            );
            prop_assert!(
                geschreven.iter().any(|g| p.starts_with(g) || echt.starts_with(g)),
                "{args:?} changed {} outside its outputs (exit {:?}): {err}",
                p.display(),
                uit.status.code()
            );
        }
    }
}
