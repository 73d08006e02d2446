//! A scenario's changes ([`crate::io::scenario`]) in Dutch, one line each, as `compare`'s
//! report names them: "spanning technische beroepen (07) in Zuidoost-Brabant (AM28): 1,20 →
//! 2,40 (x2)".

use super::tekst::spanning_gewijzigd;
use crate::io::scenario::{Bewerking, TaakstellingBewerking, Wat, Wijziging};

/// A factor as written, with a decimal comma: `2`, `1,5`, `1,25`.
pub fn factor(f: f64) -> String {
    super::tekst::factor(f, 12)
}

/// A place as `naam (code)`, or the code alone when the name is unknown.
fn plaats(naam: &str, code: &str) -> String {
    if naam.is_empty() {
        code.to_string()
    } else {
        format!("{naam} ({code})")
    }
}

/// A value of `gewichten.toml`: a number with a decimal comma, text as it is.
fn waarde(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Float(x) => factor(*x),
        v => v.to_string(),
    }
}

/// The change in one Dutch line, without a closing full stop.
pub fn wijziging(w: &Wijziging) -> String {
    match &w.wat {
        Wat::Spanning {
            regio,
            regio_naam,
            beroepsklasse,
            oud,
            nieuw,
            bewerking,
        } => {
            let hoe = match bewerking {
                Bewerking::Factor(f) => format!("x{}", factor(*f)),
                Bewerking::Waarde(_) => "gezet".to_string(),
            };
            spanning_gewijzigd(
                *beroepsklasse,
                &plaats(regio_naam, regio.as_str()),
                *oud,
                *nieuw,
                &hoe,
            )
        }
        Wat::Taakstelling {
            gemeente,
            gemeente_naam,
            oud,
            nieuw,
            bewerking,
        } => {
            let hoe = match bewerking {
                TaakstellingBewerking::Factor(f) => format!("x{}, afgerond", factor(*f)),
                TaakstellingBewerking::Waarde(_) => "gezet".to_string(),
            };
            format!(
                "taakstelling {}: {oud} → {nieuw} personen ({hoe})",
                plaats(gemeente_naam, gemeente.as_str())
            )
        }
        Wat::Achterstand {
            gemeente,
            gemeente_naam,
            oud,
            nieuw,
        } => format!(
            "achterstand {}: {oud} → {nieuw} personen",
            plaats(gemeente_naam, gemeente.as_str())
        ),
        Wat::Gewicht {
            sleutel,
            oud,
            nieuw,
        } => {
            let wat = match sleutel.as_str() {
                "combinatie" => "combinatie van de volwassenen".to_string(),
                s => match s.strip_prefix("model.") {
                    Some(instelling) => format!("modelinstelling {instelling}"),
                    None => format!("gewicht {s}"),
                },
            };
            format!("{wat}: {} → {}", waarde(oud), waarde(nieuw))
        }
        Wat::Extern { pad } => format!("externe scores uit {}", pad.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::scenario::parse;
    use crate::io::{load, Bron};

    #[test]
    fn each_kind_of_change_in_one_line() {
        let s = parse(
            "s.toml",
            "naam = \"x\"\n[[spanning]]\nregio = \"AM28\"\nberoepsklasse = \"07\"\nfactor = 2\n\
             [[gemeente]]\ngemeente = \"GM0363\"\ntaakstelling_factor = 1.2\nachterstand = 10\n\
             [gewichten]\ncombinatie = \"gemiddelde\"\nwerk.gewicht = 12.5\nmodel.marge = 5\n",
            std::path::Path::new("."),
        )
        .unwrap();
        let invoer = load(&Bron::Voorbeeld, None).unwrap();
        let (_, w) = crate::io::scenario::pas_toe(&s, invoer).unwrap();
        let regels: Vec<String> = w.iter().map(wijziging).collect();
        assert_eq!(
            regels,
            vec![
                "spanning technische beroepen (07) in Zuidoost-Brabant (AM28): 6,77 → 13,54 (x2)",
                "taakstelling Amsterdam (GM0363): 670 → 804 personen (x1,2, afgerond)",
                "achterstand Amsterdam (GM0363): -81 → 10 personen",
                "combinatie van de volwassenen: som → gemiddelde",
                "gewicht werk.gewicht: 10 → 12,5",
                "modelinstelling marge: 2 → 5",
            ]
        );
    }
}
