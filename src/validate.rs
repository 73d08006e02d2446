//! Cross-file validation: resolves codes to indices and builds the [`Instance`].
//!
//! Per-file problems (types, ranges, duplicate ids) are found while loading; here come the
//! checks that need two files: unknown gemeente and region codes, persons of unknown
//! households, households without persons; then another model's scores of `scores_extern.csv`
//! ([`scores_extern`]) and the planner's decisions of `vastzetten.csv` against all of these
//! ([`Besluiten`]). A file that had problems of its own is skipped
//! here, so one mistake is not reported twice.
//!
//! **Canonical order.** The instance does not depend on the order of the rows in the files:
//! regions and gemeenten are numbered by code, households by id, and each household's members
//! by persoon id. Every layer above (scores, the model, the solver's ties, every output) sees
//! the same instance for the same data. Problems still name the lines of the files, in file
//! order.

use std::collections::HashMap;
use std::hash::Hash;

use crate::error::{quoted, InputError, Problems};
use crate::io::{ArbeidsmarktRow, GemeenteRow, HuishoudenRow, Invoer, Namen, PersoonRow, RegioRow};
use crate::io::{ScoreExternRow, VastzettenRow};
use crate::model::{
    Arbeidsmarkt, Besluit, ExterneScore, Gemeente, GemeenteCode, GemeenteIdx, Huishouden,
    HuishoudenId, HuishoudenIdx, Instance, Persoon, Planner, Regio, RegioCode, RegioIdx, Soort,
};

/// Validates what [`crate::io::load`] read. Returns the instance, or every problem found.
///
/// Each step resolves one part of the instance and adds what it finds wrong to the shared
/// list, in the order of the files: gemeenten (their region), the labour market (its region),
/// households (their gemeenten), then persons (their household) and households without any,
/// then the external scores ([`scores_extern`]) and the planner's decisions ([`Besluiten`]).
pub fn validate(invoer: Invoer) -> Result<(Instance, crate::model::Gewichten), InputError> {
    let Invoer {
        gemeenten,
        regios,
        arbeidsmarkt,
        huishoudens,
        personen,
        vastzetten,
        scores_extern: extern_rows,
        gewichten,
        namen,
        mut problems,
        ..
    } = invoer;
    let regio_index = regios
        .as_deref()
        .map(|rs| canonical_index(rs.iter().map(|r| &r.code), RegioIdx::new));
    let gemeente_index = gemeenten
        .as_deref()
        .map(|gs| canonical_index(gs.iter().map(|g| &g.code), GemeenteIdx::new));
    let mut codes = Codes {
        namen: &namen,
        problems: &mut problems,
    };

    let mut out_gemeenten = match (&gemeenten, &regio_index) {
        (Some(rows), Some(index)) => resolve_gemeenten(&mut codes, rows, index),
        _ => Vec::new(),
    };
    out_gemeenten.sort_by(|a, b| a.code.cmp(&b.code));
    let mut markt = Arbeidsmarkt::new(regios.as_ref().map_or(0, Vec::len));
    if let (Some(rows), Some(index)) = (&arbeidsmarkt, &regio_index) {
        resolve_arbeidsmarkt(&mut codes, rows, index, &mut markt);
    }
    let mut out_huishoudens = match (&huishoudens, &gemeente_index) {
        (Some(rows), Some(index)) => resolve_huishoudens(&mut codes, rows, index),
        _ => Vec::new(),
    };
    if let (Some(hs), Some(ps)) = (&huishoudens, &personen) {
        let leden = leden_per_huishouden(&mut codes, hs, ps);
        check_not_empty(&mut codes, hs, &leden);
        attach_leden(hs, leden, &mut out_huishoudens);
    }
    out_huishoudens.sort_by(|a, b| a.id.cmp(&b.id));

    let mut instance = Instance {
        gemeenten: out_gemeenten,
        regios: resolve_regios(regios),
        arbeidsmarkt: markt,
        huishoudens: out_huishoudens,
        scores_extern: extern_rows.is_some(),
    };
    let volledig = gemeenten.as_ref().map(Vec::len) == Some(instance.gemeenten.len());
    if let (Some(rows), Some(hs), Some(index)) = (&extern_rows, &huishoudens, &gemeente_index) {
        scores_extern(&namen, rows, hs, index, &mut instance, &mut problems);
    }
    if let (Some(rows), Some(hs), Some(index)) = (&vastzetten, &huishoudens, &gemeente_index) {
        let besluiten = Besluiten {
            namen: &namen,
            huishoudens: hs,
            gemeenten: index,
            zorg_te_toetsen: volledig,
        };
        besluiten.toepassen(rows, &mut instance, &mut problems);
    }
    if extern_rows.is_some() && volledig {
        extern_ergens_toegestaan(&namen, &instance, &mut problems);
    }
    problems.into_result((instance, gewichten))
}

/// Each code's position among the file's codes in sorted order: the canonical index, whatever
/// the order of the rows.
fn canonical_index<'a, K: Clone + Ord + Hash + 'a, I>(
    codes: impl Iterator<Item = &'a K>,
    idx: fn(usize) -> I,
) -> HashMap<K, I> {
    let mut sorted: Vec<K> = codes.cloned().collect();
    sorted.sort();
    sorted
        .into_iter()
        .enumerate()
        .map(|(i, c)| (c, idx(i)))
        .collect()
}

/// Looks codes up in another file, adding a problem for each one that is not there.
struct Codes<'a> {
    namen: &'a Namen,
    problems: &'a mut Problems,
}

impl Codes<'_> {
    /// The region `code` (column `col` of `file`, at `line`), if `regios.csv` has it.
    fn regio(
        &mut self,
        file: &str,
        line: u64,
        col: &str,
        code: &RegioCode,
        index: &HashMap<RegioCode, RegioIdx>,
    ) -> Option<RegioIdx> {
        let i = index.get(code).copied();
        if i.is_none() {
            self.problems.add(
                file,
                Some(line),
                Some(col),
                format!(
                    "unknown arbeidsmarktregio, found {} (not in {})",
                    quoted(code.as_str()),
                    self.namen.regios
                ),
            );
        }
        i
    }

    /// The gemeente `code` (column `col` of `huishoudens.csv`, at `line`), if `gemeenten.csv`
    /// has it.
    fn gemeente(
        &mut self,
        line: u64,
        col: &str,
        code: &GemeenteCode,
        index: &HashMap<GemeenteCode, GemeenteIdx>,
    ) -> Option<GemeenteIdx> {
        let i = index.get(code).copied();
        if i.is_none() {
            self.problems.add(
                &self.namen.huishoudens,
                Some(line),
                Some(col),
                format!(
                    "unknown gemeente, found {} (not in {})",
                    quoted(code.as_str()),
                    self.namen.gemeenten
                ),
            );
        }
        i
    }
}

/// The gemeenten whose region is known.
fn resolve_gemeenten(
    codes: &mut Codes<'_>,
    rows: &[GemeenteRow],
    regios: &HashMap<RegioCode, RegioIdx>,
) -> Vec<Gemeente> {
    let file = &codes.namen.gemeenten;
    rows.iter()
        .filter_map(|r| {
            let regio = codes.regio(file, r.line, "arbeidsmarktregio_code", &r.regio, regios)?;
            Some(Gemeente {
                code: r.code.clone(),
                naam: r.naam.clone(),
                regio,
                inwoners: r.inwoners,
                taakstelling: r.taakstelling,
                gerealiseerd: r.gerealiseerd,
                achterstand: r.achterstand,
            })
        })
        .collect()
}

/// The labour market's rows whose region is known, into `markt`.
fn resolve_arbeidsmarkt(
    codes: &mut Codes<'_>,
    rows: &[ArbeidsmarktRow],
    regios: &HashMap<RegioCode, RegioIdx>,
    markt: &mut Arbeidsmarkt,
) {
    let file = &codes.namen.arbeidsmarkt;
    for r in rows {
        if let Some(regio) = codes.regio(file, r.line, "arbeidsmarktregio_code", &r.regio, regios) {
            markt.set(regio, r.beroepsklasse, r.spanning);
        }
    }
}

/// The households whose gemeenten (azc, network, fixed) are all known, still without members.
fn resolve_huishoudens(
    codes: &mut Codes<'_>,
    rows: &[HuishoudenRow],
    gemeenten: &HashMap<GemeenteCode, GemeenteIdx>,
) -> Vec<Huishouden> {
    let mut out = Vec::new();
    for r in rows {
        let mut gemeente =
            |col: &str, code: &GemeenteCode| codes.gemeente(r.line, col, code, gemeenten);
        // every column is looked up (and reported) before the row is judged
        let azc = gemeente("azc_gemeente_code", &r.azc);
        let netwerk = r
            .netwerk
            .as_ref()
            .map(|c| gemeente("netwerk_gemeente_code", c));
        let vast = r.vast.as_ref().map(|c| gemeente("vaste_gemeente_code", c));
        if let (Some(azc), Some(netwerk), Some(vast)) = (
            azc,
            netwerk.map_or(Some(None), |n| n.map(Some)),
            vast.map_or(Some(None), |v| v.map(Some)),
        ) {
            out.push(Huishouden {
                id: r.id.clone(),
                azc,
                netwerk,
                vast,
                zorg: r.zorg,
                week: r.week,
                leden: Vec::new(),
                planner: Planner::default(),
                extern_scores: Vec::new(),
            });
        }
    }
    out
}

/// The persons of each household row (in file order; sorted by id later); a person of an unknown household is a
/// problem.
fn leden_per_huishouden(
    codes: &mut Codes<'_>,
    hs: &[HuishoudenRow],
    ps: &[PersoonRow],
) -> Vec<Vec<Persoon>> {
    let by_id: HashMap<&HuishoudenId, usize> =
        hs.iter().enumerate().map(|(i, h)| (&h.id, i)).collect();
    let mut leden: Vec<Vec<Persoon>> = vec![Vec::new(); hs.len()];
    for p in ps {
        match by_id.get(&p.huishouden) {
            Some(&i) => leden[i].push(Persoon {
                id: p.id.clone(),
                leeftijd: p.leeftijd,
                geslacht: p.geslacht,
                opleidingsniveau: p.opleidingsniveau,
                beroepsklasse: p.beroepsklasse,
                ervaring_jaren: p.ervaring_jaren,
                interesse: p.interesse.clone(),
            }),
            None => codes.problems.add(
                &codes.namen.personen,
                Some(p.line),
                Some("huishouden_id"),
                format!(
                    "unknown household, found {} (not in {})",
                    quoted(p.huishouden.as_str()),
                    codes.namen.huishoudens
                ),
            ),
        }
    }
    leden
}

/// A household without persons is a problem.
fn check_not_empty(codes: &mut Codes<'_>, hs: &[HuishoudenRow], leden: &[Vec<Persoon>]) {
    for (h, members) in hs.iter().zip(leden) {
        if members.is_empty() {
            codes.problems.add(
                &codes.namen.huishoudens,
                Some(h.line),
                Some("huishouden_id"),
                format!(
                    "household {} has no persons in {}",
                    quoted(h.id.as_str()),
                    codes.namen.personen
                ),
            );
        }
    }
}

/// Gives each resolved household its members, by persoon id. Households whose gemeente codes
/// failed were not kept, so members are matched by id.
fn attach_leden(hs: &[HuishoudenRow], leden: Vec<Vec<Persoon>>, out: &mut [Huishouden]) {
    let mut members_by_id: HashMap<HuishoudenId, Vec<Persoon>> = hs
        .iter()
        .zip(leden)
        .map(|(h, m)| (h.id.clone(), m))
        .collect();
    for h in out {
        h.leden = members_by_id.remove(&h.id).unwrap_or_default();
        h.leden.sort_by(|a, b| a.id.cmp(&b.id));
    }
}

/// The regions (they refer to no other file), by code.
fn resolve_regios(regios: Option<Vec<RegioRow>>) -> Vec<Regio> {
    let mut regios = regios.unwrap_or_default();
    regios.sort_by(|a, b| a.code.cmp(&b.code));
    regios
        .into_iter()
        .map(|r| Regio {
            code: r.code,
            naam: r.naam,
            mbo: r.mbo,
            hbo: r.hbo,
            wo: r.wo,
            academisch_ziekenhuis: r.academisch_ziekenhuis,
        })
        .collect()
}

/// The household row and the gemeente a row of `file` names (`vastzetten.csv`,
/// `scores_extern.csv`); each one that does not exist is a problem at the row's `line`.
fn bekend<'r>(
    namen: &Namen,
    rij: &HashMap<&HuishoudenId, &'r HuishoudenRow>,
    gemeenten: &HashMap<GemeenteCode, GemeenteIdx>,
    file: &str,
    line: u64,
    (huishouden, gemeente): (&HuishoudenId, &GemeenteCode),
    problems: &mut Problems,
) -> Option<(&'r HuishoudenRow, GemeenteIdx)> {
    let h = rij.get(huishouden).copied();
    if h.is_none() {
        problems.add(
            file,
            Some(line),
            Some("huishouden_id"),
            format!(
                "unknown household, found {} (not in {})",
                quoted(huishouden.as_str()),
                namen.huishoudens
            ),
        );
    }
    let g = gemeenten.get(gemeente).copied();
    if g.is_none() {
        problems.add(
            file,
            Some(line),
            Some("gemeente_code"),
            format!(
                "unknown gemeente, found {} (not in {})",
                quoted(gemeente.as_str()),
                namen.gemeenten
            ),
        );
    }
    Some((h?, g?))
}

/// Checks another model's scores (`scores_extern.csv`) against the other files, and gives each
/// household its rows, by gemeente. Every row is judged; a row with a problem is not applied.
///
/// Input errors, each at the row that makes it: an unknown household or gemeente, and
/// `toegestaan = 0` on the household's `vaste_gemeente_code` (a contradiction, like `vast`
/// against a care filter). The same household and gemeente twice is found while reading, a
/// planner's `vast` on a forbidden pair in [`Besluiten`], and rows that forbid a household
/// every gemeente in [`extern_ergens_toegestaan`].
fn scores_extern(
    namen: &Namen,
    rows: &[ScoreExternRow],
    huishoudens: &[HuishoudenRow],
    gemeenten: &HashMap<GemeenteCode, GemeenteIdx>,
    inst: &mut Instance,
    problems: &mut Problems,
) {
    let file = namen.scores_extern.as_str();
    let rij: HashMap<&HuishoudenId, &HuishoudenRow> =
        huishoudens.iter().map(|h| (&h.id, h)).collect();
    let in_instance: HashMap<HuishoudenId, HuishoudenIdx> = inst
        .huishouden_indices()
        .map(|h| (inst.huishouden(h).id.clone(), h))
        .collect();
    for r in rows {
        let Some((h, g)) = bekend(
            namen,
            &rij,
            gemeenten,
            file,
            r.line,
            (&r.huishouden, &r.gemeente),
            problems,
        ) else {
            continue;
        };
        let mut fout = |col: &str, message: String| {
            problems.add(file, Some(r.line), Some(col), message);
        };
        if !r.toegestaan && h.vast.as_ref() == Some(&r.gemeente) {
            fout(
                "toegestaan",
                format!(
                    "household {} has vaste_gemeente_code {} ({}:{}), which toegestaan 0 contradicts",
                    quoted(r.huishouden.as_str()),
                    r.gemeente,
                    namen.huishoudens,
                    h.line
                ),
            );
            continue;
        }
        if let Some(&i) = in_instance.get(&r.huishouden) {
            inst.huishoudens[i.idx()].extern_scores.push(ExterneScore {
                gemeente: g,
                score: r.score,
                toegestaan: r.toegestaan,
                regel: r.line,
            });
        }
    }
    for hh in &mut inst.huishoudens {
        hh.extern_scores.sort_by_key(|e| e.gemeente);
    }
}

/// A household that the rows of `scores_extern.csv` with `toegestaan = 0` leave no gemeente at
/// all (where the other filters and the planner's `niet` alone leave some) is a problem, at its
/// last such row.
fn extern_ergens_toegestaan(namen: &Namen, inst: &Instance, problems: &mut Problems) {
    for hh in inst.huishoudens.iter().filter(|hh| {
        hh.vaste_gemeente().is_none() && hh.extern_scores.iter().any(|e| !e.toegestaan)
    }) {
        let met = inst.gemeente_indices().any(|g| inst.toegestaan(hh, g));
        let zonder = inst
            .gemeente_indices()
            .any(|g| hh.uitgesloten(g).is_none() && inst.zorg_staat_toe(hh, g));
        if !met && zonder {
            let laatste = hh
                .extern_scores
                .iter()
                .filter(|e| !e.toegestaan)
                .map(|e| e.regel)
                .max()
                .unwrap_or(1);
            problems.add(
                &namen.scores_extern,
                Some(laatste),
                Some("toegestaan"),
                format!(
                    "the rows with toegestaan 0 leave household {} no gemeente it may be coupled to",
                    quoted(hh.id.as_str())
                ),
            );
        }
    }
}

/// Checks the planner's decisions (`vastzetten.csv`) against the other files and each other,
/// and gives each household its own. Every row is judged; a row with a problem is not applied.
///
/// Input errors, each at the row that makes it: an unknown household or gemeente; the same
/// household and gemeente twice (also two identical `niet` rows: a planner who meant one
/// decision deletes the copy, one who meant another fixes the code); `vast` and `niet` on the
/// same gemeente; a second `vast` for a household; `vast` on another gemeente than the
/// household's `vaste_gemeente_code`, or `niet` on that gemeente; `vast` where the care filter
/// forbids ([`Instance::zorg_staat_toe`]) or `scores_extern.csv` forbids (`toegestaan = 0`); and
/// `niet` rows that leave a household no gemeente.
struct Besluiten<'a> {
    namen: &'a Namen,
    huishoudens: &'a [HuishoudenRow],
    gemeenten: &'a HashMap<GemeenteCode, GemeenteIdx>,
    /// Whether every gemeente resolved, so the instance can say which region each is in (the
    /// care filter); if not, the gemeenten already have problems.
    zorg_te_toetsen: bool,
}

impl Besluiten<'_> {
    fn toepassen(&self, rows: &[VastzettenRow], inst: &mut Instance, problems: &mut Problems) {
        let file = self.namen.vastzetten.as_str();
        let rij: HashMap<&HuishoudenId, &HuishoudenRow> =
            self.huishoudens.iter().map(|h| (&h.id, h)).collect();
        let in_instance: HashMap<HuishoudenId, HuishoudenIdx> = inst
            .huishouden_indices()
            .map(|h| (inst.huishouden(h).id.clone(), h))
            .collect();
        // the rows kept so far per household and gemeente, and each household's `vast`
        let mut eerder: HashMap<(&HuishoudenId, GemeenteIdx), &VastzettenRow> = HashMap::new();
        let mut vast: HashMap<&HuishoudenId, &VastzettenRow> = HashMap::new();
        for r in rows {
            let Some((h, g)) = bekend(
                self.namen,
                &rij,
                self.gemeenten,
                file,
                r.line,
                (&r.huishouden, &r.gemeente),
                problems,
            ) else {
                continue;
            };
            let mut fout = |col: &str, message: String| {
                problems.add(file, Some(r.line), Some(col), message);
            };
            let huishouden = quoted(r.huishouden.as_str());
            if let Some(e) = eerder.get(&(&r.huishouden, g)) {
                let message = if e.soort == r.soort {
                    format!(
                        "the same decision for household {huishouden} and gemeente {} again, first on line {}",
                        r.gemeente, e.line
                    )
                } else {
                    format!(
                        "\"vast\" and \"niet\" for household {huishouden} and gemeente {}, the other on line {}",
                        r.gemeente, e.line
                    )
                };
                fout("soort", message);
                continue;
            }
            if let Some(v) = vast.get(&r.huishouden).filter(|_| r.soort == Soort::Vast) {
                fout(
                    "soort",
                    format!(
                        "a second \"vast\" for household {huishouden}, the first on line {} (gemeente {})",
                        v.line, v.gemeente
                    ),
                );
                continue;
            }
            if let Some(eigen) = &h.vast {
                let strijdig = match r.soort {
                    Soort::Vast => *eigen != r.gemeente,
                    Soort::Niet => *eigen == r.gemeente,
                };
                if strijdig {
                    let waar = match r.soort {
                        Soort::Vast => "another gemeente",
                        Soort::Niet => "that gemeente",
                    };
                    fout(
                        "gemeente_code",
                        format!(
                            "household {huishouden} has vaste_gemeente_code {eigen} ({}:{}), which \"{}\" on {waar} contradicts, found {}",
                            self.namen.huishoudens,
                            h.line,
                            r.soort.as_str(),
                            quoted(r.gemeente.as_str())
                        ),
                    );
                    continue;
                }
            }
            let idx = in_instance.get(&r.huishouden).copied();
            if let (Soort::Vast, Some(i), true) = (r.soort, idx, self.zorg_te_toetsen) {
                if !inst.zorg_staat_toe(inst.huishouden(i), g) {
                    fout(
                        "gemeente_code",
                        format!(
                            "household {huishouden} needs an academisch ziekenhuis, which the arbeidsmarktregio of {} lacks, found {}",
                            inst.gemeente(g).naam,
                            quoted(r.gemeente.as_str())
                        ),
                    );
                    continue;
                }
            }
            let verboden = idx.and_then(|i| inst.huishouden(i).extern_verboden(g).copied());
            if let (Soort::Vast, Some(e)) = (r.soort, verboden) {
                fout(
                    "gemeente_code",
                    format!(
                        "household {huishouden} is forbidden in gemeente {} by {}:{} (toegestaan 0), which \"vast\" contradicts",
                        r.gemeente, self.namen.scores_extern, e.regel
                    ),
                );
                continue;
            }
            eerder.insert((&r.huishouden, g), r);
            if r.soort == Soort::Vast {
                vast.insert(&r.huishouden, r);
            }
            if let Some(i) = idx {
                let besluit = Besluit {
                    gemeente: g,
                    toelichting: r.toelichting.clone(),
                    regel: r.line,
                };
                let planner = &mut inst.huishoudens[i.idx()].planner;
                match r.soort {
                    Soort::Vast => planner.vast = Some(besluit),
                    Soort::Niet => planner.niet.push(besluit),
                }
            }
        }
        if self.zorg_te_toetsen {
            self.ergens_toegestaan(inst, problems);
        }
    }

    /// A household that the planner's `niet` rows leave no gemeente at all (where the filters
    /// alone leave some) is a problem, at its last `niet` row.
    fn ergens_toegestaan(&self, inst: &Instance, problems: &mut Problems) {
        for hh in inst
            .huishoudens
            .iter()
            .filter(|hh| !hh.planner.niet.is_empty())
        {
            let met_niet = inst.gemeente_indices().any(|g| inst.toegestaan(hh, g));
            let zonder_niet = inst.gemeente_indices().any(|g| {
                hh.vaste_gemeente().is_none_or(|v| v == g)
                    && hh.extern_verboden(g).is_none()
                    && inst.zorg_staat_toe(hh, g)
            });
            if !met_niet && zonder_niet {
                let laatste = hh.planner.niet.iter().map(|b| b.regel).max().unwrap_or(1);
                problems.add(
                    &self.namen.vastzetten,
                    Some(laatste),
                    Some("soort"),
                    format!(
                        "the \"niet\" rows leave household {} no gemeente it may be coupled to",
                        quoted(hh.id.as_str())
                    ),
                );
            }
        }
    }
}
