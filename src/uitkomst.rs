//! The outcome of a run, as plain data: what every renderer reads.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::explain::Koppeling;
use crate::model::{GemeenteIdx, Instance};
use crate::score::Scores;

use crate::model::Gewichten;
use crate::solve::basislijn::{Quotaprijs, Vergelijking};
use crate::solve::{Bevinding, Oplossing, Probleem};

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
    /// `--vorige`: the output folder of an earlier run, whose koppeling to keep as far as the
    /// optimum allows.
    pub vorige: Option<PathBuf>,
    /// `--prognose`: the folder of the households of the half year's earlier weeks, with which
    /// this week's batch is coupled as `simulate`'s `vooruitziend` couples it ([`Prognose`]).
    pub prognose: Option<PathBuf>,
    /// `--seed`: the seed of that policy's draw of the weeks to come (with `prognose`).
    pub seed: u64,
    pub solver: crate::solve::Opties,
    /// The form of the CSV files written (`--csv`).
    pub csv: CsvVorm,
}

/// The form of the CSV outputs (`koppelingen.csv`, `taakstelling.csv`, `--export-scores`):
/// the same cells either way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CsvVorm {
    /// The contract's form: `,` between cells, a decimal point, UTF-8 without a BOM, LF.
    #[default]
    Standaard,
    /// What Dutch Excel opens by a double-click: `;` between cells, a decimal comma, a UTF-8
    /// BOM, CRLF.
    Excel,
}

impl MatchOpties {
    pub fn bron(&self) -> crate::io::Bron {
        self.data
            .clone()
            .map_or(crate::io::Bron::Voorbeeld, crate::io::Bron::Map)
    }
}

/// Wall-clock time per stage, in milliseconds. The only part of the output that varies
/// between identical runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tijden {
    pub laden: u64,
    pub scoren: u64,
    pub oplossen: u64,
    pub uitleggen: u64,
}

/// Everything a run produced.
#[derive(Debug, Clone)]
pub struct Uitkomst {
    /// How the input is named (folder or `<voorbeeld>`).
    pub bron: String,
    /// Whether the input is the embedded example (with illustrative data).
    pub voorbeeld: bool,
    /// The options of the run, recorded in `rapport.json` so `kansrijk explain` can solve again.
    pub opties: MatchOpties,
    /// `opties.data` and `opties.gewichten` made absolute (where they exist), so `kansrijk
    /// explain` finds them from any working directory.
    pub absoluut: Absoluut,
    /// File hashes and the `bron` values of the input.
    pub herkomst: crate::io::Herkomst,
    pub instance: Instance,
    pub gewichten: Gewichten,
    pub scores: Scores,
    pub probleem: Probleem,
    pub bevindingen: Vec<Bevinding>,
    pub oplossing: Oplossing,
    pub koppelingen: Vec<Koppeling>,
    /// Every planner decision (`vastzetten.csv`) with its measured cost, in file order; `None`
    /// when the input has no `vastzetten.csv`.
    pub besluiten: Option<Vec<crate::explain::planner::Besluitkosten>>,
    /// The optimum next to the baselines (quota-first, greedy) on the same input.
    pub vergelijking: Vec<Vergelijking>,
    /// What the quotas cost in fit.
    pub quotaprijs: Quotaprijs,
    /// How the mean fit received is spread over gemeenten and regions.
    pub spreiding: crate::explain::spreiding::Spreiding,
    /// The spread bound and its cost, when asked for.
    pub spreidingsgrens: Option<crate::explain::spreiding::Spreidingsgrens>,
    /// The comparison with the earlier run (`--vorige`), when asked for.
    pub vorige: Option<crate::explain::verplaatst::Vorige>,
    /// How the koppeling was made with `--prognose`, beside the batch's own optimum.
    pub prognose: Option<Prognose>,
    pub tijden: Tijden,
}

/// `match --prognose`: this week's batch coupled as `simulate`'s `vooruitziend` couples it
/// ([`crate::simulatie::koppel_week`]), solved together with a miniature of the weeks still
/// to come, drawn from the households seen so far. The koppeling keeps room for those weeks,
/// so it is not the batch's own optimum: that one is solved too ([`Prognose::optimum`]).
#[derive(Debug, Clone)]
pub struct Prognose {
    /// `--prognose` as given.
    pub map: String,
    /// The files read from it: (name, SHA-256 hex).
    pub bestanden: Vec<(String, String)>,
    /// The batch's week K.
    pub week: u32,
    /// The seed of the draw.
    pub seed: u64,
    /// Households of weeks `1..=K`, the batch's included: what the weeks to come are drawn
    /// from.
    pub gezien: usize,
    /// Households expected in weeks `K+1..=26` ([`crate::simulatie::verwacht`]), and drawn to
    /// stand in for them ([`crate::simulatie::toekomst`]).
    pub verwacht: usize,
    pub getrokken: usize,
    /// The share of the room left that the solve had ([`crate::simulatie::schaal`]).
    pub schaal: f64,
    /// The batch solved alone: its own optimum (koppeling, value, bound and status). The
    /// run's bound and certificate are its.
    pub optimum: Oplossing,
}

impl Prognose {
    /// What the koppeling, worth `doelwaarde`, gives up of the batch's own optimum for the
    /// weeks to come.
    pub fn opgegeven(&self, doelwaarde: f64) -> f64 {
        self.optimum.doelwaarde - doelwaarde
    }
}

/// The input paths of a run made absolute.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Absoluut {
    pub data: Option<std::path::PathBuf>,
    pub gewichten: Option<std::path::PathBuf>,
}

impl Absoluut {
    /// The absolute forms of the paths in `opties` that exist.
    pub fn van(opties: &MatchOpties) -> Self {
        let abs =
            |p: &Option<std::path::PathBuf>| p.as_ref().and_then(|p| std::fs::canonicalize(p).ok());
        Absoluut {
            data: abs(&opties.data),
            gewichten: abs(&opties.gewichten),
        }
    }
}

/// One gemeente's result, in persons.
#[derive(Debug, Clone, PartialEq)]
pub struct GemeenteResultaat {
    pub gemeente: GemeenteIdx,
    pub rest: i64,
    pub cap: i64,
    pub doel: f64,
    pub toegewezen: i64,
    pub huishoudens: usize,
    /// Mean fit of the households coupled here; `None` if none.
    pub gemiddelde_score: Option<f64>,
}

impl GemeenteResultaat {
    /// `toegewezen - rest`: negative means still short of the remaining quota.
    pub fn verschil(&self) -> i64 {
        self.toegewezen - self.rest
    }

    /// `doel - toegewezen` where positive: the shortfall the objective penalises, short of this
    /// batch's proportional share rather than the whole remaining quota. Summed over the
    /// gemeenten it is `Oplossing::tekort_personen`.
    pub fn tekort(&self) -> f64 {
        crate::solve::tekort(self.doel, self.toegewezen)
    }
}

impl Uitkomst {
    pub fn per_gemeente(&self) -> Vec<GemeenteResultaat> {
        let inst = &self.instance;
        let mut out: Vec<GemeenteResultaat> = inst
            .gemeente_indices()
            .zip(&inst.gemeenten)
            .map(|(g, gem)| GemeenteResultaat {
                gemeente: g,
                rest: gem.rest(),
                cap: self.probleem.gemeente(g).cap,
                doel: self.probleem.gemeente(g).doel,
                toegewezen: 0,
                huishoudens: 0,
                gemiddelde_score: None,
            })
            .collect();
        let mut som = vec![0.0; out.len()];
        for k in &self.koppelingen {
            if let (Some(g), Some(s)) = (k.gemeente, k.score) {
                out[g.idx()].toegewezen += i64::from(inst.huishouden(k.huishouden).personen());
                out[g.idx()].huishoudens += 1;
                som[g.idx()] += s;
            }
        }
        for (r, s) in out.iter_mut().zip(som) {
            if r.huishoudens > 0 {
                r.gemiddelde_score = Some(s / r.huishoudens as f64);
            }
        }
        out
    }
}
