//! `rapport.md`: the human report in Dutch. Summary, findings, per region, per gemeente, and
//! every koppeling with its reason. No timings, so two runs give the same file.

use std::fmt::Write;

use super::tekst::{bevinding, getal, toelichting, NIET_ECHT, VOORBEELD};
use super::Render;
use crate::explain::Reden;
use crate::solve::{GrensDoor, KoppelingDoor, Status};
use crate::uitkomst::Uitkomst;

pub struct Rapport;

/// Markdown table cell: no pipes or line breaks inside.
pub(super) fn cel(s: &str) -> String {
    s.replace('|', "/").replace('\n', " ")
}

impl Render for Rapport {
    fn bestandsnaam(&self) -> &'static str {
        "rapport.md"
    }

    fn render(&self, u: &Uitkomst) -> Vec<u8> {
        let mut s = String::new();
        samenvatting(&mut s, u);
        vergelijking(&mut s, u);
        herkomst(&mut s, u);
        bevindingen(&mut s, u);
        per_regio(&mut s, u);
        per_gemeente(&mut s, u);
        koppelingen(&mut s, u);
        gewichten(&mut s, u);
        s.into_bytes()
    }
}

fn samenvatting(s: &mut String, u: &Uitkomst) {
    let inst = &u.instance;
    let o = &u.oplossing;
    let gekoppeld = u
        .koppelingen
        .iter()
        .filter(|k| k.gemeente.is_some())
        .count();
    let _ = writeln!(s, "# Kansrijke koppeling: rapport\n");
    let _ = writeln!(s, "## Samenvatting\n");
    let _ = writeln!(
        s,
        "- Invoer: `{}`: {} huishoudens ({} personen), {} gemeenten in {} arbeidsmarktregio's.",
        u.bron,
        inst.huishoudens.len(),
        inst.personen(),
        inst.gemeenten.len(),
        inst.regios.len()
    );
    if u.voorbeeld {
        let _ = writeln!(s, "- {VOORBEELD}");
    } else if u.herkomst.niet_echt() {
        let _ = writeln!(s, "- {NIET_ECHT} Zie \"Herkomst van de invoer\".");
    }
    let status = match o.status {
        Status::Optimaal => "bewezen optimaal".to_string(),
        Status::Tijdslimiet => format!(
            "tijdslimiet bereikt, niet bewezen optimaal (gap {})",
            getal(o.gap * 100.0, 3) + "%"
        ),
    };
    let _ = writeln!(s, "- Oplossing: {status}. Doelwaarde {} (totale score {} min boetes), bewezen grens {}, gap {}.", getal(o.doelwaarde, 4), getal(o.totale_score, 4), getal(o.grens, 4), getal(o.gap, 6));
    if o.herkomst.koppeling == KoppelingDoor::Gretig {
        let vloer = if u.probleem.regio_vloer.is_some() {
            "; daarna is in elke regio onder de spreidingsgrens het huishouden met de laagste score niet gekoppeld, tot de regio de grens haalt"
        } else {
            ""
        };
        let _ = writeln!(s, "- Let op: de solver stopte zonder betere koppeling; dit is de gretige koppeling (grootste huishoudens eerst, elk naar de toegestane gemeente met ruimte en de hoogste score{vloer}).");
    }
    if let Some(b) = &o.bewijs {
        let mut zin = format!(
            "- Bewijs: LP-grens {} over alle {} opties (huishouden naar regio of gemeente), na {} prijsrondes",
            getal(b.lp_grens, 4),
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
        if let Some(c) = &b.certificaat {
            let strakker = if o.herkomst.grens == GrensDoor::Certificaat {
                " Deze grens is scherper dan de LP-grens en is daarom de bewezen grens hierboven."
            } else {
                ""
            };
            let _ = writeln!(s, "- Controle zonder solver: met de prijzen per gemeente in `rapport.json` (`oplossing.certificaat`) is de grens {} na te rekenen uit de scores van `--export-scores`.{strakker}", getal(c.grens, 4));
        }
    }
    if o.herkomst.grens == GrensDoor::Triviaal {
        let _ = writeln!(s, "- Let op: de solver stopte voor hij een grens had; de grens is de eenvoudige bovengrens (elk huishouden op zijn beste score, geen tekort).");
    }
    let _ = writeln!(
        s,
        "- Gekoppeld: {gekoppeld} van {} huishoudens; niet gekoppeld: {}.",
        inst.huishoudens.len(),
        o.ongekoppeld
    );
    let _ = writeln!(
        s,
        "- Tekort op de evenredige doelen: {} personen.",
        getal(o.tekort_personen, 2)
    );
    let mut telling: Vec<(Reden, usize)> = Vec::new();
    for k in &u.koppelingen {
        match telling.iter_mut().find(|(r, _)| *r == k.reden) {
            Some(e) => e.1 += 1,
            None => telling.push((k.reden, 1)),
        }
    }
    telling.sort_by_key(|&(r, n)| (std::cmp::Reverse(n), r.as_str()));
    let redenen: Vec<String> = telling
        .iter()
        .map(|(r, n)| format!("{} {n}", r.as_str()))
        .collect();
    let _ = writeln!(s, "- Redenen: {}.", redenen.join(", "));
    let _ = writeln!(s, "- Model: leden tellen als `{}`, marge {} personen, tekortboete {} per persoon, boete niet gekoppeld {} per huishouden.\n", u.gewichten.combinatie.as_str(), u.gewichten.model.marge, getal(u.gewichten.model.tekort_boete, 2), getal(u.gewichten.model.ongekoppeld_boete, 0));
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
    if naam == "quota-first" {
        "quota eerst"
    } else {
        "gretig"
    }
}

fn vergelijking(s: &mut String, u: &Uitkomst) {
    let _ = writeln!(s, "## Vergelijking met de praktijk\n");
    let _ = writeln!(s, "Dezelfde invoer, drie manieren van koppelen. *Quota eerst* doet wat de praktijk doet: huishoudens in volgorde van vergunning, elk naar de gemeente met het grootste deel van haar taakstelling nog open, zonder naar de score te kijken. *Gretig*: in dezelfde volgorde, elk naar de eigen beste gemeente met ruimte.\n");
    let _ = writeln!(s, "| koppeling | totale score | doelwaarde | in eigen top-3 regio | niet gekoppeld | tekort (personen) |");
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|");
    for v in &u.vergelijking {
        let naam = match v.naam {
            "optimum" => "optimum (kansrijk)".to_string(),
            "quota-first" => format!("{} (praktijk)", basislijn_naam(v.naam)),
            _ => basislijn_naam(v.naam).to_string(),
        };
        let _ = writeln!(
            s,
            "| {naam} | {} | {} | {}% | {} | {} |",
            getal(v.totale_score, 2),
            getal(v.doelwaarde, 2),
            getal(v.aandeel_top3 * 100.0, 1),
            v.ongekoppeld,
            getal(v.tekort_personen, 2)
        );
    }
    if let [opt, rest @ ..] = &u.vergelijking[..] {
        let winst: Vec<String> = rest
            .iter()
            .map(|b| {
                format!(
                    "{} tegenover {}",
                    getal(opt.doelwaarde - b.doelwaarde, 2),
                    basislijn_naam(b.naam)
                )
            })
            .collect();
        let _ = writeln!(
            s,
            "\nWinst van het optimum in doelwaarde: {}.",
            winst.join(", ")
        );
    }
    quotaprijs(s, u);
    spreiding(s, u);
    let _ = writeln!(s);
}

fn spreiding(s: &mut String, u: &Uitkomst) {
    let rijen = [
        ("per gemeente", u.spreiding.per_gemeente),
        ("per regio", u.spreiding.per_regio),
    ];
    let _ = writeln!(s, "\n**Spreiding.** De gemiddelde score die elke gemeente en elke regio ontvangt (alleen waar huishoudens komen), van laag naar hoog; een grote afstand tussen minimum en maximum betekent dat de beste kandidaten naar enkele plaatsen gaan.\n");
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
**Spreidingsgrens** (`--spreidingsgrens {}`). Elke regio krijgt huishoudens met samen een gemiddelde score van minstens {}% van het landelijke gemiddelde zonder grens ({}), dus minstens {} (vaste koppelingen tellen niet mee: daar was geen keuze). kansrijk lost twee keer op, zonder en met de grens:\n", getal(g.fractie, 2), getal(100.0 * g.fractie, 0), getal(g.landelijk_gemiddelde, 2), getal(g.vloer, 2));
    let _ = writeln!(s, "| | totale score | doelwaarde | laagste regiogemiddelde | niet gekoppeld | bewezen optimaal |");
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---|");
    for (naam, w) in [("zonder grens", &g.zonder), ("met grens", &g.met)] {
        let _ = writeln!(
            s,
            "| {naam} | {} | {} | {} | {} | {} |",
            getal(w.totale_score, 2),
            getal(w.doelwaarde, 2),
            laagste(w),
            w.ongekoppeld,
            if w.optimaal { "ja" } else { "nee" }
        );
    }
    let voorbehoud = if g.met.optimaal && g.zonder.optimaal {
        ""
    } else {
        " (bij benadering: niet beide koppelingen zijn bewezen optimaal)"
    };
    let _ = writeln!(s, "\nDe grens kost {} punten totale score{voorbehoud}. De koppelingen in dit rapport zijn die met de grens.", getal(g.kosten, 2));
}

fn quotaprijs(s: &mut String, u: &Uitkomst) {
    let q = &u.quotaprijs;
    let procent = if q.zonder.abs() > 0.0 {
        100.0 * q.prijs() / q.zonder
    } else {
        0.0
    };
    let _ = writeln!(s, "\n**Prijs van de taakstelling.** Zonder taakstelling (elk huishouden naar de eigen beste toegestane gemeente, ruimte of niet) zou de totale score van de vrij te koppelen huishoudens {} zijn; in het optimum is die {}. De taakstelling kost dus {} punten ({}%).", getal(q.zonder, 2), getal(q.met, 2), getal(q.prijs(), 2), getal(procent, 1));
    if q.per_regio.is_empty() {
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
    for b in &u.bevindingen {
        let _ = writeln!(s, "- {}", bevinding(&u.instance, b));
    }
    s.push('\n');
}

fn per_regio(s: &mut String, u: &Uitkomst) {
    let inst = &u.instance;
    let per_gemeente = u.per_gemeente();
    let _ = writeln!(s, "## Per arbeidsmarktregio\n");
    let _ = writeln!(
        s,
        "| regio | naam | rest | toegewezen | huishoudens | gemiddelde score |"
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

fn per_gemeente(s: &mut String, u: &Uitkomst) {
    let inst = &u.instance;
    let _ = writeln!(s, "## Per gemeente\n");
    let _ = writeln!(s, "Gemeenten met een resterende taakstelling of een koppeling. Rest = taakstelling + achterstand - gerealiseerd; verschil = toegewezen - rest.\n");
    let _ = writeln!(s, "| gemeente | naam | regio | rest | capaciteit | doel | toegewezen | verschil | gemiddelde score |");
    let _ = writeln!(s, "|---|---|---|---:|---:|---:|---:|---:|---:|");
    for r in u
        .per_gemeente()
        .iter()
        .filter(|r| r.rest > 0 || r.toegewezen > 0)
    {
        let g = &inst.gemeenten[r.gemeente];
        let gem = r.gemiddelde_score.map_or("-".to_string(), |m| getal(m, 2));
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {gem} |",
            g.code,
            cel(&g.naam),
            inst.regios[g.regio].code,
            r.rest,
            r.cap,
            getal(r.doel, 2),
            r.toegewezen,
            r.verschil()
        );
    }
    s.push('\n');
}

fn koppelingen(s: &mut String, u: &Uitkomst) {
    let inst = &u.instance;
    let _ = writeln!(s, "## Koppelingen\n");
    let _ = writeln!(s, "Het verhaal van één huishouden, met de scoreopbouw, de beste alternatieven, waarom het daar niet kwam en wat dat de hele koppeling zou kosten: `kansrijk explain --out MAP HUISHOUDEN_ID` (MAP is de map van dit rapport).\n");
    let _ = writeln!(
        s,
        "| huishouden | personen | gemeente | score | beste optie | reden | toelichting |"
    );
    let _ = writeln!(s, "|---|---:|---|---:|---|---|---|");
    for k in &u.koppelingen {
        let h = &inst.huishoudens[k.huishouden];
        let gemeente = k
            .gemeente
            .map_or("-".to_string(), |g| cel(&inst.gemeenten[g].naam));
        let score = k.score.map_or("-".to_string(), |x| getal(x, 2));
        let beste = k.beste.map_or("-".to_string(), |(b, x)| {
            format!("{} ({})", cel(&inst.gemeenten[b].naam), getal(x, 2))
        });
        let _ = writeln!(
            s,
            "| {} | {} | {gemeente} | {score} | {beste} | {} | {} |",
            cel(h.id.as_str()),
            h.personen(),
            k.reden.as_str(),
            cel(&toelichting(inst, k))
        );
    }
    s.push('\n');
}

fn gewichten(s: &mut String, u: &Uitkomst) {
    let _ = writeln!(s, "## Gewichten\n");
    let _ = writeln!(s, "De gebruikte gewichten (`gewichten.toml`); zie de README voor hoe elke component wordt berekend.\n");
    let _ = writeln!(
        s,
        "```toml\n{}```",
        toml::to_string(&u.gewichten).unwrap_or_default()
    );
}
