//! The model layer, first part: the columns of a MIP by what they mean ([`Sleutel`]), how
//! integer columns enter a model (whole, relaxed, fixed, or in a neighbourhood: [`Geheel`]),
//! and the map of a built model's columns and rows ([`Kaart`]) that reading back, starting and
//! pricing all go through.

use std::collections::BTreeMap;

use good_lp::{variable, ProblemVariables, Variable, VariableDefinition};

use super::probleem::Probleem;
use crate::model::GemeenteIdx;

/// The kind of a column.
#[derive(Debug, Clone, Copy)]
pub(super) enum Kolomsoort {
    /// An integer in `0..=max`: `x_hg` or `z_rng`.
    Geheel { max: f64, sleutel: Sleutel },
    /// A real number in `min..=max`.
    Continu { min: f64, max: f64 },
}

/// An integer column by what it means, the same in every model of one problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Sleutel {
    /// `x_hg`: household, gemeente.
    X(usize, GemeenteIdx),
    /// `y_hr` when whole: household, region.
    Y(usize, usize),
    /// `z_rng`: region, size, gemeente.
    Z(usize, u32, GemeenteIdx),
}

impl Sleutel {
    /// The gemeente of the column; `None` for a `y`, which goes to a region.
    pub(super) fn gemeente(&self) -> Option<GemeenteIdx> {
        match *self {
            Sleutel::X(_, g) | Sleutel::Z(_, _, g) => Some(g),
            Sleutel::Y(..) => None,
        }
    }
}

/// Bounds of integer columns by [`Sleutel`]: a neighbourhood of a solution.
pub(super) type Buurt = BTreeMap<Sleutel, (f64, f64)>;

/// Values of integer columns by [`Sleutel`].
pub(super) type Waarden = BTreeMap<Sleutel, f64>;

/// How the integer columns enter the model.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Geheel<'a> {
    /// As integers: the MIP.
    Ja,
    /// Relaxed to their bounds: the LP relaxation.
    Relaxatie,
    /// Fixed at these column values (rounded): the LP over the continuous columns alone.
    Vast(Vec<f64>),
    /// As integers within the given bounds (missing: `0..=max`): a neighbourhood of a
    /// solution, where a good koppeling is quick to find.
    Buurt(&'a Buurt),
}

/// Variables with their HiGHS column (good_lp numbers columns in the order they are added).
pub(super) struct Kolommen<'a> {
    pub(super) vars: ProblemVariables,
    pub(super) n: usize,
    /// Integer columns among them.
    pub(super) gehele: usize,
    pub(super) geheel: Geheel<'a>,
}

impl Kolommen<'_> {
    pub(super) fn add(&mut self, soort: Kolomsoort) -> (Variable, usize) {
        let col = self.n;
        self.n += 1;
        let def: VariableDefinition = match (soort, &self.geheel) {
            (Kolomsoort::Geheel { .. }, Geheel::Vast(vast)) => {
                let v = vast[col].round();
                variable().min(v).max(v)
            }
            (Kolomsoort::Geheel { max, .. }, Geheel::Relaxatie) => variable().min(0.0).max(max),
            (Kolomsoort::Geheel { max, .. }, Geheel::Ja) => {
                self.gehele += 1;
                variable().integer().min(0.0).max(max)
            }
            (Kolomsoort::Geheel { max, sleutel }, Geheel::Buurt(buurt)) => {
                self.gehele += 1;
                let (lo, hi) = buurt.get(&sleutel).copied().unwrap_or((0.0, max));
                variable()
                    .integer()
                    .min(lo.max(0.0))
                    .max(hi.min(max).max(lo))
            }
            (Kolomsoort::Continu { min, max }, _) => variable().min(min).max(max),
        };
        (self.vars.add(def), col)
    }
}

/// Where every option, count and row of a built model lives: to read a koppeling back from
/// column values, to write one as column values (a start), and to price options by row duals.
#[derive(Debug, Default)]
pub(super) struct Kaart {
    /// Per household: its `x_hg` as (gemeente, column).
    pub(super) x: Vec<Vec<(GemeenteIdx, usize)>>,
    /// Per household: its `y_hr` as (region, column).
    pub(super) y: Vec<Vec<(usize, usize)>>,
    /// `z_rng` by (region, size, gemeente).
    pub(super) z: BTreeMap<(usize, u32, GemeenteIdx), usize>,
    /// Per household: `u_h`, if it has options.
    pub(super) u: Vec<Option<usize>>,
    /// Per gemeente: the shortfall column `t_g` and the target left after fixed households.
    pub(super) t: Vec<Option<(usize, f64)>>,
    /// Per household: its row `sum of options + u_h = 1`.
    pub(super) rij_huishouden: Vec<Option<usize>>,
    /// Per (region, size): its row `sum_g z_rng - sum_h y_hr = 0`.
    pub(super) rij_groep: BTreeMap<(usize, u32), usize>,
    /// Per region: its row of the spread bound, if one.
    pub(super) rij_regio: Vec<Option<usize>>,
    /// Per gemeente: its rows of capacity, target and the target's cut, where it has them.
    pub(super) rij_gemeente: Vec<[Option<usize>; 3]>,
}

impl Kaart {
    /// The spread bound's row of region `r` and the coefficient there of an option of fit `a`
    /// (`a - vloer`), if the model has the bound.
    pub(super) fn regio_rij(&self, p: &Probleem, r: usize, a: f64) -> Option<(usize, f64)> {
        Some((self.rij_regio[r]?, a - p.regio_vloer?))
    }
}

/// A column or row of a built model by what it means: the same in every model of one problem
/// and of its variants (the same households, regions and gemeenten), so a basis found in one
/// can start another ([`super::highs::LpBasis`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Betekenis {
    Kolom(Sleutel),
    /// `u_h`: household uncoupled.
    U(usize),
    /// `t_g`: gemeente's shortfall.
    T(GemeenteIdx),
    /// A household's row.
    RijHuishouden(usize),
    /// A (region, size)'s row.
    RijGroep(usize, u32),
    /// A region's row of the spread bound.
    RijRegio(usize),
    /// A gemeente's row: 0 capacity, 1 target, 2 the target's cut.
    RijGemeente(GemeenteIdx, usize),
}

impl Kaart {
    /// What each of the model's `kolommen` columns means.
    pub(super) fn kolom_betekenis(&self, kolommen: usize) -> Vec<Option<Betekenis>> {
        let mut uit = vec![None; kolommen];
        let mut zet = |c: usize, b: Sleutel| uit[c] = Some(Betekenis::Kolom(b));
        for (h, xs) in self.x.iter().enumerate() {
            for &(g, c) in xs {
                zet(c, Sleutel::X(h, g));
            }
        }
        for (h, ys) in self.y.iter().enumerate() {
            for &(r, c) in ys {
                zet(c, Sleutel::Y(h, r));
            }
        }
        for (&(r, n, g), &c) in &self.z {
            zet(c, Sleutel::Z(r, n, g));
        }
        for (h, u) in self.u.iter().enumerate() {
            if let Some(c) = *u {
                uit[c] = Some(Betekenis::U(h));
            }
        }
        for (g, t) in self.t.iter().enumerate() {
            if let Some((c, _)) = *t {
                uit[c] = Some(Betekenis::T(GemeenteIdx::new(g)));
            }
        }
        uit
    }

    /// What each of the model's `rijen` rows means.
    pub(super) fn rij_betekenis(&self, rijen: usize) -> Vec<Option<Betekenis>> {
        let mut uit = vec![None; rijen];
        for (h, r) in self.rij_huishouden.iter().enumerate() {
            if let Some(r) = *r {
                uit[r] = Some(Betekenis::RijHuishouden(h));
            }
        }
        for (&(regio, n), &r) in &self.rij_groep {
            uit[r] = Some(Betekenis::RijGroep(regio, n));
        }
        for (regio, r) in self.rij_regio.iter().enumerate() {
            if let Some(r) = *r {
                uit[r] = Some(Betekenis::RijRegio(regio));
            }
        }
        for (g, rs) in self.rij_gemeente.iter().enumerate() {
            for (k, r) in rs.iter().enumerate() {
                if let Some(r) = *r {
                    uit[r] = Some(Betekenis::RijGemeente(GemeenteIdx::new(g), k));
                }
            }
        }
        uit
    }
}
