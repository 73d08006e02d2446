//! A greedy koppeling and a trivial bound: the fallback when HiGHS stops before it has a
//! solution of its own, and a floor under the one it returns.

use super::probleem::Probleem;
use crate::model::{GemeenteIdx, HuishoudenIdx};

/// Households by size (largest first, as in packing), each to the allowed gemeente with room
/// where its fit plus the shortfall it removes is highest; ties to the lowest gemeente index.
/// Fixed households stay where they are. Always satisfies every rule of the model.
pub fn gretig(p: &Probleem) -> Vec<Option<GemeenteIdx>> {
    let mut volgorde: Vec<HuishoudenIdx> = p.huishouden_indices().collect();
    volgorde.sort_by_key(|&h| (std::cmp::Reverse(p.huishouden(h).personen), h));
    op_volgorde(p, &volgorde, |g, s, n, last| winst(p, g, s, n, last))
}

/// What coupling a household of `n` persons at fit `s` to gemeente `g`, which holds `last`
/// persons so far, adds to the objective: its fit plus the shortfall it removes.
fn winst(p: &Probleem, g: GemeenteIdx, s: f64, n: i64, last: i64) -> f64 {
    s + p.tekort_boete * (p.gemeente(g).doel - last as f64).clamp(0.0, n as f64)
}

/// Makes `toewijzing` keep every capacity of `p`: while a gemeente holds more persons than its
/// capacity, the free household there that loses least by moving goes to the allowed gemeente
/// with room where it adds most (as in [`gretig`]), or is left uncoupled if none has room; ties
/// to the lowest index. Fixed households never move. For a koppeling of a problem that differs
/// from `p` in one household fixed elsewhere, the result is a koppeling of `p` close to it.
pub fn herstel(p: &Probleem, mut toewijzing: Vec<Option<GemeenteIdx>>) -> Vec<Option<GemeenteIdx>> {
    let mut last = vec![0i64; p.gemeenten.len()];
    for (hm, g) in p.huishoudens.iter().zip(&toewijzing) {
        if let Some(g) = g {
            last[g.idx()] += i64::from(hm.personen);
        }
    }
    for g in p.gemeente_indices() {
        while last[g.idx()] > p.gemeente(g).cap {
            let verhuis = p
                .huishouden_indices()
                .filter(|&h| toewijzing[h.idx()] == Some(g) && !p.huishouden(h).vast)
                .map(|h| {
                    let hm = p.huishouden(h);
                    let n = i64::from(hm.personen);
                    let elders = hm
                        .kandidaten
                        .iter()
                        .filter(|&&(k, _)| k != g && last[k.idx()] + n <= p.gemeente(k).cap)
                        .map(|&(k, s)| (winst(p, k, s, n, last[k.idx()]), Some(k)))
                        .fold(
                            (-p.ongekoppeld_boete, None),
                            |b, w| if w.0 > b.0 { w } else { b },
                        );
                    let hier = p.score(h, g).unwrap_or(f64::NEG_INFINITY);
                    (hier - elders.0, h, elders.1)
                })
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let Some((_, h, naar)) = verhuis else {
                break; // only fixed households left: nothing to move
            };
            let n = i64::from(p.huishouden(h).personen);
            last[g.idx()] -= n;
            if let Some(k) = naar {
                last[k.idx()] += n;
            }
            toewijzing[h.idx()] = naar;
        }
    }
    toewijzing
}

/// Makes `toewijzing` keep the spread bound of `p`, if it has one: in every region whose mean
/// fit is below the floor, the free household with the lowest fit there is left uncoupled until
/// the mean reaches the floor or no free household is left (a region receiving nobody meets
/// the bound); ties to the lowest index. Uncoupling only frees room, so every other rule still
/// holds. Without it a greedy koppeling under a tight floor is no koppeling at all, and a run
/// stopped early would have nothing to report.
pub fn binnen_vloer(
    p: &Probleem,
    mut toewijzing: Vec<Option<GemeenteIdx>>,
) -> Vec<Option<GemeenteIdx>> {
    let Some(vloer) = p.regio_vloer else {
        return toewijzing;
    };
    let mut per_regio: Vec<Vec<(f64, HuishoudenIdx)>> = vec![Vec::new(); p.regios()];
    for (h, (hm, g)) in p
        .huishouden_indices()
        .zip(p.huishoudens.iter().zip(&toewijzing))
    {
        if let (Some(g), false) = (g, hm.vast) {
            let s = p.score(h, *g).expect("a koppeling of p uses allowed pairs");
            per_regio[p.gemeente(*g).regio.idx()].push((s, h));
        }
    }
    for mut leden in per_regio {
        leden.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut som: f64 = leden.iter().map(|&(s, _)| s).sum();
        for (i, &(s, h)) in leden.iter().enumerate() {
            let over = leden.len() - i;
            if som >= vloer * over as f64 {
                break;
            }
            toewijzing[h.idx()] = None;
            som -= s;
        }
    }
    toewijzing
}

/// Couples the free households one by one in `volgorde`, each to the allowed gemeente with room
/// where `waarde(gemeente, fit, persons, persons there so far)` is highest (ties to the lowest
/// gemeente index); a household with no room anywhere stays uncoupled. Fixed households stay
/// where they are, and count first.
pub fn op_volgorde(
    p: &Probleem,
    volgorde: &[HuishoudenIdx],
    waarde: impl Fn(GemeenteIdx, f64, i64, i64) -> f64,
) -> Vec<Option<GemeenteIdx>> {
    let mut last = p.vaste_personen();
    let mut toewijzing: Vec<Option<GemeenteIdx>> = p
        .huishoudens
        .iter()
        .map(|h| h.vast.then(|| h.kandidaten[0].0))
        .collect();
    for &h in volgorde.iter().filter(|&&h| !p.huishouden(h).vast) {
        let hm = p.huishouden(h);
        let n = i64::from(hm.personen);
        let mut beste: Option<(f64, GemeenteIdx)> = None;
        for &(g, s) in hm
            .kandidaten
            .iter()
            .filter(|&&(g, _)| last[g.idx()] + n <= p.gemeente(g).cap)
        {
            let w = waarde(g, s, n, last[g.idx()]);
            if beste.is_none_or(|(b, _)| w > b) {
                beste = Some((w, g));
            }
        }
        if let Some((_, g)) = beste {
            last[g.idx()] += n;
            toewijzing[h.idx()] = Some(g);
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
    use crate::model::RegioIdx;
    use crate::solve::testdata::toewijzing;
    use crate::solve::{doelwaarde, testdata, GemeenteModel, HuishoudenModel};

    #[test]
    fn the_lowest_fits_leave_a_region_below_the_floor_until_it_is_met() {
        // one region: the optimum of `drie_huishoudens` has fits 8, 9 and 3 (mean 20 / 3)
        let mut p = testdata::drie_huishoudens();
        let optimum = toewijzing([Some(1), Some(0), Some(0)]);
        p.regio_vloer = Some(8.5);
        assert!(crate::solve::regio_vloer(&p, &optimum).is_err());
        // without the 3 the mean is (8 + 9) / 2 = 8.5: enough
        let t = binnen_vloer(&p, optimum.clone());
        assert_eq!(t, toewijzing([Some(1), Some(0), None]));
        assert!(crate::solve::regio_vloer(&p, &t).is_ok());
        assert!(doelwaarde(&p, &t).is_ok());
        // a floor of 9 takes the 8 as well; above every fit, everyone
        p.regio_vloer = Some(9.0);
        assert_eq!(
            binnen_vloer(&p, optimum.clone()),
            toewijzing([None, Some(0), None])
        );
        p.regio_vloer = Some(11.0);
        assert_eq!(binnen_vloer(&p, optimum.clone()), vec![None; 3]);
        p.regio_vloer = None;
        assert_eq!(binnen_vloer(&p, optimum.clone()), optimum);
    }

    #[test]
    fn greedy_respects_capacity_and_stays_below_the_bound() {
        let p = Probleem {
            gemeenten: vec![
                GemeenteModel {
                    regio: RegioIdx::new(0),
                    cap: 3,
                    doel: 2.0,
                },
                GemeenteModel {
                    regio: RegioIdx::new(0),
                    cap: 2,
                    doel: 1.0,
                },
            ],
            huishoudens: vec![
                HuishoudenModel {
                    personen: 2,
                    vast: false,
                    kandidaten: vec![(GemeenteIdx::new(0), 5.0), (GemeenteIdx::new(1), 4.0)],
                },
                HuishoudenModel {
                    personen: 2,
                    vast: false,
                    kandidaten: vec![(GemeenteIdx::new(0), 6.0), (GemeenteIdx::new(1), 1.0)],
                },
                HuishoudenModel {
                    personen: 1,
                    vast: true,
                    kandidaten: vec![(GemeenteIdx::new(1), 2.0)],
                },
                HuishoudenModel {
                    personen: 3,
                    vast: false,
                    kandidaten: vec![(GemeenteIdx::new(1), 9.0)],
                },
            ],
            tekort_boete: 1.0,
            ongekoppeld_boete: 100.0,
            regio_vloer: None,
        };
        let t = gretig(&p);
        // the 3-person household cannot fit next to the fixed one: uncoupled
        assert_eq!(t[3], None);
        assert_eq!(t[2], Some(GemeenteIdx::new(1)));
        let w = doelwaarde(&p, &t).expect("greedy breaks no rule");
        // the two couples compete for the one gemeente with room for two; the first in order wins
        assert_eq!((t[0], t[1]), (Some(GemeenteIdx::new(0)), None));
        assert_eq!(w.ongekoppeld, 2);
        assert!(w.doelwaarde <= grens(&p) + 1e-9);
        assert_eq!(grens(&p), 5.0 + 6.0 + 2.0 + 9.0);
    }

    #[test]
    fn repair_moves_who_loses_least_and_keeps_every_capacity() {
        let g = |cap| testdata::gemeente(cap, 0.0);
        let h = |kandidaten| testdata::huishouden(1, kandidaten);
        let mut p = Probleem {
            tekort_boete: 0.0,
            ..testdata::probleem(
                vec![g(2), g(1), g(1)],
                vec![
                    h(vec![(0, 9.0), (1, 1.0)]),
                    h(vec![(0, 5.0), (1, 4.5), (2, 4.0)]),
                    h(vec![(0, 3.0)]),
                ],
            )
        };
        // household 2 fixed in gemeente 0, which the other two already fill
        p.huishoudens[2].vast = true;
        let t = herstel(&p, toewijzing([Some(0), Some(0), Some(0)]));
        // household 1 loses 0.5 by moving to gemeente 1, household 0 would lose 8
        assert_eq!(t, toewijzing([Some(0), Some(1), Some(0)]));
        assert!(doelwaarde(&p, &t).is_ok());
        // with no room elsewhere the one that loses least is left uncoupled
        p.gemeenten[1].cap = 0;
        p.gemeenten[2].cap = 0;
        let t = herstel(&p, toewijzing([Some(0), Some(0), Some(0)]));
        assert_eq!(t, toewijzing([Some(0), None, Some(0)]));
    }
}
