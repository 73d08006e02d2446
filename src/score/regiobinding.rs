//! `regiobinding`: staying in the arbeidsmarktregio of the current AZC keeps the intake and
//! assessments already started there (doorgaande lijn).

use crate::model::gewichten::Regiobinding;
use crate::model::{GemeenteIdx, Huishouden, Instance};

/// `regiobinding` of a household in gemeente `g`, per counting member.
pub fn regiobinding(h: &Huishouden, g: GemeenteIdx, inst: &Instance, w: &Regiobinding) -> f64 {
    if inst.gemeente(h.azc).regio == inst.gemeente(g).regio {
        w.gewicht
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Opleidingsniveau::Laag;
    use crate::score::testdata::*;

    #[test]
    fn same_region_as_azc_only() {
        let h = huishouden(vec![persoon(30, Laag, None, 0)]); // AZC in GM0004, region 1
        let inst = instance(vec![]);
        let w = Regiobinding::default();
        assert_eq!(regiobinding(&h, GemeenteIdx::new(2), &inst, &w), 2.0);
        assert_eq!(regiobinding(&h, GemeenteIdx::new(3), &inst, &w), 2.0);
        assert_eq!(regiobinding(&h, GemeenteIdx::new(0), &inst, &w), 0.0);
    }
}
