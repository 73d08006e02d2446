//! `rapport.md`: the human report in Dutch, for a COA planner or a klantmanager. The first
//! screen ("In het kort") says in plain words where the households went, how well they fit, how
//! the quotas were met and what the quotas cost; then the reasons, the comparison with
//! practice, per region and per gemeente, and only the households that need a look (the full
//! list is `koppelingen.csv`). Solver words and the proof close the report ("Technische
//! verantwoording"). No timings, so two runs give the same file.

use std::fmt::Write;

use super::formaat::Render;
use super::tekst::{
    bevinding, gemeenten, getal, huishoudens, meervoud, opsomming, personen, personen_getal,
    toelichting, NIET_ECHT, VOORBEELD,
};
use crate::explain::{Koppeling, Reden};
use crate::solve::{GrensDoor, KoppelingDoor, Status};
use crate::uitkomst::{GemeenteResultaat, Uitkomst};

pub struct RapportMd;

/// Markdown table cell: no pipes or line breaks inside.
pub(super) fn cel(s: &str) -> String {
    s.replace('|', "/").replace('\n', " ")
}

impl Render for RapportMd {
    fn bestandsnaam(&self) -> &'static str {
        "rapport.md"
    }

    fn render(&self, u: &Uitkomst) -> Vec<u8> {
        let cijfers = Cijfers::van(u);
        let mut s = String::new();
        kop(&mut s, u);
        in_het_kort(&mut s, u, &cijfers);
        bevindingen(&mut s, u);
        redenen(&mut s, u);
        vergelijking(&mut s, u);
        quotaprijs(&mut s, u);
        spreiding(&mut s, u);
        per_regio(&mut s, u);
        per_gemeente(&mut s, u, &cijfers);
        na_te_kijken(&mut s, u);
        herkomst(&mut s, u);
        verantwoording(&mut s, u, &cijfers);
        s.into_bytes()
    }
}

/// The figures of the first screen, counted once.
struct Cijfers {
    per_gemeente: Vec<GemeenteResultaat>,
    gekoppeld: usize,
    gekoppeld_personen: i64,
    ongekoppeld_personen: i64,
    /// Gemeenten and regions that receive households.
    ontvangende_gemeenten: usize,
    ontvangende_regios: usize,
    /// The remaining quota of all gemeenten together (a lead counts as 0).
    rest: i64,
    gemeenten_met_rest: usize,
    /// Gemeenten below their remaining quota, and by how many persons together.
    onder: (usize, i64),
    /// Gemeenten above it, and by how many persons together.
    boven: (usize, i64),
    /// Gemeenten short of their proportional share, and by how many persons together.
    tekort: (usize, f64),
}

impl Cijfers {
    fn van(u: &Uitkomst) -> Self {
        let inst = &u.instance;
        let per_gemeente = u.per_gemeente();
        let personen_van = |k: &Koppeling| i64::from(inst.huishoudens[k.huishouden].personen());
        let (gekoppeld, ongekoppeld): (Vec<&Koppeling>, Vec<&Koppeling>) =
            u.koppelingen.iter().partition(|k| k.gemeente.is_some());
        let mut regios: Vec<usize> = per_gemeente
            .iter()
            .filter(|r| r.huishoudens > 0)
            .map(|r| inst.gemeenten[r.gemeente].regio)
            .collect();
        regios.sort_unstable();
        regios.dedup();
        let telling = |pred: &dyn Fn(&GemeenteResultaat) -> bool| {
            let rs: Vec<&GemeenteResultaat> = per_gemeente.iter().filter(|r| pred(r)).collect();
            (rs.len(), rs.iter().map(|r| r.verschil().abs()).sum::<i64>())
        };
        let onder = telling(&|r| r.verschil() < 0);
        let boven = telling(&|r| r.verschil() > 0);
        let kort: Vec<f64> = per_gemeente
            .iter()
            .map(GemeenteResultaat::tekort)
            .filter(|&t| t > 1e-9)
            .collect();
        Cijfers {
            gekoppeld: gekoppeld.len(),
            gekoppeld_personen: gekoppeld.iter().map(|k| personen_van(k)).sum(),
            ongekoppeld_personen: ongekoppeld.iter().map(|k| personen_van(k)).sum(),
            ontvangende_gemeenten: per_gemeente.iter().filter(|r| r.huishoudens > 0).count(),
            ontvangende_regios: regios.len(),
            rest: per_gemeente.iter().map(|r| r.rest.max(0)).sum(),
            gemeenten_met_rest: per_gemeente.iter().filter(|r| r.rest > 0).count(),
            onder,
            boven,
            tekort: (kort.len(), kort.iter().sum()),
            per_gemeente,
        }
    }
}

/// A count of arbeidsmarktregio's: "1 arbeidsmarktregio", "35 arbeidsmarktregio's".
fn regios(n: usize) -> String {
    if n == 1 {
        "1 arbeidsmarktregio".to_string()
    } else {
        format!("{n} arbeidsmarktregio's")
    }
}

/// A percentage with one decimal: "89,6%".
fn procent(aandeel: f64) -> String {
    format!("{}%", getal(100.0 * aandeel, 1))
}

/// Whether HiGHS stopped without a koppeling of its own, so the report shows the greedy one.
fn gretige_koppeling(u: &Uitkomst) -> bool {
    u.oplossing.herkomst.koppeling == KoppelingDoor::Gretig
}

fn kop(s: &mut String, u: &Uitkomst) {
    let inst = &u.instance;
    let _ = writeln!(s, "# Kansrijke koppeling: rapport\n");
    if u.voorbeeld {
        let _ = writeln!(s, "> **{VOORBEELD}**\n");
    } else if u.herkomst.niet_echt() {
        let _ = writeln!(s, "> **{NIET_ECHT}** Zie \"Herkomst van de invoer\".\n");
    }
    let _ = writeln!(
        s,
        "Invoer: `{}`, met {} ({}) en {} in {}.\n",
        u.bron,
        huishoudens(inst.huishoudens.len()),
        personen(inst.personen() as i64),
        gemeenten(inst.gemeenten.len()),
        regios(inst.regios.len())
    );
}

fn in_het_kort(s: &mut String, u: &Uitkomst, c: &Cijfers) {
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
        let _ = writeln!(s, "- **Hoe goed het past.** {zin}. De score telt werkkansen, onderwijs, netwerk en het blijven in de regio van het AZC op: hoe hoger, hoe kansrijker.");
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
    let bewijs = match o.status {
        Status::Optimaal => format!("De koppeling is bewezen de beste{na}: geen andere koppeling binnen dezelfde regels haalt meer score na aftrek van de boetes op tekort en op niet gekoppelde huishoudens."),
        Status::Tijdslimiet => format!("De koppeling is niet bewezen de beste: de rekentijd was op. Een betere koppeling is hooguit {} beter.", gap_procent(o.gap)),
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

/// A gap in percent: 3 decimals below 1% ("0,009%"), 1 above ("64,4%").
fn gap_procent(gap: f64) -> String {
    let p = 100.0 * gap;
    format!("{}%", getal(p, if p < 1.0 { 3 } else { 1 }))
}

/// The price of the quotas as a share of the fit without them.
fn quota_aandeel(u: &Uitkomst) -> f64 {
    let q = &u.quotaprijs;
    if q.zonder.abs() > 0.0 {
        q.prijs() / q.zonder
    } else {
        0.0
    }
}

/// How many koppelingen have each reason, most first.
fn redentelling(u: &Uitkomst) -> Vec<(Reden, usize)> {
    let mut telling: Vec<(Reden, usize)> = Vec::new();
    for k in &u.koppelingen {
        match telling.iter_mut().find(|(r, _)| *r == k.reden) {
            Some(e) => e.1 += 1,
            None => telling.push((k.reden, 1)),
        }
    }
    telling.sort_by_key(|&(r, n)| (std::cmp::Reverse(n), r.as_str()));
    telling
}

/// What a reason means, for the legend.
fn betekenis(r: Reden) -> &'static str {
    match r {
        Reden::Werk => "werkkansen: veel vraag in de regio naar het beroep (of de interesse) van een volwassene",
        Reden::Onderwijs => "passend onderwijs in de regio voor jongvolwassenen of hoogopgeleiden",
        Reden::Netwerk => "familie of gemeenschap woont in de gemeente of in dezelfde regio",
        Reden::Regiobinding => "blijft in de arbeidsmarktregio van het huidige AZC, zodat begonnen trajecten doorlopen",
        Reden::Taakstelling => "vult de taakstelling van de gemeente: de beste plek had geen ruimte meer",
        Reden::Vast => "door de planner vastgezet: daar woont het gezin al, of is werk of studie al gevonden",
        Reden::Zorg => "zorg van een academisch ziekenhuis nodig: de beste plek in een regio die dat heeft",
        Reden::Ongekoppeld => "past in geen toegestane gemeente, of de ruimte ging naar huishoudens voor wie een koppeling meer oplevert",
    }
}

fn redenen(s: &mut String, u: &Uitkomst) {
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
const BRONNEN_PER_BESTAND: usize = 3;

fn rijen(n: usize) -> String {
    if n == 1 {
        "1 rij".to_string()
    } else {
        format!("{n} rijen")
    }
}

fn bron_tekst(bron: &str) -> String {
    if bron.is_empty() {
        "geen bron vermeld".to_string()
    } else {
        cel(bron)
    }
}

/// A baseline's name in the report.
fn basislijn_naam(naam: &str) -> &'static str {
    match naam {
        "optimum" => "optimum",
        "quota-first" => "quota eerst",
        _ => "gretig",
    }
}

/// A difference `x` with 2 decimals, its unit and the word for up or down: "3,10 punten
/// hoger", "2,00 personen kleiner", "gelijk".
fn hoger_lager(x: f64, eenheid: &str, hoger: &str, lager: &str) -> String {
    if x.abs() < 0.005 {
        "gelijk".to_string()
    } else if x > 0.0 {
        format!("{} {eenheid} {hoger}", getal(x, 2))
    } else {
        format!("{} {eenheid} {lager}", getal(-x, 2))
    }
}

fn vergelijking(s: &mut String, u: &Uitkomst) {
    let n = u.instance.huishoudens.len();
    let _ = writeln!(s, "## Vergelijking met de praktijk\n");
    let _ = writeln!(s, "Dezelfde invoer, drie manieren van koppelen. *Quota eerst* doet wat de praktijk doet: huishoudens in volgorde van vergunning, elk naar de gemeente met het grootste deel van haar taakstelling nog open, zonder naar de score te kijken. *Gretig*: in dezelfde volgorde, elk naar de eigen beste gemeente met ruimte. \"In eigen top-3 regio\" is het aandeel van de huishoudens zonder vaste koppeling dat in een van hun eigen drie beste arbeidsmarktregio's komt.\n");
    let _ = writeln!(s, "| koppeling | totale score | gemiddelde score | in eigen top-3 regio | niet gekoppeld | tekort (personen) |");
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|");
    for v in &u.vergelijking {
        let naam = match v.naam {
            "optimum" => "optimum (kansrijk)".to_string(),
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
                    format!("tegenover {naam} is de totale score van het optimum {score} en het tekort {tekort}")
                }
            })
            .collect();
        if !delen.is_empty() {
            let _ = writeln!(s, "\n{}.", super::tekst::hoofdletter(&delen.join("; ")));
        }
    }
    s.push('\n');
}

fn quotaprijs(s: &mut String, u: &Uitkomst) {
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
        let regio = &u.instance.regios[r];
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

fn spreiding(s: &mut String, u: &Uitkomst) {
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
fn spreidingsgrens(s: &mut String, u: &Uitkomst) {
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

fn herkomst(s: &mut String, u: &Uitkomst) {
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
                let _ = writeln!(s, "- `{}`: geen rijen", b.bestand);
            }
            [(bron, n)] => {
                let _ = writeln!(s, "- `{}` ({}): {}", b.bestand, rijen(*n), bron_tekst(bron));
            }
            alle => {
                let _ = writeln!(
                    s,
                    "- `{}`: {} verschillende bronvermeldingen",
                    b.bestand,
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
}

fn bevindingen(s: &mut String, u: &Uitkomst) {
    if u.bevindingen.is_empty() {
        return;
    }
    let _ = writeln!(s, "## Bevindingen vooraf\n");
    let _ = writeln!(s, "Wat vóór het koppelen in de invoer opviel:\n");
    for b in &u.bevindingen {
        let _ = writeln!(s, "- {}", bevinding(&u.instance, b));
    }
    s.push('\n');
}

fn per_regio(s: &mut String, u: &Uitkomst) {
    let inst = &u.instance;
    let per_gemeente = u.per_gemeente();
    let _ = writeln!(s, "## Per arbeidsmarktregio\n");
    let _ = writeln!(s, "In personen, behalve de huishoudens en de score.\n");
    let _ = writeln!(
        s,
        "| regio | naam | resterende taakstelling | geplaatst | huishoudens | gemiddelde score |"
    );
    let _ = writeln!(s, "|---|---|---:|---:|---:|---:|");
    for (r, regio) in inst.regios.iter().enumerate() {
        let rs: Vec<_> = per_gemeente
            .iter()
            .filter(|g| inst.gemeenten[g.gemeente].regio == r)
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

fn per_gemeente(s: &mut String, u: &Uitkomst, c: &Cijfers) {
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
        let g = &inst.gemeenten[r.gemeente];
        let gem = r.gemiddelde_score.map_or("-".to_string(), |m| getal(m, 2));
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {gem} |",
            g.code,
            cel(&g.naam),
            inst.regios[g.regio].code,
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
fn tekort_cel(t: f64) -> String {
    if t < 0.005 {
        String::new()
    } else {
        getal(t, 2)
    }
}

/// Rows listed per group of households to look at; the others are counted, and all are in
/// `koppelingen.csv`. A half year stays well under it; a stress cohort does not.
const RIJEN_PER_GROEP: usize = 1000;

/// The rows of one group's table, at most [`RIJEN_PER_GROEP`], and where the others are.
fn groep(s: &mut String, ks: &[&Koppeling], reden: Reden, rij: impl Fn(&Koppeling) -> String) {
    for k in ks.iter().take(RIJEN_PER_GROEP) {
        let _ = writeln!(s, "{}", rij(k));
    }
    if ks.len() > RIJEN_PER_GROEP {
        let _ = writeln!(
            s,
            "\nDe andere {} staan in `koppelingen.csv` (reden `{}`).",
            huishoudens(ks.len() - RIJEN_PER_GROEP),
            reden.as_str()
        );
    }
    s.push('\n');
}

/// The households that need a look: uncoupled ones, koppelingen that fill a quota, and fixed
/// ones. The rest are in `koppelingen.csv`.
fn na_te_kijken(s: &mut String, u: &Uitkomst) {
    let inst = &u.instance;
    let met = |reden: Reden| -> Vec<&Koppeling> {
        u.koppelingen.iter().filter(|k| k.reden == reden).collect()
    };
    let personen_van = |k: &Koppeling| inst.huishoudens[k.huishouden].personen();
    let id = |k: &Koppeling| cel(inst.huishoudens[k.huishouden].id.as_str());
    let gemeente = |k: &Koppeling| {
        k.gemeente
            .map_or("-".to_string(), |g| cel(&inst.gemeenten[g].naam))
    };
    let score = |k: &Koppeling| k.score.map_or("-".to_string(), |x| getal(x, 2));

    let _ = writeln!(s, "## Huishoudens om na te kijken\n");
    let _ = writeln!(s, "Alleen de huishoudens die een blik nodig hebben: wie niet gekoppeld is, wie de taakstelling van een gemeente vult in plaats van naar de eigen beste plek te gaan, en wie de planner vast heeft gekoppeld. Alle {} met hun toelichting staan in `koppelingen.csv`. Het verhaal van één huishouden, met de scoreopbouw, de beste alternatieven, waarom het daar niet kwam en wat dat de hele koppeling zou kosten: `kansrijk explain --out MAP HUISHOUDEN_ID` (MAP is de map van dit rapport).\n", huishoudens(u.koppelingen.len()));

    let ongekoppeld = met(Reden::Ongekoppeld);
    if !ongekoppeld.is_empty() {
        let _ = writeln!(s, "### Niet gekoppeld ({})\n", ongekoppeld.len());
        let _ = writeln!(s, "| huishouden | personen | toelichting |");
        let _ = writeln!(s, "|---|---:|---|");
        groep(s, &ongekoppeld, Reden::Ongekoppeld, |k| {
            format!(
                "| {} | {} | {} |",
                id(k),
                personen_van(k),
                cel(&toelichting(inst, k))
            )
        });
    }

    let mut taakstelling = met(Reden::Taakstelling);
    if !taakstelling.is_empty() {
        let verlies = |k: &Koppeling| match (k.beste, k.score) {
            (Some((_, b)), Some(x)) => b - x,
            _ => 0.0,
        };
        taakstelling.sort_by(|a, b| verlies(b).total_cmp(&verlies(a)));
        let _ = writeln!(
            s,
            "### Gekoppeld om de taakstelling te vullen ({})\n",
            taakstelling.len()
        );
        let _ = writeln!(s, "Hun beste plek had geen ruimte meer; ze vullen de taakstelling van een andere gemeente. *Verlies*: hoeveel lager hun score daar is dan op de beste plek; het grootste verlies staat bovenaan.\n");
        let _ = writeln!(
            s,
            "| huishouden | personen | gemeente | score | beste plek (score) | verlies |"
        );
        let _ = writeln!(s, "|---|---:|---|---:|---|---:|");
        groep(s, &taakstelling, Reden::Taakstelling, |k| {
            let beste = k.beste.map_or("-".to_string(), |(b, x)| {
                format!("{} ({})", cel(&inst.gemeenten[b].naam), getal(x, 2))
            });
            format!(
                "| {} | {} | {} | {} | {beste} | {} |",
                id(k),
                personen_van(k),
                gemeente(k),
                score(k),
                getal(verlies(k), 2)
            )
        });
    }

    let vast = met(Reden::Vast);
    if !vast.is_empty() {
        let _ = writeln!(s, "### Vaste koppelingen ({})\n", vast.len());
        let _ = writeln!(s, "Door de planner vastgezet (daar woont het gezin al, of is werk of studie al gevonden); kansrijk heeft ze niet verplaatst.\n");
        let _ = writeln!(s, "| huishouden | personen | gemeente | score |");
        let _ = writeln!(s, "|---|---:|---|---:|");
        groep(s, &vast, Reden::Vast, |k| {
            format!(
                "| {} | {} | {} | {} |",
                id(k),
                personen_van(k),
                gemeente(k),
                score(k)
            )
        });
    }
}

/// The proof and the model, for who wants to check them: every solver word lives here.
fn verantwoording(s: &mut String, u: &Uitkomst, c: &Cijfers) {
    let o = &u.oplossing;
    let p = &u.probleem;
    let _ = writeln!(s, "## Technische verantwoording\n");
    let _ = writeln!(s, "Hoe de koppeling is gevonden en bewezen, voor wie het wil nalopen. kansrijk lost een geheeltallig optimalisatieprobleem (MIP) op met HiGHS.\n");
    let status = match o.status {
        Status::Optimaal => "bewezen optimaal".to_string(),
        Status::Tijdslimiet => format!(
            "tijdslimiet bereikt, niet bewezen optimaal (gap {})",
            gap_procent(o.gap)
        ),
    };
    let _ = writeln!(
        s,
        "- Status: {status}. Doelwaarde {}, bewezen grens {}, gap {}.",
        getal(o.doelwaarde, 4),
        getal(o.grens, 4),
        getal(o.gap, 6)
    );
    let _ = writeln!(s, "- Doelwaarde = totale score {} - tekortboete {} × {} tekort - boete {} × {} niet gekoppeld. Het tekort is de som van de kolom `tekort` in `taakstelling.csv` (onder het evenredige deel); de kolom `verschil` meet tegen de hele resterende taakstelling en telt niet mee.", getal(o.totale_score, 4), getal(p.tekort_boete, 2), personen_getal(o.tekort_personen, 4), getal(p.ongekoppeld_boete, 0), huishoudens(o.ongekoppeld));
    if gretige_koppeling(u) {
        let _ = writeln!(
            s,
            "- Koppeling: de solver stopte zonder betere koppeling; dit is de gretige koppeling."
        );
    }
    if let Some(b) = &o.bewijs {
        let lp_grens = if b.lp_grens.is_finite() {
            getal(b.lp_grens, 4)
        } else {
            "onbekend".to_string()
        };
        let mut zin = format!(
            "- Bewijs: LP-grens {lp_grens} over alle {} opties (huishouden naar regio of gemeente), na {} prijsrondes",
            b.opties,
            b.lp_rondes
        );
        if b.mip_rondes > 0 {
            zin += &format!(
                "; het laatste MIP had {} opties, de overige hebben gereduceerde kosten onder -{} en brengen de doelwaarde elk hooguit tot {}",
                b.opties_in_mip,
                getal(b.drempel, 4),
                getal(b.lp_grens - b.drempel, 4)
            );
        }
        if b.zoek_winst > 0.0 {
            zin += &format!(
                "; lokaal zoeken (verplaatsen, ruilen en ketens van huishoudens) verbeterde de koppeling van het MIP met {} punten",
                getal(b.zoek_winst, 4)
            );
        }
        let _ = writeln!(s, "{zin}.");
        if let Some(cert) = &b.certificaat {
            let strakker = if o.herkomst.grens == GrensDoor::Certificaat {
                " Deze grens is scherper dan de LP-grens en is daarom de bewezen grens hierboven."
            } else {
                ""
            };
            let _ = writeln!(s, "- Certificaat, controle zonder solver: met de prijzen per gemeente in `rapport.json` (`oplossing.certificaat`) is de grens {} na te rekenen uit de scores van `--export-scores` (`kansrijk controleer`).{strakker}", getal(cert.grens, 4));
        }
    }
    if o.herkomst.grens == GrensDoor::Triviaal {
        let _ = writeln!(s, "- Let op: de solver stopte voor hij een grens had; de grens is de eenvoudige bovengrens (elk huishouden op zijn beste score, geen tekort).");
    }
    if let [opt, rest @ ..] = &u.vergelijking[..] {
        let delen: Vec<String> = rest
            .iter()
            .map(|b| {
                format!(
                    "{} {} (winst van het optimum {})",
                    basislijn_naam(b.naam),
                    getal(b.doelwaarde, 2),
                    getal(opt.doelwaarde - b.doelwaarde, 2)
                )
            })
            .collect();
        let _ = writeln!(
            s,
            "- Doelwaarde van de vergelijking met de praktijk: optimum {}, {}.",
            getal(opt.doelwaarde, 2),
            delen.join(", ")
        );
    }
    if let Some(g) = &u.spreidingsgrens {
        let _ = writeln!(
            s,
            "- Spreidingsgrens: doelwaarde zonder grens {}, met grens {}.",
            getal(g.zonder.doelwaarde, 2),
            getal(g.met.doelwaarde, 2)
        );
    }
    let _ = writeln!(s, "- Evenredig deel (`doel` in `taakstelling.csv`): {} × resterende taakstelling / {}, hooguit de capaciteit; capaciteit (`cap`): resterende taakstelling + marge, of meer als de vaste koppelingen dat vragen.", u.instance.personen(), c.rest);
    let _ = writeln!(s, "- Model: leden tellen als `{}`, marge {} per gemeente, tekortboete {} per persoon, boete niet gekoppeld {} per huishouden.\n", u.gewichten.combinatie.as_str(), personen(i64::from(u.gewichten.model.marge)), getal(u.gewichten.model.tekort_boete, 2), getal(u.gewichten.model.ongekoppeld_boete, 0));
    let _ = writeln!(s, "### Gewichten\n");
    let _ = writeln!(s, "De gebruikte gewichten (`gewichten.toml`); de documentatie beschrijft hoe elke component wordt berekend.\n");
    let _ = writeln!(
        s,
        "```toml\n{}```",
        toml::to_string(&u.gewichten).unwrap_or_default()
    );
}
