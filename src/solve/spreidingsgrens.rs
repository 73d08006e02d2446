//! The spread bound's strategy (`--spreidingsgrens`): solve without the bound, set its floor at
//! a fraction of the national mean fit of that optimum, and solve again with it. Above
//! [`los_op`], which it calls twice; what the bound cost is told by `explain` from what this
//! returns.

use super::oplossen::{los_op, Oplossing};
use super::opties::Opties;
use super::probleem::Probleem;
use crate::error::SolveError;

/// Both solves of the spread bound, and the floor between them.
#[derive(Debug, Clone)]
pub struct Begrensd {
    /// The problem with the floor set ([`Probleem::regio_vloer`]).
    pub probleem: Probleem,
    /// The fraction of the national mean asked for.
    pub fractie: f64,
    /// The national mean fit of the free households in the koppeling without the bound.
    pub landelijk_gemiddelde: f64,
    /// The koppeling without the bound.
    pub zonder: Oplossing,
    /// The koppeling with it: the run's.
    pub met: Oplossing,
}

/// Solves `probleem` without the spread bound, sets its floor at `fractie` times the national
/// mean fit of the free households in that optimum, and solves again with the floor.
pub fn los_op_begrensd(
    probleem: Probleem,
    fractie: f64,
    opties: &Opties,
) -> Result<Begrensd, SolveError> {
    let zonder = los_op(&probleem, opties)?;
    let vrij: Vec<f64> = probleem
        .huishouden_indices()
        .zip(probleem.huishoudens.iter().zip(&zonder.toewijzing))
        .filter(|(_, (hm, _))| !hm.vast)
        .filter_map(|(h, (_, &g))| probleem.score(h, g?))
        .collect();
    let landelijk_gemiddelde = vrij.iter().sum::<f64>() / vrij.len().max(1) as f64;
    let probleem = Probleem {
        regio_vloer: Some(fractie * landelijk_gemiddelde),
        ..probleem
    };
    let met = los_op(&probleem, opties)?;
    Ok(Begrensd {
        probleem,
        fractie,
        landelijk_gemiddelde,
        zonder,
        met,
    })
}
