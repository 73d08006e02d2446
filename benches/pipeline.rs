//! Benchmarks of the pipeline stages on the embedded example (300 households, 761 persons,
//! 342 gemeenten): load + validate, score, solve, and the whole run. The full formulation takes about 35 s
//! per solve; compare it with `kansrijk match --model volledig` (see the README).
//! Run with `make bench` (or `cargo bench`); figures are in the README.

use criterion::{criterion_group, criterion_main, Criterion};
use kansrijk::solve::{bouw, los_op, Opties};
use kansrijk::{load_valid, render, run, score, MatchOpties};

fn stages(c: &mut Criterion) {
    let opties = MatchOpties::default();
    let (inst, w, _) = load_valid(&opties).unwrap();
    let scores = score::score(&inst, &w);
    let (probleem, _) = bouw(&inst, &scores, &w);

    let mut g = c.benchmark_group("voorbeeld");
    g.sample_size(10);
    g.bench_function("laden_en_valideren", |b| {
        b.iter(|| load_valid(&opties).unwrap())
    });
    g.bench_function("scoren", |b| b.iter(|| score::score(&inst, &w)));
    g.bench_function("oplossen_geaggregeerd", |b| {
        b.iter(|| los_op(&probleem, &Opties::default()).unwrap())
    });
    g.bench_function("geheel", |b| {
        b.iter(|| render::render(&run(&opties).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
