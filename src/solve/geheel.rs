//! The first strategy: the whole MIP at once. Every option of the formulation is a column, and
//! HiGHS solves it from a start koppeling to the gap, or the time limit. Quick and exact for a
//! week's batch; a national half year has too many options for it, and goes by pricing
//! ([`super::prijzen`]).

use super::formuleringen::Aggregaat;
use super::highs::{los_mip, MipUitkomst};
use super::kolommen::Geheel;
use super::mip::Bouw;
use super::opties::Opties;
use super::probleem::Probleem;
use crate::error::SolveError;
use crate::model::GemeenteIdx;

/// Solves the whole MIP of `p` (the aggregated formulation `agg`, or without it the full one)
/// from the koppeling `start`, within the time limit of `opties`.
pub(super) fn los_op(
    p: &Probleem,
    opties: &Opties,
    agg: Option<&Aggregaat>,
    start: &[Option<GemeenteIdx>],
) -> Result<MipUitkomst, SolveError> {
    let bouw = match agg {
        None => Bouw::Volledig,
        Some(agg) => Bouw::Geaggregeerd(agg, &|_, _| true, true),
    };
    los_mip(
        p,
        opties,
        bouw,
        Geheel::Ja,
        Some(start),
        None,
        opties.tijdslimiet,
    )
}
