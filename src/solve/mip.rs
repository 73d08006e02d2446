//! Building the MIP in good_lp and solving it with HiGHS; reading back the assignment, the
//! proven bound and the gap; checking the result against [`super::doelwaarde`].
//!
//! One variable family and one function per constraint family, named as in the report
//! (`x[H012->GM0344]`, `cap[GM0344]`, `doel[GM0344]`). HiGHS runs single-threaded with a fixed
//! seed so the same input gives the same koppeling on any machine load or thread count.

use good_lp::{variable, Expression, ProblemVariables, SolverModel, Variable};

use super::{doelwaarde, Oplossing, Probleem, Status};
use crate::error::SolveError;
use crate::model::GemeenteIdx;

/// Solver settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Opties {
    /// Wall-clock limit for HiGHS in seconds (HiGHS may overrun it in presolve).
    pub tijdslimiet: f64,
    /// Relative gap at which a solution counts as optimal.
    pub gap: f64,
}

impl Default for Opties {
    fn default() -> Self {
        Opties { tijdslimiet: 600.0, gap: 0.0 }
    }
}

/// Absolute gap tolerance: scores have 4 decimals, so this is far below any real difference.
const ABS_GAP: f64 = 1e-6;

struct Variabelen {
    /// `x[h]`: (gemeente, fit, variable) per candidate that can fit.
    x: Vec<Vec<(GemeenteIdx, f64, Variable)>>,
    /// `kolom[h]`: HiGHS column of each `x[h]` (good_lp adds columns in order).
    kolom: Vec<Vec<usize>>,
    /// `u[h]` for households that are not fixed and have candidates.
    u: Vec<Option<Variable>>,
    /// `t[g]` where the target exceeds the fixed persons.
    t: Vec<Option<Variable>>,
}

fn variabelen(p: &Probleem, vars: &mut ProblemVariables, vast: &[i64]) -> Variabelen {
    let x = p
        .huishoudens
        .iter()
        .enumerate()
        .map(|(h, hm)| {
            if hm.vast {
                return Vec::new();
            }
            hm.kandidaten
                .iter()
                .filter(|&&(g, _)| i64::from(hm.personen) <= p.gemeenten[g].cap - vast[g])
                .map(|&(g, s)| (g, s, vars.add(variable().binary().name(format!("x[{h}->{g}]")))))
                .collect()
        })
        .collect::<Vec<Vec<_>>>();
    // Columns are numbered in the order variables were added; the x's came first.
    let mut next = 0;
    let kolom = x
        .iter()
        .map(|xs| {
            let cols = (next..next + xs.len()).collect();
            next += xs.len();
            cols
        })
        .collect();
    let u = x
        .iter()
        .enumerate()
        .map(|(h, xs)| (!xs.is_empty()).then(|| vars.add(variable().min(0.0).max(1.0).name(format!("u[{h}]")))))
        .collect();
    let t = p
        .gemeenten
        .iter()
        .enumerate()
        .map(|(g, gm)| (gm.doel > vast[g] as f64).then(|| vars.add(variable().min(0.0).name(format!("t[{g}]")))))
        .collect();
    Variabelen { x, kolom, u, t }
}

/// `sum_g x_hg + u_h = 1` for every household with a choice.
fn eenmaal(v: &Variabelen) -> Vec<good_lp::Constraint> {
    v.x.iter()
        .zip(&v.u)
        .filter_map(|(xs, u)| {
            let u = (*u)?;
            let mut e = Expression::with_capacity(xs.len() + 1);
            for &(_, _, x) in xs {
                e.add_mul(1.0, x);
            }
            e.add_mul(1.0, u);
            Some(e.eq(1.0))
        })
        .collect()
}

/// Persons per gemeente from the free households, as expressions.
fn instroom(p: &Probleem, v: &Variabelen) -> Vec<Expression> {
    let mut per_gemeente: Vec<Expression> = vec![Expression::default(); p.gemeenten.len()];
    for (hm, xs) in p.huishoudens.iter().zip(&v.x) {
        for &(g, _, x) in xs {
            per_gemeente[g].add_mul(f64::from(hm.personen), x);
        }
    }
    per_gemeente
}

/// `sum_h n_h x_hg <= cap_g - vast_g`, only where the candidates could exceed it.
fn capaciteit(p: &Probleem, v: &Variabelen, instroom: &[Expression], vast: &[i64]) -> Vec<good_lp::Constraint> {
    let mut maximaal = vec![0i64; p.gemeenten.len()];
    for (hm, xs) in p.huishoudens.iter().zip(&v.x) {
        for &(g, _, _) in xs {
            maximaal[g] += i64::from(hm.personen);
        }
    }
    p.gemeenten
        .iter()
        .enumerate()
        .filter(|&(g, gm)| maximaal[g] > gm.cap - vast[g])
        .map(|(g, gm)| instroom[g].clone().leq((gm.cap - vast[g]) as f64))
        .collect()
}

/// `t_g + sum_h n_h x_hg >= doel_g - vast_g` where a shortfall is possible.
fn doel(p: &Probleem, v: &Variabelen, instroom: &[Expression], vast: &[i64]) -> Vec<good_lp::Constraint> {
    p.gemeenten
        .iter()
        .enumerate()
        .filter_map(|(g, gm)| {
            let t = v.t[g]?;
            Some((instroom[g].clone() + t).geq(gm.doel - vast[g] as f64))
        })
        .collect()
}

/// Solves `p` to proven optimality (or the time limit) and checks the result.
pub fn los_op(p: &Probleem, opties: &Opties) -> Result<Oplossing, SolveError> {
    let vast = p.vaste_personen();
    let mut vars = ProblemVariables::new();
    let v = variabelen(p, &mut vars, &vast);

    // Constants: fixed households' fit, households that can go nowhere, fixed shortfalls.
    let mut constante = 0.0;
    let mut objective = Expression::default();
    for (hm, (xs, u)) in p.huishoudens.iter().zip(v.x.iter().zip(&v.u)) {
        if hm.vast {
            constante += hm.kandidaten[0].1;
            continue;
        }
        for &(_, s, x) in xs {
            objective.add_mul(s, x);
        }
        match u {
            Some(u) => objective.add_mul(-p.ongekoppeld_boete, *u),
            None => constante -= p.ongekoppeld_boete,
        }
    }
    for (g, gm) in p.gemeenten.iter().enumerate() {
        match v.t[g] {
            Some(t) => objective.add_mul(-p.tekort_boete, t),
            None => constante -= p.tekort_boete * (gm.doel - vast[g] as f64).max(0.0),
        }
    }

    let instroom = instroom(p, &v);
    let mut constraints = eenmaal(&v);
    constraints.extend(capaciteit(p, &v, &instroom, &vast));
    constraints.extend(doel(p, &v, &instroom, &vast));
    let restricties = constraints.len();
    let variabelen = vars.len();

    let (toewijzing, status, grens) = if variabelen == 0 {
        (vec![None; p.huishoudens.len()], Status::Optimaal, None)
    } else {
        run_highs(vars, objective, constraints, &v, p, opties)?
    };
    let toewijzing: Vec<Option<GemeenteIdx>> = toewijzing
        .into_iter()
        .zip(&p.huishoudens)
        .map(|(g, hm)| if hm.vast { Some(hm.kandidaten[0].0) } else { g })
        .collect();

    let waarde = doelwaarde(p, &toewijzing).map_err(|e| SolveError::Solver(format!("the solver's answer breaks a rule: {e}")))?;
    let grens = grens.map_or(waarde.doelwaarde, |b| b + constante).max(waarde.doelwaarde);
    let gap = (grens - waarde.doelwaarde) / waarde.doelwaarde.abs().max(1.0);
    let status = if status == Status::Optimaal || gap <= opties.gap.max(ABS_GAP / waarde.doelwaarde.abs().max(1.0)) {
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

type Ruw = (Vec<Option<GemeenteIdx>>, Status, Option<f64>);

fn run_highs(
    vars: ProblemVariables,
    objective: Expression,
    constraints: Vec<good_lp::Constraint>,
    v: &Variabelen,
    p: &Probleem,
    opties: &Opties,
) -> Result<Ruw, SolveError> {
    let fout = |e: String| SolveError::Solver(e);
    let mut model = vars.maximise(objective).using(good_lp::highs).with_all(constraints).try_into_inner().map_err(|e| fout(e.to_string()))?;
    model.make_quiet();
    for (k, val) in [("mip_rel_gap", opties.gap), ("mip_abs_gap", ABS_GAP), ("time_limit", opties.tijdslimiet)] {
        model.try_set_option(k, val).map_err(|e| fout(format!("option {k}: {e:?}")))?;
    }
    model.try_set_option("threads", 1).map_err(|e| fout(format!("option threads: {e:?}")))?;
    model.try_set_option("random_seed", 0).map_err(|e| fout(format!("option random_seed: {e:?}")))?;
    let solved = model.try_solve().map_err(|e| fout(format!("{e:?}")))?;
    use highs::HighsModelStatus as S;
    let status = match solved.status() {
        S::Optimal => Status::Optimaal,
        S::ReachedTimeLimit | S::ReachedIterationLimit | S::ReachedSolutionLimit | S::ReachedInterrupt => Status::Tijdslimiet,
        other => return Err(fout(format!("HiGHS ended with status {other:?}"))),
    };
    if solved.primal_solution_status() != highs::HighsSolutionStatus::Feasible {
        return Err(fout("HiGHS found no feasible koppeling within the time limit".into()));
    }
    let grens = solved.double_info_value(c"mip_dual_bound").ok().filter(|b| b.is_finite());
    let grens = grens.or_else(|| (status == Status::Optimaal).then(|| solved.objective_value()));
    let columns = solved.get_solution();
    let columns = columns.columns();
    let toewijzing = v
        .x
        .iter()
        .zip(&v.kolom)
        .map(|(xs, cols)| xs.iter().zip(cols).find(|(_, &c)| columns[c] > 0.5).map(|(&(g, _, _), _)| g))
        .collect::<Vec<_>>();
    debug_assert_eq!(toewijzing.len(), p.huishoudens.len());
    Ok((toewijzing, status, grens))
}
