//! The output folder of `kansrijk simulate` ([`Gesimuleerd`]): `beleid.csv` (one row per
//! policy), `koppelingen.csv` (one row per policy and household), `per_gemeente.csv` (each
//! gemeente's quota at the end, per policy), `simulatie.md` (Dutch, for a COA planner) and
//! `simulatie.json`. Only `beleid.csv` holds a time (`rekentijd_s`); every other byte depends on
//! the input and the options alone.

use std::fmt::Write;

use serde::Serialize;

use super::csv::{getal, of_leeg, tekst, vier, Cel, Tabel};
use super::tekst::{getal as komma, huishoudens, md, personen, personen_getal};
use crate::simulatie::{Beleid, Gesimuleerd, Resultaat, Weekcijfers};

/// Every file of the folder, with its name.
pub fn render(s: &Gesimuleerd) -> Vec<(String, Vec<u8>)> {
    let mut json = serde_json::to_vec_pretty(&json(s)).expect("plain data");
    json.push(b'\n');
    vec![
        ("beleid.csv".to_string(), beleid(s)),
        ("koppelingen.csv".to_string(), koppelingen(s)),
        ("per_gemeente.csv".to_string(), per_gemeente(s)),
        ("simulatie.md".to_string(), markdown(s).into_bytes()),
        ("simulatie.json".to_string(), json),
    ]
}

/// A share with 6 decimals (`aandeel_achteraf`: 0.1 percentage point is 0.001).
fn zes(x: f64) -> Cel {
    getal(format!("{x:.6}"))
}

/// The columns of `beleid.csv`: the contract's, then the extra figures.
pub const BELEID_KOLOMMEN: [&str; 14] = [
    "beleid",
    "totale_score",
    "aandeel_achteraf",
    "tekort_personen",
    "ongekoppeld",
    "top3_regio_aandeel",
    "rekentijd_s",
    "doelwaarde",
    "gemeenten_met_tekort",
    "regio_score_min",
    "regio_score_max",
    "boven_capaciteit",
    "oplossingen",
    "onbewezen",
];

fn beleid(s: &Gesimuleerd) -> Vec<u8> {
    let mut t = Tabel::nieuw(s.opties.basis.csv, &BELEID_KOLOMMEN);
    for r in &s.resultaten {
        let c = &r.cijfers;
        let spreiding = r.spreiding();
        t.rij([
            tekst(r.beleid.naam()),
            vier(c.totale_score),
            zes(r.aandeel_achteraf),
            vier(c.tekort_personen),
            getal(c.ongekoppeld),
            zes(c.aandeel_top3),
            getal(format!("{:.3}", r.rekentijd)),
            vier(c.doelwaarde),
            getal(r.gemeenten_met_tekort()),
            of_leeg(spreiding.map(|m| vier(m.0))),
            of_leeg(spreiding.map(|m| vier(m.1))),
            getal(r.boven_capaciteit),
            getal(r.oplossingen),
            getal(r.onbewezen),
        ]);
    }
    t.klaar()
}

fn koppelingen(s: &Gesimuleerd) -> Vec<u8> {
    let inst = &s.instance;
    let mut t = Tabel::nieuw(
        s.opties.basis.csv,
        &["beleid", "week", "huishouden_id", "gemeente_code", "score"],
    );
    for r in &s.resultaten {
        for (week, leden) in &s.weken {
            for &h in leden {
                let g = r.toewijzing[h.idx()];
                t.rij([
                    tekst(r.beleid.naam()),
                    getal(week),
                    tekst(inst.huishouden(h).id.as_str()),
                    tekst(
                        g.map(|g| inst.gemeente(g).code.to_string())
                            .unwrap_or_default(),
                    ),
                    of_leeg(g.and_then(|g| s.probleem.score(h, g)).map(vier)),
                ]);
            }
        }
    }
    t.klaar()
}

fn per_gemeente(s: &Gesimuleerd) -> Vec<u8> {
    let inst = &s.instance;
    let mut t = Tabel::nieuw(
        s.opties.basis.csv,
        &[
            "beleid",
            "gemeente_code",
            "gemeente_naam",
            "doel",
            "capaciteit",
            "personen",
            "tekort",
        ],
    );
    for r in &s.resultaten {
        for e in &r.per_gemeente {
            let g = inst.gemeente(e.gemeente);
            let m = s.probleem.gemeente(e.gemeente);
            t.rij([
                tekst(r.beleid.naam()),
                tekst(g.code.to_string()),
                tekst(g.naam.as_str()),
                vier(m.doel),
                getal(m.cap),
                getal(e.personen),
                vier(e.tekort),
            ]);
        }
    }
    t.klaar()
}

/// What each policy does, in Dutch, for the report.
pub fn omschrijving(b: Beleid) -> &'static str {
    match b {
        Beleid::Praktijk => {
            "taakstelling eerst, zoals de praktijk: elk huishouden, in volgorde van vergunning, naar de toegestane gemeente met ruimte die het grootste deel van haar doel voor de resterende weken nog open heeft, ongeacht de passendheid"
        }
        Beleid::Gretig => {
            "elk huishouden, in volgorde van vergunning, naar zijn best passende toegestane gemeente met ruimte"
        }
        Beleid::Wekelijks => {
            "elke week de optimale koppeling van die week, op de taakstelling die nog over is (doel per gemeente: haar deel van de resterende taakstelling)"
        }
        Beleid::Vooruitziend => {
            "elke week de optimale koppeling van die week samen met een schets van de weken die nog komen: huishoudens getrokken uit de weken tot en met deze week (elk even vaak, hooguit drie keer, samen hooguit 1500) voor evenveel huishoudens per week als er tot nu toe kwamen, op de resterende ruimte geschaald naar de schets, met als doel per gemeente wat ze nog nodig heeft om het halfjaar te eindigen op haar deel van de taakstelling; alleen de huishoudens van deze week houden hun gemeente, elk de beste die de schets aan hem of aan een kopie van hem gaf, zodat de ruimte die later nodig is niet nu al opgaat, en wie in de schets geen plaats vindt, wordt daarna op de echte ruimte gekoppeld"
        }
        Beleid::Achteraf => {
            "het hele halfjaar in een keer, zoals `kansrijk match` het oplost: kent alle weken vooraf, dus alleen de maatstaf"
        }
    }
}

/// A share as a Dutch percentage with one decimal: `98,7%`.
fn procent(x: f64) -> String {
    format!("{}%", komma(100.0 * x, 1))
}

fn markdown(s: &Gesimuleerd) -> String {
    let inst = &s.instance;
    let mut t = String::new();
    let _ = writeln!(t, "# Simulatie: het halfjaar week voor week\n");
    let _ = writeln!(
        t,
        "{} ({}) met een vergunning in {} weken (week {} tot en met {}), over {} gemeenten. \
         Elk beleid koppelt de huishoudens van een week in die week en ziet alleen de weken tot \
         en met die week; wat eerder gekoppeld is telt als gerealiseerd, zodat de taakstelling \
         en de ruimte die overblijven krimpen. `achteraf` lost het hele halfjaar in een keer op, \
         met kennis van alle weken: de maatstaf, niet iets wat een planner kan doen.\n",
        huishoudens(inst.huishoudens.len()),
        personen(inst.personen() as i64),
        s.weken.len(),
        s.weken.first().map_or(0, |w| w.0),
        s.weken.last().map_or(0, |w| w.0),
        inst.gemeenten.len(),
    );
    let _ = writeln!(t, "## De beleidsregels\n");
    for b in Beleid::ALLE {
        let _ = writeln!(t, "- **{}**: {}.", b.naam(), omschrijving(b));
    }
    let _ = writeln!(
        t,
        "\nDe trekking van `vooruitziend` gebruikt seed {} (`--seed`): dezelfde seed geeft dezelfde koppeling.\n",
        s.opties.seed
    );

    let _ = writeln!(t, "## Uitkomst per beleid\n");
    let _ = writeln!(
        t,
        "| beleid | totale score | van achteraf | tekort aan het eind | gemeenten met tekort | ongekoppeld | in eigen top-3-regio | laagste regiogemiddelde | hoogste regiogemiddelde |"
    );
    let _ = writeln!(t, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in &s.resultaten {
        let c = &r.cijfers;
        let sp = r.spreiding();
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.beleid.naam(),
            komma(c.totale_score, 2),
            procent(r.aandeel_achteraf),
            personen_getal(c.tekort_personen, 2),
            r.gemeenten_met_tekort(),
            c.ongekoppeld,
            procent(c.aandeel_top3),
            sp.map_or("-".to_string(), |m| komma(m.0, 2)),
            sp.map_or("-".to_string(), |m| komma(m.1, 2)),
        );
    }
    let _ = writeln!(t);
    let _ = writeln!(
        t,
        "Hoe gemeten: alle cijfers van alle beleidsregels zijn op dezelfde manier berekend, op \
         het hele halfjaar zoals `kansrijk match` het ziet. *Totale score* is de som van de \
         passendheid van de gekoppelde huishoudens; *van achteraf* die som als deel van die van \
         `achteraf`. *Tekort aan het eind* telt per gemeente de personen onder haar doel voor \
         het halfjaar (haar deel van de resterende taakstelling, naar rato van alle personen) en \
         telt die op; per gemeente staat het in `per_gemeente.csv`. *In eigen top-3-regio* is \
         het deel van de vrij te koppelen huishoudens dat in een van de drie \
         arbeidsmarktregio's kwam waar het zelf het best past. De spreiding tussen regio's is \
         de gemiddelde score per arbeidsmarktregio over de vrij gekoppelde huishoudens daar: \
         het laagste en het hoogste gemiddelde over de regio's die huishoudens kregen. De \
         rekentijd per beleid staat in `beleid.csv`.\n"
    );
    for r in &s.resultaten {
        if r.boven_capaciteit > 0 {
            let _ = writeln!(
                t,
                "Let op: bij **{}** gaan {} boven de capaciteit van het halfjaar: huishoudens \
                 met een vaste gemeente die pas kwamen toen de ruimte daar al op was. Ze zijn \
                 toch gekoppeld, zoals een vaste koppeling vraagt.\n",
                r.beleid.naam(),
                personen(r.boven_capaciteit)
            );
        }
        if r.onbewezen > 0 {
            let _ = writeln!(
                t,
                "Let op: bij **{}** is {} van de {} oplossingen niet binnen de gap bewezen \
                 (de solver stopte eerder, {}); de koppeling houdt zich wel aan alle regels.\n",
                r.beleid.naam(),
                r.onbewezen,
                r.oplossingen,
                match r.beleid {
                    Beleid::Vooruitziend => format!(
                        "bijvoorbeeld met de schets na {} knopen of op de tijdslimiet",
                        crate::simulatie::VOORUIT_KNOOPPUNTEN
                    ),
                    _ => "bijvoorbeeld op de tijdslimiet".to_string(),
                }
            );
        }
    }

    let _ = writeln!(t, "## Week voor week\n");
    let _ = writeln!(
        t,
        "Per week de totale score van de huishoudens die die week een vergunning kregen, per \
         beleid; tussen haakjes hoeveel van hen ongekoppeld bleven.\n"
    );
    let mut kop = "| week | huishoudens | personen |".to_string();
    let mut lijn = "|---:|---:|---:|".to_string();
    for r in &s.resultaten {
        let _ = write!(kop, " {} |", r.beleid.naam());
        lijn.push_str("---:|");
    }
    let _ = writeln!(t, "{kop}\n{lijn}");
    for (i, (week, leden)) in s.weken.iter().enumerate() {
        let eerste: &Weekcijfers = &s.resultaten[0].weken[i];
        let _ = write!(t, "| {week} | {} | {} |", leden.len(), eerste.personen);
        for r in &s.resultaten {
            let w = &r.weken[i];
            let _ = write!(t, " {}", komma(w.totale_score, 2));
            if w.ongekoppeld > 0 {
                let _ = write!(t, " ({})", w.ongekoppeld);
            }
            t.push_str(" |");
        }
        t.push('\n');
    }
    let _ = writeln!(t);
    let _ = writeln!(
        t,
        "Bestanden: `beleid.csv` (een regel per beleid), `koppelingen.csv` (per beleid en \
         huishouden de week, de gemeente en de score), `per_gemeente.csv` (per beleid en \
         gemeente doel, capaciteit, gekoppelde personen en tekort), `simulatie.json`."
    );
    if s.herkomst.niet_echt() {
        let _ = writeln!(t, "\n{}", md(super::tekst::NIET_ECHT));
    }
    t
}

#[derive(Serialize)]
struct Json<'a> {
    invoer: JsonInvoer,
    opties: JsonOpties,
    beleid: Vec<JsonBeleid<'a>>,
}

#[derive(Serialize)]
struct JsonInvoer {
    huishoudens: usize,
    personen: u64,
    gemeenten: usize,
    weken: Vec<u32>,
}

#[derive(Serialize)]
struct JsonOpties {
    marge: u32,
    seed: u64,
    tijdslimiet_s: f64,
    gap: Option<f64>,
}

#[derive(Serialize)]
struct JsonBeleid<'a> {
    beleid: &'static str,
    omschrijving: &'static str,
    totale_score: f64,
    aandeel_achteraf: f64,
    doelwaarde: f64,
    tekort_personen: f64,
    gemeenten_met_tekort: usize,
    ongekoppeld: usize,
    top3_regio_aandeel: f64,
    regio_score_min: Option<f64>,
    regio_score_max: Option<f64>,
    boven_capaciteit: i64,
    oplossingen: usize,
    onbewezen: usize,
    per_regio: Vec<JsonRegio>,
    tekort_per_gemeente: Vec<JsonTekort>,
    weken: &'a [Weekcijfers],
}

#[derive(Serialize)]
struct JsonRegio {
    arbeidsmarktregio_code: String,
    gemiddelde_score: f64,
}

#[derive(Serialize)]
struct JsonTekort {
    gemeente_code: String,
    tekort: f64,
}

fn json(s: &Gesimuleerd) -> Json<'_> {
    let inst = &s.instance;
    Json {
        invoer: JsonInvoer {
            huishoudens: inst.huishoudens.len(),
            personen: inst.personen(),
            gemeenten: inst.gemeenten.len(),
            weken: s.weken.iter().map(|w| w.0).collect(),
        },
        opties: JsonOpties {
            marge: s.gewichten.model.marge,
            seed: s.opties.seed,
            tijdslimiet_s: s.opties.basis.solver.tijdslimiet,
            gap: s.opties.basis.solver.gap,
        },
        beleid: s.resultaten.iter().map(|r| json_beleid(s, r)).collect(),
    }
}

fn json_beleid<'a>(s: &Gesimuleerd, r: &'a Resultaat) -> JsonBeleid<'a> {
    let inst = &s.instance;
    let c = &r.cijfers;
    let sp = r.spreiding();
    JsonBeleid {
        beleid: r.beleid.naam(),
        omschrijving: omschrijving(r.beleid),
        totale_score: c.totale_score,
        aandeel_achteraf: r.aandeel_achteraf,
        doelwaarde: c.doelwaarde,
        tekort_personen: c.tekort_personen,
        gemeenten_met_tekort: r.gemeenten_met_tekort(),
        ongekoppeld: c.ongekoppeld,
        top3_regio_aandeel: c.aandeel_top3,
        regio_score_min: sp.map(|m| m.0),
        regio_score_max: sp.map(|m| m.1),
        boven_capaciteit: r.boven_capaciteit,
        oplossingen: r.oplossingen,
        onbewezen: r.onbewezen,
        per_regio: inst
            .regio_indices()
            .zip(&r.regio_gemiddelden)
            .filter_map(|(regio, m)| {
                m.map(|m| JsonRegio {
                    arbeidsmarktregio_code: inst.regio(regio).code.to_string(),
                    gemiddelde_score: m,
                })
            })
            .collect(),
        tekort_per_gemeente: r
            .per_gemeente
            .iter()
            .filter(|e| e.tekort > 1e-9)
            .map(|e| JsonTekort {
                gemeente_code: inst.gemeente(e.gemeente).code.to_string(),
                tekort: e.tekort,
            })
            .collect(),
        weken: &r.weken,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulatie::{KOPIEEN_MAX, TOEKOMST_MAX};

    /// The description of `vooruitziend` names the draw's limits in words: they must be the
    /// constants the draw uses.
    #[test]
    fn the_description_of_vooruitziend_names_the_limits_of_its_draw() {
        let tekst = omschrijving(Beleid::Vooruitziend);
        let woord = ["nul", "een", "twee", "drie", "vier", "vijf"][KOPIEEN_MAX];
        assert!(tekst.contains(&format!("hooguit {woord} keer")), "{tekst}");
        assert!(
            tekst.contains(&format!("samen hooguit {TOEKOMST_MAX}")),
            "{tekst}"
        );
    }
}
