//! kansrijk couples households of vergunninghouders to gemeenten under their housing quotas
//! (taakstelling), maximising their chances of work and education, proves the koppeling
//! optimal, and explains every koppeling in Dutch.
//!
//! The pipeline runs one way: [`io::load`] -> [`validate::validate`] -> [`score::score`] ->
//! [`solve::bouw`] + [`solve::los_op`] -> [`explain::Context::explain`] -> [`render::render`].
//! [`run`] chains them. [`replay`] reads a finished run back from its `rapport.json`:
//! [`replay::explain`] runs the same stages again for one household (`kansrijk explain`), and
//! measures its alternatives by solving again; [`replay::check`] checks the run's claims
//! without a solver (`kansrijk check`).
//!
//! ```no_run
//! let opties = kansrijk::MatchOpties::default(); // the embedded example
//! let uitkomst = kansrijk::run(&opties).unwrap();
//! assert_eq!(uitkomst.oplossing.status, kansrijk::solve::Status::Optimaal);
//! for (naam, inhoud) in kansrijk::render::render(&uitkomst) {
//!     println!("{naam}: {} bytes", inhoud.len());
//! }
//! ```

pub mod error;
pub mod explain;
pub mod generate;
pub mod io;
pub mod model;
pub mod render;
pub mod replay;
pub mod score;
pub mod simulatie;
pub mod solve;
pub mod uitkomst;
pub mod uitvoer;
pub mod validate;
pub mod vergelijking;

use std::time::Instant;

pub use error::Error;
use explain::spreiding::Spreidingsgrens;
pub use replay::{ControleOpties, Gecontroleerd, UitlegOpties};
pub use simulatie::SimuleerOpties;
pub use uitkomst::MatchOpties;
use uitkomst::{Tijden, Uitkomst};
pub use uitvoer::{schrijf, Geschreven, Uitvoer};

fn ms(t: Instant) -> u64 {
    t.elapsed().as_millis() as u64
}

/// Loads and validates the input: the instance and weights, or every problem found.
pub fn load_valid(
    opties: &MatchOpties,
) -> Result<(model::Instance, model::Gewichten, io::Herkomst), Error> {
    let invoer = io::load(&opties.bron(), opties.gewichten.as_deref())?;
    valid(invoer, opties)
}

/// [`load_valid`] for an input already read ([`io::load`]): validated, with `--marge` applied.
pub fn valid(
    invoer: io::Invoer,
    opties: &MatchOpties,
) -> Result<(model::Instance, model::Gewichten, io::Herkomst), Error> {
    let herkomst = invoer.herkomst.clone();
    let (instance, mut gewichten) = validate::validate(invoer)?;
    if let Some(m) = opties.marge {
        gewichten.model.marge = m;
    }
    Ok((instance, gewichten, herkomst))
}

/// Refuses an input whose model needs more memory than the process may still take
/// ([`solve::geheugen`], [`io::geheugen`]), before the scores and the model are built: a clear
/// message and exit 2, not an allocation failure deep inside the build.
pub fn past_in_geheugen(inst: &model::Instance) -> Result<(), error::InputError> {
    let Some(nu) = io::geheugen::nu() else {
        return Ok(());
    };
    let s = solve::geheugen::schatting(inst);
    let nodig = s.bytes.saturating_sub(nu.in_gebruik);
    if nodig <= nu.ruimte {
        return Ok(());
    }
    Err(error::InputError::Geheugen {
        huishoudens: s.huishoudens,
        paren: s.paren,
        nodig,
        ruimte: nu.ruimte,
        grens: nu.grens.omschrijving(),
    })
}

/// A stage of the pipeline, reported to a progress display before it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fase {
    Laden,
    Scoren,
    /// Solving the MIP of this many households.
    Oplossen {
        huishoudens: usize,
    },
    Uitleggen,
    /// Solving again with the household fixed in alternative `nr` of `van`.
    Meten {
        nr: usize,
        van: usize,
    },
    /// `--vorige`: the second stage, keeping households where the earlier run put them.
    Behouden,
    /// `--vorige`: solving again with moved household `nr` of `van` kept in its earlier gemeente.
    VorigeMeten {
        nr: usize,
        van: usize,
    },
    /// Solving again without the planner's decision `nr` of `van` (`vastzetten.csv`).
    Besluit {
        nr: usize,
        van: usize,
    },
    /// `compare --sweep`: solving the variant at each of `stappen` values, in parallel.
    Sweep {
        stappen: usize,
    },
    /// `simulate`: playing this many policies week by week, and the half year at once.
    Simuleren {
        beleid: usize,
    },
}

impl Fase {
    /// What the stage does, in Dutch, for the progress line.
    pub fn omschrijving(self) -> String {
        match self {
            Fase::Laden => "invoer laden en controleren".to_string(),
            Fase::Scoren => "kansen berekenen".to_string(),
            Fase::Oplossen { huishoudens } => {
                format!("optimale koppeling zoeken voor {huishoudens} huishoudens")
            }
            Fase::Uitleggen => "koppelingen uitleggen".to_string(),
            Fase::Meten { nr, van } => {
                format!("kosten meten: alternatief {nr} van {van} opnieuw oplossen")
            }
            Fase::Behouden => {
                "zo veel mogelijk huishoudens houden waar de vorige run ze koppelde".to_string()
            }
            Fase::VorigeMeten { nr, van } => {
                format!("verplaatsing {nr} van {van} meten: opnieuw oplossen")
            }
            Fase::Besluit { nr, van } => {
                format!("kosten meten: besluit {nr} van {van} van de planner opnieuw oplossen")
            }
            Fase::Sweep { stappen } => {
                format!("de variant oplossen bij {stappen} waarden, tegelijk")
            }
            Fase::Simuleren { beleid } => {
                format!(
                    "{beleid} beleidsregels week voor week naspelen, en het halfjaar in een keer"
                )
            }
        }
    }
}

/// Runs the whole pipeline up to (not including) rendering.
pub fn run(opties: &MatchOpties) -> Result<Uitkomst, Error> {
    run_met_voortgang(opties, &mut |_| {})
}

/// An earlier koppeling to keep as far as the optimum allows: the `koppelingen.csv` rows of a
/// run folder (`match --vorige`), or a koppeling made in the same command (`compare`'s base).
#[derive(Debug, Clone)]
pub struct Eerder {
    /// How the report names it: the folder as given, or what the command calls it.
    pub naam: String,
    pub rijen: Vec<io::vorige::VorigeRij>,
    /// How many moved households to measure by solving again (what keeping each would cost):
    /// [`explain::verplaatst::MAX_GEMETEN`] for `match --vorige`; none for `compare`, whose
    /// report reads each move's cause from the data of both runs.
    pub meten: usize,
    /// The basis of the earlier run's final LP, when it was solved by pricing (`compare`'s
    /// base): the solve that keeps its koppeling starts its own LP there.
    pub lp_basis: Option<solve::LpBasis>,
}

/// [`run`], telling `voortgang` when each stage starts.
pub fn run_met_voortgang(
    opties: &MatchOpties,
    voortgang: &mut dyn FnMut(Fase),
) -> Result<Uitkomst, Error> {
    voortgang(Fase::Laden);
    let t = Instant::now();
    if let Some(map) = &opties.prognose {
        let (geladen, vooruit) = laad_prognose(opties, map)?;
        let opgelost = los_met(opties, geladen, ms(t), None, Some(vooruit), voortgang)?;
        return leg_uit(opties, opgelost, voortgang);
    }
    let geladen = load_valid(opties)?;
    let eerder = match &opties.vorige {
        Some(map) => Some(Eerder {
            naam: map.display().to_string(),
            rijen: io::vorige::lees(map)?,
            meten: explain::verplaatst::MAX_GEMETEN,
            lp_basis: None,
        }),
        None => None,
    };
    run_geladen(opties, geladen, ms(t), eerder, voortgang)
}

/// The pipeline from a loaded and valid input on: `laden` is the time loading took, `eerder`
/// the koppeling to keep where the optimum allows (`--vorige`, or `compare`'s base; `None`:
/// ties broken canonically).
pub fn run_geladen(
    opties: &MatchOpties,
    geladen: Geladen,
    laden: u64,
    eerder: Option<Eerder>,
    voortgang: &mut dyn FnMut(Fase),
) -> Result<Uitkomst, Error> {
    let opgelost = los(opties, geladen, laden, eerder, voortgang)?;
    leg_uit(opties, opgelost, voortgang)
}

/// The earlier koppeling of a run, placed on this input.
struct Vorig {
    /// The folder as given, or what the command calls it.
    naam: String,
    /// Each household's earlier gemeente (`None`: none known).
    plaats: Vec<Option<model::GemeenteIdx>>,
    /// Rows read, and those left out (household or gemeente not in this input).
    rijen: usize,
    genegeerd: usize,
    /// How many moved households to measure by solving again.
    meten: usize,
}

/// A run solved and not yet explained: the first half of [`run_geladen`].
struct Opgelost {
    instance: model::Instance,
    gewichten: model::Gewichten,
    herkomst: io::Herkomst,
    scores: score::Scores,
    probleem: solve::Probleem,
    bevindingen: Vec<solve::Bevinding>,
    oplossing: solve::Oplossing,
    spreidingsgrens: Option<Spreidingsgrens>,
    vorige: Option<Vorig>,
    behoud: Option<solve::behoud::Behoud>,
    prognose: Option<uitkomst::Prognose>,
    vergelijking: Vec<solve::basislijn::Vergelijking>,
    quotaprijs: solve::basislijn::Quotaprijs,
    tijden: Tijden,
}

impl Opgelost {
    /// The koppeling as the earlier one a variant keeps where its optimum allows; no move is
    /// measured by solving again (the comparison reads causes from the data).
    fn als_eerder(&self) -> Eerder {
        let inst = &self.instance;
        Eerder {
            naam: "basis".to_string(),
            rijen: inst
                .huishouden_indices()
                .map(|h| io::vorige::VorigeRij {
                    line: h.idx() as u64 + 2,
                    huishouden: inst.huishouden(h).id.clone(),
                    gemeente: self.oplossing.toewijzing[h.idx()]
                        .map(|g| inst.gemeente(g).code.clone()),
                })
                .collect(),
            meten: 0,
            lp_basis: self.oplossing.lp_basis().cloned(),
        }
    }
}

/// Loads no more: scores, builds and solves a loaded and valid input (the second stage too,
/// with `eerder`), with the baselines and the price of the quotas.
fn los(
    opties: &MatchOpties,
    geladen: Geladen,
    laden: u64,
    eerder: Option<Eerder>,
    voortgang: &mut dyn FnMut(Fase),
) -> Result<Opgelost, Error> {
    los_met(opties, geladen, laden, eerder, None, voortgang)
}

/// [`los`], and with `vooruit` (`match --prognose`) the koppeling made as `simulate`'s
/// `vooruitziend` makes it, beside the batch's own optimum ([`vooruitziend`]).
fn los_met(
    opties: &MatchOpties,
    geladen: Geladen,
    laden: u64,
    eerder: Option<Eerder>,
    vooruit: Option<Vooruit>,
    voortgang: &mut dyn FnMut(Fase),
) -> Result<Opgelost, Error> {
    let gebouwd = bouw(geladen, laden, voortgang)?;
    los_gebouwd(opties, gebouwd, eerder, vooruit, voortgang)
}

/// A loaded and valid input scored and built into the model, not yet solved.
struct Gebouwd {
    instance: model::Instance,
    gewichten: model::Gewichten,
    herkomst: io::Herkomst,
    scores: score::Scores,
    probleem: solve::Probleem,
    bevindingen: Vec<solve::Bevinding>,
    /// Loading and scoring; building the model counts as solving.
    tijden: Tijden,
}

/// Scores a loaded and valid input and builds its model: what needs no solver, so
/// `compare` does it for the variant while the base is solved.
fn bouw(
    (instance, gewichten, herkomst): Geladen,
    laden: u64,
    voortgang: &mut dyn FnMut(Fase),
) -> Result<Gebouwd, Error> {
    past_in_geheugen(&instance)?;
    let mut tijden = Tijden {
        laden,
        ..Tijden::default()
    };
    voortgang(Fase::Scoren);
    let t = Instant::now();
    let scores = score::score(&instance, &gewichten);
    tijden.scoren = ms(t);
    let t = Instant::now();
    let (probleem, bevindingen) = solve::bouw(&instance, &scores, &gewichten);
    tijden.oplossen = ms(t);
    Ok(Gebouwd {
        instance,
        gewichten,
        herkomst,
        scores,
        probleem,
        bevindingen,
        tijden,
    })
}

/// Solves a built input ([`bouw`]): see [`los_met`].
fn los_gebouwd(
    opties: &MatchOpties,
    gebouwd: Gebouwd,
    eerder: Option<Eerder>,
    vooruit: Option<Vooruit>,
    voortgang: &mut dyn FnMut(Fase),
) -> Result<Opgelost, Error> {
    let Gebouwd {
        instance,
        gewichten,
        herkomst,
        scores,
        probleem,
        bevindingen,
        mut tijden,
    } = gebouwd;
    voortgang(Fase::Oplossen {
        huishoudens: instance.huishoudens.len(),
    });
    let t = Instant::now();
    let (vorige, lp_basis) = match eerder {
        Some(e) => {
            let (plaats, genegeerd) = vorige_koppeling(&instance, &e.rijen);
            let vorig = Vorig {
                naam: e.naam,
                plaats,
                rijen: e.rijen.len(),
                genegeerd,
                meten: e.meten,
            };
            (Some(vorig), e.lp_basis)
        }
        None => (None, None),
    };
    // a plan solved by pricing keeps the earlier koppeling in one solve where that is proven
    let in_een_keer = match (&vorige, opties.spreidingsgrens) {
        (Some(v), None) => {
            solve::behoud::in_een_keer(&probleem, &opties.solver, &v.plaats, lp_basis.as_ref())?
        }
        _ => None,
    };
    let (probleem, oplossing, spreidingsgrens, behoud) = match (in_een_keer, opties.spreidingsgrens)
    {
        (Some(b), _) => (probleem, b.oplossing.clone(), None, Some(b)),
        (None, None) => {
            let oplossing = solve::los_op(&probleem, &opties.solver)?;
            (probleem, oplossing, None, None)
        }
        (None, Some(fractie)) => {
            let (p, o, s) = met_spreidingsgrens(probleem, fractie, &opties.solver)?;
            (p, o, s, None)
        }
    };
    let (oplossing, behoud) = match (&vorige, behoud) {
        (_, Some(b)) => (oplossing, Some(b)),
        (Some(v), None) => {
            voortgang(Fase::Behouden);
            let b = solve::behoud::behoud(&probleem, &opties.solver, oplossing, &v.plaats)?;
            (b.oplossing.clone(), Some(b))
        }
        (None, None) => (oplossing, None),
    };
    let (oplossing, prognose) = match vooruit {
        Some(v) => {
            let (o, p) = vooruitziend(&probleem, &gewichten, opties, v, oplossing)?;
            (o, Some(p))
        }
        None => (oplossing, None),
    };
    let mut vergelijking = solve::basislijn::vergelijk(
        &probleem,
        &instance.vergunningsvolgorde(),
        &oplossing.toewijzing,
    )?;
    if prognose.is_some() {
        // the run's koppeling, beside the baselines, is not the batch's optimum
        vergelijking[0].naam = simulatie::Beleid::Vooruitziend.naam();
    }
    let quotaprijs = solve::basislijn::quotaprijs(&probleem, &oplossing.toewijzing);
    tijden.oplossen += ms(t);
    Ok(Opgelost {
        instance,
        gewichten,
        herkomst,
        scores,
        probleem,
        bevindingen,
        oplossing,
        spreidingsgrens,
        vorige,
        behoud,
        prognose,
        vergelijking,
        quotaprijs,
        tijden,
    })
}

/// The second half of [`run_geladen`]: every koppeling explained, the moves against the
/// earlier run measured, the planner's decisions costed.
fn leg_uit(
    opties: &MatchOpties,
    o: Opgelost,
    voortgang: &mut dyn FnMut(Fase),
) -> Result<Uitkomst, Error> {
    let Opgelost {
        instance,
        gewichten,
        herkomst,
        scores,
        probleem,
        bevindingen,
        oplossing,
        spreidingsgrens,
        vorige,
        behoud,
        prognose,
        vergelijking,
        quotaprijs,
        mut tijden,
    } = o;
    voortgang(Fase::Uitleggen);
    let t = Instant::now();
    let koppelingen = explain::Context {
        instance: &instance,
        gewichten: &gewichten,
        scores: &scores,
        probleem: &probleem,
        toewijzing: &oplossing.toewijzing,
        bevindingen: &bevindingen,
    }
    .explain(instance.huishouden_indices());
    let spreiding = explain::spreiding::spreiding(&probleem, &oplossing.toewijzing);
    let vorige = match (vorige, behoud) {
        (Some(v), Some(b)) => {
            let (verplaatst, niet_gemeten) = explain::verplaatst::verplaatst(
                &probleem,
                &b,
                &v.plaats,
                &opties.solver,
                v.meten,
                &mut |nr, van| voortgang(Fase::VorigeMeten { nr, van }),
            )?;
            Some(explain::verplaatst::Vorige {
                map: v.naam,
                rijen: v.rijen,
                genegeerd: v.genegeerd,
                vergeleken: b.vergeleken,
                behouden: b.behouden,
                eerst_behouden: b.eerst_behouden,
                bewezen: b.bewezen,
                binnen_de_gap: b.binnen_de_gap,
                verplaatst,
                niet_gemeten,
                max_gemeten: v.meten,
            })
        }
        _ => None,
    };
    // what each planner decision costs, when the input has vastzetten.csv: measured against
    // the batch's own optimum (with --prognose, the koppeling keeps room for later weeks)
    let besluiten = if herkomst.heeft(io::VASTZETTEN) {
        let basis = prognose.as_ref().map_or(&oplossing, |p| &p.optimum);
        let run = explain::planner::Run {
            instance: &instance,
            gewichten: &gewichten,
            scores: &scores,
            probleem: &probleem,
            basis: explain::kosten::Basis {
                toewijzing: &basis.toewijzing,
                doelwaarde: basis.doelwaarde,
                grens: basis.grens.max(basis.doelwaarde),
                lp: basis.lp_basis(),
            },
            opties: &opties.solver,
        };
        let meld = &mut |nr, van| voortgang(Fase::Besluit { nr, van });
        Some(explain::planner::besluitkosten(run, meld)?)
    } else {
        None
    };
    tijden.uitleggen = ms(t);

    Ok(Uitkomst {
        bron: opties.bron().label(),
        voorbeeld: opties.data.is_none(),
        opties: opties.clone(),
        absoluut: uitkomst::Absoluut::van(opties),
        herkomst,
        instance,
        gewichten,
        scores,
        probleem,
        bevindingen,
        oplossing,
        koppelingen,
        besluiten,
        vergelijking,
        quotaprijs,
        spreiding,
        spreidingsgrens,
        vorige,
        prognose,
        tijden,
    })
}

/// A loaded and valid input: the instance, its weights, and where it came from.
type Geladen = (model::Instance, model::Gewichten, io::Herkomst);

/// `match --prognose`: this week's batch with the households of the earlier weeks, as
/// `simulate`'s `vooruitziend` sees the half year in the batch's week.
struct Vooruit {
    /// `--prognose` as given, and the files read from it.
    map: String,
    bestanden: Vec<(String, String)>,
    /// The batch's gemeenten (their `gerealiseerd` as now) and the households of both folders.
    instance: model::Instance,
    week: u32,
    /// The households of weeks `1..=week`, and the batch's, in permit order.
    gezien: Vec<model::HuishoudenIdx>,
    leden: Vec<model::HuishoudenIdx>,
}

/// Loads this week's batch (`opties.data`) and the households of the earlier weeks (the folder
/// `map`), checks them against each other ([`io::prognose::controleer`]) and validates each on
/// the batch's gemeenten: every problem of either listed before anything is solved.
fn laad_prognose(opties: &MatchOpties, map: &std::path::Path) -> Result<(Geladen, Vooruit), Error> {
    let mut batch = io::load(&opties.bron(), opties.gewichten.as_deref())?;
    let mut eerder = io::load_huishoudens(&io::Bron::Map(map.to_path_buf()), &batch)?;
    let week = io::prognose::controleer(&mut batch, &mut eerder);
    for (optie, gegeven) in [
        ("--vorige", opties.vorige.is_some()),
        ("--spreidingsgrens", opties.spreidingsgrens.is_some()),
    ] {
        if gegeven {
            batch.problems.add(
                "--prognose",
                None,
                None,
                format!("cannot be combined with {optie}"),
            );
        }
    }
    if batch.herkomst.heeft(io::SCORES_EXTERN) {
        batch.problems.add(
            &batch.namen.scores_extern,
            None,
            None,
            "--prognose does not read external scores: the households of the earlier weeks have none, so the weeks to come cannot be drawn with them",
        );
    }
    let bestanden = eerder.herkomst.hashes.clone();
    let (waarschuwingen, meldingen) = (
        eerder.herkomst.waarschuwingen.clone(),
        eerder.herkomst.meldingen.clone(),
    );
    let mut problemen = error::Problems::default();
    let mut probleem = |e: Error| match e {
        Error::Input(error::InputError::Invalid(p)) => {
            problemen.extend(p);
            Ok(())
        }
        e => Err(e),
    };
    let batch = valid(batch, opties).map_err(&mut probleem);
    // the earlier weeks are validated on the batch's gemeenten, regions and weights, whose
    // problems the batch's validation already lists: only those of their own files count
    let eigen = [
        eerder.namen.huishoudens.clone(),
        eerder.namen.personen.clone(),
    ];
    let eerder = validate::validate(eerder).map_err(|e| match e {
        error::InputError::Invalid(p) => probleem(error::InputError::Invalid(p.van(&eigen)).into()),
        e => probleem(e.into()),
    });
    let (Ok((instance, gewichten, mut herkomst)), Ok((eerder, _)), Some(week)) =
        (batch, eerder, week)
    else {
        return Err(error::InputError::Invalid(problemen).into());
    };
    // the earlier weeks' unknown columns and decoded files are told as the batch's are
    herkomst.waarschuwingen.extend(waarschuwingen);
    herkomst.meldingen.extend(meldingen);
    let mut huishoudens = instance.huishoudens.clone();
    huishoudens.extend(eerder.huishoudens);
    huishoudens.sort_by(|a, b| a.id.cmp(&b.id));
    let samen = model::Instance {
        huishoudens,
        ..instance.clone()
    };
    let weken = simulatie::weken(&samen)?;
    let gezien: Vec<model::HuishoudenIdx> = weken.iter().flat_map(|(_, l)| l).copied().collect();
    let leden = weken
        .into_iter()
        .find(|(w, _)| *w == week)
        .map(|(_, l)| l)
        .unwrap_or_default();
    let vooruit = Vooruit {
        map: map.display().to_string(),
        bestanden,
        instance: samen,
        week,
        gezien,
        leden,
    };
    Ok(((instance, gewichten, herkomst), vooruit))
}

/// `match --prognose`: the batch's koppeling as `simulate`'s `vooruitziend` makes it in the
/// batch's week ([`simulatie::koppel_week`]), on the room left now
/// ([`simulatie::capaciteit`] of the batch's gemeenten, nothing placed since), and its value
/// in the batch's own model `p`. Its bound, status and certificate are those of `optimum`, the
/// batch solved alone: a bound on every koppeling of the batch.
fn vooruitziend(
    p: &solve::Probleem,
    gewichten: &model::Gewichten,
    opties: &MatchOpties,
    v: Vooruit,
    optimum: solve::Oplossing,
) -> Result<(solve::Oplossing, uitkomst::Prognose), Error> {
    let capaciteit = simulatie::capaciteit(&v.instance, gewichten);
    let geplaatst = vec![0; capaciteit.len()];
    let w = simulatie::koppel_week(
        simulatie::Beleid::Vooruitziend,
        &simulatie::Week {
            instance: &v.instance,
            gewichten,
            solver: &opties.solver,
            seed: opties.seed,
            capaciteit: &capaciteit,
            geplaatst: &geplaatst,
            week: v.week,
            leden: &v.leden,
            gezien: &v.gezien,
        },
    )?;
    // the batch's households in both instances are in id order
    let waarde =
        solve::doelwaarde(p, &w.toewijzing).map_err(error::SolveError::BasislijnBreektRegel)?;
    let oplossing = solve::Oplossing {
        toewijzing: w.toewijzing,
        doelwaarde: waarde.doelwaarde,
        totale_score: waarde.totale_score,
        tekort_personen: waarde.tekort_personen,
        ongekoppeld: waarde.ongekoppeld,
        gap: solve::opties::gap(waarde.doelwaarde, optimum.grens),
        ..optimum.clone()
    };
    let prognose = uitkomst::Prognose {
        map: v.map,
        bestanden: v.bestanden,
        week: v.week,
        seed: opties.seed,
        gezien: v.gezien.len(),
        verwacht: simulatie::verwacht(v.week, v.gezien.len()),
        getrokken: w.getrokken,
        schaal: w.schaal,
        optimum,
    };
    Ok((oplossing, prognose))
}

/// The variant input of the scenario `sc` applied to the base input `gelezen` (as read for
/// the options `basis`, before validation): its options
/// (the input named by the folder `map`, where `compare` writes it), the input loaded and
/// checked from the files it makes, and the scenario's record.
fn scenario_variant(
    basis: &MatchOpties,
    gelezen: io::Invoer,
    sc: &io::scenario::Scenario,
    map: &std::path::Path,
) -> Result<(MatchOpties, Geladen, vergelijking::Scenario), Error> {
    let bron = basis.bron();
    let (invoer, wijzigingen) =
        io::scenario::pas_toe(sc, gelezen).map_err(error::InputError::Invalid)?;
    let bestanden = io::scenario::variant_bestanden(
        &bron,
        basis.gewichten.as_deref(),
        sc,
        &invoer,
        &wijzigingen,
    )?;
    let vo = MatchOpties {
        data: Some(map.to_path_buf()),
        gewichten: None,
        vorige: None,
        ..basis.clone()
    };
    let variant_bron = io::Bron::Bestanden {
        map: map.to_path_buf(),
        bestanden: bestanden.clone(),
    };
    let geladen = valid(io::load(&variant_bron, None)?, &vo)?;
    let scenario = vergelijking::Scenario {
        bestand: sc.bestand.clone(),
        naam: sc.naam.clone(),
        omschrijving: sc.omschrijving.clone(),
        wijzigingen,
        invoer: bestanden,
    };
    Ok((vo, geladen, scenario))
}

/// `kansrijk compare --scenario FILE --sweep KOLOM=VAN:TOT:STAP`: the scenario `bestand` with
/// its key `KOLOM` set to each value of the sweep `spec` ([`io::scenario::sweep`]). Every
/// step's scenario and variant input is read and checked before any solving (all problems
/// listed); then the base is solved, and the steps in parallel, each keeping the base's
/// koppeling where its optimum allows, as `compare` does. The steps come back in the order
/// of their values, the same whatever the number of threads.
pub fn sweep(
    basis: &MatchOpties,
    bestand: &std::path::Path,
    spec: &str,
    voortgang: &mut dyn FnMut(Fase),
) -> Result<vergelijking::Gesweept, Error> {
    use rayon::prelude::*;
    voortgang(Fase::Laden);
    let t = Instant::now();
    let gelezen = io::load(&basis.bron(), basis.gewichten.as_deref())?;
    let basis_invoer = valid(gelezen.clone(), basis)?;
    let scenario = io::scenario::lees(bestand)?;
    let sweep = io::scenario::sweep(&scenario, spec).map_err(error::InputError::Invalid)?;
    let mut problemen = error::Problems::default();
    let mut varianten = Vec::new();
    for &waarde in &sweep.waarden {
        let map = std::path::PathBuf::from(format!("{}={waarde}", sweep.kolom));
        let sc = match sweep.scenario(&scenario, waarde) {
            Ok(sc) => sc,
            Err(p) => {
                problemen.extend(p);
                continue;
            }
        };
        match scenario_variant(basis, gelezen.clone(), &sc, &map) {
            Ok((vo, geladen, _)) => varianten.push((waarde, vo, geladen)),
            Err(Error::Input(error::InputError::Invalid(p))) => problemen.extend(p),
            Err(e) => return Err(e),
        }
    }
    if !problemen.is_empty() {
        return Err(error::InputError::Invalid(problemen).into());
    }
    let laden = ms(t);
    let opgelost = los(basis, basis_invoer, laden, None, voortgang)?;
    let eerder = opgelost.als_eerder();
    let basis = leg_uit(basis, opgelost, voortgang)?;
    let regio = sweep.regio.clone().or_else(|| {
        let code = sweep.gemeente.as_ref()?;
        let g = basis.instance.gemeenten.iter().find(|g| &g.code == code)?;
        Some(basis.instance.regio(g.regio).code.clone())
    });
    voortgang(Fase::Sweep {
        stappen: varianten.len(),
    });
    let stappen = varianten
        .into_par_iter()
        .map(|(waarde, vo, geladen)| {
            let variant = run_geladen(&vo, geladen, laden, Some(eerder.clone()), &mut |_| {})?;
            Ok(vergelijking::stap(&basis, &variant, waarde))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(vergelijking::Gesweept {
        basis,
        scenario,
        sweep,
        regio,
        stappen,
    })
}

/// What `kansrijk compare` compares: the base run's options (input folder, weights, solver
/// settings) and the variant, solved with the same options.
#[derive(Debug, Clone)]
pub struct VergelijkOpties {
    pub basis: MatchOpties,
    pub variant: Variant,
}

/// How the variant is given.
#[derive(Debug, Clone)]
pub enum Variant {
    /// An input folder of its own (`--variant DIR`).
    Map(std::path::PathBuf),
    /// A scenario file of changes to the base input (`--scenario FILE`); the variant's input is
    /// written to the folder `map` (inside the comparison's output), so its run can be replayed.
    Scenario {
        bestand: std::path::PathBuf,
        map: std::path::PathBuf,
    },
}

/// `kansrijk compare`: loads and validates both inputs (every problem of either before any
/// solving), solves the base, then the variant keeping as many households where the base put
/// them as its optimum allows ([`solve::behoud`]), and compares the two
/// ([`vergelijking::vergelijk`]).
pub fn vergelijk(
    o: &VergelijkOpties,
    voortgang: &mut dyn FnMut(Fase),
) -> Result<vergelijking::Vergeleken, Error> {
    voortgang(Fase::Laden);
    let t = Instant::now();
    let gelezen = io::load(&o.basis.bron(), o.basis.gewichten.as_deref())?;
    let basis_invoer = valid(gelezen.clone(), &o.basis)?;
    let (variant_opties, variant_invoer, scenario, label) = match &o.variant {
        Variant::Map(dir) => {
            let vo = MatchOpties {
                data: Some(dir.clone()),
                vorige: None,
                ..o.basis.clone()
            };
            let geladen = load_valid(&vo)?;
            (vo, geladen, None, dir.display().to_string())
        }
        Variant::Scenario { bestand, map } => {
            let sc = io::scenario::lees(bestand)?;
            let (vo, geladen, scenario) = scenario_variant(&o.basis, gelezen, &sc, map)?;
            let label = format!("scenario {} ({})", sc.naam, bestand.display());
            (vo, geladen, Some(scenario), label)
        }
    };
    let laden = ms(t);
    // the variant scored and built while the base is solved, on the core the solver leaves
    let (basis, variant) = std::thread::scope(|s| {
        let variant = s.spawn(|| bouw(variant_invoer, laden, &mut |_| {}));
        let basis = los(&o.basis, basis_invoer, laden, None, voortgang);
        let variant = variant.join().expect("building the variant does not panic");
        (basis, variant)
    });
    let (basis, variant) = (basis?, variant?);
    // the base explained while the variant is solved: it needs only the base's koppeling
    voortgang(Fase::Oplossen {
        huishoudens: variant.instance.huishoudens.len(),
    });
    let eerder = basis.als_eerder();
    let (basis, variant) = rayon::join(
        || leg_uit(&o.basis, basis, &mut |_| {}),
        || {
            let opgelost = los_gebouwd(&variant_opties, variant, Some(eerder), None, &mut |_| {})?;
            leg_uit(&variant_opties, opgelost, &mut |_| {})
        },
    );
    let (basis, mut variant) = (basis?, variant?);
    if let Variant::Scenario { map, .. } = &o.variant {
        // the folder is written with the comparison; explain and check find it by this path
        variant.absoluut.data = std::path::absolute(map).ok();
    }
    Ok(vergelijking::vergelijk(basis, variant, label, scenario))
}

/// `kansrijk simulate`: loads and validates the input, where every household must have a
/// `week` (every problem listed, with file and line), then plays every policy
/// ([`simulatie::simuleer`]).
pub fn simuleer(
    o: &SimuleerOpties,
    voortgang: &mut dyn FnMut(Fase),
) -> Result<simulatie::Gesimuleerd, Error> {
    voortgang(Fase::Laden);
    let mut invoer = io::load(&o.basis.bron(), o.basis.gewichten.as_deref())?;
    let zonder_week = simulatie::zonder_week(&invoer);
    invoer.problems.extend(zonder_week);
    let (instance, gewichten, herkomst) = valid(invoer, &o.basis)?;
    past_in_geheugen(&instance)?;
    voortgang(Fase::Simuleren {
        beleid: simulatie::Beleid::ALLE.len(),
    });
    simulatie::simuleer(o, instance, gewichten, herkomst)
}

/// The earlier run's gemeente of every household of `inst` (`None`: uncoupled then, or not in
/// that run), and how many of its rows name a household or gemeente not in `inst` (left out).
fn vorige_koppeling(
    inst: &model::Instance,
    rijen: &[io::vorige::VorigeRij],
) -> (Vec<Option<model::GemeenteIdx>>, usize) {
    use std::collections::HashMap;
    let huishoudens: HashMap<&model::HuishoudenId, model::HuishoudenIdx> = inst
        .huishouden_indices()
        .map(|h| (&inst.huishouden(h).id, h))
        .collect();
    let gemeenten: HashMap<&model::GemeenteCode, model::GemeenteIdx> = inst
        .gemeente_indices()
        .map(|g| (&inst.gemeente(g).code, g))
        .collect();
    let mut plaats = vec![None; inst.huishoudens.len()];
    let mut genegeerd = 0;
    for r in rijen {
        let h = huishoudens.get(&r.huishouden);
        let g = r.gemeente.as_ref().map(|c| gemeenten.get(c));
        match (h, g) {
            (Some(&h), Some(Some(&g))) => plaats[h.idx()] = Some(g),
            (Some(_), None) => {}
            _ => genegeerd += 1,
        }
    }
    (plaats, genegeerd)
}

/// Solves with the spread bound ([`solve::spreidingsgrens`]): the problem with the floor, its
/// koppeling, and what the bound cost.
fn met_spreidingsgrens(
    probleem: solve::Probleem,
    fractie: f64,
    opties: &solve::Opties,
) -> Result<(solve::Probleem, solve::Oplossing, Option<Spreidingsgrens>), Error> {
    let b = solve::spreidingsgrens::los_op_begrensd(probleem, fractie, opties)?;
    let grens = Spreidingsgrens::new(
        &b.probleem,
        b.fractie,
        b.landelijk_gemiddelde,
        &b.zonder,
        &b.met,
    );
    Ok((b.probleem, b.met, Some(grens)))
}
