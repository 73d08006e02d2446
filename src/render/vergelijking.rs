//! The output folder of `kansrijk compare` ([`Vergeleken`]): `basis/` and `variant/` (each a
//! complete report folder of `match`), `verschuivingen.csv`, `per_regio.csv`,
//! `per_gemeente.csv`, `vergelijking.md` (Dutch, for an analyst, on one screen) and
//! `vergelijking.json`. Every sentence about a move comes from [`toelichting`], which the CSV,
//! the Markdown and the JSON all use.

use serde::Serialize;

use super::csv::{getal, of_leeg, tekst, vier, Cel, Tabel};
use super::tekst::{
    beroepen, cel, getal as komma, md, meervoud, opsomming, spanning_gewijzigd, status,
};
use crate::io::output::{Soort, MERKTEKEN};
use crate::vergelijking::{Effect, Oorzaak, Vergeleken, Verschuiving, Wijziging};

/// Every file of the folder, with its name (subfolders included).
pub fn render(v: &Vergeleken) -> Vec<(String, Vec<u8>)> {
    // the two reports are independent: rendered side by side
    let (basis, variant) = rayon::join(|| super::render(&v.basis), || super::render(&v.variant));
    let mut files = Vec::new();
    for (map, bestanden) in [("basis", basis), ("variant", variant)] {
        files.push((
            format!("{map}/{MERKTEKEN}"),
            Soort::Rapport.merkteken().into_bytes(),
        ));
        for (naam, inhoud) in bestanden {
            files.push((format!("{map}/{naam}"), inhoud));
        }
    }
    files.push(("verschuivingen.csv".to_string(), verschuivingen(v)));
    files.push((
        "per_regio.csv".to_string(),
        effecten(v, &v.per_regio, false),
    ));
    files.push((
        "per_gemeente.csv".to_string(),
        effecten(v, &v.per_gemeente, true),
    ));
    files.push(("vergelijking.md".to_string(), markdown(v).into_bytes()));
    let mut json = serde_json::to_vec_pretty(&json(v)).expect("plain data");
    json.push(b'\n');
    files.push(("vergelijking.json".to_string(), json));
    files
}

/// How a value changed, read from both values: the factor (to 2 decimals), or "gezet" from 0.
fn hoe(van: f64, naar: f64) -> String {
    if van > 0.0 {
        format!("x{}", super::tekst::factor(naar / van, 2))
    } else {
        "gezet".to_string()
    }
}

/// One change of the input, in Dutch.
pub fn wijziging(w: &Wijziging) -> String {
    match w {
        Wijziging::Spanning {
            regio,
            regio_naam,
            klasse,
            van,
            naar,
        } => spanning_gewijzigd(
            *klasse,
            &format!("{regio_naam} ({regio})"),
            *van,
            *naar,
            &hoe(*van, *naar),
        ),
        Wijziging::Rest {
            gemeente,
            naam,
            van,
            naar,
        } => format!("resterende taakstelling van {naam} ({gemeente}): {van} naar {naar} personen"),
        Wijziging::Gewicht { naam, van, naar } => {
            format!("instelling {naam}: {van} naar {naar}")
        }
        Wijziging::Huishoudens {
            alleen_basis,
            alleen_variant,
        } => format!(
            "{} alleen in de basis, {} alleen in de variant",
            meervoud(*alleen_basis, "huishouden", "huishoudens"),
            meervoud(*alleen_variant, "huishouden", "huishoudens")
        ),
    }
}

/// Whether the variant keeps the most households where the base put them, as proven or not.
fn behoud(v: &Vergeleken) -> String {
    match &v.variant.vorige {
        Some(x) if x.bewezen => format!(
            "De variant is optimaal voor de variant en houdt {} van de {} huishoudens waar de basis ze koppelde: bewezen het meeste van alle koppelingen die even goed zijn, dus alleen verschuivingen die de wijziging afdwingt.",
            x.behouden, x.vergeleken
        ),
        Some(x) => format!(
            "De variant houdt {} van de {} huishoudens waar de basis ze koppelde, maar de solver bewees niet dat geen even goede koppeling er meer houdt: een deel van de verschuivingen kan onnodig zijn.",
            x.behouden, x.vergeleken
        ),
        None => String::new(),
    }
}

/// The changes for the Markdown: spanning changes of one beroepsklasse by one factor in more
/// than three regions as one line.
fn samengevat(wijzigingen: &[Wijziging]) -> Vec<String> {
    let factor = |van: f64, naar: f64| hoe(van, naar);
    let mut groepen: Vec<((crate::model::Beroepsklasse, String), usize)> = Vec::new();
    for w in wijzigingen {
        if let Wijziging::Spanning {
            klasse, van, naar, ..
        } = w
        {
            let sleutel = (*klasse, factor(*van, *naar));
            match groepen.iter_mut().find(|(k, _)| *k == sleutel) {
                Some((_, n)) => *n += 1,
                None => groepen.push((sleutel, 1)),
            }
        }
    }
    let mut out = Vec::new();
    let mut gedaan = Vec::new();
    for w in wijzigingen {
        if let Wijziging::Spanning {
            klasse, van, naar, ..
        } = w
        {
            let sleutel = (*klasse, factor(*van, *naar));
            let n = groepen
                .iter()
                .find(|(k, _)| *k == sleutel)
                .map_or(1, |(_, n)| *n);
            if n > 3 {
                if !gedaan.contains(&sleutel) {
                    out.push(format!(
                        "spanning {} ({klasse}) in {n} regio's: {}",
                        beroepen(*klasse),
                        sleutel.1
                    ));
                    gedaan.push(sleutel);
                }
                continue;
            }
        }
        out.push(wijziging(w));
    }
    out
}

/// The changes of the input that bear on component `component` in region `regio`: its
/// spanning there (for `werk`) and its weights.
fn achter<'a>(
    v: &'a Vergeleken,
    component: &str,
    regio: &crate::model::RegioCode,
) -> Vec<&'a Wijziging> {
    v.wijzigingen
        .iter()
        .filter(|w| match w {
            Wijziging::Spanning { regio: r, .. } => component == "werk" && r == regio,
            Wijziging::Gewicht { naam, .. } => {
                naam.starts_with(&format!("{component}.")) || naam == "combinatie"
            }
            _ => false,
        })
        .collect()
}

/// Why household `s` moved, in one Dutch sentence: the `toelichting` of `verschuivingen.csv`,
/// the Markdown and the JSON. A displacement is told as its chain: who took the place, who took
/// that one's place, and so on to the household whose own cause started it.
pub fn toelichting(v: &Vergeleken, s: &Verschuiving) -> String {
    let mut zin = match &s.oorzaak {
        Oorzaak::Verdrongen { .. } => keten(v, s),
        _ => hoofdzin(s, &kort(v, s)),
    };
    zin.push_str("; ");
    zin.push_str(&match &s.variant {
        Some(p) => format!("nu naar {} ({})", p.gemeente_naam, p.regio_naam),
        None => "nu niet gekoppeld".to_string(),
    });
    zin.push('.');
    zin
}

/// The chain of a displacement: "Verdrongen uit A door H2, dat zelf uit B verdrongen werd door
/// H3; H3: eigen score veranderd: ...".
fn keten(v: &Vergeleken, s: &Verschuiving) -> String {
    let mut zin = String::new();
    let mut gezien = vec![s.huishouden.as_str()];
    let mut huidig = s;
    loop {
        let Oorzaak::Verdrongen { door } = &huidig.oorzaak else {
            // the household that started it, and its own cause
            zin.push_str(&format!("; {}: {}", huidig.huishouden, kort(v, huidig)));
            break;
        };
        let uit = huidig
            .basis
            .as_ref()
            .map_or("?", |p| p.gemeente_naam.as_str());
        let wie = &door[0];
        let anderen = if door.len() > 1 {
            format!(" (en {} andere)", door.len() - 1)
        } else {
            String::new()
        };
        if huidig.huishouden == s.huishouden {
            zin.push_str(&format!("Verdrongen uit {uit} door {wie}{anderen}"));
        } else {
            zin.push_str(&format!(
                ", dat zelf uit {uit} verdrongen werd door {wie}{anderen}"
            ));
        }
        if gezien.contains(&wie.as_str()) {
            zin.push_str(" (een kring van verdringingen)");
            break;
        }
        gezien.push(wie);
        match v.verschuiving(wie) {
            Some(volgende) => huidig = volgende,
            None => break,
        }
    }
    zin
}

/// The sentence of a cause other than displacement, from its short clause.
fn hoofdzin(s: &Verschuiving, kort: &str) -> String {
    match &s.oorzaak {
        Oorzaak::MinderRuimte {
            gemeente,
            van,
            naar,
        } => format!(
            "{} heeft in de variant plaats voor {naar} in plaats van {van} personen",
            basisnaam(s, gemeente)
        ),
        Oorzaak::NietToegestaan { gemeente } => format!(
            "{} is in de variant niet meer toegestaan voor dit huishouden",
            basisnaam(s, gemeente)
        ),
        _ => hoofdletter(kort),
    }
}

/// A short clause on why `s` moved, for chains ("dat daar nu beter past: ...").
fn kort(v: &Vergeleken, s: &Verschuiving) -> String {
    match &s.oorzaak {
        Oorzaak::EigenScore {
            gemeente_naam,
            regio,
            regio_naam,
            component,
            van,
            naar,
            ..
        } => {
            let waarom = achter(v, component, regio);
            let door = if waarom.is_empty() {
                String::new()
            } else {
                format!(
                    ", door {}",
                    opsomming(&waarom.iter().map(|w| wijziging(w)).collect::<Vec<_>>())
                )
            };
            format!(
                "eigen score veranderd: {component} in {gemeente_naam} ({regio_naam}) van {} naar {}{door}",
                komma(*van, 2),
                komma(*naar, 2)
            )
        }
        Oorzaak::Verdrongen { .. } => "werd zelf verdrongen".to_string(),
        Oorzaak::RuimteVrij { gemeente } => format!(
            "het verschil in eigen score tussen beide gemeenten bleef gelijk, maar in {} kwam plaats vrij",
            s.variant
                .as_ref()
                .filter(|p| &p.gemeente == gemeente)
                .map_or(gemeente.to_string(), |p| p.gemeente_naam.clone())
        ),
        Oorzaak::MinderRuimte { .. } => "verloor zijn plaats doordat de gemeente minder ruimte heeft".to_string(),
        Oorzaak::NietToegestaan { .. } => "mocht niet meer in zijn gemeente blijven".to_string(),
        Oorzaak::Nieuw => "staat alleen in de invoer van de variant".to_string(),
        Oorzaak::Weg => "staat alleen in de invoer van de basis".to_string(),
        Oorzaak::Anders => "het verschil in eigen score tussen beide gemeenten en hun plaats bleven gelijk; de optimale koppeling als geheel veranderde".to_string(),
    }
}

fn hoofdletter(s: &str) -> String {
    super::tekst::hoofdletter(s)
}

/// The base gemeente's name when it is `code`, else the code.
fn basisnaam(s: &Verschuiving, code: &crate::model::GemeenteCode) -> String {
    match &s.basis {
        Some(p) if &p.gemeente == code => p.gemeente_naam.clone(),
        _ => code.to_string(),
    }
}

fn verschuivingen(v: &Vergeleken) -> Vec<u8> {
    let mut t = Tabel::nieuw(
        v.basis.opties.csv,
        &[
            "huishouden_id",
            "personen",
            "basis_gemeente_code",
            "variant_gemeente_code",
            "basis_regio_code",
            "variant_regio_code",
            "basis_score",
            "variant_score",
            "oorzaak",
            "toelichting",
        ],
    );
    for s in &v.verschuivingen {
        let code = |p: &Option<crate::vergelijking::Plek>, regio: bool| {
            tekst(
                p.as_ref()
                    .map(|p| {
                        if regio {
                            p.regio.to_string()
                        } else {
                            p.gemeente.to_string()
                        }
                    })
                    .unwrap_or_default(),
            )
        };
        t.rij([
            tekst(s.huishouden.as_str()),
            getal(s.personen),
            code(&s.basis, false),
            code(&s.variant, false),
            code(&s.basis, true),
            code(&s.variant, true),
            of_leeg(s.basis.as_ref().map(|p| vier(p.score))),
            of_leeg(s.variant.as_ref().map(|p| vier(p.score))),
            tekst(s.oorzaak.code()),
            tekst(toelichting(v, s)),
        ]);
    }
    t.klaar()
}

fn effecten(v: &Vergeleken, rijen: &[Effect], gemeente: bool) -> Vec<u8> {
    let (code, naam) = if gemeente {
        ("gemeente_code", "gemeente_naam")
    } else {
        ("arbeidsmarktregio_code", "arbeidsmarktregio_naam")
    };
    let kop = vec![
        code,
        naam,
        "personen_basis",
        "personen_variant",
        "huishoudens_in",
        "huishoudens_uit",
        "gemiddelde_score_basis",
        "gemiddelde_score_variant",
        "tekort_basis",
        "tekort_variant",
        "huishoudens_basis",
        "huishoudens_variant",
        "personen_in",
        "personen_uit",
        "prijs_taakstellingen_basis",
        "prijs_taakstellingen_variant",
    ];
    let mut t = Tabel::nieuw(v.basis.opties.csv, &kop);
    for e in rijen {
        let cellen: Vec<Cel> = vec![
            tekst(e.code.as_str()),
            tekst(e.naam.as_str()),
            getal(e.personen_basis),
            getal(e.personen_variant),
            getal(e.huishoudens_in),
            getal(e.huishoudens_uit),
            of_leeg(e.gemiddelde_score_basis.map(vier)),
            of_leeg(e.gemiddelde_score_variant.map(vier)),
            vier(e.tekort_basis),
            vier(e.tekort_variant),
            getal(e.huishoudens_basis),
            getal(e.huishoudens_variant),
            getal(e.personen_in),
            getal(e.personen_uit),
            vier(e.prijs_basis),
            vier(e.prijs_variant),
        ];
        t.rij(cellen);
    }
    t.klaar()
}

/// Movers listed in the Markdown; all are in `verschuivingen.csv`.
const MAX_MD: usize = 25;

fn markdown(v: &Vergeleken) -> String {
    use std::fmt::Write;
    let (b, w) = (&v.basis.oplossing, &v.variant.oplossing);
    let mut s = String::new();
    let _ = writeln!(s, "# Wat als: vergelijking\n");
    let _ = writeln!(
        s,
        "Basis: {}. Variant: {}.\n",
        md(&v.basis.bron),
        md(&v.variant_bron)
    );
    let _ = writeln!(s, "## De wijziging\n");
    if let Some(sc) = &v.scenario {
        let _ = writeln!(
            s,
            "Scenario **{}** ({}).\n",
            md(&sc.naam),
            super::tekst::code(&sc.bestand)
        );
        if let Some(o) = &sc.omschrijving {
            let _ = writeln!(s, "{}\n", md(o.trim()));
        }
        for w in &sc.wijzigingen {
            let _ = writeln!(
                s,
                "- {} (regel {})",
                md(&super::scenario::wijziging(w)),
                w.regel.line
            );
        }
        let _ = writeln!(
            s,
            "\nDe invoer van de variant staat in `variant-invoer/`.\n"
        );
    } else if v.wijzigingen.is_empty() {
        let _ = writeln!(
            s,
            "De invoer van de variant is gelijk aan die van de basis.\n"
        );
    } else {
        for x in samengevat(&v.wijzigingen) {
            let _ = writeln!(s, "- {}", md(&x));
        }
        s.push('\n');
    }
    let _ = writeln!(s, "## Het effect\n");
    let _ = writeln!(s, "| | basis | variant | verschil |\n|---|---:|---:|---:|");
    let rij = |s: &mut String, naam: &str, x: f64, y: f64, d: usize| {
        let _ = writeln!(
            s,
            "| {naam} | {} | {} | {} |",
            komma(x, d),
            komma(y, d),
            komma(y - x, d)
        );
    };
    rij(
        &mut s,
        "totale score (passendheid)",
        b.totale_score,
        w.totale_score,
        2,
    );
    rij(&mut s, "doelwaarde", b.doelwaarde, w.doelwaarde, 2);
    rij(
        &mut s,
        "tekort op de taakstelling (personen)",
        b.tekort_personen,
        w.tekort_personen,
        1,
    );
    rij(
        &mut s,
        "niet gekoppeld (huishoudens)",
        b.ongekoppeld as f64,
        w.ongekoppeld as f64,
        0,
    );
    rij(
        &mut s,
        "prijs van de taakstellingen (score)",
        v.basis.quotaprijs.prijs(),
        v.variant.quotaprijs.prijs(),
        2,
    );
    let _ = writeln!(
        s,
        "\nStatus: basis {}, variant {}. {}\n",
        status(b.status),
        status(w.status),
        behoud(v)
    );
    let personen: i64 = v.verschuivingen.iter().map(|x| i64::from(x.personen)).sum();
    let _ = writeln!(s, "## Wie verschuift\n");
    let _ = writeln!(
        s,
        "{} ({}) krijgen een andere gemeente; {} daarvan een andere arbeidsmarktregio.\n",
        meervoud(v.verschuivingen.len(), "huishouden", "huishoudens"),
        super::tekst::personen(personen),
        v.andere_regio()
    );
    let regios: Vec<&Effect> = v
        .per_regio
        .iter()
        .filter(|e| e.huishoudens_in + e.huishoudens_uit > 0)
        .collect();
    if !regios.is_empty() {
        let _ = writeln!(
            s,
            "| regio | huishoudens in | uit | personen basis | variant | gem. score basis | variant |\n|---|---:|---:|---:|---:|---:|---:|"
        );
        for e in regios {
            let gem = |x: Option<f64>| x.map_or("-".to_string(), |x| komma(x, 2));
            let _ = writeln!(
                s,
                "| {} ({}) | {} | {} | {} | {} | {} | {} |",
                cel(&e.naam),
                cel(&e.code),
                e.huishoudens_in,
                e.huishoudens_uit,
                e.personen_basis,
                e.personen_variant,
                gem(e.gemiddelde_score_basis),
                gem(e.gemiddelde_score_variant)
            );
        }
        s.push('\n');
    }
    for x in v.verschuivingen.iter().take(MAX_MD) {
        let _ = writeln!(
            s,
            "- **{}** ({}): {}",
            md(&x.huishouden),
            super::tekst::personen(i64::from(x.personen)),
            md(&toelichting(v, x))
        );
    }
    if v.verschuivingen.len() > MAX_MD {
        let _ = writeln!(
            s,
            "\nEn nog {}: alle in `verschuivingen.csv`.",
            meervoud(v.verschuivingen.len() - MAX_MD, "huishouden", "huishoudens")
        );
    }
    let _ = writeln!(
        s,
        "\nPer regio en per gemeente: `per_regio.csv`, `per_gemeente.csv`. Beide runs volledig, met hun uitleg per koppeling: `basis/` en `variant/` (ook voor `kansrijk explain` en `kansrijk check`)."
    );
    s
}

#[derive(Serialize)]
struct Json<'a> {
    basis: Kant<'a>,
    variant: Kant<'a>,
    wijzigingen: Vec<String>,
    verschuivingen: Vec<JsonVerschuiving<'a>>,
    andere_regio: usize,
}

/// One run's figures in `vergelijking.json` and `sweep.json`.
#[derive(Serialize)]
pub(super) struct Kant<'a> {
    bron: &'a str,
    status: crate::solve::Status,
    doelwaarde: f64,
    grens: f64,
    gap: f64,
    totale_score: f64,
    tekort_personen: f64,
    ongekoppeld: usize,
    prijs_taakstellingen: f64,
}

#[derive(Serialize)]
struct JsonVerschuiving<'a> {
    huishouden_id: &'a str,
    personen: u32,
    basis_gemeente_code: Option<String>,
    variant_gemeente_code: Option<String>,
    oorzaak: &'static str,
    toelichting: String,
}

fn kant<'a>(u: &'a crate::uitkomst::Uitkomst, bron: &'a str) -> Kant<'a> {
    kant_van(&u.oplossing, bron, u.quotaprijs.prijs())
}

/// [`Kant`] of a solution `o`, named `bron`, whose quotas cost `prijs`.
pub(super) fn kant_van<'a>(o: &crate::solve::Oplossing, bron: &'a str, prijs: f64) -> Kant<'a> {
    Kant {
        bron,
        status: o.status,
        doelwaarde: o.doelwaarde,
        grens: o.grens,
        gap: o.gap,
        totale_score: o.totale_score,
        tekort_personen: o.tekort_personen,
        ongekoppeld: o.ongekoppeld,
        prijs_taakstellingen: prijs,
    }
}

fn json(v: &Vergeleken) -> Json<'_> {
    Json {
        basis: kant(&v.basis, &v.basis.bron),
        variant: kant(&v.variant, &v.variant_bron),
        wijzigingen: v.wijzigingen.iter().map(wijziging).collect(),
        verschuivingen: v
            .verschuivingen
            .iter()
            .map(|s| JsonVerschuiving {
                huishouden_id: &s.huishouden,
                personen: s.personen,
                basis_gemeente_code: s.basis.as_ref().map(|p| p.gemeente.to_string()),
                variant_gemeente_code: s.variant.as_ref().map(|p| p.gemeente.to_string()),
                oorzaak: s.oorzaak.code(),
                toelichting: toelichting(v, s),
            })
            .collect(),
        andere_regio: v.andere_regio(),
    }
}
