//! A household's best alternatives to its koppeling and why it did not go there, as data.
//!
//! **Which alternatives.** A household's fit is the same in every gemeente of one
//! arbeidsmarktregio except its network gemeente, so its three best gemeenten would often be
//! three gemeenten of one region with the same score, which tells a klantmanager nothing. So the
//! alternatives are one gemeente per region: the best gemeente of every region other than the
//! koppeling's, and in the koppeling's own region only a gemeente where the fit is higher than at
//! the koppeling (the network gemeente, when the household went elsewhere in that region). Of
//! these, the best [`AANTAL`] by fit, highest first, ties in gemeente order. Gemeenten that a
//! hard filter rules out count too: they answer "why not there?" with the filter. A region is
//! represented by the gemeente where the household's fit is highest; among equals the one with
//! the most room left, then the first.
//!
//! **Why not** ([`WaaromNiet`]), the first that applies:
//! 1. `filter`: a hard filter rules the gemeente out (vaste gemeente, the planner's `vast` or
//!    `niet`, zorgbehoefte);
//! 2. `capaciteit`: the gemeente has fewer places left than the household has persons. Named are
//!    up to [`AANTAL`] households coupled there that it serves better: their fit there is above
//!    their best fit in any other allowed gemeente with room left for them (or no other gemeente
//!    has room for them), largest advantage first. Fixed households are not named; the persons
//!    of the capacity they take are counted;
//! 3. `lagere_score`: there was room, and the fit is not higher than at the koppeling;
//! 4. `taakstelling`: there was room and the fit is higher, but the gemeente of the koppeling
//!    would fall further below its proportional target, and the shortfall penalty outweighs the
//!    gain;
//! 5. `niet_gevonden`: none of these. An optimal koppeling never has it; only a koppeling the
//!    solver could not prove optimal (time limit) may.
//!
//! What an alternative costs the whole koppeling is not estimated here: `kansrijk explain`
//! measures it by solving again ([`super::kosten`]).

use serde::{Deserialize, Serialize};

use crate::model::{GemeenteIdx, HuishoudenIdx, Instance};
use crate::score::{rond, Scores};
use crate::solve::Probleem;

/// Alternatives per household, and households named per full gemeente.
pub const AANTAL: usize = 3;

/// Tolerance below which two fits count as equal (scores have 4 decimals).
const GELIJK: f64 = 1e-9;

/// An alternative gemeente for a household.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternatief {
    pub gemeente: GemeenteIdx,
    /// The household's fit there.
    pub score: f64,
    pub waarom_niet: WaaromNiet,
}

/// Why the household was not coupled to an alternative (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "soort", rename_all = "snake_case")]
pub enum WaaromNiet {
    /// A hard filter rules the gemeente out.
    Filter { filter: Filter },
    /// Fewer places left (`ruimte`) than persons, of capacity `cap`; `vaste_personen` of it went
    /// to fixed households; `voorrang`: households coupled there that it serves better
    /// (household indices, at most [`AANTAL`]).
    Capaciteit {
        ruimte: i64,
        cap: i64,
        vaste_personen: i64,
        voorrang: Vec<HuishoudenIdx>,
    },
    /// There was room; the fit there is `verschil` points lower (or equal).
    LagereScore { verschil: f64 },
    /// There was room and the fit is `verschil` points higher, but the gemeente of the
    /// koppeling would be `tekort` persons further short of its target.
    Taakstelling { verschil: f64, tekort: f64 },
    /// None of the above: the solver stopped before it proved the koppeling optimal.
    NietGevonden,
}

/// A hard filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Filter {
    /// The household has a fixed gemeente (nareiziger, job or study already found).
    VasteGemeente,
    /// The planner fixed the household in another gemeente (`vastzetten.csv`).
    PlannerVast,
    /// The planner ruled this gemeente out for the household (`vastzetten.csv`).
    PlannerNiet,
    /// The household needs an academic hospital, which the region lacks.
    Zorgbehoefte,
}

/// The koppeling the alternatives are measured against: where everyone went, and what that
/// leaves of each gemeente's capacity.
pub struct Stand<'a> {
    inst: &'a Instance,
    scores: &'a Scores,
    p: &'a Probleem,
    toewijzing: &'a [Option<GemeenteIdx>],
    /// Persons coupled per gemeente.
    last: Vec<i64>,
    /// Persons of fixed households per gemeente.
    vaste_personen: Vec<i64>,
    /// Per gemeente, the households it serves better (see the module docs), best first.
    voorrang: Vec<Vec<HuishoudenIdx>>,
}

impl<'a> Stand<'a> {
    pub fn new(
        inst: &'a Instance,
        scores: &'a Scores,
        p: &'a Probleem,
        toewijzing: &'a [Option<GemeenteIdx>],
    ) -> Self {
        let last = bezetting(p, toewijzing);
        let voorrang = voorrang(p, toewijzing, &last);
        Stand {
            inst,
            scores,
            p,
            toewijzing,
            last,
            vaste_personen: p.vaste_personen(),
            voorrang,
        }
    }

    /// Persons coupled per gemeente.
    pub fn last(&self) -> &[i64] {
        &self.last
    }

    /// Places left in gemeente `g`.
    fn ruimte(&self, g: GemeenteIdx) -> i64 {
        self.p.gemeente(g).cap - self.last[g.idx()]
    }

    /// The best alternatives of household `h`, best first (see the module docs).
    pub fn alternatieven(&self, h: HuishoudenIdx) -> Vec<Alternatief> {
        let gekozen = self.toewijzing[h.idx()];
        let eigen = gekozen.map(|g| (self.inst.gemeente(g).regio, self.scores.score(h, g)));
        let mut beste: Vec<Option<(GemeenteIdx, f64)>> = vec![None; self.inst.regios.len()];
        for g in self.inst.gemeente_indices().filter(|&g| Some(g) != gekozen) {
            let s = self.scores.score(h, g);
            let r = self.inst.gemeente(g).regio;
            if eigen.is_some_and(|(er, es)| er == r && s <= es + GELIJK) {
                continue;
            }
            let beter = match beste[r.idx()] {
                None => true,
                Some((b, bs)) => {
                    s > bs + GELIJK || (s > bs - GELIJK && self.ruimte(g) > self.ruimte(b))
                }
            };
            if beter {
                beste[r.idx()] = Some((g, s));
            }
        }
        let mut kandidaten: Vec<(GemeenteIdx, f64)> = beste.into_iter().flatten().collect();
        kandidaten.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        kandidaten
            .into_iter()
            .take(AANTAL)
            .map(|(g, score)| Alternatief {
                gemeente: g,
                score,
                waarom_niet: self.waarom_niet(h, g, score),
            })
            .collect()
    }

    /// Why household `h` did not go to gemeente `g`, where its fit is `score`.
    fn waarom_niet(&self, h: HuishoudenIdx, g: GemeenteIdx, score: f64) -> WaaromNiet {
        let hh = self.inst.huishouden(h);
        if !self.inst.toegestaan(hh, g) {
            let filter = if hh.planner.vast.is_some() {
                Filter::PlannerVast
            } else if hh.vast.is_some() {
                Filter::VasteGemeente
            } else if hh.uitgesloten(g).is_some() {
                Filter::PlannerNiet
            } else {
                Filter::Zorgbehoefte
            };
            return WaaromNiet::Filter { filter };
        }
        let n = i64::from(self.p.huishouden(h).personen);
        let ruimte = self.ruimte(g);
        if ruimte < n {
            return WaaromNiet::Capaciteit {
                ruimte: ruimte.max(0),
                cap: self.p.gemeente(g).cap,
                vaste_personen: self.vaste_personen[g.idx()],
                voorrang: self.voorrang[g.idx()].clone(),
            };
        }
        let Some(eigen) = self.toewijzing[h.idx()] else {
            return WaaromNiet::NietGevonden;
        };
        let hier = self.scores.score(h, eigen);
        if score <= hier + GELIJK {
            return WaaromNiet::LagereScore {
                verschil: rond(hier - score),
            };
        }
        let gm = self.p.gemeente(eigen);
        let l = self.last[eigen.idx()];
        let tekort = gm.tekort(l - n) - gm.tekort(l);
        if tekort > GELIJK {
            WaaromNiet::Taakstelling {
                verschil: rond(score - hier),
                tekort,
            }
        } else {
            WaaromNiet::NietGevonden
        }
    }
}

/// Persons coupled per gemeente.
pub fn bezetting(p: &Probleem, toewijzing: &[Option<GemeenteIdx>]) -> Vec<i64> {
    let mut last = vec![0i64; p.gemeenten.len()];
    for (hm, g) in p.huishoudens.iter().zip(toewijzing) {
        if let Some(g) = g {
            last[g.idx()] += i64::from(hm.personen);
        }
    }
    last
}

/// Per gemeente, up to [`AANTAL`] free households coupled there that it serves better than any
/// other allowed gemeente with room left for them, largest advantage first, then in input order.
fn voorrang(
    p: &Probleem,
    toewijzing: &[Option<GemeenteIdx>],
    last: &[i64],
) -> Vec<Vec<HuishoudenIdx>> {
    let mut per_gemeente: Vec<Vec<(f64, HuishoudenIdx)>> = vec![Vec::new(); p.gemeenten.len()];
    for (h, (hm, &g)) in p
        .huishouden_indices()
        .zip(p.huishoudens.iter().zip(toewijzing))
    {
        let Some(g) = g.filter(|_| !hm.vast) else {
            continue;
        };
        let n = i64::from(hm.personen);
        let hier = p.score(h, g).unwrap_or(f64::NEG_INFINITY);
        let elders = hm
            .kandidaten
            .iter()
            .filter(|&&(k, _)| k != g && p.gemeente(k).cap - last[k.idx()] >= n)
            .map(|k| k.1)
            .fold(f64::NEG_INFINITY, f64::max);
        let voordeel = hier - elders;
        if voordeel > GELIJK {
            per_gemeente[g.idx()].push((voordeel, h));
        }
    }
    per_gemeente
        .into_iter()
        .map(|mut v| {
            v.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            v.into_iter().take(AANTAL).map(|(_, h)| h).collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Opleidingsniveau::Middelbaar;
    use crate::model::RegioIdx;
    use crate::model::{Gemeente, GemeenteCode, HuishoudenId, Regio, RegioCode, Zorgbehoefte};
    use crate::score::score;
    use crate::score::testdata::*;

    use crate::model::Gewichten;
    use crate::solve::bouw;
    use crate::solve::testdata::toewijzing;

    /// The test instance with a third region (AM03, slack market, no hospital) of two
    /// gemeenten, and households of one nurse each (fit 8 in AM01, 2 in AM02 and AM03, plus 2
    /// regiobinding in AM02 where the AZC is).
    fn drie_regios(n: usize) -> Instance {
        let mut inst = instance(
            (0..n)
                .map(|i| {
                    let mut h = huishouden(vec![persoon(35, Middelbaar, Some(10), 10)]);
                    h.id = HuishoudenId::new(format!("H{i}"));
                    h
                })
                .collect(),
        );
        inst.regios.push(Regio {
            code: RegioCode::parse("AM03").unwrap(),
            naam: "AM03".into(),
            mbo: true,
            hbo: false,
            wo: false,
            academisch_ziekenhuis: false,
        });
        let mut markt = crate::model::Arbeidsmarkt::new(3);
        let zorg = crate::model::Beroepsklasse::parse("10").unwrap();
        markt.set(RegioIdx::new(0), zorg, 4.0);
        markt.set(RegioIdx::new(1), zorg, 0.25);
        markt.set(RegioIdx::new(2), zorg, 0.25);
        inst.arbeidsmarkt = markt;
        for code in ["GM0005", "GM0006"] {
            inst.gemeenten.push(Gemeente {
                code: GemeenteCode::parse(code).unwrap(),
                naam: code.into(),
                regio: RegioIdx::new(2),
                inwoners: 1000,
                taakstelling: 10,
                gerealiseerd: 0,
                achterstand: 0,
            });
        }
        inst
    }

    fn stand_van(
        inst: &Instance,
        rest: &[i64],
        toewijzing: &[Option<GemeenteIdx>],
        f: impl FnOnce(&Stand),
    ) {
        let mut inst = inst.clone();
        for (g, &r) in inst.gemeenten.iter_mut().zip(rest) {
            g.taakstelling = r;
        }
        let mut w = Gewichten::default();
        w.model.marge = 0;
        let s = score(&inst, &w);
        let (p, _) = bouw(&inst, &s, &w);
        f(&Stand::new(&inst, &s, &p, toewijzing));
    }

    #[test]
    fn sorted_by_fit_one_per_region_never_the_koppeling() {
        let inst = drie_regios(1);
        // coupled in AM02 (fit 4): alternatives AM01 (8) and AM03 (2), not the other AM02 one
        stand_van(&inst, &[5, 5, 5, 5, 5, 5], &toewijzing([Some(2)]), |st| {
            let a = st.alternatieven(HuishoudenIdx::new(0));
            let g: Vec<_> = a.iter().map(|a| a.gemeente.idx()).collect();
            let s: Vec<_> = a.iter().map(|a| a.score).collect();
            assert_eq!(g, vec![0, 4], "{a:?}");
            assert_eq!(s, vec![8.0, 2.0]);
            // GM0003 has 5 of the 30 places of rest: its target is 1/6 person, which it would miss
            match a[0].waarom_niet {
                WaaromNiet::Taakstelling { verschil, tekort } => {
                    assert_eq!(verschil, 4.0);
                    assert!((tekort - 5.0 / 30.0).abs() < 1e-9, "{tekort}");
                }
                ref other => panic!("{other:?}"),
            }
            assert_eq!(a[1].waarom_niet, WaaromNiet::LagereScore { verschil: 2.0 });
        });
        // coupled at its best: everything else scores lower
        stand_van(&inst, &[5, 5, 5, 5, 5, 5], &toewijzing([Some(1)]), |st| {
            let a = st.alternatieven(HuishoudenIdx::new(0));
            assert!(a.iter().all(|a| a.gemeente != GemeenteIdx::new(1)));
            assert!(a.windows(2).all(|w| w[0].score >= w[1].score), "{a:?}");
            assert_eq!(
                a.iter().map(|a| a.gemeente.idx()).collect::<Vec<_>>(),
                vec![2, 4]
            );
            assert_eq!(a[0].waarom_niet, WaaromNiet::LagereScore { verschil: 4.0 });
        });
    }

    #[test]
    fn representative_has_room_when_one_has() {
        let inst = drie_regios(1);
        // GM0001 has no rest, GM0002 has: the region is shown by GM0002, which had room
        stand_van(&inst, &[0, 5, 5, 5, 5, 5], &toewijzing([Some(2)]), |st| {
            let a = st.alternatieven(HuishoudenIdx::new(0));
            assert_eq!(a[0].gemeente, GemeenteIdx::new(1));
            assert!(!matches!(a[0].waarom_niet, WaaromNiet::Capaciteit { .. }));
        });
    }

    #[test]
    fn capaciteit_only_when_the_room_is_used_and_names_who_it_serves_better() {
        let inst = drie_regios(3);
        // AM01 holds 2 places, both taken by H1 and H2 (each gains 4 there over AM02, which has
        // room); H0 sits in AM02
        let t = toewijzing([Some(2), Some(0), Some(1)]);
        stand_van(&inst, &[1, 1, 5, 5, 5, 5], &t, |st| {
            let a = st.alternatieven(HuishoudenIdx::new(0));
            assert_eq!(a[0].score, 8.0);
            match &a[0].waarom_niet {
                WaaromNiet::Capaciteit {
                    ruimte,
                    cap,
                    vaste_personen,
                    voorrang,
                } => {
                    assert_eq!((*ruimte, *cap, *vaste_personen), (0, 1, 0));
                    assert_eq!(voorrang.len(), 1, "one household per gemeente");
                    assert!(
                        voorrang[0] == HuishoudenIdx::new(1)
                            || voorrang[0] == HuishoudenIdx::new(2)
                    );
                }
                other => panic!("{other:?}"),
            }
        });
        // one place still free in AM01: not capaciteit
        stand_van(&inst, &[2, 1, 5, 5, 5, 5], &t, |st| {
            let a = st.alternatieven(HuishoudenIdx::new(0));
            assert_eq!(a[0].gemeente, GemeenteIdx::new(0));
            assert!(
                !matches!(a[0].waarom_niet, WaaromNiet::Capaciteit { .. }),
                "{a:?}"
            );
        });
    }

    #[test]
    fn hard_filters_are_named() {
        let mut inst = drie_regios(2);
        inst.huishoudens[0].vast = Some(GemeenteIdx::new(3));
        inst.huishoudens[1].zorg = Some(Zorgbehoefte::AcademischZiekenhuis);
        // only AM01 has a hospital; household 1 coupled in AM01
        stand_van(
            &inst,
            &[5, 5, 5, 5, 5, 5],
            &toewijzing([Some(3), Some(0)]),
            |st| {
                let vast = st.alternatieven(HuishoudenIdx::new(0));
                assert_eq!(vast.len(), 2, "{vast:?}");
                assert!(vast.iter().all(|a| a.waarom_niet
                    == WaaromNiet::Filter {
                        filter: Filter::VasteGemeente
                    }));
                let zorg = st.alternatieven(HuishoudenIdx::new(1));
                assert_eq!(
                    zorg.iter().map(|a| a.gemeente.idx()).collect::<Vec<_>>(),
                    vec![2, 4]
                );
                assert!(zorg.iter().all(|a| a.waarom_niet
                    == WaaromNiet::Filter {
                        filter: Filter::Zorgbehoefte
                    }));
            },
        );
    }
}
