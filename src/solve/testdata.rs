//! Small problems for unit tests.

use super::probleem::{GemeenteModel, HuishoudenModel, Probleem};
use crate::model::{GemeenteIdx, RegioIdx};

/// A gemeente of region 0.
pub fn gemeente(cap: i64, doel: f64) -> GemeenteModel {
    GemeenteModel {
        regio: RegioIdx::new(0),
        cap,
        doel,
    }
}

/// A free household with its (gemeente index, fit) candidates.
pub fn huishouden(personen: u32, kandidaten: Vec<(usize, f64)>) -> HuishoudenModel {
    HuishoudenModel {
        personen,
        vast: false,
        kandidaten: kandidaten
            .into_iter()
            .map(|(g, s)| (GemeenteIdx::new(g), s))
            .collect(),
    }
}

/// A koppeling from gemeente indices per household.
pub fn toewijzing<const N: usize>(gemeenten: [Option<usize>; N]) -> Vec<Option<GemeenteIdx>> {
    gemeenten.map(|g| g.map(GemeenteIdx::new)).to_vec()
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
