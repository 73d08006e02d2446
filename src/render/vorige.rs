//! The comparison with an earlier run (`match --vorige DIR`) in Dutch: the line on stderr, the
//! section "Verplaatst ten opzichte van de vorige run" of `rapport.md`, and the sentence per
//! moved household that `rapport.json` carries as well.

use std::fmt::Write;

use super::tekst::{cel, code, getal, huishoudens, toelichting_planner};
use crate::explain::verplaatst::{Verplaatsing, Vorige, Waarom};
use crate::model::{GemeenteIdx, Instance, Zorgbehoefte};
use crate::uitkomst::Uitkomst;

/// The line on stderr: how many kept, how many moved.
pub fn samenvatting(v: &Vorige) -> String {
    let mut zin = format!(
        "vorige run ({}): {} van {} op dezelfde plek gehouden, {} verplaatst",
        v.map,
        v.behouden,
        huishoudens(v.vergeleken),
        v.verplaatst.len()
    );
    if !v.bewezen && !v.verplaatst.is_empty() {
        zin += " (niet bewezen het hoogste aantal dat kan)";
    }
    zin
}

/// A gemeente as `naam (code)`.
fn gemeente(inst: &Instance, g: GemeenteIdx) -> String {
    let gem = inst.gemeente(g);
    format!("{} ({})", gem.naam, gem.code)
}

/// Why household `v` moved, in a sentence (without a closing full stop); `bewezen`: the
/// second stage proved its number kept the most there is.
pub fn reden(inst: &Instance, v: &Verplaatsing, bewezen: bool, max_gemeten: usize) -> String {
    let hh = inst.huishouden(v.huishouden);
    let van = inst.gemeente(v.van);
    match v.waarom(bewezen) {
        Waarom::NietToegestaan => match (hh.vast, hh.zorg) {
            _ if hh.planner.vast.is_some() => {
                let b = hh.planner.vast.as_ref().expect("just checked");
                format!(
                    "de planner heeft het huishouden vastgezet in {} (`vastzetten.csv` regel {}): {}",
                    gemeente(inst, b.gemeente),
                    b.regel,
                    toelichting_planner(&b.toelichting)
                )
            }
            _ if hh.uitgesloten(v.van).is_some() => {
                let b = hh.uitgesloten(v.van).expect("just checked");
                format!(
                    "de planner heeft {} uitgesloten voor dit huishouden (`vastzetten.csv` regel {}): {}",
                    van.naam,
                    b.regel,
                    toelichting_planner(&b.toelichting)
                )
            }
            _ if hh.extern_verboden(v.van).is_some() => {
                let e = hh.extern_verboden(v.van).expect("just checked");
                format!(
                    "het externe model staat {} niet toe voor dit huishouden (scores_extern.csv regel {}: toegestaan 0)",
                    van.naam, e.regel
                )
            }
            (Some(g), _) => format!(
                "het huishouden heeft nu een vaste gemeente, {}",
                gemeente(inst, g)
            ),
            (None, Some(Zorgbehoefte::AcademischZiekenhuis)) => format!(
                "{} ligt niet in een regio met een academisch ziekenhuis, dat dit huishouden nodig heeft",
                van.naam
            ),
            (None, None) => format!("{} is niet meer toegestaan voor dit huishouden", van.naam),
        },
        Waarom::GeenPlaats {
            cap,
            vaste_personen,
        } => format!(
            "{} heeft geen plaats meer voor dit huishouden van {} personen: {} plaatsen, waarvan {} voor huishoudens met een vaste gemeente daar",
            van.naam,
            hh.personen(),
            cap,
            vaste_personen
        ),
        Waarom::Kost {
            daling,
            exact: true,
            ..
        } => format!(
            "daar houden kost {} punten totale passendheid (doelwaarde), gemeten door opnieuw op te lossen met het huishouden daar vast",
            getal(daling, 4)
        ),
        Waarom::Kost {
            minstens, hooguit, ..
        } => format!(
            "daar houden kost tussen {} en {} punten totale passendheid (doelwaarde), gemeten door opnieuw op te lossen met het huishouden daar vast, bewezen tot op de gap",
            getal(minstens, 4),
            getal(hooguit, 4)
        ),
        Waarom::Ander => "daar houden kost gemeten niets, maar het aantal gehouden huishoudens is al het hoogste dat kan: dit huishouden houden verplaatst een ander".to_string(),
        Waarom::Onbewezen => "daar houden kost gemeten niets; de tweede stap vond geen even goede koppeling die het houdt zonder een ander te verplaatsen, maar heeft niet bewezen dat die er niet is".to_string(),
        Waarom::NietGemeten => niet_gemeten(max_gemeten),
    }
}

/// Why a move was not measured: only the first `max_gemeten` are, or (0) none.
fn niet_gemeten(max_gemeten: usize) -> String {
    if max_gemeten == 0 {
        "niet gemeten: deze run meet niet wat houden kost".to_string()
    } else {
        format!(
            "niet gemeten: alleen de eerste {max_gemeten} verplaatste huishoudens (op huishouden_id) worden opnieuw opgelost"
        )
    }
}

/// How the koppeling keeps households where the earlier run put them, and what is proven.
fn hoe_behouden(v: &Vorige) -> String {
    let gekozen = match (v.binnen_de_gap, v.eerst_behouden) {
        (false, _) => format!(
            "Onder de koppelingen met dezelfde doelwaarde (tot op {}) is die gekozen met de meeste huishoudens op hun vorige plek.",
            getal(crate::solve::behoud::GELIJK, 6)
        ),
        (true, Some(_)) => "De koppeling is daarna opnieuw opgelost met een kleine voorkeur voor de vorige plek van elk huishouden, en genomen omdat ze er meer houdt en bewezen binnen de gap van de beste koppeling blijft.".to_string(),
        (true, None) => "De koppeling is in één keer opgelost met een kleine voorkeur voor de vorige plek van elk huishouden (samen ongeveer een kwart van de toegestane gap); daarna zijn waar dat kon huishoudens teruggezet op hun vorige plek, zolang de koppeling bewezen binnen de gap van de beste bleef. Hoeveel huishoudens zonder die voorkeur waren gebleven, is niet berekend.".to_string(),
    };
    let aantal = if v.bewezen {
        "Dat aantal is bewezen het hoogste dat kan."
    } else if v.binnen_de_gap {
        "Het aantal dat op zijn plek blijft, is niet bewezen het hoogste dat kan: binnen een gap is \"even goed\" niet precies bepaald (zie docs/matching.md)."
    } else {
        "Dat aantal is niet bewezen het hoogste dat kan (zie docs/matching.md): de koppeling is wel minstens even goed als zonder de vergelijking."
    };
    format!("{gekozen} {aantal}")
}

/// The section "Verplaatst ten opzichte van de vorige run" of `rapport.md`, when asked for.
pub fn sectie(s: &mut String, u: &Uitkomst) {
    let Some(v) = &u.vorige else { return };
    let inst = &u.instance;
    let _ = writeln!(s, "## Verplaatst ten opzichte van de vorige run\n");
    let zonder = match v.eerst_behouden {
        Some(n) => format!(" Zonder deze vergelijking waren er {n} gebleven."),
        None => String::new(),
    };
    let _ = writeln!(
        s,
        "Vergeleken met `koppelingen.csv` in {}: van de {} die daar een gemeente hadden, staan er {} in dezelfde gemeente en {} ergens anders (of niet gekoppeld).{zonder}\n",
        code(&v.map),
        huishoudens(v.vergeleken),
        v.behouden,
        v.verplaatst.len(),
    );
    let _ = writeln!(s, "{}\n", hoe_behouden(v));
    if v.genegeerd > 0 {
        let _ = writeln!(
            s,
            "{} van de {} regels van de vorige run zijn overgeslagen: het huishouden of de gemeente staat niet in deze invoer.\n",
            v.genegeerd, v.rijen
        );
    }
    if v.verplaatst.is_empty() {
        let _ = writeln!(s, "Niemand is verplaatst.\n");
        return;
    }
    let _ = writeln!(s, "| huishouden | was | nu | waarom |");
    let _ = writeln!(s, "|---|---|---|---|");
    for m in &v.verplaatst {
        let nu = m
            .naar
            .map_or_else(|| "niet gekoppeld".to_string(), |g| gemeente(inst, g));
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            cel(inst.huishouden(m.huishouden).id.as_str()),
            cel(&gemeente(inst, m.van)),
            cel(&nu),
            cel(&reden(inst, m, v.bewezen, v.max_gemeten))
        );
    }
    let _ = writeln!(s);
    if v.niet_gemeten > 0 && v.max_gemeten == 0 {
        let _ = writeln!(
            s,
            "Voor {} is niet gemeten wat houden kost: deze run meet dat niet.\n",
            huishoudens(v.niet_gemeten)
        );
    } else if v.niet_gemeten > 0 {
        let _ = writeln!(
            s,
            "Voor {} is niet gemeten wat houden kost: elke meting lost het hele probleem opnieuw op, dus alleen de eerste {} (op huishouden_id) zijn gemeten.\n",
            huishoudens(v.niet_gemeten),
            v.max_gemeten
        );
    }
}
