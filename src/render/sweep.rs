//! The output folder of `kansrijk compare --sweep` ([`Gesweept`]): `basis/` (the base's
//! complete report folder), `sweep.csv` (one row per value: total fit, moves, the region's
//! inflow), `sweep_per_regio.csv` (one row per value and region, long form for plotting),
//! `sweep.md` (Dutch, the table on one screen) and `sweep.json`.

use serde::Serialize;

use super::csv::{getal, of_leeg, tekst, vier, Cel, Tabel};
use super::tekst::{code, getal as komma, md, status};
use super::vergelijking::{kant_van, Kant};
use crate::io::output::{Soort, MERKTEKEN};
use crate::vergelijking::{Effect, Gesweept, Stap};

/// Every file of the folder, with its name (subfolders included).
pub fn render(g: &Gesweept) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![(
        format!("basis/{MERKTEKEN}"),
        Soort::Rapport.merkteken().into_bytes(),
    )];
    for (naam, inhoud) in super::render(&g.basis) {
        files.push((format!("basis/{naam}"), inhoud));
    }
    files.push(("sweep.csv".to_string(), per_stap(g)));
    files.push(("sweep_per_regio.csv".to_string(), per_regio(g)));
    files.push(("sweep.md".to_string(), markdown(g).into_bytes()));
    let mut json = serde_json::to_vec_pretty(&json(g)).expect("plain data");
    json.push(b'\n');
    files.push(("sweep.json".to_string(), json));
    files
}

/// The step's row of the region the swept rule is about.
fn regio<'a>(g: &Gesweept, s: &'a Stap) -> Option<&'a Effect> {
    let code = g.regio.as_ref()?;
    s.per_regio.iter().find(|e| e.code == code.as_str())
}

fn per_stap(g: &Gesweept) -> Vec<u8> {
    let mut t = Tabel::nieuw(
        g.basis.opties.csv,
        &[
            "waarde",
            "status",
            "doelwaarde",
            "grens",
            "gap",
            "totale_score",
            "verschil_totale_score",
            "tekort_personen",
            "ongekoppeld",
            "huishoudens_verschoven",
            "personen_verschoven",
            "naar_andere_regio",
            "arbeidsmarktregio_code",
            "personen_regio_basis",
            "personen_regio",
            "huishoudens_regio_in",
            "huishoudens_regio_uit",
            "prijs_taakstellingen",
        ],
    );
    let basis = &g.basis.oplossing;
    for s in &g.stappen {
        let o = &s.oplossing;
        let r = regio(g, s);
        t.rij([
            getal(s.waarde),
            tekst(
                serde_json::to_value(o.status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
            ),
            vier(o.doelwaarde),
            vier(o.grens),
            getal(format!("{:.6}", o.gap)),
            vier(o.totale_score),
            vier(o.totale_score - basis.totale_score),
            vier(o.tekort_personen),
            getal(o.ongekoppeld),
            getal(s.verschoven),
            getal(s.personen_verschoven),
            getal(s.andere_regio),
            tekst(
                g.regio
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            ),
            of_leeg(r.map(|e| getal(e.personen_basis))),
            of_leeg(r.map(|e| getal(e.personen_variant))),
            of_leeg(r.map(|e| getal(e.huishoudens_in))),
            of_leeg(r.map(|e| getal(e.huishoudens_uit))),
            vier(s.prijs_taakstellingen),
        ]);
    }
    t.klaar()
}

fn per_regio(g: &Gesweept) -> Vec<u8> {
    let mut t = Tabel::nieuw(
        g.basis.opties.csv,
        &[
            "waarde",
            "arbeidsmarktregio_code",
            "arbeidsmarktregio_naam",
            "personen_basis",
            "personen",
            "huishoudens",
            "huishoudens_in",
            "huishoudens_uit",
            "personen_in",
            "personen_uit",
            "gemiddelde_score",
            "tekort",
            "prijs_taakstellingen",
        ],
    );
    for s in &g.stappen {
        for e in &s.per_regio {
            let cellen: Vec<Cel> = vec![
                getal(s.waarde),
                tekst(e.code.as_str()),
                tekst(e.naam.as_str()),
                getal(e.personen_basis),
                getal(e.personen_variant),
                getal(e.huishoudens_variant),
                getal(e.huishoudens_in),
                getal(e.huishoudens_uit),
                getal(e.personen_in),
                getal(e.personen_uit),
                of_leeg(e.gemiddelde_score_variant.map(vier)),
                vier(e.tekort_variant),
                vier(e.prijs_variant),
            ];
            t.rij(cellen);
        }
    }
    t.klaar()
}

fn markdown(g: &Gesweept) -> String {
    use std::fmt::Write;
    let b = &g.basis.oplossing;
    let sw = &g.sweep;
    let mut s = String::new();
    let _ = writeln!(s, "# Wat als: reeks\n");
    let _ = writeln!(
        s,
        "Basis: {}. Scenario **{}** ({}), met {} (regel {}, in het bestand {}) op {} waarden van {} tot en met {}. Elke waarde is een variant, opgelost zoals `kansrijk compare` dat doet: optimaal, en met zo veel mogelijk huishoudens waar de basis ze koppelde.\n",
        md(&g.basis.bron),
        md(&g.scenario.naam),
        code(&g.scenario.bestand),
        code(&sw.kolom),
        sw.line,
        code(&sw.gegeven),
        sw.waarden.len(),
        waarde(sw.waarden[0]),
        waarde(sw.waarden[sw.waarden.len() - 1]),
    );
    let _ = writeln!(
        s,
        "De basis: totale score {}, {} personen tekort, status {}.\n",
        komma(b.totale_score, 2),
        komma(b.tekort_personen, 0),
        status(b.status)
    );
    let regio_naam = g.regio.as_ref().map(|r| {
        let naam = g
            .stappen
            .first()
            .and_then(|s| regio(g, s))
            .map_or(String::new(), |e| format!(" ({})", md(&e.naam)));
        format!("{r}{naam}")
    });
    let mut kop = vec![
        "waarde",
        "totale score",
        "verschil",
        "verschoven",
        "naar andere regio",
    ];
    let regio_kop;
    if let Some(r) = &regio_naam {
        regio_kop = format!("personen in {r}");
        kop.push(&regio_kop);
    }
    kop.extend(["tekort (personen)", "status"]);
    let _ = writeln!(s, "| {} |", kop.join(" | "));
    let _ = writeln!(
        s,
        "|{}",
        kop.iter()
            .enumerate()
            .map(|(i, _)| if i == 0 { "---|" } else { "---:|" })
            .collect::<String>()
    );
    for st in &g.stappen {
        let o = &st.oplossing;
        let mut cellen = vec![
            waarde(st.waarde),
            komma(o.totale_score, 2),
            met_teken(o.totale_score - b.totale_score),
            st.verschoven.to_string(),
            st.andere_regio.to_string(),
        ];
        if let (Some(_), Some(e)) = (&regio_naam, regio(g, st)) {
            cellen.push(format!("{} ({})", e.personen_variant, verschil(e)));
        }
        cellen.extend([komma(o.tekort_personen, 0), status(o.status)]);
        let _ = writeln!(s, "| {} |", cellen.join(" | "));
    }
    let onbewezen = g
        .stappen
        .iter()
        .filter(|st| st.verschoven > 0 && !st.behouden_bewezen)
        .count();
    let _ = writeln!(
        s,
        "\n{}\n",
        if onbewezen == 0 {
            "Bij elke waarde is het aantal verschoven huishoudens bewezen het kleinste van alle optimale koppelingen.".to_string()
        } else {
            format!(
                "Bij {onbewezen} van de {} waarden is het aantal verschoven huishoudens niet bewezen het kleinste van alle optimale koppelingen (zie `docs/compare.md`).",
                g.stappen.len()
            )
        }
    );
    let _ = writeln!(
        s,
        "`verschil`: totale score min die van de basis. `verschoven`: huishoudens in een andere gemeente dan in de basis.{} Per waarde en regio staan de cijfers in `sweep_per_regio.csv`, per waarde in `sweep.csv`; het volledige rapport van de basis staat in `basis/`. Wie er bij één waarde verschuift en waarom: `kansrijk compare` met het scenario op die waarde.",
        if regio_naam.is_some() {
            " `personen in`: personen gekoppeld in de regio van de regel, tussen haakjes het verschil met de basis."
        } else {
            ""
        }
    );
    s
}

/// A sweep value in Dutch, as few decimals as it has (`1,25`, `2`); the values are whole to
/// 1e-9 ([`crate::io::scenario::sweep`]).
fn waarde(x: f64) -> String {
    super::tekst::factor(x, 9)
}

fn met_teken(x: f64) -> String {
    let t = komma(x, 2);
    if x > 0.0 && !t.starts_with('-') {
        format!("+{t}")
    } else {
        t
    }
}

fn verschil(e: &Effect) -> String {
    let d = e.personen_variant - e.personen_basis;
    if d > 0 {
        format!("+{d}")
    } else {
        d.to_string()
    }
}

#[derive(Serialize)]
struct Json<'a> {
    basis: Kant<'a>,
    scenario: JsonScenario<'a>,
    sweep: &'a crate::io::scenario::Sweep,
    arbeidsmarktregio_code: Option<String>,
    stappen: Vec<JsonStap<'a>>,
}

#[derive(Serialize)]
struct JsonScenario<'a> {
    bestand: &'a str,
    naam: &'a str,
}

#[derive(Serialize)]
struct JsonStap<'a> {
    waarde: f64,
    #[serde(flatten)]
    variant: Kant<'a>,
    huishoudens_verschoven: usize,
    personen_verschoven: i64,
    naar_andere_regio: usize,
    behouden_bewezen: bool,
    oorzaken: &'a std::collections::BTreeMap<&'static str, usize>,
}

fn json(g: &Gesweept) -> Json<'_> {
    Json {
        basis: kant_van(
            &g.basis.oplossing,
            &g.basis.bron,
            g.basis.quotaprijs.prijs(),
        ),
        scenario: JsonScenario {
            bestand: &g.scenario.bestand,
            naam: &g.scenario.naam,
        },
        sweep: &g.sweep,
        arbeidsmarktregio_code: g.regio.as_ref().map(ToString::to_string),
        stappen: g
            .stappen
            .iter()
            .map(|s| JsonStap {
                waarde: s.waarde,
                variant: kant_van(&s.oplossing, &g.scenario.naam, s.prijs_taakstellingen),
                huishoudens_verschoven: s.verschoven,
                personen_verschoven: s.personen_verschoven,
                naar_andere_regio: s.andere_regio,
                behouden_bewezen: s.behouden_bewezen,
                oorzaken: &s.oorzaken,
            })
            .collect(),
    }
}
