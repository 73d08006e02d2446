//! `koppelingen.csv`, `taakstelling.csv` and the `--export-scores` table.
//! Comma separated, `.` decimals, UTF-8: for scripts, Excel users open `rapport.md`.
//! Every text cell that comes from the input (household ids, gemeente names) or holds one
//! (`toelichting`) goes through [`cel`], so that a spreadsheet never takes it for a formula.

use super::formaat::Render;
use super::tekst::toelichting;
use crate::io::table::spreadsheet_cel;
use crate::score;
use crate::uitkomst::Uitkomst;

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    w.into_inner().expect("writing to memory cannot fail")
}

/// A text cell from the input, safe to open in a spreadsheet ([`spreadsheet_cel`]).
fn cel(s: &str) -> String {
    spreadsheet_cel(s).into_owned()
}

/// A score with the 4 decimals scores are rounded to.
pub fn score(x: f64) -> String {
    format!("{x:.4}")
}

pub struct Koppelingen;

impl Render for Koppelingen {
    fn bestandsnaam(&self) -> &'static str {
        "koppelingen.csv"
    }

    fn render(&self, u: &Uitkomst) -> Vec<u8> {
        let inst = &u.instance;
        let mut w = writer();
        w.write_record([
            "huishouden_id",
            "personen",
            "gemeente_code",
            "gemeente_naam",
            "arbeidsmarktregio_code",
            "score",
            "reden",
            "toelichting",
            "beste_gemeente_code",
            "beste_score",
        ])
        .expect("in memory");
        for k in &u.koppelingen {
            let h = inst.huishouden(k.huishouden);
            let g = k.gemeente.map(|g| inst.gemeente(g));
            w.write_record([
                cel(h.id.as_str()),
                h.personen().to_string(),
                g.map(|g| g.code.to_string()).unwrap_or_default(),
                g.map(|g| cel(&g.naam)).unwrap_or_default(),
                g.map(|g| inst.regio(g.regio).code.to_string())
                    .unwrap_or_default(),
                k.score.map(score).unwrap_or_default(),
                k.reden.as_str().to_string(),
                cel(&toelichting(inst, k)),
                k.beste
                    .map(|(b, _)| inst.gemeente(b).code.to_string())
                    .unwrap_or_default(),
                k.beste.map(|(_, s)| score(s)).unwrap_or_default(),
            ])
            .expect("in memory");
        }
        finish(w)
    }
}

pub struct Taakstelling;

impl Render for Taakstelling {
    fn bestandsnaam(&self) -> &'static str {
        "taakstelling.csv"
    }

    fn render(&self, u: &Uitkomst) -> Vec<u8> {
        let inst = &u.instance;
        let mut w = writer();
        w.write_record([
            "gemeente_code",
            "rest",
            "toegewezen",
            "verschil",
            "gemiddelde_score",
            "gemeente_naam",
            "cap",
            "doel",
            "huishoudens",
            "tekort",
        ])
        .expect("in memory");
        for r in u.per_gemeente() {
            let g = &inst.gemeenten[r.gemeente.idx()];
            w.write_record([
                g.code.to_string(),
                r.rest.to_string(),
                r.toegewezen.to_string(),
                r.verschil().to_string(),
                r.gemiddelde_score.map(score).unwrap_or_default(),
                cel(&g.naam),
                r.cap.to_string(),
                format!("{:.4}", r.doel),
                r.huishoudens.to_string(),
                format!("{:.4}", r.tekort()),
            ])
            .expect("in memory");
        }
        finish(w)
    }
}

/// Every allowed pair with its score and components (`--export-scores`); the column `extern`
/// only when the input has `scores_extern.csv` ([`score::namen`]).
pub fn scores(u: &Uitkomst) -> Vec<u8> {
    let inst = &u.instance;
    let mut w = writer();
    let mut header = vec!["huishouden_id", "gemeente_code", "score"];
    header.extend(score::namen(inst));
    w.write_record(&header).expect("in memory");
    for (h, hm) in u.probleem.huishouden_indices().zip(&u.probleem.huishoudens) {
        for &(g, s) in &hm.kandidaten {
            let c = u.scores.componenten(h, g);
            let mut row = vec![
                cel(inst.huishouden(h).id.as_str()),
                inst.gemeente(g).code.to_string(),
                score(s),
            ];
            row.extend(c.delen().into_iter().map(|(_, x)| score(x)));
            w.write_record(&row).expect("in memory");
        }
    }
    finish(w)
}
