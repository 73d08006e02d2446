//! The check of a finished run (`kansrijk check`) in Dutch: one line per claim, with what
//! was recomputed and whether it holds.

use std::fmt::Write;

use super::tekst::{getal, huishoudens, personen};
use crate::model::Instance;
use crate::solve::controle::{Controle, Oordeel};
use crate::solve::{Overtreding, Status};

/// A finished run checked without a solver ([`crate::replay::check`]), with its instance to
/// name what the check found.
#[derive(Debug, Clone)]
pub struct Gecontroleerd {
    /// The run's input as the report names it.
    pub bron: String,
    pub instance: Instance,
    pub controle: Controle,
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
    let _ = writeln!(s, "- Certificaat: {}", certificaat(c));
    let _ = writeln!(s, "- Bewijs: {}", bewijs(c));
    let _ = writeln!(
        s,
        "Uitkomst: {}",
        if c.klopt() {
            "wat na te rekenen is, klopt."
        } else {
            "het rapport klopt niet (zie hierboven)."
        }
    );
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

fn bewijs(c: &Controle) -> String {
    let o = c.bewijs();
    let Some(q) = &c.certificaat else {
        return format!(
            "{} Zonder certificaat rust de gemelde gap {} op de solver.",
            oordeel(o),
            getal(c.gemeld.gap, 6)
        );
    };
    match (c.gemeld.status, o) {
        (Status::Optimaal, Oordeel::Klopt) => format!(
            "{} Tegen de grens van het certificaat is de gap {}, binnen de toegestane {}: de koppeling is bewezen optimaal zonder de solver te vertrouwen.",
            oordeel(o),
            getal(q.gap, 6),
            getal(c.gemeld.toegestaan, 6)
        ),
        (Status::Optimaal, _) => format!(
            "{} Het rapport meldt bewezen optimaal binnen {}, maar tegen de grens van het certificaat is de gap {}.",
            oordeel(o),
            getal(c.gemeld.toegestaan, 6),
            getal(q.gap, 6)
        ),
        (Status::Tijdslimiet, _) => format!(
            "{} De run stopte op de tijdslimiet; tegen de grens van het certificaat is de gap {} (het rapport: {}).",
            oordeel(o),
            getal(q.gap, 6),
            getal(c.gemeld.gap, 6)
        ),
    }
}
