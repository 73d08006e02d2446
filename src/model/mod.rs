//! Domain types of the kansrijke koppeling, free of I/O.
//!
//! An [`Instance`] is a validated input folder: gemeenten and arbeidsmarktregio's with their
//! labour-market profile, and households with their members. Cross references are resolved to
//! indices ([`GemeenteIdx`], [`RegioIdx`]) so later stages never look a code up again.

pub mod gewichten;
mod ids;
mod idx;

pub use gewichten::{Combinatie, Gewichten};
pub use ids::{Beroepsklasse, GemeenteCode, HuishoudenId, PersoonId, RegioCode};
pub use idx::{GemeenteIdx, HuishoudenIdx, RegioIdx};

/// A gemeente and its housing quota for this half year.
#[derive(Debug, Clone, PartialEq)]
pub struct Gemeente {
    pub code: GemeenteCode,
    pub naam: String,
    pub regio: RegioIdx,
    pub inwoners: u64,
    pub taakstelling: i64,
    pub gerealiseerd: i64,
    pub achterstand: i64,
}

impl Gemeente {
    /// Remaining quota in persons: `taakstelling + achterstand - gerealiseerd` (may be negative).
    pub fn rest(&self) -> i64 {
        self.taakstelling + self.achterstand - self.gerealiseerd
    }
}

/// An arbeidsmarktregio with its education offer and specialised care.
#[derive(Debug, Clone, PartialEq)]
pub struct Regio {
    pub code: RegioCode,
    pub naam: String,
    pub mbo: bool,
    pub hbo: bool,
    pub wo: bool,
    pub academisch_ziekenhuis: bool,
}

/// Labour-market tension (UWV spanningsindicator: vacancies per job seeker) per region and
/// beroepsklasse. A missing combination counts as 1.0 ("gemiddeld").
#[derive(Debug, Clone, PartialEq)]
pub struct Arbeidsmarkt {
    /// `spanning[regio][klasse - 1]`
    spanning: Vec<[Option<f64>; Beroepsklasse::COUNT]>,
}

impl Arbeidsmarkt {
    /// Value used where the profile has no figure for a region and beroepsklasse.
    pub const ONBEKEND: f64 = 1.0;

    pub fn new(regios: usize) -> Self {
        Arbeidsmarkt {
            spanning: vec![[None; Beroepsklasse::COUNT]; regios],
        }
    }

    pub fn set(&mut self, regio: RegioIdx, klasse: Beroepsklasse, spanning: f64) {
        self.spanning[regio.idx()][klasse.index()] = Some(spanning);
    }

    /// The tension for `klasse` in `regio`, [`Self::ONBEKEND`] when the profile has none.
    pub fn spanning(&self, regio: RegioIdx, klasse: Beroepsklasse) -> f64 {
        self.spanning[regio.idx()][klasse.index()].unwrap_or(Self::ONBEKEND)
    }
}

/// CBS education level (ISCED 0-2 / 3-4 / 5-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Opleidingsniveau {
    Laag,
    Middelbaar,
    Hoog,
}

impl Opleidingsniveau {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "laag" => Some(Self::Laag),
            "middelbaar" => Some(Self::Middelbaar),
            "hoog" => Some(Self::Hoog),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Laag => "laag",
            Self::Middelbaar => "middelbaar",
            Self::Hoog => "hoog",
        }
    }
}

/// Recorded for completeness of the input only: no score reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Geslacht {
    M,
    V,
    X,
}

impl Geslacht {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "m" => Some(Self::M),
            "v" => Some(Self::V),
            "x" => Some(Self::X),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::M => "m",
            Self::V => "v",
            Self::X => "x",
        }
    }
}

/// Age from which a member counts as an adult.
pub const VOLWASSEN_VANAF: u32 = 18;

/// One member of a household.
#[derive(Debug, Clone, PartialEq)]
pub struct Persoon {
    pub id: PersoonId,
    pub leeftijd: u32,
    pub geslacht: Geslacht,
    pub opleidingsniveau: Opleidingsniveau,
    pub beroepsklasse: Option<Beroepsklasse>,
    pub ervaring_jaren: u32,
    pub interesse: Vec<Beroepsklasse>,
}

impl Persoon {
    pub fn is_volwassen(&self) -> bool {
        self.leeftijd >= VOLWASSEN_VANAF
    }
}

/// Hard requirement on the care available in the region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zorgbehoefte {
    AcademischZiekenhuis,
}

impl Zorgbehoefte {
    /// Whether `regio` has the care this need asks for: the care filter, in one place.
    pub fn aanwezig_in(self, regio: &Regio) -> bool {
        match self {
            Zorgbehoefte::AcademischZiekenhuis => regio.academisch_ziekenhuis,
        }
    }
}

/// What a planner decided about one household and gemeente (`vastzetten.csv`, column `soort`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Soort {
    /// Couple the household here: a hard rule like `vaste_gemeente_code`.
    Vast,
    /// Never couple the household here: a hard filter.
    Niet,
}

impl Soort {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "vast" => Some(Soort::Vast),
            "niet" => Some(Soort::Niet),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Soort::Vast => "vast",
            Soort::Niet => "niet",
        }
    }
}

/// One row of `vastzetten.csv`, resolved: a planner's decision on a household and a gemeente.
#[derive(Debug, Clone, PartialEq)]
pub struct Besluit {
    pub gemeente: GemeenteIdx,
    /// The planner's reason; empty when none was given.
    pub toelichting: String,
    /// The row's line in `vastzetten.csv`: decisions are listed in file order, and this names
    /// one decision of a household.
    pub regel: u64,
}

/// A planner's decisions on one household: at most one `vast`, any number of `niet`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Planner {
    pub vast: Option<Besluit>,
    pub niet: Vec<Besluit>,
}

/// One row of `scores_extern.csv`, resolved: another model's score for a household in a
/// gemeente (SPEC "Planner control").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExterneScore {
    pub gemeente: GemeenteIdx,
    /// The score as the file gives it, before the weight `extern.gewicht`.
    pub score: f64,
    /// `false` (`toegestaan = 0`): the external model forbids the pair, a hard filter.
    pub toegestaan: bool,
    /// The row's line in `scores_extern.csv`.
    pub regel: u64,
}

/// The unit that is coupled: persons who go to the same gemeente.
#[derive(Debug, Clone, PartialEq)]
pub struct Huishouden {
    pub id: HuishoudenId,
    pub azc: GemeenteIdx,
    pub netwerk: Option<GemeenteIdx>,
    /// The `vaste_gemeente_code` of `huishoudens.csv`; where the household must go, the
    /// planner's `vast` included, is [`Huishouden::vaste_gemeente`].
    pub vast: Option<GemeenteIdx>,
    pub zorg: Option<Zorgbehoefte>,
    pub week: Option<u32>,
    pub leden: Vec<Persoon>,
    /// The planner's decisions from `vastzetten.csv` (none when the file is absent).
    pub planner: Planner,
    /// The household's rows of `scores_extern.csv`, by gemeente (none when the file is absent).
    pub extern_scores: Vec<ExterneScore>,
}

impl Huishouden {
    /// The gemeente the household must go to, if any: the planner's `vast`, else its
    /// `vaste_gemeente_code` (validation makes sure they never differ).
    pub fn vaste_gemeente(&self) -> Option<GemeenteIdx> {
        self.planner.vast.as_ref().map(|b| b.gemeente).or(self.vast)
    }

    /// The planner's `niet` on gemeente `g`, if there is one.
    pub fn uitgesloten(&self, g: GemeenteIdx) -> Option<&Besluit> {
        self.planner.niet.iter().find(|b| b.gemeente == g)
    }

    /// The row of `scores_extern.csv` for gemeente `g`, if there is one.
    pub fn extern_score(&self, g: GemeenteIdx) -> Option<&ExterneScore> {
        self.extern_scores
            .binary_search_by_key(&g, |e| e.gemeente)
            .ok()
            .map(|i| &self.extern_scores[i])
    }

    /// The row of `scores_extern.csv` that forbids gemeente `g` (`toegestaan = 0`), if any.
    pub fn extern_verboden(&self, g: GemeenteIdx) -> Option<&ExterneScore> {
        self.extern_score(g).filter(|e| !e.toegestaan)
    }

    /// Household size in persons: what counts against a quota.
    pub fn personen(&self) -> u32 {
        self.leden.len() as u32
    }

    pub fn volwassenen(&self) -> impl Iterator<Item = &Persoon> {
        self.leden.iter().filter(|p| p.is_volwassen())
    }
}

/// A validated input: everything later stages need, with references resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub gemeenten: Vec<Gemeente>,
    pub regios: Vec<Regio>,
    pub arbeidsmarkt: Arbeidsmarkt,
    pub huishoudens: Vec<Huishouden>,
    /// Whether the input has `scores_extern.csv`: then every score has the component `extern`
    /// (0 for the pairs the file does not list), and every output shows it.
    pub scores_extern: bool,
}

impl Instance {
    pub fn gemeente(&self, g: GemeenteIdx) -> &Gemeente {
        &self.gemeenten[g.idx()]
    }

    pub fn regio(&self, r: RegioIdx) -> &Regio {
        &self.regios[r.idx()]
    }

    pub fn huishouden(&self, h: HuishoudenIdx) -> &Huishouden {
        &self.huishoudens[h.idx()]
    }

    pub fn regio_van(&self, g: GemeenteIdx) -> &Regio {
        self.regio(self.gemeente(g).regio)
    }

    /// Every gemeente's index, in input order.
    pub fn gemeente_indices(&self) -> impl DoubleEndedIterator<Item = GemeenteIdx> + Clone {
        GemeenteIdx::alle(self.gemeenten.len())
    }

    /// Every region's index, in input order.
    pub fn regio_indices(&self) -> impl DoubleEndedIterator<Item = RegioIdx> + Clone {
        RegioIdx::alle(self.regios.len())
    }

    /// Every household's index, in input order.
    pub fn huishouden_indices(&self) -> impl DoubleEndedIterator<Item = HuishoudenIdx> + Clone {
        HuishoudenIdx::alle(self.huishoudens.len())
    }

    pub fn personen(&self) -> u64 {
        self.huishoudens.iter().map(|h| h.personen() as u64).sum()
    }

    /// Household indices in permit order: by `week`, then input order; households without a
    /// week after those with one.
    pub fn vergunningsvolgorde(&self) -> Vec<HuishoudenIdx> {
        let mut v: Vec<HuishoudenIdx> = self.huishouden_indices().collect();
        v.sort_by_key(|&h| (self.huishouden(h).week.unwrap_or(u32::MAX), h));
        v
    }

    /// Whether household `h` may be coupled to gemeente `g` at all (the hard filters): only
    /// to its fixed gemeente if it has one ([`Huishouden::vaste_gemeente`]), never where the
    /// planner said `niet` or the external model `toegestaan = 0`
    /// ([`Huishouden::extern_verboden`]), and only where the care filter allows
    /// ([`Instance::zorg_staat_toe`]).
    pub fn toegestaan(&self, h: &Huishouden, g: GemeenteIdx) -> bool {
        if let Some(vast) = h.vaste_gemeente() {
            return vast == g;
        }
        h.uitgesloten(g).is_none() && h.extern_verboden(g).is_none() && self.zorg_staat_toe(h, g)
    }

    /// The care filter: whether the region of gemeente `g` has the care household `h` needs.
    pub fn zorg_staat_toe(&self, h: &Huishouden, g: GemeenteIdx) -> bool {
        h.zorg.is_none_or(|z| z.aanwezig_in(self.regio_van(g)))
    }

    /// Every planner decision with its household, in the order of `vastzetten.csv`.
    pub fn besluiten(&self) -> Vec<(HuishoudenIdx, Soort, &Besluit)> {
        let mut out: Vec<(HuishoudenIdx, Soort, &Besluit)> = self
            .huishouden_indices()
            .zip(&self.huishoudens)
            .flat_map(|(h, hh)| {
                let vast = hh.planner.vast.iter().map(move |b| (h, Soort::Vast, b));
                vast.chain(hh.planner.niet.iter().map(move |b| (h, Soort::Niet, b)))
            })
            .collect();
        out.sort_by_key(|(_, _, b)| b.regel);
        out
    }

    /// The same instance without the planner's decision on line `regel` of `vastzetten.csv`:
    /// what the koppeling would be without that one decision.
    pub fn zonder_besluit(&self, regel: u64) -> Instance {
        let mut inst = self.clone();
        for hh in &mut inst.huishoudens {
            if hh.planner.vast.as_ref().is_some_and(|b| b.regel == regel) {
                hh.planner.vast = None;
            }
            hh.planner.niet.retain(|b| b.regel != regel);
        }
        inst
    }
}
