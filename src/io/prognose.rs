//! `match --prognose DIR`: this week's batch (`--data`) and the households of the earlier weeks
//! of the half year (`DIR`, read by [`super::load::load_huishoudens`]) checked against each
//! other, before each is validated as an input of its own: every household of the batch has
//! the same `week` K, every earlier household a week before K, and no household or person is
//! in both folders. Each problem is added to the input of the file it is in, with its line.

use std::collections::HashMap;

use super::Invoer;
use crate::error::quoted;

/// Checks the batch `batch` and the earlier weeks `eerder` against each other, adding every
/// problem found to the input whose file it is in. Returns the batch's week K when the batch
/// names one (that of its first household in file order with a week).
pub fn controleer(batch: &mut Invoer, eerder: &mut Invoer) -> Option<u32> {
    let week = batch_week(batch);
    if let (Some(k), Some(rows)) = (week, &eerder.huishoudens) {
        for r in rows {
            let fout = match r.week {
                None => format!(
                    "--prognose needs the permit week of every household of the weeks before this week's batch (week {k}): {}; found none",
                    eerdere(k)
                ),
                Some(w) if w >= k => format!(
                    "--prognose holds the weeks before this week's batch (week {k}): {}; found {w}",
                    eerdere(k)
                ),
                Some(_) => continue,
            };
            eerder
                .problems
                .add(&eerder.namen.huishoudens, Some(r.line), Some("week"), fout);
        }
    }
    if let (Some(nu), Some(toen)) = (&batch.huishoudens, &eerder.huishoudens) {
        let nu: HashMap<&str, u64> = nu.iter().map(|r| (r.id.as_str(), r.line)).collect();
        for r in toen {
            if let Some(line) = nu.get(r.id.as_str()) {
                eerder.problems.add(
                    &eerder.namen.huishoudens,
                    Some(r.line),
                    Some("huishouden_id"),
                    format!(
                        "household {} is also in this week's batch ({}:{line}); a household arrives in one week",
                        quoted(r.id.as_str()),
                        batch.namen.huishoudens
                    ),
                );
            }
        }
    }
    if let (Some(nu), Some(toen)) = (&batch.personen, &eerder.personen) {
        let nu: HashMap<&str, u64> = nu.iter().map(|r| (r.id.as_str(), r.line)).collect();
        for r in toen {
            if let Some(line) = nu.get(r.id.as_str()) {
                eerder.problems.add(
                    &eerder.namen.personen,
                    Some(r.line),
                    Some("persoon_id"),
                    format!(
                        "person {} is also in this week's batch ({}:{line})",
                        quoted(r.id.as_str()),
                        batch.namen.personen
                    ),
                );
            }
        }
    }
    week
}

/// The weeks before week `k`, as the message of a wrong `week` says them.
fn eerdere(k: u32) -> String {
    match k {
        1 => "none, week 1 has no earlier weeks".to_string(),
        _ => format!("a whole number from 1 to {}", k - 1),
    }
}

/// The week of this week's batch: the week most of its households have (the earliest of
/// those, if several). A household without a week, or with another, and a batch without
/// households are problems of `batch`.
fn batch_week(batch: &mut Invoer) -> Option<u32> {
    let rows = batch.huishoudens.as_ref()?;
    let bestand = &batch.namen.huishoudens;
    if rows.is_empty() {
        batch.problems.add(
            bestand,
            None,
            None,
            "match --prognose couples this week's households; found none",
        );
        return None;
    }
    let mut aantal: std::collections::BTreeMap<u32, usize> = Default::default();
    for w in rows.iter().filter_map(|r| r.week) {
        *aantal.entry(w).or_default() += 1;
    }
    // the most households, then the earliest week
    let week = aantal
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(&w, _)| w);
    for r in rows {
        let fout = match (r.week, week) {
            (None, _) => "match --prognose needs the permit week of this week's households, a whole number from 1 to 26; found none".to_string(),
            (Some(w), Some(k)) if w != k => format!(
                "this week's batch has one permit week, that of most of its households ({k}); found {w}"
            ),
            _ => continue,
        };
        batch
            .problems
            .add(bestand, Some(r.line), Some("week"), fout);
    }
    week
}
