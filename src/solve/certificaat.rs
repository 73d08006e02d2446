//! A bound anyone can check: prices per gemeente under which no koppeling of the full model
//! (one binary per household and allowed gemeente, see the module docs of [`super`]) is worth
//! more than a figure computed in one pass over the allowed pairs.
//!
//! Lagrangian duality. Give every gemeente three prices, all `>= 0`: `plaats` on its capacity
//! row `L_g <= cap_g`, `doel` on its target row `t_g + L_g >= doel_g`, and `snede` on the cut
//! `t_g + f_g L_g >= f_g ceil(doel_g)` (`L_g` the persons coupled there, fixed households
//! included; `f_g` the fractional part of `doel_g`), with `doel + snede <= P_t`. Moving the rows
//! into the objective at those prices can only raise it, and what is left splits per household
//! and per gemeente:
//!
//! ```text
//! bound = sum_h max(-P_u, max_g (s_hg - n_h lambda_g))              (a fixed household: its gemeente)
//!       + sum_g (plaats_g cap_g - doel_g' doel_g - snede_g f_g ceil(doel_g))
//! lambda_g = plaats_g - doel_g' - f_g snede_g                        (doel_g' the price)
//! ```
//!
//! over the pairs that fit (`n_h <= cap_g - fixed persons_g`). Any prices give a valid bound;
//! the LP duals of the pricing step give one as tight as the LP. The prices go into
//! `rapport.json`, so the bound can be recomputed from the exported scores without a solver.
//!
//! Under a spread bound every region `r` has one more row, `sum (s_hg - vloer) x_hg >= 0` over
//! the free households coupled there, and one more price `regio_r >= 0`: a free household's
//! pair in region `r` is then worth `s_hg + regio_r (s_hg - vloer) - n_h lambda_g` in the
//! first sum. A koppeling within the bound only gains from that term, so the bound still holds.

use serde::{Deserialize, Serialize};

use crate::model::GemeenteIdx;

use super::probleem::Probleem;

/// The certificate of a run: the prices and the bound they give. Made from the duals of the
/// pricing LP ([`super::prijzen`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Certificaat {
    /// [`grens`] under `prijzen`.
    pub grens: f64,
    /// Per gemeente, in gemeente order.
    pub prijzen: Vec<Prijs>,
    /// Per region, on its spread-bound row; empty without a spread bound.
    pub regio: Vec<f64>,
}

/// The prices of one gemeente's rows (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Prijs {
    /// On the capacity row, per person.
    pub plaats: f64,
    /// On the target row, per person.
    pub doel: f64,
    /// On the cut of the target row.
    pub snede: f64,
}

impl Prijs {
    /// The nearest prices that make a valid bound: none below 0, `doel + snede <= P_t`.
    pub fn geldig(self, tekort_boete: f64) -> Prijs {
        let (plaats, doel, snede) = (
            self.plaats.max(0.0),
            self.doel.max(0.0),
            self.snede.max(0.0),
        );
        let schaal = if doel + snede > tekort_boete {
            tekort_boete / (doel + snede)
        } else {
            1.0
        };
        Prijs {
            plaats,
            doel: doel * schaal,
            snede: snede * schaal,
        }
    }
}

/// The bound of the full model under `prijzen` (one per gemeente) and, under a spread bound,
/// `regio` (one per region; none: all 0), all made valid first.
pub fn grens(p: &Probleem, prijzen: &[Prijs], regio: &[f64]) -> f64 {
    Lagrangiaan::new(p, prijzen, regio).grens
}

/// The parts of the bound under given prices (see the module docs): what each pair of a
/// household and a gemeente is worth in the first sum, each household's term there, and the
/// bound. A koppeling that puts household `h` at `g` is worth at most
/// `grens - (term_h - paar(h, g))`: every term of the first sum is at least what the
/// koppeling's own pair is worth.
pub(super) struct Lagrangiaan<'a> {
    p: &'a Probleem,
    /// Per gemeente: `lambda_g`, the price per person.
    lambda: Vec<f64>,
    /// Per region: its price on the spread bound's row (0 without one).
    omega: Vec<f64>,
    /// Per household: `max(-P_u, max_g paar)` (a fixed household: its gemeente's pair).
    pub(super) term: Vec<f64>,
    pub(super) grens: f64,
}

impl<'a> Lagrangiaan<'a> {
    pub(super) fn new(p: &'a Probleem, prijzen: &[Prijs], regio: &[f64]) -> Self {
        let mut lambda = Vec::with_capacity(p.gemeenten.len());
        let mut som = 0.0;
        for (gm, q) in p.gemeenten.iter().zip(prijzen) {
            let q = q.geldig(p.tekort_boete);
            let f = gm.doel - gm.doel.floor();
            lambda.push(q.plaats - q.doel - f * q.snede);
            som += q.plaats * gm.cap as f64 - q.doel * gm.doel - q.snede * f * gm.doel.ceil();
        }
        let omega = (0..p.regios())
            .map(|r| regio.get(r).map_or(0.0, |&w| w.max(0.0)))
            .collect();
        let mut l = Lagrangiaan {
            p,
            lambda,
            omega,
            term: Vec::with_capacity(p.huishoudens.len()),
            grens: 0.0,
        };
        let ruimte = p.ruimte();
        for (hi, h) in p.huishouden_indices().zip(&p.huishoudens) {
            let beste = p
                .mogelijk(hi, &ruimte)
                .map(|(g, s)| l.paar(hi.idx(), g, s))
                .fold(f64::NEG_INFINITY, f64::max);
            let term = if h.vast {
                beste
            } else {
                beste.max(-p.ongekoppeld_boete)
            };
            som += term;
            l.term.push(term);
        }
        l.grens = som;
        l
    }

    /// What household `h` at gemeente `g` (fit `s`) is worth in the first sum.
    pub(super) fn paar(&self, h: usize, g: GemeenteIdx, s: f64) -> f64 {
        let hm = &self.p.huishoudens[h];
        // a fixed household is not in the spread bound's rows
        let spreiding = if hm.vast {
            0.0
        } else {
            self.omega[self.p.gemeente(g).regio.idx()] * (s - self.p.regio_vloer.unwrap_or(0.0))
        };
        s + spreiding - f64::from(hm.personen) * self.lambda[g.idx()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::{doelwaarde, testdata};

    fn probleem() -> Probleem {
        testdata::drie_huishoudens()
    }

    /// Every koppeling by brute force: the best value.
    fn optimum(p: &Probleem) -> f64 {
        let n = p.huishoudens.len();
        let keuzes = p.gemeenten.len() + 1;
        (0..keuzes.pow(n as u32))
            .filter_map(|mut code| {
                let t: Vec<Option<GemeenteIdx>> = (0..n)
                    .map(|_| {
                        let k = code % keuzes;
                        code /= keuzes;
                        (k < p.gemeenten.len()).then(|| GemeenteIdx::new(k))
                    })
                    .collect();
                let binnen = crate::solve::regio_vloer(p, &t).is_ok();
                doelwaarde(p, &t)
                    .ok()
                    .filter(|_| binnen)
                    .map(|w| w.doelwaarde)
            })
            .fold(f64::NEG_INFINITY, f64::max)
    }

    #[test]
    fn any_prices_bound_the_optimum() {
        let p = probleem();
        // zero prices: every household at its best fit, no penalty
        assert_eq!(grens(&p, &[Prijs::default(); 2], &[]), 22.0);
        // without and with a spread bound: a floor of 8.5 keeps household 2 out (its fits are 3
        // and 2), so the optimum drops from 20 to 8 + 9 - 0.5 shortfall - 100 uncoupled
        for vloer in [None, Some(8.5)] {
            let p = Probleem {
                regio_vloer: vloer,
                ..p.clone()
            };
            let opt = optimum(&p);
            assert_eq!(opt, if vloer.is_some() { -83.5 } else { 20.0 });
            if vloer.is_some() {
                // a region price alone brings the bound below the optimum without the floor:
                // households max(10 + 3 * 1.5, 8 - 3 * 0.5) + max(9 + 3 * 0.5, 4 - 3 * 4.5)
                // + max(3 - 3 * 5.5, 2 - 3 * 6.5)
                assert_eq!(grens(&p, &[Prijs::default(); 2], &[3.0]), 11.5);
            }
            for plaats in [0.0, 0.5, 1.0, 3.0, 10.0] {
                for doel in [0.0, 0.3, 1.0, 5.0] {
                    for snede in [0.0, 0.4, 2.0] {
                        for regio in [0.0, 0.5, 3.0] {
                            let q = Prijs {
                                plaats,
                                doel,
                                snede,
                            };
                            let half = Prijs {
                                plaats: plaats / 2.0,
                                ..q
                            };
                            let b = grens(&p, &[q, half], &[regio]);
                            assert!(
                                b >= opt - 1e-9,
                                "{q:?} {regio}: {b} below the optimum {opt}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn good_prices_are_tight() {
        // the optimum: household 0 to gemeente 1, households 1 and 2 to gemeente 0 (3 persons
        // there, 2 in gemeente 1, no shortfall): 8 + 9 + 3
        let p = probleem();
        assert_eq!(optimum(&p), 20.0);
        let plaats = |plaats| Prijs {
            plaats,
            ..Prijs::default()
        };
        // places worth 3 and 2 per person: households max(10-6, 8-4) + max(9-6, 4-4)
        // + max(3-3, 2-2) = 7, gemeenten 3*3 + 2*2 = 13: the optimum exactly
        assert_eq!(grens(&p, &[plaats(3.0), plaats(2.0)], &[]), 20.0);
        // too high a price on gemeente 0: max(0, 8) + max(-1, 4) + max(-2, 2) + 15
        assert_eq!(grens(&p, &[plaats(5.0), plaats(0.0)], &[]), 29.0);
    }

    #[test]
    fn prices_are_made_valid() {
        let q = Prijs {
            plaats: -1.0,
            doel: 1.5,
            snede: 0.5,
        }
        .geldig(1.0);
        assert_eq!((q.plaats, q.doel, q.snede), (0.0, 0.75, 0.25));
        let q = Prijs {
            plaats: 2.0,
            doel: 0.5,
            snede: -0.5,
        };
        assert_eq!(q.geldig(1.0), Prijs { snede: 0.0, ..q });
    }
}
