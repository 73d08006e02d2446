//! Step 1 of pricing: column generation on the LP relaxation of the aggregated model, to the
//! bound `LP*` over every option, with each option's reduced cost (for steps 2 and 3) and the
//! certificate of the bound (prices anyone can check, [`Certificaat`]).

use super::omgeving::Omgeving;
use crate::error::SolveError;
use crate::model::{HuishoudenIdx, RegioIdx};
use crate::solve::certificaat::{self, Certificaat, Prijs};
use crate::solve::formuleringen::Aggregaat;
use crate::solve::highs::{LpBasis, WarmLp};
use crate::solve::kolommen::{Kaart, Waarden};
use crate::solve::mip::Mip;
use crate::solve::probleem::{Gekozen, Probleem, Status};

/// Column generation stops when the options left out could add at most this much to the LP
/// (or a twentieth of the allowed gap, if more).
const LP_WINST: f64 = 1e-3;

/// The LP bound over every option, and what the next steps need of the LP.
pub(super) struct LpGrens {
    /// `LP*`, the model's constant included.
    pub(super) grens: f64,
    /// Reduced cost of every `y` option, as [`crate::solve::formuleringen::Aggregaat::y`].
    pub(super) d: Vec<Vec<f64>>,
    /// The LP solution's integer columns, by what they mean.
    pub(super) waarden: Waarden,
    pub(super) certificaat: Certificaat,
    /// LP rounds.
    pub(super) rondes: usize,
    /// The last LP: which options it has, where its columns are.
    pub(super) model: Mip,
    /// Its basis, to start the LP of a variant from.
    pub(super) basis: LpBasis,
    /// Simplex iterations over the rounds (logged; the tests check a warm start by it).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(super) iteraties: i64,
}

/// How column generation ended.
pub(super) enum Kolomgeneratie {
    Klaar(Box<LpGrens>),
    /// Out of time before the LP was optimal: no bound.
    Tijdslimiet {
        rondes: usize,
        variabelen: usize,
        restricties: usize,
    },
}

/// Column generation from each household's best `begin_opties` options and the one of the
/// greedy koppeling `gretig`, until the options left out could add almost nothing; from the
/// basis `warm` (with its options) if given.
pub(super) fn lp_grens(
    o: &Omgeving,
    gretig: &Gekozen,
    warm: Option<&LpBasis>,
) -> Result<Kolomgeneratie, SolveError> {
    let (p, agg, opties) = (o.p, o.agg, o.opties);
    let gretig_regio = o.regios_van(&gretig.0);
    let mut houd: Vec<Vec<bool>> = agg
        .y
        .iter()
        .enumerate()
        .map(|(h, ys)| {
            let mut volgorde: Vec<usize> = (0..ys.len()).collect();
            volgorde.sort_by(|&i, &j| ys[j].1.total_cmp(&ys[i].1).then(i.cmp(&j)));
            let mut k = vec![false; ys.len()];
            for &i in volgorde.iter().take(opties.begin_opties.max(1)) {
                k[i] = true;
            }
            if let Some(i) = gretig_regio[h] {
                k[i] = true;
            }
            k
        })
        .collect();
    if let Some(b) = warm {
        for (h, r) in b.y_opties() {
            if let Some(i) = agg
                .y
                .get(h)
                .and_then(|ys| ys.iter().position(|&(y, _)| y == r))
            {
                houd[h][i] = true;
            }
        }
    }
    let (mut rondes, mut iteraties) = (0, 0);
    let mut lp = WarmLp::new(p, agg, &|h, i| houd[h][i], opties)?;
    if let Some(b) = warm {
        let genomen = lp.zet_basis(b);
        o.meld(&format!("LP started from a given basis: {genomen}"));
    }
    loop {
        rondes += 1;
        let uit = lp.los(o.over())?;
        iteraties += uit.iteraties;
        let model = &lp.model;
        let Some(waarde) = uit.waarde.filter(|_| uit.status == Status::Optimaal) else {
            return Ok(Kolomgeneratie::Tijdslimiet {
                rondes,
                variabelen: model.kolommen(),
                restricties: model.rijen(),
            });
        };
        let d = gereduceerd(p, agg, model, &uit.rij_dual);
        controleer_duaal(agg, model, &d, &uit.kolom_dual)?;
        // Every household uses at most one option, so no solution of the full LP is worth
        // more than this LP plus each household's largest positive reduced cost.
        let mut nieuw = Vec::new();
        let mut winst = 0.0;
        for (h, (k, dh)) in houd.iter_mut().zip(&d).enumerate() {
            let mut beste_d: f64 = 0.0;
            for (i, (k, &d)) in k.iter_mut().zip(dh).enumerate() {
                if !*k {
                    beste_d = beste_d.max(d);
                    if d > 1e-9 {
                        *k = true;
                        nieuw.push((h, i));
                    }
                }
            }
            winst += beste_d;
        }
        o.meld(&format!(
            "LP round {rondes}: {waarde} + {}, {} options added, at most {winst} to gain",
            model.constante,
            nieuw.len()
        ));
        if winst <= LP_WINST.max(0.05 * opties.gap() * waarde.abs()) {
            let waarden = model.waarden(uit.kolom.as_deref().expect("an optimal LP has columns"));
            let certificaat = uit_dualen(p, &model.kaart, &uit.rij_dual);
            o.meld(&format!(
                "certificate: bound {}, after {iteraties} simplex iterations",
                certificaat.grens
            ));
            let basis = lp.basis();
            return Ok(Kolomgeneratie::Klaar(Box::new(LpGrens {
                grens: waarde + winst + model.constante,
                d,
                waarden,
                certificaat,
                rondes,
                model: lp.model,
                basis,
                iteraties,
            })));
        }
        for (h, i) in nieuw {
            lp.voeg_toe(p, agg, h, i);
        }
    }
}

/// Reduced costs of the `y` options under the LP's row duals (see the module docs of
/// [`super`]), the row of the spread bound included.
fn gereduceerd(p: &Probleem, agg: &Aggregaat, model: &Mip, rij_dual: &[f64]) -> Vec<Vec<f64>> {
    let kaart = &model.kaart;
    agg.y
        .iter()
        .enumerate()
        .map(|(h, ys)| {
            let mu = kaart.rij_huishouden[h].map_or(0.0, |r| rij_dual[r]);
            ys.iter()
                .map(|&(r, a)| {
                    let pi = rij_dual[kaart.rij_groep[&(r, p.huishoudens[h].personen)]];
                    // the spread bound's row, where there is one
                    let sigma = kaart
                        .regio_rij(p, r, a)
                        .map_or(0.0, |(rij, coef)| coef * rij_dual[rij]);
                    a - mu + pi - sigma
                })
                .collect()
        })
        .collect()
}

/// The proof rests on the reduced costs computed from the row duals: for the options in the
/// LP they must equal HiGHS's own (same sign convention, same rows).
fn controleer_duaal(
    agg: &Aggregaat,
    model: &Mip,
    d: &[Vec<f64>],
    kolom_dual: &[f64],
) -> Result<(), SolveError> {
    for (h, ys) in model.kaart.y.iter().enumerate() {
        for &(r, col) in ys {
            let i = agg.y[h]
                .iter()
                .position(|&(y, _)| y == r)
                .expect("an option of the model");
            if (d[h][i] - kolom_dual[col]).abs() > 1e-6 * d[h][i].abs().max(1.0) {
                return Err(SolveError::GereduceerdeKosten {
                    huishouden: HuishoudenIdx::new(h),
                    regio: RegioIdx::new(r),
                    eigen: d[h][i],
                    highs: kolom_dual[col],
                });
            }
        }
    }
    Ok(())
}

/// The certificate from the row duals of an LP of the aggregated model (HiGHS's sign: a reduced cost is
/// `c - A^T dual`, so a `<=` row's dual is `>= 0` and a `>=` row's `<= 0` when maximising).
pub(in crate::solve) fn uit_dualen(p: &Probleem, kaart: &Kaart, rij_dual: &[f64]) -> Certificaat {
    let dual = |rij: Option<usize>| rij.map_or(0.0, |r| rij_dual[r]);
    let prijzen: Vec<Prijs> = kaart
        .rij_gemeente
        .iter()
        .map(|&[cap, doel, snede]| {
            Prijs {
                plaats: dual(cap),
                doel: -dual(doel),
                snede: -dual(snede),
            }
            .geldig(p.tekort_boete)
        })
        .collect();
    let regio: Vec<f64> = match p.regio_vloer {
        Some(_) => kaart
            .rij_regio
            .iter()
            .map(|&r| (-dual(r)).max(0.0))
            .collect(),
        None => Vec::new(),
    };
    Certificaat {
        grens: certificaat::grens(p, &prijzen, &regio),
        prijzen,
        regio,
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;
    use crate::model::{GemeenteIdx, RegioIdx};
    use crate::solve::opties::Opties;
    use crate::solve::probleem::{doelwaarde, GemeenteModel};
    use crate::solve::testdata;

    /// A problem of 60 households and 12 gemeenten in 4 regions with spread-out fits: enough
    /// for an LP that takes the simplex many steps.
    fn probleem(seed: u64) -> Probleem {
        let mut x = seed;
        let mut getal = |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        let gemeenten = (0..12)
            .map(|g| GemeenteModel {
                regio: RegioIdx::new(g % 4),
                cap: 8 + getal(10) as i64,
                doel: 5.0 + getal(50) as f64 / 10.0,
            })
            .collect();
        let huishoudens = (0..60)
            .map(|_| {
                let mut kandidaten = Vec::new();
                for g in 0..12 {
                    let fit = 1.0 + getal(1000) as f64 / 100.0;
                    if getal(6) != 0 {
                        kandidaten.push((g, fit));
                    }
                }
                testdata::huishouden(1 + getal(4) as u32, kandidaten)
            })
            .collect();
        testdata::probleem(gemeenten, huishoudens)
    }

    fn lp(p: &Probleem, warm: Option<&LpBasis>) -> LpGrens {
        let opties = Opties {
            prijzen_vanaf: 0,
            begin_opties: 1,
            ..Opties::default()
        };
        let agg = Aggregaat::new(p);
        let o = Omgeving {
            p,
            opties: &opties,
            agg: &agg,
            t0: Instant::now(),
        };
        let gretig = crate::solve::gretig::gretig(p);
        let waarde = doelwaarde(p, &gretig).unwrap();
        match lp_grens(&o, &(gretig, waarde), warm).unwrap() {
            Kolomgeneratie::Klaar(lp) => *lp,
            Kolomgeneratie::Tijdslimiet { .. } => panic!("no time limit in a test"),
        }
    }

    #[test]
    fn an_lp_started_from_its_own_basis_is_solved_without_a_step() {
        for seed in 1..=5 {
            let p = probleem(seed);
            let koud = lp(&p, None);
            let warm = lp(&p, Some(&koud.basis));
            assert!(koud.iteraties > 0, "seed {seed}: the cold LP takes steps");
            assert_eq!(warm.iteraties, 0, "seed {seed}: started at its optimum");
            assert_eq!(warm.rondes, 1, "seed {seed}: every option it needs is in");
            assert!(
                (warm.grens - koud.grens).abs() < 1e-6,
                "seed {seed}: the same LP bound"
            );
        }
    }

    #[test]
    fn a_variant_started_from_the_basis_of_its_base_has_the_bound_of_a_cold_start() {
        for seed in 1..=5 {
            let p = probleem(seed);
            let basis = lp(&p, None).basis;
            // the variant: other fits in region 1, one gemeente with less room
            let mut v = p.clone();
            for hm in &mut v.huishoudens {
                for (g, s) in &mut hm.kandidaten {
                    if v.gemeenten[g.idx()].regio == RegioIdx::new(1) {
                        *s *= 1.5;
                    }
                }
            }
            v.gemeenten[GemeenteIdx::new(2).idx()].cap -= 3;
            let koud = lp(&v, None);
            let warm = lp(&v, Some(&basis));
            assert!(
                (warm.grens - koud.grens).abs() < 1e-6,
                "seed {seed}: {} against {}",
                warm.grens,
                koud.grens
            );
        }
    }
}
