//! `overdracht/GM0344_Utrecht.md` (with `match --overdracht`): one Markdown sheet per gemeente
//! that receives households, in plain Dutch for the gemeente's klantmanager (warme overdracht).
//! The data come from [`crate::explain::overdracht`], which holds only what the sheet needs;
//! the reason of each koppeling is the report's own sentence ([`toelichting_overdracht`]).
//! Pure: data in, file names and bytes out; the output folder writer puts them on disk.

use std::fmt::Write;

use super::tekst::{
    aanbod, beroepen, getal, hoofdletter, huishoudens, meervoud, personen, spanningsklasse,
    toelichting_overdracht, NIET_ECHT,
};
use super::tekst::{cel, md};
use crate::explain::overdracht::{
    overdracht, Activiteit, Inkomend, Leeftijdsklasse, Overdracht, Route, Volwassene, AOW_LEEFTIJD,
    ONDERWIJSROUTE_TOT,
};
use crate::model::{Gemeente, GemeenteIdx, Instance, RegioIdx};
use crate::uitkomst::{GemeenteResultaat, Uitkomst};

/// The subfolder of the output folder that holds the sheets.
pub const MAP: &str = "overdracht";

/// Every sheet as (`overdracht/{code}_{naam}.md`, bytes), sorted by gemeente code.
pub fn render(u: &Uitkomst) -> Vec<(String, Vec<u8>)> {
    let inst = &u.instance;
    let resultaten = u.per_gemeente();
    overdracht(inst, &u.koppelingen)
        .iter()
        .map(|o| {
            let g = inst.gemeente(o.gemeente);
            let naam = format!("{MAP}/{}", bestandsnaam(g));
            (
                naam,
                blad(u, o, resultaten.get(o.gemeente.idx())).into_bytes(),
            )
        })
        .collect()
}

/// The most bytes of a gemeente's name in its sheet's file name (all ASCII).
pub const NAAM_LENGTE: usize = 60;

/// `GM0344_Utrecht.md`: the code, then the name in letters, digits and `-` (accents dropped,
/// everything else `_`), so it is safe on every file system, and the name cut at
/// [`NAAM_LENGTE`] bytes, so that any valid name gives a file name short enough for every file
/// system (255 bytes). The code alone keeps it unique.
pub fn bestandsnaam(g: &Gemeente) -> String {
    let mut naam = String::new();
    for c in g.naam.chars() {
        if naam.len() >= NAAM_LENGTE {
            break;
        }
        match zonder_accent(c) {
            Some(c) if c.is_ascii_alphanumeric() || c == '-' => naam.push(c),
            _ if !naam.is_empty() && !naam.ends_with('_') => naam.push('_'),
            _ => {}
        }
    }
    let naam = naam.trim_end_matches('_');
    if naam.is_empty() {
        format!("{}.md", g.code)
    } else {
        format!("{}_{naam}.md", g.code)
    }
}

/// The ASCII letter under a Latin letter with a diacritic (`â` -> `a`); ASCII as is; `None`
/// for anything else.
fn zonder_accent(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
    let basis = match c.to_lowercase().next().unwrap_or(c) {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'ç' => 'c',
        'ñ' => 'n',
        _ => return None,
    };
    Some(if c.is_uppercase() {
        basis.to_ascii_uppercase()
    } else {
        basis
    })
}

/// One gemeente's sheet.
fn blad(u: &Uitkomst, o: &Overdracht, r: Option<&GemeenteResultaat>) -> String {
    let inst = &u.instance;
    let g = inst.gemeente(o.gemeente);
    let mut s = String::new();
    kop(&mut s, u, o, r);
    for h in &o.huishoudens {
        huishouden(&mut s, u, g, h);
    }
    let _ = writeln!(s, "## Over de voorgestelde inburgeringsroute\n");
    let _ = writeln!(s, "Een vuistregel op leeftijd en opleidingsniveau, niets anders (Wet inburgering 2021). Jonger dan {ONDERWIJSROUTE_TOT} jaar: onderwijsroute (een taalschakeltraject naar mbo, hbo of wo). Vanaf {ONDERWIJSROUTE_TOT} jaar met opleidingsniveau laag: Z-route (zelfredzaamheidsroute); laag loopt van geen scholing tot en met lager voortgezet onderwijs, dus de leerbaarheidstoets wijst uit of de B1-route haalbaar is. De overige volwassenen: B1-route (Nederlands tot B1, samen met werk of vrijwilligerswerk). Vanaf de AOW-leeftijd ({AOW_LEEFTIJD} jaar) geldt geen inburgeringsplicht. Het is een suggestie: de gemeente kiest de route na de brede intake.");
    s
}

fn kop(s: &mut String, u: &Uitkomst, o: &Overdracht, r: Option<&GemeenteResultaat>) {
    let inst = &u.instance;
    let g = inst.gemeente(o.gemeente);
    let regio = inst.regio(g.regio);
    let _ = writeln!(s, "# Warme overdracht aan {} ({})\n", md(&g.naam), g.code);
    let _ = writeln!(
        s,
        "- Arbeidsmarktregio: {} ({}).",
        md(&regio.naam),
        regio.code
    );
    let _ = writeln!(
        s,
        "- Er komen {} met samen {}.",
        huishoudens(o.huishoudens.len()),
        personen(i64::from(o.personen()))
    );
    if let Some(r) = r {
        let _ = writeln!(
            s,
            "- Taakstelling: {}; in deze koppeling is het doel {} en de capaciteit {}, en er {} {} ({}).",
            rest(r.rest),
            getal(r.doel, 2),
            personen(r.cap),
            if r.toegewezen == 1 { "komt" } else { "komen" },
            personen(r.toegewezen),
            verschil(r.verschil())
        );
    }
    let _ = writeln!(s, "- Dit is een planningsvoorstel, geen besluit. De gegevens zijn beperkt tot wat nodig is om de komst voor te bereiden: samenstelling in leeftijdsgroepen, opleidingsniveau, werkervaring, of er een zorgbehoefte is en de reden van de koppeling. Namen, exacte leeftijden, geslacht, nationaliteit, land van herkomst, godsdienst en medische gegevens staan er bewust niet in.");
    if u.voorbeeld || u.herkomst.niet_echt() {
        let _ = writeln!(s, "- {NIET_ECHT}");
    }
    let _ = writeln!(s, "\nDe voorgestelde inburgeringsroute is een suggestie; de gemeente kiest de route na de brede intake (zie onderaan).\n");
}

fn huishouden(s: &mut String, u: &Uitkomst, g: &Gemeente, h: &Inkomend) {
    let inst = &u.instance;
    let _ = writeln!(s, "## Huishouden {}\n", cel(h.id.as_str()));
    let _ = writeln!(s, "- Samenstelling: {}.", samenstelling(h));
    if h.zorgbehoefte {
        let _ = writeln!(s, "- Zorgbehoefte: ja.");
    }
    if let Some(k) = u.koppelingen.get(h.koppeling) {
        let _ = writeln!(s, "- Waarom hier: {}", md(&toelichting_overdracht(inst, k)));
    }
    if !h.volwassenen.is_empty() {
        let _ = writeln!(
            s,
            "\n| volwassene | leeftijd | opleidingsniveau | werkervaring | voorgestelde route |"
        );
        let _ = writeln!(s, "|---:|---|---|---|---|");
        for (i, v) in h.volwassenen.iter().enumerate() {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                i + 1,
                klasse(v.leeftijd),
                v.opleidingsniveau.as_str(),
                werkervaring(v),
                route_naam(v.route)
            );
        }
    }
    let _ = writeln!(s, "\nVoor de wachttijd in het AZC:\n");
    for (i, v) in h.volwassenen.iter().enumerate() {
        let delen: Vec<String> = v
            .activiteiten
            .iter()
            .map(|a| activiteit(inst, g, a))
            .collect();
        let _ = writeln!(
            s,
            "- Volwassene {}: {}.",
            i + 1,
            md(&hoofdletter(&delen.join("; ")))
        );
    }
    for a in &h.activiteiten {
        let _ = writeln!(s, "- {}.", md(&hoofdletter(&activiteit(inst, g, a))));
    }
    s.push('\n');
}

/// `2 volwassenen en 3 kinderen (1 van 0–3 jaar, 2 van 4–11 jaar)`.
fn samenstelling(h: &Inkomend) -> String {
    let volwassenen = meervoud(h.volwassenen.len(), "volwassene", "volwassenen");
    if h.kinderen.is_empty() {
        return volwassenen;
    }
    let klassen: Vec<String> = h
        .kinderen
        .iter()
        .map(|(k, n)| format!("{n} van {}", klasse(*k)))
        .collect();
    let totaal = h.kinderen.iter().map(|(_, n)| n).sum();
    let kinderen = format!(
        "{} ({})",
        meervoud(totaal, "kind", "kinderen"),
        klassen.join(", ")
    );
    if h.volwassenen.is_empty() {
        format!("geen volwassenen, {kinderen}")
    } else {
        format!("{volwassenen} en {kinderen}")
    }
}

/// The remaining quota in words: `nog 9 personen te huisvesten`, or the voorsprong.
fn rest(rest: i64) -> String {
    let n = personen(rest.abs());
    if rest < 0 {
        format!("een voorsprong van {n}")
    } else {
        format!("nog {n} te huisvesten")
    }
}

/// `toegewezen - rest` in words: `2 meer dan de rest`.
fn verschil(v: i64) -> String {
    match v {
        0 => "precies de rest".to_string(),
        v if v > 0 => format!("{v} meer dan de rest"),
        v => format!("{} minder dan de rest", -v),
    }
}

/// `28–39 jaar`, `67 jaar of ouder`.
fn klasse(k: Leeftijdsklasse) -> String {
    match k.tot {
        Some(tot) => format!("{}–{tot} jaar", k.van),
        None => format!("{} jaar of ouder", k.van),
    }
}

fn werkervaring(v: &Volwassene) -> String {
    match (v.beroepsklasse, v.ervaring_jaren) {
        (Some(k), 0) => format!("{} (aantal jaren niet opgegeven)", hoofdletter(beroepen(k))),
        (Some(k), j) => format!("{}, {j} jaar", hoofdletter(beroepen(k))),
        (None, 0) => "geen opgegeven".to_string(),
        (None, j) => format!("{j} jaar (beroepsklasse niet opgegeven)"),
    }
}

fn route_naam(r: Route) -> &'static str {
    match r {
        Route::Onderwijsroute => "onderwijsroute",
        Route::B1Route => "B1-route",
        Route::ZRoute => "Z-route",
        Route::GeenPlicht => "geen (AOW-leeftijd)",
        Route::School => "geen (school)",
    }
}

/// An activity as a phrase without final period; `g` is the receiving gemeente.
fn activiteit(inst: &Instance, g: &Gemeente, a: &Activiteit) -> String {
    let gemeente = |g: GemeenteIdx| inst.gemeenten.get(g.idx()).map(|n| n.naam.as_str());
    let regio = |r: RegioIdx| inst.regios.get(r.idx());
    match a {
        Activiteit::Taal { route } => match route {
            Route::ZRoute => "start met Nederlands in het AZC, met aandacht voor lezen en schrijven (alfabetisering waar nodig)".to_string(),
            Route::GeenPlicht => "Nederlands leren in het AZC als de persoon dat wil (geen plicht)".to_string(),
            Route::School => "naar school".to_string(),
            Route::Onderwijsroute | Route::B1Route => "start met Nederlands (NT2) in het AZC".to_string(),
        },
        Activiteit::Onderwijs { regio: r } => match regio(*r) {
            Some(r) => format!(
                "oriëntatie op een opleiding in {} ({}) als voorbereiding op het taalschakeltraject",
                r.naam,
                aanbod(r)
            ),
            None => "oriëntatie op een opleiding als voorbereiding op het taalschakeltraject".to_string(),
        },
        Activiteit::Diplomawaardering => "diploma's laten waarderen via IDW (Internationale Diplomawaardering), met het UAF als steun bij studie of werk op hbo- of wo-niveau".to_string(),
        Activiteit::Werk {
            beroepsklasse,
            spanning,
            regio: r,
            uit_interesse,
        } => format!(
            "oriëntatie op werk in {}, waar de arbeidsmarkt {} is voor {}{}",
            regio(*r).map_or("de regio", |r| r.naam.as_str()),
            spanningsklasse(*spanning),
            beroepen(*beroepsklasse),
            if *uit_interesse { " (de richting van de interesse)" } else { "" }
        ),
        Activiteit::School { klasse: k, kinderen } => {
            let wie = format!("{} van {}", meervoud(*kinderen, "kind", "kinderen"), klasse(*k));
            let wat = match k.van {
                v if v < 4 => format!("voorschoolse educatie of kinderopvang in {} verkennen", g.naam),
                v if v < 12 => format!("inschrijving bij een basisschool in {} voorbereiden", g.naam),
                _ => format!("inschrijving in het voortgezet onderwijs (bijvoorbeeld een internationale schakelklas) in of bij {} voorbereiden", g.naam),
            };
            format!("{wie}: {wat}")
        }
        Activiteit::Netwerk { gemeente: n } => format!(
            "netwerk: contact leggen met de familie of gemeenschap in {}, als steun bij de start",
            gemeente(*n).unwrap_or(&g.naam)
        ),
        Activiteit::DoorgaandeLijn { azc } => format!(
            "doorgaande lijn: met de casemanager van het COA in {} afstemmen welke trajecten al lopen, zodat ze doorlopen",
            gemeente(*azc).unwrap_or("het AZC")
        ),
        Activiteit::Zorgoverdracht => "zorg: de overdracht van de zorg afstemmen met de casemanager van het COA; medische gegevens gaan alleen via de zorgverlener en met toestemming".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::GemeenteCode;

    fn gemeente(code: &str, naam: &str) -> Gemeente {
        Gemeente {
            code: GemeenteCode::parse(code).unwrap(),
            naam: naam.to_string(),
            regio: RegioIdx::new(0),
            inwoners: 0,
            taakstelling: 0,
            gerealiseerd: 0,
            achterstand: 0,
        }
    }

    #[test]
    fn file_names_are_safe_everywhere() {
        let cases = [
            ("GM0344", "Utrecht", "GM0344_Utrecht.md"),
            ("GM0796", "'s-Hertogenbosch", "GM0796_s-Hertogenbosch.md"),
            ("GM1900", "Súdwest-Fryslân", "GM1900_Sudwest-Fryslan.md"),
            ("GM0893", "Bergen (L.)", "GM0893_Bergen_L.md"),
            (
                "GM0820",
                "Nuenen, Gerwen en Nederwetten",
                "GM0820_Nuenen_Gerwen_en_Nederwetten.md",
            ),
            ("GM0001", "../../etc/passwd", "GM0001_etc_passwd.md"),
            ("GM0002", "", "GM0002.md"),
            ("GM0003", "株式", "GM0003.md"),
            (
                "GM0004",
                &"Ab ".repeat(100),
                "GM0004_Ab_Ab_Ab_Ab_Ab_Ab_Ab_Ab_Ab_Ab_Ab_Ab_Ab_Ab_Ab_Ab_Ab_Ab_Ab_Ab.md",
            ),
        ];
        for (code, naam, verwacht) in cases {
            assert_eq!(bestandsnaam(&gemeente(code, naam)), verwacht, "{naam}");
        }
        // a valid name of any length fits a file name, whatever its letters
        for teken in ["a", "é", "株", "ß-", "∑ "] {
            let naam = bestandsnaam(&gemeente("GM0005", &teken.repeat(300)));
            assert!(naam.len() <= 6 + 1 + NAAM_LENGTE + 3, "{naam}");
        }
    }
}
