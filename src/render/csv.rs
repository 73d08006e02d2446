//! `koppelingen.csv`, `taakstelling.csv` and the `--export-scores` table, in the form
//! `--csv` asks ([`CsvVorm`]): by default the contract's (`,`, `.` decimals, UTF-8, LF), for
//! scripts; `--csv excel` the one Dutch Excel opens by a double-click (`;`, decimal commas, a
//! BOM, CRLF). The rows are built once, as cells that are text or numbers ([`Cel`]); [`Tabel`]
//! writes them in either form. Every text cell goes through [`spreadsheet_cel`], so that a
//! spreadsheet never takes an id or a name from the input for a formula.

use super::formaat::Render;
use super::tekst::toelichting;
use crate::io::table::spreadsheet_cel;
use crate::score;
use crate::uitkomst::{CsvVorm, Uitkomst};

/// One cell of a row.
enum Cel {
    /// Text: an id, a name, a code, a sentence.
    Tekst(String),
    /// A number as Rust writes it (`-0.5`, `12`); empty when there is none.
    Getal(String),
}

fn tekst(s: impl Into<String>) -> Cel {
    Cel::Tekst(s.into())
}

fn getal(x: impl ToString) -> Cel {
    Cel::Getal(x.to_string())
}

/// A number with 4 decimals, the precision of scores.
fn vier(x: f64) -> Cel {
    Cel::Getal(format!("{x:.4}"))
}

/// A number that may be absent (an empty cell).
fn of_leeg(x: Option<Cel>) -> Cel {
    x.unwrap_or_else(|| Cel::Getal(String::new()))
}

/// A CSV file being written in the form `vorm`: the one place that knows the forms.
struct Tabel {
    vorm: CsvVorm,
    w: csv::Writer<Vec<u8>>,
}

impl Tabel {
    /// A table with the header `kop`.
    fn nieuw(vorm: CsvVorm, kop: &[&str]) -> Tabel {
        let (scheiding, einde, begin): (u8, _, &[u8]) = match vorm {
            CsvVorm::Standaard => (b',', csv::Terminator::Any(b'\n'), b""),
            // the BOM makes Excel read UTF-8; `;` is the list separator of a Dutch Windows
            CsvVorm::Excel => (b';', csv::Terminator::CRLF, b"\xEF\xBB\xBF"),
        };
        let w = csv::WriterBuilder::new()
            .delimiter(scheiding)
            .terminator(einde)
            .from_writer(begin.to_vec());
        let mut t = Tabel { vorm, w };
        t.w.write_record(kop).expect("in memory");
        t
    }

    /// Writes one row: text safe to open in a spreadsheet, numbers with the form's decimal mark.
    fn rij(&mut self, cellen: impl IntoIterator<Item = Cel>) {
        let velden = cellen.into_iter().map(|c| match c {
            Cel::Tekst(s) => spreadsheet_cel(&s).into_owned(),
            Cel::Getal(x) => match self.vorm {
                CsvVorm::Standaard => x,
                CsvVorm::Excel => x.replace('.', ","),
            },
        });
        let velden: Vec<String> = velden.collect();
        self.w.write_record(&velden).expect("in memory");
    }

    fn klaar(self) -> Vec<u8> {
        self.w.into_inner().expect("writing to memory cannot fail")
    }
}

pub struct Koppelingen;

impl Render for Koppelingen {
    fn bestandsnaam(&self) -> &'static str {
        "koppelingen.csv"
    }

    fn render(&self, u: &Uitkomst) -> Vec<u8> {
        let inst = &u.instance;
        let mut t = Tabel::nieuw(
            u.opties.csv,
            &[
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
            ],
        );
        for k in &u.koppelingen {
            let h = inst.huishouden(k.huishouden);
            let g = k.gemeente.map(|g| inst.gemeente(g));
            t.rij([
                tekst(h.id.as_str()),
                getal(h.personen()),
                tekst(g.map(|g| g.code.to_string()).unwrap_or_default()),
                tekst(g.map(|g| g.naam.as_str()).unwrap_or_default()),
                tekst(
                    g.map(|g| inst.regio(g.regio).code.to_string())
                        .unwrap_or_default(),
                ),
                of_leeg(k.score.map(vier)),
                tekst(k.reden.as_str()),
                tekst(toelichting(inst, k)),
                tekst(
                    k.beste
                        .map(|(b, _)| inst.gemeente(b).code.to_string())
                        .unwrap_or_default(),
                ),
                of_leeg(k.beste.map(|(_, s)| vier(s))),
            ]);
        }
        t.klaar()
    }
}

pub struct Taakstelling;

impl Render for Taakstelling {
    fn bestandsnaam(&self) -> &'static str {
        "taakstelling.csv"
    }

    fn render(&self, u: &Uitkomst) -> Vec<u8> {
        let inst = &u.instance;
        let mut t = Tabel::nieuw(
            u.opties.csv,
            &[
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
            ],
        );
        for r in u.per_gemeente() {
            let g = &inst.gemeenten[r.gemeente.idx()];
            t.rij([
                tekst(g.code.to_string()),
                getal(r.rest),
                getal(r.toegewezen),
                getal(r.verschil()),
                of_leeg(r.gemiddelde_score.map(vier)),
                tekst(g.naam.as_str()),
                getal(r.cap),
                vier(r.doel),
                getal(r.huishoudens),
                vier(r.tekort()),
            ]);
        }
        t.klaar()
    }
}

/// Every allowed pair with its score and components (`--export-scores`); the column `extern`
/// only when the input has `scores_extern.csv` ([`score::namen`]).
pub fn scores(u: &Uitkomst) -> Vec<u8> {
    let inst = &u.instance;
    let mut header = vec!["huishouden_id", "gemeente_code", "score"];
    header.extend(score::namen(inst));
    let mut t = Tabel::nieuw(u.opties.csv, &header);
    for (h, hm) in u.probleem.huishouden_indices().zip(&u.probleem.huishoudens) {
        for &(g, s) in &hm.kandidaten {
            let c = u.scores.componenten(h, g);
            let mut row = vec![
                tekst(inst.huishouden(h).id.as_str()),
                tekst(inst.gemeente(g).code.to_string()),
                vier(s),
            ];
            row.extend(c.delen().into_iter().map(|(_, x)| vier(x)));
            t.rij(row);
        }
    }
    t.klaar()
}
