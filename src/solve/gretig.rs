//! A greedy koppeling and a trivial bound: the fallback when HiGHS stops before it has a
//! solution of its own, and a floor under the one it returns.

use super::Probleem;
use crate::model::GemeenteIdx;

/// Households by size (largest first, as in packing), each to the allowed gemeente with room
/// where its fit plus the shortfall it removes is highest; ties to the lowest gemeente index.
/// Fixed households stay where they are. Always satisfies every rule of the model.
pub fn gretig(p: &Probleem) -> Vec<Option<GemeenteIdx>> {
    let mut volgorde: Vec<usize> = (0..p.huishoudens.len()).collect();
    volgorde.sort_by_key(|&h| (std::cmp::Reverse(p.huishoudens[h].personen), h));
    op_volgorde(p, &volgorde, |g, s, n, last| {
        let gm = &p.gemeenten[g];
        s + p.tekort_boete * (gm.doel - last as f64).clamp(0.0, n as f64)
    })
}

/// Couples the free households one by one in `volgorde`, each to the allowed gemeente with room
/// where `waarde(gemeente, fit, persons, persons there so far)` is highest (ties to the lowest
/// gemeente index); a household with no room anywhere stays uncoupled. Fixed households stay
/// where they are, and count first.
pub fn op_volgorde(
    p: &Probleem,
    volgorde: &[usize],
    waarde: impl Fn(GemeenteIdx, f64, i64, i64) -> f64,
) -> Vec<Option<GemeenteIdx>> {
    let mut last = p.vaste_personen();
    let mut toewijzing: Vec<Option<GemeenteIdx>> = p
        .huishoudens
        .iter()
        .map(|h| h.vast.then(|| h.kandidaten[0].0))
        .collect();
    for &h in volgorde.iter().filter(|&&h| !p.huishoudens[h].vast) {
        let hm = &p.huishoudens[h];
        let n = i64::from(hm.personen);
        let mut beste: Option<(f64, GemeenteIdx)> = None;
        for &(g, s) in hm
            .kandidaten
            .iter()
            .filter(|&&(g, _)| last[g] + n <= p.gemeenten[g].cap)
        {
            let w = waarde(g, s, n, last[g]);
            if beste.is_none_or(|(b, _)| w > b) {
                beste = Some((w, g));
            }
        }
        if let Some((_, g)) = beste {
            last[g] += n;
            toewijzing[h] = Some(g);
        }
    }
    toewijzing
}

/// An upper bound on the objective that needs no solver: every household at its best fit
/// (or uncoupled, if that is better), and no shortfall.
pub fn grens(p: &Probleem) -> f64 {
    p.huishoudens
        .iter()
        .map(|h| {
            h.kandidaten
                .iter()
                .map(|&(_, s)| s)
                .fold(-p.ongekoppeld_boete, f64::max)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::{doelwaarde, GemeenteModel, HuishoudenModel};

    #[test]
    fn greedy_respects_capacity_and_stays_below_the_bound() {
        let p = Probleem {
            gemeenten: vec![
                GemeenteModel {
                    regio: 0,
                    cap: 3,
                    doel: 2.0,
                },
                GemeenteModel {
                    regio: 0,
                    cap: 2,
                    doel: 1.0,
                },
            ],
            huishoudens: vec![
                HuishoudenModel {
                    personen: 2,
                    vast: false,
                    kandidaten: vec![(0, 5.0), (1, 4.0)],
                },
                HuishoudenModel {
                    personen: 2,
                    vast: false,
                    kandidaten: vec![(0, 6.0), (1, 1.0)],
                },
                HuishoudenModel {
                    personen: 1,
                    vast: true,
                    kandidaten: vec![(1, 2.0)],
                },
                HuishoudenModel {
                    personen: 3,
                    vast: false,
                    kandidaten: vec![(1, 9.0)],
                },
            ],
            tekort_boete: 1.0,
            ongekoppeld_boete: 100.0,
            regio_vloer: None,
        };
        let t = gretig(&p);
        // the 3-person household cannot fit next to the fixed one: uncoupled
        assert_eq!(t[3], None);
        assert_eq!(t[2], Some(1));
        let w = doelwaarde(&p, &t).expect("greedy breaks no rule");
        // the two couples compete for the one gemeente with room for two; the first in order wins
        assert_eq!((t[0], t[1]), (Some(0), None));
        assert_eq!(w.ongekoppeld, 2);
        assert!(w.doelwaarde <= grens(&p) + 1e-9);
        assert_eq!(grens(&p), 5.0 + 6.0 + 2.0 + 9.0);
    }
}
