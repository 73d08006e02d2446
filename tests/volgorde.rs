//! Canonical ties: the koppeling depends on the data only, not on the order of the rows in the
//! input files. Every input file's rows are shuffled (header first), several times with fixed
//! seeds, for the embedded example and a generated week; every output but the report (which
//! records the input files' hashes) must keep its bytes.

use std::path::Path;

use kansrijk::generate::{genereer, Instellingen, Keuzes, Preset};
use kansrijk::{render, MatchOpties};

mod common;
use common::schud;

const INVOER: [&str; 5] = [
    "gemeenten.csv",
    "regios.csv",
    "arbeidsmarkt.csv",
    "huishoudens.csv",
    "personen.csv",
];

/// A copy of the input folder `van` in `naar` with every input file's rows shuffled by `seed`.
fn geschud(van: &Path, naar: &Path, seed: u64) {
    std::fs::create_dir_all(naar).unwrap();
    for e in std::fs::read_dir(van).unwrap() {
        let e = e.unwrap();
        let naam = e.file_name().to_string_lossy().into_owned();
        let inhoud = std::fs::read_to_string(e.path()).unwrap();
        let uit = if INVOER.contains(&naam.as_str()) {
            let mut regels: Vec<&str> = inhoud.lines().collect();
            let (kop, rijen) = regels.split_at_mut(1);
            schud(rijen, seed.wrapping_add(naam.len() as u64));
            let mut t = kop[0].to_string();
            for r in rijen.iter() {
                t.push('\n');
                t.push_str(r);
            }
            t.push('\n');
            t
        } else {
            inhoud
        };
        std::fs::write(naar.join(naam), uit).unwrap();
    }
}

/// Every output of a run on `data` but the report, which records the input's hashes.
fn uitvoer(data: &Path) -> Vec<(&'static str, Vec<u8>)> {
    let u = kansrijk::run(&MatchOpties {
        data: Some(data.to_path_buf()),
        ..Default::default()
    })
    .unwrap();
    render::render(&u)
        .into_iter()
        .filter(|(naam, _)| !naam.starts_with("rapport"))
        .collect()
}

fn zelfde_na_schudden(data: &Path, seeds: &[u64]) {
    let basis = uitvoer(data);
    assert!(basis.iter().any(|(n, _)| *n == "koppelingen.csv"));
    let tmp = tempfile::tempdir().unwrap();
    for &seed in seeds {
        let map = tmp.path().join(format!("schud{seed}"));
        geschud(data, &map, seed);
        for ((naam, a), (naam_b, b)) in basis.iter().zip(uitvoer(&map)) {
            assert_eq!(*naam, naam_b);
            assert!(
                *a == b,
                "{naam} differs after shuffling with seed {seed}:\n{}",
                eerste_verschil(a, &b)
            );
        }
    }
}

/// The first differing line of two outputs, for the message.
fn eerste_verschil(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    a.lines()
        .zip(b.lines())
        .find(|(x, y)| x != y)
        .map(|(x, y)| format!("  {x}\n  {y}"))
        .unwrap_or_else(|| "(lengths differ)".to_string())
}

#[test]
fn shuffled_example_gives_the_same_koppeling() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/voorbeeld");
    zelfde_na_schudden(&data, &[1, 2, 3]);
}

#[test]
fn shuffled_week_gives_the_same_koppeling() {
    let opties = Instellingen::bepaal(&Keuzes {
        preset: Some(Preset::Week),
        seed: Some(3),
        ..Default::default()
    })
    .unwrap();
    let map = genereer(&opties);
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("week");
    std::fs::create_dir_all(&data).unwrap();
    for (naam, inhoud) in &map.bestanden {
        std::fs::write(data.join(naam), inhoud).unwrap();
    }
    zelfde_na_schudden(&data, &[1, 2, 3]);
}
