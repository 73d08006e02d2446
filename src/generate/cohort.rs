//! The synthetic households and their members. Every share below is a documented target
//! (`data/README.md`, "De generator"), turned into exact counts by the largest-remainder
//! method ([`super::toeval::aantallen`]) and then shuffled, so a cohort of any size lands on the
//! targets up to rounding. Facts used for calibration are `data/referentie/cohort/facts.csv`
//! rows F19-F29; the rest is assumption.

use rand::distr::weighted::WeightedIndex;
use rand::seq::SliceRandom;
use rand::RngExt;

use super::toeval::{aantallen, gewogen, met_aandelen, vlaggen, Rng};
use crate::model::{Beroepsklasse, Geslacht, Opleidingsniveau, VOLWASSEN_VANAF};

/// Household types and their share of all households.
pub const SAMENSTELLINGEN: [(Samenstelling, f64); 5] = [
    (Samenstelling::Alleenstaand, 0.50),
    (Samenstelling::Stel, 0.09),
    (Samenstelling::Gezin, 0.22),
    (Samenstelling::Eenouder, 0.09),
    (Samenstelling::Nareiziger, 0.10),
];
/// Gezin (two parents and children) sizes in persons and their share of gezinnen.
pub const GEZIN_GROOTTES: [(usize, f64); 7] = [
    (3, 0.18),
    (4, 0.24),
    (5, 0.22),
    (6, 0.16),
    (7, 0.10),
    (8, 0.07),
    (9, 0.03),
];
/// Eenouder (one parent and children) sizes and their share.
pub const EENOUDER_GROOTTES: [(usize, f64); 4] = [(2, 0.35), (3, 0.38), (4, 0.20), (5, 0.07)];
/// Nareiziger compositions (who joins, size) and their share of nareiziger households.
/// Calibrated on F25 (60% women) and F26 (about half minors).
pub const NAREIZIGERS: [((Nareis, usize), f64); 10] = [
    ((Nareis::Echtgenote, 1), 0.25),
    ((Nareis::Echtgenoot, 1), 0.15),
    ((Nareis::Minderjarige, 1), 0.05),
    ((Nareis::MoederKinderen, 2), 0.15),
    ((Nareis::MoederKinderen, 3), 0.15),
    ((Nareis::MoederKinderen, 4), 0.07),
    ((Nareis::OudersKinderen, 3), 0.06),
    ((Nareis::OudersKinderen, 4), 0.06),
    ((Nareis::OudersKinderen, 5), 0.03),
    ((Nareis::Kinderen, 2), 0.03),
];
/// Sex of single adults (F19-F21: 75-84% of first applicants are men).
pub const GESLACHT_ALLEENSTAAND: [(Geslacht, f64); 3] = [
    (Geslacht::M, 0.86),
    (Geslacht::V, 0.13),
    (Geslacht::X, 0.01),
];
/// Age bands of single adults: (from, to, share).
const LEEFTIJD_ALLEENSTAAND: [(u32, u32, f64); 5] = [
    (18, 18, 0.04),
    (19, 30, 0.55),
    (31, 40, 0.27),
    (41, 55, 0.11),
    (56, 65, 0.03),
];
/// A single parent is the mother with this probability.
pub const P_MOEDER_EENOUDER: f64 = 0.86;
/// In gezinnen of 5 or more, the oldest child is an adult (18-22) with this probability.
pub const P_VOLWASSEN_KIND: f64 = 0.25;
/// Education of adults (F28: a fifth hoger onderwijs; F29: a third only primary school).
pub const OPLEIDING: [(Opleidingsniveau, f64); 3] = [
    (Opleidingsniveau::Hoog, 0.20),
    (Opleidingsniveau::Middelbaar, 0.45),
    (Opleidingsniveau::Laag, 0.35),
];
/// Share of adults with work experience, per sex. Every adult counts, women included.
pub const ERVARING: [(Geslacht, f64); 3] = [
    (Geslacht::M, 0.66),
    (Geslacht::V, 0.50),
    (Geslacht::X, 0.50),
];
/// Share of adults with an interest in one or two beroepsklassen.
pub const P_INTERESSE: f64 = 0.50;
const P_TWEE_INTERESSES: f64 = 0.40;
const P_INTERESSE_IS_ERVARING: f64 = 0.45;
/// Share of all households that need an academic hospital (drawn among non-nareizigers).
pub const AANDEEL_ZORG: f64 = 0.03;
/// Share of non-nareiziger households with a network gemeente.
pub const AANDEEL_NETWERK: f64 = 0.30;
// The network gemeente is drawn with weight `inwoners ^ 1.25` (biased to cities, but spread).

/// Beroepsklasse weights (01..13) of work experience, men (and x) / women.
const ERVARING_M: [f64; 13] = [2., 3., 12., 4., 3., 2., 22., 5., 9., 6., 13., 15., 4.];
const ERVARING_V: [f64; 13] = [14., 6., 10., 9., 2., 2., 3., 4., 7., 22., 16., 2., 3.];
/// Education factors on those weights (01..13).
const FACTOR_HOOG: [f64; 13] = [2., 2., 1., 2.5, 3., 2.5, 1., 3., 0.4, 1.5, 0.4, 0.4, 0.5];
const FACTOR_LAAG: [f64; 13] = [
    0.4, 0.5, 1., 0.3, 0.2, 0.3, 1.3, 0.2, 1.5, 1., 1.3, 1.3, 1.5,
];
/// Weights of interests (01..13).
const INTERESSE: [f64; 13] = [8., 4., 7., 5., 2., 3., 14., 8., 4., 14., 9., 8., 2.];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Samenstelling {
    Alleenstaand,
    Stel,
    Gezin,
    Eenouder,
    Nareiziger,
}

/// Who joins as nareiziger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nareis {
    /// A wife joining her husband.
    Echtgenote,
    /// A husband joining his wife.
    Echtgenoot,
    /// One minor joining a parent.
    Minderjarige,
    /// A mother with children joining the father.
    MoederKinderen,
    /// Parents and siblings joining an unaccompanied minor.
    OudersKinderen,
    /// Two minor siblings joining a parent.
    Kinderen,
}

/// One member. Children have opleidingsniveau laag and no profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Lid {
    pub leeftijd: u32,
    pub geslacht: Geslacht,
    pub opleidingsniveau: Opleidingsniveau,
    pub beroepsklasse: Option<Beroepsklasse>,
    pub ervaring_jaren: Option<u32>,
    pub interesse: Vec<Beroepsklasse>,
}

impl Lid {
    fn new(leeftijd: u32, geslacht: Geslacht) -> Self {
        Lid {
            leeftijd,
            geslacht,
            opleidingsniveau: Opleidingsniveau::Laag,
            beroepsklasse: None,
            ervaring_jaren: None,
            interesse: Vec::new(),
        }
    }

    pub fn volwassen(&self) -> bool {
        self.leeftijd >= VOLWASSEN_VANAF
    }
}

/// A household; gemeenten are indices into the reference table.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthetischHuishouden {
    pub soort: Samenstelling,
    pub leden: Vec<Lid>,
    pub azc: usize,
    pub netwerk: Option<usize>,
    pub vast: Option<usize>,
    pub zorg: bool,
    pub week: u32,
}

fn kind(rng: &mut Rng, leeftijd: u32) -> Lid {
    let g = if rng.random_bool(0.5) {
        Geslacht::M
    } else {
        Geslacht::V
    };
    Lid::new(leeftijd, g)
}

/// `n` children aged 0..=`max`, oldest first.
fn kinderen(rng: &mut Rng, n: usize, max: u32) -> Vec<Lid> {
    let mut leeftijden: Vec<u32> = (0..n).map(|_| rng.random_range(0..=max)).collect();
    leeftijden.sort_unstable_by(|a, b| b.cmp(a));
    leeftijden.into_iter().map(|a| kind(rng, a)).collect()
}

/// A parent's age given the oldest child's: at least 18 years older, at most 40, 20..55.
fn ouder_leeftijd(rng: &mut Rng, oudste: u32) -> u32 {
    rng.random_range((oudste + 18).max(20)..=(oudste + 40).clamp(24, 55))
}

fn alleenstaand_leeftijd(rng: &mut Rng, banden: &WeightedIndex<f64>) -> u32 {
    let (van, tot, _) = LEEFTIJD_ALLEENSTAAND[rng.sample(banden)];
    rng.random_range(van..=tot)
}

/// The members of a household of `soort` and `grootte` persons (not a single adult: their
/// sex is an exact quota, drawn by the caller). Adults first, children by descending age.
fn leden(rng: &mut Rng, soort: Samenstelling, grootte: usize, nareis: Option<Nareis>) -> Vec<Lid> {
    match (soort, nareis) {
        (Samenstelling::Stel, _) => {
            let m: u32 = rng.random_range(20..=55);
            let v = m.saturating_sub(rng.random_range(0..=8)).max(18);
            vec![Lid::new(m, Geslacht::M), Lid::new(v, Geslacht::V)]
        }
        (Samenstelling::Gezin, _) => {
            let mut kids = kinderen(rng, grootte - 2, 17);
            let volwassen_kind = (grootte >= 5 && rng.random_bool(P_VOLWASSEN_KIND))
                .then(|| rng.random_range(18..=22));
            let oudste = volwassen_kind.unwrap_or(kids[0].leeftijd);
            let vader = ouder_leeftijd(rng, oudste);
            let moeder = vader
                .saturating_sub(rng.random_range(0..=7))
                .max(oudste + 18);
            let mut out = vec![Lid::new(vader, Geslacht::M), Lid::new(moeder, Geslacht::V)];
            if let Some(a) = volwassen_kind {
                let g = if rng.random_bool(0.5) {
                    Geslacht::M
                } else {
                    Geslacht::V
                };
                out.push(Lid::new(a, g));
                kids.remove(0);
            }
            out.extend(kids);
            out
        }
        (Samenstelling::Eenouder, _) => {
            let kids = kinderen(rng, grootte - 1, 17);
            let g = if rng.random_bool(P_MOEDER_EENOUDER) {
                Geslacht::V
            } else {
                Geslacht::M
            };
            let ouder = ouder_leeftijd(rng, kids[0].leeftijd);
            std::iter::once(Lid::new(ouder, g)).chain(kids).collect()
        }
        (Samenstelling::Nareiziger, Some(Nareis::Echtgenote)) => {
            vec![Lid::new(rng.random_range(19..=45), Geslacht::V)]
        }
        (Samenstelling::Nareiziger, Some(Nareis::Echtgenoot)) => {
            vec![Lid::new(rng.random_range(22..=50), Geslacht::M)]
        }
        (Samenstelling::Nareiziger, Some(Nareis::Minderjarige)) => {
            let a = rng.random_range(10..=17);
            vec![kind(rng, a)]
        }
        (Samenstelling::Nareiziger, Some(Nareis::Kinderen)) => kinderen(rng, grootte, 17),
        (Samenstelling::Nareiziger, Some(Nareis::MoederKinderen)) => {
            let kids = kinderen(rng, grootte - 1, 16);
            let moeder = ouder_leeftijd(rng, kids[0].leeftijd);
            std::iter::once(Lid::new(moeder, Geslacht::V))
                .chain(kids)
                .collect()
        }
        (Samenstelling::Nareiziger, Some(Nareis::OudersKinderen)) => {
            // The minor with the permit is older than the siblings who join.
            let kids = kinderen(rng, grootte - 2, 14);
            let vader = ouder_leeftijd(rng, kids[0].leeftijd + 2);
            let moeder = vader
                .saturating_sub(rng.random_range(0..=7))
                .max(kids[0].leeftijd + 20);
            let mut out = vec![Lid::new(vader, Geslacht::M), Lid::new(moeder, Geslacht::V)];
            out.extend(kids);
            out
        }
        (Samenstelling::Alleenstaand, _) | (Samenstelling::Nareiziger, None) => {
            unreachable!("single adults and nareizigers without a kind are not built here")
        }
    }
}

/// The skeleton (type, size, nareiziger kind) of `n` households: exact counts, one shuffle.
fn skelet(rng: &mut Rng, n: usize) -> Vec<(Samenstelling, usize, Option<Nareis>)> {
    let per_soort = aantallen(n as u64, &SAMENSTELLINGEN.map(|(_, a)| a));
    let mut out = Vec::with_capacity(n);
    for ((soort, _), k) in SAMENSTELLINGEN.iter().zip(per_soort) {
        let k = k as usize;
        match soort {
            Samenstelling::Alleenstaand => out.extend(std::iter::repeat_n((*soort, 1, None), k)),
            Samenstelling::Stel => out.extend(std::iter::repeat_n((*soort, 2, None), k)),
            Samenstelling::Gezin | Samenstelling::Eenouder => {
                let groottes: &[(usize, f64)] = if *soort == Samenstelling::Gezin {
                    &GEZIN_GROOTTES
                } else {
                    &EENOUDER_GROOTTES
                };
                let verdeeld =
                    aantallen(k as u64, &groottes.iter().map(|g| g.1).collect::<Vec<_>>());
                for ((grootte, _), m) in groottes.iter().zip(verdeeld) {
                    out.extend(std::iter::repeat_n((*soort, *grootte, None), m as usize));
                }
            }
            Samenstelling::Nareiziger => {
                let verdeeld = aantallen(k as u64, &NAREIZIGERS.map(|(_, a)| a));
                for (((nareis, grootte), _), m) in NAREIZIGERS.iter().zip(verdeeld) {
                    out.extend(std::iter::repeat_n(
                        (*soort, *grootte, Some(*nareis)),
                        m as usize,
                    ));
                }
            }
        }
    }
    out.shuffle(rng);
    out
}

/// `n` households with members, profiles, AZC and week; no netwerk, vast or zorg yet
/// (those need the quotas, see [`koppel`]). `azc` holds (gemeente index, weight).
pub fn maak(
    rng: &mut Rng,
    n: usize,
    azc: &[(usize, u32)],
    weken: u32,
) -> Vec<SynthetischHuishouden> {
    let skelet = skelet(rng, n);
    let n_alleen = skelet
        .iter()
        .filter(|s| s.0 == Samenstelling::Alleenstaand)
        .count();
    let mut geslachten = met_aandelen(rng, n_alleen, &GESLACHT_ALLEENSTAAND);
    let banden = gewogen(LEEFTIJD_ALLEENSTAAND.iter().map(|b| b.2));
    let mut huishoudens: Vec<SynthetischHuishouden> = skelet
        .into_iter()
        .map(|(soort, grootte, nareis)| {
            let leden = if soort == Samenstelling::Alleenstaand {
                let g = geslachten.pop().expect("one sex per single adult");
                vec![Lid::new(alleenstaand_leeftijd(rng, &banden), g)]
            } else {
                leden(rng, soort, grootte, nareis)
            };
            debug_assert_eq!(leden.len(), grootte);
            SynthetischHuishouden {
                soort,
                leden,
                azc: 0,
                netwerk: None,
                vast: None,
                zorg: false,
                week: 1,
            }
        })
        .collect();
    profielen(rng, &mut huishoudens);
    let azc_keuze = gewogen(azc.iter().map(|a| a.1 as f64));
    for h in &mut huishoudens {
        h.azc = azc[rng.sample(&azc_keuze)].0;
        h.week = rng.random_range(1..=weken);
    }
    huishoudens
}

/// The screening profile of every adult: education, work experience and interests, each an
/// exact share (per sex for experience).
fn profielen(rng: &mut Rng, huishoudens: &mut [SynthetischHuishouden]) {
    let mut volwassenen: Vec<&mut Lid> = huishoudens
        .iter_mut()
        .flat_map(|h| h.leden.iter_mut())
        .filter(|p| p.volwassen())
        .collect();
    let niveaus = met_aandelen(rng, volwassenen.len(), &OPLEIDING);
    for (p, niveau) in volwassenen.iter_mut().zip(niveaus) {
        p.opleidingsniveau = niveau;
    }
    let klassen: Vec<Beroepsklasse> = Beroepsklasse::all().collect();
    for (geslacht, aandeel) in ERVARING {
        let groep: Vec<usize> = (0..volwassenen.len())
            .filter(|&i| volwassenen[i].geslacht == geslacht)
            .collect();
        let ja = vlaggen(
            rng,
            groep.len(),
            (aandeel * groep.len() as f64).round() as usize,
        );
        for (&i, ja) in groep.iter().zip(ja) {
            if !ja {
                continue;
            }
            let p = &mut volwassenen[i];
            let basis = if geslacht == Geslacht::V {
                &ERVARING_V
            } else {
                &ERVARING_M
            };
            let factor = match p.opleidingsniveau {
                Opleidingsniveau::Hoog => &FACTOR_HOOG,
                Opleidingsniveau::Middelbaar => &[1.0; 13],
                Opleidingsniveau::Laag => &FACTOR_LAAG,
            };
            let keuze = gewogen(basis.iter().zip(factor).map(|(b, f)| b * f));
            p.beroepsklasse = Some(klassen[rng.sample(&keuze)]);
            p.ervaring_jaren = Some(rng.random_range(1..=(p.leeftijd - 17).clamp(1, 20)));
        }
    }
    let interesse = gewogen(INTERESSE);
    let n = volwassenen.len();
    let ja = vlaggen(rng, n, (P_INTERESSE * n as f64).round() as usize);
    for (p, ja) in volwassenen.iter_mut().zip(ja) {
        if !ja {
            continue;
        }
        let mut gekozen: Vec<Beroepsklasse> = Vec::new();
        if let Some(k) = p.beroepsklasse {
            if rng.random_bool(P_INTERESSE_IS_ERVARING) {
                gekozen.push(k);
            }
        }
        let aantal = if rng.random_bool(P_TWEE_INTERESSES) {
            2
        } else {
            1
        };
        while gekozen.len() < aantal {
            let k = klassen[rng.sample(&interesse)];
            if !gekozen.contains(&k) {
                gekozen.push(k);
            }
        }
        gekozen.sort();
        p.interesse = gekozen;
    }
}

/// Sets `vast` for nareizigers, then `zorg` and `netwerk` for the others.
///
/// A nareiziger household goes to a gemeente where its family lives, drawn with weight
/// `inwoners` among the gemeenten whose rest, less the nareizigers already placed there, still
/// fits it. Where none fits, the gemeente with the most rest left (the solver then raises its
/// capacity, and the report says so).
pub fn koppel(
    rng: &mut Rng,
    huishoudens: &mut [SynthetischHuishouden],
    inwoners: &[u64],
    rest: &[i64],
) {
    let mut over: Vec<i64> = rest.to_vec();
    for h in huishoudens
        .iter_mut()
        .filter(|h| h.soort == Samenstelling::Nareiziger)
    {
        let n = h.leden.len() as i64;
        let gewichten: Vec<f64> = over
            .iter()
            .zip(inwoners)
            .map(|(&o, &i)| if o >= n { i as f64 } else { 0.0 })
            .collect();
        let g = if gewichten.iter().any(|&w| w > 0.0) {
            rng.sample(gewogen(gewichten))
        } else {
            (0..over.len())
                .max_by_key(|&g| (over[g], std::cmp::Reverse(g)))
                .expect("gemeenten")
        };
        over[g] -= n;
        h.vast = Some(g);
    }
    let overig: Vec<usize> = (0..huishoudens.len())
        .filter(|&i| huishoudens[i].soort != Samenstelling::Nareiziger)
        .collect();
    let k_zorg = ((AANDEEL_ZORG * huishoudens.len() as f64).round() as usize).min(overig.len());
    for (&i, ja) in overig.iter().zip(vlaggen(rng, overig.len(), k_zorg)) {
        huishoudens[i].zorg = ja;
    }
    let k_netwerk = (AANDEEL_NETWERK * overig.len() as f64).round() as usize;
    // inwoners ^ 1.25 as i * sqrt(sqrt(i)): sqrt is exactly rounded on every platform, powf is not
    let netwerk = gewogen(inwoners.iter().map(|&i| {
        let i = i as f64;
        i * i.sqrt().sqrt()
    }));
    for (&i, ja) in overig.iter().zip(vlaggen(rng, overig.len(), k_netwerk)) {
        if ja {
            huishoudens[i].netwerk = Some(rng.sample(&netwerk));
        }
    }
}
