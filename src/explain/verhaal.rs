//! One household's story for `kansrijk explain`, as data (rendered by
//! [`crate::render::verhaal`]): where it was coupled and why, its score component by component
//! with the inputs behind each, and its best alternatives with why not and what each costs the
//! whole koppeling, measured by solving again.

use serde::Serialize;

use super::alternatief::Alternatief;
use super::kosten::Kosten;
use super::uitsplitsing::Onderdeel;
use super::Koppeling;
use crate::model::Instance;
use crate::score::Componenten;

use crate::model::Gewichten;
use crate::solve::Status;

/// Everything `kansrijk explain` shows about one household.
#[derive(Debug, Clone)]
pub struct Verhaal {
    /// The run's input, for names.
    pub instance: Instance,
    /// The run's weights, for the rules behind the components.
    pub gewichten: Gewichten,
    pub run: Run,
    pub koppeling: Koppeling,
    /// The score at the koppeling split into its components; `None` when uncoupled.
    pub uitsplitsing: Option<Vec<Onderdeel>>,
    pub alternatieven: Vec<AlternatiefVerhaal>,
}

/// The run the household belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Run {
    /// How the input is named (folder or `<voorbeeld>`).
    pub bron: String,
    /// The embedded example.
    pub voorbeeld: bool,
    /// Some input says it is illustrative, synthetic or derived.
    pub niet_echt: bool,
    pub status: Status,
    pub doelwaarde: f64,
    pub gap: f64,
}

/// An alternative with its score components and what it costs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlternatiefVerhaal {
    pub alternatief: Alternatief,
    pub componenten: Componenten,
    pub kosten: Kosten,
}
