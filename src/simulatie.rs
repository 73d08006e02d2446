//! `kansrijk simulate`: the half year replayed as weekly batches under several placement
//! policies ([`Beleid`]), each seeing only the weeks up to now, beside the whole half year
//! solved at once in hindsight (`achteraf`), the yardstick.
//!
//! **The week loop.** Households arrive by `week` (1-26), in order of their id within a week.
//! A weekly policy couples each week's batch with the state carried forward: the persons it
//! placed in earlier weeks count as `gerealiseerd` of their gemeente ([`batch`]), so the quota
//! left ([`crate::model::Gemeente::rest`]) and the room shrink. The batch goes through the
//! normal pipeline ([`score::score`], [`solve::bouw`]): each gemeente's target `doel` is its
//! share of the quota left, scaled to the batch's persons, the target for the weeks left
//! (`vooruitziend`, whose solve holds the weeks to come, aims at the end of the half year
//! instead: [`einddoelen`]). One correction: the room is what is left of the half year's
//! capacity (`max(rest + marge, 0)` at the start, [`capaciteit`], minus what earlier weeks
//! placed), not the quota left plus a fresh `marge` every week ([`beperk`]). A household
//! with a fixed gemeente is coupled there in its week, room or not (as the model always
//! does); a household with no room in its week stays uncoupled.
//!
//! **The figures.** Every policy's koppeling is measured by one function
//! ([`solve::basislijn::cijfers`]) on one problem: the whole half year as `match` builds it
//! ([`Gesimuleerd::probleem`]), so its targets, penalties and top-3 regions are the same for
//! every policy. A weekly policy can exceed the half year's capacity in one way: a household
//! with a fixed gemeente that arrives after the room there was used; those persons are counted
//! ([`Resultaat::boven_capaciteit`]) and the capacity is raised to them for the measure.
//!
//! Policies are independent and run in parallel; their results are collected in the order of
//! [`Beleid::ALLE`], so the outcome is the same whatever the number of threads.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::time::Instant;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Problems, SolveError};
use crate::io;
use crate::model::{Gemeente, GemeenteIdx, Gewichten, HuishoudenIdx, Instance};
use crate::score;
use crate::solve::basislijn::{self, Vergelijking};
use crate::solve::{self, Probleem, Status};
use crate::uitkomst::MatchOpties;

/// A placement policy of the simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Beleid {
    /// Quota-first, week by week: each household, in permit order, to the allowed gemeente
    /// with room that has the largest share of its target for the weeks left still open,
    /// whatever the fit ([`basislijn::quota_eerst`]).
    Praktijk,
    /// Each household, in permit order, to its best allowed gemeente with room
    /// ([`basislijn::gretig_op_volgorde`]).
    Gretig,
    /// Each week's batch solved to optimality ([`solve::los_op`]) on the quota left.
    Wekelijks,
    /// Each week's batch solved together with a miniature of the weeks still to come, drawn
    /// from the households seen so far ([`toekomst`]), on the room left scaled to it
    /// ([`schaal`]): only the week's own households keep their gemeente; those it leaves
    /// uncoupled are solved again alone on the real room left.
    Vooruitziend,
    /// The whole half year at once, as `match` solves it: the yardstick, which sees every week.
    Achteraf,
}

impl Beleid {
    /// Every policy, in the order of the outputs.
    pub const ALLE: [Beleid; 5] = [
        Beleid::Praktijk,
        Beleid::Gretig,
        Beleid::Wekelijks,
        Beleid::Vooruitziend,
        Beleid::Achteraf,
    ];

    /// The Dutch name used in the files (`beleid` column).
    pub fn naam(self) -> &'static str {
        match self {
            Beleid::Praktijk => "praktijk",
            Beleid::Gretig => "gretig",
            Beleid::Wekelijks => "wekelijks",
            Beleid::Vooruitziend => "vooruitziend",
            Beleid::Achteraf => "achteraf",
        }
    }

    /// Whether it couples week by week, seeing only the weeks up to now.
    pub fn per_week(self) -> bool {
        self != Beleid::Achteraf
    }
}

/// What `kansrijk simulate` needs besides the output folder: the input, weights and solver
/// settings as for `match` (`--spreidingsgrens` and `--vorige` are not used), and a seed.
#[derive(Debug, Clone, Default)]
pub struct SimuleerOpties {
    pub basis: MatchOpties,
    /// The seed of `vooruitziend`'s draw of the weeks to come ([`toekomst`]); recorded in the
    /// report.
    pub seed: u64,
}

/// One week's figures of a policy: the households that arrived that week and where they went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Weekcijfers {
    pub week: u32,
    pub huishoudens: usize,
    pub personen: i64,
    pub ongekoppeld: usize,
    /// Total fit of the week's coupled households.
    pub totale_score: f64,
}

/// A gemeente's quota at the end of the half year under one policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GemeenteEind {
    pub gemeente: GemeenteIdx,
    /// Persons coupled here over the half year.
    pub personen: i64,
    /// Persons short of the half year's target ([`solve::tekort`]).
    pub tekort: f64,
}

/// One policy's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Resultaat {
    pub beleid: Beleid,
    /// The gemeente of every household of the instance (`None`: uncoupled).
    pub toewijzing: Vec<Option<GemeenteIdx>>,
    /// Measured on the whole half year ([`basislijn::cijfers`]).
    pub cijfers: Vergelijking,
    /// `totale_score` as a share of `achteraf`'s.
    pub aandeel_achteraf: f64,
    /// Per gemeente: persons coupled and short at the end, in gemeente order.
    pub per_gemeente: Vec<GemeenteEind>,
    /// Per region, the mean fit of the free households coupled there (`None`: none).
    pub regio_gemiddelden: Vec<Option<f64>>,
    /// Persons above the half year's capacity (see the module docs); 0 for `achteraf`.
    pub boven_capaciteit: i64,
    /// Week by week, the weeks with households in order.
    pub weken: Vec<Weekcijfers>,
    /// Solver runs made, and how many of them were not proven within their gap.
    pub oplossingen: usize,
    pub onbewezen: usize,
    /// Wall-clock seconds of the policy (its scoring, building and solving).
    pub rekentijd: f64,
}

impl Resultaat {
    /// Gemeenten short of their target at the end.
    pub fn gemeenten_met_tekort(&self) -> usize {
        self.per_gemeente.iter().filter(|g| g.tekort > 1e-9).count()
    }

    /// The lowest and highest mean fit over the regions that received free households.
    pub fn spreiding(&self) -> Option<(f64, f64)> {
        self.regio_gemiddelden
            .iter()
            .flatten()
            .fold(None, |acc, &m| match acc {
                None => Some((m, m)),
                Some((lo, hi)) => Some((f64::min(lo, m), f64::max(hi, m))),
            })
    }
}

/// A finished simulation.
#[derive(Debug, Clone)]
pub struct Gesimuleerd {
    pub opties: SimuleerOpties,
    pub herkomst: io::Herkomst,
    pub instance: Instance,
    pub gewichten: Gewichten,
    /// The whole half year as one problem, as `match` builds it: what `achteraf` solves and
    /// every policy is measured on.
    pub probleem: Probleem,
    /// Every week with households, with them in permit order.
    pub weken: Vec<(u32, Vec<HuishoudenIdx>)>,
    /// One per policy, in the order of [`Beleid::ALLE`].
    pub resultaten: Vec<Resultaat>,
}

impl Gesimuleerd {
    pub fn resultaat(&self, b: Beleid) -> &Resultaat {
        self.resultaten
            .iter()
            .find(|r| r.beleid == b)
            .expect("every policy is run")
    }
}

/// `huishoudens.csv`'s rows without a `week`: an input error for `simulate`, one problem per
/// row, in file order.
pub fn zonder_week(invoer: &io::Invoer) -> Problems {
    let mut problems = Problems::default();
    for r in invoer.huishoudens.iter().flatten() {
        if r.week.is_none() {
            problems.add(
                &invoer.namen.huishoudens,
                Some(r.line),
                Some("week"),
                "simulate needs every household's permit week, a whole number from 1 to 26; found none",
            );
        }
    }
    problems
}

/// The weeks with households, each with them in permit order (by id, the instance's order).
/// `Err` for households without a week (the input check [`zonder_week`] names their lines).
pub fn weken(inst: &Instance) -> Result<Vec<(u32, Vec<HuishoudenIdx>)>, Error> {
    let mut weken: BTreeMap<u32, Vec<HuishoudenIdx>> = BTreeMap::new();
    let mut problems = Problems::default();
    for h in inst.huishouden_indices() {
        let hh = inst.huishouden(h);
        match hh.week {
            Some(w) => weken.entry(w).or_default().push(h),
            None => problems.add(
                "huishoudens.csv",
                None,
                Some("week"),
                format!("household {} has no permit week", hh.id),
            ),
        }
    }
    Ok(problems.into_result(weken.into_iter().collect())?)
}

/// Simulates every policy on a valid instance with weeks.
pub fn simuleer(
    opties: &SimuleerOpties,
    instance: Instance,
    gewichten: Gewichten,
    herkomst: io::Herkomst,
) -> Result<Gesimuleerd, Error> {
    let weken = weken(&instance)?;
    let scores = score::score(&instance, &gewichten);
    let (probleem, _) = solve::bouw(&instance, &scores, &gewichten);
    drop(scores);
    let ctx = Context {
        instance: &instance,
        gewichten: &gewichten,
        solver: &opties.basis.solver,
        weken: &weken,
        probleem: &probleem,
        seed: opties.seed,
    };
    let mut resultaten: Vec<Resultaat> = Beleid::ALLE
        .par_iter()
        .map(|&b| ctx.speel(b))
        .collect::<Result<_, SolveError>>()?;
    let achteraf = resultaten
        .iter()
        .find(|r| r.beleid == Beleid::Achteraf)
        .map_or(0.0, |r| r.cijfers.totale_score);
    for r in &mut resultaten {
        r.aandeel_achteraf = if achteraf.abs() > 1e-12 {
            r.cijfers.totale_score / achteraf
        } else {
            1.0
        };
    }
    Ok(Gesimuleerd {
        opties: opties.clone(),
        herkomst,
        instance,
        gewichten,
        probleem,
        weken,
        resultaten,
    })
}

/// What every policy shares.
struct Context<'a> {
    instance: &'a Instance,
    gewichten: &'a Gewichten,
    solver: &'a solve::Opties,
    weken: &'a [(u32, Vec<HuishoudenIdx>)],
    probleem: &'a Probleem,
    /// The seed of `vooruitziend`'s draws.
    seed: u64,
}

impl Context<'_> {
    /// Plays policy `b` and measures it.
    fn speel(&self, b: Beleid) -> Result<Resultaat, SolveError> {
        let t = Instant::now();
        let (toewijzing, oplossingen, onbewezen) = match b {
            Beleid::Achteraf => {
                let o = solve::los_op(self.probleem, self.solver)?;
                (o.toewijzing, 1, usize::from(o.status != Status::Optimaal))
            }
            _ => self.per_week(b)?,
        };
        let rekentijd = t.elapsed().as_secs_f64();
        let p = self.probleem;
        let last = personen_per_gemeente(p, &toewijzing);
        let boven: i64 = p
            .gemeenten
            .iter()
            .zip(&last)
            .map(|(g, &l)| (l - g.cap).max(0))
            .sum();
        // the capacity raised to late fixed households (module docs), for the measure only
        let gemeten: Cow<Probleem> = if boven > 0 {
            let mut q = p.clone();
            for (g, &l) in q.gemeenten.iter_mut().zip(&last) {
                g.cap = g.cap.max(l);
            }
            Cow::Owned(q)
        } else {
            Cow::Borrowed(p)
        };
        let cijfers = basislijn::cijfers(&gemeten, b.naam(), &toewijzing)?;
        Ok(Resultaat {
            beleid: b,
            cijfers,
            aandeel_achteraf: 1.0,
            per_gemeente: p
                .gemeente_indices()
                .zip(&p.gemeenten)
                .zip(&last)
                .map(|((g, gm), &l)| GemeenteEind {
                    gemeente: g,
                    personen: l,
                    tekort: gm.tekort(l),
                })
                .collect(),
            regio_gemiddelden: solve::regio_gemiddelden(p, &toewijzing),
            boven_capaciteit: boven,
            weken: self.weekcijfers(&toewijzing),
            oplossingen,
            onbewezen,
            rekentijd,
            toewijzing,
        })
    }

    /// A weekly policy: each week's batch coupled on the state carried forward
    /// ([`koppel_week`]). Returns the koppeling, the solver runs and how many were not proven.
    fn per_week(&self, b: Beleid) -> Result<(Vec<Option<GemeenteIdx>>, usize, usize), SolveError> {
        let inst = self.instance;
        let capaciteit = capaciteit(inst, self.gewichten);
        let mut geplaatst = vec![0i64; inst.gemeenten.len()];
        let mut toewijzing = vec![None; inst.huishoudens.len()];
        let (mut oplossingen, mut onbewezen) = (0, 0);
        // the households of the weeks up to now, in permit order
        let mut gezien: Vec<HuishoudenIdx> = Vec::new();
        for (week, leden) in self.weken {
            gezien.extend(leden);
            let w = koppel_week(
                b,
                &Week {
                    instance: inst,
                    gewichten: self.gewichten,
                    solver: self.solver,
                    seed: self.seed,
                    capaciteit: &capaciteit,
                    geplaatst: &geplaatst,
                    week: *week,
                    leden,
                    gezien: &gezien,
                },
            )?;
            oplossingen += w.oplossingen;
            onbewezen += w.onbewezen;
            for (&h, g) in leden.iter().zip(w.toewijzing) {
                if let Some(g) = g {
                    geplaatst[g.idx()] += i64::from(inst.huishouden(h).personen());
                }
                toewijzing[h.idx()] = g;
            }
        }
        Ok((toewijzing, oplossingen, onbewezen))
    }

    /// The figures of each week's households under `toewijzing`.
    fn weekcijfers(&self, toewijzing: &[Option<GemeenteIdx>]) -> Vec<Weekcijfers> {
        self.weken
            .iter()
            .map(|(week, leden)| {
                let mut c = Weekcijfers {
                    week: *week,
                    huishoudens: leden.len(),
                    personen: 0,
                    ongekoppeld: 0,
                    totale_score: 0.0,
                };
                for &h in leden {
                    c.personen += i64::from(self.probleem.huishouden(h).personen);
                    match toewijzing[h.idx()] {
                        Some(g) => c.totale_score += self.probleem.score(h, g).unwrap_or(0.0),
                        None => c.ongekoppeld += 1,
                    }
                }
                c
            })
            .collect()
    }
}

/// The room of every gemeente for the rest of the half year: the quota left plus `marge`, at
/// least 0. Taken at the start of the half year, a weekly policy subtracts what it places
/// since; taken now, on `gerealiseerd` that counts those persons already (`match --prognose`),
/// it is the same room, as the quota left is never clamped before the `marge` is added. (For a
/// gemeente within its quota it is `bouw`'s capacity; one over its quota has only what is left
/// of the `marge`.)
pub fn capaciteit(inst: &Instance, gewichten: &Gewichten) -> Vec<i64> {
    let marge = i64::from(gewichten.model.marge);
    inst.gemeenten
        .iter()
        .map(|g| (g.rest() + marge).max(0))
        .collect()
}

/// One week of a weekly policy: its batch and what the policy may know.
pub struct Week<'a> {
    /// The instance the households are taken from, its gemeenten as at the start of the half
    /// year (with `capaciteit`) or of the week (with `geplaatst` all 0).
    pub instance: &'a Instance,
    pub gewichten: &'a Gewichten,
    pub solver: &'a solve::Opties,
    /// The seed of `vooruitziend`'s draw ([`toekomst`]).
    pub seed: u64,
    /// Per gemeente: the half year's capacity at the start ([`capaciteit`]), and the persons
    /// placed in it since.
    pub capaciteit: &'a [i64],
    pub geplaatst: &'a [i64],
    pub week: u32,
    /// The week's households, in permit order.
    pub leden: &'a [HuishoudenIdx],
    /// The households of weeks `1..=week` (this week's included), in permit order: what
    /// `vooruitziend` draws the weeks to come from.
    pub gezien: &'a [HuishoudenIdx],
}

/// A week coupled by a weekly policy.
pub struct Weekkoppeling {
    /// The gemeente of each of the week's households, in the order of [`Week::leden`].
    pub toewijzing: Vec<Option<GemeenteIdx>>,
    /// Solver runs made, and how many of them were not proven within their gap.
    pub oplossingen: usize,
    pub onbewezen: usize,
    /// Households drawn for the weeks to come (0 but for `vooruitziend`), and the share of the
    /// room left the week's solve had ([`schaal`]).
    pub getrokken: usize,
    pub schaal: f64,
}

/// Couples one week's batch under policy `b` (not `achteraf`), on the room left of the half
/// year: what `simulate` does every week, and `match --prognose` for this week's real batch.
pub fn koppel_week(b: Beleid, w: &Week) -> Result<Weekkoppeling, SolveError> {
    let (inst, leden) = (w.instance, w.leden);
    let (mut oplossingen, mut onbewezen) = (0, 0);
    // the week's households first, then for `vooruitziend` the miniature of the weeks to
    // come; only the first `leden.len()` keep their gemeente
    let (alle, schaal) = match b {
        Beleid::Vooruitziend => {
            let toekomst = toekomst(w.seed, w.week, w.gezien);
            let f = schaal(
                leden.len(),
                toekomst.len(),
                verwacht(w.week, w.gezien.len()),
            );
            (Cow::Owned([leden, &toekomst[..]].concat()), f)
        }
        _ => (Cow::Borrowed(leden), 1.0),
    };
    let week = batch(inst, &alle, w.geplaatst);
    let scores = score::score(&week, w.gewichten);
    let (mut p, _) = solve::bouw(&week, &scores, w.gewichten);
    drop((week, scores));
    let ruimte: Vec<i64> = w
        .capaciteit
        .iter()
        .zip(w.geplaatst)
        .map(|(&c, &l)| ((c - l).max(0) as f64 * schaal).ceil() as i64)
        .collect();
    beperk(&mut p, &ruimte, &vec![0; ruimte.len()]);
    if b == Beleid::Vooruitziend {
        // the weeks to come are in the solve: each gemeente aims at its end of the half year
        let personen = |l: &[HuishoudenIdx]| -> i64 {
            l.iter()
                .map(|&h| i64::from(inst.huishouden(h).personen()))
                .sum()
        };
        let (nu, getrokken) = (personen(leden), personen(&alle[leden.len()..]));
        let nog = alle.len() - leden.len();
        let verwacht_personen = if nog > 0 {
            getrokken as f64 * verwacht(w.week, w.gezien.len()) as f64 / nog as f64
        } else {
            0.0
        };
        let doelen = einddoelen(
            inst,
            w.geplaatst,
            nu as f64 + verwacht_personen,
            (nu + getrokken) as f64,
        );
        if let Some(doelen) = doelen {
            for (g, d) in p.gemeenten.iter_mut().zip(doelen) {
                g.doel = d.min(g.cap as f64);
            }
        }
    }
    let volgorde: Vec<HuishoudenIdx> = p.huishouden_indices().collect();
    let mut t = match b {
        Beleid::Praktijk => basislijn::quota_eerst(&p, &volgorde),
        Beleid::Gretig => basislijn::gretig_op_volgorde(&p, &volgorde),
        Beleid::Wekelijks | Beleid::Vooruitziend => {
            let vooruit = alle.len() > leden.len();
            let opties = if vooruit {
                // an estimate is not worth a proof to the last point, and the miniature's
                // copies make it slow to prove: solved by pricing, to VOORUIT_GAP; bounded by
                // work instead of time, so the koppeling is the same on every machine
                Cow::Owned(solve::Opties {
                    gap: Some(w.solver.gap.unwrap_or(0.0).max(VOORUIT_GAP)),
                    prijzen_vanaf: 0,
                    tijdslimiet: f64::INFINITY,
                    knooppunten: Some(VOORUIT_KNOOPPUNTEN),
                    ..w.solver.clone()
                })
            } else {
                Cow::Borrowed(w.solver)
            };
            let o = solve::los_op(&p, &opties)?;
            oplossingen += 1;
            onbewezen += usize::from(o.status != Status::Optimaal);
            o.toewijzing
        }
        Beleid::Achteraf => unreachable!("achteraf sees the whole half year"),
    };
    if alle.len() > leden.len() {
        // the week's households take the best places the miniature gave their kind
        het_beste_nu(&p, &alle, leden.len(), &mut t);
    }
    // every week's koppeling keeps the week's rules
    solve::doelwaarde(&p, &t).map_err(SolveError::BasislijnBreektRegel)?;
    t.truncate(leden.len());
    if alle.len() > leden.len() {
        let (n, niet) = herkoppel(w, &mut t)?;
        oplossingen += n;
        onbewezen += niet;
    }
    Ok(Weekkoppeling {
        toewijzing: t,
        oplossingen,
        onbewezen,
        getrokken: alle.len() - leden.len(),
        schaal,
    })
}

/// Gives each of the week's households (the first `week` of `alle`) the best place its own
/// copies drawn for the weeks to come have in the miniature's koppeling `t`: a copy is the same
/// household (same persons, same options and fits), so the swap keeps every gemeente's persons
/// and the miniature's worth, and the household that is here now gets what the miniature meant
/// for its kind. Fixed households keep their place.
fn het_beste_nu(p: &Probleem, alle: &[HuishoudenIdx], week: usize, t: &mut [Option<GemeenteIdx>]) {
    let mut kopieen: std::collections::HashMap<HuishoudenIdx, Vec<usize>> = Default::default();
    for (j, &h) in alle.iter().enumerate().skip(week) {
        kopieen.entry(h).or_default().push(j);
    }
    let fit = |j: usize, g: Option<GemeenteIdx>| {
        g.and_then(|g| p.score(HuishoudenIdx::new(j), g))
            .unwrap_or(f64::NEG_INFINITY)
    };
    for i in 0..week {
        if p.huishoudens[i].vast {
            continue;
        }
        let Some(js) = kopieen.get(&alle[i]) else {
            continue;
        };
        let mut beste = (fit(i, t[i]), i);
        for &j in js {
            let f = fit(j, t[j]);
            if f > beste.0 {
                beste = (f, j);
            }
        }
        t.swap(i, beste.1);
    }
}

/// Couples the week's households that `vooruitziend`'s miniature left uncoupled (its room is
/// scaled and rounded, and shared with the households drawn) on the real room left after the
/// week's others: a week of their own under `wekelijks`. Returns its solver runs and how many
/// were not proven.
fn herkoppel(w: &Week, t: &mut [Option<GemeenteIdx>]) -> Result<(usize, usize), SolveError> {
    let los: Vec<usize> = (0..t.len()).filter(|&i| t[i].is_none()).collect();
    if los.is_empty() {
        return Ok((0, 0));
    }
    let mut geplaatst = w.geplaatst.to_vec();
    for (&h, g) in w.leden.iter().zip(t.iter()) {
        if let Some(g) = g {
            geplaatst[g.idx()] += i64::from(w.instance.huishouden(h).personen());
        }
    }
    let leden: Vec<HuishoudenIdx> = los.iter().map(|&i| w.leden[i]).collect();
    let k = koppel_week(
        Beleid::Wekelijks,
        &Week {
            geplaatst: &geplaatst,
            leden: &leden,
            ..*w
        },
    )?;
    for (i, g) in los.into_iter().zip(k.toewijzing) {
        t[i] = g;
    }
    Ok((k.oplossingen, k.onbewezen))
}

/// The last permit week of a half year.
pub const LAATSTE_WEEK: u32 = 26;

/// At most this many households stand in for the weeks to come in `vooruitziend`'s solve of a
/// week (about six weeks of a national half year): a miniature of them, on the room scaled to
/// match ([`schaal`]), keeps every week's solve small whatever is left of the half year.
pub const TOEKOMST_MAX: usize = 1500;

/// At most this many copies of each household seen stand in for the weeks to come: in the
/// first weeks, many identical copies make the miniature's MIP symmetric and slow to solve,
/// few make it coarse (measured in docs/simulate.md: three fit best of two to four).
pub const KOPIEEN_MAX: usize = 3;

/// The relative gap to which `vooruitziend` solves a week with its miniature of the future.
pub const VOORUIT_GAP: f64 = 0.002;

/// The branch-and-bound nodes at most of each MIP in `vooruitziend`'s solve of a week with its
/// miniature, which has no time limit: bounded by work, its koppeling does not depend on the
/// machine. Measured on four national half years (docs/simulate.md): 186 nodes at most (week
/// 1 of seed 2, 12 s), 3 in every other week.
pub const VOORUIT_KNOOPPUNTEN: i32 = 1000;

/// The households expected after `week`, from the `gezien` that arrived in weeks `1..=week`:
/// as many per week as so far, for each of the weeks `week + 1 ..= LAATSTE_WEEK`.
pub fn verwacht(week: u32, gezien: usize) -> usize {
    let over = LAATSTE_WEEK.saturating_sub(week);
    if week == 0 {
        return 0;
    }
    (gezien as f64 * f64::from(over) / f64::from(week)).round() as usize
}

/// `vooruitziend`'s miniature of the weeks after `week`, drawn without looking at them:
/// [`verwacht`] households, at most [`TOEKOMST_MAX`] and at most [`KOPIEEN_MAX`] copies of
/// each household seen so far (`gezien`, weeks `1..=week`), drawn balanced from them: each
/// as often as the others, give or take one (the remainder a seeded choice), so it has the
/// mix of sizes, needs, networks and fits of the arrivals up to now without the noise of a
/// draw with replacement. Seeded by `seed` and the week alone (ChaCha8, its stream the
/// week), so the draw depends on nothing else, not on the number of threads.
pub fn toekomst(seed: u64, week: u32, gezien: &[HuishoudenIdx]) -> Vec<HuishoudenIdx> {
    let n = verwacht(week, gezien.len())
        .min(TOEKOMST_MAX)
        .min(KOPIEEN_MAX * gezien.len());
    if gezien.is_empty() || n == 0 {
        return Vec::new();
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(u64::from(week));
    // balanced: the seen households in a seeded order, repeated, so each is drawn
    // floor(n / |S|) or one time more
    let mut volgorde = gezien.to_vec();
    for i in (1..volgorde.len()).rev() {
        volgorde.swap(i, rng.random_range(0..=i));
    }
    volgorde.iter().copied().cycle().take(n).collect()
}

/// The share of the room left that a week's solve gets when `getrokken` households stand in
/// for the `verwacht` still to come beside the week's `batch`: the room scaled as the
/// households are, so the miniature is as tight as the real rest of the half year. 1 when
/// every expected household is drawn (or none is expected). `koppel_week` rounds each
/// gemeente's scaled room up: rounded to the nearest, the small rooms of the first weeks'
/// miniatures (a few places each) leave households that the real room has a place for without
/// one, and make the MIP a hard packing problem (a week of a national half year ran into the
/// time limit).
pub fn schaal(batch: usize, getrokken: usize, verwacht: usize) -> f64 {
    if getrokken >= verwacht {
        1.0
    } else {
        (batch + getrokken) as f64 / (batch + verwacht) as f64
    }
}

/// `vooruitziend`'s targets for a week's solve with the weeks to come in it: what each
/// gemeente still needs to end the half year at its share of the quota, scaled to the `batch`
/// persons of the solve. With `komend` persons still expected (this week's and those of the
/// weeks to come), the half year ends with `H = sum(gerealiseerd + geplaatst) + komend` persons
/// housed; gemeente `g`'s share of them is `H * q_g / sum q`, with `q = max(taakstelling +
/// achterstand, 0)` its quota of the half year; it still needs `max(H * q_g / sum q -
/// gerealiseerd_g - geplaatst_g, 0)`, and those needs, scaled to sum to `batch`, are the
/// targets. `None` when no gemeente has a quota or none needs anything.
///
/// The targets of `bouw` (the share of the quota left, `rest`) make up for only part of what
/// earlier weeks placed off that share; these make up for all of it by the end of the half
/// year. A simulation from the start of the half year (`gerealiseerd` 0) ends each gemeente at
/// exactly the target `simulate` measures its shortfall against; from a later start, the
/// measure shares the simulated persons by the quota left at that start instead, and the two
/// differ where `gerealiseerd` was not in proportion to the quota. `gerealiseerd` counts the
/// persons housed this half year, so the same targets follow whether the weeks placed so far
/// are in `geplaatst` (`simulate`) or already in `gerealiseerd` (`match --prognose`).
pub fn einddoelen(inst: &Instance, geplaatst: &[i64], komend: f64, batch: f64) -> Option<Vec<f64>> {
    let quota: Vec<f64> = inst
        .gemeenten
        .iter()
        .map(|g| (g.taakstelling + g.achterstand).max(0) as f64)
        .collect();
    let gehuisvest: Vec<f64> = inst
        .gemeenten
        .iter()
        .zip(geplaatst)
        .map(|(g, &l)| (g.gerealiseerd + l) as f64)
        .collect();
    let totaal_quota: f64 = quota.iter().sum();
    if totaal_quota <= 0.0 {
        return None;
    }
    let eind = gehuisvest.iter().sum::<f64>() + komend;
    let nodig: Vec<f64> = quota
        .iter()
        .zip(&gehuisvest)
        .map(|(q, h)| (eind * q / totaal_quota - h).max(0.0))
        .collect();
    let totaal_nodig: f64 = nodig.iter().sum();
    (totaal_nodig > 0.0).then(|| nodig.iter().map(|n| n * batch / totaal_nodig).collect())
}

/// Persons coupled per gemeente.
fn personen_per_gemeente(p: &Probleem, toewijzing: &[Option<GemeenteIdx>]) -> Vec<i64> {
    let mut last = vec![0i64; p.gemeenten.len()];
    for (hm, g) in p.huishoudens.iter().zip(toewijzing) {
        if let Some(g) = g {
            last[g.idx()] += i64::from(hm.personen);
        }
    }
    last
}

/// The instance of one week: its households `leden` (in that order), and every gemeente with
/// the persons placed in earlier weeks (`geplaatst`) added to its `gerealiseerd`.
pub fn batch(inst: &Instance, leden: &[HuishoudenIdx], geplaatst: &[i64]) -> Instance {
    Instance {
        gemeenten: inst
            .gemeenten
            .iter()
            .zip(geplaatst)
            .map(|(g, &p)| Gemeente {
                gerealiseerd: g.gerealiseerd + p,
                ..g.clone()
            })
            .collect(),
        regios: inst.regios.clone(),
        arbeidsmarkt: inst.arbeidsmarkt.clone(),
        huishoudens: leden.iter().map(|&h| inst.huishouden(h).clone()).collect(),
        scores_extern: inst.scores_extern,
    }
}

/// Sets a week's room to what is left of the half year's `capaciteit` after `geplaatst`
/// (never below the week's fixed households, who go to their gemeente whatever the room), and
/// keeps each target within it. `bouw` alone would give every week a fresh `marge` above the
/// quota left.
pub fn beperk(p: &mut Probleem, capaciteit: &[i64], geplaatst: &[i64]) {
    let vast = p.vaste_personen();
    for ((g, v), (&c, &l)) in p
        .gemeenten
        .iter_mut()
        .zip(vast)
        .zip(capaciteit.iter().zip(geplaatst))
    {
        g.cap = (c - l).max(v);
        g.doel = g.doel.min(g.cap as f64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_future_is_drawn_from_the_weeks_seen_as_many_per_week_as_so_far() {
        // 30 households in weeks 1..=3: 10 a week, 230 for weeks 4..=26
        assert_eq!(verwacht(3, 30), 230);
        assert_eq!(verwacht(LAATSTE_WEEK, 500), 0);
        assert_eq!(verwacht(0, 5), 0);
        let gezien: Vec<HuishoudenIdx> = (0..30).map(|i| HuishoudenIdx::new(2 * i)).collect();
        let t = toekomst(7, 3, &gezien);
        // at most KOPIEEN_MAX copies of each household seen, each as often (balanced)
        assert_eq!(t.len(), KOPIEEN_MAX * 30);
        assert!(
            t.iter().all(|h| gezien.contains(h)),
            "drawn from the weeks seen only"
        );
        for h in &gezien {
            assert_eq!(t.iter().filter(|&x| x == h).count(), KOPIEEN_MAX);
        }
        // seeded by the seed and the week alone
        assert_eq!(t, toekomst(7, 3, &gezien));
        assert_ne!(t, toekomst(8, 3, &gezien));
        assert_ne!(t[..50], toekomst(7, 4, &gezien)[..50]);
        // fewer expected than seen: each drawn at most once
        let t = toekomst(7, 24, &gezien);
        assert_eq!(t.len(), verwacht(24, 30));
        assert!(t.iter().all(|h| t.iter().filter(|&x| x == h).count() == 1));
        // at most TOEKOMST_MAX, on the room scaled as the households are
        assert_eq!(
            toekomst(1, 1, &gezien).len(),
            TOEKOMST_MAX.min(750).min(KOPIEEN_MAX * 30)
        );
        let groot: Vec<HuishoudenIdx> = (0..1000).map(HuishoudenIdx::new).collect();
        assert_eq!(toekomst(1, 1, &groot).len(), TOEKOMST_MAX);
        assert_eq!(schaal(300, 1500, 7500), 1800.0 / 7800.0);
        assert_eq!(schaal(300, 200, 200), 1.0);
        assert!(toekomst(1, 1, &[]).is_empty());
    }

    #[test]
    fn a_household_of_the_week_takes_the_best_place_the_miniature_gave_its_copies() {
        use crate::solve::testdata::{gemeente, huishouden, probleem};
        let gn = |g: usize| Some(GemeenteIdx::new(g));
        let soort_a = || huishouden(1, vec![(0, 10.0), (1, 5.0)]);
        // positions 0 and 1 are the week's (kinds A and B); 2 to 4 are drawn: A, A, B
        let mut p = probleem(
            vec![gemeente(3, 0.0), gemeente(3, 0.0)],
            vec![
                soort_a(),
                huishouden(2, vec![(0, 4.0), (1, 6.0)]),
                soort_a(),
                soort_a(),
                huishouden(2, vec![(0, 4.0), (1, 6.0)]),
            ],
        );
        let alle = [0, 1, 0, 0, 1].map(HuishoudenIdx::new);
        let voor = vec![gn(1), None, None, gn(0), gn(1)];
        let mut t = voor.clone();
        het_beste_nu(&p, &alle, 2, &mut t);
        // A takes its copy's place in gemeente 0; B, uncoupled, its copy's in gemeente 1
        assert_eq!(t, vec![gn(0), gn(1), None, gn(1), None]);
        let waarde = |t: &[Option<GemeenteIdx>]| solve::doelwaarde(&p, t).unwrap().doelwaarde;
        assert_eq!(
            waarde(&t),
            waarde(&voor),
            "the miniature's worth is the same"
        );
        // already at its kind's best place, or fixed: it stays
        let mut t = vec![gn(0), gn(1), gn(1), gn(0), None];
        het_beste_nu(&p, &alle, 2, &mut t);
        assert_eq!(t, vec![gn(0), gn(1), gn(1), gn(0), None]);
        p.huishoudens[0].vast = true;
        p.huishoudens[0].kandidaten.remove(0);
        let mut t = vec![gn(1), None, None, gn(0), gn(1)];
        het_beste_nu(&p, &alle, 2, &mut t);
        assert_eq!(t[0], gn(1));
    }

    #[test]
    fn a_household_the_miniature_has_no_room_for_is_coupled_on_the_real_room() {
        use crate::model::Opleidingsniveau::Middelbaar;
        use crate::score::testdata::{huishouden, instance, persoon};
        // week 1 of a household of 3: 25 expected after it, KOPIEEN_MAX drawn, so the
        // miniature gets (1 + KOPIEEN_MAX)/26 of the room; the only room left, 3 places in
        // GM0001, becomes 1 there
        let volwassene = || persoon(35, Middelbaar, Some(10), 10);
        let inst = instance(vec![huishouden(vec![
            volwassene(),
            volwassene(),
            volwassene(),
        ])]);
        let h = [HuishoudenIdx::new(0)];
        let (gewichten, solver) = (Gewichten::default(), solve::Opties::default());
        let w = Week {
            instance: &inst,
            gewichten: &gewichten,
            solver: &solver,
            seed: 1,
            capaciteit: &[3, 0, 0, 0],
            geplaatst: &[0; 4],
            week: 1,
            leden: &h,
            gezien: &h,
        };
        let k = koppel_week(Beleid::Vooruitziend, &w).unwrap();
        assert_eq!(
            (k.getrokken, k.schaal),
            (KOPIEEN_MAX, (1 + KOPIEEN_MAX) as f64 / 26.0)
        );
        assert_eq!((3.0 * k.schaal).ceil(), 1.0, "the miniature has room for 1");
        assert_eq!(k.toewijzing, vec![Some(GemeenteIdx::new(0))]);
        assert_eq!(k.oplossingen, 2, "the miniature, then the household alone");
    }

    #[test]
    fn the_weeks_to_come_aim_each_gemeente_at_its_share_of_the_half_year() {
        use crate::score::testdata::instance;
        let mut inst = instance(vec![]);
        // quotas of the half year 10, 30, 0, and none (an achterstand below 0)
        for (g, (taak, achter, gerealiseerd)) in
            inst.gemeenten
                .iter_mut()
                .zip([(10, 0, 5), (20, 10, 0), (0, 0, 0), (0, -5, 0)])
        {
            (g.taakstelling, g.achterstand, g.gerealiseerd) = (taak, achter, gerealiseerd);
        }
        // 10 housed (5 before the simulation, 5 placed since), 16 to come: 26 at the end,
        // 6.5 and 19.5 of them the shares of the quotas 10 and 30; 1.5 and 14.5 still
        // needed, scaled to the 10 persons of the week's solve
        let d = einddoelen(&inst, &[0, 5, 0, 0], 16.0, 10.0).unwrap();
        assert_eq!(d, vec![1.5 * 10.0 / 16.0, 14.5 * 10.0 / 16.0, 0.0, 0.0]);
        // the same persons housed, all of them counted in gerealiseerd (match --prognose)
        inst.gemeenten[1].gerealiseerd = 5;
        assert_eq!(einddoelen(&inst, &[0; 4], 16.0, 10.0).unwrap(), d);
        // a gemeente beyond its share at the end needs nothing: the others share the solve
        let d = einddoelen(&inst, &[9, 0, 0, 0], 7.0, 10.0).unwrap();
        assert_eq!(d, vec![0.0, 10.0, 0.0, 0.0], "14 of 26 housed in the first");
        // no quota anywhere: no targets of this kind
        for g in &mut inst.gemeenten {
            (g.taakstelling, g.achterstand) = (0, 0);
        }
        assert_eq!(einddoelen(&inst, &[0; 4], 16.0, 10.0), None);
    }

    #[test]
    fn vooruitziend_solves_on_the_targets_of_the_end_of_the_half_year() {
        use crate::model::Opleidingsniveau::Middelbaar;
        use crate::score::testdata::{huishouden, instance, persoon};
        // a household of 4 in the last week; GM0001 (AM01, where it fits better) has 8 of
        // its quota of 10 housed, GM0003 (AM02) 4 of 10; the other two have no quota, no room
        let volwassene = || persoon(35, Middelbaar, Some(10), 10);
        let mut h = huishouden(vec![volwassene(), volwassene(), volwassene(), volwassene()]);
        h.week = Some(LAATSTE_WEEK);
        let mut inst = instance(vec![h]);
        for (g, taak) in inst.gemeenten.iter_mut().zip([10, 0, 10, 0]) {
            g.taakstelling = taak;
        }
        let (hh, a, b) = (
            HuishoudenIdx::new(0),
            GemeenteIdx::new(0),
            GemeenteIdx::new(2),
        );
        let mut gewichten = Gewichten::default();
        let (p, _) = solve::bouw(&inst, &score::score(&inst, &gewichten), &gewichten);
        let d = p.score(hh, a).unwrap() - p.score(hh, b).unwrap();
        assert!(d > 0.0, "it fits better in GM0001");
        // by the shares of the quota left (2 and 6 of 8: targets 1 and 3 of its 4 persons)
        // GM0001 leaves 2 persons more short than GM0003; by the shares of the half year's
        // end (8 and 8 of 16: targets 0 and 4), 4 more. Each person short weighs d / 3.
        gewichten.model.tekort_boete = d / 3.0;
        let solver = solve::Opties::default();
        let w = Week {
            instance: &inst,
            gewichten: &gewichten,
            solver: &solver,
            seed: 1,
            capaciteit: &[100, 0, 100, 0],
            geplaatst: &[8, 0, 4, 0],
            week: LAATSTE_WEEK,
            leden: &[hh],
            gezien: &[hh],
        };
        let wekelijks = koppel_week(Beleid::Wekelijks, &w).unwrap();
        assert_eq!(
            wekelijks.toewijzing,
            vec![Some(a)],
            "fit 2d/3 above the extra shortfall"
        );
        let vooruit = koppel_week(Beleid::Vooruitziend, &w).unwrap();
        assert_eq!(vooruit.getrokken, 0, "nothing comes after the last week");
        assert_eq!(
            vooruit.toewijzing,
            vec![Some(b)],
            "fit d/3 below the extra shortfall"
        );
    }

    #[test]
    fn the_room_of_a_week_is_what_the_half_year_left() {
        let mut p = Probleem {
            gemeenten: vec![
                solve::GemeenteModel {
                    regio: crate::model::RegioIdx::new(0),
                    cap: 4,
                    doel: 3.0,
                },
                solve::GemeenteModel {
                    regio: crate::model::RegioIdx::new(0),
                    cap: 2,
                    doel: 1.0,
                },
            ],
            huishoudens: vec![solve::HuishoudenModel {
                personen: 3,
                vast: true,
                kandidaten: vec![(GemeenteIdx::new(1), 1.0)],
            }],
            tekort_boete: 1.0,
            ongekoppeld_boete: 100.0,
            regio_vloer: None,
        };
        // 10 places at the start: 8 used leaves 2 (and the target within it); at gemeente 1
        // all 5 used, but its fixed household of 3 still goes there
        beperk(&mut p, &[10, 5], &[8, 5]);
        assert_eq!((p.gemeenten[0].cap, p.gemeenten[0].doel), (2, 2.0));
        assert_eq!(p.gemeenten[1].cap, 3);
    }
}
