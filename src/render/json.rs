//! `rapport.json`: everything machine-readable, in the typed form of [`super::schema`]. The
//! `model` section lets anyone rebuild the MIP from `--export-scores` and check the optimum;
//! `invoer` (paths and file hashes) and `opties` let `kansrijk explain` load the same input and
//! solve again with the same options ([`crate::replay`]); `tijden_ms` is the only part that
//! varies between identical runs.

use super::formaat::Render;
use super::schema::{self, SCHEMA};
use super::tekst::{bevinding, gelezen_als, toelichting, NIET_ECHT};
use crate::explain::alternatief::{Alternatief, WaaromNiet};
use crate::explain::planner::Besluitkosten;
use crate::explain::Koppeling;
use crate::model::{GemeenteIdx, HuishoudenIdx};
use crate::solve::Bevinding;
use crate::uitkomst::Uitkomst;

pub struct Json;

/// How the certificate's bound is recomputed, in Dutch.
const CERTIFICAAT_UITLEG: &str = "Voor elke prijs per gemeente geldt: geen koppeling van het volledige model is meer waard dan som over huishoudens van max(-ongekoppeld_boete, max over de toegestane gemeenten waar het past (personen <= cap min de personen met een vaste koppeling daar) van score - personen * (plaats - doel - f * snede)) plus de som over gemeenten van (plaats * cap - doel * doel_g - snede * f * doel_g naar boven afgerond), met doel_g het doel uit model.gemeenten en f het deel daarvan achter de komma; prijzen onder 0 tellen als 0, en doel + snede boven tekort_boete worden naar verhouding verlaagd. Een huishouden met een vaste gemeente telt alleen daar. Met een spreidingsgrens heeft elke regio een prijs regio >= 0 op haar rij van de grens: de score van een paar van een vrij huishouden in die regio telt dan als score + regio * (score - vloer), met vloer = opties.spreidingsgrens_vloer. Na te rekenen met --export-scores, zonder solver.";

impl Render for Json {
    fn bestandsnaam(&self) -> &'static str {
        "rapport.json"
    }

    fn render(&self, u: &Uitkomst) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(&rapport(u)).expect("plain data");
        out.push(b'\n');
        out
    }
}

/// The files read, (name, SHA-256 hex), as the report lists them.
fn bestanden(hashes: &[(String, String)]) -> Vec<schema::BestandJson> {
    hashes
        .iter()
        .map(|(naam, sha256)| schema::BestandJson {
            naam: naam.clone(),
            sha256: sha256.clone(),
        })
        .collect()
}

/// The report of `u`.
pub fn rapport(u: &Uitkomst) -> schema::RapportJson {
    let inst = &u.instance;
    let pad = |p: &Option<std::path::PathBuf>| p.as_ref().map(|p| p.display().to_string());
    schema::RapportJson {
        schema: SCHEMA.to_string(),
        kansrijk: env!("CARGO_PKG_VERSION").to_string(),
        invoer: schema::InvoerJson {
            bron: u.bron.clone(),
            voorbeeld: u.voorbeeld,
            map: pad(&u.opties.data),
            map_absoluut: pad(&u.absoluut.data),
            gewichten_bestand: pad(&u.opties.gewichten),
            gewichten_bestand_absoluut: pad(&u.absoluut.gewichten),
            huishoudens: inst.huishoudens.len(),
            personen: inst.personen(),
            gemeenten: inst.gemeenten.len(),
            bestanden: bestanden(&u.herkomst.hashes),
        },
        opties: schema::OptiesJson {
            marge: u.opties.marge,
            tijdslimiet: u.opties.solver.tijdslimiet,
            gap: u.opties.solver.gap,
            model: u.opties.solver.formulering,
            spreidingsgrens: u.opties.spreidingsgrens,
            spreidingsgrens_vloer: u.probleem.regio_vloer,
            csv: u.opties.csv,
        },
        herkomst: herkomst(u),
        gewichten: u.gewichten.clone(),
        model: model(u),
        oplossing: oplossing(u),
        vergelijking: u
            .vergelijking
            .iter()
            .map(|v| schema::VergelijkingJson {
                naam: v.naam.to_string(),
                doelwaarde: v.doelwaarde,
                totale_score: v.totale_score,
                tekort_personen: v.tekort_personen,
                ongekoppeld: v.ongekoppeld,
                aandeel_top3: v.aandeel_top3,
            })
            .collect(),
        spreiding: u.spreiding.clone(),
        spreidingsgrens: u.spreidingsgrens.clone(),
        vorige: vorige(u),
        prognose: u.prognose.as_ref().map(|p| schema::PrognoseJson {
            beleid: crate::simulatie::Beleid::Vooruitziend.naam().to_string(),
            map: p.map.clone(),
            bestanden: bestanden(&p.bestanden),
            week: p.week,
            seed: p.seed,
            gezien: p.gezien,
            verwacht: p.verwacht,
            getrokken: p.getrokken,
            schaal: p.schaal,
            optimum: waarde(&p.optimum),
            doelwaarde: u.oplossing.doelwaarde,
            opgegeven: p.opgegeven(u.oplossing.doelwaarde),
        }),
        quotaprijs: schema::QuotaprijsJson {
            zonder_taakstelling: u.quotaprijs.zonder,
            met_taakstelling: u.quotaprijs.met,
            prijs: u.quotaprijs.prijs(),
            per_regio: u
                .quotaprijs
                .per_regio
                .iter()
                .map(|&(r, prijs)| schema::RegioPrijsJson {
                    regio: inst.regio(r).code.to_string(),
                    prijs,
                })
                .collect(),
        },
        bevindingen: u.bevindingen.iter().map(|b| bevinding_json(u, b)).collect(),
        koppelingen: u.koppelingen.iter().map(|k| koppeling(u, k)).collect(),
        besluiten: u
            .besluiten
            .as_ref()
            .map(|bs| bs.iter().map(|b| besluit(u, b)).collect()),
        tijden_ms: u.tijden.clone(),
    }
}

/// The `vorige` block, when the run compared with an earlier one.
fn vorige(u: &Uitkomst) -> Option<schema::VorigeJson> {
    use crate::explain::verplaatst::Waarom;
    let v = u.vorige.as_ref()?;
    let inst = &u.instance;
    let code = |g| inst.gemeente(g).code.to_string();
    let verplaatst = v
        .verplaatst
        .iter()
        .map(|m| {
            let waarom = m.waarom(v.bewezen);
            let (reden, kosten) = match waarom {
                Waarom::NietToegestaan => ("niet_toegestaan", None),
                Waarom::GeenPlaats { .. } => ("geen_plaats", None),
                Waarom::Kost {
                    daling,
                    minstens,
                    hooguit,
                    ..
                } => ("kost", Some((daling, minstens, hooguit))),
                Waarom::Ander => ("ander_verplaatst", None),
                Waarom::Onbewezen => ("niet_bewezen", None),
                Waarom::NietGemeten => ("niet_gemeten", None),
            };
            schema::VerplaatsingJson {
                huishouden_id: inst.huishouden(m.huishouden).id.to_string(),
                van: code(m.van),
                naar: m.naar.map(code),
                reden: reden.to_string(),
                kosten: kosten.map(|k| k.0),
                kosten_minstens: kosten.map(|k| k.1),
                kosten_hooguit: kosten.map(|k| k.2),
                toelichting: super::vorige::reden(inst, m, v.bewezen, v.max_gemeten),
            }
        })
        .collect();
    Some(schema::VorigeJson {
        map: v.map.clone(),
        rijen: v.rijen,
        genegeerd: v.genegeerd,
        vergeleken: v.vergeleken,
        behouden: v.behouden,
        eerst_behouden: v.eerst_behouden,
        bewezen: v.bewezen,
        binnen_de_gap: v.binnen_de_gap,
        niet_gemeten: v.niet_gemeten,
        verplaatst,
    })
}

/// A planner decision with its measured cost, by codes and ids.
fn besluit(u: &Uitkomst, b: &Besluitkosten) -> schema::BesluitJson {
    let m = &b.meting;
    schema::BesluitJson {
        regel: b.regel,
        huishouden_id: u.instance.huishouden(b.huishouden).id.to_string(),
        gemeente_code: u.instance.gemeente(b.gemeente).code.to_string(),
        soort: b.soort,
        toelichting: b.toelichting.clone(),
        kosten: m.daling,
        kosten_minstens: m.daling_minstens,
        kosten_hooguit: m.daling_hooguit,
        exact: m.exact(),
        zonder: schema::HeroplossingJson {
            status: m.status,
            doelwaarde: m.doelwaarde,
            grens: m.grens,
            gap: m.gap,
        },
    }
}

/// The `bron` values of every input file, and the warning when any says the input is not real.
fn herkomst(u: &Uitkomst) -> schema::InvoerHerkomstJson {
    let niet_echt = u.herkomst.niet_echt();
    schema::InvoerHerkomstJson {
        niet_echt,
        waarschuwing: niet_echt.then(|| NIET_ECHT.to_string()),
        bestanden: u
            .herkomst
            .bronnen
            .iter()
            .map(|b| schema::BronBestandJson {
                bestand: b.bestand.clone(),
                bronnen: b
                    .bronnen
                    .iter()
                    .map(|(bron, rijen)| schema::BronTellingJson {
                        bron: bron.clone(),
                        rijen: *rijen,
                    })
                    .collect(),
            })
            .collect(),
        niet_gelezen: u
            .herkomst
            .niet_gelezen()
            .map(|(bestand, kolom)| schema::NietGelezenJson { bestand, kolom })
            .collect(),
        meldingen: u
            .herkomst
            .meldingen
            .iter()
            .map(|m| schema::MeldingJson {
                bestand: m.bestand(),
                gelezen_als: m.codering.label().to_string(),
                tekst: gelezen_als(m.codering).to_string(),
            })
            .collect(),
    }
}

/// The model's penalties, capacities and targets.
fn model(u: &Uitkomst) -> schema::ModelJson {
    let p = &u.probleem;
    schema::ModelJson {
        ongekoppeld_boete: p.ongekoppeld_boete,
        tekort_boete: p.tekort_boete,
        marge: u.gewichten.model.marge,
        vaste_koppelingen: "huishoudens met een vaste gemeente worden altijd daar gekoppeld"
            .to_string(),
        gemeenten: u
            .instance
            .gemeenten
            .iter()
            .zip(&p.gemeenten)
            .map(|(g, m)| schema::ModelGemeenteJson {
                gemeente_code: g.code.to_string(),
                cap: m.cap,
                doel: m.doel,
            })
            .collect(),
    }
}

/// A solution's value and how far it is proven.
fn waarde(o: &crate::solve::Oplossing) -> schema::WaardeJson {
    schema::WaardeJson {
        status: o.status,
        doelwaarde: o.doelwaarde,
        grens: o.grens,
        gap: o.gap,
        totale_score: o.totale_score,
        tekort_personen: o.tekort_personen,
        ongekoppeld: o.ongekoppeld,
    }
}

/// The solution's figures, how its bound was proven, and its certificate.
fn oplossing(u: &Uitkomst) -> schema::OplossingJson {
    let o = &u.oplossing;
    schema::OplossingJson {
        waarde: waarde(o),
        solver: "HiGHS (good_lp)".to_string(),
        herkomst: o.herkomst,
        bewijs: o.bewijs.as_ref().map(|b| schema::BewijsJson {
            opties: b.opties,
            opties_in_mip: b.opties_in_mip,
            drempel: b.drempel,
            lp_rondes: b.lp_rondes,
            mip_rondes: b.mip_rondes,
            zoek_winst: b.zoek_winst,
        }),
        certificaat: certificaat(u),
        variabelen: o.variabelen,
        restricties: o.restricties,
    }
}

/// The prices per gemeente that bound the full model, with the bound they give (see
/// [`crate::solve::certificaat`]); `None` where the run has none.
fn certificaat(u: &Uitkomst) -> Option<schema::CertificaatJson> {
    let c = u.oplossing.bewijs.as_ref()?.certificaat.as_ref()?;
    Some(schema::CertificaatJson {
        grens: c.grens,
        uitleg: CERTIFICAAT_UITLEG.to_string(),
        gemeenten: u
            .instance
            .gemeenten
            .iter()
            .zip(&c.prijzen)
            .map(|(g, &prijs)| schema::GemeentePrijsJson {
                gemeente_code: g.code.to_string(),
                prijs,
            })
            .collect(),
        regios: c
            .regio
            .iter()
            .enumerate()
            .map(|(r, &prijs)| schema::RegioPrijsJson {
                regio: u.instance.regios[r].code.to_string(),
                prijs,
            })
            .collect(),
    })
}

/// A finding with codes instead of indices, and its sentence.
fn bevinding_json(u: &Uitkomst, b: &Bevinding) -> schema::BevindingJson {
    let inst = &u.instance;
    let gemeente = |g: GemeenteIdx| inst.gemeente(g).code.to_string();
    let huishouden = |h: HuishoudenIdx| inst.huishouden(h).id.to_string();
    let soort = match *b {
        Bevinding::CapaciteitVerhoogd {
            gemeente: g,
            vaste_personen,
            cap_was,
        } => schema::BevindingSoortJson::CapaciteitVerhoogd {
            gemeente_code: gemeente(g),
            vaste_personen,
            cap_was,
        },
        Bevinding::PastNergens {
            huishouden: h,
            personen,
            grootste_ruimte,
        } => schema::BevindingSoortJson::PastNergens {
            huishouden_id: huishouden(h),
            personen,
            grootste_ruimte,
        },
        Bevinding::GeenZorgregio { huishouden: h } => schema::BevindingSoortJson::GeenZorgregio {
            huishouden_id: huishouden(h),
        },
        Bevinding::ZorgruimteTekort { personen, ruimte } => {
            schema::BevindingSoortJson::ZorgruimteTekort { personen, ruimte }
        }
        Bevinding::RuimteTekort { personen, ruimte } => {
            schema::BevindingSoortJson::RuimteTekort { personen, ruimte }
        }
    };
    schema::BevindingJson {
        soort,
        tekst: bevinding(inst, b),
    }
}

/// A household's koppeling with codes and ids instead of indices.
fn koppeling(u: &Uitkomst, k: &Koppeling) -> schema::KoppelingJson {
    let inst = &u.instance;
    let h = inst.huishouden(k.huishouden);
    let code = |g: GemeenteIdx| inst.gemeente(g).code.to_string();
    schema::KoppelingJson {
        huishouden_id: h.id.to_string(),
        personen: h.personen(),
        gemeente_code: k.gemeente.map(code),
        score: k.score,
        componenten: k.componenten,
        reden: k.reden,
        toelichting: toelichting(inst, k),
        beste_gemeente_code: k.beste.map(|(b, _)| code(b)),
        beste_score: k.beste.map(|(_, s)| s),
        alternatieven: k.alternatieven.iter().map(|a| alternatief(u, a)).collect(),
    }
}

/// An alternative of a koppeling with codes and ids instead of indices.
fn alternatief(u: &Uitkomst, a: &Alternatief) -> schema::AlternatiefJson {
    let inst = &u.instance;
    let waarom_niet = match &a.waarom_niet {
        WaaromNiet::Capaciteit {
            ruimte,
            cap,
            vaste_personen,
            voorrang,
        } => schema::WaaromNietJson::Capaciteit {
            ruimte: *ruimte,
            cap: *cap,
            vaste_personen: *vaste_personen,
            voorrang: voorrang
                .iter()
                .map(|&h| inst.huishouden(h).id.to_string())
                .collect(),
        },
        WaaromNiet::LagereScore { verschil } => schema::WaaromNietJson::LagereScore {
            verschil: *verschil,
        },
        WaaromNiet::Taakstelling { verschil, tekort } => schema::WaaromNietJson::Taakstelling {
            verschil: *verschil,
            tekort: *tekort,
        },
        WaaromNiet::NietGevonden => schema::WaaromNietJson::NietGevonden,
    };
    schema::AlternatiefJson {
        gemeente_code: inst.gemeenten[a.gemeente.idx()].code.to_string(),
        score: a.score,
        waarom_niet,
    }
}
