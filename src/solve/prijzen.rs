//! Pricing: the aggregated model solved over a few options per household, with a proof that
//! the options left out cannot improve the koppeling.
//!
//! A national half year has about 6,600 households and 35 regions: some 200,000 `y_hr` options,
//! most of which no optimal koppeling uses. So:
//!
//! 1. **Column generation on the LP.** Start with each household's best few regions (and the
//!    region of the greedy koppeling). Solve the LP relaxation; price every option left out by
//!    its reduced cost `d_hr = a_hr - mu_h + pi_rn` (`mu_h` the dual of the household's row,
//!    `pi_rn` that of the row linking region `r` and size `n` to the counts `z`); add those with
//!    `d_hr > 0` to the solved model ([`WarmLp`]) and repeat. Each household uses one option at
//!    most, so the LP over all options is worth at most this LP plus every household's largest
//!    positive reduced cost: once that sum is negligible, LP plus the sum is the bound `LP*`.
//! 2. **Neighbourhood MIPs** ([`buurt`]): small MIPs around the LP solution and the best
//!    koppeling, for koppelingen close to `LP*`, each polished by local search ([`zoek`]). If
//!    one comes within the allowed gap `tol` of `LP*`, the proof is complete. On a national half
//!    year the first, narrow neighbourhood rounds the LP solution and local search takes it
//!    within the gap.
//! 3. **Reduced-cost fixing.** For every solution of the full model, the objective is at most
//!    `LP* + sum d_j v_j` over the columns at their lower bound in the LP (weak duality with the
//!    LP's duals). A koppeling that uses an option with `d < -delta` is therefore worth at most
//!    `LP* - delta`. HiGHS solves the model over the options with `d >= -delta`, from the best
//!    koppeling `Z`; its bound `B` holds for that model, and the bound for the full model is
//!    `max(B, LP* + d_max)`, `d_max` the largest reduced cost left out. If `LP* + d_max` is still
//!    above `Z + tol`, `delta` grows to `LP* - Z - tol` and the MIP is solved again, which closes
//!    the argument (unless time or the cap on its size stops it; the bound stays valid).
//!
//! The `x_hg` and `z_rng` columns are few (network gemeenten, counts per region and size) and
//! are always in the model.

use std::time::Instant;

use serde::Serialize;

use super::certificaat::Certificaat;
use super::mip::{
    is_heel, los_mip, Aggregaat, Bouw, Buurt, Geheel, Gekozen, MipUitkomst, Model, Opties, Sleutel,
    Waarden, WarmLp, ABS_GAP,
};
use super::{zoek, Probleem, Status};
use crate::error::SolveError;

/// The `y` options in the neighbourhood MIP of step 2: reduced cost at least minus this.
const BUURT_DREMPEL: f64 = 0.1;

/// Column generation stops when the options left out could add at most this much to the LP
/// (or a twentieth of the allowed gap, if more).
const LP_WINST: f64 = 1e-3;

/// How far integer columns may move beyond their LP value in a neighbourhood (step 2).
const BUURT_SPEELRUIMTE: f64 = 1.0;

/// `y` options at most in the MIP of step 3, to keep memory proportional to what is kept;
/// beyond it the bound is weaker, never wrong.
const MIP_OPTIES: usize = 100_000;

/// Seconds a MIP needs at least to be worth starting.
const MIN_TIJD: f64 = 1.0;

/// Neighbourhood MIPs at most (step 2).
const BUURT_RONDES: usize = 6;

/// How the bound was proven, for the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bewijs {
    /// The LP bound of the full aggregated model, over every option.
    pub lp_grens: f64,
    /// Options (`y` per household and region, `x` per household and gemeente) in the full model.
    pub opties: usize,
    /// Options in the MIP that HiGHS solved last.
    pub opties_in_mip: usize,
    /// Options left out because their reduced cost is below `-drempel`.
    pub drempel: f64,
    /// LP rounds of column generation.
    pub lp_rondes: usize,
    /// MIP solves (a second one when the first koppeling left the argument open).
    pub mip_rondes: usize,
    /// What local search added to the koppeling that the neighbourhood MIP returned (0 when
    /// the koppeling is HiGHS's own).
    pub zoek_winst: f64,
    /// Prices per gemeente (and per region under a spread bound) from the final LP, under
    /// which the full model is worth at most their bound: checkable from the exported scores
    /// alone. `None` when the LP ran out of time.
    #[serde(skip)]
    pub certificaat: Option<Certificaat>,
}

/// Reduced costs of the `y` options under the LP's row duals (see the module docs), the row of
/// the spread bound included.
fn gereduceerd(p: &Probleem, agg: &Aggregaat, model: &Model, rij_dual: &[f64]) -> Vec<Vec<f64>> {
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
    model: &Model,
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
                return Err(SolveError::Solver(format!(
                    "reduced cost {} of household {h} in region {r} differs from HiGHS's {}",
                    d[h][i], kolom_dual[col]
                )));
            }
        }
    }
    Ok(())
}

/// The gemeente of an integer column.
fn gemeente(k: &Sleutel) -> usize {
    match *k {
        Sleutel::X(_, g) | Sleutel::Z(_, _, g) => g,
        Sleutel::Y(..) => usize::MAX,
    }
}

/// A neighbourhood of the LP solution `lp`: in every gemeente where it is fractional (or, with
/// `beste`, differs from the best koppeling), the integer columns may move `speelruimte`
/// beyond the floor and ceiling of both values, so households can be repacked there; elsewhere
/// they stay at the LP's (whole) value.
fn buurt(lp: &Waarden, beste: Option<&Waarden>, speelruimte: f64) -> Buurt {
    let waarde = |b: &Waarden, k: &Sleutel| b.get(k).copied().unwrap_or(0.0);
    let vrij: std::collections::BTreeSet<usize> = lp
        .iter()
        .filter(|&(k, &v)| !is_heel(v) || beste.is_some_and(|b| (waarde(b, k) - v).abs() > 1e-6))
        .map(|(k, _)| gemeente(k))
        .collect();
    lp.iter()
        .map(|(&k, &v)| {
            let w = beste.map_or(v, |b| waarde(b, &k));
            let grenzen = if vrij.contains(&gemeente(&k)) {
                (
                    (v.floor().min(w) - speelruimte).max(0.0),
                    v.ceil().max(w) + speelruimte,
                )
            } else {
                (v.round(), v.round())
            };
            (k, grenzen)
        })
        .collect()
}

/// With `KANSRIJK_HIGHS_LOG` set: a step and the seconds since `t0` on stderr.
fn meld(t0: Instant, stap: &str) {
    if std::env::var_os("KANSRIJK_HIGHS_LOG").is_some() {
        eprintln!("[{:.2} s] {stap}", t0.elapsed().as_secs_f64());
    }
}

/// Solves the aggregated model of `p` by pricing (see the module docs), from the greedy
/// koppeling `gretig`, within the time left since `t0`.
pub(super) fn los_op(
    p: &Probleem,
    opties: &Opties,
    agg: &Aggregaat,
    gretig: &Gekozen,
    t0: Instant,
) -> Result<(MipUitkomst, Bewijs), SolveError> {
    let over = || (opties.tijdslimiet - t0.elapsed().as_secs_f64()).max(0.0);
    // per household, which of its `y` options a koppeling uses
    let regios_van = |toewijzing: &[Option<usize>]| -> Vec<Option<usize>> {
        toewijzing
            .iter()
            .zip(&agg.y)
            .map(|(&g, ys)| {
                let r = p.gemeenten[g?].regio;
                ys.iter().position(|&(y, _)| y == r)
            })
            .collect()
    };

    // 1. column generation on the LP
    let gretig_regio = regios_van(&gretig.0);
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
    let mut lp_rondes = 0;
    let mut lp = WarmLp::new(p, agg, &|h, i| houd[h][i], opties)?;
    let (lp_grens, d, lp_waarden, certificaat) = loop {
        lp_rondes += 1;
        let uit = lp.los(over())?;
        let model = &lp.model;
        let Some(waarde) = uit.waarde.filter(|_| uit.status == Status::Optimaal) else {
            // Out of time before the LP bound: the greedy koppeling, no bound.
            return Ok((
                MipUitkomst {
                    keuze: None,
                    status: Status::Tijdslimiet,
                    grens: None,
                    variabelen: model.kolommen(),
                    restricties: model.rijen(),
                },
                Bewijs {
                    lp_grens: f64::INFINITY,
                    opties: agg.opties(),
                    opties_in_mip: 0,
                    drempel: 0.0,
                    lp_rondes,
                    mip_rondes: 0,
                    zoek_winst: 0.0,
                    certificaat: None,
                },
            ));
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
        meld(
            t0,
            &format!(
                "LP round {lp_rondes}: {waarde} + {}, {} options added, at most {winst} to gain",
                model.constante,
                nieuw.len()
            ),
        );
        if winst <= LP_WINST.max(0.05 * opties.gap() * waarde.abs()) {
            let lp_waarden =
                model.waarden(uit.kolom.as_deref().expect("an optimal LP has columns"));
            let certificaat = Certificaat::uit_dualen(p, &model.kaart, &uit.rij_dual);
            meld(t0, &format!("certificate: bound {}", certificaat.grens));
            let certificaat = Some(certificaat);
            break (waarde + winst + model.constante, d, lp_waarden, certificaat);
        }
        for (h, i) in nieuw {
            lp.voeg_toe(p, agg, h, i);
        }
    };
    let lp_model = lp.model;
    // With the spread bound, the `y` part with `z` fixed is no transportation problem any more
    // (the region rows weigh households by fit), so its vertices can be fractional: `y` binary.
    let y_binair = p.regio_vloer.is_some();

    // 2. koppelingen near the LP optimum (each a small MIP: the y options at almost zero
    // reduced cost, the integer columns bounded around the LP's values), first around the LP
    // solution alone, then where the LP and the best koppeling so far differ (RINS)
    let tol = |z: f64| (opties.gap() * z.abs().max(1.0)).max(ABS_GAP);
    // A koppeling worth this much closes the gap to the LP bound: z + tol(z) >= lp_grens for
    // every z >= genoeg (tol(z) >= tol(lp_grens) / (1 + gap) there, with room for rounding).
    let genoeg = lp_grens - 0.999 * tol(lp_grens) / (1.0 + opties.gap());
    let mut beste: Gekozen = gretig.clone();
    let mut van_highs = false;
    let mut zoek_winst = 0.0;
    let mut variabelen = (0, 0);
    for ronde in 0..BUURT_RONDES {
        if lp_grens <= beste.1.doelwaarde + tol(beste.1.doelwaarde) || over() <= 0.0 {
            break;
        }
        let beste_waarden = if ronde == 0 {
            None
        } else {
            lp_model.waarden_van(p, &beste.0)
        };
        // first the LP's own neighbourhood, narrow and quick; then wider ones around the best
        // koppeling, which HiGHS starts from
        let speelruimte = if ronde == 0 { 0.0 } else { BUURT_SPEELRUIMTE };
        let buurt = buurt(&lp_waarden, beste_waarden.as_ref(), speelruimte);
        let beste_regio = regios_van(&beste.0);
        let in_buurt = |h: usize, i: usize| d[h][i] >= -BUURT_DREMPEL || beste_regio[h] == Some(i);
        let mip = los_mip(
            p,
            opties,
            Bouw::Geaggregeerd(agg, &in_buurt, y_binair),
            Geheel::Buurt(&buurt),
            van_highs.then_some(&beste.0[..]),
            Some(genoeg),
            over(),
        )?;
        variabelen = (mip.variabelen, mip.restricties);
        meld(
            t0,
            &format!(
                "neighbourhood {ronde}: {:?}",
                mip.keuze.as_ref().map(|k| k.1.doelwaarde)
            ),
        );
        // each koppeling found is polished by local search, which often closes the gap alone
        let voor = mip.keuze.as_ref().map(|k| k.1.doelwaarde);
        let mip_keuze = mip.keuze.map(|k| zoek::gepolijst(p, k)).transpose()?;
        if let Some(k) = &mip_keuze {
            meld(
                t0,
                &format!(
                    "local search: {} below the LP bound",
                    lp_grens - k.1.doelwaarde
                ),
            );
        }
        match mip_keuze {
            Some(k) if k.1.doelwaarde > beste.1.doelwaarde + ABS_GAP => {
                zoek_winst = voor.map_or(0.0, |v| k.1.doelwaarde - v);
                beste = k;
                van_highs = true;
            }
            _ if ronde > 0 => break,
            _ => {}
        }
    }
    // 3. the restricted MIP, and the reduced-cost argument for what it leaves out; not needed
    // when a koppeling is within the gap of the LP bound, not possible without time
    let gesloten = lp_grens <= beste.1.doelwaarde + tol(beste.1.doelwaarde);
    if gesloten || over() <= MIN_TIJD {
        return Ok((
            MipUitkomst {
                keuze: van_highs.then_some(beste),
                status: if gesloten {
                    Status::Optimaal
                } else {
                    Status::Tijdslimiet
                },
                grens: Some(lp_grens),
                variabelen: variabelen.0,
                restricties: variabelen.1,
            },
            Bewijs {
                lp_grens,
                opties: agg.opties(),
                opties_in_mip: 0,
                drempel: 0.0,
                lp_rondes,
                mip_rondes: 0,
                zoek_winst,
                certificaat,
            },
        ));
    }
    let mut drempel = (lp_grens - beste.1.doelwaarde - tol(beste.1.doelwaarde))
        .min(1e-4 * lp_grens.abs().max(1.0))
        .max(0.0);
    let mut mip_rondes = 0;
    // the largest MIP that fits in memory and time: at most MIP_OPTIES options by reduced cost
    let grootste_drempel = {
        let mut alle: Vec<f64> = d.iter().flatten().map(|&d| -d).collect();
        if alle.len() > MIP_OPTIES {
            alle.select_nth_unstable_by(MIP_OPTIES, f64::total_cmp);
            alle[MIP_OPTIES]
        } else {
            f64::INFINITY
        }
    };
    loop {
        mip_rondes += 1;
        drempel = drempel.min(grootste_drempel - 1e-9);
        let beste_regio = regios_van(&beste.0);
        let in_mip = |h: usize, i: usize| d[h][i] >= -drempel - 1e-9 || beste_regio[h] == Some(i);
        // the largest reduced cost left out, and how many are left out
        let (d_max, uit) = d
            .iter()
            .enumerate()
            .flat_map(|(h, dh)| dh.iter().enumerate().map(move |(i, &d)| (h, i, d)))
            .filter(|&(h, i, _)| !in_mip(h, i))
            .fold((f64::NEG_INFINITY, 0), |(m, n), (_, _, d)| {
                (m.max(d), n + 1)
            });
        let opties_in_mip = agg.opties() - uit;
        let mip = los_mip(
            p,
            opties,
            Bouw::Geaggregeerd(agg, &in_mip, y_binair),
            Geheel::Ja,
            Some(&beste.0),
            Some(genoeg),
            over(),
        )?;
        if let Some(k) = &mip.keuze {
            if k.1.doelwaarde > beste.1.doelwaarde || !van_highs {
                beste = k.clone();
                van_highs = true;
                zoek_winst = 0.0;
            }
        }
        let z = beste.1.doelwaarde;
        let uitgeprijsd_grens = lp_grens + d_max;
        let gesloten = uitgeprijsd_grens <= z + tol(z);
        let ruimer = (lp_grens - z - tol(z)).min(grootste_drempel - 1e-9);
        if gesloten || over() <= MIN_TIJD || mip_rondes == 3 || ruimer <= drempel {
            // LP* holds for the full model even when the MIP stopped before a bound of its own
            let grens = mip
                .grens
                .unwrap_or(lp_grens)
                .max(uitgeprijsd_grens)
                .min(lp_grens);
            let status = if gesloten {
                mip.status
            } else {
                Status::Tijdslimiet
            };
            return Ok((
                MipUitkomst {
                    keuze: van_highs.then_some(beste),
                    status,
                    grens: Some(grens),
                    variabelen: mip.variabelen,
                    restricties: mip.restricties,
                },
                Bewijs {
                    lp_grens,
                    opties: agg.opties(),
                    opties_in_mip,
                    drempel,
                    lp_rondes,
                    mip_rondes,
                    zoek_winst,
                    certificaat,
                },
            ));
        }
        drempel = ruimer;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbourhood_frees_only_fractional_gemeenten() {
        // gemeente 3 fractional (z = 1.5), gemeente 4 whole (z = 2, x = 1)
        let lp: Waarden = [
            (Sleutel::Z(0, 2, 3), 1.5),
            (Sleutel::Z(0, 1, 3), 0.0),
            (Sleutel::Z(0, 2, 4), 2.0),
            (Sleutel::X(7, 4), 1.0),
        ]
        .into_iter()
        .collect();
        let b = buurt(&lp, None, 1.0);
        assert_eq!(b[&Sleutel::Z(0, 2, 3)], (0.0, 3.0));
        assert_eq!(b[&Sleutel::Z(0, 1, 3)], (0.0, 1.0));
        assert_eq!(b[&Sleutel::Z(0, 2, 4)], (2.0, 2.0));
        assert_eq!(b[&Sleutel::X(7, 4)], (1.0, 1.0));
        // narrow: fractions round either way, whole values stay
        assert_eq!(buurt(&lp, None, 0.0)[&Sleutel::Z(0, 2, 3)], (1.0, 2.0));
        // where the best koppeling differs (x = 0 at gemeente 4), gemeente 4 is free as well
        let beste: Waarden = [(Sleutel::Z(0, 2, 3), 1.0), (Sleutel::Z(0, 2, 4), 2.0)]
            .into_iter()
            .collect();
        let b = buurt(&lp, Some(&beste), 1.0);
        assert_eq!(b[&Sleutel::X(7, 4)], (0.0, 2.0));
        assert_eq!(b[&Sleutel::Z(0, 2, 4)], (1.0, 3.0));
    }
}
