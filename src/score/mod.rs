//! Fit scores: how promising a gemeente is for a household, as a sum of named components.
//!
//! Each component is one pure function over one adult (or the household) and one place:
//! [`werk::werk`], [`onderwijs::onderwijs`], [`netwerk::netwerk`],
//! [`regiobinding::regiobinding`], and [`extern_score`] for another model's score
//! (`scores_extern.csv`). No nationality, religion or gender enters any of them.
//!
//! **Who counts.** Every adult (18+) counts, women included. Household-level components
//! (netwerk, regiobinding) are given to every adult too, so that all components scale the same
//! way. The adults' scores combine by [`Combinatie`]: `som` (default) or `gemiddelde`. A household
//! without adults counts as one member with only the household-level components.
//!
//! **Rounding.** Every component is rounded to [`DECIMALEN`] decimals and the score is the sum of
//! the rounded components, so the exported scores reproduce the optimum exactly.
//!
//! **Layout.** Apart from the network gemeente, a household's score is the same for every
//! gemeente of one arbeidsmarktregio, so [`Scores`] keeps one [`Componenten`] per household and
//! region plus the network gemeente's extra, and the external scores of the pairs
//! `scores_extern.csv` lists.
//!
//! **External scores.** With `scores_extern.csv` in the input, every score has a fifth
//! component, `extern` = `extern.gewicht * score` for the pairs the file lists and 0 for the
//! others; without it the component is absent everywhere (`None`), so no output changes.

pub mod netwerk;
pub mod onderwijs;
pub mod regiobinding;
pub mod werk;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::{
    Combinatie, GemeenteIdx, Gewichten, Huishouden, HuishoudenIdx, Instance, RegioIdx,
};

/// Decimals kept in every component.
pub const DECIMALEN: i32 = 4;

/// Rounds to [`DECIMALEN`] decimals.
pub fn rond(x: f64) -> f64 {
    let f = 10f64.powi(DECIMALEN);
    (x * f).round() / f
}

/// A fit score split into its named components.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Componenten {
    pub werk: f64,
    pub onderwijs: f64,
    pub netwerk: f64,
    pub regiobinding: f64,
    /// `extern` (weighted, see the module docs); `None` when the input has no
    /// `scores_extern.csv`.
    #[serde(rename = "extern", default, skip_serializing_if = "Option::is_none")]
    pub externe: Option<f64>,
}

/// The component names, in the order of [`Componenten::delen`]; `extern` only with
/// `scores_extern.csv`.
pub const NAMEN: [&str; 5] = ["werk", "onderwijs", "netwerk", "regiobinding", EXTERN];

/// The name of the component of `scores_extern.csv`.
pub const EXTERN: &str = "extern";

impl Componenten {
    pub fn totaal(&self) -> f64 {
        let som = self.werk + self.onderwijs + self.netwerk + self.regiobinding;
        match self.externe {
            Some(e) => rond(som + e),
            None => rond(som),
        }
    }

    /// The components present, by name, in the order of [`NAMEN`].
    pub fn delen(&self) -> Vec<(&'static str, f64)> {
        let vast = [self.werk, self.onderwijs, self.netwerk, self.regiobinding];
        NAMEN
            .into_iter()
            .zip(vast.into_iter().map(Some).chain([self.externe]))
            .filter_map(|(n, v)| v.map(|v| (n, v)))
            .collect()
    }

    fn rounded(self) -> Self {
        Componenten {
            werk: rond(self.werk),
            onderwijs: rond(self.onderwijs),
            netwerk: rond(self.netwerk),
            regiobinding: rond(self.regiobinding),
            externe: self.externe.map(rond),
        }
    }
}

/// The names of the components every score of `inst` has, in the order of [`NAMEN`].
pub fn namen(inst: &Instance) -> &'static [&'static str] {
    if inst.scores_extern {
        &NAMEN
    } else {
        &NAMEN[..4]
    }
}

/// The component `extern` of household `h` in gemeente `g`: the weight times the score of
/// `scores_extern.csv`, 0 where the file lists no score; `None` without the file.
pub fn extern_score(inst: &Instance, w: &Gewichten, h: &Huishouden, g: GemeenteIdx) -> Option<f64> {
    inst.scores_extern.then(|| {
        h.extern_score(g)
            .map_or(0.0, |e| w.extern_gewicht() * e.score)
    })
}

/// Scores of every household for every gemeente, stored per region.
#[derive(Debug, Clone)]
pub struct Scores {
    /// `regio[h][r]`: components of household `h` in any gemeente of region `r` other than its
    /// network gemeente.
    regio: Vec<Vec<Componenten>>,
    /// `netwerk[h]`: the network gemeente and its component there, if the household has one.
    netwerk: Vec<Option<(GemeenteIdx, f64)>>,
    /// `gemeente_regio[g]`: region of gemeente `g`.
    gemeente_regio: Vec<RegioIdx>,
    /// `externe[h]`: the component `extern` of household `h` per gemeente listed in
    /// `scores_extern.csv`, by gemeente; `None` without the file (the component is absent).
    externe: Option<Vec<Vec<(GemeenteIdx, f64)>>>,
}

impl Scores {
    /// The components of household `h` in gemeente `g`.
    pub fn componenten(&self, h: HuishoudenIdx, g: GemeenteIdx) -> Componenten {
        let mut c = self.regio[h.idx()][self.gemeente_regio[g.idx()].idx()];
        if let Some((ng, netwerk)) = self.netwerk[h.idx()] {
            if ng == g {
                c.netwerk = netwerk;
            }
        }
        c.externe = self.externe.as_ref().map(|per_h| {
            let rij = &per_h[h.idx()];
            rij.binary_search_by_key(&g, |k| k.0)
                .map_or(0.0, |i| rij[i].1)
        });
        c
    }

    /// The fit of household `h` in gemeente `g`.
    pub fn score(&self, h: HuishoudenIdx, g: GemeenteIdx) -> f64 {
        self.componenten(h, g).totaal()
    }
}

/// How many members a household's household-level components count for, and the divisor of
/// the combination.
pub fn weging(h: &Huishouden, combinatie: Combinatie) -> (f64, f64) {
    let volwassenen = h.volwassenen().count().max(1) as f64;
    match combinatie {
        Combinatie::Som => (volwassenen, 1.0),
        Combinatie::Gemiddelde => (1.0, volwassenen),
    }
}

/// The components of household `h` in gemeente `g`, from the component functions.
pub fn componenten(inst: &Instance, w: &Gewichten, h: &Huishouden, g: GemeenteIdx) -> Componenten {
    let regio = inst.gemeente(g).regio;
    let (per_huishouden, deler) = weging(h, w.combinatie);
    let werk: f64 = h
        .volwassenen()
        .map(|p| werk::werk(p, regio, &inst.arbeidsmarkt, &w.werk))
        .sum();
    let onderwijs: f64 = h
        .volwassenen()
        .map(|p| onderwijs::onderwijs(p, inst.regio(regio), &w.onderwijs))
        .sum();
    Componenten {
        werk: werk / deler,
        onderwijs: onderwijs / deler,
        netwerk: per_huishouden * netwerk::netwerk(h, g, inst, &w.netwerk),
        regiobinding: per_huishouden * regiobinding::regiobinding(h, g, inst, &w.regiobinding),
        externe: extern_score(inst, w, h, g),
    }
    .rounded()
}

/// Scores every household for every region (in parallel; the result does not depend on the
/// number of threads).
pub fn score(inst: &Instance, w: &Gewichten) -> Scores {
    // A representative gemeente per region that is not the household's network gemeente.
    let mut vertegenwoordiger: Vec<Vec<GemeenteIdx>> = vec![Vec::new(); inst.regios.len()];
    for g in inst.gemeente_indices() {
        let reps = &mut vertegenwoordiger[inst.gemeente(g).regio.idx()];
        if reps.len() < 2 {
            reps.push(g);
        }
    }
    let (regio, netwerk): (Vec<_>, Vec<_>) = inst
        .huishoudens
        .par_iter()
        .map(|h| {
            let per_regio = (0..inst.regios.len())
                .map(|r| {
                    let reps = &vertegenwoordiger[r];
                    // Only a region whose sole gemeente is the network gemeente falls back to
                    // it; that entry is then never read for its netwerk part.
                    match reps
                        .iter()
                        .find(|&&g| Some(g) != h.netwerk)
                        .or(reps.first())
                    {
                        Some(&g) => Componenten {
                            externe: None,
                            ..componenten(inst, w, h, g)
                        },
                        None => Componenten::default(),
                    }
                })
                .collect::<Vec<_>>();
            let eigen = h.netwerk.map(|g| (g, componenten(inst, w, h, g).netwerk));
            (per_regio, eigen)
        })
        .unzip();
    let externe = inst.scores_extern.then(|| {
        inst.huishoudens
            .iter()
            .map(|h| {
                h.extern_scores
                    .iter()
                    .map(|e| {
                        let punten = extern_score(inst, w, h, e.gemeente).unwrap_or(0.0);
                        (e.gemeente, rond(punten))
                    })
                    .collect()
            })
            .collect()
    });
    Scores {
        regio,
        netwerk,
        gemeente_regio: inst.gemeenten.iter().map(|g| g.regio).collect(),
        externe,
    }
}

#[cfg(test)]
pub(crate) mod testdata {
    //! Small hand-built instances for unit tests.
    use super::{Combinatie, Gewichten};
    use crate::model::*;

    /// The default weights, once with each way of combining a household's adults.
    pub fn elke_combinatie() -> [Gewichten; 2] {
        [Combinatie::Som, Combinatie::Gemiddelde].map(|combinatie| Gewichten {
            combinatie,
            ..Gewichten::default()
        })
    }

    pub fn persoon(
        leeftijd: u32,
        niveau: Opleidingsniveau,
        klasse: Option<u8>,
        jaren: u32,
    ) -> Persoon {
        Persoon {
            id: PersoonId::new("p"),
            leeftijd,
            geslacht: Geslacht::V,
            opleidingsniveau: niveau,
            beroepsklasse: klasse.map(|k| Beroepsklasse::parse(&k.to_string()).unwrap()),
            ervaring_jaren: jaren,
            interesse: vec![],
        }
    }

    /// Two regions (AM01 with a university and hospital, AM02 without) with two gemeenten each.
    pub fn instance(huishoudens: Vec<Huishouden>) -> Instance {
        let regio = |code: &str, academisch: bool| Regio {
            code: RegioCode::parse(code).unwrap(),
            naam: code.to_string(),
            mbo: true,
            hbo: academisch,
            wo: academisch,
            academisch_ziekenhuis: academisch,
        };
        let gemeente = |code: &str, regio: usize| Gemeente {
            code: GemeenteCode::parse(code).unwrap(),
            naam: code.to_string(),
            regio: RegioIdx::new(regio),
            inwoners: 1000,
            taakstelling: 10,
            gerealiseerd: 0,
            achterstand: 0,
        };
        let mut markt = Arbeidsmarkt::new(2);
        let zorg = Beroepsklasse::parse("10").unwrap();
        markt.set(RegioIdx::new(0), zorg, 4.0);
        markt.set(RegioIdx::new(1), zorg, 0.25);
        Instance {
            gemeenten: vec![
                gemeente("GM0001", 0),
                gemeente("GM0002", 0),
                gemeente("GM0003", 1),
                gemeente("GM0004", 1),
            ],
            regios: vec![regio("AM01", true), regio("AM02", false)],
            arbeidsmarkt: markt,
            huishoudens,
            scores_extern: false,
        }
    }

    pub fn huishouden(leden: Vec<Persoon>) -> Huishouden {
        Huishouden {
            id: HuishoudenId::new("H1"),
            azc: GemeenteIdx::new(3),
            netwerk: None,
            vast: None,
            zorg: None,
            week: None,
            leden,
            planner: Planner::default(),
            extern_scores: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testdata::*;
    use super::*;
    use crate::model::ExterneScore;
    use crate::model::Opleidingsniveau::*;

    #[test]
    fn table_agrees_with_component_functions_everywhere() {
        let mut h = huishouden(vec![
            persoon(25, Hoog, Some(10), 4),
            persoon(40, Laag, None, 0),
            persoon(5, Laag, None, 0),
        ]);
        h.netwerk = Some(GemeenteIdx::new(1));
        let inst = instance(vec![h]);
        for w in elke_combinatie() {
            let scores = score(&inst, &w);
            for g in 0..inst.gemeenten.len() {
                assert_eq!(
                    scores.componenten(HuishoudenIdx::new(0), GemeenteIdx::new(g)),
                    componenten(&inst, &w, &inst.huishoudens[0], GemeenteIdx::new(g))
                );
            }
        }
    }

    #[test]
    fn every_adult_counts_and_children_do_not() {
        let een = instance(vec![huishouden(vec![persoon(
            30,
            Middelbaar,
            Some(10),
            10,
        )])]);
        let twee = instance(vec![huishouden(vec![
            persoon(30, Middelbaar, Some(10), 10),
            persoon(30, Middelbaar, Some(10), 10),
        ])]);
        let met_kind = instance(vec![huishouden(vec![
            persoon(30, Middelbaar, Some(10), 10),
            persoon(8, Laag, None, 0),
        ])]);
        let w = Gewichten::default();
        let s = |i: &Instance| componenten(i, &w, &i.huishoudens[0], GemeenteIdx::new(0));
        assert!((s(&twee).werk - 2.0 * s(&een).werk).abs() < 1e-9);
        assert_eq!(s(&met_kind), s(&een));
        let gem = Gewichten {
            combinatie: Combinatie::Gemiddelde,
            ..Gewichten::default()
        };
        assert_eq!(
            componenten(&twee, &gem, &twee.huishoudens[0], GemeenteIdx::new(0)),
            componenten(&een, &gem, &een.huishoudens[0], GemeenteIdx::new(0))
        );
    }

    #[test]
    fn household_without_adults_keeps_household_components() {
        let mut h = huishouden(vec![persoon(15, Laag, None, 0)]);
        h.netwerk = Some(GemeenteIdx::new(0));
        let inst = instance(vec![h]);
        let c = componenten(
            &inst,
            &Gewichten::default(),
            &inst.huishoudens[0],
            GemeenteIdx::new(0),
        );
        assert_eq!((c.werk, c.onderwijs, c.netwerk), (0.0, 0.0, 6.0));
    }

    #[test]
    fn extern_is_weight_times_score_where_listed_and_absent_without_the_file() {
        let mut h = huishouden(vec![persoon(30, Middelbaar, Some(10), 10)]);
        h.extern_scores = vec![
            ExterneScore {
                gemeente: GemeenteIdx::new(1),
                score: -0.5,
                toegestaan: true,
                regel: 2,
            },
            ExterneScore {
                gemeente: GemeenteIdx::new(2),
                score: 3.0,
                toegestaan: false,
                regel: 3,
            },
        ];
        let mut inst = instance(vec![h]);
        let mut w = Gewichten::default();
        let zonder = score(&inst, &w);
        let h0 = HuishoudenIdx::new(0);
        assert_eq!(zonder.componenten(h0, GemeenteIdx::new(1)).externe, None);
        assert_eq!(namen(&inst), &NAMEN[..4]);
        inst.scores_extern = true;
        w.externe = Some(crate::model::gewichten::Extern { gewicht: 2.0 });
        let met = score(&inst, &w);
        let extern_in = |g: usize| met.componenten(h0, GemeenteIdx::new(g)).externe;
        assert_eq!(
            (extern_in(0), extern_in(1), extern_in(2)),
            (Some(0.0), Some(-1.0), Some(6.0))
        );
        let c = met.componenten(h0, GemeenteIdx::new(1));
        assert_eq!(
            c.totaal(),
            rond(zonder.score(h0, GemeenteIdx::new(1)) - 1.0)
        );
        assert_eq!(c.delen().last(), Some(&(EXTERN, -1.0)));
        for g in 0..inst.gemeenten.len() {
            let g = GemeenteIdx::new(g);
            assert_eq!(
                met.componenten(h0, g),
                componenten(&inst, &w, &inst.huishoudens[0], g)
            );
        }
        // the forbidden pair is out of the model, whatever its score
        assert!(!inst.toegestaan(&inst.huishoudens[0], GemeenteIdx::new(2)));
        assert!(inst.toegestaan(&inst.huishoudens[0], GemeenteIdx::new(1)));
    }

    #[test]
    fn gender_does_not_change_any_score() {
        let mut man = persoon(30, Hoog, Some(10), 3);
        man.geslacht = crate::model::Geslacht::M;
        let vrouw = persoon(30, Hoog, Some(10), 3);
        let a = instance(vec![huishouden(vec![man])]);
        let b = instance(vec![huishouden(vec![vrouw])]);
        let w = Gewichten::default();
        for g in 0..4 {
            assert_eq!(
                componenten(&a, &w, &a.huishoudens[0], GemeenteIdx::new(g)),
                componenten(&b, &w, &b.huishoudens[0], GemeenteIdx::new(g))
            );
        }
    }
}
