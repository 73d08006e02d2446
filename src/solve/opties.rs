//! Solver settings: which formulation, how long, and how close to the optimum a koppeling must
//! be proven before it counts as optimal. Below every layer that solves, and read by the check
//! of a finished run ([`super::controle`]) for the gap that run allowed.

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
    /// ([`super::prijzen`]); below it, whole, which is faster at that size.
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
