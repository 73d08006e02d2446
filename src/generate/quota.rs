//! The quota columns of a generated `gemeenten.csv`: taakstelling (derived by the legal rule),
//! achterstand (illustrative) and gerealiseerd, chosen so the remaining quota fits the batch.
//!
//! - `achterstand`: a shuffled exact share of gemeenten gets a shortfall
//!   `randint(1, max(2, taakstelling / 4))` ([`AANDEEL_ACHTERSTAND`]), another a surplus
//!   (voorsprong) `-randint(1, max(1, taakstelling / 5))` ([`AANDEEL_VOORSPRONG`]).
//! - `rest0 = taakstelling + achterstand`; the target room is `R = ceil(ruimte * persons)`.
//! - If the positive `rest0` sum to at most `R`, the batch is the start of the half year:
//!   `gerealiseerd = 0`. Otherwise it is a batch mid-period: `R` is apportioned over the
//!   gemeenten with `rest0 > 0` by largest remainder with weight `rest0 * U(0.5, 1.5)`, no
//!   gemeente above its `rest0` (what a capped gemeente cannot take goes to the others), and
//!   `gerealiseerd = rest0 - rest`.

use rand::seq::SliceRandom;
use rand::RngExt;

use super::toeval::{aantallen, Rng};

/// Share of gemeenten with a positive achterstand (illustrative).
pub const AANDEEL_ACHTERSTAND: f64 = 0.12;
/// Share of gemeenten with a negative achterstand, a voorsprong (illustrative).
pub const AANDEEL_VOORSPRONG: f64 = 0.06;

/// One gemeente's quota for the half year, in persons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotum {
    pub taakstelling: i64,
    pub achterstand: i64,
    pub gerealiseerd: i64,
}

impl Quotum {
    /// `taakstelling + achterstand - gerealiseerd`, as the SPEC defines it.
    pub fn rest(&self) -> i64 {
        self.taakstelling + self.achterstand - self.gerealiseerd
    }
}

/// Where in the half year the batch stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// Nothing housed yet: the rest is the whole taakstelling plus achterstand.
    Begin,
    /// Part of the quota is housed; the rest is about `ruimte` times the batch.
    Halverwege,
}

/// Apportions `totaal` by `gewichten` (largest remainder), never more than `plafond` per
/// entry: entries that would exceed their ceiling get it, and the rest is apportioned again
/// over the others. Needs `totaal <= sum of plafond over entries with weight > 0`.
pub fn verdeel_begrensd(totaal: u64, gewichten: &[f64], plafond: &[u64]) -> Vec<u64> {
    let mut uit = vec![0u64; gewichten.len()];
    let mut vrij: Vec<bool> = gewichten.iter().map(|&w| w > 0.0).collect();
    let mut over = totaal;
    loop {
        let w: Vec<f64> = gewichten
            .iter()
            .zip(&vrij)
            .map(|(&w, &v)| if v { w } else { 0.0 })
            .collect();
        let deel = aantallen(over, &w);
        let mut geklemd = false;
        for i in 0..uit.len() {
            if vrij[i] && deel[i] > plafond[i] {
                uit[i] = plafond[i];
                over -= plafond[i];
                vrij[i] = false;
                geklemd = true;
            }
        }
        if !geklemd {
            for i in 0..uit.len() {
                if vrij[i] {
                    uit[i] = deel[i];
                }
            }
            return uit;
        }
    }
}

/// The quotas of all gemeenten for a batch of `personen` persons. `taakstelling` is per
/// gemeente, in the order of the reference table.
pub fn maak(
    rng: &mut Rng,
    taakstelling: &[u64],
    personen: u64,
    ruimte: f64,
) -> (Vec<Quotum>, Moment) {
    #[derive(Clone, Copy, PartialEq)]
    enum Soort {
        Achterstand,
        Voorsprong,
        Geen,
    }
    let n = taakstelling.len();
    let aantal = aantallen(
        n as u64,
        &[
            AANDEEL_ACHTERSTAND,
            AANDEEL_VOORSPRONG,
            1.0 - AANDEEL_ACHTERSTAND - AANDEEL_VOORSPRONG,
        ],
    );
    let mut soort: Vec<Soort> = [Soort::Achterstand, Soort::Voorsprong, Soort::Geen]
        .iter()
        .zip(aantal)
        .flat_map(|(&s, k)| std::iter::repeat_n(s, k as usize))
        .collect();
    soort.shuffle(rng);
    let mut quota: Vec<Quotum> = taakstelling
        .iter()
        .zip(&soort)
        .map(|(&ts, s)| {
            let ts = ts as i64;
            let achterstand = match s {
                Soort::Achterstand => rng.random_range(1..=(ts / 4).max(2)),
                Soort::Voorsprong => -rng.random_range(1..=(ts / 5).max(1)),
                Soort::Geen => 0,
            };
            Quotum {
                taakstelling: ts,
                achterstand,
                gerealiseerd: 0,
            }
        })
        .collect();

    let doel = (ruimte * personen as f64).ceil() as u64;
    let rest0: Vec<u64> = quota.iter().map(|q| q.rest().max(0) as u64).collect();
    if rest0.iter().sum::<u64>() <= doel {
        return (quota, Moment::Begin);
    }
    let gewichten: Vec<f64> = rest0
        .iter()
        .map(|&r| {
            if r > 0 {
                r as f64 * rng.random_range(0.5..1.5)
            } else {
                0.0
            }
        })
        .collect();
    let rest = verdeel_begrensd(doel, &gewichten, &rest0);
    for ((q, &r0), &r) in quota.iter_mut().zip(&rest0).zip(&rest) {
        q.gerealiseerd = (r0 - r) as i64;
    }
    (quota, Moment::Halverwege)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn capped_apportionment_hits_the_total_and_respects_ceilings() {
        let uit = verdeel_begrensd(10, &[10.0, 1.0, 1.0, 0.0], &[2, 8, 8, 5]);
        assert_eq!(uit.iter().sum::<u64>(), 10);
        assert_eq!(uit, vec![2, 4, 4, 0]);
    }

    #[test]
    fn start_of_the_half_year_or_mid_period() {
        let ts: Vec<u64> = (1..=100).collect();
        let mut rng = Rng::seed_from_u64(7);
        let (q, m) = maak(&mut rng, &ts, 10_000, 1.1);
        assert_eq!(m, Moment::Begin);
        assert!(q.iter().all(|q| q.gerealiseerd == 0));
        assert_eq!(q.iter().filter(|q| q.achterstand > 0).count(), 12);
        assert_eq!(q.iter().filter(|q| q.achterstand < 0).count(), 6);

        let (q, m) = maak(&mut rng, &ts, 1_000, 1.1);
        assert_eq!(m, Moment::Halverwege);
        assert_eq!(q.iter().map(|q| q.rest().max(0)).sum::<i64>(), 1_100);
        assert!(q.iter().all(|q| q.gerealiseerd >= 0));
    }
}
