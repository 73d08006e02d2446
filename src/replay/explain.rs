//! `kansrijk explain`: one household of a finished run, and what each of its alternatives
//! costs the whole koppeling.

use std::path::PathBuf;

use super::{herlaad, lees, Herladen};
use crate::error::UitlegError;
use crate::explain::verhaal::{AlternatiefVerhaal, Run, Verhaal};
use crate::explain::{self as uitleg, kosten, uitsplitsing};
use crate::io::output::MERK;
use crate::model::HuishoudenIdx;
use crate::{solve, Error, Fase};

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

/// Explains one household of a finished run: reads the run's `rapport.json`, loads its input
/// again (refusing when a file changed since the run), rebuilds the koppeling and checks its
/// objective, explains the household, and measures what each alternative costs the whole
/// koppeling by solving again with the household fixed there, with the run's solver options
/// (the time limit of each re-solve may be given instead).
pub fn explain(opties: &UitlegOpties, voortgang: &mut dyn FnMut(Fase)) -> Result<Verhaal, Error> {
    voortgang(Fase::Laden);
    let rapport = lees(&opties.out)?;
    let pad = opties.out.join(MERK);
    if rapport.prognose.is_some() {
        return Err(UitlegError::Prognose(pad).into());
    }
    if !rapport
        .koppelingen
        .iter()
        .any(|k| k.huishouden_id == opties.huishouden)
    {
        return Err(UitlegError::OnbekendHuishouden {
            path: pad,
            id: opties.huishouden.clone(),
        }
        .into());
    }
    let past_niet = |reden: String| UitlegError::PastNiet {
        path: pad.clone(),
        reden,
    };
    let Herladen {
        rapport,
        instance,
        gewichten,
        scores,
        probleem,
        bevindingen,
        toewijzing,
        niet_echt,
    } = herlaad(&opties.out, rapport, opties.data.as_deref())?;
    let waarde = solve::doelwaarde(&probleem, &toewijzing)
        .map_err(|e| past_niet(format!("de koppeling breekt een regel ({e})")))?;
    let opgegeven = rapport.oplossing.waarde.doelwaarde;
    if (waarde.doelwaarde - opgegeven).abs() > 1e-6 * opgegeven.abs().max(1.0) {
        return Err(past_niet(format!(
            "de koppeling is {} waard, het rapport zegt {opgegeven}",
            waarde.doelwaarde
        ))
        .into());
    }
    let solver = solve::Opties {
        tijdslimiet: opties.tijdslimiet.unwrap_or(rapport.opties.tijdslimiet),
        gap: rapport.opties.gap,
        formulering: rapport.opties.model,
        ..Default::default()
    };
    let h = instance
        .huishoudens
        .iter()
        .position(|hh| hh.id.as_str() == opties.huishouden)
        .map(HuishoudenIdx::new)
        .ok_or_else(|| {
            past_niet(format!(
                "huishouden \"{}\" ontbreekt in de invoer",
                opties.huishouden
            ))
        })?;

    voortgang(Fase::Uitleggen);
    let koppeling = uitleg::Context {
        instance: &instance,
        gewichten: &gewichten,
        scores: &scores,
        probleem: &probleem,
        toewijzing: &toewijzing,
        bevindingen: &bevindingen,
    }
    .explain([h])
    .remove(0);
    let uitsplitsing = koppeling
        .gemeente
        .map(|g| uitsplitsing::uitsplitsing(&instance, &gewichten, &scores, h, g));
    // the run's bound, never below its objective (rapport.json rounds nothing, but be safe)
    let basis = kosten::Basis {
        toewijzing: &toewijzing,
        doelwaarde: waarde.doelwaarde,
        grens: rapport.oplossing.waarde.grens.max(waarde.doelwaarde),
        // the run is read from its files, not solved: its LP is not there
        lp: None,
    };
    let van = koppeling.alternatieven.len();
    let mut alternatieven = Vec::with_capacity(van);
    for (i, a) in koppeling.alternatieven.iter().enumerate() {
        voortgang(Fase::Meten { nr: i + 1, van });
        alternatieven.push(AlternatiefVerhaal {
            alternatief: a.clone(),
            componenten: scores.componenten(h, a.gemeente),
            kosten: kosten::meet(&probleem, basis, h, a.gemeente, &solver)?,
        });
    }
    Ok(Verhaal {
        run: Run {
            bron: rapport.invoer.bron,
            voorbeeld: rapport.invoer.voorbeeld,
            niet_echt,
            status: rapport.oplossing.waarde.status,
            doelwaarde: waarde.doelwaarde,
            gap: rapport.oplossing.waarde.gap,
        },
        instance,
        gewichten,
        koppeling,
        uitsplitsing,
        alternatieven,
    })
}
