//! Checking a finished run without a solver (`kansrijk check`): only arithmetic on the
//! rebuilt model, the run's koppeling and the certificate's prices.
//!
//! What is checked, each on its own:
//!
//! 1. **Regels**: every household once or uncoupled, fixed households at their gemeente, no
//!    gemeente above its capacity ([`doelwaarde`]), and the spread bound where the run had one.
//! 2. **Doelwaarde**: the koppeling's objective, recomputed, equals the reported one.
//! 3. **Grens en gap**: the reported bound is not below the koppeling's objective, not above the
//!    trivial bound nor (where there is one) the certificate's; the reported gap is [`gap`] of
//!    the two; and the status says `optimaal` exactly when [`bewezen`] says so: the same
//!    functions `match` used.
//! 4. **Certificaat**: the bound of the certificate's prices ([`certificaat::grens`]),
//!    recomputed over every allowed pair, equals the bound the report gives for them. Valid
//!    for any prices, so no koppeling of the full model is worth more.
//! 5. **Bewijs**: with that bound alone, the koppeling is within the gap the run allowed, as its
//!    status `optimaal` claims ([`bewezen`]).
//!
//! What rests on HiGHS cannot be checked here and is said to be so ([`Oordeel::NietNagerekend`]):
//! the bound of a model solved whole (no certificate), and a bound from the last MIP of pricing
//! tighter than the certificate's.

use super::certificaat::{self, Prijs};
use super::gretig;
use super::opties::{bewezen, gap};
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
    /// The koppeling's gap against the recomputed bound ([`gap`]).
    pub gap: f64,
}

/// The reported bound and gap, recomputed from the reported objective and bound.
#[derive(Debug, Clone, PartialEq)]
pub struct GrensControle {
    /// [`gap`] of the reported objective under the reported bound.
    pub gap: f64,
    /// [`bewezen`]: whether the reported bound proves the koppeling within the allowed gap.
    pub bewezen: bool,
    /// The trivial bound: every household at its best fit, no shortfall ([`gretig::grens`]).
    pub triviaal: f64,
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
    pub grens: GrensControle,
    pub certificaat: Option<CertificaatControle>,
}

/// Relative tolerance for comparing reported and recomputed figures (`rapport.json` writes
/// them in full; this only absorbs the order of summation).
const TOLERANTIE: f64 = 1e-9;

fn gelijk(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANTIE * a.abs().max(b.abs()).max(1.0)
}

/// `a` at most `b`, up to the order of summation.
fn hooguit(a: f64, b: f64) -> bool {
    a <= b || gelijk(a, b)
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
            gap: gap(z, grens),
        }
    });
    let grens = GrensControle {
        gap: gap(gemeld.doelwaarde, gemeld.grens),
        bewezen: bewezen(gemeld.doelwaarde, gemeld.grens, gemeld.toegestaan),
        triviaal: gretig::grens(p),
    };
    Controle {
        gemeld,
        regels,
        spreiding,
        grens,
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

    /// Each claim about the reported bound and gap that arithmetic can check
    /// ([`GrensFout`]); empty when all hold.
    pub fn grens_fouten(&self) -> Vec<GrensFout> {
        let g = &self.gemeld;
        let mut fouten = Vec::new();
        // a bound holds for the koppeling itself: against its recomputed worth where there is
        // one, so a misreported objective is caught on its own line
        let z = self.regels.as_ref().map_or(g.doelwaarde, |w| w.doelwaarde);
        if !hooguit(z, g.grens) {
            fouten.push(GrensFout::OnderDoelwaarde);
        }
        if !hooguit(g.grens, self.grens.triviaal) {
            fouten.push(GrensFout::BovenTriviaal);
        }
        if let Some(c) = &self.certificaat {
            if !hooguit(g.grens, c.grens) {
                fouten.push(GrensFout::BovenCertificaat);
            }
        }
        // the gap is a ratio of about 1e-4: compared absolutely
        if (g.gap - self.grens.gap).abs() > TOLERANTIE || g.gap.is_nan() {
            fouten.push(GrensFout::Gap);
        }
        if (g.status == Status::Optimaal) != self.grens.bewezen {
            fouten.push(GrensFout::Status);
        }
        fouten
    }

    /// The reported bound, gap and status against each other, the trivial bound and the
    /// certificate ([`Controle::grens_fouten`]).
    pub fn grens(&self) -> Oordeel {
        oordeel(self.grens_fouten().is_empty())
    }

    /// The certificate's bound, recomputed, against the one reported.
    pub fn certificaat(&self) -> Oordeel {
        match &self.certificaat {
            Some(c) => oordeel(gelijk(c.grens, c.gemeld)),
            None => Oordeel::NietNagerekend,
        }
    }

    /// Whether the certificate alone proves what the status claims: for `optimaal`, the
    /// koppeling within the allowed gap of the recomputed bound ([`bewezen`]). Not checked
    /// when the run claims no proof, has no certificate, or proves more than the certificate
    /// with a tighter bound from HiGHS ([`Controle::bewijs_door_highs`]).
    pub fn bewijs(&self) -> Oordeel {
        let (Some(_), Ok(_)) = (&self.certificaat, &self.regels) else {
            return Oordeel::NietNagerekend;
        };
        if self.gemeld.status != Status::Optimaal {
            // a run that is not proven claims no more than its gap, which the certificate's
            // bound may be looser than; nothing to contradict
            return Oordeel::NietNagerekend;
        }
        if self.certificaat_bewijst() {
            Oordeel::Klopt
        } else if self.bewijs_door_highs() {
            Oordeel::NietNagerekend
        } else {
            Oordeel::KloptNiet
        }
    }

    /// The certificate's recomputed bound proves the recomputed objective within the allowed
    /// gap. Where they are the reported figures (equal up to the order of summation), the
    /// reported figures decide, exactly as in `match`.
    pub fn certificaat_bewijst(&self) -> bool {
        let (Some(c), Ok(w)) = (&self.certificaat, &self.regels) else {
            return false;
        };
        let g = &self.gemeld;
        let gemeld_als_gelijk = |nagerekend: f64, gemeld: f64| {
            if gelijk(nagerekend, gemeld) {
                gemeld
            } else {
                nagerekend
            }
        };
        bewezen(
            gemeld_als_gelijk(w.doelwaarde, g.doelwaarde),
            gemeld_als_gelijk(c.grens, g.grens),
            g.toegestaan,
        )
    }

    /// The report gives a bound tighter than its certificate's (both as reported): it comes
    /// from HiGHS's branching over the last MIP of pricing, which no arithmetic on the report
    /// can redo. A report whose bound is its certificate's rests on the certificate alone.
    pub fn bewijs_door_highs(&self) -> bool {
        self.certificaat
            .as_ref()
            .is_some_and(|c| self.gemeld.grens < c.gemeld && !gelijk(self.gemeld.grens, c.gemeld))
    }

    /// Every claim that could be checked holds.
    pub fn klopt(&self) -> bool {
        self.oordelen().iter().all(|&o| o != Oordeel::KloptNiet)
    }

    /// The verdicts in the order the check lists them: rules, objective, bound and gap,
    /// certificate, proof.
    pub fn oordelen(&self) -> [Oordeel; 5] {
        [
            self.regels(),
            self.doelwaarde(),
            self.grens(),
            self.certificaat(),
            self.bewijs(),
        ]
    }
}

/// A claim about the reported bound and gap that does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrensFout {
    /// The bound is below the koppeling's own objective (recomputed where it can be).
    OnderDoelwaarde,
    /// The bound is above the trivial bound, which the run always takes if lower.
    BovenTriviaal,
    /// The bound is above the certificate's, which the run always takes if lower.
    BovenCertificaat,
    /// The gap is not [`gap`] of the objective under the bound.
    Gap,
    /// The status says `optimaal` while the bound does not prove it within the allowed gap
    /// ([`bewezen`]), or the other way round.
    Status,
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
        // ... when the report gives that bound as its own
        let zelfde = Gemeld {
            grens: los.grens,
            gap: gap(20.0, los.grens),
            ..gemeld(20.0)
        };
        let c = controleer(&p, &optimum(), zelfde.clone(), Some(&los));
        assert_eq!(c.certificaat(), Oordeel::Klopt);
        assert_eq!(c.bewijs(), Oordeel::KloptNiet);
        assert!(c.grens_fouten().contains(&GrensFout::Status));
        // a bound tighter than the certificate's rests on HiGHS: not refuted, not confirmed
        let c = controleer(&p, &optimum(), gemeld(20.0), Some(&los));
        assert_eq!(c.grens(), Oordeel::Klopt);
        assert!(c.bewijs_door_highs());
        assert_eq!(c.bewijs(), Oordeel::NietNagerekend);
        assert!(c.klopt());
        // ... which a wide enough allowed gap accepts
        let ruim = Gemeld {
            toegestaan: 0.5,
            ..zelfde
        };
        assert_eq!(
            controleer(&p, &optimum(), ruim, Some(&los)).bewijs(),
            Oordeel::Klopt
        );
    }

    #[test]
    fn check_decides_proof_at_the_boundary_exactly_as_match() {
        // a loose certificate, and an allowed gap exactly the koppeling's gap under it: the
        // gap `match` writes and the rule it decides its status with ([`bewezen`]) are the
        // ones check recomputes, so at the boundary both say proven, and one step below both
        // say not
        let p = probleem();
        let mut los = prijzen(0.0);
        los.gemeenten[0].plaats = 3.5;
        los.grens = certificaat::grens(&p, &los.gemeenten, &[]);
        // 20.5, below the trivial bound of 22
        assert_eq!(los.grens, 20.5);
        let t = gap(20.0, los.grens);
        assert!(t > 0.0);
        let op_de_grens = Gemeld {
            grens: los.grens,
            gap: t,
            toegestaan: t,
            ..gemeld(20.0)
        };
        assert!(bewezen(20.0, los.grens, t));
        let c = controleer(&p, &optimum(), op_de_grens.clone(), Some(&los));
        assert_eq!(c.oordelen(), [Oordeel::Klopt; 5]);
        let net_niet = Gemeld {
            toegestaan: t * (1.0 - f64::EPSILON),
            ..op_de_grens
        };
        assert!(!bewezen(20.0, los.grens, net_niet.toegestaan));
        let c = controleer(&p, &optimum(), net_niet.clone(), Some(&los));
        assert_eq!(c.grens_fouten(), [GrensFout::Status]);
        assert_eq!(c.bewijs(), Oordeel::KloptNiet);
        // ... and a run that says so honestly checks out
        let eerlijk = Gemeld {
            status: Status::Tijdslimiet,
            ..net_niet
        };
        assert!(controleer(&p, &optimum(), eerlijk, Some(&los)).klopt());
    }

    #[test]
    fn an_edited_bound_or_gap_is_caught() {
        let p = probleem();
        // the bound 100 below the objective (and the gap left as it was)
        let onder = Gemeld {
            grens: 20.0 - 100.0,
            ..gemeld(20.0)
        };
        let c = controleer(&p, &optimum(), onder, Some(&prijzen(20.0)));
        assert_eq!(c.grens_fouten(), [GrensFout::OnderDoelwaarde]);
        assert!(!c.klopt());
        // a negative gap
        let negatief = Gemeld {
            gap: -5.0,
            ..gemeld(20.0)
        };
        let c = controleer(&p, &optimum(), negatief, None);
        assert_eq!(c.grens_fouten(), [GrensFout::Gap]);
        assert!(!c.klopt());
        // a bound above the trivial one and the certificate's, with its gap to match
        let boven = Gemeld {
            grens: 1000.0,
            gap: gap(20.0, 1000.0),
            status: Status::Tijdslimiet,
            ..gemeld(20.0)
        };
        let c = controleer(&p, &optimum(), boven, Some(&prijzen(20.0)));
        assert_eq!(
            c.grens_fouten(),
            [GrensFout::BovenTriviaal, GrensFout::BovenCertificaat]
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
