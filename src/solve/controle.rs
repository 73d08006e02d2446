//! Checking a finished run without a solver (`kansrijk check`): only arithmetic on the
//! rebuilt model, the run's koppeling and the certificate's prices.
//!
//! What is checked, each on its own:
//!
//! 1. **Regels**: every household once or uncoupled, fixed households at their gemeente, no
//!    gemeente above its capacity ([`doelwaarde`]), and the spread bound where the run had one.
//! 2. **Doelwaarde**: the koppeling's objective, recomputed, equals the reported one.
//! 3. **Certificaat**: the bound of the certificate's prices ([`certificaat::grens`]),
//!    recomputed over every allowed pair, equals the bound the report gives for them. Valid
//!    for any prices, so no koppeling of the full model is worth more.
//! 4. **Bewijs**: with that bound, the koppeling is within the gap the run allowed, as its
//!    status `optimaal` claims.
//!
//! Models solved whole have no certificate: their bound comes from HiGHS's branching and is
//! not checked here (the check says so).

use super::certificaat::{self, Prijs};
use super::opties::ABS_GAP;
use super::probleem::{doelwaarde, regio_vloer, Probleem, Status, Waarde};
use crate::error::Overtreding;
use crate::model::GemeenteIdx;

/// What the run reported about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Gemeld {
    pub status: Status,
    pub doelwaarde: f64,
    pub grens: f64,
    pub gap: f64,
    /// The relative gap the run allowed.
    pub toegestaan: f64,
}

/// The certificate as the run wrote it: prices in gemeente (and region) order, and the bound
/// it said they give.
#[derive(Debug, Clone, PartialEq)]
pub struct Prijzen {
    pub gemeenten: Vec<Prijs>,
    pub regios: Vec<f64>,
    pub grens: f64,
}

/// The verdict on one claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Oordeel {
    Klopt,
    KloptNiet,
    /// Cannot be checked without a solver.
    NietNagerekend,
}

/// The certificate, recomputed.
#[derive(Debug, Clone, PartialEq)]
pub struct CertificaatControle {
    /// The bound of its prices, recomputed.
    pub grens: f64,
    /// What the report said the prices give.
    pub gemeld: f64,
    /// The koppeling's gap against the recomputed bound.
    pub gap: f64,
}

/// Everything `kansrijk check` found, as data.
#[derive(Debug, Clone, PartialEq)]
pub struct Controle {
    pub gemeld: Gemeld,
    /// The koppeling's value, or the first rule it breaks.
    pub regels: Result<Waarde, Overtreding>,
    /// Under a spread bound: its floor when every region meets it, else the first region
    /// below it ([`Overtreding::OnderVloer`]).
    pub spreiding: Option<Result<f64, Overtreding>>,
    pub certificaat: Option<CertificaatControle>,
}

/// Relative tolerance for comparing reported and recomputed figures (`rapport.json` writes
/// them in full; this only absorbs the order of summation).
const TOLERANTIE: f64 = 1e-9;

fn gelijk(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANTIE * a.abs().max(b.abs()).max(1.0)
}

/// Checks the koppeling `toewijzing` of a run of `p` and its certificate, if any.
pub fn controleer(
    p: &Probleem,
    toewijzing: &[Option<GemeenteIdx>],
    gemeld: Gemeld,
    prijzen: Option<&Prijzen>,
) -> Controle {
    let regels = doelwaarde(p, toewijzing);
    let spreiding = p
        .regio_vloer
        .map(|vloer| regio_vloer(p, toewijzing).map(|()| vloer));
    let certificaat = prijzen.map(|q| {
        let grens = certificaat::grens(p, &q.gemeenten, &q.regios);
        let z = regels.as_ref().map_or(gemeld.doelwaarde, |w| w.doelwaarde);
        CertificaatControle {
            grens,
            gemeld: q.grens,
            gap: ((grens - z) / z.abs().max(1.0)).max(0.0),
        }
    });
    Controle {
        gemeld,
        regels,
        spreiding,
        certificaat,
    }
}

impl Controle {
    /// The rules, the spread bound included.
    pub fn regels(&self) -> Oordeel {
        let spreiding_ok = self.spreiding.as_ref().is_none_or(Result::is_ok);
        oordeel(self.regels.is_ok() && spreiding_ok)
    }

    /// The reported objective against the recomputed one.
    pub fn doelwaarde(&self) -> Oordeel {
        match &self.regels {
            Ok(w) => oordeel(gelijk(w.doelwaarde, self.gemeld.doelwaarde)),
            Err(_) => Oordeel::NietNagerekend,
        }
    }

    /// The certificate's bound, recomputed, against the one reported.
    pub fn certificaat(&self) -> Oordeel {
        match &self.certificaat {
            Some(c) => oordeel(gelijk(c.grens, c.gemeld)),
            None => Oordeel::NietNagerekend,
        }
    }

    /// Whether the certificate proves what the status claims: for `optimaal`, the koppeling
    /// within the allowed gap of the recomputed bound.
    pub fn bewijs(&self) -> Oordeel {
        let (Some(c), Ok(w)) = (&self.certificaat, &self.regels) else {
            return Oordeel::NietNagerekend;
        };
        match self.gemeld.status {
            Status::Optimaal => {
                let z = w.doelwaarde;
                let ruimte = (self.gemeld.toegestaan * z.abs().max(1.0)).max(ABS_GAP);
                oordeel(c.grens - z <= ruimte + 1e-9)
            }
            // a run stopped at its time limit claims no more than its gap, which the
            // certificate's bound may be looser than; nothing to contradict
            Status::Tijdslimiet => Oordeel::NietNagerekend,
        }
    }

    /// Every claim that could be checked holds.
    pub fn klopt(&self) -> bool {
        [
            self.regels(),
            self.doelwaarde(),
            self.certificaat(),
            self.bewijs(),
        ]
        .iter()
        .all(|&o| o != Oordeel::KloptNiet)
    }
}

fn oordeel(klopt: bool) -> Oordeel {
    if klopt {
        Oordeel::Klopt
    } else {
        Oordeel::KloptNiet
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RegioIdx;
    use crate::solve::testdata;
    use crate::solve::testdata::toewijzing;

    fn probleem() -> Probleem {
        testdata::drie_huishoudens()
    }

    fn gemeld(doelwaarde: f64) -> Gemeld {
        Gemeld {
            status: Status::Optimaal,
            doelwaarde,
            grens: 20.0,
            gap: 0.0,
            toegestaan: 0.0,
        }
    }

    /// Places worth 3 and 2 per person: a bound of exactly 20 (see the certificate's tests).
    fn prijzen(grens: f64) -> Prijzen {
        let plaats = |plaats| Prijs {
            plaats,
            ..Prijs::default()
        };
        Prijzen {
            gemeenten: vec![plaats(3.0), plaats(2.0)],
            regios: Vec::new(),
            grens,
        }
    }

    fn optimum() -> Vec<Option<GemeenteIdx>> {
        toewijzing([Some(1), Some(0), Some(0)])
    }

    #[test]
    fn an_optimal_run_with_tight_prices_is_confirmed() {
        let c = controleer(&probleem(), &optimum(), gemeld(20.0), Some(&prijzen(20.0)));
        assert_eq!(
            [c.regels(), c.doelwaarde(), c.certificaat(), c.bewijs()],
            [Oordeel::Klopt; 4]
        );
        assert!(c.klopt());
        assert_eq!(c.certificaat.unwrap().gap, 0.0);
    }

    #[test]
    fn each_false_claim_is_caught_on_its_own() {
        let p = probleem();
        // a koppeling worth 10 + 4 + 3 = 17 reported as 20, and claimed optimal
        let slechter = toewijzing([Some(0), Some(1), Some(0)]);
        let c = controleer(&p, &slechter, gemeld(20.0), Some(&prijzen(20.0)));
        assert_eq!(c.regels(), Oordeel::Klopt);
        assert_eq!(c.doelwaarde(), Oordeel::KloptNiet);
        assert_eq!(c.certificaat(), Oordeel::Klopt);
        assert_eq!(
            c.bewijs(),
            Oordeel::KloptNiet,
            "gap 3 against a bound of 20"
        );
        assert!(!c.klopt());
        // the certificate's bound misreported
        let c = controleer(&p, &optimum(), gemeld(20.0), Some(&prijzen(19.0)));
        assert_eq!(c.certificaat(), Oordeel::KloptNiet);
        // too high a price: a valid but loose bound proves less than the status claims
        let mut los = prijzen(0.0);
        los.gemeenten[0].plaats = 5.0;
        los.grens = certificaat::grens(&p, &los.gemeenten, &[]);
        let c = controleer(&p, &optimum(), gemeld(20.0), Some(&los));
        assert_eq!(c.certificaat(), Oordeel::Klopt);
        assert_eq!(c.bewijs(), Oordeel::KloptNiet);
        // ... which a wide enough allowed gap accepts
        let ruim = Gemeld {
            toegestaan: 0.5,
            ..gemeld(20.0)
        };
        assert_eq!(
            controleer(&p, &optimum(), ruim, Some(&los)).bewijs(),
            Oordeel::Klopt
        );
    }

    #[test]
    fn broken_rules_are_named() {
        let p = probleem();
        // households 1 and 2 and 0 all in gemeente 0: 5 persons in room for 3
        let vol = toewijzing([Some(0), Some(0), Some(0)]);
        let c = controleer(&p, &vol, gemeld(20.0), None);
        assert_eq!(
            c.regels,
            Err(Overtreding::Capaciteit {
                g: GemeenteIdx::new(0),
                personen: 5,
                cap: 3
            })
        );
        assert_eq!(c.regels(), Oordeel::KloptNiet);
        assert_eq!(c.doelwaarde(), Oordeel::NietNagerekend);
        assert_eq!(c.bewijs(), Oordeel::NietNagerekend);
        // a spread bound of 9: household 2 (fit 3) pulls the region's mean to 20 / 3
        let p = Probleem {
            regio_vloer: Some(9.0),
            ..p
        };
        let c = controleer(&p, &optimum(), gemeld(20.0), None);
        assert_eq!(
            c.spreiding,
            Some(Err(Overtreding::OnderVloer {
                regio: RegioIdx::new(0),
                gemiddelde: 20.0 / 3.0,
                vloer: 9.0
            }))
        );
        assert_eq!(c.regels(), Oordeel::KloptNiet);
    }

    #[test]
    fn without_a_certificate_the_bound_is_not_checked() {
        let c = controleer(&probleem(), &optimum(), gemeld(20.0), None);
        assert_eq!(c.certificaat(), Oordeel::NietNagerekend);
        assert_eq!(c.bewijs(), Oordeel::NietNagerekend);
        assert!(c.klopt());
    }
}
