//! What the benchmarks share: generated cohorts in a temporary directory.

use kansrijk::generate::{self, Keuzes, Preset};
use kansrijk::MatchOpties;

/// Writes the preset's folder (seed 1) into a temporary directory and returns the options for
/// it; one folder per preset, all generated before the first benchmark runs.
pub fn map(preset: Preset, dir: &tempfile::TempDir) -> MatchOpties {
    let keuzes = Keuzes {
        preset: Some(preset),
        seed: Some(1),
        ..Keuzes::default()
    };
    let opties = generate::Instellingen::bepaal(&keuzes).expect("a valid preset");
    let out = dir.path().join(format!("{preset:?}"));
    generate::schrijf(&out, &generate::genereer(&opties)).expect("writable temp dir");
    MatchOpties {
        data: Some(out),
        ..MatchOpties::default()
    }
}
