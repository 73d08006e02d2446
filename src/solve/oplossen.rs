//! The top: [`los_op`] solves a [`Probleem`] to proven optimality (or until it cannot go on:
//! the time limit, or another reason its [`Status`] names). It starts from the greedy koppeling
//! ([`gretig`]), chooses the strategy by the model's size (the whole MIP, `geheel`, or pricing,
//! [`prijzen`]), and takes the best bound there is (HiGHS's, the certificate's, or the trivial
//! one), so what it returns is checked and never worse than greedy. Its gap and status come
//! from [`gap`] and [`bewezen`], which `kansrijk check` uses as well.

use serde::{Deserialize, Serialize};

use super::formuleringen::Aggregaat;
use super::highs::LpBasis;
use super::opties::{bewezen, gap, gap_in_kracht, Formulering, Opties};
use super::probleem::{doelwaarde_binnen_vloer, Probleem, Status};
use super::{geheel, gretig, prijzen};
use crate::error::SolveError;
use crate::model::GemeenteIdx;

/// A solution: where each household goes (`None`: uncoupled), and how good it is proven to be.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Oplossing {
    #[serde(skip)]
    pub toewijzing: Vec<Option<GemeenteIdx>>,
    pub status: Status,
    /// The objective: total fit minus penalties.
    pub doelwaarde: f64,
    /// The best proven upper bound on the objective.
    pub grens: f64,
    /// [`gap`] of `doelwaarde` under `grens`.
    pub gap: f64,
    /// Total fit of the coupled households.
    pub totale_score: f64,
    /// Persons short of the targets, summed.
    pub tekort_personen: f64,
    pub ongekoppeld: usize,
    /// Where the koppeling and the bound come from, for the report.
    pub herkomst: Oorsprong,
    /// How the bound was proven in the aggregated model (pricing); `None` for `volledig`.
    pub bewijs: Option<prijzen::Bewijs>,
    /// Size of the MIP that was solved.
    pub variabelen: usize,
    pub restricties: usize,
}

impl Oplossing {
    /// The final LP basis of the solve, when it was solved by pricing: a solve of a problem
    /// like this one starts its LP there ([`los_op_met_basis`]).
    pub fn lp_basis(&self) -> Option<&LpBasis> {
        self.bewijs.as_ref()?.lp_basis.as_ref()
    }
}

/// Who found the koppeling and who proved the bound (`herkomst` in `rapport.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Oorsprong {
    pub koppeling: KoppelingDoor,
    pub grens: GrensDoor,
}

/// Who found the koppeling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KoppelingDoor {
    /// HiGHS (polished by local search, when solved by pricing).
    Highs,
    /// The greedy koppeling: HiGHS stopped without a koppeling of its own, or a worse one.
    Gretig,
    /// The koppeling given to [`los_op_vanaf`], not improved on.
    Start,
}

/// Who proved the bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GrensDoor {
    /// The MIP's dual bound.
    Highs,
    /// The prices of [`super::certificaat`], which give a tighter one.
    Certificaat,
    /// Every household at its best fit, no shortfall: HiGHS stopped before it had a bound.
    Triviaal,
}

/// Whether [`los_op`] solves `p` by pricing ([`prijzen`]) rather than the whole MIP: the
/// aggregated model, with more options than `opties.prijzen_vanaf`.
pub fn door_prijzen(p: &Probleem, opties: &Opties) -> bool {
    opties.formulering == Formulering::Geaggregeerd && prijzen_voor(&Aggregaat::new(p), opties)
}

fn prijzen_voor(agg: &Aggregaat, opties: &Opties) -> bool {
    agg.opties() > opties.prijzen_vanaf
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
    los_op_met_basis(p, opties, start, None)
}

/// [`los_op_vanaf`], and when solved by pricing, its LP started from `basis` (the final LP's of
/// a problem like `p`, [`super::prijzen::Bewijs::lp_basis`]): the optimum is the same, found in
/// fewer steps.
pub fn los_op_met_basis(
    p: &Probleem,
    opties: &Opties,
    start: Option<&[Option<GemeenteIdx>]>,
    basis: Option<&LpBasis>,
) -> Result<Oplossing, SolveError> {
    let t0 = std::time::Instant::now();
    let agg = match opties.formulering {
        Formulering::Geaggregeerd => Some(Aggregaat::new(p)),
        Formulering::Volledig => None,
    };
    let door_prijzen = agg.as_ref().is_some_and(|a| prijzen_voor(a, opties));
    let opties = &Opties {
        gap: Some(gap_in_kracht(opties.gap, door_prijzen)),
        ..opties.clone()
    };
    // The greedy koppeling, or the given start if better: the start for HiGHS and the floor
    // under its answer, made to keep the spread bound if there is one.
    let gretig = {
        let toewijzing = gretig::binnen_vloer(p, gretig::gretig(p));
        let waarde =
            doelwaarde_binnen_vloer(p, &toewijzing).map_err(SolveError::GretigBreektRegel)?;
        (toewijzing, waarde)
    };
    let gegeven = start.and_then(|s| doelwaarde_binnen_vloer(p, s).ok().map(|w| (s.to_vec(), w)));
    let (gretig, gretig_naam) = match gegeven {
        Some(g) if g.1.doelwaarde > gretig.1.doelwaarde => (g, KoppelingDoor::Start),
        _ => (gretig, KoppelingDoor::Gretig),
    };
    let (mip, bewijs) = match &agg {
        Some(agg) if door_prijzen => {
            let (mip, bewijs) = prijzen::los_op(p, opties, agg, &gretig, t0, basis)?;
            (mip, Some(bewijs))
        }
        agg => (geheel::los_op(p, opties, agg.as_ref(), &gretig.0)?, None),
    };
    let status = mip.status;
    let grens = mip.grens;
    let ((toewijzing, waarde), koppeling) = match mip.keuze {
        Some(m) if m.1.doelwaarde >= gretig.1.doelwaarde => (m, KoppelingDoor::Highs),
        _ => (gretig, gretig_naam),
    };
    let mut grens_bron = if grens.is_some() {
        GrensDoor::Highs
    } else {
        GrensDoor::Triviaal
    };
    // Without a bound from HiGHS (stopped before its first LP), the trivial one.
    let mut grens = grens.unwrap_or(f64::INFINITY).min(gretig::grens(p));
    // the certificate's bound holds for the full model too, and may be tighter
    if let Some(c) = bewijs.as_ref().and_then(|b| b.certificaat.as_ref()) {
        if c.grens < grens {
            grens = c.grens;
            grens_bron = GrensDoor::Certificaat;
        }
    }
    let grens = grens.max(waarde.doelwaarde);
    let gap = gap(waarde.doelwaarde, grens);
    let status = if bewezen(waarde.doelwaarde, grens, opties.gap()) {
        Status::Optimaal
    } else {
        niet_bewezen(status)
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
        herkomst: Oorsprong {
            koppeling,
            grens: grens_bron,
        },
        bewijs,
    })
}

/// The status of a koppeling its bound does not prove within the gap: why the strategy stopped.
/// A strategy that counted itself done (HiGHS by its own measure of the gap, which leaves out
/// the model's constant) stopped for a reason of its own, not for time.
fn niet_bewezen(gestopt: Status) -> Status {
    match gestopt {
        Status::Optimaal => Status::Gestopt,
        anders => anders,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_origin_is_written_as_the_report_names_it() {
        let oorsprong = |koppeling, grens| serde_json::to_value(Oorsprong { koppeling, grens });
        assert_eq!(
            oorsprong(KoppelingDoor::Highs, GrensDoor::Certificaat).unwrap(),
            json!({"koppeling": "highs", "grens": "certificaat"})
        );
        assert_eq!(
            oorsprong(KoppelingDoor::Gretig, GrensDoor::Triviaal).unwrap(),
            json!({"koppeling": "gretig", "grens": "triviaal"})
        );
        assert_eq!(
            oorsprong(KoppelingDoor::Start, GrensDoor::Highs).unwrap(),
            json!({"koppeling": "start", "grens": "highs"})
        );
    }
}
