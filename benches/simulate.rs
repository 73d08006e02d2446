//! Benchmark of `kansrijk simulate` (issue 17's targets: all policies on a national half year
//! in at most 60 s on this machine; `vooruitziend` at least 99% of `achteraf`'s total fit, with
//! no more persons short and no more households uncoupled). The generated half year, seed 1
//! (weeks uniform), the draw's `--seed 1`. Before timing it prints each policy's share of
//! `achteraf`, persons short, households uncoupled and time, so one run records the targets'
//! figures beside the time. Run with `cargo bench --bench simulate`; the figures are in
//! docs/simulate.md.

use criterion::{criterion_group, criterion_main, Criterion};
use kansrijk::generate::Preset;
use kansrijk::simulatie::SimuleerOpties;

mod common;
use common::map;

fn simulate(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let opties = SimuleerOpties {
        basis: map(Preset::Halfjaar, &dir),
        seed: 1,
    };
    let s = kansrijk::simuleer(&opties, &mut |_| {}).expect("the half year simulates");
    for r in &s.resultaten {
        eprintln!(
            "{:<13} {:>8.4}% of achteraf, {:>7.1} persons short, {} uncoupled, {:.1} s",
            r.beleid.naam(),
            100.0 * r.aandeel_achteraf,
            r.cijfers.tekort_personen,
            r.cijfers.ongekoppeld,
            r.rekentijd
        );
    }
    let mut g = c.benchmark_group("simulate_halfjaar");
    g.sample_size(10);
    g.bench_function("all_policies", |b| {
        b.iter(|| kansrijk::simuleer(&opties, &mut |_| {}).unwrap())
    });
    g.finish();
}

criterion_group!(benches, simulate);
criterion_main!(benches);
