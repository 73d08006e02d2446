//! Small problems for unit tests.

use super::probleem::{GemeenteModel, HuishoudenModel, Probleem};
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

/// Two gemeenten with room for 3 and 2 (targets 2.5 and 1.5), three households of 2, 2 and 1
/// persons. The optimum is 20: household 0 to gemeente 1 (fit 8), households 1 and 2 to
/// gemeente 0 (fits 9 and 3), no shortfall.
pub fn drie_huishoudens() -> Probleem {
    probleem(
        vec![gemeente(3, 2.5), gemeente(2, 1.5)],
        vec![
            huishouden(2, vec![(0, 10.0), (1, 8.0)]),
            huishouden(2, vec![(0, 9.0), (1, 4.0)]),
            huishouden(1, vec![(0, 3.0), (1, 2.0)]),
        ],
    )
}
