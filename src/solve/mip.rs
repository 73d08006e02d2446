//! Building the MIP in good_lp and solving it with HiGHS; reading back the assignment, the
//! proven bound and the gap; checking the result against [`super::doelwaarde`].
//!
//! Two formulations of the same model ([`Formulering`]):
//!
//! - `volledig`: one binary `x_hg` per allowed pair that can fit, as in the module docs.
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
//!   of this one is read back ([`verdeel`]) into an assignment worth at least as much (a household
//!   is never placed below `a_hr`). So both have the same optimum, and this model's bound is a
//!   bound for the full model. It needs region-wide candidate sets; a household whose allowed
//!   gemeenten cover only part of a region keeps plain `x` variables there.
//!
//! HiGHS runs single-threaded with a fixed seed, so the same input gives the same koppeling.

use std::collections::BTreeMap;

use good_lp::{variable, Expression, ProblemVariables, SolverModel, Variable, VariableDefinition};

use super::{gretig, prijzen, Oplossing, Probleem, Status, Waarde};
use crate::error::SolveError;
use crate::model::GemeenteIdx;

/// Which formulation to solve; both give the same optimum. Named in `rapport.json` in lowercase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Formulering {
    #[default]
    Geaggregeerd,
    Volledig,
}

/// Solver settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Opties {
    /// Wall-clock limit for HiGHS in seconds (HiGHS may overrun it in presolve).
    pub tijdslimiet: f64,
    /// Relative gap at which a solution counts as optimal; `None`: 0 (the exact optimum) for
    /// models solved whole, [`GAP_GROOT`] for those solved by pricing.
    pub gap: Option<f64>,
    pub formulering: Formulering,
    /// Aggregated model: above this many household options it is solved by pricing
    /// ([`prijzen`]); below it, whole, which is faster at that size.
    pub prijzen_vanaf: usize,
    /// Pricing: the best `y` options per household that it starts from.
    pub begin_opties: usize,
}

/// The default gap of models solved by pricing (a national half year): 1e-4 of some 66,000
/// points of fit is under 7 points, less than one household's fit.
pub const GAP_GROOT: f64 = 1e-4;

impl Opties {
    /// The relative gap in force.
    pub(super) fn gap(&self) -> f64 {
        self.gap.unwrap_or(0.0)
    }
}

impl Default for Opties {
    fn default() -> Self {
        Opties {
            tijdslimiet: 120.0,
            gap: None,
            formulering: Formulering::default(),
            prijzen_vanaf: 50_000,
            begin_opties: 12,
        }
    }
}

/// The relative gap a run works to: `--gap` if given, else 0 for models solved whole and
/// [`GAP_GROOT`] for those solved by pricing.
pub fn gap_in_kracht(gap: Option<f64>, door_prijzen: bool) -> f64 {
    gap.unwrap_or(if door_prijzen { GAP_GROOT } else { 0.0 })
}

/// Absolute gap tolerance: scores have 4 decimals, so this is far below any real difference.
pub(super) const ABS_GAP: f64 = 1e-6;

/// The kind of a column.
#[derive(Debug, Clone, Copy)]
enum Soort {
    /// An integer in `0..=max`: `x_hg` or `z_rng`.
    Geheel { max: f64, sleutel: Sleutel },
    /// A real number in `min..=max`.
    Continu { min: f64, max: f64 },
}

/// An integer column by what it means, the same in every model of one problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Sleutel {
    /// `x_hg`: household, gemeente.
    X(usize, GemeenteIdx),
    /// `y_hr` when whole: household, region.
    Y(usize, usize),
    /// `z_rng`: region, size, gemeente.
    Z(usize, u32, GemeenteIdx),
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
struct Kolommen<'a> {
    vars: ProblemVariables,
    n: usize,
    /// Integer columns among them.
    gehele: usize,
    geheel: Geheel<'a>,
}

impl Kolommen<'_> {
    fn add(&mut self, soort: Soort) -> (Variable, usize) {
        let col = self.n;
        self.n += 1;
        let def: VariableDefinition = match (soort, &self.geheel) {
            (Soort::Geheel { .. }, Geheel::Vast(vast)) => {
                let v = vast[col].round();
                variable().min(v).max(v)
            }
            (Soort::Geheel { max, .. }, Geheel::Relaxatie) => variable().min(0.0).max(max),
            (Soort::Geheel { max, .. }, Geheel::Ja) => {
                self.gehele += 1;
                variable().integer().min(0.0).max(max)
            }
            (Soort::Geheel { max, sleutel }, Geheel::Buurt(buurt)) => {
                self.gehele += 1;
                let (lo, hi) = buurt.get(&sleutel).copied().unwrap_or((0.0, max));
                variable()
                    .integer()
                    .min(lo.max(0.0))
                    .max(hi.min(max).max(lo))
            }
            (Soort::Continu { min, max }, _) => variable().min(min).max(max),
        };
        (self.vars.add(def), col)
    }
}

/// Where every option, count and row of a built model lives: to read a koppeling back from
/// column values, to write one as column values (a start), and to price options by row duals.
#[derive(Debug, Default)]
pub(super) struct Kaart {
    /// Per household: its `x_hg` as (gemeente, column).
    x: Vec<Vec<(GemeenteIdx, usize)>>,
    /// Per household: its `y_hr` as (region, column).
    pub y: Vec<Vec<(usize, usize)>>,
    /// `z_rng` by (region, size, gemeente).
    z: BTreeMap<(usize, u32, GemeenteIdx), usize>,
    /// Per household: `u_h`, if it has options.
    u: Vec<Option<usize>>,
    /// Per gemeente: the shortfall column `t_g` and the target left after fixed households.
    t: Vec<Option<(usize, f64)>>,
    /// Per household: its row `sum of options + u_h = 1`.
    pub rij_huishouden: Vec<Option<usize>>,
    /// Per (region, size): its row `sum_g z_rng - sum_h y_hr = 0`.
    pub rij_groep: BTreeMap<(usize, u32), usize>,
    /// Per region: its row of the spread bound, if one.
    pub rij_regio: Vec<Option<usize>>,
    /// Per gemeente: its rows of capacity, target and the target's cut, where it has them.
    pub rij_gemeente: Vec<[Option<usize>; 3]>,
}

impl Kaart {
    /// The spread bound's row of region `r` and the coefficient there of an option of fit `a`
    /// (`a - vloer`), if the model has the bound.
    pub(super) fn regio_rij(&self, p: &Probleem, r: usize, a: f64) -> Option<(usize, f64)> {
        Some((self.rij_regio[r]?, a - p.regio_vloer?))
    }
}

/// What a formulation hands to the shared part of the model.
struct Keuzes {
    /// Per household, the variables of its options (without `u`).
    opties: Vec<Vec<Variable>>,
    /// Persons coupled to each gemeente, as an expression.
    instroom: Vec<Expression>,
    /// Upper bound of `instroom`, to leave out capacity rows that cannot bind.
    max_instroom: Vec<i64>,
    objective: Expression,
    /// Rows of the formulation itself, with their key in [`Kaart::rij_groep`].
    extra: Vec<((usize, u32), good_lp::Constraint)>,
    kaart: Kaart,
    /// Continuous columns that must be whole in a koppeling (see [`Model::heel_nodig`]).
    heel_nodig: Vec<usize>,
    /// The spread bound's floor and, per region, `sum (fit - floor) * option` over its options.
    vloer: Option<f64>,
    per_regio: Vec<Expression>,
    regio_van: Vec<usize>,
}

impl Keuzes {
    fn new(p: &Probleem) -> Self {
        let h = p.huishoudens.len();
        Keuzes {
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
            regio_van: p.gemeenten.iter().map(|g| g.regio).collect(),
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
        let (v, col) = k.add(Soort::Geheel {
            max: 1.0,
            sleutel: Sleutel::X(h, g),
        });
        self.objective.add_mul(s, v);
        self.in_regio(self.regio_van[g], s, v);
        self.instroom[g].add_mul(n as f64, v);
        self.max_instroom[g] += n;
        self.opties[h].push(v);
        self.kaart.x[h].push((g, col));
    }
}

/// Room per gemeente for the free households: capacity minus fixed persons.
fn ruimte(p: &Probleem) -> Vec<i64> {
    p.gemeenten
        .iter()
        .zip(p.vaste_personen())
        .map(|(g, v)| g.cap - v)
        .collect()
}

/// `x_hg` for every allowed pair that can fit.
fn volledig(p: &Probleem, ruimte: &[i64], k: &mut Kolommen<'_>) -> Keuzes {
    let mut keuzes = Keuzes::new(p);
    for (h, hm) in p.huishoudens.iter().enumerate().filter(|(_, hm)| !hm.vast) {
        let n = i64::from(hm.personen);
        for &(g, s) in hm.kandidaten.iter().filter(|&&(g, _)| n <= ruimte[g]) {
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
    pub y: Vec<Vec<(usize, f64)>>,
    /// Per household: `(gemeente, fit)` where the fit is above `a_hr`, or the region is only
    /// partly allowed.
    x: Vec<Vec<(GemeenteIdx, f64)>>,
    /// Every (region, size) with a `y`, with its number of `y`'s.
    groepen: BTreeMap<(usize, u32), usize>,
}

impl Aggregaat {
    pub(super) fn new(p: &Probleem) -> Self {
        let ruimte = ruimte(p);
        let regios = p.gemeenten.iter().map(|g| g.regio + 1).max().unwrap_or(0);
        let mut in_regio: Vec<Vec<GemeenteIdx>> = vec![Vec::new(); regios];
        for (g, gm) in p.gemeenten.iter().enumerate() {
            in_regio[gm.regio].push(g);
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
                per_regio[p.gemeenten[g].regio].push((g, s));
            }
            for (r, kandidaten) in per_regio.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
                let heel = kandidaten.len() == agg.in_regio[r].len();
                let a = kandidaten.iter().map(|c| c.1).fold(f64::INFINITY, f64::min);
                agg.x[h].extend(
                    kandidaten
                        .iter()
                        .filter(|&&(g, s)| n <= ruimte[g] && (!heel || s > a)),
                );
                if heel && kandidaten.iter().any(|&(g, _)| n <= ruimte[g]) {
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
fn geaggregeerd(
    p: &Probleem,
    ruimte: &[i64],
    k: &mut Kolommen<'_>,
    agg: &Aggregaat,
    houd: Houd,
    y_binair: bool,
) -> Keuzes {
    let mut keuzes = Keuzes::new(p);
    let mut leden: BTreeMap<(usize, u32), Vec<Variable>> = BTreeMap::new();
    for (h, hm) in p.huishoudens.iter().enumerate() {
        let n = i64::from(hm.personen);
        for &(g, s) in &agg.x[h] {
            keuzes.add_x(k, h, g, s, n);
        }
        for (_, &(r, a)) in agg.y[h].iter().enumerate().filter(|&(i, _)| houd(h, i)) {
            let (v, col) = if y_binair {
                k.add(Soort::Geheel {
                    max: 1.0,
                    sleutel: Sleutel::Y(h, r),
                })
            } else {
                let (v, col) = k.add(Soort::Continu { min: 0.0, max: 1.0 });
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
            .filter(|&&g| i64::from(n) <= ruimte[g])
        {
            // bounded by the full model's group, so that pricing sees the same bounds
            let max = (ruimte[g] / i64::from(n)).min(alle as i64);
            let (v, col) = k.add(Soort::Geheel {
                max: max as f64,
                sleutel: Sleutel::Z(r, n, g),
            });
            keuzes.instroom[g].add_mul(f64::from(n), v);
            keuzes.max_instroom[g] += max * i64::from(n);
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

/// Hands the households sent to a region (in input order) to its gemeenten by the counts `z`,
/// in gemeente order.
fn verdeel(huishoudens: &[usize], aantallen: &[(GemeenteIdx, usize)]) -> Vec<(usize, GemeenteIdx)> {
    let plekken = aantallen
        .iter()
        .flat_map(|&(g, n)| std::iter::repeat_n(g, n));
    huishoudens.iter().copied().zip(plekken).collect()
}

/// A built model: its columns, objective and rows, what to add to its objective, and where
/// everything lives.
pub(super) struct Model {
    /// What HiGHS gets; taken when solved.
    lp: Option<Lp>,
    kolommen: usize,
    /// Integer columns: without them HiGHS solves an LP and has no MIP bound.
    gehele: usize,
    /// A neighbourhood: its MIP is there to find a koppeling, not to prove a bound, so HiGHS
    /// spends more of its effort on heuristics.
    buurt: bool,
    /// Stop at the first koppeling worth this much (constant included): good enough to close
    /// the gap, so the rest of a neighbourhood's search is not needed.
    doel: Option<f64>,
    rijen: usize,
    pub constante: f64,
    pub kaart: Kaart,
    /// Columns that the formulation keeps continuous although a koppeling needs them whole
    /// (the aggregated `y`); a solution with one of them fractional is re-solved with its
    /// integer columns fixed.
    heel_nodig: Vec<usize>,
}

/// The part of a model that HiGHS consumes.
struct Lp {
    vars: ProblemVariables,
    objective: Expression,
    constraints: Vec<good_lp::Constraint>,
}

/// Which formulation to build, with the `y` options to keep in the aggregated one.
#[derive(Clone, Copy)]
pub(super) enum Bouw<'a> {
    Volledig,
    /// With the `y` options that [`Houd`] keeps; `y` binary (`true`) or continuous.
    Geaggregeerd(&'a Aggregaat, Houd<'a>, bool),
}

impl Model {
    /// Builds the model of `p`.
    pub(super) fn bouw(p: &Probleem, bouw: Bouw, geheel: Geheel<'_>) -> Model {
        let buurt = matches!(geheel, Geheel::Buurt(_));
        let ruimte = ruimte(p);
        let vast = p.vaste_personen();
        let mut k = Kolommen {
            vars: ProblemVariables::new(),
            n: 0,
            gehele: 0,
            geheel,
        };
        let mut keuzes = match bouw {
            Bouw::Volledig => volledig(p, &ruimte, &mut k),
            Bouw::Geaggregeerd(agg, houd, y_binair) => {
                geaggregeerd(p, &ruimte, &mut k, agg, houd, y_binair)
            }
        };
        let mut kaart = std::mem::take(&mut keuzes.kaart);

        // Constants: fixed households' fit, households that can go nowhere, fixed shortfalls.
        let mut constante = 0.0;
        let mut constraints = Vec::new();
        for (key, c) in std::mem::take(&mut keuzes.extra) {
            kaart.rij_groep.insert(key, constraints.len());
            constraints.push(c);
        }
        for (h, (hm, opts)) in p.huishoudens.iter().zip(&keuzes.opties).enumerate() {
            if hm.vast {
                constante += hm.kandidaten[0].1;
            } else if opts.is_empty() {
                constante -= p.ongekoppeld_boete;
            } else {
                // every household once: sum of its options + u_h = 1
                let (u, col) = k.add(Soort::Continu { min: 0.0, max: 1.0 });
                kaart.u[h] = Some(col);
                keuzes.objective.add_mul(-p.ongekoppeld_boete, u);
                let mut e: Expression = opts.iter().copied().map(Expression::from).sum();
                e.add_mul(1.0, u);
                kaart.rij_huishouden[h] = Some(constraints.len());
                constraints.push(e.eq(1.0));
            }
        }
        for (g, gm) in p.gemeenten.iter().enumerate() {
            // capacity, where the options could exceed it
            if keuzes.max_instroom[g] > ruimte[g] {
                kaart.rij_gemeente[g][0] = Some(constraints.len());
                constraints.push(keuzes.instroom[g].clone().leq(ruimte[g] as f64));
            }
            // shortfall against the target, where one is possible
            let tekort = gm.doel - vast[g] as f64;
            if tekort > 0.0 {
                // t_g <= tekort holds at every whole load, so the bound cuts nothing off
                let (t, col) = k.add(Soort::Continu {
                    min: 0.0,
                    max: tekort,
                });
                kaart.t[g] = Some((col, tekort));
                keuzes.objective.add_mul(-p.tekort_boete, t);
                kaart.rij_gemeente[g][1] = Some(constraints.len());
                constraints.push((keuzes.instroom[g].clone() + t).geq(tekort));
                // The persons coupled are whole, so below ceil(tekort) the shortfall is at
                // least f * (ceil(tekort) - instroom), f the fractional part: the convex hull
                // of max(0, tekort - l) over integer l.
                let f = tekort - tekort.floor();
                if f > 1e-9 {
                    kaart.rij_gemeente[g][2] = Some(constraints.len());
                    constraints.push((keuzes.instroom[g].clone() * f + t).geq(f * tekort.ceil()));
                }
            }
        }
        // the spread bound: one row per region (rows the same in every restricted model, so
        // priced-in options find theirs)
        if keuzes.vloer.is_some() {
            for (r, e) in std::mem::take(&mut keuzes.per_regio)
                .into_iter()
                .enumerate()
            {
                kaart.rij_regio[r] = Some(constraints.len());
                constraints.push(e.geq(0.0));
            }
        }
        Model {
            kolommen: k.n,
            gehele: k.gehele,
            buurt,
            doel: None,
            rijen: constraints.len(),
            lp: Some(Lp {
                vars: k.vars,
                objective: keuzes.objective,
                constraints,
            }),
            constante,
            kaart,
            heel_nodig: keuzes.heel_nodig,
        }
    }

    pub(super) fn kolommen(&self) -> usize {
        self.kolommen
    }

    pub(super) fn rijen(&self) -> usize {
        self.rijen
    }

    /// The values of the integer columns in `kolom`, by what they mean.
    pub(super) fn waarden(&self, kolom: &[f64]) -> Waarden {
        let x = self
            .kaart
            .x
            .iter()
            .enumerate()
            .flat_map(|(h, xs)| xs.iter().map(move |&(g, c)| (Sleutel::X(h, g), kolom[c])));
        let z = self
            .kaart
            .z
            .iter()
            .map(|(&(r, n, g), &c)| (Sleutel::Z(r, n, g), kolom[c]));
        x.chain(z).collect()
    }

    /// The free households' gemeenten from column values (`None` for the fixed ones).
    fn lees(&self, p: &Probleem, kolom: &[f64]) -> Vec<Option<GemeenteIdx>> {
        let kaart = &self.kaart;
        let mut uit: Vec<Option<GemeenteIdx>> = kaart
            .x
            .iter()
            .map(|xs| xs.iter().find(|&&(_, c)| kolom[c] > 0.5).map(|&(g, _)| g))
            .collect();
        let mut groepen: BTreeMap<(usize, u32), Vec<usize>> = BTreeMap::new();
        for (h, ys) in kaart.y.iter().enumerate() {
            for &(r, _) in ys.iter().filter(|&&(_, c)| kolom[c] > 0.5) {
                groepen
                    .entry((r, p.huishoudens[h].personen))
                    .or_default()
                    .push(h);
            }
        }
        let mut plekken: BTreeMap<(usize, u32), Vec<(GemeenteIdx, usize)>> = BTreeMap::new();
        for (&(r, n, g), &c) in &kaart.z {
            plekken
                .entry((r, n))
                .or_default()
                .push((g, kolom[c].round().max(0.0) as usize));
        }
        for (key, hs) in groepen {
            for (h, g) in verdeel(&hs, plekken.get(&key).map_or(&[][..], |v| v)) {
                uit[h] = Some(g);
            }
        }
        uit
    }

    /// How household `h` reaches gemeente `g` in this model: its `x_hg` column, or its `y`
    /// column of the region (with the count `z` that takes it in); `None` if neither exists.
    fn plaats(&self, p: &Probleem, h: usize, g: GemeenteIdx) -> Option<Plaats> {
        let kaart = &self.kaart;
        if let Some(&(_, c)) = kaart.x[h].iter().find(|&&(x, _)| x == g) {
            return Some(Plaats::X(c));
        }
        let r = p.gemeenten[g].regio;
        let z = *kaart.z.get(&(r, p.huishoudens[h].personen, g))?;
        let y = kaart.y[h].iter().find(|&&(y, _)| y == r).map(|&(_, c)| c);
        Some(Plaats::Y {
            y,
            z,
            sleutel: Sleutel::Z(r, p.huishoudens[h].personen, g),
        })
    }

    /// Column values of a koppeling, as a start for HiGHS; `None` if the koppeling uses an
    /// option this model does not have.
    pub(super) fn start(
        &self,
        p: &Probleem,
        toewijzing: &[Option<GemeenteIdx>],
    ) -> Option<Vec<f64>> {
        let kaart = &self.kaart;
        let mut v = vec![0.0; self.kolommen];
        let mut last = vec![0i64; p.gemeenten.len()];
        for (h, (hm, &g)) in p.huishoudens.iter().zip(toewijzing).enumerate() {
            if hm.vast {
                continue;
            }
            let Some(g) = g else {
                if let Some(u) = kaart.u[h] {
                    v[u] = 1.0;
                }
                continue;
            };
            match self.plaats(p, h, g)? {
                Plaats::X(c) => v[c] = 1.0,
                Plaats::Y { y, z, .. } => {
                    v[y?] = 1.0;
                    v[z] += 1.0;
                }
            }
            last[g] += i64::from(hm.personen);
        }
        for (&t, l) in kaart.t.iter().zip(last) {
            if let Some((c, tekort)) = t {
                v[c] = (tekort - l as f64).max(0.0);
            }
        }
        Some(v)
    }

    /// The integer columns' values of a koppeling, by what they mean (whatever `y` options
    /// this model has); `None` if it uses an option this model cannot express.
    pub(super) fn waarden_van(
        &self,
        p: &Probleem,
        toewijzing: &[Option<GemeenteIdx>],
    ) -> Option<Waarden> {
        let mut w = Waarden::new();
        for (h, g) in toewijzing
            .iter()
            .enumerate()
            .filter(|(h, _)| !p.huishoudens[*h].vast)
        {
            let Some(g) = *g else { continue };
            match self.plaats(p, h, g)? {
                Plaats::X(_) => {
                    w.insert(Sleutel::X(h, g), 1.0);
                }
                Plaats::Y { sleutel, .. } => *w.entry(sleutel).or_default() += 1.0,
            }
        }
        Some(w)
    }
}

/// How a household reaches a gemeente in a model (see [`Model::plaats`]).
enum Plaats {
    X(usize),
    Y {
        y: Option<usize>,
        z: usize,
        sleutel: Sleutel,
    },
}

/// What one HiGHS run gives back.
pub(super) struct HighsUitkomst {
    /// Column values, if HiGHS has a solution.
    pub kolom: Option<Vec<f64>>,
    /// Row duals (LP only).
    pub rij_dual: Vec<f64>,
    /// Reduced costs (LP only).
    pub kolom_dual: Vec<f64>,
    pub status: Status,
    /// Objective without the model's constant, if HiGHS has a solution.
    pub waarde: Option<f64>,
    /// Dual bound without the model's constant.
    pub grens: Option<f64>,
}

/// A koppeling with its value, checked by [`doelwaarde`].
pub(super) type Gekozen = (Vec<Option<GemeenteIdx>>, Waarde);

/// What a solve of a MIP gives back: the koppeling (if any), status and the MIP's bound with
/// the constant.
pub(super) struct MipUitkomst {
    pub keuze: Option<Gekozen>,
    pub status: Status,
    pub grens: Option<f64>,
    pub variabelen: usize,
    pub restricties: usize,
}

/// Solves the MIP that `bouw` builds, from `start` if the model can express it, within
/// `tijd` seconds; re-solves the continuous `y` whole if HiGHS left one fractional; reads the
/// koppeling back and checks it.
pub(super) fn los_mip(
    p: &Probleem,
    opties: &Opties,
    bouw: Bouw,
    geheel: Geheel<'_>,
    start: Option<&[Option<GemeenteIdx>]>,
    doel: Option<f64>,
    tijd: f64,
) -> Result<MipUitkomst, SolveError> {
    let t0 = std::time::Instant::now();
    let mut model = Model::bouw(p, bouw, geheel);
    model.doel = doel;
    let (variabelen, restricties) = (model.kolommen(), model.rijen());
    if variabelen == 0 {
        let toewijzing = met_vaste(p, vec![None; p.huishoudens.len()]);
        let waarde = controleer(p, &toewijzing, None)?;
        return Ok(MipUitkomst {
            keuze: Some((toewijzing, waarde)),
            status: Status::Optimaal,
            grens: Some(waarde.doelwaarde),
            variabelen,
            restricties,
        });
    }
    let begin = start.and_then(|s| model.start(p, s));
    let uit = run_highs(&mut model, true, opties, begin, tijd)?;
    let kolom = match uit.kolom {
        Some(kolom) if model.heel_nodig.iter().any(|&c| !is_heel(kolom[c])) => {
            let rest = (tijd - t0.elapsed().as_secs_f64()).max(1.0);
            Some(herlos_continu(p, opties, bouw, kolom, rest)?)
        }
        other => other,
    };
    let keuze = match kolom {
        Some(kolom) => {
            let toewijzing = met_vaste(p, model.lees(p, &kolom));
            let waarde = controleer(p, &toewijzing, uit.waarde.map(|w| w + model.constante))?;
            Some((toewijzing, waarde))
        }
        None => None,
    };
    Ok(MipUitkomst {
        keuze,
        status: uit.status,
        grens: uit.grens.map(|b| b + model.constante),
        variabelen,
        restricties,
    })
}

/// Puts the fixed households at their gemeente.
fn met_vaste(p: &Probleem, vrij: Vec<Option<GemeenteIdx>>) -> Vec<Option<GemeenteIdx>> {
    vrij.into_iter()
        .zip(&p.huishoudens)
        .map(|(g, hm)| if hm.vast { Some(hm.kandidaten[0].0) } else { g })
        .collect()
}

/// Evaluates a koppeling read back from the solver; it must break no rule and be worth at
/// least what the solver said.
fn controleer(
    p: &Probleem,
    toewijzing: &[Option<GemeenteIdx>],
    model_waarde: Option<f64>,
) -> Result<Waarde, SolveError> {
    let waarde = super::doelwaarde_binnen_vloer(p, toewijzing)
        .map_err(|e| SolveError::Solver(format!("the solver's answer breaks a rule: {e}")))?;
    if let Some(m) = model_waarde {
        if waarde.doelwaarde < m - 1e-6 * m.abs().max(1.0) {
            return Err(SolveError::Solver(format!(
                "read-back objective {} is below the solver's {m}",
                waarde.doelwaarde
            )));
        }
    }
    Ok(waarde)
}

/// Solves `p` to proven optimality (or the time limit) and checks the result.
pub fn los_op(p: &Probleem, opties: &Opties) -> Result<Oplossing, SolveError> {
    los_op_vanaf(p, opties, None)
}

/// [`los_op`] from a known koppeling `start` as well as the greedy one: the better of the two
/// is HiGHS's start and the floor under its answer. A `start` that breaks a rule of `p` is
/// ignored. The optimum does not depend on it; a good start only makes it quicker to find and
/// prove, which matters when `p` differs little from a problem already solved (`kansrijk
/// explain` fixing one household).
pub fn los_op_vanaf(
    p: &Probleem,
    opties: &Opties,
    start: Option<&[Option<GemeenteIdx>]>,
) -> Result<Oplossing, SolveError> {
    let t0 = std::time::Instant::now();
    let agg = match opties.formulering {
        Formulering::Geaggregeerd => Some(Aggregaat::new(p)),
        Formulering::Volledig => None,
    };
    let prijzen = agg
        .as_ref()
        .is_some_and(|a| a.opties() > opties.prijzen_vanaf);
    let opties = &Opties {
        gap: Some(gap_in_kracht(opties.gap, prijzen)),
        ..opties.clone()
    };
    // The greedy koppeling, or the given start if better: the start for HiGHS and the floor
    // under its answer, made to keep the spread bound if there is one.
    let gretig = {
        let toewijzing = gretig::binnen_vloer(p, gretig::gretig(p));
        let waarde = super::doelwaarde_binnen_vloer(p, &toewijzing)
            .map_err(|e| SolveError::Solver(format!("the greedy koppeling breaks a rule: {e}")))?;
        (toewijzing, waarde)
    };
    let gegeven = start.and_then(|s| {
        super::doelwaarde_binnen_vloer(p, s)
            .ok()
            .map(|w| (s.to_vec(), w))
    });
    let (gretig, gretig_naam) = match gegeven {
        Some(g) if g.1.doelwaarde > gretig.1.doelwaarde => (g, "start"),
        _ => (gretig, "gretig"),
    };
    let tijd = opties.tijdslimiet;
    let (mip, bewijs) = match &agg {
        None => (
            los_mip(
                p,
                opties,
                Bouw::Volledig,
                Geheel::Ja,
                Some(&gretig.0),
                None,
                tijd,
            )?,
            None,
        ),
        Some(agg) if !prijzen => {
            let bouw = Bouw::Geaggregeerd(agg, &|_, _| true, true);
            (
                los_mip(p, opties, bouw, Geheel::Ja, Some(&gretig.0), None, tijd)?,
                None,
            )
        }
        Some(agg) => {
            let (mip, bewijs) = prijzen::los_op(p, opties, agg, &gretig, t0)?;
            (mip, Some(bewijs))
        }
    };
    let status = mip.status;
    let grens = mip.grens;
    let ((toewijzing, waarde), koppeling) = match mip.keuze {
        Some(m) if m.1.doelwaarde >= gretig.1.doelwaarde => (m, "highs"),
        _ => (gretig, gretig_naam),
    };
    let mut grens_bron = if grens.is_some() { "highs" } else { "triviaal" };
    // Without a bound from HiGHS (stopped before its first LP), the trivial one.
    let mut grens = grens.unwrap_or(f64::INFINITY).min(gretig::grens(p));
    // the certificate's bound holds for the full model too, and may be tighter
    if let Some(c) = bewijs.as_ref().and_then(|b| b.certificaat.as_ref()) {
        if c.grens < grens {
            grens = c.grens;
            grens_bron = "certificaat";
        }
    }
    let grens = grens.max(waarde.doelwaarde);
    // rounding noise below HiGHS's tolerances is no gap
    let verschil = grens - waarde.doelwaarde;
    let gap = if verschil <= 1e-9 {
        0.0
    } else {
        verschil / waarde.doelwaarde.abs().max(1.0)
    };
    // optimal when the bound is within the allowed gap (HiGHS's own absolute tolerance at least,
    // with room for rounding)
    let toegestaan = (opties.gap() * waarde.doelwaarde.abs().max(1.0)).max(ABS_GAP) + 1e-9;
    let status = if grens - waarde.doelwaarde <= toegestaan {
        Status::Optimaal
    } else if status == Status::Optimaal {
        Status::Tijdslimiet
    } else {
        status
    };
    Ok(Oplossing {
        toewijzing,
        status,
        doelwaarde: waarde.doelwaarde,
        grens,
        gap,
        totale_score: waarde.totale_score,
        tekort_personen: waarde.tekort_personen,
        ongekoppeld: waarde.ongekoppeld,
        variabelen: mip.variabelen,
        restricties: mip.restricties,
        herkomst: super::Herkomst {
            koppeling,
            grens: grens_bron,
        },
        bewijs,
    })
}

/// Whether a column value is whole within HiGHS's tolerance.
pub(super) fn is_heel(v: f64) -> bool {
    (v - v.round()).abs() <= 1e-6
}

/// Re-solves with every integer column fixed at its value in `kolom`, as an LP. In the
/// aggregated model that LP is a transportation problem per household size (households to the
/// counts `z` per region), whose vertices are whole, so HiGHS's simplex answer has every `y` at
/// 0 or 1 and is worth at least as much as `kolom`.
fn herlos_continu(
    p: &Probleem,
    opties: &Opties,
    bouw: Bouw,
    kolom: Vec<f64>,
    tijd: f64,
) -> Result<Vec<f64>, SolveError> {
    let mut model = Model::bouw(p, bouw, Geheel::Vast(kolom));
    let uit = run_highs(&mut model, false, opties, None, tijd)?;
    let kolom = uit.kolom.ok_or_else(|| {
        SolveError::Solver("the transportation LP of the koppeling has no solution".into())
    })?;
    if let Some(&c) = model.heel_nodig.iter().find(|&&c| !is_heel(kolom[c])) {
        return Err(SolveError::Solver(format!(
            "column {c} is fractional ({}) in the transportation LP",
            kolom[c]
        )));
    }
    Ok(kolom)
}

/// Runs HiGHS on `model` (once: good_lp hands its variables over), from `start` if given,
/// within `tijd` seconds; `mip` sets the gap options.
pub(super) fn run_highs(
    model: &mut Model,
    mip: bool,
    opties: &Opties,
    start: Option<Vec<f64>>,
    tijd: f64,
) -> Result<HighsUitkomst, SolveError> {
    let highs = highs_model(model, mip, opties, start, tijd)?;
    let solved = highs.try_solve().map_err(|e| fout(format!("{e:?}")))?;
    if model.buurt && solved.status() == highs::HighsModelStatus::Infeasible {
        // a neighbourhood can hold no koppeling at all (its columns fixed where the spread
        // bound cannot be met): nothing found there, no bound
        return Ok(HighsUitkomst {
            kolom: None,
            rij_dual: Vec::new(),
            kolom_dual: Vec::new(),
            status: Status::Tijdslimiet,
            waarde: None,
            grens: None,
        });
    }
    lees_uitkomst(&solved, mip && model.gehele > 0)
}

fn fout(e: String) -> SolveError {
    SolveError::Solver(e)
}

/// The HiGHS model of `model` with kansrijk's settings (see [`run_highs`]).
fn highs_model(
    model: &mut Model,
    mip: bool,
    opties: &Opties,
    start: Option<Vec<f64>>,
    tijd: f64,
) -> Result<highs::Model, SolveError> {
    let lp = model.lp.take().expect("a model is solved once");
    let mut highs = lp
        .vars
        .maximise(lp.objective)
        .using(good_lp::highs)
        .with_all(lp.constraints)
        .try_into_inner()
        .map_err(|e| fout(e.to_string()))?;
    highs.make_quiet();
    if std::env::var_os("KANSRIJK_HIGHS_LOG").is_some() {
        highs.set_option("output_flag", true);
        highs.set_option("log_to_console", true);
    }
    let mut reals = vec![("time_limit", tijd.max(0.01))];
    if mip {
        reals.extend([("mip_rel_gap", opties.gap()), ("mip_abs_gap", ABS_GAP)]);
    }
    if model.buurt {
        // a neighbourhood is there to find koppelingen: ten times HiGHS's default effort on
        // heuristics (measured: half year seed 2 in 23 s instead of 73 s)
        reals.push(("mip_heuristic_effort", 0.5));
    }

    for (key, val) in reals {
        highs
            .try_set_option(key, val)
            .map_err(|e| fout(format!("option {key}: {e:?}")))?;
    }
    let mut ints = vec![("threads", 1), ("random_seed", 0)];
    if model.buurt {
        // its bound is not needed: no time for cuts, straight to HiGHS's sub-MIP heuristics
        ints.push(("mip_pool_soft_limit", 1));
    }
    for (key, val) in ints {
        highs
            .try_set_option(key, val)
            .map_err(|e| fout(format!("option {key}: {e:?}")))?;
    }
    if model.buurt {
        // its `y` options were already chosen by reduced cost: HiGHS's root heuristic that
        // fixes by reduced cost repeats that (measured over half years seeds 1-3 and stress:
        // 118.6 s in all with it, 102.3 s without)
        highs
            .try_set_option("mip_heuristic_run_root_reduced_cost", false)
            .map_err(|e| fout(format!("option mip_heuristic_run_root_reduced_cost: {e:?}")))?;
    }
    if let Some(doel) = model.doel {
        // stop at the first koppeling worth `doel` (HiGHS's objective has no constant)
        highs
            .try_set_option("objective_target", doel - model.constante)
            .map_err(|e| fout(format!("option objective_target: {e:?}")))?;
    }
    if let Some(start) = start {
        highs
            .try_set_solution(Some(&start), None, None, None)
            .map_err(|e| fout(format!("start: {e:?}")))?;
    }
    Ok(highs)
}

/// Reads a solved HiGHS model; `mip_grens`: it had integer columns, so a MIP bound.
fn lees_uitkomst(
    solved: &highs::SolvedModel,
    mip_grens: bool,
) -> Result<HighsUitkomst, SolveError> {
    use highs::HighsModelStatus as S;
    let status = match solved.status() {
        S::Optimal => Status::Optimaal,
        S::ReachedTimeLimit
        | S::ObjectiveTarget
        | S::ReachedIterationLimit
        | S::ReachedSolutionLimit
        | S::ReachedInterrupt => Status::Tijdslimiet,
        other => return Err(fout(format!("HiGHS ended with status {other:?}"))),
    };
    let gevonden = solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible;
    let waarde = solved.objective_value();
    let grens = if mip_grens {
        solved
            .double_info_value(c"mip_dual_bound")
            .ok()
            .filter(|b| b.is_finite())
    } else {
        None
    };
    let grens = grens.or_else(|| (status == Status::Optimaal && gevonden).then_some(waarde));
    let oplossing = solved.get_solution();
    Ok(HighsUitkomst {
        kolom: gevonden.then(|| oplossing.columns().to_vec()),
        rij_dual: if mip_grens {
            Vec::new()
        } else {
            oplossing.dual_rows().to_vec()
        },
        kolom_dual: if mip_grens {
            Vec::new()
        } else {
            oplossing.dual_columns().to_vec()
        },
        status,
        waarde: gevonden.then_some(waarde),
        grens,
    })
}

/// The LP relaxation of the aggregated model kept in HiGHS between pricing rounds: priced-in
/// `y` columns are added to the solved model, so each round starts from the last basis.
pub(super) struct WarmLp {
    pub model: Model,
    highs: Option<highs::Model>,
    /// Handles of the model's rows, by index.
    rijen: Vec<highs::Row>,
}

impl WarmLp {
    pub(super) fn new(
        p: &Probleem,
        agg: &Aggregaat,
        houd: Houd,
        opties: &Opties,
    ) -> Result<Self, SolveError> {
        let mut model = Model::bouw(p, Bouw::Geaggregeerd(agg, houd, false), Geheel::Relaxatie);
        let highs = highs_model(&mut model, false, opties, None, opties.tijdslimiet)?;
        // Row handles are row indices; a scratch problem hands them out in order.
        let mut kladblok = highs::ColProblem::default();
        let rijen = (0..model.rijen)
            .map(|_| kladblok.add_row::<f64, _>(..))
            .collect();
        Ok(WarmLp {
            model,
            highs: Some(highs),
            rijen,
        })
    }

    /// Solves the LP within `tijd` seconds, from the last basis.
    pub(super) fn los(&mut self, tijd: f64) -> Result<HighsUitkomst, SolveError> {
        let mut highs = self
            .highs
            .take()
            .expect("the model is back after every solve");
        highs
            .try_set_option("time_limit", tijd.max(0.01))
            .map_err(|e| fout(format!("option time_limit: {e:?}")))?;
        let solved = highs.try_solve().map_err(|e| fout(format!("{e:?}")))?;
        let uit = lees_uitkomst(&solved, false);
        self.highs = Some(solved.into());
        uit
    }

    /// Adds option `i` of household `h` (its `y` in region `r` at fit `a`).
    pub(super) fn voeg_toe(&mut self, p: &Probleem, agg: &Aggregaat, h: usize, i: usize) {
        let (r, a) = agg.y[h][i];
        let kaart = &mut self.model.kaart;
        let huishouden = kaart.rij_huishouden[h].expect("a household with options has a row");
        let groep = kaart.rij_groep[&(r, p.huishoudens[h].personen)];
        let highs = self
            .highs
            .as_mut()
            .expect("the model is back after every solve");
        let mut rijen = vec![(self.rijen[huishouden], 1.0), (self.rijen[groep], -1.0)];
        if let Some((rij, coef)) = kaart.regio_rij(p, r, a) {
            rijen.push((self.rijen[rij], coef));
        }
        highs.add_col(a, 0.0..=1.0, rijen);
        kaart.y[h].push((r, self.model.kolommen));
        self.model.kolommen += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdeel_follows_counts_in_order() {
        assert_eq!(
            verdeel(&[4, 7, 9], &[(2, 0), (5, 2), (6, 1)]),
            vec![(4, 5), (7, 5), (9, 6)]
        );
    }
}
