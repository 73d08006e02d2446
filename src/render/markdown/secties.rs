//! The middle sections: the reasons, the comparison with practice, the price of the quotas,
//! the spread, the findings, per region and per gemeente, and the provenance of the input.

use std::fmt::Write;

use super::cijfers::*;
use crate::explain::Reden;
use crate::render::tekst::{
    bevinding, cel, code, gelezen_als, getal, huishoudens, md, personen, NIET_ECHT,
};
use crate::uitkomst::Uitkomst;

/// What a reason means, for the legend.
pub(super) fn betekenis(r: Reden) -> &'static str {
    match r {
        Reden::Werk => "werkkansen: veel vraag in de regio naar het beroep (of de interesse) van een volwassene",
        Reden::Onderwijs => "passend onderwijs in de regio voor jongvolwassenen of hoogopgeleiden",
        Reden::Netwerk => "familie of gemeenschap woont in de gemeente of in dezelfde regio",
        Reden::Regiobinding => "blijft in de arbeidsmarktregio van het huidige AZC, zodat begonnen trajecten doorlopen",
        Reden::Extern => "de score van het externe model (`scores_extern.csv`) is hier duidelijk hoger dan gemiddeld",
        Reden::Taakstelling => "vult de taakstelling van de gemeente: de beste plek had geen ruimte meer",
        Reden::Vast => "vaste gemeente (`vaste_gemeente_code`): daar woont het gezin al, of is werk of studie al gevonden",
        Reden::Planner => "door de planner vastgezet in `vastzetten.csv`, om de reden die de planner opgaf (zie \"Besluiten van de planner\")",
        Reden::Zorg => "zorg van een academisch ziekenhuis nodig: de beste plek in een regio die dat heeft",
        Reden::Ongekoppeld => "past in geen toegestane gemeente, of de ruimte ging naar huishoudens voor wie een koppeling meer oplevert",
    }
}

pub(super) fn redenen(s: &mut String, u: &Uitkomst) {
    let _ = writeln!(s, "## Redenen\n");
    let _ = writeln!(s, "Elke koppeling heeft één reden: wat de plek voor dit huishouden het meest kansrijk maakt. De zin per huishouden staat in `koppelingen.csv` (kolom `toelichting`).\n");
    let _ = writeln!(s, "| reden | huishoudens | betekenis |");
    let _ = writeln!(s, "|---|---:|---|");
    for (r, n) in redentelling(u) {
        let _ = writeln!(s, "| {} | {n} | {} |", r.as_str(), betekenis(r));
    }
    s.push('\n');
}

/// Distinct `bron` values listed per file; more are counted, and all are in `rapport.json`.
pub(super) const BRONNEN_PER_BESTAND: usize = 3;

pub(super) fn rijen(n: usize) -> String {
    if n == 1 {
        "1 rij".to_string()
    } else {
        format!("{n} rijen")
    }
}

pub(super) fn bron_tekst(bron: &str) -> String {
    if bron.is_empty() {
        "geen bron vermeld".to_string()
    } else {
        cel(bron)
    }
}

/// A difference `x` with 2 decimals, its unit and the word for up or down: "3,10 punten
/// hoger", "2,00 personen kleiner", "gelijk".
pub(super) fn hoger_lager(x: f64, eenheid: &str, hoger: &str, lager: &str) -> String {
    if x.abs() < 0.005 {
        "gelijk".to_string()
    } else if x > 0.0 {
        format!("{} {eenheid} {hoger}", getal(x, 2))
    } else {
        format!("{} {eenheid} {lager}", getal(-x, 2))
    }
}

pub(super) fn vergelijking(s: &mut String, u: &Uitkomst) {
    let n = u.instance.huishoudens.len();
    let _ = writeln!(s, "## Vergelijking met de praktijk\n");
    let _ = writeln!(s, "Dezelfde invoer, drie manieren van koppelen. *Quota eerst* doet wat de praktijk doet: huishoudens in volgorde van vergunning, elk naar de gemeente met het grootste deel van haar taakstelling nog open, zonder naar de score te kijken. *Gretig*: in dezelfde volgorde, elk naar de eigen beste gemeente met ruimte. \"In eigen top-3 regio\" is het aandeel van de huishoudens zonder vaste koppeling dat in een van hun eigen drie beste arbeidsmarktregio's komt.\n");
    let _ = writeln!(s, "| koppeling | totale score | gemiddelde score | in eigen top-3 regio | niet gekoppeld | tekort (personen) |");
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|");
    for v in &u.vergelijking {
        let naam = match v.naam {
            "optimum" => "optimum (kansrijk)".to_string(),
            "vooruitziend" => "vooruitziend (kansrijk, `--prognose`)".to_string(),
            "quota-first" => format!("{} (praktijk)", basislijn_naam(v.naam)),
            _ => basislijn_naam(v.naam).to_string(),
        };
        let gekoppeld = n - v.ongekoppeld;
        let gem = if gekoppeld > 0 {
            getal(v.totale_score / gekoppeld as f64, 2)
        } else {
            "-".to_string()
        };
        let _ = writeln!(
            s,
            "| {naam} | {} | {gem} | {} | {} | {} |",
            getal(v.totale_score, 2),
            procent(v.aandeel_top3),
            v.ongekoppeld,
            getal(v.tekort_personen, 2)
        );
    }
    if let [opt, rest @ ..] = &u.vergelijking[..] {
        let wie = de_koppeling(opt.naam);
        let delen: Vec<String> = rest
            .iter()
            .map(|b| {
                let score =
                    hoger_lager(opt.totale_score - b.totale_score, "punten", "hoger", "lager");
                let tekort = hoger_lager(
                    opt.tekort_personen - b.tekort_personen,
                    "personen",
                    "groter",
                    "kleiner",
                );
                let naam = basislijn_naam(b.naam);
                if score == "gelijk" && tekort == "gelijk" {
                    format!("tegenover {naam} zijn de totale score en het tekort gelijk")
                } else {
                    format!("tegenover {naam} is de totale score van {wie} {score} en het tekort {tekort}")
                }
            })
            .collect();
        if !delen.is_empty() {
            let _ = writeln!(
                s,
                "\n{}.",
                crate::render::tekst::hoofdletter(&delen.join("; "))
            );
        }
    }
    s.push('\n');
}

pub(super) fn quotaprijs(s: &mut String, u: &Uitkomst) {
    let q = &u.quotaprijs;
    let _ = writeln!(s, "## Wat de taakstelling kost\n");
    let _ = writeln!(s, "Zonder taakstelling (elk huishouden zonder vaste koppeling naar de eigen beste toegestane gemeente, ruimte of niet) zou de totale score van die huishoudens {} zijn; in deze koppeling is die {}. De taakstelling kost dus {} punten ({}).", getal(q.zonder, 2), getal(q.met, 2), getal(q.prijs(), 2), procent(quota_aandeel(u)));
    if q.per_regio.is_empty() {
        s.push('\n');
        return;
    }
    let _ = writeln!(s, "\nPer regio waar de huishoudens terechtkwamen: hoeveel score zij daar samen minder hebben dan op hun beste plek.\n");
    let _ = writeln!(s, "| regio | naam | prijs |");
    let _ = writeln!(s, "|---|---|---:|");
    let mut regels = q.per_regio.clone();
    regels.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    for (r, v) in regels {
        let regio = u.instance.regio(r);
        let _ = writeln!(
            s,
            "| {} | {} | {} |",
            regio.code.as_str(),
            cel(&regio.naam),
            getal(v, 2)
        );
    }
    s.push('\n');
}

pub(super) fn spreiding(s: &mut String, u: &Uitkomst) {
    let rijen = [
        ("per gemeente", u.spreiding.per_gemeente),
        ("per regio", u.spreiding.per_regio),
    ];
    let _ = writeln!(s, "## Spreiding\n");
    let _ = writeln!(s, "De gemiddelde score die elke gemeente en elke regio ontvangt (alleen waar huishoudens komen), van laag naar hoog; een grote afstand tussen minimum en maximum betekent dat de beste kandidaten naar enkele plaatsen gaan.\n");
    let _ = writeln!(
        s,
        "| | aantal | minimum | 1e kwartiel | mediaan | 3e kwartiel | maximum |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|---:|");
    for (naam, k) in rijen {
        if let Some(k) = k {
            let _ = writeln!(
                s,
                "| {naam} | {} | {} | {} | {} | {} | {} |",
                k.n,
                getal(k.min, 2),
                getal(k.q1, 2),
                getal(k.mediaan, 2),
                getal(k.q3, 2),
                getal(k.max, 2)
            );
        }
    }
    spreidingsgrens(s, u);
    s.push('\n');
}

/// The spread bound, when asked for: its floor and what it cost.
pub(super) fn spreidingsgrens(s: &mut String, u: &Uitkomst) {
    let Some(g) = &u.spreidingsgrens else {
        return;
    };
    let laagste = |w: &crate::explain::spreiding::Grenswaarden| {
        w.laagste_regio.map_or("-".to_string(), |m| getal(m, 2))
    };
    let _ = writeln!(s, "
**Spreidingsgrens** (`--spreidingsgrens {}`). Elke regio krijgt huishoudens met samen een gemiddelde score van minstens {}% van het landelijke gemiddelde zonder grens ({}), dus minstens {} (vaste koppelingen tellen niet mee: daar was geen keuze). kansrijk koppelt twee keer, zonder en met de grens:\n", getal(g.fractie, 2), getal(100.0 * g.fractie, 0), getal(g.landelijk_gemiddelde, 2), getal(g.vloer, 2));
    let _ = writeln!(
        s,
        "| | totale score | laagste regiogemiddelde | niet gekoppeld | bewezen de beste |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---|");
    for (naam, w) in [("zonder grens", &g.zonder), ("met grens", &g.met)] {
        let _ = writeln!(
            s,
            "| {naam} | {} | {} | {} | {} |",
            getal(w.totale_score, 2),
            laagste(w),
            w.ongekoppeld,
            if w.optimaal { "ja" } else { "nee" }
        );
    }
    let voorbehoud = if g.met.optimaal && g.zonder.optimaal {
        ""
    } else {
        " (bij benadering: niet beide koppelingen zijn bewezen de beste)"
    };
    let _ = writeln!(s, "\nDe grens kost {} punten totale score{voorbehoud}. De koppelingen in dit rapport zijn die met de grens.", getal(g.kosten, 2));
}

pub(super) fn herkomst(s: &mut String, u: &Uitkomst) {
    let _ = writeln!(s, "## Herkomst van de invoer\n");
    if u.herkomst.niet_echt() {
        let _ = writeln!(s, "**{NIET_ECHT}**\n");
    }
    let _ = writeln!(
        s,
        "Wat de kolom `bron` van elk invoerbestand zegt, met het aantal rijen.\n"
    );
    for b in &u.herkomst.bronnen {
        match b.bronnen.as_slice() {
            [] => {
                let _ = writeln!(s, "- {}: geen rijen", code(&b.bestand));
            }
            [(bron, n)] => {
                let _ = writeln!(
                    s,
                    "- {} ({}): {}",
                    code(&b.bestand),
                    rijen(*n),
                    bron_tekst(bron)
                );
            }
            alle => {
                let _ = writeln!(
                    s,
                    "- {}: {} verschillende bronvermeldingen",
                    code(&b.bestand),
                    alle.len()
                );
                for (bron, n) in alle.iter().take(BRONNEN_PER_BESTAND) {
                    let _ = writeln!(s, "  - {} ({})", bron_tekst(bron), rijen(*n));
                }
                if alle.len() > BRONNEN_PER_BESTAND {
                    let rest = &alle[BRONNEN_PER_BESTAND..];
                    let _ = writeln!(
                        s,
                        "  - en {} andere ({}); alle staan in `rapport.json`",
                        rest.len(),
                        rijen(rest.iter().map(|(_, n)| n).sum())
                    );
                }
            }
        }
    }
    s.push('\n');
    let niet_gelezen: Vec<String> = u
        .herkomst
        .niet_gelezen()
        .map(|(bestand, kolom)| match kolom {
            Some(k) => format!("- {}: kolom {}", code(&bestand), code(&k)),
            None => format!("- {}: het hele bestand", code(&bestand)),
        })
        .collect();
    if !niet_gelezen.is_empty() {
        let _ = writeln!(
            s,
            "Niet gelezen (ook gemeld bij het laden): kansrijk kent deze kolommen en bestanden niet en heeft ze genegeerd. Is een naam verkeerd gespeld, dan telt wat erin staat niet mee.\n"
        );
        let _ = writeln!(s, "{}\n", niet_gelezen.join("\n"));
    }
    if !u.herkomst.meldingen.is_empty() {
        let _ = writeln!(s, "Andere tekencodering (ook gemeld bij het laden): deze bestanden zijn in hun geheel gelezen, maar hun tekst is omgezet. Kijk namen met accenten na.\n");
        for m in &u.herkomst.meldingen {
            let _ = writeln!(s, "- {}: {}", code(&m.bestand()), gelezen_als(m.codering));
        }
        s.push('\n');
    }
}

pub(super) fn bevindingen(s: &mut String, u: &Uitkomst) {
    if u.bevindingen.is_empty() {
        return;
    }
    let _ = writeln!(s, "## Bevindingen vooraf\n");
    let _ = writeln!(s, "Wat vóór het koppelen in de invoer opviel:\n");
    for b in &u.bevindingen {
        let _ = writeln!(s, "- {}", md(&bevinding(&u.instance, b)));
    }
    s.push('\n');
}

pub(super) fn per_regio(s: &mut String, u: &Uitkomst) {
    let inst = &u.instance;
    let per_gemeente = u.per_gemeente();
    let _ = writeln!(s, "## Per arbeidsmarktregio\n");
    let _ = writeln!(s, "In personen, behalve de huishoudens en de score.\n");
    let _ = writeln!(
        s,
        "| regio | naam | resterende taakstelling | geplaatst | huishoudens | gemiddelde score |"
    );
    let _ = writeln!(s, "|---|---|---:|---:|---:|---:|");
    for (r, regio) in inst.regio_indices().zip(&inst.regios) {
        let rs: Vec<_> = per_gemeente
            .iter()
            .filter(|g| inst.gemeente(g.gemeente).regio == r)
            .collect();
        let rest: i64 = rs.iter().map(|g| g.rest.max(0)).sum();
        let toegewezen: i64 = rs.iter().map(|g| g.toegewezen).sum();
        let huishoudens: usize = rs.iter().map(|g| g.huishoudens).sum();
        let som: f64 = rs
            .iter()
            .filter_map(|g| g.gemiddelde_score.map(|m| m * g.huishoudens as f64))
            .sum();
        let gem = if huishoudens > 0 {
            getal(som / huishoudens as f64, 2)
        } else {
            "-".into()
        };
        let _ = writeln!(
            s,
            "| {} | {} | {rest} | {toegewezen} | {huishoudens} | {gem} |",
            regio.code,
            cel(&regio.naam)
        );
    }
    s.push('\n');
}

pub(super) fn per_gemeente(s: &mut String, u: &Uitkomst, c: &Cijfers) {
    let inst = &u.instance;
    let _ = writeln!(s, "## Per gemeente\n");
    let _ = writeln!(s, "De gemeenten met een resterende taakstelling of met huishoudens in deze koppeling; alle gemeenten, ook met hun capaciteit, staan in `taakstelling.csv`. In personen, behalve de huishoudens en de score.\n");
    let _ = writeln!(s, "- *Resterende taakstelling*: taakstelling + achterstand - gerealiseerd (negatief: een voorsprong).");
    let _ = writeln!(s, "- *Verschil*: geplaatst - resterende taakstelling; negatief betekent dat de gemeente eronder blijft.");
    let _ = writeln!(s, "- *Evenredig deel*: het deel van de {} in deze koppeling naar verhouding van de resterende taakstelling (hooguit de capaciteit); *tekort*: hoeveel de gemeente onder dat deel blijft. De som van deze tekorten weegt mee bij het koppelen.\n", personen(inst.personen() as i64));
    let _ = writeln!(s, "| gemeente | naam | regio | resterende taakstelling | geplaatst | verschil | evenredig deel | tekort | huishoudens | gemiddelde score |");
    let _ = writeln!(s, "|---|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for r in c
        .per_gemeente
        .iter()
        .filter(|r| r.rest > 0 || r.toegewezen > 0)
    {
        let g = &inst.gemeenten[r.gemeente.idx()];
        let gem = r.gemiddelde_score.map_or("-".to_string(), |m| getal(m, 2));
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {gem} |",
            g.code,
            cel(&g.naam),
            inst.regio(g.regio).code,
            r.rest,
            r.toegewezen,
            r.verschil(),
            getal(r.doel, 2),
            tekort_cel(r.tekort()),
            r.huishoudens
        );
    }
    s.push('\n');
}

/// A gemeente's shortfall in the table: empty where there is none, so the short ones stand out.
pub(super) fn tekort_cel(t: f64) -> String {
    if t < 0.005 {
        String::new()
    } else {
        getal(t, 2)
    }
}

/// "Prognose" (`match --prognose`): how the koppeling was made, as `simulate`'s
/// `vooruitziend` makes it, and what it gives up of the week's own optimum for the weeks to
/// come.
pub(super) fn prognose(s: &mut String, u: &Uitkomst) {
    let Some(p) = &u.prognose else {
        return;
    };
    let o = &u.oplossing;
    let laatste = crate::simulatie::LAATSTE_WEEK;
    let _ = writeln!(s, "## Prognose\n");
    let _ = writeln!(s, "Deze week (week {}) is gekoppeld zoals `kansrijk simulate` het beleid `vooruitziend` speelt: samen met een schets van de weken die nog komen, getrokken uit de huishoudens die tot nu toe kwamen, in één keer opgelost; alleen de huishoudens van deze week houden de gemeente die ze daarin kregen. Met dezelfde huishoudens, taakstelling, opties en seed geeft de simulatie in deze week dezelfde koppeling.\n", p.week);
    let _ = writeln!(
        s,
        "- Eerdere weken (`--prognose {}`): {} van week 1 tot en met {}; met deze week samen {} gezien.",
        p.map,
        huishoudens(p.gezien - u.instance.huishoudens.len()),
        p.week.saturating_sub(1),
        huishoudens(p.gezien)
    );
    if p.week < laatste {
        let _ = writeln!(s, "- Verwacht in week {} tot en met {laatste}: {} (evenveel per week als tot nu toe); als schets getrokken: {}, uit de gezien huishoudens: elk even vaak of één keer vaker, geen vaker dan {} keer, in een volgorde vastgelegd door seed {}.", p.week + 1, huishoudens(p.verwacht), huishoudens(p.getrokken), crate::simulatie::KOPIEEN_MAX, p.seed);
        let _ = writeln!(s, "- Ruimte: wat elke gemeente nog heeft (resterende taakstelling plus marge, minstens 0), maal {}, naar boven afgerond: de schets is even krap als de rest van het halfjaar. Elk huishouden van deze week krijgt de beste plaats die de schets aan hem of aan een getrokken kopie van hem gaf; een huishouden van deze week dat in de schets geen plaats vindt, wordt daarna alleen gekoppeld op de echte ruimte die overblijft.", getal(p.schaal, 4));
    } else {
        let _ = writeln!(s, "- Week {laatste} is de laatste: er komt niets meer, dus er is niets getrokken en alleen deze week is opgelost, met de doelen hieronder.");
    }
    let _ = writeln!(s, "- Doel per gemeente: wat ze nog nodig heeft om het halfjaar te eindigen op haar deel van alle personen die dit halfjaar gehuisvest zijn of nog verwacht worden (naar verhouding van haar taakstelling plus achterstand), geschaald naar de personen die samen zijn opgelost; niet haar deel van de resterende taakstelling, zoals bij een week alleen. Zo tellen de doelen mee wat eerdere weken een gemeente meer of minder gaven dan haar deel.");
    let _ = writeln!(
        s,
        "- Eigen optimum van deze week, alleen opgelost: doelwaarde {}, grens {} ({}).",
        getal(p.optimum.doelwaarde, 4),
        getal(p.optimum.grens, 4),
        crate::render::tekst::status(p.optimum.status)
    );
    let _ = writeln!(
        s,
        "- Deze koppeling: doelwaarde {}, {} punten minder: wat deze week opgeeft voor de weken die nog komen.\n",
        getal(o.doelwaarde, 4),
        getal(p.opgegeven(o.doelwaarde), 4)
    );
}
