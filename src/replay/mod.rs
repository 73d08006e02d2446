//! Replaying a finished run: reading its `rapport.json` ([`crate::render::schema`]) back,
//! loading its input again as `match` loaded it (refusing when a file changed since the run),
//! and rebuilding the model and the run's koppeling. [`check`] checks the run's claims without
//! a solver (`kansrijk check`); [`explain()`] explains one household of it and measures its
//! alternatives by solving again (`kansrijk explain`).

mod check;
mod explain;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::UitlegError;
use crate::io::output::MERK;
use crate::io::paden::Pad;
use crate::model::{GemeenteIdx, Instance};
use crate::render::schema::{self, RapportJson, SCHEMA};
use crate::{score, solve, valid, Error, MatchOpties};

pub use crate::render::controle::Gecontroleerd;
pub use check::{check, ControleOpties};
pub use explain::{explain, UitlegOpties};

/// Reads `rapport.json` in the output folder `out`: refused unless it names the schema version
/// this build reads ([`SCHEMA`]).
pub fn lees(out: &Path) -> Result<RapportJson, UitlegError> {
    if !out.is_dir() {
        return Err(UitlegError::GeenMap(out.to_path_buf()));
    }
    let path = out.join(MERK);
    let onleesbaar = |reden: String| UitlegError::Onleesbaar {
        path: path.clone(),
        reden,
    };
    if crate::io::bron::geen_gewoon_bestand(&path) {
        return Err(onleesbaar(
            "geen gewoon bestand (een FIFO, apparaat of map)".to_string(),
        ));
    }
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(UitlegError::GeenRapport(path));
        }
        Err(e) => return Err(onleesbaar(e.to_string())),
    };
    /// The version alone, read before the rest.
    #[derive(Deserialize)]
    struct Kop {
        schema: Option<serde_json::Value>,
    }
    let kop: Kop = serde_json::from_slice(&bytes)
        .map_err(|e| onleesbaar(format!("geen geldige JSON ({e})")))?;
    if kop.schema.as_ref().and_then(|v| v.as_str()) != Some(SCHEMA) {
        return Err(UitlegError::AndereVersie {
            path,
            gevonden: kop.schema.map(|v| v.to_string()),
            verwacht: SCHEMA,
        });
    }
    let rapport: RapportJson = serde_json::from_slice(&bytes)
        .map_err(|e| onleesbaar(format!("onverwachte inhoud ({e})")))?;
    match ongeldige_optie(&rapport.opties) {
        Some(reden) => Err(onleesbaar(reden)),
        None => Ok(rapport),
    }
}

/// What is wrong with the run's options as `rapport.json` gives them, if anything: they are
/// read back as input (a re-solve of `explain` uses them), so they must be what `match`
/// accepts.
fn ongeldige_optie(o: &schema::OptiesJson) -> Option<String> {
    let veld = |naam: &str, verwacht: &str, x: f64| {
        format!("veld \"opties.{naam}\": verwacht {verwacht}, gevonden {x}")
    };
    if !solve::is_tijdslimiet(o.tijdslimiet) {
        return Some(veld("tijdslimiet", "een positief getal", o.tijdslimiet));
    }
    if let Some(g) = o.gap.filter(|&g| !solve::is_gap(g)) {
        return Some(veld("gap", "een getal van 0 tot 1", g));
    }
    if let Some(f) = o.spreidingsgrens.filter(|&f| !solve::is_fractie(f)) {
        return Some(veld("spreidingsgrens", "een getal boven 0 tot en met 1", f));
    }
    if let Some(v) = o.spreidingsgrens_vloer.filter(|v| !v.is_finite()) {
        return Some(veld("spreidingsgrens_vloer", "een eindig getal", v));
    }
    None
}

/// The paths a replay of the run in `out` reads (`kansrijk explain`, `kansrijk check`), for
/// [`crate::io::paden::controleer`]: the run folder, its input folder (`data` if given, else the
/// one `rapport.json` records) and the weights file it records. Only the `invoer` block is
/// read; a report that cannot be read names no more paths (reading it fails later, in [`lees`]).
pub fn gelezen(out: &Path, data: Option<&Path>) -> Vec<Pad> {
    let mut paden = vec![Pad::map("--out", out)];
    if let Some(d) = data {
        paden.push(Pad::map("--data", d));
    }
    /// The `invoer` block alone.
    #[derive(Deserialize)]
    struct Invoer {
        invoer: schema::InvoerJson,
    }
    let rapport = out.join(MERK);
    let Some(Invoer { invoer }) = std::fs::read(&rapport)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
    else {
        return paden;
    };
    if data.is_none() {
        if let Some(map) = invoermap(&invoer, None) {
            paden.push(Pad::map("the run's input folder", map).vastgelegd_in(&rapport));
        }
    }
    if let Some(w) = bestaand(
        &invoer.gewichten_bestand_absoluut,
        &invoer.gewichten_bestand,
    ) {
        paden.push(Pad::bestand("the run's weights file", w).vastgelegd_in(&rapport));
    }
    paden
}

/// A finished run loaded again: its report, its input as `match` loaded it, the model rebuilt
/// from that input, and the run's koppeling in the model's terms.
struct Herladen {
    rapport: RapportJson,
    instance: crate::model::Instance,
    gewichten: crate::model::Gewichten,
    scores: score::Scores,
    probleem: solve::Probleem,
    bevindingen: Vec<solve::Bevinding>,
    toewijzing: Vec<Option<GemeenteIdx>>,
    niet_echt: bool,
}

/// Loads the run of the output folder `out` again (its report `rapport`): its input (from
/// `data` if given, else where the report says), refused when a file changed since the run;
/// the model rebuilt with the run's options (its spread bound included); its koppeling read
/// back.
fn herlaad(out: &Path, rapport: RapportJson, data: Option<&Path>) -> Result<Herladen, Error> {
    let pad = out.join(MERK);
    let invoer = &rapport.invoer;
    let data = if invoer.voorbeeld {
        None
    } else {
        match invoermap(invoer, data) {
            Some(map) if map.is_dir() => Some(map),
            Some(map) => return Err(UitlegError::InvoerWeg(map).into()),
            None => {
                return Err(UitlegError::PastNiet {
                    path: pad,
                    reden: "de invoermap ontbreekt in het blok \"invoer\"".into(),
                }
                .into())
            }
        }
    };
    // the run's input and options, loaded as `match` loads them
    let zoals_de_run = MatchOpties {
        data,
        gewichten: bestaand(
            &invoer.gewichten_bestand_absoluut,
            &invoer.gewichten_bestand,
        ),
        marge: rapport.opties.marge,
        ..MatchOpties::default()
    };
    // the files as they are now, compared with the run's before they are validated: an input
    // that changed since the run is named as such, not by the problems the change brought
    let gelezen = crate::io::load(&zoals_de_run.bron(), zoals_de_run.gewichten.as_deref())?;
    if let Some(wat) = verschil(&invoer.bestanden, &gelezen.herkomst.hashes) {
        return Err(UitlegError::InvoerGewijzigd {
            path: PathBuf::from(zoals_de_run.bron().label()),
            wat,
        }
        .into());
    }
    let (instance, gewichten, herkomst) = valid(gelezen, &zoals_de_run)?;
    crate::past_in_geheugen(&instance)?;
    let scores = score::score(&instance, &gewichten);
    let (probleem, bevindingen) = solve::bouw(&instance, &scores, &gewichten);
    // the run's spread bound holds in every re-solve and check too
    let probleem = solve::Probleem {
        regio_vloer: rapport.opties.spreidingsgrens_vloer,
        ..probleem
    };
    let toewijzing = toewijzing(&rapport.koppelingen, &instance)
        .map_err(|reden| UitlegError::PastNiet { path: pad, reden })?;
    Ok(Herladen {
        rapport,
        niet_echt: herkomst.niet_echt(),
        instance,
        gewichten,
        scores,
        probleem,
        bevindingen,
        toewijzing,
    })
}

/// The input folder to read: `data` if given, else the recorded one (absolute if it still
/// exists, else as given); `None` for the embedded example.
fn invoermap(invoer: &schema::InvoerJson, data: Option<&Path>) -> Option<PathBuf> {
    if invoer.voorbeeld {
        return None;
    }
    data.map(Path::to_path_buf)
        .or_else(|| bestaand(&invoer.map_absoluut, &invoer.map))
}

/// `absoluut` if it exists, else `gegeven`.
fn bestaand(absoluut: &Option<String>, gegeven: &Option<String>) -> Option<PathBuf> {
    absoluut
        .as_ref()
        .map(PathBuf::from)
        .filter(|p| p.exists())
        .or(gegeven.as_ref().map(PathBuf::from))
}

/// What differs between the recorded files and `hashes` (name, SHA-256), in Dutch; `None`
/// when they are the same.
fn verschil(bestanden: &[schema::BestandJson], hashes: &[(String, String)]) -> Option<String> {
    let mut wat = Vec::new();
    for b in bestanden {
        match hashes.iter().find(|(n, _)| *n == b.naam) {
            None => wat.push(format!("{} ontbreekt", b.naam)),
            Some((_, h)) if *h != b.sha256 => wat.push(format!("{} is veranderd", b.naam)),
            Some(_) => {}
        }
    }
    for (n, _) in hashes {
        if !bestanden.iter().any(|b| b.naam == *n) {
            wat.push(format!("{n} is nieuw"));
        }
    }
    (!wat.is_empty()).then(|| wat.join(", "))
}

/// Every household's gemeente in `inst` order, from the recorded koppelingen; `Err` says what
/// does not match the instance.
fn toewijzing(
    koppelingen: &[schema::KoppelingJson],
    inst: &Instance,
) -> Result<Vec<Option<GemeenteIdx>>, String> {
    if koppelingen.len() != inst.huishoudens.len() {
        return Err(format!(
            "{} koppelingen voor {} huishoudens",
            koppelingen.len(),
            inst.huishoudens.len()
        ));
    }
    let codes = gemeente_index(inst);
    let per_id: HashMap<&str, Option<&str>> = koppelingen
        .iter()
        .map(|k| (k.huishouden_id.as_str(), k.gemeente_code.as_deref()))
        .collect();
    inst.huishoudens
        .iter()
        .map(|hh| match per_id.get(hh.id.as_str()) {
            None => Err(format!(
                "huishouden \"{}\" ontbreekt in de koppelingen",
                hh.id
            )),
            Some(None) => Ok(None),
            Some(Some(code)) => codes
                .get(code)
                .map(|&g| Some(g))
                .ok_or_else(|| format!("onbekende gemeente \"{code}\"")),
        })
        .collect()
}

/// The certificate's prices in `inst`'s gemeente and region order; `Err` names a gemeente that
/// is missing, twice or unknown, or an unknown region. A region left out has price 0 (a
/// valid, weaker bound).
fn prijzen(
    c: &schema::CertificaatJson,
    inst: &Instance,
) -> Result<solve::controle::Prijzen, String> {
    use solve::certificaat::Prijs;
    let codes = gemeente_index(inst);
    let mut gemeenten: Vec<Option<Prijs>> = vec![None; inst.gemeenten.len()];
    for q in &c.gemeenten {
        let g = *codes.get(q.gemeente_code.as_str()).ok_or_else(|| {
            format!(
                "onbekende gemeente \"{}\" in het certificaat",
                q.gemeente_code
            )
        })?;
        if gemeenten[g.idx()].is_some() {
            return Err(format!(
                "gemeente \"{}\" staat twee keer in het certificaat",
                q.gemeente_code
            ));
        }
        gemeenten[g.idx()] = Some(q.prijs);
    }
    let gemeenten = gemeenten
        .into_iter()
        .zip(&inst.gemeenten)
        .map(|(q, gem)| {
            q.ok_or_else(|| format!("gemeente \"{}\" ontbreekt in het certificaat", gem.code))
        })
        .collect::<Result<Vec<_>, _>>()?;
    // a region left out has price 0
    let mut regios = vec![0.0; inst.regios.len()];
    for q in &c.regios {
        let r = inst
            .regios
            .iter()
            .position(|reg| reg.code.as_str() == q.regio)
            .ok_or_else(|| format!("onbekende regio \"{}\" in het certificaat", q.regio))?;
        regios[r] = q.prijs;
    }
    Ok(solve::controle::Prijzen {
        gemeenten,
        regios,
        grens: c.grens,
    })
}

/// The gemeenten of `inst` by code.
fn gemeente_index(inst: &Instance) -> HashMap<&str, GemeenteIdx> {
    inst.gemeente_indices()
        .map(|g| (inst.gemeente(g).code.as_str(), g))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invoer(bestanden: &[(&str, &str)]) -> schema::InvoerJson {
        schema::InvoerJson {
            bron: "x".into(),
            voorbeeld: false,
            map: Some("rel".into()),
            map_absoluut: Some("/bestaat/niet".into()),
            gewichten_bestand: None,
            gewichten_bestand_absoluut: None,
            huishoudens: 0,
            personen: 0,
            gemeenten: 0,
            bestanden: bestanden
                .iter()
                .map(|(n, h)| schema::BestandJson {
                    naam: n.to_string(),
                    sha256: h.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn changed_missing_and_new_files_are_named() {
        let r = invoer(&[("a.csv", "1"), ("b.csv", "2"), ("c.csv", "3")]);
        let nu = |v: &[(&str, &str)]| {
            v.iter()
                .map(|(n, h)| (n.to_string(), h.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            verschil(
                &r.bestanden,
                &nu(&[("a.csv", "1"), ("b.csv", "2"), ("c.csv", "3")])
            ),
            None
        );
        assert_eq!(
            verschil(
                &r.bestanden,
                &nu(&[("a.csv", "1"), ("b.csv", "9"), ("d.toml", "4")])
            )
            .unwrap(),
            "b.csv is veranderd, c.csv ontbreekt, d.toml is nieuw"
        );
    }

    #[test]
    fn folder_falls_back_to_the_path_as_given() {
        let r = invoer(&[]);
        assert_eq!(invoermap(&r, None), Some(PathBuf::from("rel")));
        assert_eq!(
            invoermap(&r, Some(Path::new("ander"))),
            Some(PathBuf::from("ander"))
        );
    }

    #[test]
    fn missing_garbled_unversioned_and_other_version_reports_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            lees(&dir.path().join("weg")),
            Err(UitlegError::GeenMap(_))
        ));
        assert!(matches!(lees(dir.path()), Err(UitlegError::GeenRapport(_))));
        std::fs::write(dir.path().join(MERK), "{ kapot").unwrap();
        assert!(matches!(
            lees(dir.path()),
            Err(UitlegError::Onleesbaar { .. })
        ));
        std::fs::write(dir.path().join(MERK), r#"{"invoer": {}}"#).unwrap();
        assert!(matches!(
            lees(dir.path()),
            Err(UitlegError::AndereVersie { gevonden: None, .. })
        ));
        std::fs::write(dir.path().join(MERK), r#"{"schema": "kansrijk-rapport/0"}"#).unwrap();
        let e = lees(dir.path()).unwrap_err();
        assert!(
            matches!(&e, UitlegError::AndereVersie { gevonden: Some(v), .. } if v == "\"kansrijk-rapport/0\""),
            "{e}"
        );
        std::fs::write(
            dir.path().join(MERK),
            format!(r#"{{"schema": "{SCHEMA}", "opties": 3}}"#),
        )
        .unwrap();
        let e = lees(dir.path()).unwrap_err();
        assert!(e.to_string().contains("onverwachte inhoud"), "{e}");
    }
}
