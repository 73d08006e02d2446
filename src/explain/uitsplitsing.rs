//! A fit score split into its named components, each with the inputs that produced it: what a
//! klantmanager reads to see what the score rests on ("werk: beroepsklasse 10, 6 jaar; spanning
//! in Midden-Utrecht 3,2").
//!
//! The parts come from the same component functions as the score ([`crate::score`]) and are
//! scaled the same way (every adult counts; `gemiddelde` divides by the number of adults;
//! household-level components count once per adult under `som`), so the parts of a component
//! add up to it, up to the rounding of the component to 4 decimals. The component `extern`
//! (another model's score, `scores_extern.csv`) is there only when the input has that file.

use serde::Serialize;

use crate::model::{Beroepsklasse, GemeenteIdx, HuishoudenIdx, Instance, Opleidingsniveau};
use crate::score::{self, netwerk, onderwijs, regiobinding, werk, Scores};

use crate::model::Gewichten;

/// One component of a score with the inputs behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Onderdeel {
    /// One of [`score::NAMEN`].
    pub component: &'static str,
    /// The component's points, as in the score.
    pub punten: f64,
    /// The inputs, each with its share of the points. Empty when nothing contributes.
    pub factoren: Vec<Factor>,
}

/// An input of a component and the points it gives. Adults are numbered 1, 2, ... in the order
/// of `personen.csv`; no person ids.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "soort", rename_all = "snake_case")]
pub enum Factor {
    /// An adult's work experience and the tension for its beroepsklasse in the region.
    Ervaring {
        volwassene: usize,
        beroepsklasse: Beroepsklasse,
        jaren: u32,
        spanning: f64,
        punten: f64,
    },
    /// An adult's interests and the tension for each in the region (their mean chance counts).
    Interesse {
        volwassene: usize,
        klassen: Vec<(Beroepsklasse, f64)>,
        punten: f64,
    },
    /// An adult who needs education nearby (young, or older and higher-educated) and the share
    /// of the fitting offer the region has.
    Onderwijs {
        volwassene: usize,
        leeftijd: u32,
        niveau: Opleidingsniveau,
        behoefte: f64,
        punten: f64,
    },
    /// The household's network gemeente and where it lies from here.
    Netwerk {
        netwerk_gemeente: Option<GemeenteIdx>,
        ligging: Ligging,
        per_lid: f64,
        leden: f64,
        punten: f64,
    },
    /// The gemeente of the AZC and whether it lies in the same region.
    Regiobinding {
        azc: GemeenteIdx,
        zelfde_regio: bool,
        per_lid: f64,
        leden: f64,
        punten: f64,
    },
    /// The score of `scores_extern.csv` for this household and gemeente (`None`: the file does
    /// not list the pair, so it counts 0), its line, and the weight `extern.gewicht`.
    Extern {
        score: Option<f64>,
        regel: Option<u64>,
        gewicht: f64,
        punten: f64,
    },
}

impl Factor {
    /// The points this input gives.
    pub fn punten(&self) -> f64 {
        match self {
            Factor::Ervaring { punten, .. }
            | Factor::Interesse { punten, .. }
            | Factor::Onderwijs { punten, .. }
            | Factor::Netwerk { punten, .. }
            | Factor::Regiobinding { punten, .. }
            | Factor::Extern { punten, .. } => *punten,
        }
    }
}

/// Where the network gemeente lies from the gemeente scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ligging {
    /// The household has no network gemeente.
    Geen,
    /// It is this gemeente.
    Hier,
    /// Elsewhere in the same arbeidsmarktregio.
    InRegio,
    /// In another region.
    Elders,
}

/// The score of household `h` in gemeente `g`, component by component, with the inputs behind
/// each, in the order of [`score::NAMEN`] (`extern` only with `scores_extern.csv`).
pub fn uitsplitsing(
    inst: &Instance,
    w: &Gewichten,
    scores: &Scores,
    h: HuishoudenIdx,
    g: GemeenteIdx,
) -> Vec<Onderdeel> {
    let hh = inst.huishouden(h);
    let regio = inst.gemeente(g).regio;
    let markt = &inst.arbeidsmarkt;
    let (leden, deler) = score::weging(hh, w.combinatie);
    let mut werk_factoren = Vec::new();
    let mut onderwijs_factoren = Vec::new();
    for (i, p) in hh.volwassenen().enumerate() {
        let volwassene = i + 1;
        if let Some((k, v)) = werk::uit_ervaring(p, regio, markt, &w.werk) {
            werk_factoren.push(Factor::Ervaring {
                volwassene,
                beroepsklasse: k,
                jaren: p.ervaring_jaren,
                spanning: markt.spanning(regio, k),
                punten: v / deler,
            });
        }
        if !p.interesse.is_empty() {
            werk_factoren.push(Factor::Interesse {
                volwassene,
                klassen: p
                    .interesse
                    .iter()
                    .map(|&k| (k, markt.spanning(regio, k)))
                    .collect(),
                punten: werk::uit_interesse(p, regio, markt, &w.werk) / deler,
            });
        }
        let behoefte = onderwijs::behoefte(p, &w.onderwijs);
        if behoefte > 0.0 {
            onderwijs_factoren.push(Factor::Onderwijs {
                volwassene,
                leeftijd: p.leeftijd,
                niveau: p.opleidingsniveau,
                behoefte,
                punten: onderwijs::onderwijs(p, inst.regio(regio), &w.onderwijs) / deler,
            });
        }
    }
    let per_lid = netwerk::netwerk(hh, g, inst, &w.netwerk);
    let ligging = match hh.netwerk {
        None => Ligging::Geen,
        Some(n) if n == g => Ligging::Hier,
        Some(n) if inst.gemeente(n).regio == regio => Ligging::InRegio,
        Some(_) => Ligging::Elders,
    };
    let netwerk_factor = Factor::Netwerk {
        netwerk_gemeente: hh.netwerk,
        ligging,
        per_lid,
        leden,
        punten: leden * per_lid,
    };
    let per_lid = regiobinding::regiobinding(hh, g, inst, &w.regiobinding);
    let regiobinding_factor = Factor::Regiobinding {
        azc: hh.azc,
        zelfde_regio: inst.gemeenten[hh.azc.idx()].regio == regio,
        per_lid,
        leden,
        punten: leden * per_lid,
    };
    let c = scores.componenten(h, g);
    let [werk_naam, onderwijs_naam, netwerk_naam, regiobinding_naam, extern_naam] = score::NAMEN;
    let externe = c.externe.map(|punten| {
        let rij = hh.extern_score(g);
        Onderdeel {
            component: extern_naam,
            punten,
            factoren: vec![Factor::Extern {
                score: rij.map(|e| e.score),
                regel: rij.map(|e| e.regel),
                gewicht: w.extern_gewicht(),
                punten,
            }],
        }
    });
    let mut delen = vec![
        Onderdeel {
            component: werk_naam,
            punten: c.werk,
            factoren: werk_factoren,
        },
        Onderdeel {
            component: onderwijs_naam,
            punten: c.onderwijs,
            factoren: onderwijs_factoren,
        },
        Onderdeel {
            component: netwerk_naam,
            punten: c.netwerk,
            factoren: vec![netwerk_factor],
        },
        Onderdeel {
            component: regiobinding_naam,
            punten: c.regiobinding,
            factoren: vec![regiobinding_factor],
        },
    ];
    delen.extend(externe);
    delen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Opleidingsniveau::*;
    use crate::score::score;
    use crate::score::testdata::*;

    #[test]
    fn parts_add_up_to_each_component_everywhere() {
        let mut jong = persoon(24, Middelbaar, Some(10), 6);
        jong.interesse = vec![
            Beroepsklasse::parse("10").unwrap(),
            Beroepsklasse::parse("07").unwrap(),
        ];
        let mut h = huishouden(vec![
            jong,
            persoon(45, Hoog, None, 0),
            persoon(6, Laag, None, 0),
        ]);
        h.netwerk = Some(GemeenteIdx::new(1));
        let inst = instance(vec![h]);
        for w in elke_combinatie() {
            let s = score(&inst, &w);
            for g in 0..inst.gemeenten.len() {
                let delen = uitsplitsing(&inst, &w, &s, HuishoudenIdx::new(0), GemeenteIdx::new(g));
                assert_eq!(
                    delen.iter().map(|d| d.component).collect::<Vec<_>>(),
                    score::namen(&inst)
                );
                for d in &delen {
                    let som: f64 = d.factoren.iter().map(Factor::punten).sum();
                    assert!((som - d.punten).abs() < 1e-4, "{g} {d:?}");
                }
                let totaal: f64 = delen.iter().map(|d| d.punten).sum();
                assert!(
                    (totaal - s.score(HuishoudenIdx::new(0), GemeenteIdx::new(g))).abs() < 1e-9
                );
            }
        }
    }

    #[test]
    fn inputs_name_class_years_tension_and_network_place() {
        let mut h = huishouden(vec![persoon(35, Middelbaar, Some(10), 6)]);
        h.netwerk = Some(GemeenteIdx::new(1));
        let inst = instance(vec![h]);
        let w = Gewichten::default();
        let s = score(&inst, &w);
        let delen = uitsplitsing(&inst, &w, &s, HuishoudenIdx::new(0), GemeenteIdx::new(0));
        match &delen[0].factoren[..] {
            [Factor::Ervaring {
                volwassene: 1,
                beroepsklasse,
                jaren: 6,
                spanning,
                ..
            }] => assert_eq!((beroepsklasse.to_string(), *spanning), ("10".into(), 4.0)),
            other => panic!("{other:?}"),
        }
        assert!(
            delen[1].factoren.is_empty(),
            "35, middelbaar: no education need"
        );
        assert!(matches!(
            delen[2].factoren[..],
            [Factor::Netwerk {
                ligging: Ligging::InRegio,
                per_lid: 3.0,
                ..
            }]
        ));
        assert!(matches!(
            delen[3].factoren[..],
            [Factor::Regiobinding {
                zelfde_regio: false,
                ..
            }]
        ));
        let hier = uitsplitsing(&inst, &w, &s, HuishoudenIdx::new(0), GemeenteIdx::new(1));
        assert!(matches!(
            hier[2].factoren[..],
            [Factor::Netwerk {
                ligging: Ligging::Hier,
                ..
            }]
        ));
    }
}
