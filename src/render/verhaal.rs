//! The story of one household for `kansrijk explain`, in Dutch, as a klantmanager reads it:
//! where it was coupled and why, the score component by component with what each rests on, and
//! the best alternatives with why not and what each costs, measured. Markdown that reads as
//! plain text in a terminal; the same text goes to stdout and to `--markdown FILE`.

use std::fmt::Write;

use super::tekst::{
    beroepen, getal, meervoud, opsomming, personen, personen_getal, plaatsen, spanningsklasse,
    toelichting, van_de_planner, NIET_ECHT, VOORBEELD,
};
use super::tekst::{cel, code, md};
use crate::explain::alternatief::WaaromNiet;
use crate::explain::kosten::{Kosten, Meting};
use crate::explain::uitsplitsing::{Factor, Ligging, Onderdeel};
use crate::explain::verhaal::{AlternatiefVerhaal, Verhaal};
use crate::model::{Beroepsklasse, GemeenteIdx, HuishoudenIdx, Opleidingsniveau};
use crate::score::{onderwijs, Componenten};
use crate::solve::Status;

/// Below this a measured drop counts as none (scores have 4 decimals).
const GEEN_DALING: f64 = 5e-5;

/// The whole story of `v`.
pub fn verhaal(v: &Verhaal) -> String {
    let mut s = String::new();
    kop(&mut s, v);
    koppeling(&mut s, v);
    if let (Some(g), Some(delen)) = (v.koppeling.gemeente, &v.uitsplitsing) {
        score(&mut s, v, g, delen);
    }
    alternatieven(&mut s, v);
    s
}

/// Points with 2 decimals, as in the report.
fn punten(x: f64) -> String {
    getal(x, 2)
}

/// A gemeente's name, as it is (for a sentence that goes through [`cel`]).
fn naam(v: &Verhaal, g: GemeenteIdx) -> &str {
    &v.instance.gemeenten[g.idx()].naam
}

/// A gemeente's name as Markdown text ([`md`]).
fn naam_md(v: &Verhaal, g: GemeenteIdx) -> String {
    md(naam(v, g))
}

/// A gemeente as "Naam (GM0000, Regio)", as Markdown text.
fn gemeente_met_regio(v: &Verhaal, g: GemeenteIdx) -> String {
    let gem = &v.instance.gemeenten[g.idx()];
    format!(
        "{} ({}, {})",
        md(&gem.naam),
        gem.code,
        md(&v.instance.regios[gem.regio.idx()].naam)
    )
}

fn kop(s: &mut String, v: &Verhaal) {
    let hh = v.instance.huishouden(v.koppeling.huishouden);
    let run = &v.run;
    let _ = writeln!(s, "# Huishouden {}\n", md(hh.id.as_str()));
    let status = match run.status {
        Status::Optimaal if run.gap > 0.0 => format!(
            "bewezen optimaal tot op een gap van {}%",
            getal(run.gap * 100.0, 3)
        ),
        Status::Optimaal => "bewezen optimaal".to_string(),
        anders => format!(
            "niet bewezen optimaal (de solver {}; gap {}%)",
            super::tekst::stopte(anders).unwrap_or_default(),
            getal(run.gap * 100.0, 3)
        ),
    };
    let _ = writeln!(
        s,
        "Uit de run op {}: de koppeling is {status}, doelwaarde {}.",
        code(&run.bron),
        getal(run.doelwaarde, 4)
    );
    if run.voorbeeld {
        let _ = writeln!(s, "{VOORBEELD}");
    } else if run.niet_echt {
        let _ = writeln!(s, "{NIET_ECHT}");
    }
    s.push('\n');
}

fn koppeling(s: &mut String, v: &Verhaal) {
    let k = &v.koppeling;
    let hh = v.instance.huishouden(k.huishouden);
    let _ = writeln!(s, "## Koppeling\n");
    let n = hh.personen();
    let samenstelling = if n == 1 {
        personen(1)
    } else {
        format!(
            "{}, van wie {}",
            personen(i64::from(n)),
            meervoud(hh.volwassenen().count(), "volwassene", "volwassenen")
        )
    };
    match (k.gemeente, k.score) {
        (Some(g), Some(score)) => {
            let _ = writeln!(
                s,
                "Gekoppeld aan **{}** ({}) in arbeidsmarktregio {}, met score {}. Het huishouden telt {samenstelling}.\n",
                naam_md(v, g),
                v.instance.gemeenten[g.idx()].code,
                md(&v.instance.regio_van(g).naam),
                punten(score)
            );
        }
        _ => {
            let _ = writeln!(s, "Niet gekoppeld. Het huishouden telt {samenstelling}.\n");
        }
    }
    let _ = writeln!(
        s,
        "Reden: **{}**. {}\n",
        k.reden.as_str(),
        md(&toelichting(&v.instance, k))
    );
    uitgesloten_door_planner(s, v);
    uitgesloten_door_extern(s, v);
}

/// The gemeenten the external model forbids for the household (`toegestaan = 0` in
/// `scores_extern.csv`), in the order of the file.
fn uitgesloten_door_extern(s: &mut String, v: &Verhaal) {
    let hh = v.instance.huishouden(v.koppeling.huishouden);
    let mut verboden: Vec<_> = hh.extern_scores.iter().filter(|e| !e.toegestaan).collect();
    if verboden.is_empty() {
        return;
    }
    verboden.sort_by_key(|e| e.regel);
    let _ = writeln!(
        s,
        "Door het externe model uitgesloten (`scores_extern.csv`, `toegestaan` 0); daar kan het huishouden niet heen:\n"
    );
    for e in verboden {
        let _ = writeln!(
            s,
            "- {} (regel {})",
            gemeente_met_regio(v, e.gemeente),
            e.regel
        );
    }
    s.push('\n');
}

/// The gemeenten the planner ruled out for the household (`niet` in `vastzetten.csv`), each
/// with the planner's reason, in the order of the file.
fn uitgesloten_door_planner(s: &mut String, v: &Verhaal) {
    let hh = v.instance.huishouden(v.koppeling.huishouden);
    let mut niet: Vec<_> = hh.planner.niet.iter().collect();
    if niet.is_empty() {
        return;
    }
    niet.sort_by_key(|b| b.regel);
    let _ = writeln!(s, "Door de planner uitgesloten (`vastzetten.csv`):\n");
    for b in niet {
        let _ = writeln!(
            s,
            "- {}{}",
            gemeente_met_regio(v, b.gemeente),
            md(&van_de_planner(&b.toelichting))
        );
    }
    s.push('\n');
}

fn score(s: &mut String, v: &Verhaal, g: GemeenteIdx, delen: &[Onderdeel]) {
    let _ = writeln!(s, "## Score in {}\n", naam_md(v, g));
    let hoeveel = if delen.len() == 5 { "vijf" } else { "vier" };
    let _ = writeln!(
        s,
        "De score is de som van {hoeveel} componenten; per component waar de punten vandaan komen.\n"
    );
    let _ = writeln!(s, "| component | punten | waar het op rust |");
    let _ = writeln!(s, "|---|---:|---|");
    for d in delen {
        let _ = writeln!(
            s,
            "| {} | {} | {} |",
            d.component,
            punten(d.punten),
            cel(&onderdeel(v, g, d))
        );
    }
    let totaal: f64 = delen.iter().map(|d| d.punten).sum();
    let _ = writeln!(s, "| **totaal** | **{}** | |\n", punten(totaal));
}

/// What one component rests on, factor by factor.
fn onderdeel(v: &Verhaal, g: GemeenteIdx, d: &Onderdeel) -> String {
    if d.factoren.is_empty() {
        return match d.component {
            "werk" => "geen werkervaring of interesse opgegeven".to_string(),
            _ => format!(
                "geen volwassene jonger dan {} of hoog opgeleid",
                v.gewichten.onderwijs.jong_tot
            ),
        };
    }
    let teksten: Vec<String> = d.factoren.iter().map(|f| factor(v, g, f)).collect();
    teksten.join("; ")
}

/// A beroepsklasse as "beroepen in zorg en welzijn (beroepsklasse 10)".
fn klasse(k: Beroepsklasse) -> String {
    format!("{} (beroepsklasse {k})", beroepen(k))
}

/// A tension as "3,2 (krap)".
fn spanning(x: f64) -> String {
    format!("{} ({})", getal(x, 1), spanningsklasse(x))
}

fn niveau(n: Opleidingsniveau) -> &'static str {
    match n {
        Opleidingsniveau::Laag => "laag opgeleid",
        Opleidingsniveau::Middelbaar => "middelbaar opgeleid",
        Opleidingsniveau::Hoog => "hoog opgeleid",
    }
}

/// Points per counting member: "2,00 per volwassene × 3", or "2,00" when one member counts.
fn per_lid(per_lid: f64, leden: f64) -> String {
    if leden > 1.0 {
        format!("{} per volwassene × {}", punten(per_lid), getal(leden, 0))
    } else {
        punten(per_lid)
    }
}

/// One input of a component, in words, ending in its points.
fn factor(v: &Verhaal, g: GemeenteIdx, f: &Factor) -> String {
    let inst = &v.instance;
    let regio = &inst.regio_van(g).naam;
    match f {
        Factor::Ervaring {
            volwassene,
            beroepsklasse,
            jaren,
            spanning: sp,
            punten: p,
        } => format!(
            "volwassene {volwassene}: {}, {jaren} jaar ervaring, spanning in {regio} {}: {}",
            klasse(*beroepsklasse),
            spanning(*sp),
            punten(*p)
        ),
        Factor::Interesse {
            volwassene,
            klassen,
            punten: p,
        } => {
            let delen: Vec<String> = klassen
                .iter()
                .map(|&(k, sp)| format!("{} met spanning {}", klasse(k), spanning(sp)))
                .collect();
            format!(
                "volwassene {volwassene}: interesse in {} in {regio}: {}",
                opsomming(&delen),
                punten(*p)
            )
        }
        Factor::Onderwijs {
            volwassene,
            leeftijd,
            niveau: n,
            behoefte,
            punten: p,
        } => {
            let passend: Vec<&str> = onderwijs::passend(*n)
                .iter()
                .map(|(s, _)| s.as_str())
                .collect();
            let weegt = if *behoefte < 1.0 {
                format!(", weegt {} mee", getal(*behoefte, 2))
            } else {
                String::new()
            };
            format!(
                "volwassene {volwassene} ({leeftijd} jaar, {}{weegt}): passend onderwijs is {}, {regio} heeft {}: {}",
                niveau(*n),
                opsomming(&passend),
                super::tekst::aanbod(inst.regio_van(g)),
                punten(*p)
            )
        }
        Factor::Netwerk {
            netwerk_gemeente,
            ligging,
            per_lid: pl,
            leden,
            ..
        } => {
            let waar = netwerk_gemeente.map(|n| naam(v, n)).unwrap_or_default();
            match ligging {
                Ligging::Geen => "geen netwerkgemeente opgegeven".to_string(),
                Ligging::Hier => format!(
                    "familie of gemeenschap in {waar} zelf: {}",
                    per_lid(*pl, *leden)
                ),
                Ligging::InRegio => format!(
                    "familie of gemeenschap in {waar}, in dezelfde arbeidsmarktregio: {}",
                    per_lid(*pl, *leden)
                ),
                Ligging::Elders => format!(
                    "familie of gemeenschap in {waar}, in een andere arbeidsmarktregio: telt hier niet"
                ),
            }
        }
        Factor::Regiobinding {
            azc,
            zelfde_regio,
            per_lid: pl,
            leden,
            ..
        } => {
            if *zelfde_regio {
                format!(
                    "AZC in {}, in dezelfde arbeidsmarktregio: {}",
                    naam(v, *azc),
                    per_lid(*pl, *leden)
                )
            } else {
                format!(
                    "AZC in {}, in een andere arbeidsmarktregio ({}): telt hier niet",
                    naam(v, *azc),
                    inst.regio_van(*azc).naam
                )
            }
        }
        Factor::Extern {
            score: Some(x),
            regel,
            gewicht,
            punten: p,
        } => format!(
            "score {} van het externe model{} × gewicht {}: {}",
            getal(*x, 4),
            regel
                .map(|r| format!(" (regel {r} van scores_extern.csv)"))
                .unwrap_or_default(),
            getal(*gewicht, 2),
            punten(*p)
        ),
        Factor::Extern { score: None, .. } => {
            "het externe model geeft hier geen score (niet in scores_extern.csv): telt 0"
                .to_string()
        }
    }
}

/// A number of alternatives in words.
fn aantal(n: usize) -> String {
    match n {
        2 => "twee".to_string(),
        3 => "drie".to_string(),
        n => n.to_string(),
    }
}

fn alternatieven(s: &mut String, v: &Verhaal) {
    let _ = writeln!(s, "## Alternatieven\n");
    let n = v.alternatieven.len();
    let welke_tellen = if v.instance.scores_extern {
        "Alleen gemeenten die dit huishouden kunnen opnemen tellen mee: toegestaan (filters, vaste koppeling, besluiten van de planner, het externe model) en met genoeg plaatsen naast de vaste koppelingen"
    } else {
        "Alleen gemeenten die dit huishouden kunnen opnemen tellen mee: toegestaan (filters, vaste koppeling, besluiten van de planner) en met genoeg plaatsen naast de vaste koppelingen"
    };
    let behalve = if v.instance.scores_extern {
        "behalve in de netwerkgemeente en waar het externe model (`scores_extern.csv`) een score geeft"
    } else {
        "behalve in de netwerkgemeente"
    };
    let hh = v.instance.huishouden(v.koppeling.huishouden);
    if let (0, Some(g)) = (n, hh.vaste_gemeente()) {
        let door = if hh.planner.vast.is_some() {
            "door de planner (`vastzetten.csv`)"
        } else {
            "met `vaste_gemeente_code`"
        };
        let _ = writeln!(
            s,
            "Het huishouden is {door} vastgezet in {}: geen andere gemeente kan het opnemen, dus er is niets om mee te vergelijken.",
            naam(v, g)
        );
        return;
    }
    if n == 0 {
        let _ = writeln!(
            s,
            "Er is geen andere gemeente om mee te vergelijken. {welke_tellen}, één per arbeidsmarktregio, en in de eigen regio alleen een gemeente met een hogere score."
        );
        return;
    }
    let andere = if v.koppeling.gemeente.is_some() {
        " andere"
    } else {
        ""
    };
    let welke = if n == 1 {
        format!("De{andere} gemeente met de hoogste score")
    } else {
        format!("De {}{andere} gemeenten met de hoogste score", aantal(n))
    };
    let _ = writeln!(
        s,
        "{welke} voor dit huishouden, één per arbeidsmarktregio: binnen een regio is de score overal gelijk, {behalve}. {welke_tellen}. De kosten zijn gemeten door opnieuw op te lossen met het huishouden daar vastgezet: zoveel daalt de doelwaarde van de hele koppeling.\n"
    );
    for (i, a) in v.alternatieven.iter().enumerate() {
        alternatief(s, v, i + 1, a);
    }
}

/// The components of a score in one line: "werk 6,79, onderwijs 0,00, ...".
fn componenten(c: &Componenten) -> String {
    let delen: Vec<String> = c
        .delen()
        .into_iter()
        .map(|(n, x)| format!("{n} {}", punten(x)))
        .collect();
    delen.join(", ")
}

fn alternatief(s: &mut String, v: &Verhaal, nr: usize, a: &AlternatiefVerhaal) {
    let g = a.alternatief.gemeente;
    let _ = writeln!(
        s,
        "{nr}. **{}**: score {} ({}).",
        gemeente_met_regio(v, g),
        punten(a.alternatief.score),
        componenten(&a.componenten)
    );
    let _ = writeln!(
        s,
        "   - Waarom niet: {}",
        waarom_niet(v, &a.alternatief.waarom_niet, g)
    );
    let _ = writeln!(s, "   - Kosten: {}", kosten(v, &a.kosten));
}

/// Why the household did not go to alternative `g`, in sentences.
fn waarom_niet(v: &Verhaal, w: &WaaromNiet, g: GemeenteIdx) -> String {
    let hier = v
        .koppeling
        .gemeente
        .map(|k| naam_md(v, k))
        .unwrap_or_default();
    match w {
        WaaromNiet::Capaciteit {
            ruimte,
            cap,
            vaste_personen,
            voorrang,
        } => capaciteit(v, g, *ruimte, *cap, *vaste_personen, voorrang),
        WaaromNiet::LagereScore { verschil } if *verschil < GEEN_DALING => format!(
            "**lagere score**. Er was ruimte, maar de score is niet hoger dan in {hier} (gelijk)."
        ),
        WaaromNiet::LagereScore { verschil } => format!(
            "**lagere score**. Er was ruimte, maar de score is {} punten lager dan in {hier}.",
            punten(*verschil)
        ),
        WaaromNiet::Taakstelling { verschil, tekort } => format!(
            "**taakstelling**. Er was ruimte en de score is {} punten hoger, maar dan komt {hier} {} verder onder het evenredige doel van haar taakstelling, en de boete op dat tekort weegt zwaarder dan de winst in score.",
            punten(*verschil),
            personen_getal(*tekort, 2)
        ),
        WaaromNiet::NietGevonden => "**niet gevonden**. Er was ruimte en de score is hoger; de solver stopte op de tijdslimiet voordat hij deze koppeling vond.".to_string(),
    }
}

/// Why-not `capaciteit` in sentences: the room left against the household's persons, who took
/// the places, and whom the gemeente serves better.
fn capaciteit(
    v: &Verhaal,
    g: GemeenteIdx,
    ruimte: i64,
    cap: i64,
    vaste_personen: i64,
    voorrang: &[HuishoudenIdx],
) -> String {
    let inst = &v.instance;
    let n = i64::from(inst.huishouden(v.koppeling.huishouden).personen());
    let personen = personen(n);
    let plaatsen = |n: i64| plaatsen(n.max(0));
    let mut zin = format!("**capaciteit**. {} ", naam_md(v, g));
    if ruimte <= 0 {
        zin += &format!("was vol; dit huishouden telt {personen}.");
    } else {
        zin += &format!(
            "had nog {} over; dit huishouden telt {personen}.",
            plaatsen(ruimte)
        );
    }
    if vaste_personen == 1 {
        zin += " 1 plaats gaat naar een huishouden met een vaste koppeling.";
    } else if vaste_personen > 1 {
        zin += &format!(
            " {} gaan naar huishoudens met een vaste koppeling.",
            plaatsen(vaste_personen)
        );
    }
    let vrij = cap - ruimte - vaste_personen;
    if !voorrang.is_empty() {
        let ids: Vec<String> = voorrang
            .iter()
            .map(|&h| md(inst.huishouden(h).id.as_str()))
            .collect();
        let (wie, scoort) = if ids.len() == 1 {
            ("huishouden", "dat daar hoger scoort")
        } else {
            ("huishoudens", "die daar hoger scoren")
        };
        zin += &format!(
            " De plaatsen gingen onder meer naar {wie} {}, {scoort} dan in elke andere gemeente met ruimte.",
            opsomming(&ids)
        );
    } else if vrij == 1 {
        zin += " De bezette plaats ging naar een huishouden dat elders met ruimte even hoog of hoger scoort.";
    } else if vrij > 1 {
        zin += &format!(
            " De {vrij} bezette plaatsen gingen naar huishoudens die elders met ruimte even hoog of hoger scoren."
        );
    }
    zin
}

/// What alternative `g` costs, in a sentence.
fn kosten(v: &Verhaal, k: &Kosten) -> String {
    match k {
        Kosten::NietToegestaan => {
            "niet te meten: geen toegestane koppeling zet het huishouden daar.".to_string()
        }
        Kosten::GeenPlaats { .. } => {
            "niet te meten: ook als geen ander huishouden er kwam, past dit huishouden er niet."
                .to_string()
        }
        Kosten::Gemeten(m) => gemeten(v, m),
    }
}

/// A measured cost: the drop in the objective and, when a solve was proven only to within a gap
/// or stopped at its time limit, the range the true cost lies in.
fn gemeten(v: &Verhaal, m: &Meting) -> String {
    let hoe = "gemeten door opnieuw op te lossen";
    let van_naar = format!(
        "van {} naar {}",
        getal(v.run.doelwaarde, 4),
        getal(m.doelwaarde, 4)
    );
    if m.exact() {
        if m.daling < GEEN_DALING {
            return format!(
                "geen: er is een even goede koppeling met het huishouden daar ({hoe}, bewezen optimaal)."
            );
        }
        return format!(
            "de doelwaarde van de hele koppeling daalt met {} punten, {van_naar} ({hoe}, bewezen optimaal).",
            punten(m.daling)
        );
    }
    // a re-solve may end above a run that was proven only within its gap: no drop then
    let (verandering, want) = if m.daling >= 0.0 {
        (
            format!(
                "de doelwaarde van de hele koppeling daalt met {} punten, {van_naar}",
                punten(m.daling)
            ),
            "Niet exact, want",
        )
    } else {
        (
            format!(
                "de herberekening vindt met het huishouden daar zelfs een koppeling die {} punten meer waard is, {van_naar}",
                punten(-m.daling)
            ),
            "Dat kan, want",
        )
    };
    let procent = |gap: f64| format!("{}%", getal(gap * 100.0, 3));
    let mut waarom = Vec::new();
    if let Some(reden) = super::tekst::stopte(v.run.status) {
        waarom.push(format!("de run {reden} (gap {})", procent(v.run.gap)));
    } else if v.run.gap > 0.0 {
        waarom.push(format!(
            "de run is bewezen optimaal tot op een gap van {}",
            procent(v.run.gap)
        ));
    }
    if let Some(reden) = super::tekst::stopte(m.status) {
        waarom.push(format!("de herberekening {reden} (gap {})", procent(m.gap)));
    } else if m.gap > 0.0 {
        waarom.push(format!(
            "de herberekening tot op een gap van {}",
            procent(m.gap)
        ));
    }
    if waarom.is_empty() {
        waarom.push("de solver rekent met een kleine tolerantie".to_string());
    }
    format!(
        "{verandering} ({hoe}). {want} {}: de werkelijke daling ligt tussen {} en {} punten.",
        opsomming(&waarom),
        punten(m.daling_minstens),
        punten(m.daling_hooguit)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explain::verhaal::Run;
    use crate::explain::{Grond, Koppeling, Reden};
    use crate::model::Gewichten;
    use crate::model::Opleidingsniveau::Laag;
    use crate::model::RegioIdx;
    use crate::score::testdata::*;

    fn verhaal(status: Status, gap: f64) -> Verhaal {
        Verhaal {
            instance: instance(vec![huishouden(vec![persoon(30, Laag, None, 0)])]),
            gewichten: Gewichten::default(),
            run: Run {
                bron: "x".into(),
                voorbeeld: false,
                niet_echt: false,
                status,
                doelwaarde: 100.0,
                gap,
            },
            koppeling: Koppeling {
                huishouden: HuishoudenIdx::new(0),
                gemeente: Some(GemeenteIdx::new(2)),
                score: Some(2.0),
                componenten: None,
                reden: Reden::Regiobinding,
                grond: Grond::Regiobinding {
                    azc: GemeenteIdx::new(3),
                    regio: RegioIdx::new(1),
                },
                beste: None,
                alternatieven: vec![],
            },
            uitsplitsing: None,
            alternatieven: vec![],
        }
    }

    fn meting(status: Status, doelwaarde: f64, grens: f64, run_grens: f64) -> Meting {
        Meting {
            doelwaarde,
            grens,
            status,
            gap: (grens - doelwaarde) / doelwaarde,
            daling: 100.0 - doelwaarde,
            daling_minstens: (100.0 - grens).max(0.0),
            daling_hooguit: run_grens - doelwaarde,
        }
    }

    #[test]
    fn exact_costs_say_measured_and_proven() {
        let v = verhaal(Status::Optimaal, 0.0);
        let t = gemeten(&v, &meting(Status::Optimaal, 97.5, 97.5, 100.0));
        assert_eq!(t, "de doelwaarde van de hele koppeling daalt met 2,50 punten, van 100,0000 naar 97,5000 (gemeten door opnieuw op te lossen, bewezen optimaal).");
        let t = gemeten(&v, &meting(Status::Optimaal, 100.0, 100.0, 100.0));
        assert!(t.starts_with("geen: er is een even goede koppeling"), "{t}");
    }

    #[test]
    fn costs_of_unproven_solves_say_so_with_the_range() {
        let v = verhaal(Status::Optimaal, 0.01);
        let t = gemeten(&v, &meting(Status::Tijdslimiet, 95.0, 99.0, 101.0));
        assert!(t.contains("daalt met 5,00 punten"), "{t}");
        assert!(t.contains("Niet exact, want de run is bewezen optimaal tot op een gap van 1,000% en de herberekening stopte op de tijdslimiet"), "{t}");
        assert!(
            t.ends_with("de werkelijke daling ligt tussen 1,00 en 6,00 punten."),
            "{t}"
        );
        // a re-solve better than the run: no drop claimed, the range starts at 0
        let t = gemeten(&v, &meting(Status::Optimaal, 100.5, 100.6, 101.0));
        assert!(
            t.starts_with("de herberekening vindt met het huishouden daar zelfs een koppeling die 0,50 punten meer waard is, van 100,0000 naar 100,5000 (gemeten door opnieuw op te lossen). Dat kan, want de run is bewezen optimaal tot op een gap van ")
                && t.ends_with("de werkelijke daling ligt tussen 0,00 en 0,50 punten."),
            "{t}"
        );
    }
}
