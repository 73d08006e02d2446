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

use super::{doelwaarde, Oplossing, Probleem, Status};
use crate::error::SolveError;
use crate::model::GemeenteIdx;

/// Which formulation to solve; both give the same optimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
    /// Relative gap at which a solution counts as optimal.
    pub gap: f64,
    pub formulering: Formulering,
}

impl Default for Opties {
    fn default() -> Self {
        Opties {
            tijdslimiet: 600.0,
            gap: 0.0,
            formulering: Formulering::default(),
        }
    }
}

/// Absolute gap tolerance: scores have 4 decimals, so this is far below any real difference.
const ABS_GAP: f64 = 1e-6;

/// Variables with their HiGHS column (good_lp numbers columns in the order they are added).
#[derive(Default)]
struct Kolommen {
    vars: ProblemVariables,
    n: usize,
}

impl Kolommen {
    fn add(&mut self, def: VariableDefinition) -> (Variable, usize) {
        self.n += 1;
        (self.vars.add(def), self.n - 1)
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
    extra: Vec<good_lp::Constraint>,
    /// Reads the assignment of the free households from the column values.
    lees: Box<dyn Fn(&[f64]) -> Vec<Option<GemeenteIdx>>>,
}

impl Keuzes {
    fn new(p: &Probleem) -> Self {
        Keuzes {
            opties: vec![Vec::new(); p.huishoudens.len()],
            instroom: vec![Expression::default(); p.gemeenten.len()],
            max_instroom: vec![0; p.gemeenten.len()],
            objective: Expression::default(),
            extra: Vec::new(),
            lees: Box::new(|_| Vec::new()),
        }
    }
}

/// The `x_hg` variables of each household: (gemeente, HiGHS column).
type Xs = Vec<Vec<(GemeenteIdx, usize)>>;

/// Adds binary `x_hg`: household `h` of `n` persons to gemeente `g` at fit `s`.
#[allow(clippy::too_many_arguments)]
fn add_x(
    k: &mut Kolommen,
    keuzes: &mut Keuzes,
    x: &mut Xs,
    h: usize,
    g: GemeenteIdx,
    s: f64,
    n: i64,
) {
    let (v, col) = k.add(variable().binary());
    keuzes.objective.add_mul(s, v);
    keuzes.instroom[g].add_mul(n as f64, v);
    keuzes.max_instroom[g] += n;
    keuzes.opties[h].push(v);
    x[h].push((g, col));
}

/// Where the `x`'s put each household.
fn lees_x(x: &Xs, kolom: &[f64]) -> Vec<Option<GemeenteIdx>> {
    x.iter()
        .map(|xs| xs.iter().find(|&&(_, c)| kolom[c] > 0.5).map(|&(g, _)| g))
        .collect()
}

/// `x_hg` for every allowed pair that can fit.
fn volledig(p: &Probleem, ruimte: &[i64], k: &mut Kolommen) -> Keuzes {
    let mut keuzes = Keuzes::new(p);
    let mut x: Xs = vec![Vec::new(); p.huishoudens.len()];
    for (h, hm) in p.huishoudens.iter().enumerate().filter(|(_, hm)| !hm.vast) {
        let n = i64::from(hm.personen);
        for &(g, s) in hm.kandidaten.iter().filter(|&&(g, _)| n <= ruimte[g]) {
            add_x(k, &mut keuzes, &mut x, h, g, s, n);
        }
    }
    keuzes.lees = Box::new(move |kolom| lees_x(&x, kolom));
    keuzes
}

/// `y_hr`, `z_rng` and `x_hg` for the higher-fit gemeenten (see the module docs).
fn geaggregeerd(p: &Probleem, ruimte: &[i64], k: &mut Kolommen) -> Keuzes {
    let mut keuzes = Keuzes::new(p);
    let regios = p.gemeenten.iter().map(|g| g.regio + 1).max().unwrap_or(0);
    let mut in_regio: Vec<Vec<GemeenteIdx>> = vec![Vec::new(); regios];
    for (g, gm) in p.gemeenten.iter().enumerate() {
        in_regio[gm.regio].push(g);
    }
    // (region, size) -> households with a y there and their y columns
    let mut groepen: BTreeMap<(usize, u32), Vec<(usize, Variable, usize)>> = BTreeMap::new();
    let mut x: Xs = vec![Vec::new(); p.huishoudens.len()];

    for (h, hm) in p.huishoudens.iter().enumerate().filter(|(_, hm)| !hm.vast) {
        let n = i64::from(hm.personen);
        let mut per_regio: Vec<Vec<(GemeenteIdx, f64)>> = vec![Vec::new(); regios];
        for &(g, s) in &hm.kandidaten {
            per_regio[p.gemeenten[g].regio].push((g, s));
        }
        for (r, kandidaten) in per_regio.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
            let heel = kandidaten.len() == in_regio[r].len();
            let a = kandidaten.iter().map(|c| c.1).fold(f64::INFINITY, f64::min);
            for &(g, s) in kandidaten
                .iter()
                .filter(|&&(g, s)| n <= ruimte[g] && (!heel || s > a))
            {
                add_x(k, &mut keuzes, &mut x, h, g, s, n);
            }
            if heel && kandidaten.iter().any(|&(g, _)| n <= ruimte[g]) {
                let (v, col) = k.add(variable().binary());
                keuzes.objective.add_mul(a, v);
                keuzes.opties[h].push(v);
                groepen
                    .entry((r, hm.personen))
                    .or_default()
                    .push((h, v, col));
            }
        }
    }

    // z_rng and the linking rows
    let mut z: Vec<((usize, u32), Vec<(GemeenteIdx, usize)>)> = Vec::new();
    for (&(r, n), leden) in &groepen {
        let mut koppel = Expression::default();
        let mut zs = Vec::new();
        for &g in in_regio[r].iter().filter(|&&g| i64::from(n) <= ruimte[g]) {
            let max = (ruimte[g] / i64::from(n)).min(leden.len() as i64);
            let (v, col) = k.add(variable().integer().min(0).max(max as f64));
            keuzes.instroom[g].add_mul(f64::from(n), v);
            keuzes.max_instroom[g] += max * i64::from(n);
            koppel.add_mul(1.0, v);
            zs.push((g, col));
        }
        for &(_, y, _) in leden {
            koppel.add_mul(-1.0, y);
        }
        keuzes.extra.push(koppel.eq(0.0));
        z.push(((r, n), zs));
    }

    let huishoudens = p.huishoudens.len();
    keuzes.lees = Box::new(move |kolom| {
        let mut uit = lees_x(&x, kolom);
        uit.resize(huishoudens, None);
        for (leden, (_, zs)) in groepen.values().zip(&z) {
            let gekozen: Vec<usize> = leden
                .iter()
                .filter(|&&(_, _, c)| kolom[c] > 0.5)
                .map(|&(h, _, _)| h)
                .collect();
            let aantallen: Vec<(GemeenteIdx, usize)> = zs
                .iter()
                .map(|&(g, c)| (g, kolom[c].round().max(0.0) as usize))
                .collect();
            for (h, g) in verdeel(&gekozen, &aantallen) {
                uit[h] = Some(g);
            }
        }
        uit
    });
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

/// Solves `p` to proven optimality (or the time limit) and checks the result.
pub fn los_op(p: &Probleem, opties: &Opties) -> Result<Oplossing, SolveError> {
    let vast = p.vaste_personen();
    let ruimte: Vec<i64> = p
        .gemeenten
        .iter()
        .zip(&vast)
        .map(|(g, v)| g.cap - v)
        .collect();
    let mut k = Kolommen::default();
    let mut keuzes = match opties.formulering {
        Formulering::Volledig => volledig(p, &ruimte, &mut k),
        Formulering::Geaggregeerd => geaggregeerd(p, &ruimte, &mut k),
    };

    // Constants: fixed households' fit, households that can go nowhere, fixed shortfalls.
    let mut constante = 0.0;
    let mut constraints = std::mem::take(&mut keuzes.extra);
    for (hm, opts) in p.huishoudens.iter().zip(&keuzes.opties) {
        if hm.vast {
            constante += hm.kandidaten[0].1;
        } else if opts.is_empty() {
            constante -= p.ongekoppeld_boete;
        } else {
            // every household once: sum of its options + u_h = 1
            let (u, _) = k.add(variable().min(0.0).max(1.0));
            keuzes.objective.add_mul(-p.ongekoppeld_boete, u);
            let mut e: Expression = opts.iter().copied().map(Expression::from).sum();
            e.add_mul(1.0, u);
            constraints.push(e.eq(1.0));
        }
    }
    for (g, gm) in p.gemeenten.iter().enumerate() {
        // capacity, where the options could exceed it
        if keuzes.max_instroom[g] > ruimte[g] {
            constraints.push(keuzes.instroom[g].clone().leq(ruimte[g] as f64));
        }
        // shortfall against the target, where one is possible
        let tekort = gm.doel - vast[g] as f64;
        if tekort > 0.0 {
            let (t, _) = k.add(variable().min(0.0));
            keuzes.objective.add_mul(-p.tekort_boete, t);
            constraints.push((keuzes.instroom[g].clone() + t).geq(tekort));
            // The persons coupled are whole, so below ceil(tekort) the shortfall is at least
            // f * (ceil(tekort) - instroom), f the fractional part: the convex hull of
            // max(0, tekort - l) over integer l.
            let f = tekort - tekort.floor();
            if f > 1e-9 {
                constraints.push((keuzes.instroom[g].clone() * f + t).geq(f * tekort.ceil()));
            }
        }
    }
    let restricties = constraints.len();
    let variabelen = k.n;

    let (vrij, status, model_waarde, grens) = if variabelen == 0 {
        (
            vec![None; p.huishoudens.len()],
            Status::Optimaal,
            None,
            None,
        )
    } else {
        let (kolom, status, waarde, grens) =
            run_highs(k.vars, keuzes.objective, constraints, opties)?;
        (
            (keuzes.lees)(&kolom),
            status,
            Some(waarde + constante),
            grens.map(|b| b + constante),
        )
    };
    let toewijzing: Vec<Option<GemeenteIdx>> = vrij
        .into_iter()
        .zip(&p.huishoudens)
        .map(|(g, hm)| if hm.vast { Some(hm.kandidaten[0].0) } else { g })
        .collect();

    let waarde = doelwaarde(p, &toewijzing)
        .map_err(|e| SolveError::Solver(format!("the solver's answer breaks a rule: {e}")))?;
    if let Some(m) = model_waarde {
        // The read-back assignment is worth at least what the model said.
        if waarde.doelwaarde < m - 1e-6 * m.abs().max(1.0) {
            return Err(SolveError::Solver(format!(
                "read-back objective {} is below the solver's {m}",
                waarde.doelwaarde
            )));
        }
    }
    let grens = grens.unwrap_or(waarde.doelwaarde).max(waarde.doelwaarde);
    let gap = (grens - waarde.doelwaarde) / waarde.doelwaarde.abs().max(1.0);
    let status = if gap <= opties.gap.max(ABS_GAP / waarde.doelwaarde.abs().max(1.0)) {
        Status::Optimaal
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
        variabelen,
        restricties,
    })
}

/// Column values, status, objective without constant, dual bound without constant.
fn run_highs(
    vars: ProblemVariables,
    objective: Expression,
    constraints: Vec<good_lp::Constraint>,
    opties: &Opties,
) -> Result<(Vec<f64>, Status, f64, Option<f64>), SolveError> {
    let fout = |e: String| SolveError::Solver(e);
    let mut model = vars
        .maximise(objective)
        .using(good_lp::highs)
        .with_all(constraints)
        .try_into_inner()
        .map_err(|e| fout(e.to_string()))?;
    model.make_quiet();
    if std::env::var_os("KANSRIJK_HIGHS_LOG").is_some() {
        model.set_option("output_flag", true);
        model.set_option("log_to_console", true);
    }
    for (key, val) in [
        ("mip_rel_gap", opties.gap),
        ("mip_abs_gap", ABS_GAP),
        ("time_limit", opties.tijdslimiet),
    ] {
        model
            .try_set_option(key, val)
            .map_err(|e| fout(format!("option {key}: {e:?}")))?;
    }
    for (key, val) in [("threads", 1), ("random_seed", 0)] {
        model
            .try_set_option(key, val)
            .map_err(|e| fout(format!("option {key}: {e:?}")))?;
    }
    let solved = model.try_solve().map_err(|e| fout(format!("{e:?}")))?;
    use highs::HighsModelStatus as S;
    let status = match solved.status() {
        S::Optimal => Status::Optimaal,
        S::ReachedTimeLimit
        | S::ReachedIterationLimit
        | S::ReachedSolutionLimit
        | S::ReachedInterrupt => Status::Tijdslimiet,
        other => return Err(fout(format!("HiGHS ended with status {other:?}"))),
    };
    if solved.primal_solution_status() != highs::HighsSolutionStatus::Feasible {
        return Err(fout(
            "HiGHS found no feasible koppeling within the time limit".into(),
        ));
    }
    let waarde = solved.objective_value();
    let grens = solved
        .double_info_value(c"mip_dual_bound")
        .ok()
        .filter(|b| b.is_finite());
    let grens = grens.or_else(|| (status == Status::Optimaal).then_some(waarde));
    Ok((
        solved.get_solution().columns().to_vec(),
        status,
        waarde,
        grens,
    ))
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
