//! kansrijk couples households of vergunninghouders to gemeenten under their housing quotas
//! (taakstelling), maximising their chances of work and education, proves the koppeling
//! optimal, and explains every koppeling in Dutch.
//!
//! The pipeline runs one way: [`io::load`] -> [`validate::validate`] -> [`score::score`] ->
//! [`solve::bouw`] + [`solve::los_op`] -> [`explain::explain`] -> [`render::render`].
//! [`run`] chains them. [`leg_uit`] runs the same stages again for one household of a finished
//! run (`kansrijk explain`), and measures its alternatives by solving again. [`controleer`]
//! checks a finished run's claims without a solver (`kansrijk controleer`).
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
pub mod score;
pub mod solve;
pub mod uitkomst;
pub mod uitvoer;
pub mod validate;

use std::path::PathBuf;
use std::time::Instant;

pub use error::Error;
use error::UitlegError;
use explain::spreiding::Spreidingsgrens;
use explain::verhaal::{AlternatiefVerhaal, Run, Verhaal};
use uitkomst::{Tijden, Uitkomst};
pub use uitvoer::{schrijf, Geschreven, Uitvoer};

/// What `kansrijk match` needs besides the output folder.
#[derive(Debug, Clone, Default)]
pub struct MatchOpties {
    /// Input folder; `None` for the embedded example.
    pub data: Option<PathBuf>,
    /// Weights file; `None` for the folder's `gewichten.toml` or the defaults.
    pub gewichten: Option<PathBuf>,
    /// Overrides `[model] marge` of the weights.
    pub marge: Option<u32>,
    /// The spread bound (`--spreidingsgrens`): every region's mean fit at least this fraction
    /// of the national mean without the bound.
    pub spreidingsgrens: Option<f64>,
    pub solver: solve::Opties,
}

impl MatchOpties {
    pub fn bron(&self) -> io::Bron {
        self.data.clone().map_or(io::Bron::Voorbeeld, io::Bron::Map)
    }
}

fn ms(t: Instant) -> u64 {
    t.elapsed().as_millis() as u64
}

/// Loads and validates the input: the instance and weights, or every problem found.
pub fn load_valid(
    opties: &MatchOpties,
) -> Result<(model::Instance, score::Gewichten, io::Herkomst), Error> {
    let invoer = io::load(&opties.bron(), opties.gewichten.as_deref())?;
    let herkomst = invoer.herkomst.clone();
    let (instance, mut gewichten) = validate::validate(invoer)?;
    if let Some(m) = opties.marge {
        gewichten.model.marge = m;
    }
    Ok((instance, gewichten, herkomst))
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
        }
    }
}

/// Runs the whole pipeline up to (not including) rendering.
pub fn run(opties: &MatchOpties) -> Result<Uitkomst, Error> {
    run_met_voortgang(opties, &mut |_| {})
}

/// [`run`], telling `voortgang` when each stage starts.
pub fn run_met_voortgang(
    opties: &MatchOpties,
    voortgang: &mut dyn FnMut(Fase),
) -> Result<Uitkomst, Error> {
    voortgang(Fase::Laden);
    let t = Instant::now();
    let (instance, gewichten, herkomst) = load_valid(opties)?;
    let mut tijden = Tijden {
        laden: ms(t),
        ..Tijden::default()
    };

    voortgang(Fase::Scoren);
    let t = Instant::now();
    let scores = score::score(&instance, &gewichten);
    tijden.scoren = ms(t);

    voortgang(Fase::Oplossen {
        huishoudens: instance.huishoudens.len(),
    });
    let t = Instant::now();
    let (probleem, bevindingen) = solve::bouw(&instance, &scores, &gewichten);
    let (probleem, oplossing, spreidingsgrens) = match opties.spreidingsgrens {
        None => {
            let oplossing = solve::los_op(&probleem, &opties.solver)?;
            (probleem, oplossing, None)
        }
        Some(fractie) => met_spreidingsgrens(probleem, fractie, &opties.solver)?,
    };
    let vergelijking = solve::basislijn::vergelijk(
        &probleem,
        &instance.vergunningsvolgorde(),
        &oplossing.toewijzing,
    )?;
    let quotaprijs = solve::basislijn::quotaprijs(&probleem, &oplossing.toewijzing);
    tijden.oplossen = ms(t);

    voortgang(Fase::Uitleggen);
    let t = Instant::now();
    let koppelingen = explain::explain(
        &instance,
        &gewichten,
        &scores,
        &probleem,
        &oplossing.toewijzing,
        &bevindingen,
        0..instance.huishoudens.len(),
    );
    let spreiding = explain::spreiding::spreiding(&probleem, &oplossing.toewijzing);
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
        vergelijking,
        quotaprijs,
        spreiding,
        spreidingsgrens,
        tijden,
    })
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

/// What `kansrijk explain` needs.
#[derive(Debug, Clone, Default)]
pub struct UitlegOpties {
    /// The output folder of a finished `kansrijk match`.
    pub out: PathBuf,
    /// The household to explain, by `huishouden_id`.
    pub huishouden: String,
    /// The input folder, when it moved since the run; default: the one `rapport.json` records.
    pub data: Option<PathBuf>,
    /// Time limit of each re-solve in seconds; default: the run's own.
    pub tijdslimiet: Option<f64>,
}

/// A finished run loaded again: its report, its input as `match` loaded it, the model rebuilt
/// from that input, and the run's koppeling in the model's terms.
struct Herladen {
    run: io::rapport::VorigeRun,
    instance: model::Instance,
    gewichten: score::Gewichten,
    scores: score::Scores,
    probleem: solve::Probleem,
    bevindingen: Vec<solve::Bevinding>,
    toewijzing: Vec<Option<model::GemeenteIdx>>,
    niet_echt: bool,
}

/// Loads the run `run` of the output folder `out` again: its input (from `data` if given, else
/// where the report says), refused when a file changed since the run; the model rebuilt with
/// the run's options (its spread bound included); its koppeling read back.
fn herlaad(
    out: &std::path::Path,
    run: io::rapport::VorigeRun,
    data: Option<&std::path::Path>,
) -> Result<Herladen, Error> {
    let rapport = out.join(io::output::MERK);
    let data = if run.invoer.voorbeeld {
        None
    } else {
        match run.map(data) {
            Some(map) if map.is_dir() => Some(map),
            Some(map) => return Err(UitlegError::InvoerWeg(map).into()),
            None => {
                return Err(UitlegError::PastNiet {
                    path: rapport,
                    reden: "de invoermap ontbreekt in het blok \"invoer\"".into(),
                }
                .into())
            }
        }
    };
    // the run's input and options, loaded as `match` loads them
    let zoals_de_run = MatchOpties {
        data,
        gewichten: run.gewichten(),
        marge: run.opties.marge,
        ..MatchOpties::default()
    };
    let (instance, gewichten, herkomst) = load_valid(&zoals_de_run)?;
    if let Some(wat) = run.verschil(&herkomst.hashes) {
        return Err(UitlegError::InvoerGewijzigd {
            path: PathBuf::from(zoals_de_run.bron().label()),
            wat,
        }
        .into());
    }
    let scores = score::score(&instance, &gewichten);
    let (probleem, bevindingen) = solve::bouw(&instance, &scores, &gewichten);
    // the run's spread bound holds in every re-solve and check too
    let probleem = solve::Probleem {
        regio_vloer: run.opties.spreidingsgrens_vloer,
        ..probleem
    };
    let toewijzing = run
        .toewijzing(&instance)
        .map_err(|reden| UitlegError::PastNiet {
            path: rapport,
            reden,
        })?;
    Ok(Herladen {
        run,
        niet_echt: herkomst.niet_echt(),
        instance,
        gewichten,
        scores,
        probleem,
        bevindingen,
        toewijzing,
    })
}

/// What `kansrijk controleer` needs.
#[derive(Debug, Clone, Default)]
pub struct ControleOpties {
    /// The output folder of a finished `kansrijk match`.
    pub out: PathBuf,
    /// The input folder, when it moved since the run; default: the one `rapport.json` records.
    pub data: Option<PathBuf>,
}

/// A finished run checked without a solver, with its instance to name what the check found.
#[derive(Debug, Clone)]
pub struct Gecontroleerd {
    /// The run's input as the report names it.
    pub bron: String,
    pub instance: model::Instance,
    pub controle: solve::controle::Controle,
}

/// Checks a finished run without a solver ([`solve::controle`]): reads its `rapport.json`,
/// loads its input again (refusing when a file changed since the run), rebuilds the model and
/// recomputes the koppeling's rules and objective and the bound of its certificate.
pub fn controleer(opties: &ControleOpties) -> Result<Gecontroleerd, Error> {
    let run = io::rapport::lees(&opties.out)?;
    let Herladen {
        run,
        instance,
        probleem,
        toewijzing,
        ..
    } = herlaad(&opties.out, run, opties.data.as_deref())?;
    let past_niet = |reden: String| UitlegError::PastNiet {
        path: opties.out.join(io::output::MERK),
        reden,
    };
    let prijzen = run
        .oplossing
        .certificaat
        .as_ref()
        .map(|c| c.prijzen(&instance))
        .transpose()
        .map_err(past_niet)?;
    let o = &run.oplossing;
    let gemeld = solve::controle::Gemeld {
        status: solve::Status::parse(&o.status)
            .ok_or_else(|| past_niet(format!("onbekende status \"{}\"", o.status)))?,
        doelwaarde: o.doelwaarde,
        grens: o.grens,
        gap: o.gap,
        // only runs solved by pricing have a certificate
        toegestaan: solve::gap_in_kracht(run.opties.gap, prijzen.is_some()),
    };
    let controle = solve::controle::controleer(&probleem, &toewijzing, gemeld, prijzen.as_ref());
    Ok(Gecontroleerd {
        bron: run.invoer.bron,
        instance,
        controle,
    })
}

/// Explains one household of a finished run: reads the run's `rapport.json`, loads its input
/// again (refusing when a file changed since the run), rebuilds the koppeling and checks its
/// objective, explains the household, and measures what each alternative costs the whole
/// koppeling by solving again with the household fixed there, with the run's solver options
/// (the time limit of each re-solve may be given instead).
pub fn leg_uit(opties: &UitlegOpties, voortgang: &mut dyn FnMut(Fase)) -> Result<Verhaal, Error> {
    voortgang(Fase::Laden);
    let run = io::rapport::lees(&opties.out)?;
    let rapport = opties.out.join(io::output::MERK);
    if !run
        .koppelingen
        .iter()
        .any(|k| k.huishouden_id == opties.huishouden)
    {
        return Err(UitlegError::OnbekendHuishouden {
            path: rapport,
            id: opties.huishouden.clone(),
        }
        .into());
    }
    let past_niet = |reden: String| UitlegError::PastNiet {
        path: rapport.clone(),
        reden,
    };
    let Herladen {
        run,
        instance,
        gewichten,
        scores,
        probleem,
        bevindingen,
        toewijzing,
        niet_echt,
    } = herlaad(&opties.out, run, opties.data.as_deref())?;
    let waarde = solve::doelwaarde(&probleem, &toewijzing)
        .map_err(|e| past_niet(format!("de koppeling breekt een regel ({e})")))?;
    let opgegeven = run.oplossing.doelwaarde;
    if (waarde.doelwaarde - opgegeven).abs() > 1e-6 * opgegeven.abs().max(1.0) {
        return Err(past_niet(format!(
            "de koppeling is {} waard, het rapport zegt {opgegeven}",
            waarde.doelwaarde
        ))
        .into());
    }
    let solver = solve::Opties {
        tijdslimiet: opties.tijdslimiet.unwrap_or(run.opties.tijdslimiet),
        gap: run.opties.gap,
        formulering: solve::Formulering::parse(&run.opties.model)
            .ok_or_else(|| past_niet(format!("onbekend model \"{}\"", run.opties.model)))?,
        ..Default::default()
    };
    let status = solve::Status::parse(&run.oplossing.status)
        .ok_or_else(|| past_niet(format!("onbekende status \"{}\"", run.oplossing.status)))?;
    let h = instance
        .huishoudens
        .iter()
        .position(|hh| hh.id.as_str() == opties.huishouden)
        .ok_or_else(|| {
            past_niet(format!(
                "huishouden \"{}\" ontbreekt in de invoer",
                opties.huishouden
            ))
        })?;

    voortgang(Fase::Uitleggen);
    let koppeling = explain::explain(
        &instance,
        &gewichten,
        &scores,
        &probleem,
        &toewijzing,
        &bevindingen,
        [h],
    )
    .remove(0);
    let uitsplitsing = koppeling
        .gemeente
        .map(|g| explain::uitsplitsing::uitsplitsing(&instance, &gewichten, &scores, h, g));
    // the run's bound, never below its objective (rapport.json rounds nothing, but be safe)
    let basis = explain::kosten::Basis {
        toewijzing: &toewijzing,
        doelwaarde: waarde.doelwaarde,
        grens: run.oplossing.grens.max(waarde.doelwaarde),
    };
    let van = koppeling.alternatieven.len();
    let mut alternatieven = Vec::with_capacity(van);
    for (i, a) in koppeling.alternatieven.iter().enumerate() {
        voortgang(Fase::Meten { nr: i + 1, van });
        alternatieven.push(AlternatiefVerhaal {
            alternatief: a.clone(),
            componenten: scores.componenten(h, a.gemeente),
            kosten: explain::kosten::meet(&probleem, basis, h, a.gemeente, &solver)?,
        });
    }
    Ok(Verhaal {
        run: Run {
            bron: run.invoer.bron,
            voorbeeld: run.invoer.voorbeeld,
            niet_echt,
            status,
            doelwaarde: waarde.doelwaarde,
            gap: run.oplossing.gap,
        },
        instance,
        gewichten,
        koppeling,
        uitsplitsing,
        alternatieven,
    })
}
