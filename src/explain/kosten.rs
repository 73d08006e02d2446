//! What an alternative costs the whole koppeling, measured: the problem is solved again with
//! the household fixed in the alternative gemeente, the way households with a
//! `vaste_gemeente_code` are ([`Probleem::vastgezet`]), with the run's solver options (time
//! limit, gap, formulation). The cost is the drop in the objective (`doelwaarde`, total fit
//! minus penalties): the run's objective minus the re-solve's.
//!
//! The true cost is `OPT - OPT_f`, the optimum without and with the household fixed: never
//! negative, since fixing a household only takes options away. Both solves are proven to within
//! their gap, so it lies between the run's objective minus the re-solve's bound
//! ([`Meting::daling_minstens`]) and the run's bound minus the re-solve's objective
//! ([`Meting::daling_hooguit`]). With gap 0 (the default for batches solved whole) both are
//! the measured drop; a national plan solved to a gap of 1e-4 leaves a range of some points.
//!
//! The re-solve starts from the run's koppeling with the household moved there and the room it
//! needs freed ([`herstel`]). The optimum does not depend on it; it is a floor under the
//! re-solve's answer and, when it is already within the gap, ends the solve early (on a half
//! year: seconds instead of minutes for some alternatives, not for all).
//!
//! A planner's decision is measured the other way round ([`meet_zonder`]): the run is the
//! problem with the decision, the re-solve the problem without it, so its cost is the
//! re-solve's objective minus the run's, with the same bounds on the true cost.

use serde::Serialize;

use crate::error::SolveError;
use crate::model::{GemeenteIdx, HuishoudenIdx};
use crate::solve::gretig::herstel;
use crate::solve::{los_op_met_basis, LpBasis, Oplossing, Opties, Probleem, Status};

/// What forcing a household into a gemeente costs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "soort", rename_all = "snake_case")]
pub enum Kosten {
    /// Measured by solving again.
    Gemeten(Meting),
    /// A hard filter rules the gemeente out: no koppeling may put the household there.
    NietToegestaan,
    /// The gemeente can never take the household: its capacity `cap`, less the persons of the
    /// households fixed there, is smaller than the household.
    GeenPlaats { cap: i64, vaste_personen: i64 },
}

/// The koppeling a cost is measured against: where everyone went, its objective and its proven
/// bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Basis<'a> {
    pub toewijzing: &'a [Option<GemeenteIdx>],
    pub doelwaarde: f64,
    pub grens: f64,
    /// The final LP basis of the run's solve, when it was solved by pricing: the re-solve's LP
    /// starts there (same optimum, fewer steps).
    pub lp: Option<&'a LpBasis>,
}

/// A re-solve with the household fixed in the alternative.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meting {
    /// The objective of the re-solve's koppeling.
    pub doelwaarde: f64,
    /// Its proven upper bound.
    pub grens: f64,
    pub status: Status,
    pub gap: f64,
    /// The run's objective minus the re-solve's: the measured cost.
    pub daling: f64,
    /// The true cost is at least this: the run's objective minus the re-solve's bound, and
    /// never below 0.
    pub daling_minstens: f64,
    /// The true cost is at most this: the run's bound minus the re-solve's objective.
    pub daling_hooguit: f64,
}

impl Meting {
    /// Whether both solves were exact, so the measured drop is the true cost (within 1e-5).
    pub fn exact(&self) -> bool {
        self.daling_hooguit - self.daling_minstens <= 1e-5
    }
}

/// Measures what fixing household `h` in gemeente `g` costs against the koppeling `basis`, by
/// solving `p` again with `opties`, from `basis` with the household moved and the room it takes
/// freed ([`herstel`]).
pub fn meet(
    p: &Probleem,
    basis: Basis,
    h: HuishoudenIdx,
    g: GemeenteIdx,
    opties: &Opties,
) -> Result<Kosten, SolveError> {
    if p.score(h, g).is_none() {
        return Ok(Kosten::NietToegestaan);
    }
    let Some(vast) = p.vastgezet(h, g) else {
        return Ok(Kosten::GeenPlaats {
            cap: p.gemeente(g).cap,
            vaste_personen: p.vaste_personen()[g.idx()],
        });
    };
    let mut start = basis.toewijzing.to_vec();
    start[h.idx()] = Some(g);
    let o = los_op_met_basis(&vast, opties, Some(&herstel(&vast, start)), basis.lp)?;
    let hoog = (basis.doelwaarde, basis.grens);
    Ok(Kosten::Gemeten(Meting::van(
        &o,
        hoog,
        (o.doelwaarde, o.grens),
    )))
}

/// Measures what a rule of the run costs: `zonder` is the run's problem without it (a
/// planner's decision taken out), solved again with `opties` from the run's koppeling `basis`
/// (made to fit `zonder` by [`herstel`]). The drop is the re-solve's objective minus the run's.
pub fn meet_zonder(zonder: &Probleem, basis: Basis, opties: &Opties) -> Result<Meting, SolveError> {
    let start = herstel(zonder, basis.toewijzing.to_vec());
    let o = los_op_met_basis(zonder, opties, Some(&start), basis.lp)?;
    let laag = (basis.doelwaarde, basis.grens);
    Ok(Meting::van(&o, (o.doelwaarde, o.grens), laag))
}

impl Meting {
    /// The re-solve `o` as a measurement of the drop from the larger problem (`hoog`) to the
    /// smaller (`laag`), each given as (objective, proven bound); `o` is one of the two.
    fn van(o: &Oplossing, hoog: (f64, f64), laag: (f64, f64)) -> Meting {
        Meting {
            doelwaarde: o.doelwaarde,
            grens: o.grens,
            status: o.status,
            gap: o.gap,
            daling: hoog.0 - laag.0,
            daling_minstens: (hoog.0 - laag.1).max(0.0),
            daling_hooguit: hoog.1 - laag.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::testdata::toewijzing;
    use crate::solve::{doelwaarde, los_op, testdata, HuishoudenModel};

    /// Two gemeenten with one place each, two households that both fit best in gemeente 0.
    fn probleem() -> Probleem {
        let g = |cap| testdata::gemeente(cap, 0.0);
        let h = |a, b| testdata::huishouden(1, vec![(0, a), (1, b)]);
        Probleem {
            tekort_boete: 0.0,
            ..testdata::probleem(vec![g(1), g(1), g(0)], vec![h(9.0, 1.0), h(5.0, 4.0)])
        }
    }

    fn basis(o: &crate::solve::Oplossing) -> Basis<'_> {
        Basis {
            toewijzing: &o.toewijzing,
            doelwaarde: o.doelwaarde,
            grens: o.grens,
            lp: o.lp_basis(),
        }
    }

    #[test]
    fn forcing_costs_what_the_whole_koppeling_loses() {
        let p = probleem();
        let opt = los_op(&p, &Opties::default()).unwrap();
        assert_eq!(opt.toewijzing, toewijzing([Some(0), Some(1)]));
        assert_eq!(opt.doelwaarde, 13.0);
        // household 0 into gemeente 1 pushes household 1 into gemeente 0: 1 + 5 = 6
        match meet(
            &p,
            basis(&opt),
            HuishoudenIdx::new(0),
            GemeenteIdx::new(1),
            &Opties::default(),
        )
        .unwrap()
        {
            Kosten::Gemeten(m) => {
                assert!((m.daling - 7.0).abs() < 1e-9, "{m:?}");
                assert!((m.daling_minstens - 7.0).abs() < 1e-9, "{m:?}");
                assert!((m.daling_hooguit - 7.0).abs() < 1e-9, "{m:?}");
                assert!(m.exact());
                assert_eq!(m.status, Status::Optimaal);
            }
            other => panic!("{other:?}"),
        }
        // forcing a household where it already is costs nothing
        match meet(
            &p,
            basis(&opt),
            HuishoudenIdx::new(1),
            GemeenteIdx::new(1),
            &Opties::default(),
        )
        .unwrap()
        {
            Kosten::Gemeten(m) => assert!(m.daling.abs() < 1e-9),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            meet(
                &p,
                basis(&opt),
                HuishoudenIdx::new(0),
                GemeenteIdx::new(2),
                &Opties::default()
            )
            .unwrap(),
            Kosten::NietToegestaan
        );
    }

    #[test]
    fn no_place_where_fixed_households_fill_the_gemeente() {
        let mut p = probleem();
        p.huishoudens.push(HuishoudenModel {
            personen: 1,
            vast: true,
            kandidaten: vec![(GemeenteIdx::new(1), 2.0)],
        });
        let opt = los_op(&p, &Opties::default()).unwrap();
        assert_eq!(
            meet(
                &p,
                basis(&opt),
                HuishoudenIdx::new(0),
                GemeenteIdx::new(1),
                &Opties::default()
            )
            .unwrap(),
            Kosten::GeenPlaats {
                cap: 1,
                vaste_personen: 1
            }
        );
        let vast = p
            .vastgezet(HuishoudenIdx::new(1), GemeenteIdx::new(0))
            .unwrap();
        assert!(vast.huishoudens[1].vast);
        assert_eq!(
            vast.huishoudens[1].kandidaten,
            vec![(GemeenteIdx::new(0), 5.0)]
        );
        assert!(doelwaarde(
            &vast,
            &[
                Some(GemeenteIdx::new(1)),
                Some(GemeenteIdx::new(1)),
                Some(GemeenteIdx::new(1))
            ]
        )
        .is_err());
    }
}
