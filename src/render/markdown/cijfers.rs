//! The figures of the report counted once, and the small helpers every section shares.

use crate::explain::{Koppeling, Reden};
use crate::model::RegioIdx;
use crate::render::tekst::getal;
use crate::solve::KoppelingDoor;
use crate::uitkomst::{GemeenteResultaat, Uitkomst};

/// The figures of the first screen, counted once.
pub(super) struct Cijfers {
    pub(super) per_gemeente: Vec<GemeenteResultaat>,
    pub(super) gekoppeld: usize,
    pub(super) gekoppeld_personen: i64,
    pub(super) ongekoppeld_personen: i64,
    /// Gemeenten and regions that receive households.
    pub(super) ontvangende_gemeenten: usize,
    pub(super) ontvangende_regios: usize,
    /// The remaining quota of all gemeenten together (a lead counts as 0).
    pub(super) rest: i64,
    pub(super) gemeenten_met_rest: usize,
    /// Gemeenten below their remaining quota, and by how many persons together.
    pub(super) onder: (usize, i64),
    /// Gemeenten above it, and by how many persons together.
    pub(super) boven: (usize, i64),
    /// Gemeenten short of their proportional share, and by how many persons together.
    pub(super) tekort: (usize, f64),
}

impl Cijfers {
    pub(super) fn van(u: &Uitkomst) -> Self {
        let inst = &u.instance;
        let per_gemeente = u.per_gemeente();
        let personen_van = |k: &Koppeling| i64::from(inst.huishouden(k.huishouden).personen());
        let (gekoppeld, ongekoppeld): (Vec<&Koppeling>, Vec<&Koppeling>) =
            u.koppelingen.iter().partition(|k| k.gemeente.is_some());
        let mut regios: Vec<RegioIdx> = per_gemeente
            .iter()
            .filter(|r| r.huishoudens > 0)
            .map(|r| inst.gemeente(r.gemeente).regio)
            .collect();
        regios.sort_unstable();
        regios.dedup();
        let telling = |pred: &dyn Fn(&GemeenteResultaat) -> bool| {
            let rs: Vec<&GemeenteResultaat> = per_gemeente.iter().filter(|r| pred(r)).collect();
            (rs.len(), rs.iter().map(|r| r.verschil().abs()).sum::<i64>())
        };
        let onder = telling(&|r| r.verschil() < 0);
        let boven = telling(&|r| r.verschil() > 0);
        let kort: Vec<f64> = per_gemeente
            .iter()
            .map(GemeenteResultaat::tekort)
            .filter(|&t| t > 1e-9)
            .collect();
        Cijfers {
            gekoppeld: gekoppeld.len(),
            gekoppeld_personen: gekoppeld.iter().map(|k| personen_van(k)).sum(),
            ongekoppeld_personen: ongekoppeld.iter().map(|k| personen_van(k)).sum(),
            ontvangende_gemeenten: per_gemeente.iter().filter(|r| r.huishoudens > 0).count(),
            ontvangende_regios: regios.len(),
            rest: per_gemeente.iter().map(|r| r.rest.max(0)).sum(),
            gemeenten_met_rest: per_gemeente.iter().filter(|r| r.rest > 0).count(),
            onder,
            boven,
            tekort: (kort.len(), kort.iter().sum()),
            per_gemeente,
        }
    }
}

/// A count of arbeidsmarktregio's: "1 arbeidsmarktregio", "35 arbeidsmarktregio's".
pub(super) fn regios(n: usize) -> String {
    if n == 1 {
        "1 arbeidsmarktregio".to_string()
    } else {
        format!("{n} arbeidsmarktregio's")
    }
}

/// A percentage with one decimal: "89,6%".
pub(super) fn procent(aandeel: f64) -> String {
    format!("{}%", getal(100.0 * aandeel, 1))
}

/// Whether HiGHS stopped without a koppeling of its own, so the report shows the greedy one.
pub(super) fn gretige_koppeling(u: &Uitkomst) -> bool {
    u.oplossing.herkomst.koppeling == KoppelingDoor::Gretig
}

/// A gap in percent: 3 decimals below 1% ("0,009%"), 1 above ("64,4%").
pub(super) fn gap_procent(gap: f64) -> String {
    let p = 100.0 * gap;
    format!("{}%", getal(p, if p < 1.0 { 3 } else { 1 }))
}

/// The price of the quotas as a share of the fit without them.
pub(super) fn quota_aandeel(u: &Uitkomst) -> f64 {
    let q = &u.quotaprijs;
    if q.zonder.abs() > 0.0 {
        q.prijs() / q.zonder
    } else {
        0.0
    }
}

/// How many koppelingen have each reason, most first.
pub(super) fn redentelling(u: &Uitkomst) -> Vec<(Reden, usize)> {
    let mut telling: Vec<(Reden, usize)> = Vec::new();
    for k in &u.koppelingen {
        match telling.iter_mut().find(|(r, _)| *r == k.reden) {
            Some(e) => e.1 += 1,
            None => telling.push((k.reden, 1)),
        }
    }
    telling.sort_by_key(|&(r, n)| (std::cmp::Reverse(n), r.as_str()));
    telling
}

/// A baseline's name in the report.
/// The run's own row of the comparison in a sentence: "het optimum", or with `--prognose` "de
/// koppeling van vooruitziend".
pub(super) fn de_koppeling(naam: &str) -> &'static str {
    match naam {
        "vooruitziend" => "de koppeling van vooruitziend",
        _ => "het optimum",
    }
}

pub(super) fn basislijn_naam(naam: &str) -> &'static str {
    match naam {
        "optimum" => "optimum",
        "vooruitziend" => "vooruitziend",
        "quota-first" => "quota eerst",
        _ => "gretig",
    }
}
