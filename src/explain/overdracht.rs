//! The warme overdracht (handover) to each gemeente, as data: which households are coming, what
//! they are made of, each adult's suggested inburgering route, and what could already happen
//! during the waiting time in the AZC. Rendered to one Markdown sheet per gemeente by
//! [`crate::render::overdracht`].
//!
//! **Data minimisation.** A sheet holds only what a klantmanager needs to prepare: the make-up
//! of the household in age bands ([`Leeftijdsklasse`], never exact ages), whether it has a care
//! need (never which), per adult the education level and work experience, and the reason of the
//! koppeling. The types below have no field for anything else: no names or person ids, no
//! gender, and nothing from columns the reader ignores (nationality, religion, ...).
//!
//! **The route rule of thumb** ([`route`]). The Wet inburgering 2021 (in force 2022) has three
//! routes; the gemeente chooses one after the brede intake and the leerbaarheidstoets. The
//! suggestion reads only age and opleidingsniveau (never gender, nationality or religion), in
//! this order:
//!
//! 1. under 18: [`Route::School`], no route yet. Minors are leerplichtig up to 16 and mostly
//!    kwalificatieplichtig up to 18, so most become inburgeringsplichtig at 18 (schulinck.nl,
//!    "Minderjarige vreemdelingen", on art. 3 Wet inburgering 2021);
//! 2. at or above the state pension age ([`AOW_LEEFTIJD`], 67 in 2024-2027):
//!    [`Route::GeenPlicht`]; the inburgeringsplicht ends at the pensionable age (verblijfblog.nl,
//!    "Moeten pensioengerechtigde vreemdelingen inburgeren?");
//! 3. under [`ONDERWIJSROUTE_TOT`] (28): [`Route::Onderwijsroute`]. The onderwijsroute leads
//!    "jonge inburgeringsplichtigen tot 28 jaar" to Dutch education through a taalschakeltraject
//!    (schulinck.nl, "De onderwijsroute in het nieuwe inburgeringsstelsel"; Divosa, "Handreiking
//!    Leerroutes": young asielstatushouders). The seeds point the same way: young refugees in
//!    mbo 2 with extra language and arithmetic support in Haaglanden (`seeds/002`), and a
//!    scholingstraject for statushouders under 30 (`seeds/004`). Every education level counts:
//!    `laag` (ISCED 0-2) cannot tell no schooling from lower secondary;
//! 4. opleidingsniveau `laag`: [`Route::ZRoute`], the zelfredzaamheidsroute "for whom the
//!    onderwijs- or B1-route is out of reach" (Divosa). `laag` is the only literacy-type field
//!    in the input and covers no schooling, primary and lower secondary education alike, so the
//!    sheet says the leerbaarheidstoets decides whether the B1-route is within reach;
//! 5. otherwise: [`Route::B1Route`], language to B1 combined with (voluntary) work.
//!
//! The age limit 28 is the law's target group; the `onderwijs` score uses its own weight
//! `jong_tot` (30, after `seeds/004`), so a 28- or 29-year-old may be coupled for education and
//! still get the B1-route suggested.

use crate::explain::{Grond, Koppeling};
use crate::model::{
    Beroepsklasse, GemeenteIdx, HuishoudenId, Instance, Opleidingsniveau, Persoon, RegioIdx,
    VOLWASSEN_VANAF,
};

/// Age from which the onderwijsroute is no longer suggested.
pub const ONDERWIJSROUTE_TOT: u32 = 28;
/// The state pension age (AOW-leeftijd) in 2024-2027; the inburgeringsplicht ends there.
pub const AOW_LEEFTIJD: u32 = 67;

/// The suggested inburgering route of one person (Wet inburgering 2021).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// A minor: school, no inburgering route yet.
    School,
    /// Taalschakeltraject towards mbo, hbo or wo.
    Onderwijsroute,
    /// Dutch to B1, combined with work or participation.
    B1Route,
    /// Zelfredzaamheidsroute: language, self-reliance and participation at a practical level.
    ZRoute,
    /// At or above the state pension age: no inburgeringsplicht.
    GeenPlicht,
}

/// The route rule of thumb (see the module docs). Takes only age and education level, so it
/// cannot read gender, nationality or religion.
pub fn route(leeftijd: u32, opleidingsniveau: Opleidingsniveau) -> Route {
    if leeftijd < VOLWASSEN_VANAF {
        Route::School
    } else if leeftijd >= AOW_LEEFTIJD {
        Route::GeenPlicht
    } else if leeftijd < ONDERWIJSROUTE_TOT {
        Route::Onderwijsroute
    } else if opleidingsniveau == Opleidingsniveau::Laag {
        Route::ZRoute
    } else {
        Route::B1Route
    }
}

/// Lower bounds of the age bands a sheet shows instead of exact ages: preschool, primary
/// school, secondary school, then adults split at the route's limits (28, 67).
const GRENZEN: [u32; 8] = [0, 4, 12, 18, ONDERWIJSROUTE_TOT, 40, 55, AOW_LEEFTIJD];

/// An age band: `van` up to and including `tot`; `tot = None` is open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Leeftijdsklasse {
    pub van: u32,
    pub tot: Option<u32>,
}

/// The band of an age.
pub fn leeftijdsklasse(leeftijd: u32) -> Leeftijdsklasse {
    let i = GRENZEN.iter().rposition(|&g| g <= leeftijd).unwrap_or(0);
    Leeftijdsklasse {
        van: GRENZEN[i],
        tot: GRENZEN.get(i + 1).map(|g| g - 1),
    }
}

/// Something to do during the waiting time in the AZC.
#[derive(Debug, Clone, PartialEq)]
pub enum Activiteit {
    /// Start Dutch lessons (NT2); with attention to reading and writing for the Z-route;
    /// voluntary past the pension age.
    Taal { route: Route },
    /// Orient on education in the region (onderwijsroute).
    Onderwijs { regio: RegioIdx },
    /// Have foreign diplomas valued (IDW); for the higher-educated.
    Diplomawaardering,
    /// Orient on the regional labour market in a beroepsklasse of experience (or interest).
    Werk {
        beroepsklasse: Beroepsklasse,
        spanning: f64,
        regio: RegioIdx,
        uit_interesse: bool,
    },
    /// Prepare school registration (or preschool) for the children of one age band.
    School {
        klasse: Leeftijdsklasse,
        kinderen: usize,
    },
    /// Contact with the network (family, community) the koppeling was made for.
    Netwerk { gemeente: GemeenteIdx },
    /// Keep what was started near the AZC going (koppeling for regiobinding).
    DoorgaandeLijn { azc: GemeenteIdx },
    /// Hand over care through COA and the care provider; no details on the sheet.
    Zorgoverdracht,
}

/// One adult of an incoming household, as far as the gemeente needs to know.
#[derive(Debug, Clone, PartialEq)]
pub struct Volwassene {
    pub leeftijd: Leeftijdsklasse,
    pub opleidingsniveau: Opleidingsniveau,
    /// Beroepsklasse of work experience, if given.
    pub beroepsklasse: Option<Beroepsklasse>,
    pub ervaring_jaren: u32,
    pub route: Route,
    pub activiteiten: Vec<Activiteit>,
}

/// One household coming to the gemeente.
#[derive(Debug, Clone, PartialEq)]
pub struct Inkomend {
    pub id: HuishoudenId,
    /// Index into the koppelingen (and the instance's households).
    pub koppeling: usize,
    pub personen: u32,
    pub volwassenen: Vec<Volwassene>,
    /// The children per age band (band, number), youngest first.
    pub kinderen: Vec<(Leeftijdsklasse, usize)>,
    pub zorgbehoefte: bool,
    /// What concerns the household as a whole (children, network, AZC, care).
    pub activiteiten: Vec<Activiteit>,
}

/// The handover to one gemeente: its incoming households, sorted by id.
#[derive(Debug, Clone, PartialEq)]
pub struct Overdracht {
    pub gemeente: GemeenteIdx,
    pub huishoudens: Vec<Inkomend>,
}

impl Overdracht {
    pub fn personen(&self) -> u32 {
        self.huishoudens.iter().map(|h| h.personen).sum()
    }
}

/// One handover per gemeente that receives households, sorted by gemeente code. Uncoupled
/// households appear nowhere; koppelingen that point outside the instance are skipped.
pub fn overdracht(inst: &Instance, koppelingen: &[Koppeling]) -> Vec<Overdracht> {
    let mut per_gemeente: Vec<Vec<Inkomend>> = vec![Vec::new(); inst.gemeenten.len()];
    for (i, k) in koppelingen.iter().enumerate() {
        let Some(g) = k.gemeente.filter(|&g| g.idx() < inst.gemeenten.len()) else {
            continue;
        };
        if let Some(h) = inkomend(inst, k, g, i) {
            per_gemeente[g.idx()].push(h);
        }
    }
    let mut out: Vec<Overdracht> = inst
        .gemeente_indices()
        .zip(per_gemeente)
        .filter(|(_, hs)| !hs.is_empty())
        .map(|(gemeente, mut huishoudens)| {
            huishoudens.sort_by(|a, b| a.id.cmp(&b.id));
            Overdracht {
                gemeente,
                huishoudens,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        inst.gemeenten[a.gemeente.idx()]
            .code
            .cmp(&inst.gemeenten[b.gemeente.idx()].code)
    });
    out
}

/// The household of koppeling `k` (number `i`), coming to gemeente `g`.
fn inkomend(inst: &Instance, k: &Koppeling, g: GemeenteIdx, i: usize) -> Option<Inkomend> {
    let hh = inst.huishoudens.get(k.huishouden.idx())?;
    let regio = inst.gemeente(g).regio;
    let volwassenen = hh
        .volwassenen()
        .map(|p| volwassene(inst, p, regio))
        .collect();
    let kinderen = per_klasse(hh.leden.iter().filter(|p| !p.is_volwassen()));
    let zorgbehoefte = hh.zorg.is_some();
    let activiteiten = huishoudactiviteiten(&kinderen, &k.grond, zorgbehoefte);
    Some(Inkomend {
        id: hh.id.clone(),
        koppeling: i,
        personen: hh.personen(),
        volwassenen,
        kinderen,
        zorgbehoefte,
        activiteiten,
    })
}

fn volwassene(inst: &Instance, p: &Persoon, regio: RegioIdx) -> Volwassene {
    let route = route(p.leeftijd, p.opleidingsniveau);
    Volwassene {
        leeftijd: leeftijdsklasse(p.leeftijd),
        opleidingsniveau: p.opleidingsniveau,
        beroepsklasse: p.beroepsklasse,
        ervaring_jaren: p.ervaring_jaren,
        route,
        activiteiten: activiteiten(inst, p, route, regio),
    }
}

/// What one adult could start with in the AZC: language always; education orientation on the
/// onderwijsroute; diploma valuation for the higher-educated; orientation on the regional
/// labour market in the beroepsklasse of experience, else of the first interest. Past the
/// pension age only voluntary language lessons.
pub fn activiteiten(
    inst: &Instance,
    p: &Persoon,
    route: Route,
    regio: RegioIdx,
) -> Vec<Activiteit> {
    let mut out = vec![Activiteit::Taal { route }];
    if route == Route::GeenPlicht {
        return out;
    }
    if route == Route::Onderwijsroute {
        out.push(Activiteit::Onderwijs { regio });
    }
    if p.opleidingsniveau == Opleidingsniveau::Hoog {
        out.push(Activiteit::Diplomawaardering);
    }
    let klasse = p
        .beroepsklasse
        .map(|k| (k, false))
        .or_else(|| p.interesse.first().map(|&k| (k, true)));
    if let Some((beroepsklasse, uit_interesse)) = klasse {
        out.push(Activiteit::Werk {
            beroepsklasse,
            spanning: inst.arbeidsmarkt.spanning(regio, beroepsklasse),
            regio,
            uit_interesse,
        });
    }
    out
}

/// The persons counted per age band, youngest band first.
fn per_klasse<'a>(personen: impl Iterator<Item = &'a Persoon>) -> Vec<(Leeftijdsklasse, usize)> {
    let mut out: Vec<(Leeftijdsklasse, usize)> = Vec::new();
    for p in personen {
        let klasse = leeftijdsklasse(p.leeftijd);
        match out.iter_mut().find(|(k, _)| *k == klasse) {
            Some((_, n)) => *n += 1,
            None => out.push((klasse, 1)),
        }
    }
    out.sort();
    out
}

/// What concerns the whole household: school per age band of the children, contact with the
/// network when that was the reason, the doorgaande lijn when regiobinding was, and the care
/// handover when there is a care need.
fn huishoudactiviteiten(
    kinderen: &[(Leeftijdsklasse, usize)],
    grond: &Grond,
    zorgbehoefte: bool,
) -> Vec<Activiteit> {
    let mut out: Vec<Activiteit> = kinderen
        .iter()
        .map(|&(klasse, kinderen)| Activiteit::School { klasse, kinderen })
        .collect();
    match grond {
        Grond::Netwerk {
            netwerk_gemeente, ..
        } => out.push(Activiteit::Netwerk {
            gemeente: *netwerk_gemeente,
        }),
        Grond::Regiobinding { azc, .. } => out.push(Activiteit::DoorgaandeLijn { azc: *azc }),
        _ => {}
    }
    if zorgbehoefte {
        out.push(Activiteit::Zorgoverdracht);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explain::Reden;
    use crate::model::Opleidingsniveau::{Hoog, Laag, Middelbaar};
    use crate::model::{HuishoudenIdx, Zorgbehoefte};
    use crate::score::testdata::{huishouden, instance, persoon};

    #[test]
    fn onderwijsroute_up_to_27_whatever_the_level() {
        for niveau in [Laag, Middelbaar, Hoog] {
            assert_eq!(route(18, niveau), Route::Onderwijsroute, "{niveau:?}");
            assert_eq!(route(27, niveau), Route::Onderwijsroute, "{niveau:?}");
        }
    }

    #[test]
    fn from_28_low_education_suggests_the_z_route_and_the_rest_b1() {
        assert_eq!(route(28, Laag), Route::ZRoute);
        assert_eq!(route(66, Laag), Route::ZRoute);
        assert_eq!(route(28, Middelbaar), Route::B1Route);
        assert_eq!(route(28, Hoog), Route::B1Route);
        assert_eq!(route(66, Hoog), Route::B1Route);
    }

    #[test]
    fn minors_go_to_school_and_pension_age_has_no_obligation() {
        assert_eq!(route(0, Laag), Route::School);
        assert_eq!(route(17, Hoog), Route::School);
        assert_eq!(route(67, Laag), Route::GeenPlicht);
        assert_eq!(route(90, Hoog), Route::GeenPlicht);
    }

    #[test]
    fn age_bands_meet_at_the_route_limits() {
        let band = |a| {
            let k = leeftijdsklasse(a);
            (k.van, k.tot)
        };
        assert_eq!(band(0), (0, Some(3)));
        assert_eq!(band(4), (4, Some(11)));
        assert_eq!(band(17), (12, Some(17)));
        assert_eq!(band(18), (18, Some(27)));
        assert_eq!(band(27), (18, Some(27)));
        assert_eq!(band(28), (28, Some(39)));
        assert_eq!(band(66), (55, Some(66)));
        assert_eq!(band(67), (67, None));
        assert_eq!(band(120), (67, None));
        // Every adult band lies on one side of each route limit.
        for a in 0..=120 {
            let k = leeftijdsklasse(a);
            let tot = k.tot.unwrap_or(120);
            assert_eq!(route(k.van, Middelbaar), route(tot, Middelbaar), "age {a}");
        }
    }

    #[test]
    fn activities_follow_route_education_and_experience() {
        let inst = instance(vec![]);
        // Higher-educated 35-year-old nurse with 10 years: language, IDW, labour market.
        let p = persoon(35, Hoog, Some(10), 10);
        let a = activiteiten(
            &inst,
            &p,
            route(p.leeftijd, p.opleidingsniveau),
            RegioIdx::new(0),
        );
        assert_eq!(a.len(), 3, "{a:?}");
        assert_eq!(
            a[0],
            Activiteit::Taal {
                route: Route::B1Route
            }
        );
        assert_eq!(a[1], Activiteit::Diplomawaardering);
        assert!(matches!(
            a[2],
            Activiteit::Werk { spanning, uit_interesse: false, .. } if spanning == 4.0
        ));
        // A 20-year-old without experience: language and education orientation only.
        let p = persoon(20, Laag, None, 0);
        let a = activiteiten(
            &inst,
            &p,
            route(p.leeftijd, p.opleidingsniveau),
            RegioIdx::new(1),
        );
        assert_eq!(
            a,
            vec![
                Activiteit::Taal {
                    route: Route::Onderwijsroute
                },
                Activiteit::Onderwijs {
                    regio: RegioIdx::new(1)
                }
            ]
        );
        // An interest stands in for missing experience.
        let mut p = persoon(40, Middelbaar, None, 0);
        p.interesse = vec![Beroepsklasse::parse("08").unwrap()];
        let a = activiteiten(&inst, &p, Route::B1Route, RegioIdx::new(0));
        assert!(matches!(
            a.last(),
            Some(Activiteit::Werk {
                uit_interesse: true,
                ..
            })
        ));
        // Past the pension age: voluntary language only.
        let p = persoon(70, Hoog, Some(10), 30);
        let a = activiteiten(&inst, &p, route(70, Hoog), RegioIdx::new(0));
        assert_eq!(
            a,
            vec![Activiteit::Taal {
                route: Route::GeenPlicht
            }]
        );
    }

    fn koppeling(h: usize, gemeente: Option<GemeenteIdx>, reden: Reden, grond: Grond) -> Koppeling {
        Koppeling {
            huishouden: HuishoudenIdx::new(h),
            gemeente,
            score: gemeente.map(|_| 1.0),
            componenten: None,
            reden,
            grond,
            beste: None,
            alternatieven: Vec::new(),
        }
    }

    #[test]
    fn one_handover_per_receiving_gemeente_with_households_sorted() {
        let mut gezin = huishouden(vec![
            persoon(34, Middelbaar, Some(7), 5),
            persoon(9, Laag, None, 0),
            persoon(2, Laag, None, 0),
            persoon(6, Laag, None, 0),
        ]);
        gezin.id = HuishoudenId::new("H2");
        gezin.zorg = Some(Zorgbehoefte::AcademischZiekenhuis);
        gezin.netwerk = Some(GemeenteIdx::new(1));
        let mut alleen = huishouden(vec![persoon(25, Hoog, None, 0)]);
        alleen.id = HuishoudenId::new("H1");
        let mut weg = huishouden(vec![persoon(40, Laag, None, 0)]);
        weg.id = HuishoudenId::new("H0");
        let inst = instance(vec![gezin, alleen, weg]);
        let ks = vec![
            koppeling(
                0,
                Some(GemeenteIdx::new(1)),
                Reden::Netwerk,
                Grond::Netwerk {
                    in_gemeente: true,
                    netwerk_gemeente: GemeenteIdx::new(1),
                },
            ),
            koppeling(
                1,
                Some(GemeenteIdx::new(1)),
                Reden::Regiobinding,
                Grond::Regiobinding {
                    azc: GemeenteIdx::new(3),
                    regio: RegioIdx::new(0),
                },
            ),
            koppeling(
                2,
                None,
                Reden::Ongekoppeld,
                Grond::Ongekoppeld {
                    waarom: crate::explain::WaaromOngekoppeld::GeenRuimteMeer,
                },
            ),
            // Out of range: skipped, never a panic.
            koppeling(7, Some(GemeenteIdx::new(0)), Reden::Vast, Grond::Vast),
            koppeling(0, Some(GemeenteIdx::new(9)), Reden::Vast, Grond::Vast),
        ];
        let o = overdracht(&inst, &ks);
        assert_eq!(o.len(), 1, "only gemeente 1 receives households");
        assert_eq!(o[0].gemeente, GemeenteIdx::new(1));
        assert_eq!(o[0].personen(), 5);
        let ids: Vec<&str> = o[0].huishoudens.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["H1", "H2"]);
        let gezin = &o[0].huishoudens[1];
        assert!(gezin.zorgbehoefte);
        assert_eq!(gezin.volwassenen.len(), 1);
        assert_eq!(
            gezin
                .kinderen
                .iter()
                .map(|(k, n)| (k.van, *n))
                .collect::<Vec<_>>(),
            [(0, 1), (4, 2)]
        );
        assert_eq!(
            gezin.activiteiten,
            vec![
                Activiteit::School {
                    klasse: leeftijdsklasse(2),
                    kinderen: 1
                },
                Activiteit::School {
                    klasse: leeftijdsklasse(6),
                    kinderen: 2
                },
                Activiteit::Netwerk {
                    gemeente: GemeenteIdx::new(1)
                },
                Activiteit::Zorgoverdracht,
            ]
        );
        assert_eq!(
            o[0].huishoudens[0].activiteiten,
            vec![Activiteit::DoorgaandeLijn {
                azc: GemeenteIdx::new(3)
            }]
        );
    }
}
