//! The layering of `src/`, checked from the source text: the pipeline runs one way
//! (load -> validate -> score -> solve -> explain -> render), lower layers never import higher
//! ones, and no source file imports one that imports it back, directly or through others.
//!
//! Edges are read from the code (comments and `#[cfg(test)]` modules left out): `crate::a::b`,
//! `super::b`, `self::b` and, in a `mod.rs` or `lib.rs`, a child module named in code. A
//! `pub use` in a `mod.rs` or `lib.rs` only re-exports its child's items for callers: it is the
//! module's front, not a use, so it is not an edge.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The rank of each top-level module: a module may use only modules of a lower or equal rank.
const LAGEN: &[(&str, u8)] = &[
    ("error", 0),
    ("model", 0),
    ("io", 1),
    ("validate", 2),
    ("score", 3),
    ("solve", 4),
    ("explain", 5),
    // the outcome of a run: what solve and explain found, as the renderers read it
    ("uitkomst", 6),
    // the outcome of a compare: two runs and what differs
    ("vergelijking", 6),
    // the outcome of a simulation: policies played week by week
    ("simulatie", 6),
    ("render", 7),
    ("generate", 8),
];

/// Modules above the pipeline (the crate root with `run`, `replay`, `uitvoer`), which may use
/// all of it.
const BOVEN: u8 = 9;

fn rang(top: &str) -> u8 {
    LAGEN
        .iter()
        .find(|(naam, _)| *naam == top)
        .map_or(BOVEN, |(_, r)| *r)
}

/// The module path of a source file: `src/solve/mip.rs` -> `["solve", "mip"]`, `src/lib.rs` -> `[]`.
fn modulepad(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap();
    let mut delen: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(
        delen.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        delen.pop();
    }
    delen
}

fn bestanden(dir: &Path, uit: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            bestanden(&p, uit);
        } else if p.extension().is_some_and(|x| x == "rs") {
            uit.push(p);
        }
    }
}

/// The code of a file without comments, string literals and its `#[cfg(test)]` modules.
fn code(tekst: &str) -> String {
    let mut uit = String::new();
    let mut regels = tekst.lines().peekable();
    while let Some(regel) = regels.next() {
        let t = regel.trim();
        if t == "#[cfg(test)]" {
            // a test module or test-only item: skip it, with its braces
            let mut diepte = 0i32;
            let mut begonnen = false;
            for r in regels.by_ref() {
                diepte += r.matches('{').count() as i32 - r.matches('}').count() as i32;
                begonnen |= r.contains('{');
                if (begonnen && diepte <= 0) || (!begonnen && r.trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        let mut in_tekst = false;
        let mut vorige = ' ';
        let mut schoon = String::new();
        let tekens: Vec<char> = regel.chars().collect();
        let mut i = 0;
        while i < tekens.len() {
            let c = tekens[i];
            if !in_tekst && c == '/' && tekens.get(i + 1) == Some(&'/') {
                break;
            }
            if c == '"' && vorige != '\\' && vorige != '\'' {
                in_tekst = !in_tekst;
            } else if !in_tekst {
                schoon.push(c);
            }
            vorige = if vorige == '\\' && c == '\\' { ' ' } else { c };
            i += 1;
        }
        uit.push_str(&schoon);
        uit.push('\n');
    }
    uit
}

/// The paths named after `prefix` (e.g. `crate::`), each as its segments; a `{a, b::c}` group
/// gives one path per member.
fn paden(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut uit = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find(prefix) {
        let ervoor = rest[..i].chars().last();
        rest = &rest[i + prefix.len()..];
        if ervoor.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        uit.extend(lees_pad(rest));
    }
    uit
}

fn lees_pad(s: &str) -> Vec<Vec<String>> {
    let naam: String = s
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if naam.is_empty() {
        if let Some(groep) = s.strip_prefix('{') {
            let mut diepte = 0;
            let mut leden = Vec::new();
            let mut lid = String::new();
            for c in groep.chars() {
                match c {
                    '{' => diepte += 1,
                    '}' if diepte == 0 => break,
                    '}' => diepte -= 1,
                    ',' if diepte == 0 => {
                        leden.push(std::mem::take(&mut lid));
                        continue;
                    }
                    _ => {}
                }
                lid.push(c);
            }
            leden.push(lid);
            return leden.iter().flat_map(|l| lees_pad(l.trim())).collect();
        }
        return Vec::new();
    }
    let na = &s[naam.len()..];
    let verder = na.strip_prefix("::").map(lees_pad).unwrap_or_default();
    if verder.is_empty() {
        return vec![vec![naam]];
    }
    verder
        .into_iter()
        .map(|mut p| {
            p.insert(0, naam.clone());
            p
        })
        .collect()
}

/// The longest prefix of `pad` that names a source file's module.
fn bestand_van(modules: &BTreeSet<Vec<String>>, pad: &[String]) -> Option<Vec<String>> {
    (0..=pad.len())
        .rev()
        .map(|n| pad[..n].to_vec())
        .find(|m| modules.contains(m))
}

struct Graaf {
    /// file module -> the file modules it uses, with the line that shows it
    randen: BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
}

fn graaf() -> Graaf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    bestanden(&src, &mut files);
    files.retain(|f| {
        let n = f.file_name().unwrap().to_string_lossy();
        n != "main.rs" && n != "testdata.rs"
    });
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| modulepad(&src, f)).collect();
    let mut randen = BTreeMap::new();
    for f in &files {
        let ik = modulepad(&src, f);
        let is_voorkant = matches!(f.file_name().unwrap().to_str(), Some("mod.rs" | "lib.rs"));
        let tekst = std::fs::read_to_string(f).unwrap();
        let code = code(&tekst);
        // a front's `pub use child::...` re-exports, it does not use
        let code: String = if is_voorkant {
            code.lines()
                .filter(|r| {
                    !r.trim_start().starts_with("pub use")
                        && !r.trim_start().starts_with("pub mod")
                        && !r.trim_start().starts_with("mod ")
                })
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            code
        };
        let mut doelen = BTreeSet::new();
        for p in paden(&code, "crate::") {
            if let Some(m) = bestand_van(&modules, &p) {
                doelen.insert(m);
            }
        }
        let ouder: Vec<String> = if is_voorkant {
            ik.clone()
        } else {
            ik[..ik.len() - 1].to_vec()
        };
        let boven: Vec<String> = if is_voorkant && !ik.is_empty() {
            ik[..ik.len() - 1].to_vec()
        } else {
            ouder.clone()
        };
        for p in paden(&code, "super::") {
            let mut vol = boven.clone();
            vol.extend(p);
            if let Some(m) = bestand_van(&modules, &vol) {
                doelen.insert(m);
            }
        }
        if is_voorkant {
            // children named in the front's own code: `child::f()`, `self::child::T`
            let kinderen: Vec<&Vec<String>> = modules
                .iter()
                .filter(|m| m.len() == ik.len() + 1 && m.starts_with(&ik))
                .collect();
            for kind in kinderen {
                let naam = format!("{}::", kind.last().unwrap());
                if !paden(&code, &naam).is_empty() {
                    doelen.insert(kind.clone());
                }
            }
        }
        doelen.remove(&ik);
        randen.insert(ik, doelen);
    }
    Graaf { randen }
}

fn naam(m: &[String]) -> String {
    if m.is_empty() {
        "crate".to_string()
    } else {
        m.join("::")
    }
}

#[test]
fn lagere_lagen_gebruiken_geen_hogere() {
    let g = graaf();
    let mut fouten = Vec::new();
    for (van, naar) in &g.randen {
        let Some(top) = van.first() else { continue };
        for doel in naar {
            let Some(doeltop) = doel.first() else {
                if rang(top) < BOVEN {
                    fouten.push(format!("{} uses the crate root", naam(van)));
                }
                continue;
            };
            if rang(doeltop) > rang(top) {
                fouten.push(format!(
                    "{} uses the higher layer {}",
                    naam(van),
                    naam(doel)
                ));
            }
        }
    }
    assert!(fouten.is_empty(), "layering broken:\n{}", fouten.join("\n"));
}

#[test]
fn geen_module_gebruikt_er_een_die_haar_terug_gebruikt() {
    let g = graaf();
    // Tarjan-free: a file is on a cycle when it reaches itself
    let mut cycli = Vec::new();
    for start in g.randen.keys() {
        let mut gezien = BTreeSet::new();
        let mut stapel: Vec<(Vec<String>, Vec<String>)> = g.randen[start]
            .iter()
            .map(|d| (d.clone(), vec![naam(start), naam(d)]))
            .collect();
        while let Some((m, pad)) = stapel.pop() {
            if &m == start {
                cycli.push(pad.join(" -> "));
                break;
            }
            if !gezien.insert(m.clone()) {
                continue;
            }
            for d in g.randen.get(&m).into_iter().flatten() {
                let mut p = pad.clone();
                p.push(naam(d));
                stapel.push((d.clone(), p));
            }
        }
    }
    assert!(cycli.is_empty(), "import cycles:\n{}", cycli.join("\n"));
}

#[test]
fn de_controle_ziet_een_cyclus_en_een_laag_omhoog() {
    // the reader itself: paths, groups, comments and strings
    let c = code("use super::{mip::Kaart, Probleem};\n// crate::render\nlet s = \"crate::x\";\n");
    let p = paden(&c, "super::");
    assert!(
        p.contains(&vec!["mip".to_string(), "Kaart".to_string()]),
        "{p:?}"
    );
    assert!(p.contains(&vec!["Probleem".to_string()]), "{p:?}");
    assert!(paden(&c, "crate::").is_empty(), "{c}");
    assert!(rang("solve") < rang("render"));
}

/// `solve/` reads top to bottom: the order of its `mod.rs`, where each file uses only those
/// listed before it.
const SOLVE: &[&str] = &[
    "probleem",
    "opties",
    "bouw",
    "geheugen",
    "gretig",
    "zoek",
    "certificaat",
    "controle",
    "basislijn",
    "kolommen",
    "formuleringen",
    "mip",
    "highs",
    "geheel",
    "prijzen",
    "oplossen",
    "spreidingsgrens",
    "behoud",
];

#[test]
fn solve_leest_van_boven_naar_beneden() {
    let g = graaf();
    let plek = |m: &[String]| -> Option<usize> {
        (m.len() >= 2 && m[0] == "solve")
            .then(|| SOLVE.iter().position(|n| *n == m[1]))
            .flatten()
    };
    let mut fouten = Vec::new();
    let mut gezien = 0;
    for (van, naar) in &g.randen {
        let Some(i) = plek(van) else { continue };
        gezien += 1;
        for doel in naar {
            if let Some(j) = plek(doel) {
                if j > i {
                    fouten.push(format!(
                        "{} uses {}, listed after it",
                        naam(van),
                        naam(doel)
                    ));
                }
            }
        }
    }
    // every file of solve/ is in the list (a new one must be placed)
    let bestanden: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/solve"))
            .unwrap()
            .map(|e| {
                e.unwrap()
                    .file_name()
                    .to_string_lossy()
                    .trim_end_matches(".rs")
                    .to_string()
            })
            .filter(|n| n != "mod" && n != "testdata")
            .collect();
    for b in &bestanden {
        assert!(
            SOLVE.contains(&b.as_str()),
            "src/solve/{b} is not placed in SOLVE"
        );
    }
    assert!(gezien >= SOLVE.len(), "only {gezien} files of solve/ read");
    assert!(
        fouten.is_empty(),
        "solve/ out of order:\n{}",
        fouten.join("\n")
    );
}
