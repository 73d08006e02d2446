//! "Technische verantwoording": the proof, the model's settings and the weights, closing the
//! report.

use std::fmt::Write;

use super::cijfers::*;
use crate::render::tekst::{getal, huishoudens, koppeling_status, personen, personen_getal};
use crate::solve::opties::{bewezen, gap_in_kracht};
use crate::solve::{GrensDoor, Status};
use crate::uitkomst::Uitkomst;

/// The proof and the model, for who wants to check them: every solver word lives here.
pub(super) fn verantwoording(s: &mut String, u: &Uitkomst, c: &Cijfers) {
    let o = &u.oplossing;
    let p = &u.probleem;
    let _ = writeln!(s, "## Technische verantwoording\n");
    let _ = writeln!(s, "Hoe de koppeling is gevonden en bewezen, voor wie het wil nalopen. kansrijk lost een geheeltallig optimalisatieprobleem (MIP) op met HiGHS.\n");
    let _ = writeln!(
        s,
        "- Status: {}. Doelwaarde {}, grens {}, gap {}.",
        koppeling_status(u),
        getal(o.doelwaarde, 4),
        getal(o.grens, 4),
        getal(o.gap, 6)
    );
    if u.prognose.is_some() {
        let _ = writeln!(s, "- Met `--prognose` is de grens (met het bewijs en het certificaat hieronder) die van het eigen optimum van deze week, alleen opgelost: een bovengrens voor elke koppeling van deze week, ook deze. De status zegt of dat eigen optimum binnen de toegestane gap bewezen is; de gap is die van deze koppeling onder de grens, dus hoeveel deze week hooguit opgeeft voor de weken die nog komen.");
    }
    let _ = writeln!(s, "- Doelwaarde = totale score {} - tekortboete {} × {} tekort - boete {} × {} niet gekoppeld. Het tekort is de som van de kolom `tekort` in `taakstelling.csv` (onder het evenredige deel); de kolom `verschil` meet tegen de hele resterende taakstelling en telt niet mee.", getal(o.totale_score, 4), getal(p.tekort_boete, 2), personen_getal(o.tekort_personen, 4), getal(p.ongekoppeld_boete, 0), huishoudens(o.ongekoppeld));
    if gretige_koppeling(u) {
        let _ = writeln!(
            s,
            "- Koppeling: de solver stopte zonder betere koppeling; dit is de gretige koppeling."
        );
    }
    if let Some(b) = &o.bewijs {
        // how the bound was found, in words: the one bound is the grens above
        let mut zin = if b.lp_grens.is_finite() {
            format!(
                "- Bewijs: de LP-relaxatie over alle {} opties (huishouden naar regio of gemeente) is opgelost in {} prijsrondes",
                b.opties, b.lp_rondes
            )
        } else {
            format!(
                "- Bewijs: de LP-relaxatie over alle {} opties (huishouden naar regio of gemeente) was na {} prijsrondes niet opgelost, dus de grens komt niet uit het LP",
                b.opties, b.lp_rondes
            )
        };
        if b.mip_rondes > 0 {
            zin += &format!(
                "; het laatste MIP had {} opties, de overige hebben gereduceerde kosten onder -{} (MIP-rondes: {})",
                b.opties_in_mip,
                getal(b.drempel, 4),
                b.mip_rondes
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
            // the certificate's own bound, labelled as such: the grens above is the run's
            let verhouding = if o.herkomst.grens == GrensDoor::Certificaat
                || cert.grens <= o.grens + 1e-9 * o.grens.abs().max(1.0)
            {
                "Dat is de grens hierboven."
            } else if o.status == Status::Optimaal
                && bewezen(
                    o.doelwaarde,
                    cert.grens,
                    gap_in_kracht(u.opties.solver.gap, true),
                )
            {
                "De grens hierboven is scherper (uit het vertakken van HiGHS); het certificaat alleen bewijst de koppeling al binnen de toegestane gap."
            } else {
                "De grens hierboven is scherper: dat deel komt uit het vertakken van HiGHS over het laatste MIP en is zonder solver niet na te rekenen."
            };
            let _ = writeln!(s, "- Certificaat, controle zonder solver: de prijzen per gemeente in `rapport.json` (`oplossing.certificaat`) geven een eigen grens van {}, na te rekenen uit de scores van `--export-scores` (`kansrijk check`). {verhouding}", getal(cert.grens, 4));
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
                    "{} {} (winst van {} {})",
                    basislijn_naam(b.naam),
                    getal(b.doelwaarde, 2),
                    de_koppeling(opt.naam),
                    getal(opt.doelwaarde - b.doelwaarde, 2)
                )
            })
            .collect();
        let _ = writeln!(
            s,
            "- Doelwaarde van de vergelijking met de praktijk: {} {}, {}.",
            basislijn_naam(opt.naam),
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
    if u.instance.scores_extern {
        let rijen = u.instance.huishoudens.iter().flat_map(|h| &h.extern_scores);
        let (n, verboden) = rijen.fold((0, 0), |(n, v), e| (n + 1, v + usize::from(!e.toegestaan)));
        let _ = writeln!(s, "- Externe scores (`scores_extern.csv`): {n} paren van huishouden en gemeente, waarvan {verboden} uitgesloten (`toegestaan` 0, een harde filter zoals de zorgbehoefte); component `extern` = {} × score, 0 voor paren die het bestand niet noemt.", getal(u.gewichten.extern_gewicht(), 2));
    }
    let _ = writeln!(s, "- Model: leden tellen als `{}`, marge {} per gemeente, tekortboete {} per persoon, boete niet gekoppeld {} per huishouden.\n", u.gewichten.combinatie.as_str(), personen(i64::from(u.gewichten.model.marge)), getal(u.gewichten.model.tekort_boete, 2), getal(u.gewichten.model.ongekoppeld_boete, 0));
    let _ = writeln!(s, "### Gewichten\n");
    let _ = writeln!(s, "De gebruikte gewichten (`gewichten.toml`); de documentatie beschrijft hoe elke component wordt berekend.\n");
    let _ = writeln!(
        s,
        "```toml\n{}```",
        toml::to_string(&u.gewichten).unwrap_or_default()
    );
}
