//! `rapport.json`: everything machine-readable. The `model` section lets anyone rebuild the
//! MIP from `--export-scores` and check the optimum; `invoer` (paths and file hashes) and
//! `opties` let `kansrijk explain` load the same input and solve again with the same options
//! ([`crate::io::rapport`]); `tijden_ms` is the only part that varies between identical runs.

use serde::Serialize;
use serde_json::{json, Value};

use super::tekst::{bevinding, toelichting, NIET_ECHT};
use super::Render;
use crate::explain::alternatief::{Alternatief, WaaromNiet};
use crate::solve::Bevinding;
use crate::uitkomst::Uitkomst;

pub struct Rapport;

#[derive(Serialize)]
struct ModelGemeente<'a> {
    gemeente_code: &'a str,
    cap: i64,
    doel: f64,
}

/// A finding with codes instead of indices.
fn bevinding_json(u: &Uitkomst, b: &Bevinding) -> Value {
    let inst = &u.instance;
    let mut v = serde_json::to_value(b).expect("plain data");
    let obj = v.as_object_mut().expect("tagged enum");
    if let Some(g) = obj.remove("gemeente").and_then(|g| g.as_u64()) {
        obj.insert(
            "gemeente_code".into(),
            json!(inst.gemeenten[g as usize].code),
        );
    }
    if let Some(h) = obj.remove("huishouden").and_then(|h| h.as_u64()) {
        obj.insert(
            "huishouden_id".into(),
            json!(inst.huishoudens[h as usize].id),
        );
    }
    obj.insert("tekst".into(), json!(bevinding(inst, b)));
    v
}

/// An alternative of a koppeling with codes and ids instead of indices.
fn alternatief_json(u: &Uitkomst, a: &Alternatief) -> Value {
    let inst = &u.instance;
    let mut waarom = serde_json::to_value(&a.waarom_niet).expect("plain data");
    if let WaaromNiet::Capaciteit { voorrang, .. } = &a.waarom_niet {
        waarom["voorrang"] = json!(voorrang
            .iter()
            .map(|&h| &inst.huishoudens[h].id)
            .collect::<Vec<_>>());
    }
    json!({
        "gemeente_code": inst.gemeenten[a.gemeente].code,
        "score": a.score,
        "waarom_niet": waarom,
    })
}

/// The prices per gemeente that bound the full model, with the bound they give (see
/// [`crate::solve::certificaat`]); `null` where the run has none.
fn certificaat(u: &Uitkomst) -> Value {
    let Some(c) = u
        .oplossing
        .bewijs
        .as_ref()
        .and_then(|b| b.certificaat.as_ref())
    else {
        return Value::Null;
    };
    json!({
        "grens": c.grens,
        "uitleg": "Voor elke prijs per gemeente geldt: geen koppeling van het volledige model is meer waard dan som over huishoudens van max(-ongekoppeld_boete, max over de toegestane gemeenten waar het past (personen <= cap min de personen met een vaste koppeling daar) van score - personen * (plaats - doel - f * snede)) plus de som over gemeenten van (plaats * cap - doel * doel_g - snede * f * doel_g naar boven afgerond), met doel_g het doel uit model.gemeenten en f het deel daarvan achter de komma; prijzen onder 0 tellen als 0, en doel + snede boven tekort_boete worden naar verhouding verlaagd. Een huishouden met een vaste gemeente telt alleen daar. Met een spreidingsgrens heeft elke regio een prijs regio >= 0 op haar rij van de grens: de score van een paar van een vrij huishouden in die regio telt dan als score + regio * (score - vloer), met vloer = opties.spreidingsgrens_vloer. Na te rekenen met --export-scores, zonder solver.",
        "gemeenten": u.instance.gemeenten.iter().zip(&c.prijzen).map(|(g, q)| json!({
            "gemeente_code": g.code,
            "plaats": q.plaats,
            "doel": q.doel,
            "snede": q.snede,
        })).collect::<Vec<_>>(),
        "regios": c.regio.iter().enumerate().map(|(r, &prijs)| json!({
            "regio": u.instance.regios[r].code.as_str(),
            "prijs": prijs,
        })).collect::<Vec<_>>(),
    })
}

/// The `bron` values of every input file, and the warning when any says the input is not real.
fn herkomst(u: &Uitkomst) -> Value {
    let niet_echt = u.herkomst.niet_echt();
    json!({
        "niet_echt": niet_echt,
        "waarschuwing": niet_echt.then_some(NIET_ECHT),
        "bestanden": u.herkomst.bronnen.iter().map(|b| json!({
            "bestand": b.bestand,
            "bronnen": b.bronnen.iter().map(|(bron, rijen)| json!({"bron": bron, "rijen": rijen})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

impl Render for Rapport {
    fn bestandsnaam(&self) -> &'static str {
        "rapport.json"
    }

    fn render(&self, u: &Uitkomst) -> Vec<u8> {
        let inst = &u.instance;
        let p = &u.probleem;
        let gemeenten: Vec<ModelGemeente> = inst
            .gemeenten
            .iter()
            .zip(&p.gemeenten)
            .map(|(g, m)| ModelGemeente {
                gemeente_code: g.code.as_str(),
                cap: m.cap,
                doel: m.doel,
            })
            .collect();
        let koppelingen: Vec<Value> = u
            .koppelingen
            .iter()
            .map(|k| {
                let h = &inst.huishoudens[k.huishouden];
                json!({
                    "huishouden_id": h.id,
                    "personen": h.personen(),
                    "gemeente_code": k.gemeente.map(|g| &inst.gemeenten[g].code),
                    "score": k.score,
                    "componenten": k.componenten,
                    "reden": k.reden,
                    "toelichting": toelichting(inst, k),
                    "beste_gemeente_code": k.beste.map(|(b, _)| &inst.gemeenten[b].code),
                    "beste_score": k.beste.map(|(_, s)| s),
                    "alternatieven": k.alternatieven.iter().map(|a| alternatief_json(u, a)).collect::<Vec<_>>(),
                })
            })
            .collect();
        let o = &u.oplossing;
        let rapport = json!({
            "kansrijk": env!("CARGO_PKG_VERSION"),
            "invoer": {
                "bron": u.bron,
                "voorbeeld": u.voorbeeld,
                "map": u.opties.data.as_ref().map(|p| p.display().to_string()),
                "map_absoluut": u.absoluut.data.as_ref().map(|p| p.display().to_string()),
                "gewichten_bestand": u.opties.gewichten.as_ref().map(|p| p.display().to_string()),
                "gewichten_bestand_absoluut": u.absoluut.gewichten.as_ref().map(|p| p.display().to_string()),
                "huishoudens": inst.huishoudens.len(),
                "personen": inst.personen(),
                "gemeenten": inst.gemeenten.len(),
                "bestanden": u.herkomst.hashes.iter().map(|(n, h)| json!({"naam": n, "sha256": h})).collect::<Vec<_>>(),
            },
            "opties": {
                "marge": u.opties.marge,
                "tijdslimiet": u.opties.solver.tijdslimiet,
                "gap": u.opties.solver.gap,
                "model": u.opties.solver.formulering.as_str(),
                "spreidingsgrens": u.opties.spreidingsgrens,
                "spreidingsgrens_vloer": u.probleem.regio_vloer,
            },
            "herkomst": herkomst(u),
            "gewichten": u.gewichten,
            "model": {
                "ongekoppeld_boete": p.ongekoppeld_boete,
                "tekort_boete": p.tekort_boete,
                "marge": u.gewichten.model.marge,
                "vaste_koppelingen": "huishoudens met een vaste gemeente worden altijd daar gekoppeld",
                "gemeenten": gemeenten,
            },
            "oplossing": {
                "status": o.status,
                "doelwaarde": o.doelwaarde,
                "grens": o.grens,
                "gap": o.gap,
                "totale_score": o.totale_score,
                "tekort_personen": o.tekort_personen,
                "ongekoppeld": o.ongekoppeld,
                "solver": "HiGHS (good_lp)",
                "herkomst": o.herkomst,
                "bewijs": o.bewijs,
                "certificaat": certificaat(u),
                "variabelen": o.variabelen,
                "restricties": o.restricties,
            },
            "vergelijking": u.vergelijking,
            "spreiding": u.spreiding,
            "spreidingsgrens": u.spreidingsgrens,
            "quotaprijs": {
                "zonder_taakstelling": u.quotaprijs.zonder,
                "met_taakstelling": u.quotaprijs.met,
                "prijs": u.quotaprijs.prijs(),
                "per_regio": u.quotaprijs.per_regio.iter().map(|&(r, v)| serde_json::json!({
                    "regio": u.instance.regios[r].code.as_str(),
                    "prijs": v,
                })).collect::<Vec<_>>(),
            },
            "bevindingen": u.bevindingen.iter().map(|b| bevinding_json(u, b)).collect::<Vec<_>>(),
            "koppelingen": koppelingen,
            "tijden_ms": u.tijden,
        });
        let mut out = serde_json::to_vec_pretty(&rapport).expect("plain data");
        out.push(b'\n');
        out
    }
}
