//! The schema of `rapport.json`: one set of typed structs, written by [`super::json`] and read
//! back by [`crate::replay`] (`kansrijk explain`, `kansrijk check`). The file names its schema
//! version in [`RapportJson::schema`]; a reader refuses any other.
//!
//! The report speaks in codes and ids, never in indices into the instance: gemeenten by
//! `gemeente_code`, regions by their code, households by `huishouden_id`. Simple value types of
//! the pipeline appear as they are (their serialized form is part of this schema); the parts
//! whose domain form holds indices or texts fixed at compile time have their own structs here.

use serde::{Deserialize, Serialize};

use crate::explain::spreiding::{Spreiding, Spreidingsgrens};
use crate::explain::Reden;
use crate::score::Componenten;

use crate::model::{Gewichten, Soort};
use crate::solve::certificaat::Prijs;
use crate::solve::{Formulering, Oorsprong, Status};
use crate::uitkomst::{CsvVorm, Tijden};

/// The schema version this build writes and reads.
pub const SCHEMA: &str = "kansrijk-rapport/1";

/// `rapport.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RapportJson {
    /// [`SCHEMA`].
    pub schema: String,
    /// The version of kansrijk that wrote the report.
    pub kansrijk: String,
    pub invoer: InvoerJson,
    pub opties: OptiesJson,
    pub herkomst: InvoerHerkomstJson,
    pub gewichten: Gewichten,
    pub model: ModelJson,
    pub oplossing: OplossingJson,
    /// The optimum next to the baselines, in that order.
    pub vergelijking: Vec<VergelijkingJson>,
    pub spreiding: Spreiding,
    pub spreidingsgrens: Option<Spreidingsgrens>,
    /// The comparison with an earlier run (`match --vorige`); absent without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vorige: Option<VorigeJson>,
    /// How the koppeling was made with `match --prognose`; absent without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prognose: Option<PrognoseJson>,
    pub quotaprijs: QuotaprijsJson,
    pub bevindingen: Vec<BevindingJson>,
    /// Every household, in input order.
    pub koppelingen: Vec<KoppelingJson>,
    /// Every planner decision of `vastzetten.csv` with its measured cost, in file order; absent
    /// when the input has no `vastzetten.csv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub besluiten: Option<Vec<BesluitJson>>,
    /// The only part that varies between identical runs.
    pub tijden_ms: Tijden,
}

/// The `vorige` block: the comparison with an earlier run's koppeling (`match --vorige`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VorigeJson {
    /// `--vorige` as given.
    pub map: String,
    /// Rows of its `koppelingen.csv`, and those left out (household or gemeente not in this
    /// input).
    pub rijen: usize,
    pub genegeerd: usize,
    /// Households with an earlier gemeente in this input; of those, kept there; and kept by
    /// the first stage's koppeling, before the second stage (`null`: the koppeling was found
    /// in one solve, without a first stage of its own).
    pub vergeleken: usize,
    pub behouden: usize,
    pub eerst_behouden: Option<usize>,
    /// `behouden` is proven the most of all koppelingen as good.
    pub bewezen: bool,
    /// The koppeling is proven within the gap of the best koppeling (a plan solved by
    /// pricing), rather than as good as the one found without the earlier run.
    pub binnen_de_gap: bool,
    /// Moved households whose cost was not measured.
    pub niet_gemeten: usize,
    /// Every household that moved, by `huishouden_id`.
    pub verplaatst: Vec<VerplaatsingJson>,
}

/// One household that moved compared with the earlier run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerplaatsingJson {
    pub huishouden_id: String,
    /// `gemeente_code` then and now (`None`: uncoupled now).
    pub van: String,
    pub naar: Option<String>,
    /// `niet_toegestaan`, `geen_plaats`, `kost`, `ander_verplaatst`, `niet_bewezen` or
    /// `niet_gemeten`.
    pub reden: String,
    /// `kost`: what keeping it costs in the objective, measured, and the range the true cost
    /// lies in.
    pub kosten: Option<f64>,
    pub kosten_minstens: Option<f64>,
    pub kosten_hooguit: Option<f64>,
    /// The sentence of `rapport.md`.
    pub toelichting: String,
}

/// The `invoer` block: where the input came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvoerJson {
    /// How the input is named in the report (folder or `<voorbeeld>`).
    pub bron: String,
    /// The embedded example.
    pub voorbeeld: bool,
    /// `--data` as given, and made absolute.
    pub map: Option<String>,
    pub map_absoluut: Option<String>,
    /// `--weights` as given, and made absolute.
    pub gewichten_bestand: Option<String>,
    pub gewichten_bestand_absoluut: Option<String>,
    pub huishoudens: usize,
    pub personen: u64,
    pub gemeenten: usize,
    /// SHA-256 of every input file read.
    pub bestanden: Vec<BestandJson>,
}

/// One input file and its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BestandJson {
    pub naam: String,
    pub sha256: String,
}

/// The `opties` block: the options of `kansrijk match` that change the koppeling, and the form
/// of its CSV files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptiesJson {
    /// `--marge`, if given.
    pub marge: Option<u32>,
    pub tijdslimiet: f64,
    /// `--gap`, if given.
    pub gap: Option<f64>,
    pub model: Formulering,
    /// `--spreidingsgrens`, if given.
    pub spreidingsgrens: Option<f64>,
    /// The floor of the spread bound the run solved with, if any.
    pub spreidingsgrens_vloer: Option<f64>,
    /// The form of its CSV files (`--csv`); reports without it were written in the standard
    /// form.
    #[serde(default)]
    pub csv: CsvVorm,
}

/// The top-level `herkomst` block: the `bron` values of every input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvoerHerkomstJson {
    /// Whether any input row says it is illustrative, synthetic or derived.
    pub niet_echt: bool,
    /// The warning to show when it is.
    pub waarschuwing: Option<String>,
    pub bestanden: Vec<BronBestandJson>,
    /// Columns and files of the input folder that kansrijk did not read (also warned about on
    /// stderr); left out when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub niet_gelezen: Vec<NietGelezenJson>,
    /// Input files that were not UTF-8 and were read in another encoding (also warned about
    /// on stderr); left out when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meldingen: Vec<MeldingJson>,
}

/// An input file read as text in another encoding than UTF-8 ([`crate::io::Melding`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeldingJson {
    /// The file's name, without its folder.
    pub bestand: String,
    /// The encoding it was read in: `windows-1252`.
    pub gelezen_als: String,
    /// What was done, in Dutch.
    pub tekst: String,
}

/// A column (`kolom`) or a whole file of the input that kansrijk did not read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NietGelezenJson {
    /// The file's name, without its folder.
    pub bestand: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kolom: Option<String>,
}

/// The `bron` values of one input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BronBestandJson {
    pub bestand: String,
    pub bronnen: Vec<BronTellingJson>,
}

/// One `bron` value and how many rows carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BronTellingJson {
    pub bron: String,
    pub rijen: usize,
}

/// The `model` block: enough to rebuild the MIP from `--export-scores`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelJson {
    pub ongekoppeld_boete: f64,
    pub tekort_boete: f64,
    pub marge: u32,
    /// How fixed households are modelled, in Dutch.
    pub vaste_koppelingen: String,
    pub gemeenten: Vec<ModelGemeenteJson>,
}

/// A gemeente's capacity and target in the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelGemeenteJson {
    pub gemeente_code: String,
    pub cap: i64,
    pub doel: f64,
}

/// The `prognose` block (`match --prognose`): the koppeling is `simulate`'s `vooruitziend` in
/// the batch's week, not the batch's own optimum. `oplossing` gives the koppeling's value
/// with the bound, status, proof and certificate of the batch solved alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrognoseJson {
    /// Always `vooruitziend`.
    pub beleid: String,
    /// `--prognose` as given, and the files read from it.
    pub map: String,
    pub bestanden: Vec<BestandJson>,
    /// The batch's week, and the seed of the draw.
    pub week: u32,
    pub seed: u64,
    /// Households of weeks 1 up to `week`, the batch's included; expected after `week`; drawn
    /// for those.
    pub gezien: usize,
    pub verwacht: usize,
    pub getrokken: usize,
    /// The share of the room left that the solve had.
    pub schaal: f64,
    /// The batch solved alone: its status, value and bound (`oplossing.grens`).
    pub optimum: WaardeJson,
    /// The koppeling's value (`oplossing.doelwaarde`), and what it gives up of `optimum`.
    pub doelwaarde: f64,
    pub opgegeven: f64,
}

/// A solution's value and how far it is proven: the first fields of the `oplossing` block,
/// and the batch's own optimum in the `prognose` block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaardeJson {
    pub status: Status,
    pub doelwaarde: f64,
    pub grens: f64,
    pub gap: f64,
    pub totale_score: f64,
    pub tekort_personen: f64,
    pub ongekoppeld: usize,
}

/// The `oplossing` block: the koppeling's value and how it is proven.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OplossingJson {
    #[serde(flatten)]
    pub waarde: WaardeJson,
    pub solver: String,
    pub herkomst: Oorsprong,
    pub bewijs: Option<BewijsJson>,
    /// The prices that bound the full model, where the run has them.
    pub certificaat: Option<CertificaatJson>,
    pub variabelen: usize,
    pub restricties: usize,
}

/// How the bound was proven by pricing ([`crate::solve::prijzen::Bewijs`]). It holds no bound
/// of its own: the one bound is `oplossing.grens`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BewijsJson {
    pub opties: usize,
    pub opties_in_mip: usize,
    pub drempel: f64,
    pub lp_rondes: usize,
    pub mip_rondes: usize,
    pub zoek_winst: f64,
}

/// The `oplossing.certificaat` block (see [`crate::solve::certificaat`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificaatJson {
    pub grens: f64,
    /// How to recompute the bound, in Dutch.
    pub uitleg: String,
    pub gemeenten: Vec<GemeentePrijsJson>,
    pub regios: Vec<RegioPrijsJson>,
}

/// A gemeente's prices in the certificate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GemeentePrijsJson {
    pub gemeente_code: String,
    #[serde(flatten)]
    pub prijs: Prijs,
}

/// A region's price: on its row of the spread bound, or what the quotas cost there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegioPrijsJson {
    pub regio: String,
    pub prijs: f64,
}

/// One koppeling's figures in the comparison ([`crate::solve::basislijn::Vergelijking`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VergelijkingJson {
    /// `optimum`, `quota-first` or `greedy`.
    pub naam: String,
    pub doelwaarde: f64,
    pub totale_score: f64,
    pub tekort_personen: f64,
    pub ongekoppeld: usize,
    pub aandeel_top3: f64,
}

/// What the quotas cost in fit ([`crate::solve::basislijn::Quotaprijs`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuotaprijsJson {
    pub zonder_taakstelling: f64,
    pub met_taakstelling: f64,
    pub prijs: f64,
    pub per_regio: Vec<RegioPrijsJson>,
}

/// A finding before solving ([`crate::solve::Bevinding`]), with its Dutch sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BevindingJson {
    #[serde(flatten)]
    pub soort: BevindingSoortJson,
    pub tekst: String,
}

/// [`crate::solve::Bevinding`] with codes and ids instead of indices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "soort", rename_all = "snake_case")]
pub enum BevindingSoortJson {
    CapaciteitVerhoogd {
        gemeente_code: String,
        vaste_personen: i64,
        cap_was: i64,
    },
    PastNergens {
        huishouden_id: String,
        personen: u32,
        grootste_ruimte: i64,
    },
    GeenZorgregio {
        huishouden_id: String,
    },
    ZorgruimteTekort {
        personen: i64,
        ruimte: i64,
    },
    RuimteTekort {
        personen: i64,
        ruimte: i64,
    },
}

/// One household's koppeling and why ([`crate::explain::Koppeling`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KoppelingJson {
    pub huishouden_id: String,
    pub personen: u32,
    /// `None`: uncoupled.
    pub gemeente_code: Option<String>,
    pub score: Option<f64>,
    pub componenten: Option<Componenten>,
    pub reden: Reden,
    /// The reason in Dutch.
    pub toelichting: String,
    pub beste_gemeente_code: Option<String>,
    pub beste_score: Option<f64>,
    pub alternatieven: Vec<AlternatiefJson>,
}

/// An alternative gemeente and why the household is not there
/// ([`crate::explain::alternatief::Alternatief`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlternatiefJson {
    pub gemeente_code: String,
    pub score: f64,
    pub waarom_niet: WaaromNietJson,
}

/// [`crate::explain::alternatief::WaaromNiet`] with household ids instead of indices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "soort", rename_all = "snake_case")]
pub enum WaaromNietJson {
    Capaciteit {
        ruimte: i64,
        cap: i64,
        vaste_personen: i64,
        voorrang: Vec<String>,
    },
    LagereScore {
        verschil: f64,
    },
    Taakstelling {
        verschil: f64,
        tekort: f64,
    },
    NietGevonden,
}

/// One planner decision and what it costs the whole koppeling
/// ([`crate::explain::planner::Besluitkosten`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BesluitJson {
    /// The row's line in `vastzetten.csv`.
    pub regel: u64,
    pub huishouden_id: String,
    pub gemeente_code: String,
    pub soort: Soort,
    /// The planner's reason; empty when none was given.
    pub toelichting: String,
    /// The measured cost in `doelwaarde`: the re-solve without this decision minus the run.
    pub kosten: f64,
    /// The true cost is at least this and at most `kosten_hooguit`: the run and the re-solve
    /// are each proven only to within their gap, or not at all (time limit).
    pub kosten_minstens: f64,
    pub kosten_hooguit: f64,
    /// Both solves exact, so `kosten` is the true cost (within 1e-5).
    pub exact: bool,
    /// The re-solve without this decision.
    pub zonder: HeroplossingJson,
}

/// A re-solve: its koppeling's objective, its proven bound, how it stopped and its gap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeroplossingJson {
    pub status: Status,
    pub doelwaarde: f64,
    pub grens: f64,
    pub gap: f64,
}
