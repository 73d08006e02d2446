//! The head of the report and its first screen, "In het kort": plain words, no solver terms.

use std::fmt::Write;

use super::cijfers::*;
use crate::explain::Reden;
use crate::render::tekst::{
    code, gemeenten, getal, huishoudens, meervoud, opsomming, personen, personen_getal, NIET_ECHT,
    VOORBEELD,
};
use crate::solve::Status;
use crate::uitkomst::Uitkomst;

pub(super) fn kop(s: &mut String, u: &Uitkomst) {
    let inst = &u.instance;
    if u.voorbeeld {
        let _ = writeln!(
            s,
            "# Kansrijke koppeling: rapport van het ingebouwde voorbeeld (verzonnen huishoudens)\n"
        );
    } else {
        let _ = writeln!(s, "# Kansrijke koppeling: rapport\n");
    }
    if u.voorbeeld {
        let _ = writeln!(s, "> **{VOORBEELD}**\n");
    } else if u.herkomst.niet_echt() {
        let _ = writeln!(s, "> **{NIET_ECHT}** Zie \"Herkomst van de invoer\".\n");
    }
    let _ = writeln!(
        s,
        "Invoer: {}, met {} ({}) en {} in {}.\n",
        code(&u.bron),
        huishoudens(inst.huishoudens.len()),
        personen(inst.personen() as i64),
        gemeenten(inst.gemeenten.len()),
        regios(inst.regios.len())
    );
}

pub(super) fn in_het_kort(s: &mut String, u: &Uitkomst, c: &Cijfers) {
    let inst = &u.instance;
    let o = &u.oplossing;
    let _ = writeln!(s, "## In het kort\n");

    // where they went
    let naar = format!(
        "aan {} in {}",
        gemeenten(c.ontvangende_gemeenten),
        regios(c.ontvangende_regios)
    );
    let waarheen = if o.ongekoppeld == 0 {
        let alle = if c.gekoppeld == 1 { "Het" } else { "Alle" };
        format!(
            "{alle} {} ({}) {} gekoppeld {naar}.",
            huishoudens(c.gekoppeld),
            personen(c.gekoppeld_personen),
            if c.gekoppeld == 1 { "is" } else { "zijn" }
        )
    } else {
        format!(
            "{} van de {} ({}) {} gekoppeld {naar}. {} ({}) {} niet gekoppeld: zie \"Huishoudens om na te kijken\".",
            c.gekoppeld,
            huishoudens(inst.huishoudens.len()),
            personen(c.gekoppeld_personen),
            if c.gekoppeld == 1 { "is" } else { "zijn" },
            huishoudens(o.ongekoppeld),
            personen(c.ongekoppeld_personen),
            if o.ongekoppeld == 1 { "blijft" } else { "blijven" }
        )
    };
    let _ = writeln!(s, "- **Waarheen.** {waarheen}");

    // how well they fit
    let gemiddeld = |score: f64, ongekoppeld: usize| {
        let n = inst.huishoudens.len() - ongekoppeld;
        if n > 0 {
            getal(score / n as f64, 2)
        } else {
            "-".to_string()
        }
    };
    if let Some(opt) = u.vergelijking.first() {
        let mut zin = format!(
            "{} van de huishoudens zonder vaste koppeling komt in een van hun eigen drie beste arbeidsmarktregio's; de gemiddelde score is {}",
            procent(opt.aandeel_top3),
            gemiddeld(o.totale_score, o.ongekoppeld)
        );
        if let Some(praktijk) = u.vergelijking.iter().find(|v| v.naam == "quota-first") {
            zin += &format!(
                " (bij koppelen zoals in de praktijk: {} en {})",
                procent(praktijk.aandeel_top3),
                gemiddeld(praktijk.totale_score, praktijk.ongekoppeld)
            );
        }
        let telt = if u.instance.scores_extern {
            format!("werkkansen, onderwijs, netwerk, het blijven in de regio van het AZC en de score van het externe model (`scores_extern.csv`, gewicht {})", crate::render::tekst::getal(u.gewichten.extern_gewicht(), 2))
        } else {
            "werkkansen, onderwijs, netwerk en het blijven in de regio van het AZC".to_string()
        };
        let _ = writeln!(
            s,
            "- **Hoe goed het past.** {zin}. De score telt {telt} op: hoe hoger, hoe kansrijker."
        );
    }

    // the quotas
    let mut taak = format!(
        "Er {} {} geplaatst, tegenover een resterende taakstelling van {} in {}.",
        if c.gekoppeld_personen == 1 {
            "is"
        } else {
            "zijn"
        },
        personen(c.gekoppeld_personen),
        personen(c.rest),
        gemeenten(c.gemeenten_met_rest)
    );
    let (n, p) = c.onder;
    if n == 0 {
        taak += " Elke gemeente haalt haar resterende taakstelling.";
    } else {
        taak += &format!(
            " {} {} daarna onder {} resterende taakstelling, samen {} (kolom `verschil` in `taakstelling.csv`).",
            gemeenten(n),
            if n == 1 { "blijft" } else { "blijven" },
            if n == 1 { "haar" } else { "hun" },
            personen(p)
        );
    }
    let (n, p) = c.boven;
    if n > 0 {
        taak += &format!(
            " {} {} meer dan {}, samen {}.",
            gemeenten(n),
            if n == 1 { "krijgt" } else { "krijgen" },
            if n == 1 {
                "haar resterende taakstelling"
            } else {
                "hun resterende taakstelling"
            },
            personen(p)
        );
    }
    let _ = writeln!(s, "- **Taakstelling.** {taak}");
    let (n, t) = c.tekort;
    let tekort = if n == 0 {
        "elke gemeente krijgt minstens dat deel".to_string()
    } else {
        format!(
            "{} {} minder dan dat deel, samen {} (kolom `tekort`)",
            gemeenten(n),
            if n == 1 { "krijgt" } else { "krijgen" },
            personen_getal(t, 2)
        )
    };
    let _ = writeln!(s, "- **Tekort bij het koppelen.** Het koppelen weegt een ander tekort mee: elke gemeente hoort een evenredig deel van deze {} te krijgen, naar verhouding van haar resterende taakstelling; {tekort}. Omdat zo'n deel meestal geen heel getal is, is dit tekort dat ook niet.", personen(inst.personen() as i64));

    // what the quotas cost
    let q = &u.quotaprijs;
    let _ = writeln!(s, "- **Wat de taakstelling kost.** {} punten score ({}): zoveel hoger zou de totale score van de huishoudens zonder vaste koppeling zijn als elk naar de eigen beste toegestane gemeente kon gaan, ook waar geen ruimte is ({} in plaats van {}).", getal(q.prijs(), 2), procent(quota_aandeel(u)), getal(q.zonder, 2), getal(q.met, 2));
    if let Some(g) = &u.spreidingsgrens {
        let _ = writeln!(s, "- **Spreidingsgrens.** Op verzoek krijgt elke regio huishoudens met samen een gemiddelde score van minstens {}; dat kost {} punten score (zie \"Spreiding\").", getal(g.vloer, 2), getal(g.kosten, 2));
    }

    // reasons and what to look at
    let telling = redentelling(u);
    let redenen: Vec<String> = telling
        .iter()
        .map(|(r, n)| format!("{} {n}", r.as_str()))
        .collect();
    let aantal = |r: Reden| telling.iter().find(|(t, _)| *t == r).map_or(0, |&(_, n)| n);
    let mut kijken = Vec::new();
    let n = aantal(Reden::Ongekoppeld);
    if n > 0 {
        kijken.push(meervoud(
            n,
            "niet gekoppeld huishouden",
            "niet gekoppelde huishoudens",
        ));
    }
    let n = aantal(Reden::Taakstelling);
    if n > 0 {
        kijken.push(format!(
            "{} om de taakstelling te vullen",
            meervoud(n, "koppeling", "koppelingen")
        ));
    }
    let n = aantal(Reden::Vast);
    if n > 0 {
        kijken.push(meervoud(n, "vaste koppeling", "vaste koppelingen"));
    }
    let n = aantal(Reden::Planner);
    if n > 0 {
        kijken.push(meervoud(
            n,
            "koppeling vastgezet door de planner",
            "koppelingen vastgezet door de planner",
        ));
    }
    let kijken = if kijken.is_empty() {
        String::new()
    } else {
        format!(
            " Na te kijken: {} (zie \"Huishoudens om na te kijken\").",
            opsomming(&kijken)
        )
    };
    let _ = writeln!(
        s,
        "- **Waarom daar.** De redenen: {} (uitleg onder \"Redenen\").{kijken}",
        redenen.join(", ")
    );

    // proven or not
    let na = if o.gap > 1e-9 {
        format!(", op hooguit {} na", gap_procent(o.gap))
    } else {
        String::new()
    };
    let bewijs = match (&u.prognose, o.status) {
        (Some(p), _) => format!("Deze koppeling is met opzet niet de beste voor deze week alleen: ze is gemaakt zoals `kansrijk simulate` het beleid `vooruitziend` speelt, en houdt plaatsen vrij voor de weken die nog komen (zie \"Prognose\"). Het eigen optimum van deze week is {} waard ({}); deze koppeling {}, {} punten minder.", getal(p.optimum.doelwaarde, 2), crate::render::tekst::status(p.optimum.status), getal(o.doelwaarde, 2), getal(p.opgegeven(o.doelwaarde), 2)),
        (None, Status::Optimaal) => format!("De koppeling is bewezen de beste{na}: geen andere koppeling binnen dezelfde regels haalt meer score na aftrek van de boetes op tekort en op niet gekoppelde huishoudens."),
        (None, anders) => format!("De koppeling is niet bewezen de beste: de solver {}. Een betere koppeling is hooguit {} beter.", crate::render::tekst::stopte(anders).unwrap_or_default(), gap_procent(o.gap)),
    };
    let _ = writeln!(
        s,
        "- **Bewijs.** {bewijs} De cijfers staan onder \"Technische verantwoording\"."
    );
    if gretige_koppeling(u) {
        let vloer = if u.probleem.regio_vloer.is_some() {
            "; daarna is in elke regio onder de spreidingsgrens het huishouden met de laagste score niet gekoppeld, tot de regio de grens haalt"
        } else {
            ""
        };
        let _ = writeln!(s, "- **Let op:** de rekentijd was op voordat er een betere koppeling was. Dit is een eenvoudige koppeling: de grootste huishoudens eerst, elk naar de toegestane gemeente met ruimte en de hoogste score{vloer}.");
    }
    s.push('\n');
}
