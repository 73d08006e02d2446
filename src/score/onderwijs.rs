//! `onderwijs`: the region's education offer for the adults who need it. Young adults (under
//! `jong_tot`) need the level that follows theirs; older higher-educated adults need hbo/wo nearby.

use crate::model::gewichten::Onderwijs;
use crate::model::{Opleidingsniveau, Persoon, Regio};

/// A kind of education a region may offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Soort {
    Mbo,
    Hbo,
    Wo,
}

impl Soort {
    pub fn as_str(self) -> &'static str {
        match self {
            Soort::Mbo => "mbo",
            Soort::Hbo => "hbo",
            Soort::Wo => "wo",
        }
    }

    /// Whether region `r` offers it.
    pub fn in_regio(self, r: &Regio) -> bool {
        match self {
            Soort::Mbo => r.mbo,
            Soort::Hbo => r.hbo,
            Soort::Wo => r.wo,
        }
    }
}

/// The education that fits a level, with the share each counts for: laag -> mbo;
/// middelbaar -> half mbo, half hbo; hoog -> half hbo, half wo.
pub fn passend(niveau: Opleidingsniveau) -> &'static [(Soort, f64)] {
    match niveau {
        Opleidingsniveau::Laag => &[(Soort::Mbo, 1.0)],
        Opleidingsniveau::Middelbaar => &[(Soort::Mbo, 0.5), (Soort::Hbo, 0.5)],
        Opleidingsniveau::Hoog => &[(Soort::Hbo, 0.5), (Soort::Wo, 0.5)],
    }
}

/// Share of the fitting offer ([`passend`]) that region `r` has.
fn aanbod(niveau: Opleidingsniveau, r: &Regio) -> f64 {
    passend(niveau)
        .iter()
        .filter(|(s, _)| s.in_regio(r))
        .map(|(_, deel)| deel)
        .sum()
}

/// How much one adult needs education nearby: 1 when young, `hoog_ouder` when older and
/// higher-educated, else 0.
pub fn behoefte(p: &Persoon, w: &Onderwijs) -> f64 {
    if p.leeftijd < w.jong_tot {
        1.0
    } else if p.opleidingsniveau == Opleidingsniveau::Hoog {
        w.hoog_ouder
    } else {
        0.0
    }
}

/// `onderwijs` of one adult in one region.
pub fn onderwijs(p: &Persoon, r: &Regio, w: &Onderwijs) -> f64 {
    w.gewicht * behoefte(p, w) * aanbod(p.opleidingsniveau, r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Opleidingsniveau::*;
    use crate::score::testdata::*;

    #[test]
    fn young_and_higher_educated_need_the_offer() {
        let inst = instance(vec![]);
        let (uni, geen) = (&inst.regios[0], &inst.regios[1]);
        let w = Onderwijs::default();
        assert_eq!(onderwijs(&persoon(22, Hoog, None, 0), uni, &w), 4.0);
        assert_eq!(onderwijs(&persoon(22, Hoog, None, 0), geen, &w), 0.0);
        assert_eq!(onderwijs(&persoon(22, Laag, None, 0), geen, &w), 4.0);
        assert_eq!(onderwijs(&persoon(22, Middelbaar, None, 0), geen, &w), 2.0);
        assert_eq!(onderwijs(&persoon(45, Hoog, None, 0), uni, &w), 2.0);
        assert_eq!(onderwijs(&persoon(45, Middelbaar, None, 0), uni, &w), 0.0);
    }
}
