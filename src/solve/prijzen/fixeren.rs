//! Step 3 of pricing: reduced-cost fixing. The MIP over the options whose reduced cost is at
//! least `-drempel`, from the best koppeling, and the argument that the options left out cannot
//! beat it (see the module docs of [`super`]); `drempel` grows until the argument closes, time
//! runs out, or the MIP would be too large.

use super::kolomgeneratie::LpGrens;
use super::omgeving::{Beste, Omgeving, MIN_TIJD};
use crate::error::SolveError;
use crate::solve::highs::los_mip;
use crate::solve::kolommen::Geheel;
use crate::solve::mip::Bouw;
use crate::solve::probleem::Status;

/// `y` options at most in the MIP, to keep memory proportional to what is kept; beyond it the
/// bound is weaker, never wrong.
const MIP_OPTIES: usize = 100_000;

/// MIP solves at most.
const MIP_RONDES: usize = 3;

/// How reduced-cost fixing ended: the bound it proves for the full model, and what it solved.
pub(super) struct Fixering {
    pub(super) status: Status,
    pub(super) grens: f64,
    /// Size of the last MIP.
    pub(super) variabelen: usize,
    pub(super) restricties: usize,
    pub(super) opties_in_mip: usize,
    pub(super) drempel: f64,
    pub(super) mip_rondes: usize,
}

/// Solves the restricted MIP from `beste` (and improves it) until the options left out are
/// proven unable to beat it by more than the gap; stops a MIP at the first koppeling worth
/// `genoeg`.
pub(super) fn los_op(
    o: &Omgeving,
    lp: &LpGrens,
    genoeg: f64,
    y_binair: bool,
    beste: &mut Beste,
) -> Result<Fixering, SolveError> {
    let (p, agg, d, lp_grens) = (o.p, o.agg, &lp.d, lp.grens);
    let z = beste.keuze.1.doelwaarde;
    let mut drempel = (lp_grens - z - o.tol(z))
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
        let beste_regio = o.regios_van(&beste.keuze.0);
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
            o.opties,
            Bouw::Geaggregeerd(agg, &in_mip, y_binair),
            Geheel::Ja,
            Some(&beste.keuze.0),
            Some(genoeg),
            o.over(),
        )?;
        if let Some(k) = &mip.keuze {
            if k.1.doelwaarde > beste.keuze.1.doelwaarde || !beste.van_highs {
                beste.keuze = k.clone();
                beste.van_highs = true;
                beste.zoek_winst = 0.0;
            }
        }
        let z = beste.keuze.1.doelwaarde;
        let uitgeprijsd_grens = lp_grens + d_max;
        let gesloten = uitgeprijsd_grens <= z + o.tol(z);
        let ruimer = (lp_grens - z - o.tol(z)).min(grootste_drempel - 1e-9);
        if gesloten || o.over() <= MIN_TIJD || mip_rondes == MIP_RONDES || ruimer <= drempel {
            // LP* holds for the full model even when the MIP stopped before a bound of its own
            let grens = mip
                .grens
                .unwrap_or(lp_grens)
                .max(uitgeprijsd_grens)
                .min(lp_grens);
            return Ok(Fixering {
                status: if gesloten {
                    mip.status
                } else {
                    Status::Tijdslimiet
                },
                grens,
                variabelen: mip.variabelen,
                restricties: mip.restricties,
                opties_in_mip,
                drempel,
                mip_rondes,
            });
        }
        drempel = ruimer;
    }
}
