//! The second strategy, pricing: the aggregated model solved over a few options per household,
//! with a proof that the options left out cannot improve the koppeling.
//!
//! A national half year has about 6,600 households and 35 regions: some 200,000 `y_hr` options,
//! most of which no optimal koppeling uses. So, in three steps, one file each:
//!
//! 1. **Column generation on the LP** (`kolomgeneratie`). Start with each household's best
//!    few regions (and the region of the greedy koppeling). Solve the LP relaxation; price every
//!    option left out by its reduced cost `d_hr = a_hr - mu_h + pi_rn` (`mu_h` the dual of the
//!    household's row, `pi_rn` that of the row linking region `r` and size `n` to the counts
//!    `z`); add those with `d_hr > 0` to the solved model (`highs::WarmLp`) and repeat. Each
//!    household uses one option at most, so the LP over all options is worth at most this LP
//!    plus every household's largest positive reduced cost: once that sum is negligible, LP plus
//!    the sum is the bound `LP*`.
//! 2. **Neighbourhood MIPs** (`buurt`): small MIPs around the LP solution and the best
//!    koppeling, for koppelingen close to `LP*`, each polished by local search ([`zoek`]). If
//!    one comes within the allowed gap `tol` of `LP*`, the proof is complete. On a national half
//!    year the first, narrow neighbourhood rounds the LP solution and local search takes it
//!    within the gap.
//! 3. **Reduced-cost fixing** (`fixeren`). For every solution of the full model, the
//!    objective is at most `LP* + sum d_j v_j` over the columns at their lower bound in the LP
//!    (weak duality with the LP's duals). A koppeling that uses an option with `d < -delta` is
//!    therefore worth at most `LP* - delta`. HiGHS solves the model over the options with
//!    `d >= -delta`, from the best koppeling `Z`; its bound `B` holds for that model, and the
//!    bound for the full model is `max(B, LP* + d_max)`, `d_max` the largest reduced cost left
//!    out. If `LP* + d_max` is still above `Z + tol`, `delta` grows to `LP* - Z - tol` and the
//!    MIP is solved again, which closes the argument (unless time or the cap on its size stops
//!    it; the bound stays valid).
//!
//! The `x_hg` and `z_rng` columns are few (network gemeenten, counts per region and size) and
//! are always in the model.
//!
//! [`zoek`]: super::zoek

mod buurt;
mod fixeren;
mod kolomgeneratie;
mod omgeving;

use std::time::Instant;

use serde::Serialize;

use super::certificaat::Certificaat;
use super::formuleringen::Aggregaat;
use super::highs::{LpBasis, MipUitkomst};
use super::opties::Opties;
use super::probleem::{Gekozen, Probleem, Status};
use crate::error::SolveError;
pub(super) use kolomgeneratie::uit_dualen;
use kolomgeneratie::Kolomgeneratie;
use omgeving::{Beste, Omgeving, MIN_TIJD};

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
    /// The final LP's basis, for a variant's LP to start from ([`LpBasis`]).
    #[serde(skip)]
    pub lp_basis: Option<LpBasis>,
}

/// Solves the aggregated model of `p` by pricing (see the module docs), from the greedy
/// koppeling `gretig` (and the LP from the basis `warm`, if given), within the time left since
/// `t0`.
pub(super) fn los_op(
    p: &Probleem,
    opties: &Opties,
    agg: &Aggregaat,
    gretig: &Gekozen,
    t0: Instant,
    warm: Option<&LpBasis>,
) -> Result<(MipUitkomst, Bewijs), SolveError> {
    let o = Omgeving { p, opties, agg, t0 };

    // 1. column generation on the LP
    let mut lp = match kolomgeneratie::lp_grens(&o, gretig, warm)? {
        Kolomgeneratie::Klaar(lp) => *lp,
        Kolomgeneratie::Tijdslimiet {
            rondes,
            variabelen,
            restricties,
        } => {
            // Out of time before the LP bound: the greedy koppeling, no bound.
            return Ok((
                MipUitkomst {
                    keuze: None,
                    status: Status::Tijdslimiet,
                    grens: None,
                    variabelen,
                    restricties,
                },
                Bewijs {
                    lp_grens: f64::INFINITY,
                    opties: agg.opties(),
                    opties_in_mip: 0,
                    drempel: 0.0,
                    lp_rondes: rondes,
                    mip_rondes: 0,
                    zoek_winst: 0.0,
                    certificaat: None,
                    lp_basis: None,
                },
            ));
        }
    };
    // With the spread bound, the `y` part with `z` fixed is no transportation problem any more
    // (the region rows weigh households by fit), so its vertices can be fractional: `y` binary.
    let y_binair = p.regio_vloer.is_some();
    // A koppeling worth this much closes the gap to the LP bound: z + tol(z) >= lp.grens for
    // every z >= genoeg (tol(z) >= tol(lp.grens) / (1 + gap) there, with room for rounding).
    let genoeg = lp.grens - 0.999 * o.tol(lp.grens) / (1.0 + opties.gap());
    let mut beste = Beste {
        keuze: gretig.clone(),
        van_highs: false,
        zoek_winst: 0.0,
    };

    // 2. koppelingen near the LP optimum
    let (variabelen, restricties) = buurt::rondes(&o, &lp, genoeg, y_binair, &mut beste)?;

    // 3. the restricted MIP, and the reduced-cost argument for what it leaves out; not needed
    // when a koppeling is within the gap of the LP bound, not possible without time
    let z = beste.keuze.1.doelwaarde;
    let gesloten = o.bewezen(z, lp.grens);
    let bewijs = Bewijs {
        lp_grens: lp.grens,
        opties: agg.opties(),
        opties_in_mip: 0,
        drempel: 0.0,
        lp_rondes: lp.rondes,
        mip_rondes: 0,
        zoek_winst: 0.0,
        certificaat: None,
        lp_basis: Some(std::mem::take(&mut lp.basis)),
    };
    if gesloten || o.over() <= MIN_TIJD {
        return Ok((
            MipUitkomst {
                keuze: beste.van_highs.then_some(beste.keuze),
                status: if gesloten {
                    Status::Optimaal
                } else {
                    Status::Tijdslimiet
                },
                grens: Some(lp.grens),
                variabelen,
                restricties,
            },
            Bewijs {
                zoek_winst: beste.zoek_winst,
                certificaat: Some(lp.certificaat),
                ..bewijs
            },
        ));
    }
    let f = fixeren::los_op(&o, &lp, genoeg, y_binair, &mut beste)?;
    Ok((
        MipUitkomst {
            keuze: beste.van_highs.then_some(beste.keuze),
            status: f.status,
            grens: Some(f.grens),
            variabelen: f.variabelen,
            restricties: f.restricties,
        },
        Bewijs {
            opties_in_mip: f.opties_in_mip,
            drempel: f.drempel,
            mip_rondes: f.mip_rondes,
            zoek_winst: beste.zoek_winst,
            certificaat: Some(lp.certificaat),
            ..bewijs
        },
    ))
}
