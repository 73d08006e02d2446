//! What the three steps of pricing share: the problem, its options, the settings and the
//! clock ([`Omgeving`]), and the best koppeling so far ([`Beste`]), which steps 2 and 3
//! improve.

use std::time::Instant;

use crate::model::GemeenteIdx;
use crate::solve::formuleringen::Aggregaat;
use crate::solve::opties::{bewezen, Opties, ABS_GAP};
use crate::solve::probleem::{Gekozen, Probleem};

/// Seconds a MIP needs at least to be worth starting.
pub(super) const MIN_TIJD: f64 = 1.0;

/// What every step works in: the problem, its options, the settings and the clock.
pub(super) struct Omgeving<'a> {
    pub(super) p: &'a Probleem,
    pub(super) opties: &'a Opties,
    pub(super) agg: &'a Aggregaat,
    pub(super) t0: Instant,
}

impl Omgeving<'_> {
    /// Seconds left of the time limit.
    pub(super) fn over(&self) -> f64 {
        (self.opties.tijdslimiet - self.t0.elapsed().as_secs_f64()).max(0.0)
    }

    /// The gap allowed at objective `z`, absolute.
    pub(super) fn tol(&self, z: f64) -> f64 {
        (self.opties.gap() * z.abs().max(1.0)).max(ABS_GAP)
    }

    /// Whether `grens` proves a koppeling worth `z` within the allowed gap: the rule of the
    /// status ([`bewezen`]), so pricing stops exactly when the run counts as proven.
    pub(super) fn bewezen(&self, z: f64, grens: f64) -> bool {
        bewezen(z, grens, self.opties.gap())
    }

    /// Per household, which of its `y` options a koppeling uses.
    pub(super) fn regios_van(&self, toewijzing: &[Option<GemeenteIdx>]) -> Vec<Option<usize>> {
        toewijzing
            .iter()
            .zip(&self.agg.y)
            .map(|(&g, ys)| {
                let r = self.p.gemeente(g?).regio.idx();
                ys.iter().position(|&(y, _)| y == r)
            })
            .collect()
    }

    /// With `KANSRIJK_HIGHS_LOG` set: a step and the seconds since the start on stderr.
    pub(super) fn meld(&self, stap: &str) {
        if std::env::var_os("KANSRIJK_HIGHS_LOG").is_some() {
            eprintln!("[{:.2} s] {stap}", self.t0.elapsed().as_secs_f64());
        }
    }
}

/// The best koppeling so far, as the steps improve it.
pub(super) struct Beste {
    pub(super) keuze: Gekozen,
    /// Found by HiGHS (and polished by local search), not the greedy start.
    pub(super) van_highs: bool,
    /// What local search added to the koppeling HiGHS returned.
    pub(super) zoek_winst: f64,
}
