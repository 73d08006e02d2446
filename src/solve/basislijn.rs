//! Baselines on the same input, for the report: what practice does, and a plain greedy.
//!
//! - **quota-first**: households in permit order, each to the allowed gemeente with room that has
//!   the largest remaining share of its target, `(doel - placed) / doel`, ignoring fit (ties to
//!   the lowest gemeente index);
//! - **greedy**: households in permit order, each to its best allowed gemeente with room.
//!
//! Permit order is the `week` of each household, then input order; households without a week
//! come after those with one. Both baselines obey every rule of the model, so the optimum is
//! never worse than either.

use serde::Serialize;

use super::gretig::op_volgorde;
use super::probleem::{doelwaarde, Probleem};
use crate::error::SolveError;
use crate::model::{GemeenteIdx, HuishoudenIdx, RegioIdx};

/// One koppeling's figures, side by side with the others.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Vergelijking {
    /// `optimum`, `quota-first` or `greedy`.
    pub naam: &'static str,
    pub doelwaarde: f64,
    pub totale_score: f64,
    pub tekort_personen: f64,
    pub ongekoppeld: usize,
    /// Share of the free households coupled in one of their own three best regions (by their
    /// best fit there).
    pub aandeel_top3: f64,
}

/// The quota-first baseline.
pub fn quota_eerst(p: &Probleem, volgorde: &[HuishoudenIdx]) -> Vec<Option<GemeenteIdx>> {
    op_volgorde(p, volgorde, |g, _, _, last| {
        let doel = p.gemeente(g).doel;
        if doel > 0.0 {
            (doel - last as f64) / doel
        } else {
            f64::NEG_INFINITY
        }
    })
}

/// The greedy baseline.
pub fn gretig_op_volgorde(p: &Probleem, volgorde: &[HuishoudenIdx]) -> Vec<Option<GemeenteIdx>> {
    op_volgorde(p, volgorde, |_, s, _, _| s)
}

/// The optimum and both baselines, in that order. `Err` if a koppeling breaks a rule.
pub fn vergelijk(
    p: &Probleem,
    volgorde: &[HuishoudenIdx],
    optimum: &[Option<GemeenteIdx>],
) -> Result<Vec<Vergelijking>, SolveError> {
    [
        ("optimum", optimum.to_vec()),
        ("quota-first", quota_eerst(p, volgorde)),
        ("greedy", gretig_op_volgorde(p, volgorde)),
    ]
    .into_iter()
    .map(|(naam, t)| cijfers(p, naam, &t))
    .collect()
}

/// The figures of one koppeling of `p`, named `naam`: the one measure of every koppeling the
/// report sets side by side (`match`'s baselines, `simulate`'s policies). `Err` if it breaks a
/// rule of `p`.
pub fn cijfers(
    p: &Probleem,
    naam: &'static str,
    t: &[Option<GemeenteIdx>],
) -> Result<Vergelijking, SolveError> {
    let w = doelwaarde(p, t).map_err(SolveError::BasislijnBreektRegel)?;
    Ok(Vergelijking {
        naam,
        doelwaarde: w.doelwaarde,
        totale_score: w.totale_score,
        tekort_personen: w.tekort_personen,
        ongekoppeld: w.ongekoppeld,
        aandeel_top3: aandeel_top3(p, t),
    })
}

/// The price of the quotas: total fit with them (the optimum) against without them (every
/// free household at its own best allowed gemeente, room or not).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quotaprijs {
    /// Total fit of the free households without quotas.
    pub zonder: f64,
    /// Total fit of the free households in the koppeling.
    pub met: f64,
    /// `zonder - met`, per region where the households were coupled (uncoupled households
    /// are not in a region), regions without a loss left out.
    pub per_regio: Vec<(RegioIdx, f64)>,
    /// The same per gemeente where the households were coupled, gemeenten without a loss
    /// left out.
    pub per_gemeente: Vec<(GemeenteIdx, f64)>,
}

impl Quotaprijs {
    pub fn prijs(&self) -> f64 {
        self.zonder - self.met
    }
}

/// The price of the quotas for `toewijzing` (see [`Quotaprijs`]).
pub fn quotaprijs(p: &Probleem, toewijzing: &[Option<GemeenteIdx>]) -> Quotaprijs {
    let regios = p.regios();
    let mut per_regio = vec![0.0; regios];
    let mut per_gemeente = vec![0.0; p.gemeenten.len()];
    let (mut zonder, mut met) = (0.0, 0.0);
    for (h, (hm, &g)) in p
        .huishouden_indices()
        .zip(p.huishoudens.iter().zip(toewijzing))
    {
        if hm.vast || hm.kandidaten.is_empty() {
            continue;
        }
        let best = hm
            .kandidaten
            .iter()
            .map(|k| k.1)
            .fold(f64::NEG_INFINITY, f64::max);
        zonder += best;
        if let Some(g) = g {
            let s = p.score(h, g).unwrap_or(0.0);
            met += s;
            per_regio[p.gemeente(g).regio.idx()] += best - s;
            per_gemeente[g.idx()] += best - s;
        }
    }
    Quotaprijs {
        zonder,
        met,
        per_regio: RegioIdx::alle(regios)
            .zip(per_regio)
            .filter(|&(_, v)| v > 1e-9)
            .collect(),
        per_gemeente: p
            .gemeente_indices()
            .zip(per_gemeente)
            .filter(|&(_, v)| v > 1e-9)
            .collect(),
    }
}

/// Share of the free households coupled in one of their three best regions.
pub fn aandeel_top3(p: &Probleem, toewijzing: &[Option<GemeenteIdx>]) -> f64 {
    let mut vrij = 0;
    let mut raak = 0;
    // best fit per region of the household at hand, and the regions it touched
    let mut per_regio = vec![f64::NEG_INFINITY; p.regios()];
    let mut geraakt: Vec<RegioIdx> = Vec::new();
    for (hm, &g) in p
        .huishoudens
        .iter()
        .zip(toewijzing)
        .filter(|(h, _)| !h.vast)
    {
        vrij += 1;
        let Some(g) = g else { continue };
        for &r in &geraakt {
            per_regio[r.idx()] = f64::NEG_INFINITY;
        }
        geraakt.clear();
        for &(k, s) in &hm.kandidaten {
            let r = p.gemeente(k).regio;
            let beste = &mut per_regio[r.idx()];
            if *beste == f64::NEG_INFINITY {
                geraakt.push(r);
            }
            *beste = beste.max(s);
        }
        // the regions by best fit, ties to the lowest region index: g's region is among the
        // first three when fewer than three come before it
        let r = p.gemeente(g).regio;
        let eigen = per_regio[r.idx()];
        let ervoor = geraakt
            .iter()
            .filter(|&&q| {
                let s = per_regio[q.idx()];
                s.total_cmp(&eigen).then(r.cmp(&q)).is_gt()
            })
            .count();
        if eigen > f64::NEG_INFINITY && ervoor < 3 {
            raak += 1;
        }
    }
    if vrij == 0 {
        1.0
    } else {
        f64::from(raak) / f64::from(vrij)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::testdata::toewijzing;
    use crate::solve::{GemeenteModel, HuishoudenModel};

    fn probleem() -> Probleem {
        let g = |regio, cap, doel| GemeenteModel {
            regio: RegioIdx::new(regio),
            cap,
            doel,
        };
        let h = |personen, kandidaten: Vec<(usize, f64)>| HuishoudenModel {
            personen,
            vast: false,
            kandidaten: kandidaten
                .into_iter()
                .map(|(g, s)| (GemeenteIdx::new(g), s))
                .collect(),
        };
        Probleem {
            // gemeente 0 is every household's worst, gemeente 1 its best
            gemeenten: vec![g(0, 4, 4.0), g(1, 2, 1.0), g(2, 2, 1.0), g(3, 2, 1.0)],
            huishoudens: vec![
                h(2, vec![(0, 1.0), (1, 9.0), (2, 8.0), (3, 7.0)]),
                h(2, vec![(0, 1.0), (1, 9.0), (2, 2.0), (3, 3.0)]),
            ],
            tekort_boete: 0.0,
            ongekoppeld_boete: 100.0,
            regio_vloer: None,
        }
    }

    #[test]
    fn quota_first_ignores_fit_and_greedy_follows_it() {
        let p = probleem();
        // each goes where the largest share of the target is left, whatever the fit: the first
        // to gemeente 0 (all four at 1/1, lowest index), its worst; the second to gemeente 1
        // (1/1 against 2/4 left at gemeente 0)
        assert_eq!(
            quota_eerst(&p, &[HuishoudenIdx::new(0), HuishoudenIdx::new(1)]),
            toewijzing([Some(0), Some(1)])
        );
        // the first takes the best gemeente; the second finds it full and takes its next best
        assert_eq!(
            gretig_op_volgorde(&p, &[HuishoudenIdx::new(0), HuishoudenIdx::new(1)]),
            toewijzing([Some(1), Some(3)])
        );
        assert_eq!(
            gretig_op_volgorde(&p, &[HuishoudenIdx::new(1), HuishoudenIdx::new(0)]),
            toewijzing([Some(2), Some(1)])
        );
    }

    #[test]
    fn the_quota_price_is_zero_with_ample_room_and_counts_each_loss() {
        let mut p = probleem();
        for g in &mut p.gemeenten {
            g.cap = 100;
        }
        // with room everywhere the optimum puts both at gemeente 1
        let o = crate::solve::los_op(&p, &crate::solve::Opties::default()).unwrap();
        let q = quotaprijs(&p, &o.toewijzing);
        assert_eq!((q.zonder, q.met, q.prijs()), (18.0, 18.0, 0.0));
        assert!(q.per_regio.is_empty());
        // squeezed: the second household at gemeente 3 (fit 3 instead of 9) in region 3
        let p = probleem();
        let q = quotaprijs(&p, &toewijzing([Some(1), Some(3)]));
        assert_eq!(q.prijs(), 6.0);
        assert_eq!(q.per_regio, vec![(RegioIdx::new(3), 6.0)]);
    }

    #[test]
    fn top3_counts_the_households_best_regions() {
        let p = probleem();
        // gemeente 0 is in each household's worst region
        assert_eq!(aandeel_top3(&p, &toewijzing([Some(0), Some(0)])), 0.0);
        assert_eq!(aandeel_top3(&p, &toewijzing([Some(1), Some(3)])), 1.0);
        // household 1's top 3: regions 1, 3, 2 (fits 9, 3, 2); region 0 is fourth
        assert_eq!(aandeel_top3(&p, &toewijzing([Some(1), None])), 0.5);
        let v = vergelijk(
            &p,
            &[HuishoudenIdx::new(0), HuishoudenIdx::new(1)],
            &toewijzing([Some(1), Some(3)]),
        )
        .unwrap();
        assert_eq!(
            v.iter().map(|v| v.naam).collect::<Vec<_>>(),
            ["optimum", "quota-first", "greedy"]
        );
        assert_eq!(v[1].totale_score, 10.0);
        assert_eq!(v[2].totale_score, 12.0);
    }
}
