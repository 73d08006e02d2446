//! Step 1 of pricing: column generation on the LP relaxation of the aggregated model, to the
//! bound `LP*` over every option, with each option's reduced cost (for steps 2 and 3) and the
//! certificate of the bound (prices anyone can check, [`Certificaat`]).

use super::omgeving::Omgeving;
use crate::error::SolveError;
use crate::model::{HuishoudenIdx, RegioIdx};
use crate::solve::certificaat::{self, Certificaat, Prijs};
use crate::solve::formuleringen::Aggregaat;
use crate::solve::highs::WarmLp;
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
/// greedy koppeling `gretig`, until the options left out could add almost nothing.
pub(super) fn lp_grens(o: &Omgeving, gretig: &Gekozen) -> Result<Kolomgeneratie, SolveError> {
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
    let mut rondes = 0;
    let mut lp = WarmLp::new(p, agg, &|h, i| houd[h][i], opties)?;
    loop {
        rondes += 1;
        let uit = lp.los(o.over())?;
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
            o.meld(&format!("certificate: bound {}", certificaat.grens));
            return Ok(Kolomgeneratie::Klaar(Box::new(LpGrens {
                grens: waarde + winst + model.constante,
                d,
                waarden,
                certificaat,
                rondes,
                model: lp.model,
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
