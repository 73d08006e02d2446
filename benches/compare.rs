//! Benchmarks of `kansrijk compare` side by side with one `match` of the same input
//! (issue 16's targets: `compare` at most 1.5 times one `match` on a half year; a sweep of 9
//! steps on a half year in at most 60 s). The variant is the Zuidoost-Brabant scenario of
//! `examples/` (technical occupations in AM28 x2); the sweep steps its factor from 1 to 3 by
//! 0.25. Generated cohorts, seed 1. Run with `cargo bench --bench compare`; the measured
//! medians are in docs/compare.md.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use kansrijk::generate::Preset;
use kansrijk::{run, sweep, vergelijk, Variant, VergelijkOpties};

mod common;
use common::map;

fn scenario() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/zuidoost-brabant-techniek-x2.toml")
}

fn compare(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let cohorten = [
        ("week", map(Preset::Week, &dir)),
        ("halfjaar", map(Preset::Halfjaar, &dir)),
    ];
    for (naam, basis) in &cohorten {
        let mut g = c.benchmark_group(format!("compare_{naam}"));
        g.sample_size(10);
        g.bench_function("match", |b| b.iter(|| run(basis).unwrap()));
        let opties = VergelijkOpties {
            basis: basis.clone(),
            variant: Variant::Scenario {
                bestand: scenario(),
                map: dir.path().join("variant-invoer"),
            },
        };
        g.bench_function("compare", |b| {
            b.iter(|| vergelijk(&opties, &mut |_| {}).unwrap())
        });
        if *naam == "halfjaar" {
            g.bench_function("sweep_9", |b| {
                b.iter(|| {
                    sweep(basis, &scenario(), "spanning.factor=1:3:0.25", &mut |_| {}).unwrap()
                })
            });
        }
        g.finish();
    }
}

criterion_group!(benches, compare);
criterion_main!(benches);
