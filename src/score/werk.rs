//! `werk`: an adult's chance of work in a region, from the tension for the beroepsklasse of
//! their experience (weighted by years) and, more weakly, of their interests.

use crate::model::gewichten::Werk;
use crate::model::{Arbeidsmarkt, Beroepsklasse, Persoon, RegioIdx};

/// Maps a spanningsindicator (vacancies per job seeker) to a chance in `0..1`: `s / (1 + s)`.
/// 0.2 at 0.25 (zeer ruim), 0.5 at 1 (gemiddeld), 0.8 at 4 (zeer krap): tight markets score high.
pub fn kans(spanning: f64) -> f64 {
    spanning / (1.0 + spanning)
}

/// Weight of the experience: `basis + (1 - basis) * min(jaren, plafond) / plafond`.
pub fn ervaring(jaren: u32, w: &Werk) -> f64 {
    let plafond = w.ervaring_plafond.max(1);
    w.ervaring_basis + (1.0 - w.ervaring_basis) * f64::from(jaren.min(plafond)) / f64::from(plafond)
}

/// The part of `werk` that comes from experience in `klasse`.
pub fn uit_ervaring(
    p: &Persoon,
    regio: RegioIdx,
    markt: &Arbeidsmarkt,
    w: &Werk,
) -> Option<(Beroepsklasse, f64)> {
    p.beroepsklasse.map(|k| {
        (
            k,
            w.gewicht * ervaring(p.ervaring_jaren, w) * kans(markt.spanning(regio, k)),
        )
    })
}

/// The part of `werk` that comes from the interests (their mean chance, times `interesse`).
pub fn uit_interesse(p: &Persoon, regio: RegioIdx, markt: &Arbeidsmarkt, w: &Werk) -> f64 {
    if p.interesse.is_empty() {
        return 0.0;
    }
    let mean = p
        .interesse
        .iter()
        .map(|&k| kans(markt.spanning(regio, k)))
        .sum::<f64>()
        / p.interesse.len() as f64;
    w.gewicht * w.interesse * mean
}

/// `werk` of one adult in one region.
pub fn werk(p: &Persoon, regio: RegioIdx, markt: &Arbeidsmarkt, w: &Werk) -> f64 {
    uit_ervaring(p, regio, markt, w).map_or(0.0, |(_, v)| v) + uit_interesse(p, regio, markt, w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Opleidingsniveau::Laag;
    use crate::score::testdata::*;

    #[test]
    fn tight_market_scores_higher_and_experience_adds() {
        let inst = instance(vec![]);
        let w = Werk::default();
        let ervaren = persoon(35, Laag, Some(10), 10);
        let nieuw = persoon(35, Laag, Some(10), 0);
        let krap = werk(&ervaren, RegioIdx::new(0), &inst.arbeidsmarkt, &w);
        let ruim = werk(&ervaren, RegioIdx::new(1), &inst.arbeidsmarkt, &w);
        assert!((krap - 10.0 * 0.8).abs() < 1e-9, "{krap}");
        assert!((ruim - 10.0 * 0.2).abs() < 1e-9, "{ruim}");
        assert!(
            (werk(&nieuw, RegioIdx::new(0), &inst.arbeidsmarkt, &w) - 10.0 * 0.25 * 0.8).abs()
                < 1e-9
        );
    }

    #[test]
    fn interests_count_weaker_and_unknown_class_is_average() {
        let inst = instance(vec![]);
        let w = Werk::default();
        let mut p = persoon(35, Laag, None, 0);
        assert_eq!(werk(&p, RegioIdx::new(0), &inst.arbeidsmarkt, &w), 0.0);
        p.interesse = vec![
            Beroepsklasse::parse("10").unwrap(),
            Beroepsklasse::parse("07").unwrap(),
        ];
        let v = werk(&p, RegioIdx::new(0), &inst.arbeidsmarkt, &w);
        assert!((v - 10.0 * 0.3 * (0.8 + 0.5) / 2.0).abs() < 1e-9, "{v}");
    }

    #[test]
    fn kans_is_monotone_and_bounded() {
        let mut last = -1.0;
        for i in 0..100 {
            let k = kans(i as f64 * 0.1);
            assert!(k > last && k < 1.0);
            last = k;
        }
    }
}
