//! Step 3 of pricing: reduced-cost fixing. The MIP over the options whose reduced cost is at
//! least `-drempel`, from the best koppeling, and the argument that the options left out cannot
//! beat it (see the module docs of [`super`]); `drempel` grows until the run is proven, time
//! runs out, or the MIP would exceed its cap on options ([`Opties::mip_opties`]). Each stop
//! names its own [`Status`].
//!
//! [`Opties::mip_opties`]: crate::solve::Opties::mip_opties

use super::kolomgeneratie::LpGrens;
use super::omgeving::{Beste, Omgeving, MIN_TIJD};
use crate::error::SolveError;
use crate::solve::highs::los_mip;
use crate::solve::kolommen::Geheel;
use crate::solve::mip::Bouw;
use crate::solve::opties::Opties;
use crate::solve::probleem::Status;

/// How reduced-cost fixing ended: the bound it proves for the full model, and what it solved.
pub(super) struct Fixering {
    /// `Optimaal` when the bound proves the best koppeling within the gap, else why it stopped.
    pub(super) status: Status,
    pub(super) grens: f64,
    /// Size of the last MIP.
    pub(super) variabelen: usize,
    pub(super) restricties: usize,
    pub(super) opties_in_mip: usize,
    pub(super) drempel: f64,
    pub(super) mip_rondes: usize,
}

/// Solves the restricted MIP from `beste` (and improves it) until the bound proves it within
/// the gap; stops a MIP at the first koppeling worth `genoeg`. Every round takes in every option
/// that could still beat the best koppeling by more than the gap (`drempel = LP* - Z - tol`),
/// so one round after the first closes the argument unless time or the cap stops it.
pub(super) fn los_op(
    o: &Omgeving,
    lp: &LpGrens,
    genoeg: f64,
    y_binair: bool,
    beste: &mut Beste,
) -> Result<Fixering, SolveError> {
    let (p, agg, d, lp_grens) = (o.p, o.agg, &lp.d, lp.grens);
    let nodig = |z: f64| (lp_grens - z - o.tol(z)).max(0.0);
    // the first MIP small: a drempel of at most 1e-4 of the bound often closes it already
    let mut drempel = nodig(beste.keuze.1.doelwaarde).min(1e-4 * lp_grens.abs().max(1.0));
    let mut mip_rondes = 0;
    // HiGHS's own gap for the MIP: the allowed one, halved when HiGHS's measure (without the
    // model's constant) called the MIP done before the run's rule did
    let mut mip_gap = o.opties.gap();
    // the largest MIP allowed: at most `mip_opties` options by reduced cost
    let cap = o.opties.mip_opties;
    let grootste_drempel = {
        let mut alle: Vec<f64> = d.iter().flatten().map(|&d| -d).collect();
        if alle.len() > cap {
            alle.select_nth_unstable_by(cap, f64::total_cmp);
            alle[cap]
        } else {
            f64::INFINITY
        }
    };
    loop {
        mip_rondes += 1;
        // the drempel the argument asks for, and whether the cap allows less
        let gevraagd = drempel;
        let begrensd = gevraagd >= grootste_drempel - 1e-9;
        drempel = gevraagd.min(grootste_drempel - 1e-9);
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
        let mip_opties = Opties {
            gap: Some(mip_gap),
            ..o.opties.clone()
        };
        let mip = los_mip(
            p,
            &mip_opties,
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
        // LP* holds for the full model even when the MIP stopped before a bound of its own
        let grens = mip
            .grens
            .unwrap_or(lp_grens)
            .max(uitgeprijsd_grens)
            .min(lp_grens);
        o.meld(&format!(
            "reduced-cost MIP {mip_rondes}: {opties_in_mip} options, drempel {drempel}, koppeling {z}, bound {grens}"
        ));
        let status = if o.bewezen(z, grens) {
            Some(Status::Optimaal)
        } else if o.over() <= MIN_TIJD {
            Some(Status::Tijdslimiet)
        } else if uitgeprijsd_grens <= z + o.tol(z) {
            // what is left out cannot beat the koppeling, but the MIP's own bound is not
            // within the gap: HiGHS stopped by its own measure of the gap (the same MIP again,
            // to half that gap), or for a reason of its own
            match mip.status {
                Status::Optimaal if mip_gap > 0.0 => {
                    mip_gap /= 2.0;
                    None
                }
                Status::Optimaal => Some(Status::Gestopt),
                anders => Some(anders),
            }
        } else if nodig(z) <= gevraagd {
            // a larger drempel would not be asked for: every option that could beat the
            // koppeling was wanted in the MIP, so only the cap can have left one out
            Some(if begrensd {
                Status::Omvanglimiet
            } else {
                Status::Gestopt
            })
        } else {
            None
        };
        if let Some(status) = status {
            return Ok(Fixering {
                status,
                grens,
                variabelen: mip.variabelen,
                restricties: mip.restricties,
                opties_in_mip,
                drempel,
                mip_rondes,
            });
        }
        drempel = nodig(z);
    }
}
