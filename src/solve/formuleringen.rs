//! The model layer, second part: the two formulations of the same model ([`Formulering`]),
//! each giving the options of every household as columns ([`Ruwbouw`]), which [`super::mip`]
//! completes with the rows they share.
//!
//! - `volledig`: one binary `x_hg` per allowed pair that can fit, as in the module docs of
//!   [`super`].
//! - `geaggregeerd` (default): within a region a household's fit is the same in every gemeente
//!   except a few where it is higher (its network gemeente). Let `a_hr` be the household's lowest
//!   fit in region `r`. Binary `y_hr` sends the household to "some gemeente of `r`" at fit `a_hr`;
//!   binary `x_hg` only for the gemeenten where the fit is higher; integer `z_rng` counts the
//!   households of size `n` that the `y`'s send to gemeente `g` of `r`:
//!
//!   ```text
//!   sum_r y_hr + sum_g x_hg + u_h = 1
//!   sum_g z_rng = sum_{h: n_h = n} y_hr                 for every region r and size n
//!   sum_n n z_rng + sum_h n_h x_hg <= cap_g - vast_g     (and the target rows likewise)
//!   ```
//!
//!   Exact: every assignment of the full model is a solution of this one with the same value
//!   (a household at a higher-fit gemeente uses `x`, elsewhere `y` and `z`), and every solution
//!   of this one is read back ([`super::mip`]) into an assignment worth at least as much (a
//!   household is never placed below `a_hr`). So both have the same optimum, and this model's
//!   bound is a bound for the full model. It needs region-wide candidate sets; a household whose
//!   allowed gemeenten cover only part of a region keeps plain `x` variables there.
//!
//! [`Formulering`]: super::Formulering

use std::collections::BTreeMap;

use good_lp::{Expression, Variable};

use super::kolommen::{Kaart, Kolommen, Kolomsoort, Sleutel};
use super::probleem::Probleem;
use crate::model::GemeenteIdx;

/// What a formulation hands to the shared part of the model ([`super::mip::Mip::bouw`]).
pub(super) struct Ruwbouw {
    /// Per household, the variables of its options (without `u`).
    pub(super) opties: Vec<Vec<Variable>>,
    /// Persons coupled to each gemeente, as an expression.
    pub(super) instroom: Vec<Expression>,
    /// Upper bound of `instroom`, to leave out capacity rows that cannot bind.
    pub(super) max_instroom: Vec<i64>,
    pub(super) objective: Expression,
    /// Rows of the formulation itself, with their key in [`Kaart::rij_groep`].
    pub(super) extra: Vec<((usize, u32), good_lp::Constraint)>,
    pub(super) kaart: Kaart,
    /// Continuous columns that must be whole in a koppeling (see [`super::mip::Mip`]).
    pub(super) heel_nodig: Vec<usize>,
    /// The spread bound's floor and, per region, `sum (fit - floor) * option` over its options.
    pub(super) vloer: Option<f64>,
    pub(super) per_regio: Vec<Expression>,
    regio_van: Vec<usize>,
}

impl Ruwbouw {
    fn new(p: &Probleem) -> Self {
        let h = p.huishoudens.len();
        Ruwbouw {
            opties: vec![Vec::new(); h],
            instroom: vec![Expression::default(); p.gemeenten.len()],
            max_instroom: vec![0; p.gemeenten.len()],
            objective: Expression::default(),
            extra: Vec::new(),
            kaart: Kaart {
                x: vec![Vec::new(); h],
                y: vec![Vec::new(); h],
                u: vec![None; h],
                t: vec![None; p.gemeenten.len()],
                rij_huishouden: vec![None; h],
                rij_regio: vec![None; p.regios()],
                rij_gemeente: vec![[None; 3]; p.gemeenten.len()],
                ..Kaart::default()
            },
            heel_nodig: Vec::new(),
            vloer: p.regio_vloer,
            per_regio: vec![Expression::default(); p.regios()],
            regio_van: p.gemeenten.iter().map(|g| g.regio.idx()).collect(),
        }
    }

    /// Enters option `v` of fit `s` in region `r` into the spread bound, if there is one.
    fn in_regio(&mut self, r: usize, s: f64, v: Variable) {
        if let Some(vloer) = self.vloer {
            self.per_regio[r].add_mul(s - vloer, v);
        }
    }

    /// Adds binary `x_hg`: household `h` of `n` persons to gemeente `g` at fit `s`.
    fn add_x(&mut self, k: &mut Kolommen<'_>, h: usize, g: GemeenteIdx, s: f64, n: i64) {
        let (v, col) = k.add(Kolomsoort::Geheel {
            max: 1.0,
            sleutel: Sleutel::X(h, g),
        });
        self.objective.add_mul(s, v);
        self.in_regio(self.regio_van[g.idx()], s, v);
        self.instroom[g.idx()].add_mul(n as f64, v);
        self.max_instroom[g.idx()] += n;
        self.opties[h].push(v);
        self.kaart.x[h].push((g, col));
    }
}

/// `x_hg` for every allowed pair that can fit.
pub(super) fn volledig(p: &Probleem, ruimte: &[i64], k: &mut Kolommen<'_>) -> Ruwbouw {
    let mut keuzes = Ruwbouw::new(p);
    for (h, hm) in p.huishoudens.iter().enumerate().filter(|(_, hm)| !hm.vast) {
        let n = i64::from(hm.personen);
        for &(g, s) in hm.kandidaten.iter().filter(|&&(g, _)| n <= ruimte[g.idx()]) {
            keuzes.add_x(k, h, g, s, n);
        }
    }
    keuzes
}

/// The options of the aggregated formulation, before any is priced out.
#[derive(Debug)]
pub(super) struct Aggregaat {
    /// The gemeenten of each region, in gemeente order.
    in_regio: Vec<Vec<GemeenteIdx>>,
    /// Per household: `(region, a_hr)` for each region it may go to as a whole.
    pub(super) y: Vec<Vec<(usize, f64)>>,
    /// Per household: `(gemeente, fit)` where the fit is above `a_hr`, or the region is only
    /// partly allowed.
    x: Vec<Vec<(GemeenteIdx, f64)>>,
    /// Every (region, size) with a `y`, with its number of `y`'s.
    groepen: BTreeMap<(usize, u32), usize>,
}

impl Aggregaat {
    pub(super) fn new(p: &Probleem) -> Self {
        let ruimte = p.ruimte();
        let regios = p.regios();
        let mut in_regio: Vec<Vec<GemeenteIdx>> = vec![Vec::new(); regios];
        for g in p.gemeente_indices() {
            in_regio[p.gemeente(g).regio.idx()].push(g);
        }
        let mut agg = Aggregaat {
            y: vec![Vec::new(); p.huishoudens.len()],
            x: vec![Vec::new(); p.huishoudens.len()],
            groepen: Default::default(),
            in_regio,
        };
        for (h, hm) in p.huishoudens.iter().enumerate().filter(|(_, hm)| !hm.vast) {
            let n = i64::from(hm.personen);
            let mut per_regio: Vec<Vec<(GemeenteIdx, f64)>> = vec![Vec::new(); regios];
            for &(g, s) in &hm.kandidaten {
                per_regio[p.gemeente(g).regio.idx()].push((g, s));
            }
            for (r, kandidaten) in per_regio.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
                let heel = kandidaten.len() == agg.in_regio[r].len();
                let a = kandidaten.iter().map(|c| c.1).fold(f64::INFINITY, f64::min);
                agg.x[h].extend(
                    kandidaten
                        .iter()
                        .filter(|&&(g, s)| n <= ruimte[g.idx()] && (!heel || s > a)),
                );
                if heel && kandidaten.iter().any(|&(g, _)| n <= ruimte[g.idx()]) {
                    agg.y[h].push((r, a));
                    *agg.groepen.entry((r, hm.personen)).or_default() += 1;
                }
            }
        }
        agg
    }

    /// Number of options (`y` and `x`) over all households.
    pub(super) fn opties(&self) -> usize {
        self.y.iter().map(Vec::len).sum::<usize>() + self.x.iter().map(Vec::len).sum::<usize>()
    }
}

/// Which `y` options a model gets: `houd(h, i)` for option `i` of household `h` in
/// [`Aggregaat::y`].
pub(super) type Houd<'a> = &'a dyn Fn(usize, usize) -> bool;

/// `y_hr` (where [`Houd`] says), `z_rng` and `x_hg` (see the module docs).
pub(super) fn geaggregeerd(
    p: &Probleem,
    ruimte: &[i64],
    k: &mut Kolommen<'_>,
    agg: &Aggregaat,
    houd: Houd,
    y_binair: bool,
) -> Ruwbouw {
    let mut keuzes = Ruwbouw::new(p);
    let mut leden: BTreeMap<(usize, u32), Vec<Variable>> = BTreeMap::new();
    for (h, hm) in p.huishoudens.iter().enumerate() {
        let n = i64::from(hm.personen);
        for &(g, s) in &agg.x[h] {
            keuzes.add_x(k, h, g, s, n);
        }
        for (_, &(r, a)) in agg.y[h].iter().enumerate().filter(|&(i, _)| houd(h, i)) {
            let (v, col) = if y_binair {
                k.add(Kolomsoort::Geheel {
                    max: 1.0,
                    sleutel: Sleutel::Y(h, r),
                })
            } else {
                let (v, col) = k.add(Kolomsoort::Continu { min: 0.0, max: 1.0 });
                keuzes.heel_nodig.push(col);
                (v, col)
            };
            keuzes.objective.add_mul(a, v);
            keuzes.in_regio(r, a, v);
            keuzes.opties[h].push(v);
            keuzes.kaart.y[h].push((r, col));
            leden.entry((r, hm.personen)).or_default().push(v);
        }
    }
    // z_rng and the linking rows, for every group of the full model (a group whose y's are
    // all priced out keeps its row, so rows are the same in every restricted model)
    for (&(r, n), &alle) in &agg.groepen {
        let leden = leden.remove(&(r, n)).unwrap_or_default();
        let mut koppel = Expression::default();
        for &g in agg.in_regio[r]
            .iter()
            .filter(|&&g| i64::from(n) <= ruimte[g.idx()])
        {
            // bounded by the full model's group, so that pricing sees the same bounds
            let max = (ruimte[g.idx()] / i64::from(n)).min(alle as i64);
            let (v, col) = k.add(Kolomsoort::Geheel {
                max: max as f64,
                sleutel: Sleutel::Z(r, n, g),
            });
            keuzes.instroom[g.idx()].add_mul(f64::from(n), v);
            keuzes.max_instroom[g.idx()] += max * i64::from(n);
            koppel.add_mul(1.0, v);
            keuzes.kaart.z.insert((r, n, g), col);
        }
        for y in leden {
            koppel.add_mul(-1.0, y);
        }
        keuzes.extra.push(((r, n), koppel.eq(0.0)));
    }
    keuzes
}
