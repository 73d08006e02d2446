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
    /// Pricing: `y` options at most in its MIP, to bound memory; a proof that needs more ends
    /// with [`super::Status::Omvanglimiet`].
    pub mip_opties: usize,
    /// Branch-and-bound nodes at most in each MIP of the solve (HiGHS's `mip_max_nodes`); a
    /// MIP that reaches it stops with its best koppeling ([`super::Status::Gestopt`] when that
    /// is not proven). `None`: no limit. With the time limit infinite, a solve bounded by this
    /// alone gives the same koppeling on every machine.
    pub knooppunten: Option<i32>,
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
            mip_opties: MIP_OPTIES,
            knooppunten: None,
        }
    }
}

/// The default of [`Opties::mip_opties`]: five times the options of a national half year
/// (about 200,000), all of which a MIP of HiGHS holds in well under a gigabyte.
pub const MIP_OPTIES: usize = 1_000_000;

/// Whether `g` is a relative gap `match --gap` accepts: a number in [0, 1). The one rule for
/// the command line and for a run's options read back from `rapport.json`.
pub fn is_gap(g: f64) -> bool {
    (0.0..1.0).contains(&g)
}

/// Whether `t` is a time limit `match --time-limit` accepts: a positive, finite number of
/// seconds.
pub fn is_tijdslimiet(t: f64) -> bool {
    t > 0.0 && t.is_finite()
}

/// Whether `f` is a fraction `--spreidingsgrens` accepts: above 0, up to 1.
pub fn is_fractie(f: f64) -> bool {
    f > 0.0 && f <= 1.0
}

/// The relative gap a run works to: `--gap` if given, else 0 for models solved whole and
/// [`GAP_GROOT`] for those solved by pricing.
pub fn gap_in_kracht(gap: Option<f64>, door_prijzen: bool) -> f64 {
    gap.unwrap_or(if door_prijzen { GAP_GROOT } else { 0.0 })
}

/// Absolute gap tolerance: scores have 4 decimals, so this is far below any real difference.
pub(super) const ABS_GAP: f64 = 1e-6;

/// The gap of a koppeling worth `doelwaarde` under the bound `grens`: `(grens - doelwaarde) /
/// max(|doelwaarde|, 1)`, and 0 when the difference is at most [`ABS_GAP`] (scores have 4
/// decimals; the extra 1e-9 absorbs adding the model's constant back to HiGHS's bound, which
/// HiGHS itself closed to `ABS_GAP`). The one definition: `match` writes it as `gap` and decides its
/// status with it ([`bewezen`]); `kansrijk check` recomputes both with it
/// ([`super::controle`]).
pub fn gap(doelwaarde: f64, grens: f64) -> f64 {
    let verschil = grens - doelwaarde;
    if verschil <= ABS_GAP + 1e-9 {
        0.0
    } else {
        verschil / doelwaarde.abs().max(1.0)
    }
}

/// Whether the bound `grens` proves a koppeling worth `doelwaarde` optimal within the relative
/// gap `toegestaan`: its [`gap`] is at most `toegestaan`, boundary included. The one rule for
/// status `optimaal`, in `match` and in `kansrijk check` alike.
pub fn bewezen(doelwaarde: f64, grens: f64, toegestaan: f64) -> bool {
    gap(doelwaarde, grens) <= toegestaan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gap_is_relative_and_rounding_noise_is_none() {
        assert_eq!(gap(100.0, 101.0), 0.01);
        // below 1 in size, the gap is absolute
        assert_eq!(gap(0.5, 1.0), 0.5);
        assert_eq!(gap(-200.0, -100.0), 0.5);
        // within ABS_GAP (and a bound below the koppeling) is no gap
        assert_eq!(gap(100.0, 100.0 + 1e-7), 0.0);
        assert_eq!(gap(100.0, 99.0), 0.0);
    }

    #[test]
    fn a_gap_exactly_at_the_tolerance_is_proven_and_one_above_is_not() {
        // 2^-13 of 1024 is 0.125: every figure exact in binary
        let (z, grens, t) = (1024.0, 1024.125, 1.0 / 8192.0);
        assert_eq!(gap(z, grens), t);
        assert!(bewezen(z, grens, t));
        assert!(!bewezen(z, grens, t * (1.0 - f64::EPSILON)));
        assert!(!bewezen(z, grens + 1e-9, t));
        // at gap 0 only rounding noise is allowed
        assert!(bewezen(z, z + ABS_GAP, 0.0));
        assert_eq!(gap(z, z + ABS_GAP), 0.0);
        assert!(!bewezen(z, z + 2.0 * ABS_GAP, 0.0));
    }
}
