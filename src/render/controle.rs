//! The check of a finished run (`kansrijk check`) in Dutch: one line per claim, with what
//! was recomputed and whether it holds.

use std::fmt::Write;

use super::tekst::{getal, huishoudens, personen, stopte};
use crate::model::Instance;
use crate::solve::controle::{Controle, GrensFout, Oordeel};
use crate::solve::{Overtreding, Status};

/// A finished run checked without a solver ([`crate::replay::check`]), with its instance to
/// name what the check found.
#[derive(Debug, Clone)]
pub struct Gecontroleerd {
    /// The run's input as the report names it.
    pub bron: String,
    pub instance: Instance,
    pub controle: Controle,
    /// A `match --prognose` run: what of its `prognose` block arithmetic can check.
    pub prognose: Option<PrognoseControle>,
}

/// The `prognose` block of a `match --prognose` run, checked without a solver. The run's
/// bound, status, proof and certificate are those of the batch solved alone, whose koppeling
/// the report does not hold: its status is checked against that optimum's reported value
/// (`Controle::grens` with [`crate::solve::controle::GrensControle::bewezen`] of it), its
/// proof cannot be. That the koppeling is `vooruitziend`'s needs a solver: running the same
/// `match --prognose` again.
#[derive(Debug, Clone, PartialEq)]
pub struct PrognoseControle {
    /// The batch's own optimum as reported, and what the koppeling gives up of it.
    pub optimum: f64,
    pub opgegeven: f64,
    /// The optimum is not above the run's bound, and `opgegeven` is the optimum minus the
    /// koppeling's reported value.
    pub klopt: bool,
}

impl Gecontroleerd {
    /// The verdicts in the order the check lists them ([`Controle::oordelen`]); for a
    /// `--prognose` run the proof is of the batch's own optimum, which is not in the report.
    pub fn oordelen(&self) -> [Oordeel; 5] {
        let mut o = self.controle.oordelen();
        if self.prognose.is_some() {
            o[4] = Oordeel::NietNagerekend;
        }
        o
    }

    /// Every claim that could be checked holds.
    pub fn klopt(&self) -> bool {
        self.oordelen().iter().all(|&o| o != Oordeel::KloptNiet)
            && self.prognose.as_ref().is_none_or(|p| p.klopt)
    }
}

/// The check as text for stdout.
pub fn tekst(g: &Gecontroleerd) -> String {
    let c = &g.controle;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Controle van de run op {} (zonder solver: alleen rekenen op de invoer, de koppeling en de prijzen in rapport.json)",
        g.bron
    );
    let _ = writeln!(s, "- Regels: {}", regels(&g.instance, c));
    let _ = writeln!(s, "- Doelwaarde: {}", doelwaarde(c));
    let _ = writeln!(s, "- Grens en gap: {}", grens(c, g.prognose.is_some()));
    let _ = writeln!(s, "- Certificaat: {}", certificaat(c));
    match &g.prognose {
        Some(p) => {
            let _ = writeln!(s, "- Bewijs: {} De status gaat over het eigen optimum van de week (doelwaarde {}), waarvan de koppeling niet in het rapport staat: het bewijs daarvan rust op de solver.", oordeel(Oordeel::NietNagerekend), getal(p.optimum, 4));
            let _ = writeln!(s, "- Prognose: {} Het eigen optimum ligt niet boven de grens en deze koppeling geeft er {} punten van op. Dat de koppeling die van `vooruitziend` is, is zonder solver niet na te rekenen: `kansrijk match --prognose` met dezelfde invoer, map en seed geeft dezelfde koppelingen.", oordeel(if p.klopt { Oordeel::Klopt } else { Oordeel::KloptNiet }), getal(p.opgegeven, 4));
        }
        None => {
            let _ = writeln!(s, "- Bewijs: {}", bewijs(c));
        }
    }
    let niet_nagerekend: Vec<&str> = [
        "regels",
        "doelwaarde",
        "grens en gap",
        "certificaat",
        "bewijs",
    ]
    .into_iter()
    .zip(g.oordelen())
    .filter(|&(_, o)| o == Oordeel::NietNagerekend)
    .map(|(naam, _)| naam)
    .collect();
    let uitkomst = match (g.klopt(), &niet_nagerekend[..]) {
        (false, _) => "het rapport klopt niet (zie hierboven).".to_string(),
        (true, []) => "wat na te rekenen is, klopt.".to_string(),
        (true, namen) => format!(
            "wat na te rekenen is, klopt. Zonder solver niet na te rekenen: {} (zie hierboven).",
            namen.join(", ")
        ),
    };
    let _ = writeln!(s, "Uitkomst: {uitkomst}");
    s
}

fn oordeel(o: Oordeel) -> &'static str {
    match o {
        Oordeel::Klopt => "klopt.",
        Oordeel::KloptNiet => "KLOPT NIET.",
        Oordeel::NietNagerekend => "niet na te rekenen.",
    }
}

fn regels(inst: &Instance, c: &Controle) -> String {
    let mut zin = match &c.regels {
        Ok(w) => format!(
            "{}, elk hooguit één keer gekoppeld ({} niet gekoppeld), huishoudens met een vaste gemeente daar, geen gemeente boven haar capaciteit",
            huishoudens(inst.huishoudens.len()),
            w.ongekoppeld
        ),
        Err(o) => overtreding(inst, o),
    };
    match &c.spreiding {
        Some(Ok(vloer)) => {
            let _ = write!(
                zin,
                "; elke regio haalt de spreidingsgrens van {}",
                getal(*vloer, 4)
            );
        }
        Some(Err(o)) => {
            let _ = write!(zin, "; {}", overtreding(inst, o));
        }
        None => {}
    }
    format!("{} {zin}.", oordeel(c.regels()))
}

/// A broken rule in Dutch, with the codes of the households, gemeenten and regions involved.
fn overtreding(inst: &Instance, o: &Overtreding) -> String {
    match *o {
        Overtreding::NietToegestaan { h, g } => format!(
            "Huishouden {} staat in {} ({}), waar het niet gekoppeld mag worden",
            inst.huishouden(h).id,
            inst.gemeente(g).naam,
            inst.gemeente(g).code
        ),
        Overtreding::VastOngekoppeld { h } => format!(
            "Huishouden {} heeft een vaste gemeente maar is niet gekoppeld",
            inst.huishouden(h).id
        ),
        Overtreding::Capaciteit {
            g,
            personen: n,
            cap,
        } => format!(
            "{} ({}) krijgt {}, meer dan haar capaciteit van {cap}",
            inst.gemeente(g).naam,
            inst.gemeente(g).code,
            personen(n)
        ),
        Overtreding::OnderVloer {
            regio,
            gemiddelde,
            vloer,
        } => format!(
            "regio {} blijft met een gemiddelde score van {} onder de spreidingsgrens van {}",
            inst.regio(regio).code,
            getal(gemiddelde, 4),
            getal(vloer, 4)
        ),
    }
}

fn doelwaarde(c: &Controle) -> String {
    let gemeld = getal(c.gemeld.doelwaarde, 4);
    match (&c.regels, c.doelwaarde()) {
        (Ok(w), o) => format!(
            "{} Nagerekend uit de scores: {}; het rapport meldt {gemeld}.",
            oordeel(o),
            getal(w.doelwaarde, 4)
        ),
        (Err(_), o) => format!(
            "{} De koppeling breekt een regel, dus heeft geen doelwaarde; het rapport meldt {gemeld}.",
            oordeel(o)
        ),
    }
}

fn certificaat(c: &Controle) -> String {
    match &c.certificaat {
        Some(q) => format!(
            "{} De prijzen per gemeente geven de grens {} (het rapport: {}): geen koppeling van het volledige model, een binaire keuze per huishouden en toegestane gemeente, is meer waard.",
            oordeel(c.certificaat()),
            getal(q.grens, 4),
            getal(q.gemeld, 4)
        ),
        None => format!(
            "{} Deze run heeft geen certificaat: het model is in zijn geheel opgelost en de grens {} komt uit het vertakken van HiGHS.",
            oordeel(c.certificaat()),
            getal(c.gemeld.grens, 4)
        ),
    }
}

/// The reported bound, gap and status, each claim that fails named; with `prognose` the status
/// is the batch's own optimum's.
fn grens(c: &Controle, prognose: bool) -> String {
    let wat = if prognose {
        "het eigen optimum van de week"
    } else {
        "de koppeling"
    };
    let g = &c.gemeld;
    let fouten = c.grens_fouten();
    if fouten.is_empty() {
        let certificaat = if c.certificaat.is_some() {
            " en niet boven die van het certificaat"
        } else {
            ""
        };
        let status = if c.grens.bewezen {
            format!(
                "bewijst {wat} binnen de toegestane gap {}, zoals de status `optimaal` zegt",
                getal(g.toegestaan, 6)
            )
        } else {
            format!(
                "ligt buiten de toegestane gap {}, en de status `{}` claimt geen bewijs",
                getal(g.toegestaan, 6),
                status_naam(g.status)
            )
        };
        return format!(
            "{} De grens {} ligt niet onder de doelwaarde, niet boven de eenvoudige bovengrens {} (elk huishouden op zijn beste score, geen tekort){certificaat}; de gap {} is (grens - doelwaarde) / max(|doelwaarde|, 1) en {status}.",
            oordeel(c.grens()),
            getal(g.grens, 4),
            getal(c.grens.triviaal, 4),
            getal(g.gap, 6)
        );
    }
    let zinnen: Vec<String> = fouten
        .iter()
        .map(|f| match f {
            GrensFout::OnderDoelwaarde => format!(
                "de grens {} ligt onder de doelwaarde {} van de koppeling zelf",
                getal(g.grens, 4),
                getal(
                    c.regels.as_ref().map_or(g.doelwaarde, |w| w.doelwaarde),
                    4
                )
            ),
            GrensFout::BovenTriviaal => format!(
                "de grens {} ligt boven de eenvoudige bovengrens {}, die de run neemt als die lager is",
                getal(g.grens, 4),
                getal(c.grens.triviaal, 4)
            ),
            GrensFout::BovenCertificaat => format!(
                "de grens {} ligt boven die van het certificaat ({}), die de run neemt als die lager is",
                getal(g.grens, 4),
                getal(c.certificaat.as_ref().map_or(f64::NAN, |q| q.grens), 4)
            ),
            GrensFout::Gap => format!(
                "het rapport meldt gap {}, maar (grens - doelwaarde) / max(|doelwaarde|, 1) is {}",
                getal(g.gap, 6),
                getal(c.grens.gap, 6)
            ),
            GrensFout::Status if g.status == Status::Optimaal => format!(
                "het rapport meldt bewezen optimaal, maar met zijn grens is de gap {}, buiten de toegestane {}",
                getal(c.grens.gap, 6),
                getal(g.toegestaan, 6)
            ),
            GrensFout::Status => format!(
                "de grens bewijst {wat} binnen de toegestane gap {}, maar het rapport meldt status `{}`",
                getal(g.toegestaan, 6),
                status_naam(g.status)
            ),
        })
        .collect();
    format!(
        "{} {}.",
        oordeel(c.grens()),
        hoofdletter(&zinnen.join("; "))
    )
}

/// A status as `rapport.json` writes it.
fn status_naam(status: Status) -> String {
    serde_json::to_value(status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn hoofdletter(s: &str) -> String {
    let mut tekens = s.chars();
    tekens
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(tekens).collect())
}

fn bewijs(c: &Controle) -> String {
    let o = c.bewijs();
    let g = &c.gemeld;
    let Some(q) = &c.certificaat else {
        return format!(
            "{} Zonder certificaat rust de grens, en daarmee de gemelde gap {}, op het vertakken van de solver.",
            oordeel(o),
            getal(g.gap, 6)
        );
    };
    if let Some(reden) = stopte(g.status) {
        return format!(
            "{} De run is niet bewezen optimaal (de solver {reden}) en claimt dus geen bewijs; tegen de grens van het certificaat is de gap {} (het rapport: {}).",
            oordeel(o),
            getal(q.gap, 6),
            getal(g.gap, 6)
        );
    }
    match o {
        Oordeel::Klopt => format!(
            "{} Tegen de grens van het certificaat is de gap {}, binnen de toegestane {}: de koppeling is bewezen optimaal zonder de solver te vertrouwen.",
            oordeel(o),
            getal(q.gap, 6),
            getal(g.toegestaan, 6)
        ),
        Oordeel::NietNagerekend if c.bewijs_door_highs() => format!(
            "{} Tegen de grens van het certificaat alleen is de gap {}, buiten de toegestane {}. De scherpere grens van de run ({}, gap {}) komt uit het vertakken van HiGHS over het laatste MIP en is zonder solver niet na te rekenen.",
            oordeel(o),
            getal(q.gap, 6),
            getal(g.toegestaan, 6),
            getal(g.grens, 4),
            getal(g.gap, 6)
        ),
        _ => format!(
            "{} Het rapport meldt bewezen optimaal binnen {}, maar tegen de grens van het certificaat is de gap {}.",
            oordeel(o),
            getal(g.toegestaan, 6),
            getal(q.gap, 6)
        ),
    }
}
