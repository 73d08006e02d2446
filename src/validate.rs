//! Cross-file validation: resolves codes to indices and builds the [`Instance`].
//!
//! Per-file problems (types, ranges, duplicate ids) are found while loading; here come the
//! checks that need two files: unknown gemeente and region codes, persons of unknown
//! households, households without persons. A file that had problems of its own is skipped
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
use crate::model::{
    Arbeidsmarkt, Gemeente, GemeenteCode, GemeenteIdx, Huishouden, HuishoudenId, Instance, Persoon,
    Regio, RegioCode, RegioIdx,
};

/// Validates what [`crate::io::load`] read. Returns the instance, or every problem found.
///
/// Each step resolves one part of the instance and adds what it finds wrong to the shared
/// list, in the order of the files: gemeenten (their region), the labour market (its region),
/// households (their gemeenten), then persons (their household) and households without any.
pub fn validate(invoer: Invoer) -> Result<(Instance, crate::model::Gewichten), InputError> {
    let Invoer {
        gemeenten,
        regios,
        arbeidsmarkt,
        huishoudens,
        personen,
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

    let instance = Instance {
        gemeenten: out_gemeenten,
        regios: resolve_regios(regios),
        arbeidsmarkt: markt,
        huishoudens: out_huishoudens,
    };
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
