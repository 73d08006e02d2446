//! Cross-file validation: resolves codes to indices and builds the [`Instance`].
//!
//! Per-file problems (types, ranges, duplicate ids) are found while loading; here come the
//! checks that need two files: unknown gemeente and region codes, persons of unknown
//! households, households without persons. A file that had problems of its own is skipped
//! here, so one mistake is not reported twice.

use std::collections::HashMap;

use crate::error::{quoted, InputError, Problems};
use crate::io::Invoer;
use crate::model::{
    Arbeidsmarkt, Gemeente, GemeenteCode, GemeenteIdx, Huishouden, HuishoudenId, Instance, Persoon,
    Regio, RegioCode,
};

/// Validates what [`crate::io::load`] read. Returns the instance, or every problem found.
pub fn validate(invoer: Invoer) -> Result<(Instance, crate::score::Gewichten), InputError> {
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

    let regio_index: Option<HashMap<RegioCode, usize>> = regios.as_ref().map(|rs| {
        rs.iter()
            .enumerate()
            .map(|(i, r)| (r.code.clone(), i))
            .collect()
    });
    let gemeente_index: Option<HashMap<GemeenteCode, usize>> = gemeenten.as_ref().map(|gs| {
        gs.iter()
            .enumerate()
            .map(|(i, g)| (g.code.clone(), i))
            .collect()
    });

    let unknown_regio = |problems: &mut Problems,
                         file: &str,
                         line: u64,
                         col: &str,
                         code: &RegioCode,
                         index: &HashMap<RegioCode, usize>| {
        let i = index.get(code).copied();
        if i.is_none() {
            problems.add(
                file,
                Some(line),
                Some(col),
                format!(
                    "unknown arbeidsmarktregio, found {} (not in {})",
                    quoted(code.as_str()),
                    namen.regios
                ),
            );
        }
        i
    };

    let mut out_gemeenten = Vec::new();
    if let (Some(rows), Some(index)) = (&gemeenten, &regio_index) {
        for r in rows {
            if let Some(regio) = unknown_regio(
                &mut problems,
                &namen.gemeenten,
                r.line,
                "arbeidsmarktregio_code",
                &r.regio,
                index,
            ) {
                out_gemeenten.push(Gemeente {
                    code: r.code.clone(),
                    naam: r.naam.clone(),
                    regio,
                    inwoners: r.inwoners,
                    taakstelling: r.taakstelling,
                    gerealiseerd: r.gerealiseerd,
                    achterstand: r.achterstand,
                });
            }
        }
    }

    let mut markt = Arbeidsmarkt::new(regios.as_ref().map_or(0, Vec::len));
    if let (Some(rows), Some(index)) = (&arbeidsmarkt, &regio_index) {
        for r in rows {
            if let Some(regio) = unknown_regio(
                &mut problems,
                &namen.arbeidsmarkt,
                r.line,
                "arbeidsmarktregio_code",
                &r.regio,
                index,
            ) {
                markt.set(regio, r.beroepsklasse, r.spanning);
            }
        }
    }

    let mut out_huishoudens = Vec::new();
    if let (Some(rows), Some(index)) = (&huishoudens, &gemeente_index) {
        let mut gemeente = |line: u64, col: &str, code: &GemeenteCode| -> Option<GemeenteIdx> {
            let i = index.get(code).copied();
            if i.is_none() {
                problems.add(
                    &namen.huishoudens,
                    Some(line),
                    Some(col),
                    format!(
                        "unknown gemeente, found {} (not in {})",
                        quoted(code.as_str()),
                        namen.gemeenten
                    ),
                );
            }
            i
        };
        for r in rows {
            let azc = gemeente(r.line, "azc_gemeente_code", &r.azc);
            let netwerk = r
                .netwerk
                .as_ref()
                .map(|c| gemeente(r.line, "netwerk_gemeente_code", c));
            let vast = r
                .vast
                .as_ref()
                .map(|c| gemeente(r.line, "vaste_gemeente_code", c));
            if let (Some(azc), Some(netwerk), Some(vast)) = (
                azc,
                netwerk.map_or(Some(None), |n| n.map(Some)),
                vast.map_or(Some(None), |v| v.map(Some)),
            ) {
                out_huishoudens.push(Huishouden {
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
    }

    if let (Some(hs), Some(ps)) = (&huishoudens, &personen) {
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
                None => problems.add(
                    &namen.personen,
                    Some(p.line),
                    Some("huishouden_id"),
                    format!(
                        "unknown household, found {} (not in {})",
                        quoted(p.huishouden.as_str()),
                        namen.huishoudens
                    ),
                ),
            }
        }
        for (h, members) in hs.iter().zip(&leden) {
            if members.is_empty() {
                problems.add(
                    &namen.huishoudens,
                    Some(h.line),
                    Some("huishouden_id"),
                    format!(
                        "household {} has no persons in {}",
                        quoted(h.id.as_str()),
                        namen.personen
                    ),
                );
            }
        }
        // Households whose gemeente codes failed were not kept; match members by id.
        let mut members_by_id: HashMap<HuishoudenId, Vec<Persoon>> = hs
            .iter()
            .zip(leden)
            .map(|(h, m)| (h.id.clone(), m))
            .collect();
        for h in &mut out_huishoudens {
            h.leden = members_by_id.remove(&h.id).unwrap_or_default();
        }
    }

    let out_regios: Vec<Regio> = regios
        .unwrap_or_default()
        .into_iter()
        .map(|r| Regio {
            code: r.code,
            naam: r.naam,
            mbo: r.mbo,
            hbo: r.hbo,
            wo: r.wo,
            academisch_ziekenhuis: r.academisch_ziekenhuis,
        })
        .collect();

    let instance = Instance {
        gemeenten: out_gemeenten,
        regios: out_regios,
        arbeidsmarkt: markt,
        huishoudens: out_huishoudens,
    };
    problems.into_result((instance, gewichten))
}
