//! The HiGHS driver: hands a built [`Mip`] to HiGHS with kansrijk's settings, reads back the
//! column values, duals, status and bound ([`run_highs`]); solves one MIP to a checked
//! koppeling ([`los_mip`]); and keeps the LP relaxation warm between pricing rounds
//! ([`WarmLp`]).
//!
//! HiGHS runs single-threaded with a fixed seed, so the same input gives the same koppeling.
//! Every koppeling read back is checked against [`doelwaarde_binnen_vloer`]
//! ([`toets_antwoord`]) before a layer above sees it.

use good_lp::SolverModel;

use super::formuleringen::{Aggregaat, Houd};
use super::kolommen::{Betekenis, Geheel};
use super::mip::{Bouw, Mip};
use super::opties::{Opties, ABS_GAP};
use super::probleem::{doelwaarde_binnen_vloer, Gekozen, Probleem, Status, Waarde};
use crate::error::SolveError;
use crate::model::GemeenteIdx;

/// What one HiGHS run gives back.
pub(super) struct HighsUitkomst {
    /// Column values, if HiGHS has a solution.
    pub(super) kolom: Option<Vec<f64>>,
    /// Row duals (LP only).
    pub(super) rij_dual: Vec<f64>,
    /// Reduced costs (LP only).
    pub(super) kolom_dual: Vec<f64>,
    pub(super) status: Status,
    /// Objective without the model's constant, if HiGHS has a solution.
    pub(super) waarde: Option<f64>,
    /// Dual bound without the model's constant.
    pub(super) grens: Option<f64>,
    /// Simplex iterations of the solve.
    pub(super) iteraties: i64,
}

/// What a solve of a MIP gives back: the koppeling (if any), status and the MIP's bound with
/// the constant.
pub(super) struct MipUitkomst {
    pub(super) keuze: Option<Gekozen>,
    pub(super) status: Status,
    pub(super) grens: Option<f64>,
    pub(super) variabelen: usize,
    pub(super) restricties: usize,
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
    let mut model = Mip::bouw(p, bouw, geheel.clone());
    model.doel = doel;
    let (variabelen, restricties) = (model.kolommen(), model.rijen());
    if variabelen == 0 {
        let toewijzing = met_vaste(p, vec![None; p.huishoudens.len()]);
        let waarde = toets_antwoord(p, &toewijzing, None)?;
        return Ok(MipUitkomst {
            keuze: Some((toewijzing, waarde)),
            status: Status::Optimaal,
            grens: Some(waarde.doelwaarde),
            variabelen,
            restricties,
        });
    }
    let begin = start.and_then(|s| model.start(p, s));
    let mut uit = run_highs(&mut model, true, opties, begin.clone(), tijd)?;
    if spreekt_zich_tegen(&uit, opties) {
        // HiGHS can claim a bound that the solution it returns does not reach when presolve
        // solves a maximisation on its own (ERGO-Code/HiGHS#2154: the dual bound of a model
        // reduced to empty; seen here on a small model with a spread bound: bound -178.4,
        // solution -278.4, status optimal): the same model again without presolve
        model = Mip::bouw(p, bouw, geheel);
        model.doel = doel;
        model.zonder_presolve = true;
        let rest = (tijd - t0.elapsed().as_secs_f64()).max(0.01);
        uit = run_highs(&mut model, true, opties, begin, rest)?;
    }
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
            let waarde = toets_antwoord(p, &toewijzing, uit.waarde.map(|w| w + model.constante))?;
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
pub(super) fn met_vaste(p: &Probleem, vrij: Vec<Option<GemeenteIdx>>) -> Vec<Option<GemeenteIdx>> {
    vrij.into_iter()
        .zip(&p.huishoudens)
        .map(|(g, hm)| if hm.vast { Some(hm.kandidaten[0].0) } else { g })
        .collect()
}

/// Whether HiGHS calls a MIP optimal while its own solution lies further below its bound
/// than the gap it was given allows, twice over (its measure leaves out the model's constant,
/// so ours would not do).
fn spreekt_zich_tegen(uit: &HighsUitkomst, opties: &Opties) -> bool {
    match (uit.status, uit.waarde, uit.grens) {
        (Status::Optimaal, Some(w), Some(g)) => {
            g - w > 2.0 * (ABS_GAP + opties.gap() * w.abs().max(g.abs())) + 1e-6
        }
        _ => false,
    }
}

/// Evaluates a koppeling read back from the solver; it must break no rule and be worth at
/// least what the solver said.
fn toets_antwoord(
    p: &Probleem,
    toewijzing: &[Option<GemeenteIdx>],
    model_waarde: Option<f64>,
) -> Result<Waarde, SolveError> {
    let waarde = doelwaarde_binnen_vloer(p, toewijzing).map_err(SolveError::AntwoordBreektRegel)?;
    if let Some(m) = model_waarde {
        if waarde.doelwaarde < m - 1e-6 * m.abs().max(1.0) {
            return Err(SolveError::AntwoordMinder {
                teruggelezen: waarde.doelwaarde,
                solver: m,
            });
        }
    }
    Ok(waarde)
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
    let mut model = Mip::bouw(p, bouw, Geheel::Vast(kolom));
    let uit = run_highs(&mut model, false, opties, None, tijd)?;
    let kolom = uit.kolom.ok_or(SolveError::TransportZonderOplossing)?;
    if let Some(&c) = model.heel_nodig.iter().find(|&&c| !is_heel(kolom[c])) {
        return Err(SolveError::TransportFractioneel {
            kolom: c,
            waarde: kolom[c],
        });
    }
    Ok(kolom)
}

/// Runs HiGHS on `model` (once: good_lp hands its variables over), from `start` if given,
/// within `tijd` seconds; `mip` sets the gap options.
pub(super) fn run_highs(
    model: &mut Mip,
    mip: bool,
    opties: &Opties,
    start: Option<Vec<f64>>,
    tijd: f64,
) -> Result<HighsUitkomst, SolveError> {
    let highs = highs_model(model, mip, opties, start, tijd)?;
    let solved = highs.try_solve().map_err(SolveError::Highs)?;
    if model.buurt && solved.status() == highs::HighsModelStatus::Infeasible {
        // a neighbourhood can hold no koppeling at all (its columns fixed where the spread
        // bound cannot be met): nothing found there, no bound
        return Ok(HighsUitkomst {
            kolom: None,
            rij_dual: Vec::new(),
            kolom_dual: Vec::new(),
            status: Status::Gestopt,
            waarde: None,
            grens: None,
            iteraties: solved.simplex_iteration_count(),
        });
    }
    lees_uitkomst(&solved, mip && model.gehele > 0)
}

/// The HiGHS model of `model` with kansrijk's settings (see [`run_highs`]).
fn highs_model(
    model: &mut Mip,
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
        .map_err(SolveError::Model)?;
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
            .map_err(|fout| SolveError::Optie { optie: key, fout })?;
    }
    if model.zonder_presolve {
        highs
            .try_set_option("presolve", "off")
            .map_err(|fout| SolveError::Optie {
                optie: "presolve",
                fout,
            })?;
    }
    let mut ints = vec![("threads", 1), ("random_seed", 0)];
    if let (true, Some(n)) = (mip, opties.knooppunten) {
        ints.push(("mip_max_nodes", n));
    }
    if model.buurt {
        // its bound is not needed: no time for cuts, straight to HiGHS's sub-MIP heuristics
        ints.push(("mip_pool_soft_limit", 1));
    }
    for (key, val) in ints {
        highs
            .try_set_option(key, val)
            .map_err(|fout| SolveError::Optie { optie: key, fout })?;
    }
    if model.buurt {
        // its `y` options were already chosen by reduced cost: HiGHS's root heuristic that
        // fixes by reduced cost repeats that (measured over half years seeds 1-3 and stress:
        // 118.6 s in all with it, 102.3 s without)
        highs
            .try_set_option("mip_heuristic_run_root_reduced_cost", false)
            .map_err(|fout| SolveError::Optie {
                optie: "mip_heuristic_run_root_reduced_cost",
                fout,
            })?;
    }
    if let Some(doel) = model.doel {
        // stop at the first koppeling worth `doel` (HiGHS's objective has no constant)
        highs
            .try_set_option("objective_target", doel - model.constante)
            .map_err(|fout| SolveError::Optie {
                optie: "objective_target",
                fout,
            })?;
    }
    if let Some(start) = start {
        highs
            .try_set_solution(Some(&start), None, None, None)
            .map_err(SolveError::Start)?;
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
        S::ReachedTimeLimit => Status::Tijdslimiet,
        // the objective target is met (a step above decides what that proves), or a limit
        // that is not the time
        S::ObjectiveTarget
        | S::ReachedIterationLimit
        | S::ReachedSolutionLimit
        | S::ReachedInterrupt => Status::Gestopt,
        other => return Err(SolveError::Einde(other)),
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
        iteraties: solved.simplex_iteration_count(),
    })
}

/// The LP relaxation of the aggregated model kept in HiGHS between pricing rounds: priced-in
/// `y` columns are added to the solved model, so each round starts from the last basis.
pub(super) struct WarmLp {
    pub(super) model: Mip,
    highs: Option<highs::Model>,
    /// Handles of the model's rows, by index.
    rijen: Vec<highs::Row>,
}

/// The simplex basis of a solved LP by what its columns and rows mean
/// ([`super::kolommen::Betekenis`]): HiGHS's status of each (basic, or at which bound). Another
/// model of the same problem, or of a variant of it, starts from it ([`WarmLp::zet_basis`]):
/// the LP's optimum is the same either way, only found in fewer steps when the models are close.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LpBasis {
    status: std::collections::HashMap<Betekenis, highs_sys::HighsInt>,
}

impl LpBasis {
    /// The `y` options (household, region) the basis has a status for.
    pub(super) fn y_opties(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.status.keys().filter_map(|b| match *b {
            Betekenis::Kolom(super::kolommen::Sleutel::Y(h, r)) => Some((h, r)),
            _ => None,
        })
    }
}

impl WarmLp {
    /// The basis of the last solve.
    pub(super) fn basis(&self) -> LpBasis {
        let highs = self
            .highs
            .as_ref()
            .expect("the model is back after every solve");
        let (n, m) = (highs.num_cols(), highs.num_rows());
        let mut kolom = vec![0; n];
        let mut rij = vec![0; m];
        // SAFETY: the arrays have the model's numbers of columns and rows, as HiGHS requires
        let ok = unsafe {
            highs_sys::Highs_getBasis(highs.as_ptr(), kolom.as_mut_ptr(), rij.as_mut_ptr())
        };
        if ok != highs_sys::STATUS_OK {
            return LpBasis::default();
        }
        let kaart = &self.model.kaart;
        let status = kaart
            .kolom_betekenis(n)
            .into_iter()
            .zip(kolom)
            .chain(kaart.rij_betekenis(m).into_iter().zip(rij))
            .filter_map(|(b, s)| Some((b?, s)))
            .collect();
        LpBasis { status }
    }

    /// Starts the next solve from `basis`, placed on this model by meaning: a column it does
    /// not know is nonbasic at its lower bound, a row it does not know basic. Returns whether
    /// HiGHS took it (it refuses a basis with the wrong number of basic columns and rows; the
    /// solve then starts from scratch).
    pub(super) fn zet_basis(&mut self, basis: &LpBasis) -> bool {
        const LAAG: highs_sys::HighsInt = 0;
        const BASIS: highs_sys::HighsInt = 1;
        let kaart = &self.model.kaart;
        let highs = self
            .highs
            .as_mut()
            .expect("the model is back after every solve");
        let (n, m) = (highs.num_cols(), highs.num_rows());
        let neem = |b: Option<Betekenis>, anders| {
            b.and_then(|b| basis.status.get(&b).copied())
                .unwrap_or(anders)
        };
        let kolom: Vec<_> = kaart
            .kolom_betekenis(n)
            .into_iter()
            .map(|b| neem(b, LAAG))
            .collect();
        let rij: Vec<_> = kaart
            .rij_betekenis(m)
            .into_iter()
            .map(|b| neem(b, BASIS))
            .collect();
        // SAFETY: the arrays have the model's numbers of columns and rows, as HiGHS requires
        let ok =
            unsafe { highs_sys::Highs_setBasis(highs.as_mut_ptr(), kolom.as_ptr(), rij.as_ptr()) };
        ok == highs_sys::STATUS_OK
    }

    pub(super) fn new(
        p: &Probleem,
        agg: &Aggregaat,
        houd: Houd,
        opties: &Opties,
    ) -> Result<Self, SolveError> {
        let mut model = Mip::bouw(p, Bouw::Geaggregeerd(agg, houd, false), Geheel::Relaxatie);
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
            .map_err(|fout| SolveError::Optie {
                optie: "time_limit",
                fout,
            })?;
        let solved = highs.try_solve().map_err(SolveError::Highs)?;
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
