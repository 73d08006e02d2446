//! Small problems for unit tests.

use super::{GemeenteModel, HuishoudenModel, Probleem};
use crate::model::GemeenteIdx;

/// A gemeente of region 0.
pub fn gemeente(cap: i64, doel: f64) -> GemeenteModel {
    GemeenteModel {
        regio: 0,
        cap,
        doel,
    }
}

/// A free household.
pub fn huishouden(personen: u32, kandidaten: Vec<(GemeenteIdx, f64)>) -> HuishoudenModel {
    HuishoudenModel {
        personen,
        vast: false,
        kandidaten,
    }
}

/// A problem with shortfall penalty 1, uncoupled penalty 100 and no spread bound.
pub fn probleem(gemeenten: Vec<GemeenteModel>, huishoudens: Vec<HuishoudenModel>) -> Probleem {
    Probleem {
        gemeenten,
        huishoudens,
        tekort_boete: 1.0,
        ongekoppeld_boete: 100.0,
        regio_vloer: None,
    }
}
