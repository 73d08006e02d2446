//! From instance and scores to the optimisation [`Probleem`], with what stands in the way of a
//! complete koppeling said in domain words before the solver runs.

use serde::Serialize;

use super::probleem::{GemeenteModel, HuishoudenModel, Probleem};
use crate::model::{GemeenteIdx, HuishoudenIdx, Instance, Zorgbehoefte};
use crate::score::Scores;

use crate::model::Gewichten;

/// Something found before solving that a planner must know. Rendered in Dutch by
/// [`crate::render`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "soort", rename_all = "snake_case")]
pub enum Bevinding {
    /// Fixed households alone exceed a gemeente's capacity: it was raised to fit them.
    CapaciteitVerhoogd {
        gemeente: GemeenteIdx,
        vaste_personen: i64,
        cap_was: i64,
    },
    /// No allowed gemeente has room for this household, whatever the others do.
    PastNergens {
        huishouden: HuishoudenIdx,
        personen: u32,
        grootste_ruimte: i64,
    },
    /// A household needing an academic hospital, but no region has one.
    GeenZorgregio { huishouden: HuishoudenIdx },
    /// Households needing an academic hospital exceed the room in those regions.
    ZorgruimteTekort { personen: i64, ruimte: i64 },
    /// More persons than places in all gemeenten together.
    RuimteTekort { personen: i64, ruimte: i64 },
}

/// Builds the model: capacities, targets and candidates; and the findings.
pub fn bouw(inst: &Instance, scores: &Scores, w: &Gewichten) -> (Probleem, Vec<Bevinding>) {
    let marge = i64::from(w.model.marge);
    let mut bevindingen = Vec::new();

    let mut cap: Vec<i64> = inst
        .gemeenten
        .iter()
        .map(|g| g.rest().max(0) + marge)
        .collect();
    let mut vast = vec![0i64; inst.gemeenten.len()];
    for h in &inst.huishoudens {
        if let Some(g) = h.vaste_gemeente() {
            vast[g.idx()] += i64::from(h.personen());
        }
    }
    for (g, (c, &v)) in inst.gemeente_indices().zip(cap.iter_mut().zip(&vast)) {
        if v > *c {
            bevindingen.push(Bevinding::CapaciteitVerhoogd {
                gemeente: g,
                vaste_personen: v,
                cap_was: *c,
            });
            *c = v;
        }
    }

    let n: f64 = inst.personen() as f64;
    let rest_totaal: f64 = inst.gemeenten.iter().map(|g| g.rest().max(0) as f64).sum();
    let gemeenten: Vec<GemeenteModel> = inst
        .gemeenten
        .iter()
        .zip(&cap)
        .map(|(g, &cap)| {
            let doel = if rest_totaal > 0.0 {
                (n * g.rest().max(0) as f64 / rest_totaal).min(cap as f64)
            } else {
                0.0
            };
            GemeenteModel {
                regio: g.regio,
                cap,
                doel,
            }
        })
        .collect();

    let huishoudens: Vec<HuishoudenModel> = inst
        .huishouden_indices()
        .zip(&inst.huishoudens)
        .map(|(h, hh)| HuishoudenModel {
            personen: hh.personen(),
            vast: hh.vaste_gemeente().is_some(),
            kandidaten: inst
                .gemeente_indices()
                .filter(|&g| inst.toegestaan(hh, g))
                .map(|g| (g, scores.score(h, g)))
                .collect(),
        })
        .collect();

    // What no solver can fix: a household too big for every allowed gemeente, care needs beyond
    // the room in hospital regions, more persons than places.
    let ruimte: Vec<i64> = cap.iter().zip(&vast).map(|(c, v)| c - v).collect();
    for (h, (hh, hm)) in inst
        .huishouden_indices()
        .zip(inst.huishoudens.iter().zip(&huishoudens))
    {
        if hm.vast {
            continue;
        }
        if hm.kandidaten.is_empty() {
            if hh.zorg.is_some() {
                bevindingen.push(Bevinding::GeenZorgregio { huishouden: h });
            }
            continue;
        }
        let grootste = hm
            .kandidaten
            .iter()
            .map(|&(g, _)| ruimte[g.idx()])
            .max()
            .unwrap_or(0);
        if grootste < i64::from(hm.personen) {
            bevindingen.push(Bevinding::PastNergens {
                huishouden: h,
                personen: hm.personen,
                grootste_ruimte: grootste,
            });
        }
    }
    let zorg_personen: i64 = inst
        .huishoudens
        .iter()
        .filter(|h| {
            h.vaste_gemeente().is_none() && h.zorg == Some(Zorgbehoefte::AcademischZiekenhuis)
        })
        .map(|h| i64::from(h.personen()))
        .sum();
    let zorg_ruimte: i64 = inst
        .gemeente_indices()
        .filter(|&g| inst.regio_van(g).academisch_ziekenhuis)
        .map(|g| ruimte[g.idx()])
        .sum();
    if zorg_personen > zorg_ruimte {
        bevindingen.push(Bevinding::ZorgruimteTekort {
            personen: zorg_personen,
            ruimte: zorg_ruimte,
        });
    }
    let vrij: i64 = huishoudens
        .iter()
        .filter(|h| !h.vast)
        .map(|h| i64::from(h.personen))
        .sum();
    let totale_ruimte: i64 = ruimte.iter().sum();
    if vrij > totale_ruimte {
        bevindingen.push(Bevinding::RuimteTekort {
            personen: vrij,
            ruimte: totale_ruimte,
        });
    }

    let probleem = Probleem {
        gemeenten,
        huishoudens,
        tekort_boete: w.model.tekort_boete,
        ongekoppeld_boete: w.model.ongekoppeld_boete,
        regio_vloer: None,
    };
    (probleem, bevindingen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Opleidingsniveau::Laag;
    use crate::score::score;
    use crate::score::testdata::*;

    fn build(mut inst: Instance, rest: [i64; 4]) -> (Probleem, Vec<Bevinding>) {
        for (g, r) in inst.gemeenten.iter_mut().zip(rest) {
            g.taakstelling = r.max(0);
            g.achterstand = r.min(0);
        }
        let w = Gewichten::default();
        let s = score(&inst, &w);
        bouw(&inst, &s, &w)
    }

    #[test]
    fn capacity_is_rest_plus_margin_and_target_is_proportional() {
        let inst = instance(vec![huishouden(vec![persoon(30, Laag, None, 0); 3])]);
        let (p, b) = build(inst, [6, 2, 0, -4]);
        assert!(b.is_empty(), "{b:?}");
        assert_eq!(
            p.gemeenten.iter().map(|g| g.cap).collect::<Vec<_>>(),
            vec![8, 4, 2, 2]
        );
        // 3 persons over rests 6 and 2: targets 2.25 and 0.75
        assert_eq!(
            p.gemeenten.iter().map(|g| g.doel).collect::<Vec<_>>(),
            vec![2.25, 0.75, 0.0, 0.0]
        );
    }

    #[test]
    fn fixed_households_raise_capacity_and_are_reported() {
        let mut h = huishouden(vec![persoon(30, Laag, None, 0); 5]);
        h.vast = Some(GemeenteIdx::new(2));
        let (p, b) = build(instance(vec![h]), [6, 2, 0, 0]);
        assert_eq!(p.gemeenten[2].cap, 5);
        assert_eq!(
            b,
            vec![Bevinding::CapaciteitVerhoogd {
                gemeente: GemeenteIdx::new(2),
                vaste_personen: 5,
                cap_was: 2
            }]
        );
        assert_eq!(p.huishoudens[0].kandidaten.len(), 1);
    }

    #[test]
    fn care_needs_beyond_hospital_room_are_reported() {
        let mut h = huishouden(vec![persoon(30, Laag, None, 0); 4]);
        h.zorg = Some(Zorgbehoefte::AcademischZiekenhuis);
        let (p, b) = build(instance(vec![h]), [0, 0, 9, 9]);
        // only region 0 (GM0001, GM0002) has a hospital; each has room 2
        assert_eq!(
            p.huishoudens[0]
                .kandidaten
                .iter()
                .map(|k| k.0.idx())
                .collect::<Vec<_>>(),
            vec![0, 1]
        );
        assert!(b.contains(&Bevinding::PastNergens {
            huishouden: HuishoudenIdx::new(0),
            personen: 4,
            grootste_ruimte: 2
        }));
        assert!(
            !b.iter()
                .any(|x| matches!(x, Bevinding::ZorgruimteTekort { .. })),
            "4 persons fit in 4 places"
        );
        let mut h = huishouden(vec![persoon(30, Laag, None, 0); 2]);
        h.zorg = Some(Zorgbehoefte::AcademischZiekenhuis);
        let mut h2 = h.clone();
        h2.leden.push(persoon(3, Laag, None, 0));
        let (_, b) = build(instance(vec![h, h2]), [0, 0, 9, 9]);
        assert!(
            b.contains(&Bevinding::ZorgruimteTekort {
                personen: 5,
                ruimte: 4
            }),
            "{b:?}"
        );
    }
}
