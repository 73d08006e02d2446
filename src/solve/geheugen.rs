//! What a model needs in memory, estimated before it is built: a batch of a million persons
//! would otherwise be found too large only when an allocation fails deep inside the build.
//!
//! Almost all of a large run's memory grows with the allowed household-gemeente pairs: each
//! pair is a candidate of the model (gemeente and score, 16 bytes) and a row of the scores
//! behind it, and the solver's tables follow them. Measured peaks (maximum resident set, on
//! generated cohorts) lie at or above [`BASIS`] + [`PER_PAAR`] per pair; the estimate is the
//! least a run needs, so a run it refuses could never have finished (docs/report.md, "Memory").

use crate::model::Instance;

/// The binary, its tables and the allocator: half the 62.5 MB peak of the embedded example.
pub const BASIS: u64 = 32 * 1024 * 1024;

/// Bytes per allowed household-gemeente pair, beyond [`BASIS`]: measured 35.6 at 440,000
/// households (132 million pairs, 4.4 GB peak), 35.4 at 80,000, 72 on a national half year
/// and more where HiGHS branches long; 32 stays below each.
pub const PER_PAAR: u64 = 32;

/// A model's size and the least memory it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schatting {
    pub huishoudens: u64,
    /// Allowed household-gemeente pairs: the candidates the model holds.
    pub paren: u64,
    /// The least memory the run needs, in bytes.
    pub bytes: u64,
}

/// The estimate for `inst`: its allowed pairs counted with the same filter the model is built
/// with ([`Instance::toegestaan`]).
pub fn schatting(inst: &Instance) -> Schatting {
    let paren: u64 = inst
        .huishoudens
        .iter()
        .map(|h| {
            inst.gemeente_indices()
                .filter(|&g| inst.toegestaan(h, g))
                .count() as u64
        })
        .sum();
    Schatting {
        huishoudens: inst.huishoudens.len() as u64,
        paren,
        bytes: BASIS + PER_PAAR * paren,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pairs_are_the_candidates_of_the_model() {
        let opties = crate::MatchOpties::default();
        let (inst, w, _) = crate::load_valid(&opties).unwrap();
        let scores = crate::score::score(&inst, &w);
        let (p, _) = crate::solve::bouw(&inst, &scores, &w);
        let kandidaten: usize = p.huishoudens.iter().map(|h| h.kandidaten.len()).sum();
        let s = schatting(&inst);
        assert_eq!(s.paren, kandidaten as u64);
        assert_eq!(s.huishoudens, p.huishoudens.len() as u64);
        assert_eq!(s.bytes, BASIS + PER_PAAR * s.paren);
    }
}
