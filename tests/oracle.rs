//! Property tests: on small random problems both MIP formulations (the aggregated one whole and
//! by pricing) reach the optimum that brute force finds, with and without a spread bound, the bound they report is never below it
//! (also with a gap, when pricing leaves options out), every household is coupled once or not at
//! all, no capacity is exceeded, and more capacity never lowers the objective. Fixing one
//! household elsewhere (`kansrijk explain`) and solving from the repaired koppeling reaches the
//! brute-force optimum of the fixed problem, never above the original one.
//!
//! The oracle shares no code with what it checks: the objective, the shortfall, the capacity
//! rule and the spread bound are computed here ([`waarde`], [`binnen_vloer`]) from the model's
//! definition in `src/solve/mod.rs`, and the library's own evaluation ([`doelwaarde`],
//! [`regio_vloer`]) is compared against them on every koppeling brute force visits.

use kansrijk::model::{GemeenteIdx, HuishoudenIdx, RegioIdx};
use kansrijk::solve::{
    basislijn, certificaat, doelwaarde, gretig, los_op, los_op_vanaf, regio_vloer, zoek,
    Formulering, GemeenteModel, HuishoudenModel, Opties, Probleem, Status,
};
use proptest::prelude::*;

/// A koppeling's value and its parts, as the oracle computes them.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Waarde {
    doelwaarde: f64,
    totale_score: f64,
    tekort_personen: f64,
    ongekoppeld: usize,
}

/// The fit of household `h` in gemeente `g`, if `g` is one of its candidates.
fn fit(p: &Probleem, h: usize, g: GemeenteIdx) -> Option<f64> {
    p.huishoudens[h]
        .kandidaten
        .iter()
        .find(|&&(c, _)| c == g)
        .map(|&(_, s)| s)
}

/// The value of the koppeling `t` (one entry per household, `None`: uncoupled), or `None` if
/// it breaks a rule of the model:
///
/// - a coupled household is at one of its candidates (a fixed household: its only one);
/// - a fixed household is never uncoupled;
/// - no gemeente receives more persons than its capacity `cap`.
///
/// The objective is the total fit of the coupled households, minus `ongekoppeld_boete` per
/// uncoupled household, minus `tekort_boete` per person short of each gemeente's target
/// (`max(doel - persons received, 0)`, fixed households' persons counted).
fn waarde(p: &Probleem, t: &[Option<GemeenteIdx>]) -> Option<Waarde> {
    assert_eq!(t.len(), p.huishoudens.len(), "one entry per household");
    let mut ontvangen = vec![0i64; p.gemeenten.len()];
    let mut totale_score = 0.0;
    let mut ongekoppeld = 0;
    for (h, (hm, &g)) in p.huishoudens.iter().zip(t).enumerate() {
        match g {
            Some(g) => {
                totale_score += fit(p, h, g)?;
                ontvangen[g.idx()] += i64::from(hm.personen);
            }
            None if hm.vast => return None,
            None => ongekoppeld += 1,
        }
    }
    let mut tekort_personen = 0.0;
    for (gm, &n) in p.gemeenten.iter().zip(&ontvangen) {
        if n > gm.cap {
            return None;
        }
        if gm.doel > n as f64 {
            tekort_personen += gm.doel - n as f64;
        }
    }
    Some(Waarde {
        doelwaarde: totale_score
            - p.ongekoppeld_boete * ongekoppeld as f64
            - p.tekort_boete * tekort_personen,
        totale_score,
        tekort_personen,
        ongekoppeld,
    })
}

/// Whether `t` keeps the spread bound of `p`, if it has one: in every region, the free
/// households coupled there have a mean fit of at least the floor, i.e. their fits minus the
/// floor sum to at least 0 (a region receiving none meets it). Fixed households do not count.
fn binnen_vloer(p: &Probleem, t: &[Option<GemeenteIdx>]) -> bool {
    let Some(vloer) = p.regio_vloer else {
        return true;
    };
    let regios = p.regios();
    let mut som = vec![0.0f64; regios];
    for (h, (hm, &g)) in p.huishoudens.iter().zip(t).enumerate() {
        if let (Some(g), false) = (g, hm.vast) {
            som[p.gemeente(g).regio.idx()] += fit(p, h, g).expect("an allowed pair") - vloer;
        }
    }
    som.iter().all(|&s| s >= -1e-9)
}

/// Persons of fixed households per gemeente.
fn vaste_personen(p: &Probleem) -> Vec<i64> {
    let mut vast = vec![0i64; p.gemeenten.len()];
    for h in p.huishoudens.iter().filter(|h| h.vast) {
        vast[h.kandidaten[0].0.idx()] += i64::from(h.personen);
    }
    vast
}

fn dicht_bij(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// The oracle's value of `t` (with the spread bound: `None` as well when `t` breaks it),
/// after checking that the library's [`doelwaarde`] and [`regio_vloer`] agree: the same rules
/// broken or kept, the same value and parts. (The library's floor allows 1e-6 on the mean;
/// with fits in tenths and floors in halves no koppeling lies in between.)
fn waarde_zoals_bibliotheek(p: &Probleem, t: &[Option<GemeenteIdx>]) -> Option<Waarde> {
    let eigen = waarde(p, t);
    let bieb = doelwaarde(p, t);
    match (&eigen, &bieb) {
        (Some(e), Ok(b)) => assert!(
            dicht_bij(e.doelwaarde, b.doelwaarde)
                && dicht_bij(e.totale_score, b.totale_score)
                && dicht_bij(e.tekort_personen, b.tekort_personen)
                && e.ongekoppeld == b.ongekoppeld,
            "{t:?}: the oracle's {e:?}, the library's {b:?}"
        ),
        (None, Err(_)) => {}
        _ => panic!("{t:?}: the oracle's {eigen:?}, the library's {bieb:?}"),
    }
    let eigen = eigen?;
    let eerlijk = binnen_vloer(p, t);
    assert_eq!(
        eerlijk,
        regio_vloer(p, t).is_ok(),
        "{t:?}: the spread bound, the oracle's against the library's"
    );
    eerlijk.then_some(eigen)
}

/// Best objective over every assignment (each free household: one of its candidates, or none),
/// by the oracle's own [`waarde`]; the library's evaluation is checked on each on the way.
fn brute_force(p: &Probleem) -> f64 {
    let keuzes: Vec<Vec<Option<GemeenteIdx>>> = p
        .huishoudens
        .iter()
        .map(|h| {
            if h.vast {
                vec![Some(h.kandidaten[0].0)]
            } else {
                std::iter::once(None)
                    .chain(h.kandidaten.iter().map(|k| Some(k.0)))
                    .collect()
            }
        })
        .collect();
    let mut best = f64::NEG_INFINITY;
    let mut idx = vec![0usize; keuzes.len()];
    loop {
        let toewijzing: Vec<Option<GemeenteIdx>> =
            idx.iter().zip(&keuzes).map(|(&i, k)| k[i]).collect();
        if let Some(w) = waarde_zoals_bibliotheek(p, &toewijzing) {
            best = best.max(w.doelwaarde);
        }
        let mut i = 0;
        loop {
            if i == idx.len() {
                return best;
            }
            idx[i] += 1;
            if idx[i] < keuzes[i].len() {
                break;
            }
            idx[i] = 0;
            i += 1;
        }
    }
}

/// A problem shaped like the real one: region-level scores, a network gemeente with a bonus,
/// households limited to one region (care needs), fixed households.
fn probleem() -> impl Strategy<Value = Probleem> {
    let gemeenten = prop::collection::vec((0usize..2, 0i64..7, 0u32..5), 1..5);
    let huishoudens = prop::collection::vec(
        (
            1u32..5,
            prop::collection::vec(0u32..200, 2),
            prop::option::of((0usize..4, 1u32..40)),
            0u8..10,
        ),
        1..6,
    );
    (gemeenten, huishoudens, 0u32..3).prop_map(|(gs, hs, boete)| {
        let mut gemeenten: Vec<GemeenteModel> = gs
            .iter()
            .map(|&(regio, cap, doel)| GemeenteModel {
                regio: RegioIdx::new(regio),
                cap,
                doel: (doel as f64 * 0.7).min(cap as f64),
            })
            .collect();
        let g_n = gemeenten.len();
        let huishoudens: Vec<HuishoudenModel> = hs
            .iter()
            .map(|(personen, basis, netwerk, soort)| {
                let mut kandidaten: Vec<(GemeenteIdx, f64)> = GemeenteIdx::alle(g_n)
                    .map(|g| {
                        let mut s = basis[gemeenten[g.idx()].regio.idx()] as f64 / 10.0;
                        if let Some((ng, bonus)) = netwerk {
                            if ng % g_n == g.idx() {
                                s += *bonus as f64 / 10.0;
                            }
                        }
                        (g, s)
                    })
                    .collect();
                let vast = *soort == 0;
                if vast {
                    kandidaten.truncate(1);
                } else if *soort == 1 {
                    kandidaten.retain(|&(g, _)| gemeenten[g.idx()].regio.idx() == 0);
                }
                HuishoudenModel {
                    personen: *personen,
                    vast,
                    kandidaten,
                }
            })
            .collect();
        // As `bouw` does: capacity raised to the fixed households' size.
        let mut vast = vec![0i64; g_n];
        for h in huishoudens.iter().filter(|h| h.vast) {
            vast[h.kandidaten[0].0.idx()] += i64::from(h.personen);
        }
        for (g, v) in gemeenten.iter_mut().zip(vast) {
            g.cap = g.cap.max(v);
        }
        Probleem {
            gemeenten,
            huishoudens,
            tekort_boete: f64::from(boete),
            ongekoppeld_boete: 100.0,
            regio_vloer: None,
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    #[test]
    fn both_formulations_reach_the_brute_force_optimum(
        p in probleem(),
        vloer in prop::option::of(0u32..30),
    ) {
        // with a spread bound in about half of the cases
        let p = Probleem { regio_vloer: vloer.map(|v| f64::from(v) / 2.0), ..p };
        let best = brute_force(&p);
        // the greedy koppeling, made to keep the spread bound, keeps every rule
        let start = gretig::binnen_vloer(&p, gretig::gretig(&p));
        prop_assert!(kansrijk::solve::doelwaarde_binnen_vloer(&p, &start).is_ok());
        prop_assert!(waarde(&p, &start).is_some() && binnen_vloer(&p, &start), "{:?}", start);
        // the aggregated model whole, by pricing from one option per household, and the full one
        let varianten = [
            Opties::default(),
            Opties { prijzen_vanaf: 0, begin_opties: 1, gap: Some(0.0), ..Opties::default() },
            Opties { formulering: Formulering::Volledig, ..Opties::default() },
        ];
        for opties in varianten {
            let formulering = (opties.formulering, opties.prijzen_vanaf);
            let o = los_op(&p, &opties).unwrap();
            prop_assert_eq!(o.status, Status::Optimaal, "{:?}: {:?}", formulering, o);
            prop_assert!((o.doelwaarde - best).abs() < 1e-6, "{:?}: {} vs brute force {}", formulering, o.doelwaarde, best);
            prop_assert!(o.grens >= o.doelwaarde - 1e-9);
            // the bound holds for the full model, whatever was priced out
            prop_assert!(o.grens >= best - 1e-6, "{:?}: bound {} below the optimum {}", formulering, o.grens, best);
            // the certificate of a priced run bounds the optimum, also under the spread bound,
            // and so do its prices with other region prices
            if let Some(c) = o.bewijs.as_ref().and_then(|b| b.certificaat.as_ref()) {
                prop_assert!(c.grens >= best - 1e-6, "certificate {} below the optimum {}", c.grens, best);
                prop_assert!(o.grens <= c.grens + 1e-9, "reported bound {} above the certificate's {}", o.grens, c.grens);
                for omega in [0.0, 0.3, 2.0] {
                    let regio = vec![omega; 2];
                    let b = certificaat::grens(&p, &c.prijzen, &regio);
                    prop_assert!(b >= best - 1e-6, "region prices {}: {} below the optimum {}", omega, b, best);
                }
            }
            // every household once or uncoupled, capacities held: doelwaarde checks both
            let w = doelwaarde(&p, &o.toewijzing).unwrap();
            prop_assert!(regio_vloer(&p, &o.toewijzing).is_ok());
            prop_assert!((w.doelwaarde - o.doelwaarde).abs() < 1e-9);
            prop_assert_eq!(o.toewijzing.len(), p.huishoudens.len());
            // ... and so does the oracle, which finds the reported figures
            let eigen = waarde(&p, &o.toewijzing);
            prop_assert!(eigen.is_some(), "{:?}: {:?} breaks a rule", formulering, o.toewijzing);
            prop_assert!(binnen_vloer(&p, &o.toewijzing), "{:?}: below the floor", formulering);
            let eigen = eigen.unwrap();
            prop_assert!((eigen.doelwaarde - o.doelwaarde).abs() < 1e-9, "{:?}: {:?} vs {:?}", formulering, eigen, o);
            prop_assert!((eigen.totale_score - o.totale_score).abs() < 1e-9, "{:?}: {:?} vs {:?}", formulering, eigen, o);
            prop_assert!((eigen.tekort_personen - o.tekort_personen).abs() < 1e-9, "{:?}: {:?} vs {:?}", formulering, eigen, o);
            prop_assert_eq!(eigen.ongekoppeld, o.ongekoppeld);
        }
    }

    #[test]
    fn a_gap_loosens_the_koppeling_never_the_bound(p in probleem(), gap in 0.0f64..0.2) {
        let best = brute_force(&p);
        let o = los_op(&p, &Opties { prijzen_vanaf: 0, begin_opties: 1, gap: Some(gap), ..Opties::default() }).unwrap();
        prop_assert!(o.doelwaarde <= best + 1e-6);
        prop_assert!(o.grens >= best - 1e-6, "bound {} below the optimum {}", o.grens, best);
        prop_assert_eq!(o.status, Status::Optimaal);
        prop_assert!(o.grens - o.doelwaarde <= gap * o.doelwaarde.abs().max(1.0) + 1e-6);
        let eigen = waarde(&p, &o.toewijzing).expect("the koppeling keeps the rules");
        prop_assert!((eigen.doelwaarde - o.doelwaarde).abs() < 1e-9, "{:?} vs {:?}", eigen, o);
    }

    #[test]
    fn the_optimum_never_scores_below_a_baseline(p in probleem(), seed in 0usize..100) {
        let o = los_op(&p, &Opties::default()).unwrap();
        // any permit order
        let mut volgorde: Vec<HuishoudenIdx> = HuishoudenIdx::alle(p.huishoudens.len()).collect();
        let n = volgorde.len().max(1);
        volgorde.rotate_left(seed % n);
        let v = basislijn::vergelijk(&p, &volgorde, &o.toewijzing).unwrap();
        prop_assert_eq!(v[0].doelwaarde, o.doelwaarde);
        for b in &v[1..] {
            prop_assert!(o.doelwaarde >= b.doelwaarde - 1e-9, "{}: {} > optimum {}", b.naam, b.doelwaarde, o.doelwaarde);
        }
        // the same by the oracle's count: each baseline keeps the rules, is worth what the
        // comparison says, and no more than the optimum
        let optimum = waarde(&p, &o.toewijzing).expect("the optimum keeps the rules");
        prop_assert!((optimum.doelwaarde - o.doelwaarde).abs() < 1e-9);
        let basislijnen = [
            basislijn::quota_eerst(&p, &volgorde),
            basislijn::gretig_op_volgorde(&p, &volgorde),
        ];
        for (b, t) in v[1..].iter().zip(&basislijnen) {
            let w = waarde(&p, t);
            prop_assert!(w.is_some(), "{}: {:?} breaks a rule", b.naam, t);
            let w = w.unwrap();
            prop_assert!((w.doelwaarde - b.doelwaarde).abs() < 1e-9, "{}: {:?} vs {:?}", b.naam, w, b);
            prop_assert!((w.tekort_personen - b.tekort_personen).abs() < 1e-9, "{}: {:?} vs {:?}", b.naam, w, b);
            prop_assert_eq!(w.ongekoppeld, b.ongekoppeld);
            prop_assert!(optimum.doelwaarde >= w.doelwaarde - 1e-9, "{}: {:?} above the optimum", b.naam, w);
        }
    }

    #[test]
    fn local_search_keeps_the_rules_and_stops_where_no_move_or_swap_gains(
        p in probleem(), keuze in prop::collection::vec(0usize..6, 6),
    ) {
        // any start that keeps the rules: each free household at one of its options (or none),
        // repaired to keep the capacities
        let start: Vec<Option<GemeenteIdx>> = p
            .huishoudens
            .iter()
            .zip(&keuze)
            .map(|(hm, &i)| {
                if hm.vast {
                    Some(hm.kandidaten[0].0)
                } else {
                    hm.kandidaten.get(i % (hm.kandidaten.len() + 1)).map(|k| k.0)
                }
            })
            .collect();
        let start = gretig::herstel(&p, start);
        let voor = waarde_zoals_bibliotheek(&p, &start).expect("the repaired start keeps the rules").doelwaarde;
        let t = zoek::verbeter(&p, start);
        prop_assert!(doelwaarde(&p, &t).is_ok(), "local search keeps the rules");
        let na = waarde_zoals_bibliotheek(&p, &t).expect("local search keeps the rules").doelwaarde;
        prop_assert!(na >= voor - 1e-9, "{} < {}", na, voor);
        prop_assert!(na <= brute_force(&p) + 1e-6);
        for (h, hm) in p.huishoudens.iter().enumerate() {
            if hm.vast {
                prop_assert_eq!(t[h], Some(hm.kandidaten[0].0));
                continue;
            }
            // no single move gains, to any option or to none
            for g in std::iter::once(None).chain(hm.kandidaten.iter().map(|k| Some(k.0))) {
                let mut u = t.clone();
                u[h] = g;
                if let Some(w) = waarde(&p, &u) {
                    prop_assert!(w.doelwaarde <= na + 1e-6, "moving {} to {:?} gains", h, g);
                }
            }
            // no swap with another free household gains
            for k in (h + 1..p.huishoudens.len()).filter(|&k| !p.huishoudens[k].vast) {
                let mut u = t.clone();
                u.swap(h, k);
                if let Some(w) = waarde(&p, &u) {
                    prop_assert!(w.doelwaarde <= na + 1e-6, "swapping {} and {} gains", h, k);
                }
            }
        }
    }

    #[test]
    fn more_capacity_never_lowers_the_objective(p in probleem(), g in 0usize..4) {
        let voor = los_op(&p, &Opties::default()).unwrap().doelwaarde;
        let mut q = p.clone();
        let g = g % q.gemeenten.len();
        q.gemeenten[g].cap += 1;
        let na = los_op(&q, &Opties::default()).unwrap().doelwaarde;
        prop_assert!(na >= voor - 1e-6, "{} < {}", na, voor);
    }

    #[test]
    fn fixing_a_household_and_solving_from_the_repaired_koppeling_is_optimal(
        p in probleem(), h in 0usize..6, k in 0usize..5,
    ) {
        let o = los_op(&p, &Opties::default()).unwrap();
        let h = h % p.huishoudens.len();
        let kandidaten = &p.huishoudens[h].kandidaten;
        prop_assume!(!kandidaten.is_empty());
        let g = kandidaten[k % kandidaten.len()].0;
        let Some(vast) = p.vastgezet(HuishoudenIdx::new(h), g) else {
            // only when the fixed households there leave no room for it
            prop_assert!(vaste_personen(&p)[g.idx()] + i64::from(p.huishoudens[h].personen) > p.gemeenten[g.idx()].cap);
            return Ok(());
        };
        let mut start = o.toewijzing.clone();
        start[h] = Some(g);
        let start = gretig::herstel(&vast, start);
        let w = doelwaarde(&vast, &start);
        prop_assert!(w.is_ok(), "the repaired koppeling breaks a rule: {:?}", w);
        prop_assert!(waarde(&vast, &start).is_some(), "the repaired koppeling breaks a rule: {:?}", start);
        let best = brute_force(&vast);
        prop_assert!(best <= o.doelwaarde + 1e-6, "fixing gained: {} > {}", best, o.doelwaarde);
        for opties in [
            Opties::default(),
            Opties { prijzen_vanaf: 0, begin_opties: 1, gap: Some(0.0), ..Opties::default() },
            Opties { formulering: Formulering::Volledig, ..Opties::default() },
        ] {
            let f = los_op_vanaf(&vast, &opties, Some(&start)).unwrap();
            prop_assert_eq!(f.status, Status::Optimaal);
            prop_assert!((f.doelwaarde - best).abs() < 1e-6, "{} vs brute force {}", f.doelwaarde, best);
            prop_assert_eq!(f.toewijzing[h], Some(g));
            let eigen = waarde(&vast, &f.toewijzing).expect("the koppeling keeps the rules");
            prop_assert!((eigen.doelwaarde - f.doelwaarde).abs() < 1e-9, "{:?} vs {:?}", eigen, f);
        }
    }

    #[test]
    fn same_problem_same_koppeling(p in probleem()) {
        let a = los_op(&p, &Opties::default()).unwrap();
        let b = los_op(&p, &Opties::default()).unwrap();
        prop_assert_eq!(a, b);
    }
}
