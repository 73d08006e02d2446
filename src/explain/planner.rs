//! The planner's decisions (`vastzetten.csv`) and what each costs the whole koppeling, as data
//! for the report.
//!
//! **The cost of a decision** is `OPT_zonder - OPT`: the optimum without that one decision (all
//! the others kept) minus the optimum with all of them, in `doelwaarde` (total fit minus
//! penalties). It is measured by solving the problem without the decision again, from the
//! run's koppeling ([`kosten::meet_zonder`]), with the run's solver options. A decision the
//! optimum keeps anyway costs 0. Scores do not depend on the decisions, so the run's scores are
//! used; the model is built again ([`solve::bouw`]): without a `vast`, the capacity it raised
//! (if any) is not raised. The run's spread bound, if any, holds in every re-solve.

use serde::Serialize;

use super::kosten::{self, Basis, Meting};
use crate::error::SolveError;
use crate::model::{GemeenteIdx, Gewichten, HuishoudenIdx, Instance, Soort};
use crate::score::Scores;
use crate::solve::{self, Opties, Probleem};

/// One row of `vastzetten.csv` and what it costs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Besluitkosten {
    pub huishouden: HuishoudenIdx,
    pub gemeente: GemeenteIdx,
    pub soort: Soort,
    /// The planner's reason; empty when none was given.
    pub toelichting: String,
    /// The row's line in `vastzetten.csv`.
    pub regel: u64,
    /// The re-solve without this decision; [`Meting::daling`] is the cost.
    pub meting: Meting,
}

/// What the run needs to measure its decisions against.
#[derive(Debug, Clone, Copy)]
pub struct Run<'a> {
    pub instance: &'a Instance,
    pub gewichten: &'a Gewichten,
    pub scores: &'a Scores,
    /// The run's model (with its spread bound, if any).
    pub probleem: &'a Probleem,
    pub basis: Basis<'a>,
    pub opties: &'a Opties,
}

/// Every planner decision of the run with its measured cost, in file order; `voortgang` hears
/// `(nr, van)` before each re-solve.
pub fn besluitkosten(
    run: Run,
    voortgang: &mut dyn FnMut(usize, usize),
) -> Result<Vec<Besluitkosten>, SolveError> {
    let besluiten = run.instance.besluiten();
    let van = besluiten.len();
    let mut out = Vec::with_capacity(van);
    for (i, (h, soort, b)) in besluiten.into_iter().enumerate() {
        voortgang(i + 1, van);
        let zonder = run.instance.zonder_besluit(b.regel);
        let (p, _) = solve::bouw(&zonder, run.scores, run.gewichten);
        let p = Probleem {
            regio_vloer: run.probleem.regio_vloer,
            ..p
        };
        out.push(Besluitkosten {
            huishouden: h,
            gemeente: b.gemeente,
            soort,
            toelichting: b.toelichting.clone(),
            regel: b.regel,
            meting: kosten::meet_zonder(&p, run.basis, run.opties)?,
        });
    }
    Ok(out)
}
