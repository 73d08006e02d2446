//! Who moved compared with an earlier run (`match --vorige DIR`), and why, measured.
//!
//! The second stage ([`crate::solve::behoud`]) keeps as many households as it can where the
//! earlier run put them, among the koppelingen as good. For each household that still moved
//! (to another gemeente, or uncoupled now), the reason is what stands in the way of keeping it,
//! found the way `kansrijk explain` measures an alternative ([`kosten::meet`]):
//!
//! - the earlier gemeente is no longer allowed for it (a filter, or a fixed gemeente elsewhere):
//!   [`Kosten::NietToegestaan`];
//! - the earlier gemeente can no longer hold it beside the households fixed there:
//!   [`Kosten::GeenPlaats`];
//! - otherwise the problem is solved again with the household fixed there
//!   ([`Kosten::Gemeten`]): keeping it costs that much total fit; or, when that costs nothing
//!   (within [`GELIJK`]) and the second stage is proven, keeping it would move another household
//!   (the number kept is the most there is, and keeping this one as well would exceed it).
//!
//! Solving again takes time, so at most [`MAX_GEMETEN`] households are measured, in
//! `huishouden_id` order; the report says how many were not.

use serde::Serialize;

use super::kosten::{self, Basis, Kosten};
use crate::error::SolveError;
use crate::model::{GemeenteIdx, HuishoudenIdx};
use crate::solve::behoud::{Behoud, GELIJK};
use crate::solve::{Opties, Probleem};

/// Households measured by solving again, at most.
pub const MAX_GEMETEN: usize = 10;

/// A household that an earlier run put elsewhere.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verplaatsing {
    pub huishouden: HuishoudenIdx,
    /// Its gemeente in the earlier run.
    pub van: GemeenteIdx,
    /// Its gemeente now; `None`: uncoupled.
    pub naar: Option<GemeenteIdx>,
    /// What keeping it in `van` would take; `None`: not measured (beyond [`MAX_GEMETEN`]).
    pub kosten: Option<Kosten>,
}

/// Why a household moved, as the report says it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Waarom {
    /// Its earlier gemeente is no longer allowed for it.
    NietToegestaan,
    /// Its earlier gemeente cannot hold it beside the households fixed there.
    GeenPlaats { cap: i64, vaste_personen: i64 },
    /// Keeping it there costs this much total fit (the objective), measured; with the range the
    /// true cost lies in when a solve was proven only to within a gap.
    Kost {
        daling: f64,
        minstens: f64,
        hooguit: f64,
        exact: bool,
    },
    /// Keeping it costs nothing, but the number kept is proven the most there is: keeping this
    /// one would move another.
    Ander,
    /// Keeping it costs nothing as measured, and the second stage did not prove that no
    /// koppeling as good keeps more.
    Onbewezen,
    /// Not measured (beyond [`MAX_GEMETEN`]).
    NietGemeten,
}

impl Verplaatsing {
    /// Why it moved; `bewezen`: the second stage proved its number kept the most there is.
    pub fn waarom(&self, bewezen: bool) -> Waarom {
        match &self.kosten {
            None => Waarom::NietGemeten,
            Some(Kosten::NietToegestaan) => Waarom::NietToegestaan,
            Some(Kosten::GeenPlaats {
                cap,
                vaste_personen,
            }) => Waarom::GeenPlaats {
                cap: *cap,
                vaste_personen: *vaste_personen,
            },
            Some(Kosten::Gemeten(m)) if m.daling > GELIJK => Waarom::Kost {
                daling: m.daling,
                minstens: m.daling_minstens,
                hooguit: m.daling_hooguit,
                exact: m.exact(),
            },
            Some(Kosten::Gemeten(m)) if bewezen && m.exact() => Waarom::Ander,
            Some(Kosten::Gemeten(_)) => Waarom::Onbewezen,
        }
    }

    /// The measured cost of keeping it, when measured and more than a tie.
    pub fn kost(&self) -> Option<f64> {
        match self.waarom(true) {
            Waarom::Kost { daling, .. } => Some(daling),
            _ => None,
        }
    }
}

/// The comparison with the earlier run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Vorige {
    /// The folder of the earlier run, as given.
    pub map: String,
    /// Rows of its `koppelingen.csv`.
    pub rijen: usize,
    /// Rows left out: the household or the gemeente is not in this input.
    pub genegeerd: usize,
    /// Households with an earlier gemeente in this input.
    pub vergeleken: usize,
    /// Of those, kept there.
    pub behouden: usize,
    /// Kept by the koppeling of the first stage, before the second; `None`: no first stage of
    /// its own ([`crate::solve::behoud::in_een_keer`]).
    pub eerst_behouden: Option<usize>,
    /// `behouden` is proven the most of all koppelingen as good (see
    /// [`crate::solve::behoud`]).
    pub bewezen: bool,
    /// The koppeling is proven within the gap of the best, not as good as the first stage's
    /// ([`crate::solve::behoud::Behoud::binnen_de_gap`]).
    pub binnen_de_gap: bool,
    /// Every household that moved, in `huishouden_id` order.
    pub verplaatst: Vec<Verplaatsing>,
    /// Moved households not measured (beyond `max_gemeten`).
    pub niet_gemeten: usize,
    /// How many moved households were to be measured at most ([`MAX_GEMETEN`]; 0 for
    /// `compare`).
    pub max_gemeten: usize,
}

/// The households of the koppeling of `behoud` not in their gemeente of `vorige`, each with
/// what keeping it there would take, measured by solving `p` again with `opties` (at most
/// `max_gemeten` solves, [`MAX_GEMETEN`] for `match --vorige`; `meld(nr, van)` before each).
pub fn verplaatst(
    p: &Probleem,
    behoud: &Behoud,
    vorige: &[Option<GemeenteIdx>],
    opties: &Opties,
    max_gemeten: usize,
    meld: &mut dyn FnMut(usize, usize),
) -> Result<(Vec<Verplaatsing>, usize), SolveError> {
    let o = &behoud.oplossing;
    let basis = Basis {
        toewijzing: &o.toewijzing,
        doelwaarde: o.doelwaarde,
        grens: o.grens,
        lp: o.lp_basis(),
    };
    let ruimte = p.ruimte();
    let mut uit = Vec::new();
    for (h, (&v, &naar)) in p.huishouden_indices().zip(vorige.iter().zip(&o.toewijzing)) {
        if let Some(van) = v.filter(|&van| naar != Some(van)) {
            uit.push((h, van, naar));
        }
    }
    // what needs a solve: the earlier gemeente could still hold the household
    let te_meten = uit
        .iter()
        .filter(|&&(h, van, _)| p.kan_houden(h, van, &ruimte))
        .count()
        .min(max_gemeten);
    let mut gemeten = 0;
    let mut niet_gemeten = 0;
    let mut lijst = Vec::new();
    for (h, van, naar) in uit {
        let kosten = if !p.kan_houden(h, van, &ruimte) {
            // no solve needed: not allowed, or no room beside the fixed households
            Some(kosten::meet(p, basis, h, van, opties)?)
        } else if gemeten < max_gemeten {
            gemeten += 1;
            meld(gemeten, te_meten);
            Some(kosten::meet(p, basis, h, van, opties)?)
        } else {
            niet_gemeten += 1;
            None
        };
        lijst.push(Verplaatsing {
            huishouden: h,
            van,
            naar,
            kosten,
        });
    }
    Ok((lijst, niet_gemeten))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::behoud::behoud;
    use crate::solve::testdata::{self, toewijzing};
    use crate::solve::{los_op, HuishoudenModel};

    #[test]
    fn moved_households_say_why() {
        // gemeente 0 holds one person; both households fit best there, household 0 more so;
        // gemeente 2 is allowed for household 1 only
        let g = |cap| testdata::gemeente(cap, 0.0);
        let p = Probleem {
            tekort_boete: 0.0,
            ..testdata::probleem(
                vec![g(1), g(1), g(1)],
                vec![
                    testdata::huishouden(1, vec![(0, 9.0), (1, 1.0)]),
                    testdata::huishouden(1, vec![(0, 5.0), (1, 4.0), (2, 4.0)]),
                    HuishoudenModel {
                        vast: true,
                        ..testdata::huishouden(1, vec![(2, 1.0)])
                    },
                ],
            )
        };
        let opties = Opties::default();
        // earlier: household 0 in gemeente 1, household 1 in 0, household 2 in 1
        let vorige = toewijzing([Some(1), Some(0), Some(1)]);
        let b = behoud(&p, &opties, los_op(&p, &opties).unwrap(), &vorige).unwrap();
        assert_eq!(
            b.oplossing.toewijzing,
            toewijzing([Some(0), Some(1), Some(2)])
        );
        assert_eq!((b.behouden, b.vergeleken), (0, 3));
        let (lijst, niet) =
            verplaatst(&p, &b, &vorige, &opties, MAX_GEMETEN, &mut |_, _| {}).unwrap();
        assert_eq!(niet, 0);
        assert_eq!(lijst.len(), 3);
        // household 0 back in gemeente 1: 9 + 4 -> 1 + 5, costs 7
        assert!((lijst[0].kost().unwrap() - 7.0).abs() < 1e-9, "{lijst:?}");
        // household 1 back in gemeente 0: 9 + 4 -> 1 + 5 as well
        assert!((lijst[1].kost().unwrap() - 7.0).abs() < 1e-9, "{lijst:?}");
        // household 2 is fixed in gemeente 2 now
        assert_eq!(lijst[2].kosten, Some(Kosten::NietToegestaan));
        assert_eq!(lijst[2].naar, Some(GemeenteIdx::new(2)));
    }
}
