//! Why each household went where it went, as data (rendered to Dutch by [`crate::render`]).
//!
//! **The reason rule** (`reden`), in order:
//! 1. `planner`: the planner fixed the household here in `vastzetten.csv` (with the planner's
//!    `toelichting`); `vast`: the household had a `vaste_gemeente_code` (nareiziger, job or
//!    study already found);
//! 2. `zorg`: the household needs an academic hospital, which limited it to those regions;
//! 3. `taakstelling`: its fit here is clearly below its best option (at least
//!    `taakstelling_drempel` of the best score and `taakstelling_min_verschil` points lower) and
//!    every gemeente with that best score had no room left for it: it filled a quota;
//! 4. otherwise the component with the largest advantage here over the household's average
//!    over all gemeenten open to it (ties: werk, onderwijs, netwerk, regiobinding, extern).
//!    `extern` (another model's score, `scores_extern.csv`) takes part only when the input has
//!    that file; when it wins, the reason is `extern`.
//!
//! A household left uncoupled gets `ongekoppeld` with the reason found before solving, or
//! "no room left" when the capacity went to households it would have displaced at a loss.
//!
//! Every koppeling also carries its best alternatives and why the household did not go there
//! ([`alternatief`]); [`uitsplitsing`] splits a score into its components with the inputs behind
//! each, and [`kosten`] measures what an alternative costs the whole koppeling by solving again;
//! [`verhaal`] puts them together for one household (`kansrijk explain`); [`verplaatst`] says
//! who moved compared with an earlier run (`match --vorige`), and why.

pub mod alternatief;
pub mod kosten;
pub mod overdracht;
pub mod planner;
pub mod spreiding;
pub mod uitsplitsing;
pub mod verhaal;
pub mod verplaatst;

use serde::{Deserialize, Serialize};

use crate::model::{Beroepsklasse, GemeenteIdx, HuishoudenIdx, Instance, RegioIdx};
use crate::score::{self, werk, Componenten, Scores};

use crate::model::Gewichten;
use crate::solve::{Bevinding, Probleem};
use alternatief::{Alternatief, Stand};

/// The reason code of a koppeling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reden {
    Werk,
    Onderwijs,
    Netwerk,
    Regiobinding,
    /// The score of another model (`scores_extern.csv`) is what sets this gemeente apart.
    Extern,
    Taakstelling,
    Vast,
    /// Fixed here by the planner (`vastzetten.csv`, `soort` `vast`).
    Planner,
    Zorg,
    Ongekoppeld,
}

impl Reden {
    pub fn as_str(self) -> &'static str {
        match self {
            Reden::Werk => "werk",
            Reden::Onderwijs => "onderwijs",
            Reden::Netwerk => "netwerk",
            Reden::Regiobinding => "regiobinding",
            Reden::Extern => "extern",
            Reden::Taakstelling => "taakstelling",
            Reden::Vast => "vast",
            Reden::Planner => "planner",
            Reden::Zorg => "zorg",
            Reden::Ongekoppeld => "ongekoppeld",
        }
    }
}

/// The facts behind a reason, enough to write its sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "soort", rename_all = "snake_case")]
pub enum Grond {
    /// The strongest work chance: an adult's experience (or interest) and the tension there.
    Werk {
        beroepsklasse: Beroepsklasse,
        jaren: Option<u32>,
        spanning: f64,
        regio: RegioIdx,
    },
    /// Adults who need education, and the offer in the region.
    Onderwijs {
        jongeren: usize,
        hoogopgeleiden: usize,
        regio: RegioIdx,
    },
    /// The network lives in the gemeente itself, or elsewhere in its region.
    Netwerk {
        in_gemeente: bool,
        netwerk_gemeente: GemeenteIdx,
    },
    /// Stayed in the region of the current AZC.
    Regiobinding {
        azc: GemeenteIdx,
        regio: RegioIdx,
    },
    /// The external model's component here (weighted) against its mean over the household's
    /// options.
    Extern {
        punten: f64,
        gemiddeld: f64,
    },
    /// Coupled here for the quota; the best option had no room left.
    Taakstelling {
        beste: GemeenteIdx,
        beste_score: f64,
    },
    Vast,
    /// Fixed here by the planner, for this reason (empty when none was given).
    Planner {
        toelichting: String,
    },
    Zorg {
        regio: RegioIdx,
    },
    /// Why a household could not be coupled.
    Ongekoppeld {
        waarom: WaaromOngekoppeld,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WaaromOngekoppeld {
    /// Larger than the room in every allowed gemeente.
    TeGroot { personen: u32, grootste_ruimte: i64 },
    /// Needs an academic hospital and no region has one.
    GeenZorgregio,
    /// The room that could have held it went to other households.
    GeenRuimteMeer,
}

/// One household's outcome and its explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Koppeling {
    pub huishouden: HuishoudenIdx,
    pub gemeente: Option<GemeenteIdx>,
    pub score: Option<f64>,
    pub componenten: Option<Componenten>,
    pub reden: Reden,
    pub grond: Grond,
    /// The household's best allowed gemeente and its fit there (the chosen one when it ties).
    pub beste: Option<(GemeenteIdx, f64)>,
    /// The best other gemeenten, one per region, and why not there ([`alternatief`]).
    pub alternatieven: Vec<Alternatief>,
}

/// What a koppeling is explained from: the run's input, weights and scores, the model, the
/// koppeling itself (a gemeente per household, `None` for uncoupled), and what was found
/// before solving.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub instance: &'a Instance,
    pub gewichten: &'a Gewichten,
    pub scores: &'a Scores,
    pub probleem: &'a Probleem,
    pub toewijzing: &'a [Option<GemeenteIdx>],
    pub bevindingen: &'a [Bevinding],
}

impl Context<'_> {
    /// Explains the households `welke` (all of them: [`Instance::huishouden_indices`]), in
    /// that order.
    pub fn explain(&self, welke: impl IntoIterator<Item = HuishoudenIdx>) -> Vec<Koppeling> {
        use rayon::prelude::*;
        let stand = Stand::new(self.instance, self.scores, self.probleem, self.toewijzing);
        let ruimte = self.probleem.ruimte();
        // each household on its own, side by side; collected in the order of `welke`
        let welke: Vec<HuishoudenIdx> = welke.into_iter().collect();
        welke
            .into_par_iter()
            .map(|h| Koppeling {
                alternatieven: stand.alternatieven(h),
                ..koppeling(self, stand.last(), &ruimte, h)
            })
            .collect()
    }
}

/// The koppeling of household `h` with its reason, given the persons coupled per gemeente
/// (`last`) and the room beside the fixed households (`ruimte`, [`Probleem::ruimte`]); its
/// alternatives are left empty. Its options, for its best option and its reason, are the
/// gemeenten that could ever hold it ([`Probleem::mogelijk`]): a gemeente too small for the
/// household is never its "best option".
fn koppeling(cx: &Context, last: &[i64], ruimte: &[i64], h: HuishoudenIdx) -> Koppeling {
    let Context {
        instance: inst,
        gewichten: w,
        scores,
        probleem: p,
        toewijzing,
        bevindingen,
    } = *cx;
    let hh = inst.huishouden(h);
    let gekozen = toewijzing[h.idx()];
    let opties: Vec<(GemeenteIdx, f64)> = p.mogelijk(h, ruimte).collect();
    let max = opties.iter().map(|k| k.1).fold(f64::NEG_INFINITY, f64::max);
    let beste = gekozen
        .filter(|&g| p.score(h, g) == Some(max))
        .or_else(|| opties.iter().find(|k| k.1 == max).map(|k| k.0))
        .map(|g| (g, max));

    let Some(g) = gekozen else {
        let waarom = bevindingen
            .iter()
            .find_map(|b| match b {
                Bevinding::PastNergens {
                    huishouden,
                    personen,
                    grootste_ruimte,
                } if *huishouden == h => Some(WaaromOngekoppeld::TeGroot {
                    personen: *personen,
                    grootste_ruimte: *grootste_ruimte,
                }),
                Bevinding::GeenZorgregio { huishouden } if *huishouden == h => {
                    Some(WaaromOngekoppeld::GeenZorgregio)
                }
                _ => None,
            })
            .unwrap_or(WaaromOngekoppeld::GeenRuimteMeer);
        return Koppeling {
            huishouden: h,
            gemeente: None,
            score: None,
            componenten: None,
            reden: Reden::Ongekoppeld,
            grond: Grond::Ongekoppeld { waarom },
            beste,
            alternatieven: Vec::new(),
        };
    };

    let c = scores.componenten(h, g);
    let score = c.totaal();
    let regio = inst.gemeente(g).regio;
    let (reden, grond) = if let Some(b) = &hh.planner.vast {
        (
            Reden::Planner,
            Grond::Planner {
                toelichting: b.toelichting.clone(),
            },
        )
    } else if hh.vast.is_some() {
        (Reden::Vast, Grond::Vast)
    } else if hh.zorg.is_some() {
        (Reden::Zorg, Grond::Zorg { regio })
    } else if let Some((b, bs)) = beste.filter(|_| {
        duidelijk_lager(score, max, w) && geen_ruimte_bij_beste(p, h, &opties, max, last)
    }) {
        (
            Reden::Taakstelling,
            Grond::Taakstelling {
                beste: b,
                beste_score: bs,
            },
        )
    } else {
        dominant(inst, w, scores, &opties, h, g, &c)
    };
    Koppeling {
        huishouden: h,
        gemeente: Some(g),
        score: Some(score),
        componenten: Some(c),
        reden,
        grond,
        beste,
        alternatieven: Vec::new(),
    }
}

/// Whether `score` is clearly below `best` by the documented threshold.
pub fn duidelijk_lager(score: f64, best: f64, w: &Gewichten) -> bool {
    best - score
        >= (w.model.taakstelling_drempel * best.abs()).max(w.model.taakstelling_min_verschil)
}

/// Whether every option of household `h` (`opties`) where it reaches its best score was too
/// full for it.
fn geen_ruimte_bij_beste(
    p: &Probleem,
    h: HuishoudenIdx,
    opties: &[(GemeenteIdx, f64)],
    max: f64,
    last: &[i64],
) -> bool {
    let n = i64::from(p.huishouden(h).personen);
    opties
        .iter()
        .filter(|k| k.1 == max)
        .all(|&(g, _)| last[g.idx()] + n > p.gemeente(g).cap)
}

/// The component with the largest advantage in `g` over the household's average over its
/// options (the gemeenten that could hold it).
fn dominant(
    inst: &Instance,
    w: &Gewichten,
    scores: &Scores,
    opties: &[(GemeenteIdx, f64)],
    h: HuishoudenIdx,
    g: GemeenteIdx,
    c: &Componenten,
) -> (Reden, Grond) {
    let delen = c.delen();
    let mut gemiddeld = vec![0.0; delen.len()];
    for &(k, _) in opties {
        for (m, (_, v)) in gemiddeld.iter_mut().zip(scores.componenten(h, k).delen()) {
            *m += v;
        }
    }
    let n = opties.len().max(1) as f64;
    let voordeel: Vec<f64> = delen
        .iter()
        .zip(&gemiddeld)
        .map(|((_, v), m)| v - m / n)
        .collect();
    let mut i = 0;
    for (j, v) in voordeel.iter().enumerate() {
        if *v > voordeel[i] + 1e-9 {
            i = j;
        }
    }
    let hh = inst.huishouden(h);
    let regio = inst.gemeente(g).regio;
    match delen[i].0 {
        "onderwijs" => {
            let jongeren = hh
                .volwassenen()
                .filter(|p| p.leeftijd < w.onderwijs.jong_tot)
                .count();
            let hoogopgeleiden = hh
                .volwassenen()
                .filter(|p| {
                    p.leeftijd >= w.onderwijs.jong_tot
                        && p.opleidingsniveau == crate::model::Opleidingsniveau::Hoog
                })
                .count();
            (
                Reden::Onderwijs,
                Grond::Onderwijs {
                    jongeren,
                    hoogopgeleiden,
                    regio,
                },
            )
        }
        "netwerk" if hh.netwerk.is_some() => {
            let n = hh.netwerk.unwrap_or(g);
            (
                Reden::Netwerk,
                Grond::Netwerk {
                    in_gemeente: n == g,
                    netwerk_gemeente: n,
                },
            )
        }
        "regiobinding" => (
            Reden::Regiobinding,
            Grond::Regiobinding { azc: hh.azc, regio },
        ),
        score::EXTERN => (
            Reden::Extern,
            Grond::Extern {
                punten: delen[i].1,
                gemiddeld: score::rond(gemiddeld[i] / n),
            },
        ),
        _ => (Reden::Werk, sterkste_werk(inst, w, h, regio)),
    }
}

/// The adult and beroepsklasse that give the largest work chance in `regio`.
fn sterkste_werk(inst: &Instance, w: &Gewichten, h: HuishoudenIdx, regio: RegioIdx) -> Grond {
    let markt = &inst.arbeidsmarkt;
    let mut best: Option<(f64, Beroepsklasse, Option<u32>)> = None;
    for p in inst.huishouden(h).volwassenen() {
        if let Some((k, v)) = werk::uit_ervaring(p, regio, markt, &w.werk) {
            if best.is_none_or(|b| v > b.0) {
                best = Some((v, k, Some(p.ervaring_jaren)));
            }
        }
        for &k in &p.interesse {
            let v = w.werk.gewicht * w.werk.interesse * werk::kans(markt.spanning(regio, k));
            if best.is_none_or(|b| v > b.0) {
                best = Some((v, k, None));
            }
        }
    }
    match best {
        Some((_, k, jaren)) => Grond::Werk {
            beroepsklasse: k,
            jaren,
            spanning: markt.spanning(regio, k),
            regio,
        },
        // No experience or interest at all: the chance is the region's in general ("overig").
        None => {
            let k = Beroepsklasse::parse("13").expect("13 is a beroepsklasse");
            Grond::Werk {
                beroepsklasse: k,
                jaren: None,
                spanning: markt.spanning(regio, k),
                regio,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Opleidingsniveau::Middelbaar;
    use crate::score::testdata::*;
    use crate::solve::{bouw, los_op, Opties};

    /// One nurse with 10 years of experience, AZC in region 1 (slack market) while region 0 is
    /// very tight: fit 8 in region 0, 2 + 2 (regiobinding) in region 1.
    fn run(rest: [i64; 4], w: &Gewichten) -> (Koppeling, Vec<i64>) {
        let (mut k, cap) = run_met(1, rest, w);
        (k.remove(0), cap)
    }

    /// [`run`] with `n` such nurses, each explained.
    fn run_met(n: usize, rest: [i64; 4], w: &Gewichten) -> (Vec<Koppeling>, Vec<i64>) {
        let verpleegkundige = || huishouden(vec![persoon(35, Middelbaar, Some(10), 10)]);
        let mut inst = instance((0..n).map(|_| verpleegkundige()).collect());
        for (g, r) in inst.gemeenten.iter_mut().zip(rest) {
            g.taakstelling = r;
        }
        let scores = crate::score::score(&inst, w);
        let (p, b) = bouw(&inst, &scores, w);
        let o = los_op(&p, &Opties::default()).unwrap();
        let k = Context {
            instance: &inst,
            gewichten: w,
            scores: &scores,
            probleem: &p,
            toewijzing: &o.toewijzing,
            bevindingen: &b,
        }
        .explain(inst.huishouden_indices());
        (k, p.gemeenten.iter().map(|g| g.cap).collect())
    }

    fn gewichten(marge: u32, tekort_boete: f64) -> Gewichten {
        let mut w = Gewichten::default();
        w.model.marge = marge;
        w.model.tekort_boete = tekort_boete;
        w
    }

    #[test]
    fn squeezed_out_by_capacity_is_taakstelling() {
        // two nurses, one place in region 0 (gemeente 0): the one that does not get it fills
        // a taakstelling in region 1, and its best option is gemeente 0, which could hold it
        let (ks, cap) = run_met(2, [1, 0, 3, 3], &gewichten(0, 1.0));
        assert_eq!(cap[0], 1);
        let k = ks
            .iter()
            .find(|k| k.gemeente != Some(GemeenteIdx::new(0)))
            .unwrap();
        assert!(matches!(k.gemeente.map(GemeenteIdx::idx), Some(2 | 3)));
        assert_eq!(k.reden, Reden::Taakstelling);
        assert_eq!(k.beste.map(|b| b.0.idx()), Some(0));
        assert!(matches!(k.grond, Grond::Taakstelling { beste, .. } if beste.idx() == 0));
    }

    #[test]
    fn a_gemeente_too_small_for_the_household_is_never_its_best_option() {
        // region 0 has no places at all: it could never hold the nurse, so her best option is
        // in region 1, where she went, and she fills no taakstelling
        let (k, cap) = run([0, 0, 3, 3], &gewichten(0, 1.0));
        assert_eq!((cap[0], cap[1]), (0, 0));
        assert!(matches!(k.gemeente.map(GemeenteIdx::idx), Some(2 | 3)));
        assert!(matches!(k.beste.map(|b| b.0.idx()), Some(2 | 3)), "{k:?}");
        assert_ne!(k.reden, Reden::Taakstelling);
    }

    #[test]
    fn best_option_with_room_is_never_taakstelling() {
        // Region 0 has room for the nurse, but a heavy shortfall penalty pulls her to region 1.
        let (k, cap) = run([1, 1, 10, 10], &gewichten(0, 100.0));
        assert!(
            matches!(k.gemeente.map(GemeenteIdx::idx), Some(2 | 3)),
            "{k:?}"
        );
        assert!(cap[0] >= 1 && cap[1] >= 1);
        assert_ne!(k.reden, Reden::Taakstelling);
        assert_eq!(k.reden, Reden::Regiobinding);
    }

    #[test]
    fn best_place_is_explained_by_its_strongest_component() {
        let (k, _) = run([5, 5, 5, 5], &gewichten(2, 1.0));
        assert_eq!(k.gemeente.map(|g| g < GemeenteIdx::new(2)), Some(true));
        assert_eq!(k.reden, Reden::Werk);
        match k.grond {
            Grond::Werk {
                beroepsklasse,
                jaren,
                spanning,
                regio,
            } => {
                assert_eq!(
                    (beroepsklasse.to_string(), jaren, spanning, regio),
                    ("10".to_string(), Some(10), 4.0, RegioIdx::new(0))
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn threshold_needs_both_share_and_points() {
        let w = Gewichten::default();
        assert!(duidelijk_lager(8.0, 10.0, &w));
        assert!(!duidelijk_lager(9.0, 10.0, &w)); // 10% < 15%
        assert!(!duidelijk_lager(2.2, 3.0, &w)); // 27% but 0.8 points < 1
    }
}
