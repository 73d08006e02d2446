//! "Huishoudens om na te kijken": the uncoupled households, the quota-driven koppelingen, the
//! fixed ones and those the planner fixed; every other household is in `koppelingen.csv`.

use std::fmt::Write;

use crate::explain::{Koppeling, Reden};
use crate::render::tekst::{cel, getal, huishoudens, toelichting, toelichting_planner};
use crate::uitkomst::Uitkomst;

/// Rows listed per group of households to look at; the others are counted, and all are in
/// `koppelingen.csv`. A half year stays well under it; a stress cohort does not.
pub(super) const RIJEN_PER_GROEP: usize = 1000;

/// The rows of one group's table, at most [`RIJEN_PER_GROEP`], and where the others are.
pub(super) fn groep(
    s: &mut String,
    ks: &[&Koppeling],
    reden: Reden,
    rij: impl Fn(&Koppeling) -> String,
) {
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
pub(super) fn na_te_kijken(s: &mut String, u: &Uitkomst) {
    let inst = &u.instance;
    let met = |reden: Reden| -> Vec<&Koppeling> {
        u.koppelingen.iter().filter(|k| k.reden == reden).collect()
    };
    let personen_van = |k: &Koppeling| inst.huishouden(k.huishouden).personen();
    let id = |k: &Koppeling| cel(inst.huishouden(k.huishouden).id.as_str());
    let gemeente = |k: &Koppeling| {
        k.gemeente
            .map_or("-".to_string(), |g| cel(&inst.gemeente(g).naam))
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
                format!("{} ({})", cel(&inst.gemeente(b).naam), getal(x, 2))
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
        let _ = writeln!(s, "Met een vaste gemeente in `huishoudens.csv` (`vaste_gemeente_code`: daar woont het gezin al, of is werk of studie al gevonden); kansrijk heeft ze niet verplaatst.\n");
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

    let planner = met(Reden::Planner);
    if !planner.is_empty() {
        let _ = writeln!(s, "### Door de planner vastgezet ({})\n", planner.len());
        let _ = writeln!(s, "Vastgezet in `vastzetten.csv`, met de toelichting van de planner; kansrijk heeft ze niet verplaatst. Wat elk besluit kost staat onder \"Besluiten van de planner\".\n");
        let _ = writeln!(
            s,
            "| huishouden | personen | gemeente | score | toelichting van de planner |"
        );
        let _ = writeln!(s, "|---|---:|---|---:|---|");
        groep(s, &planner, Reden::Planner, |k| {
            let t = inst
                .huishouden(k.huishouden)
                .planner
                .vast
                .as_ref()
                .map(|b| b.toelichting.as_str())
                .unwrap_or_default();
            let t = cel(&toelichting_planner(t));
            format!(
                "| {} | {} | {} | {} | {t} |",
                id(k),
                personen_van(k),
                gemeente(k),
                score(k)
            )
        });
    }
}
