//! `netwerk`: family or community ties of the household, strong in the network gemeente itself,
//! weaker elsewhere in its arbeidsmarktregio.

use crate::model::gewichten::Netwerk;
use crate::model::{GemeenteIdx, Huishouden, Instance};

/// `netwerk` of a household in gemeente `g`, per counting member.
pub fn netwerk(h: &Huishouden, g: GemeenteIdx, inst: &Instance, w: &Netwerk) -> f64 {
    match h.netwerk {
        Some(n) if n == g => w.gemeente,
        Some(n) if inst.gemeente(n).regio == inst.gemeente(g).regio => w.regio,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Opleidingsniveau::Laag;
    use crate::score::testdata::*;

    #[test]
    fn gemeente_strong_region_weaker_elsewhere_nothing() {
        let mut h = huishouden(vec![persoon(30, Laag, None, 0)]);
        h.netwerk = Some(GemeenteIdx::new(0));
        let inst = instance(vec![]);
        let w = Netwerk::default();
        assert_eq!(netwerk(&h, GemeenteIdx::new(0), &inst, &w), 6.0);
        assert_eq!(netwerk(&h, GemeenteIdx::new(1), &inst, &w), 3.0);
        assert_eq!(netwerk(&h, GemeenteIdx::new(2), &inst, &w), 0.0);
        h.netwerk = None;
        assert_eq!(netwerk(&h, GemeenteIdx::new(0), &inst, &w), 0.0);
    }
}
