//! The random draws of `kansrijk generate`: one seeded generator, exact shares by the
//! largest-remainder method, and weighted picks. The leaf the cohort and the quotas draw from.

use rand::distr::weighted::WeightedIndex;
use rand::seq::SliceRandom;

/// The random generator: ChaCha8, value-stable across platforms and releases of `rand_chacha`.
pub type Rng = rand_chacha::ChaCha8Rng;

/// Apportions `totaal` by `gewichten` with the largest-remainder method: floors of the exact
/// shares, then one more for the largest remainders (ties: the lower index). Sums to `totaal`
/// unless every weight is 0.
pub fn aantallen(totaal: u64, gewichten: &[f64]) -> Vec<u64> {
    let som: f64 = gewichten.iter().sum();
    if som <= 0.0 {
        return vec![0; gewichten.len()];
    }
    let exact: Vec<f64> = gewichten.iter().map(|w| totaal as f64 * w / som).collect();
    let mut uit: Vec<u64> = exact.iter().map(|e| e.floor() as u64).collect();
    let over = totaal.saturating_sub(uit.iter().sum());
    let mut volgorde: Vec<usize> = (0..uit.len()).filter(|&i| gewichten[i] > 0.0).collect();
    volgorde.sort_by(|&a, &b| {
        let (ra, rb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &i in volgorde.iter().cycle().take(over as usize) {
        uit[i] += 1;
    }
    uit
}

/// `n` values with exact shares ([`aantallen`]), in random order.
pub fn met_aandelen<T: Copy>(rng: &mut Rng, n: usize, aandelen: &[(T, f64)]) -> Vec<T> {
    let k = aantallen(n as u64, &aandelen.iter().map(|a| a.1).collect::<Vec<_>>());
    let mut uit: Vec<T> = aandelen
        .iter()
        .zip(k)
        .flat_map(|(a, k)| std::iter::repeat_n(a.0, k as usize))
        .collect();
    uit.shuffle(rng);
    uit
}

/// `n` flags of which exactly `k` are true, in random order.
pub fn vlaggen(rng: &mut Rng, n: usize, k: usize) -> Vec<bool> {
    let mut uit = vec![false; n];
    uit[..k.min(n)].fill(true);
    uit.shuffle(rng);
    uit
}

/// A weighted pick over the given (non-negative, not all zero) weights.
pub fn gewogen(gewichten: impl IntoIterator<Item = f64>) -> WeightedIndex<f64> {
    WeightedIndex::new(gewichten).expect("weights are non-negative and not all zero")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_remainder_is_exact_and_breaks_ties_by_index() {
        assert_eq!(aantallen(10, &[0.5, 0.3, 0.2]), vec![5, 3, 2]);
        assert_eq!(aantallen(3, &[1.0, 1.0, 1.0, 1.0]), vec![1, 1, 1, 0]);
        assert_eq!(aantallen(7, &[0.0, 1.0]), vec![0, 7]);
        assert_eq!(aantallen(5, &[0.0, 0.0]), vec![0, 0]);
        let k = aantallen(1001, &[0.2, 0.45, 0.35]);
        assert_eq!(k.iter().sum::<u64>(), 1001);
        assert_eq!(k, vec![200, 451, 350]);
    }
}
