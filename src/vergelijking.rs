//! The outcome of `kansrijk compare`: two runs (the base and the variant) and what differs
//! between them, as plain data the renderers read. Households, gemeenten and regions are
//! matched by their codes, so a variant folder may hold other rows than the base.
//!
//! - [`Wijziging`]: what differs in the input (the change itself, read from both inputs, not
//!   from how it was stated);
//! - [`Verschuiving`]: every household whose gemeente differs, with its cause ([`Oorzaak`]);
//! - [`Effect`]: per region and per gemeente, persons and households in and out, mean fit and
//!   shortfall on both sides. In minus out is the change, by construction and by test.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Beroepsklasse, GemeenteCode, GemeenteIdx, HuishoudenIdx, RegioCode};
use crate::uitkomst::Uitkomst;

/// Scores closer than this are the same (scores have 4 decimals).
const GELIJK: f64 = 1e-9;

/// A finished compare.
#[derive(Debug, Clone)]
pub struct Vergeleken {
    pub basis: Uitkomst,
    pub variant: Uitkomst,
    /// How the variant was stated (`--variant DIR`, or the scenario file and its name).
    pub variant_bron: String,
    /// The scenario, when the variant was stated as one (`--scenario FILE`).
    pub scenario: Option<Scenario>,
    pub wijzigingen: Vec<Wijziging>,
    pub verschuivingen: Vec<Verschuiving>,
    pub per_regio: Vec<Effect>,
    pub per_gemeente: Vec<Effect>,
}

/// A scenario (`compare --scenario FILE`): what it says and the variant's input it made.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub bestand: String,
    pub naam: String,
    pub omschrijving: Option<String>,
    /// Every change it made, with the rule that made it.
    pub wijzigingen: Vec<crate::io::scenario::Wijziging>,
    /// The variant's input files, written to `variant-invoer/` of the comparison.
    pub invoer: Vec<(String, Vec<u8>)>,
}

/// One difference between the base input and the variant's.
#[derive(Debug, Clone, PartialEq)]
pub enum Wijziging {
    Spanning {
        regio: RegioCode,
        regio_naam: String,
        klasse: Beroepsklasse,
        van: f64,
        naar: f64,
    },
    /// A gemeente's remaining quota (`taakstelling + achterstand - gerealiseerd`).
    Rest {
        gemeente: GemeenteCode,
        naam: String,
        van: i64,
        naar: i64,
    },
    /// A weight or model setting, by its key in `gewichten.toml` (`werk.gewicht`,
    /// `model.marge`), with its values as that file writes them.
    Gewicht {
        naam: String,
        van: String,
        naar: String,
    },
    /// Households only in one of the two inputs.
    Huishoudens {
        alleen_basis: usize,
        alleen_variant: usize,
    },
}

/// Where a household is coupled in one run.
#[derive(Debug, Clone, PartialEq)]
pub struct Plek {
    pub gemeente: GemeenteCode,
    pub gemeente_naam: String,
    pub regio: RegioCode,
    pub regio_naam: String,
    pub score: f64,
}

/// A household whose gemeente differs between the base and the variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Verschuiving {
    pub huishouden: String,
    pub personen: u32,
    /// `None`: uncoupled there, or not in that input.
    pub basis: Option<Plek>,
    pub variant: Option<Plek>,
    pub oorzaak: Oorzaak,
}

/// Why a household moved, read from the data of both runs, in this order of precedence.
#[derive(Debug, Clone, PartialEq)]
pub enum Oorzaak {
    /// In one input only.
    Nieuw,
    Weg,
    /// Its own score changed, in its base or its variant gemeente: the component that changed
    /// most, in that gemeente, from and to.
    EigenScore {
        gemeente: GemeenteCode,
        gemeente_naam: String,
        regio: RegioCode,
        regio_naam: String,
        component: &'static str,
        van: f64,
        naar: f64,
    },
    /// Its base gemeente is no longer allowed for it.
    NietToegestaan {
        gemeente: GemeenteCode,
    },
    /// Its base gemeente has less room in the variant (capacity in persons).
    MinderRuimte {
        gemeente: GemeenteCode,
        van: i64,
        naar: i64,
    },
    /// Others took its place: the households coupled to its base gemeente in the variant that
    /// were not there in the base (by id).
    Verdrongen {
        door: Vec<String>,
    },
    /// Room came free in its variant gemeente: households left it, or its capacity grew.
    RuimteVrij {
        gemeente: GemeenteCode,
    },
    /// None of the above: the targets of the quotas shifted (the same scores and room, another
    /// optimum).
    Anders,
}

impl Vergeleken {
    /// The move of household `id`, if it moved.
    pub fn verschuiving(&self, id: &str) -> Option<&Verschuiving> {
        self.verschuivingen
            .binary_search_by(|s| s.huishouden.as_str().cmp(id))
            .ok()
            .map(|i| &self.verschuivingen[i])
    }

    /// Households that changed region (or were coupled on one side only).
    pub fn andere_regio(&self) -> usize {
        andere_regio(&self.verschuivingen)
    }
}

/// Of `verschuivingen`, those that changed region (or were coupled on one side only).
fn andere_regio(verschuivingen: &[Verschuiving]) -> usize {
    verschuivingen
        .iter()
        .filter(|s| s.basis.as_ref().map(|p| &p.regio) != s.variant.as_ref().map(|p| &p.regio))
        .count()
}

/// A finished sweep (`compare --sweep`): the base, and the variant at each value of one key
/// of a scenario, each against the base.
#[derive(Debug, Clone)]
pub struct Gesweept {
    pub basis: Uitkomst,
    pub scenario: crate::io::scenario::Scenario,
    pub sweep: crate::io::scenario::Sweep,
    /// The region the swept rule is about (its own, or its gemeente's), whose inflow each
    /// step reports; `None` when the rule names no one region.
    pub regio: Option<RegioCode>,
    pub stappen: Vec<Stap>,
}

/// One step of a sweep: the variant at one value, against the base.
#[derive(Debug, Clone)]
pub struct Stap {
    pub waarde: f64,
    pub oplossing: crate::solve::Oplossing,
    /// The variant keeps households where the base put them as `compare` does; `true` when
    /// the number kept is proven the most.
    pub behouden_bewezen: bool,
    /// Households whose gemeente differs from the base, their persons, and those of them in
    /// another region.
    pub verschoven: usize,
    pub personen_verschoven: i64,
    pub andere_regio: usize,
    /// Moves per cause ([`Oorzaak::code`]).
    pub oorzaken: BTreeMap<&'static str, usize>,
    /// The price of the quotas in the variant ([`crate::solve::basislijn::Quotaprijs`]).
    pub prijs_taakstellingen: f64,
    pub per_regio: Vec<Effect>,
}

/// The step of a sweep at `waarde`: `variant` against `basis`, summed up (the variant's
/// koppeling itself is not kept).
pub fn stap(basis: &Uitkomst, variant: &Uitkomst, waarde: f64) -> Stap {
    let b = Kant::new(basis);
    let v = Kant::new(variant);
    let verschuivingen = verschuivingen(&b, &v);
    let mut oorzaken = BTreeMap::new();
    for s in &verschuivingen {
        *oorzaken.entry(s.oorzaak.code()).or_default() += 1;
    }
    Stap {
        waarde,
        oplossing: variant.oplossing.clone(),
        behouden_bewezen: variant.vorige.as_ref().is_some_and(|w| w.bewezen),
        verschoven: verschuivingen.len(),
        personen_verschoven: verschuivingen.iter().map(|s| i64::from(s.personen)).sum(),
        andere_regio: andere_regio(&verschuivingen),
        oorzaken,
        prijs_taakstellingen: variant.quotaprijs.prijs(),
        per_regio: effecten(&b, &v, Niveau::Regio),
    }
}

impl Oorzaak {
    /// The `oorzaak` column.
    pub fn code(&self) -> &'static str {
        match self {
            Oorzaak::Nieuw => "nieuw",
            Oorzaak::Weg => "weg",
            Oorzaak::EigenScore { .. } => "eigen_score",
            Oorzaak::NietToegestaan { .. } => "niet_toegestaan",
            Oorzaak::MinderRuimte { .. } => "minder_ruimte",
            Oorzaak::Verdrongen { .. } => "verdrongen",
            Oorzaak::RuimteVrij { .. } => "ruimte_vrij",
            Oorzaak::Anders => "anders",
        }
    }
}

/// A region's or gemeente's effect of the change.
#[derive(Debug, Clone, PartialEq)]
pub struct Effect {
    pub code: String,
    pub naam: String,
    pub personen_basis: i64,
    pub personen_variant: i64,
    pub huishoudens_basis: usize,
    pub huishoudens_variant: usize,
    /// Households coupled here in the variant and not in the base, and the other way round.
    pub huishoudens_in: usize,
    pub huishoudens_uit: usize,
    pub personen_in: i64,
    pub personen_uit: i64,
    pub gemiddelde_score_basis: Option<f64>,
    pub gemiddelde_score_variant: Option<f64>,
    /// Persons short of the proportional target (gemeenten only; regions: the sum).
    pub tekort_basis: f64,
    pub tekort_variant: f64,
    /// The price of the quotas (fit lost to them, [`crate::solve::basislijn::Quotaprijs`]) of
    /// the households coupled here.
    pub prijs_basis: f64,
    pub prijs_variant: f64,
}

/// One run's view used by the comparison.
struct Kant<'a> {
    u: &'a Uitkomst,
    /// Household index by id.
    per_id: BTreeMap<&'a str, HuishoudenIdx>,
    /// Gemeente index by code.
    per_code: BTreeMap<&'a GemeenteCode, GemeenteIdx>,
}

impl<'a> Kant<'a> {
    fn new(u: &'a Uitkomst) -> Self {
        let inst = &u.instance;
        Kant {
            u,
            per_id: inst
                .huishouden_indices()
                .map(|h| (inst.huishouden(h).id.as_str(), h))
                .collect(),
            per_code: inst
                .gemeente_indices()
                .map(|g| (&inst.gemeente(g).code, g))
                .collect(),
        }
    }

    fn gemeente_van(&self, h: HuishoudenIdx) -> Option<GemeenteIdx> {
        self.u.oplossing.toewijzing[h.idx()]
    }

    fn plek(&self, h: HuishoudenIdx) -> Option<Plek> {
        let g = self.gemeente_van(h)?;
        let inst = &self.u.instance;
        let gem = inst.gemeente(g);
        let regio = inst.regio(gem.regio);
        Some(Plek {
            gemeente: gem.code.clone(),
            gemeente_naam: gem.naam.clone(),
            regio: regio.code.clone(),
            regio_naam: regio.naam.clone(),
            score: self.u.probleem.score(h, g)?,
        })
    }

    fn regio_code(&self, g: GemeenteIdx) -> &'a RegioCode {
        let inst = &self.u.instance;
        &inst.regio(inst.gemeente(g).regio).code
    }
}

/// Compares the two runs: the input differences, who moved and why, and the effects.
pub fn vergelijk(
    basis: Uitkomst,
    variant: Uitkomst,
    variant_bron: String,
    scenario: Option<Scenario>,
) -> Vergeleken {
    let (wijzigingen, verschuivingen, per_regio, per_gemeente) = {
        let b = Kant::new(&basis);
        let v = Kant::new(&variant);
        (
            wijzigingen(&b, &v),
            verschuivingen(&b, &v),
            effecten(&b, &v, Niveau::Regio),
            effecten(&b, &v, Niveau::Gemeente),
        )
    };
    Vergeleken {
        basis,
        variant,
        variant_bron,
        scenario,
        wijzigingen,
        verschuivingen,
        per_regio,
        per_gemeente,
    }
}

/// What differs between the two inputs: spanning per region and class, the remaining quota per
/// gemeente, the weights and settings, and households in one input only.
fn wijzigingen(b: &Kant, v: &Kant) -> Vec<Wijziging> {
    let (bi, vi) = (&b.u.instance, &v.u.instance);
    let mut out = Vec::new();
    for r in bi.regio_indices() {
        let regio = bi.regio(r);
        let Some(vr) = vi.regio_indices().find(|&x| vi.regio(x).code == regio.code) else {
            continue;
        };
        for klasse in Beroepsklasse::all() {
            let (van, naar) = (
                bi.arbeidsmarkt.spanning(r, klasse),
                vi.arbeidsmarkt.spanning(vr, klasse),
            );
            if (van - naar).abs() > GELIJK {
                out.push(Wijziging::Spanning {
                    regio: regio.code.clone(),
                    regio_naam: regio.naam.clone(),
                    klasse,
                    van,
                    naar,
                });
            }
        }
    }
    for (code, &g) in &b.per_code {
        if let Some(&vg) = v.per_code.get(code) {
            let (van, naar) = (bi.gemeente(g).rest(), vi.gemeente(vg).rest());
            if van != naar {
                out.push(Wijziging::Rest {
                    gemeente: (*code).clone(),
                    naam: bi.gemeente(g).naam.clone(),
                    van,
                    naar,
                });
            }
        }
    }
    let (bw, vw) = (sleutels(&b.u.gewichten), sleutels(&v.u.gewichten));
    for (naam, van) in &bw {
        let naar = vw.get(naam).cloned().unwrap_or_default();
        if *van != naar {
            out.push(Wijziging::Gewicht {
                naam: naam.clone(),
                van: van.clone(),
                naar,
            });
        }
    }
    let alleen_basis = b
        .per_id
        .keys()
        .filter(|id| !v.per_id.contains_key(*id))
        .count();
    let alleen_variant = v
        .per_id
        .keys()
        .filter(|id| !b.per_id.contains_key(*id))
        .count();
    if alleen_basis + alleen_variant > 0 {
        out.push(Wijziging::Huishoudens {
            alleen_basis,
            alleen_variant,
        });
    }
    out
}

/// Every weight and model setting by its dotted key in `gewichten.toml`, with its value.
fn sleutels(w: &crate::model::Gewichten) -> BTreeMap<String, String> {
    fn vlak(v: &serde_json::Value, pad: &str, out: &mut BTreeMap<String, String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, w) in m {
                    let sub = if pad.is_empty() {
                        k.clone()
                    } else {
                        format!("{pad}.{k}")
                    };
                    vlak(w, &sub, out);
                }
            }
            serde_json::Value::String(s) => {
                out.insert(pad.to_string(), s.clone());
            }
            other => {
                out.insert(pad.to_string(), other.to_string());
            }
        }
    }
    let mut out = BTreeMap::new();
    vlak(
        &serde_json::to_value(w).expect("weights serialise"),
        "",
        &mut out,
    );
    out
}

/// Every household whose gemeente differs (by code; uncoupled or absent counts as none), in
/// `huishouden_id` order, with its cause.
fn verschuivingen(b: &Kant, v: &Kant) -> Vec<Verschuiving> {
    let ids: BTreeSet<&str> = b.per_id.keys().chain(v.per_id.keys()).copied().collect();
    let code = |k: &Kant, h: Option<HuishoudenIdx>| -> Option<GemeenteCode> {
        h.and_then(|h| k.gemeente_van(h))
            .map(|g| k.u.instance.gemeente(g).code.clone())
    };
    // per gemeente (by code), who came in and who left: for displacement and freed room
    let mut stromen = Stromen::default();
    for &id in &ids {
        let (hb, hv) = (b.per_id.get(id).copied(), v.per_id.get(id).copied());
        let (gb, gv) = (code(b, hb), code(v, hv));
        if gb != gv {
            if let Some(gv) = gv {
                stromen.binnen.entry(gv).or_default().push(id.to_string());
            }
            if let Some(gb) = gb {
                stromen.weg.entry(gb).or_default().push(id.to_string());
            }
        }
    }
    let mut out = Vec::new();
    for &id in &ids {
        let (hb, hv) = (b.per_id.get(id).copied(), v.per_id.get(id).copied());
        if code(b, hb) == code(v, hv) {
            continue;
        }
        let personen = hv
            .map(|h| v.u.instance.huishouden(h).personen())
            .or(hb.map(|h| b.u.instance.huishouden(h).personen()))
            .unwrap_or(0);
        let oorzaak = match (hb, hv) {
            (None, _) => Oorzaak::Nieuw,
            (_, None) => Oorzaak::Weg,
            (Some(hb), Some(hv)) => oorzaak(b, v, hb, hv, &stromen, id),
        };
        out.push(Verschuiving {
            huishouden: id.to_string(),
            personen,
            basis: hb.and_then(|h| b.plek(h)),
            variant: hv.and_then(|h| v.plek(h)),
            oorzaak,
        });
    }
    out
}

/// Who moved in and out of each gemeente (by code, households by id).
#[derive(Default)]
struct Stromen {
    /// Coupled here in the variant and not in the base.
    binnen: BTreeMap<GemeenteCode, Vec<String>>,
    /// Coupled here in the base and not in the variant.
    weg: BTreeMap<GemeenteCode, Vec<String>>,
}

/// The cause of one move, household `hb` in the base and `hv` in the variant.
fn oorzaak(
    b: &Kant,
    v: &Kant,
    hb: HuishoudenIdx,
    hv: HuishoudenIdx,
    stromen: &Stromen,
    id: &str,
) -> Oorzaak {
    let gb = b.gemeente_van(hb);
    let gv = v.gemeente_van(hv);
    // 1. its own score: the move became more attractive for itself. With `d_c` the change of
    // component `c` in the variant gemeente minus its change in the base gemeente (a gemeente
    // it is not in on one side counts 0 there), the cause is its own score when the `d_c` add up
    // to more than nothing; named is the component with the largest `d_c`, in the gemeente
    // where it changed most.
    let code_van =
        |k: &Kant, g: Option<GemeenteIdx>| g.map(|g| k.u.instance.gemeente(g).code.clone());
    let (code_b, code_v) = (code_van(b, gb), code_van(v, gv));
    let waarde = |k: &Kant, h: HuishoudenIdx, code: &Option<GemeenteCode>, naam: &str| -> f64 {
        code.as_ref()
            .and_then(|c| k.per_code.get(c))
            .map_or(0.0, |&g| {
                k.u.scores
                    .componenten(h, g)
                    .delen()
                    .iter()
                    .find(|(n, _)| *n == naam)
                    .map_or(0.0, |&(_, x)| x)
            })
    };
    let mut grootste: Option<Oorzaak> = None;
    let (mut totaal, mut beste) = (0.0, GELIJK);
    for naam in crate::score::NAMEN {
        let in_v = waarde(v, hv, &code_v, naam) - waarde(b, hb, &code_v, naam);
        let in_b = waarde(v, hv, &code_b, naam) - waarde(b, hb, &code_b, naam);
        let d = in_v - in_b;
        totaal += d;
        if d > beste {
            beste = d;
            let (code, k, g) = if in_v.abs() >= in_b.abs() {
                (code_v.clone(), v, gv)
            } else {
                (code_b.clone(), b, gb)
            };
            if let (Some(code), Some(g)) = (code, g) {
                let gem = k.u.instance.gemeente(g);
                let regio = k.u.instance.regio(gem.regio);
                grootste = Some(Oorzaak::EigenScore {
                    gemeente: code.clone(),
                    gemeente_naam: gem.naam.clone(),
                    regio: regio.code.clone(),
                    regio_naam: regio.naam.clone(),
                    component: naam,
                    van: waarde(b, hb, &Some(code.clone()), naam),
                    naar: waarde(v, hv, &Some(code), naam),
                });
            }
        }
    }
    if totaal <= GELIJK {
        grootste = None;
    }
    if let Some(o) = grootste {
        return o;
    }
    let Some(gb) = gb else {
        // uncoupled in the base, coupled now: room came free where it went
        return match gv {
            Some(g) => Oorzaak::RuimteVrij {
                gemeente: v.u.instance.gemeente(g).code.clone(),
            },
            None => Oorzaak::Anders,
        };
    };
    let code_b = b.u.instance.gemeente(gb).code.clone();
    // 2. its base gemeente is no longer allowed, or has less room
    match v.per_code.get(&code_b) {
        Some(&g2) => {
            if v.u.probleem.score(hv, g2).is_none() {
                return Oorzaak::NietToegestaan { gemeente: code_b };
            }
            let (van, naar) = (b.u.probleem.gemeente(gb).cap, v.u.probleem.gemeente(g2).cap);
            if naar < van {
                return Oorzaak::MinderRuimte {
                    gemeente: code_b,
                    van,
                    naar,
                };
            }
        }
        None => return Oorzaak::NietToegestaan { gemeente: code_b },
    }
    // 3. others took its place
    if let Some(door) = stromen.binnen.get(&code_b) {
        let door: Vec<String> = door.iter().filter(|d| *d != id).cloned().collect();
        if !door.is_empty() {
            return Oorzaak::Verdrongen { door };
        }
    }
    // 4. room came free where it went
    if let Some(g) = gv {
        let code_v = v.u.instance.gemeente(g).code.clone();
        if let Some(&g1) = b.per_code.get(&code_v) {
            let weg = stromen
                .weg
                .get(&code_v)
                .is_some_and(|ids| ids.iter().any(|o| o != id));
            if weg || v.u.probleem.gemeente(g).cap > b.u.probleem.gemeente(g1).cap {
                return Oorzaak::RuimteVrij { gemeente: code_v };
            }
        }
    }
    Oorzaak::Anders
}

#[derive(Clone, Copy)]
enum Niveau {
    Regio,
    Gemeente,
}

/// Per region or gemeente (by code, sorted), both sides.
fn effecten(b: &Kant, v: &Kant, niveau: Niveau) -> Vec<Effect> {
    #[derive(Default)]
    struct Telling {
        naam: String,
        personen: [i64; 2],
        huishoudens: [usize; 2],
        som: [f64; 2],
        tekort: [f64; 2],
        prijs: [f64; 2],
        ids: [BTreeSet<String>; 2],
        personen_per_id: [BTreeMap<String, i64>; 2],
    }
    let mut tellingen: BTreeMap<String, Telling> = BTreeMap::new();
    for (kant, k) in [b, v].into_iter().enumerate() {
        let inst = &k.u.instance;
        let sleutel = |g: GemeenteIdx| -> (String, String) {
            match niveau {
                Niveau::Gemeente => {
                    let gem = inst.gemeente(g);
                    (gem.code.to_string(), gem.naam.clone())
                }
                Niveau::Regio => {
                    let r = inst.regio(inst.gemeente(g).regio);
                    (k.regio_code(g).to_string(), r.naam.clone())
                }
            }
        };
        // every gemeente or region appears, also without households
        for g in inst.gemeente_indices() {
            let (code, naam) = sleutel(g);
            let t = tellingen.entry(code).or_default();
            t.naam = naam;
        }
        // the price of the quotas, as the run computed it per region or per gemeente
        let prijzen: Vec<(String, f64)> = match niveau {
            Niveau::Regio => {
                k.u.quotaprijs
                    .per_regio
                    .iter()
                    .map(|&(r, v)| (inst.regio(r).code.to_string(), v))
                    .collect()
            }
            Niveau::Gemeente => {
                k.u.quotaprijs
                    .per_gemeente
                    .iter()
                    .map(|&(g, v)| (sleutel(g).0, v))
                    .collect()
            }
        };
        for (code, verlies) in prijzen {
            if let Some(t) = tellingen.get_mut(&code) {
                t.prijs[kant] += verlies;
            }
        }
        for r in k.u.per_gemeente() {
            let (code, _) = sleutel(r.gemeente);
            tellingen
                .get_mut(&code)
                .expect("every gemeente entered")
                .tekort[kant] += r.tekort();
        }
        for h in inst.huishouden_indices() {
            let Some(g) = k.gemeente_van(h) else { continue };
            let (code, _) = sleutel(g);
            let t = tellingen.get_mut(&code).expect("every gemeente entered");
            let hh = inst.huishouden(h);
            let n = i64::from(hh.personen());
            t.personen[kant] += n;
            t.huishoudens[kant] += 1;
            t.som[kant] += k.u.probleem.score(h, g).unwrap_or(0.0);
            t.ids[kant].insert(hh.id.to_string());
            t.personen_per_id[kant].insert(hh.id.to_string(), n);
        }
    }
    tellingen
        .into_iter()
        .map(|(code, t)| {
            let binnen: Vec<&String> = t.ids[1].difference(&t.ids[0]).collect();
            let buiten: Vec<&String> = t.ids[0].difference(&t.ids[1]).collect();
            let personen = |ids: &[&String], kant: usize| -> i64 {
                ids.iter().map(|id| t.personen_per_id[kant][*id]).sum()
            };
            let gemiddeld =
                |k: usize| (t.huishoudens[k] > 0).then(|| t.som[k] / t.huishoudens[k] as f64);
            Effect {
                code,
                naam: t.naam.clone(),
                personen_basis: t.personen[0],
                personen_variant: t.personen[1],
                huishoudens_basis: t.huishoudens[0],
                huishoudens_variant: t.huishoudens[1],
                huishoudens_in: binnen.len(),
                huishoudens_uit: buiten.len(),
                personen_in: personen(&binnen, 1),
                personen_uit: personen(&buiten, 0),
                gemiddelde_score_basis: gemiddeld(0),
                gemiddelde_score_variant: gemiddeld(1),
                tekort_basis: t.tekort[0],
                tekort_variant: t.tekort[1],
                prijs_basis: t.prijs[0],
                prijs_variant: t.prijs[1],
            }
        })
        .collect()
}
