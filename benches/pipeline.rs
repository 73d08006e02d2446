//! Benchmarks of the pipeline stages on generated cohorts (`kansrijk generate` presets, seed 1)
//! over the 342 real gemeenten: load + validate and score at every preset; the solve at the
//! example, the weekly batch and the half year; the whole run at the example and the weekly
//! batch. The stress solve (over a minute) is measured by timed runs of `kansrijk match`; see
//! the README. Run with `make bench` (or `cargo bench`).

use criterion::{criterion_group, criterion_main, Criterion};
use kansrijk::generate::Preset;
use kansrijk::solve::{bouw, los_op, Opties};
use kansrijk::{load_valid, render, run, score, MatchOpties};

mod common;
use common::map;

fn stages(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temp dir");
    // (name, options, solve, whole run)
    let cohorten = [
        ("voorbeeld", MatchOpties::default(), true, true),
        ("week", map(Preset::Week, &dir), true, true),
        ("halfjaar", map(Preset::Halfjaar, &dir), true, false),
        ("stress", map(Preset::Stress, &dir), false, false),
    ];
    for (naam, opties, oplossen, geheel) in &cohorten {
        let (inst, w, _) = load_valid(opties).unwrap();
        let scores = score::score(&inst, &w);
        let mut g = c.benchmark_group(*naam);
        g.sample_size(10);
        g.bench_function("laden_en_valideren", |b| {
            b.iter(|| load_valid(opties).unwrap())
        });
        g.bench_function("scoren", |b| b.iter(|| score::score(&inst, &w)));
        if *oplossen {
            let (probleem, _) = bouw(&inst, &scores, &w);
            g.bench_function("oplossen_geaggregeerd", |b| {
                b.iter(|| los_op(&probleem, &Opties::default()).unwrap())
            });
        }
        if *geheel {
            g.bench_function("geheel", |b| {
                b.iter(|| render::render(&run(opties).unwrap()))
            });
        }
        g.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
