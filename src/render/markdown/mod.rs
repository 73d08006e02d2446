//! `rapport.md`: the human report in Dutch, for a COA planner or a klantmanager. The first
//! screen ("In het kort") says in plain words where the households went, how well they fit, how
//! the quotas were met and what the quotas cost; then the reasons, the comparison with
//! practice, per region and per gemeente, and only the households that need a look (the full
//! list is `koppelingen.csv`). Solver words and the proof close the report ("Technische
//! verantwoording"). No timings, so two runs give the same file.

mod besluiten;
mod cijfers;
mod kort;
mod na_te_kijken;
mod secties;
mod verantwoording;

use super::formaat::Render;
use crate::uitkomst::Uitkomst;
use besluiten::besluiten;
use cijfers::Cijfers;
use kort::{in_het_kort, kop};
use na_te_kijken::na_te_kijken;
use secties::{
    bevindingen, herkomst, per_gemeente, per_regio, prognose, quotaprijs, redenen, spreiding,
    vergelijking,
};
use verantwoording::verantwoording;

pub struct Markdown;

impl Render for Markdown {
    fn bestandsnaam(&self) -> &'static str {
        "rapport.md"
    }

    fn render(&self, u: &Uitkomst) -> Vec<u8> {
        let cijfers = Cijfers::van(u);
        let mut s = String::new();
        kop(&mut s, u);
        in_het_kort(&mut s, u, &cijfers);
        prognose(&mut s, u);
        bevindingen(&mut s, u);
        crate::render::vorige::sectie(&mut s, u);
        redenen(&mut s, u);
        vergelijking(&mut s, u);
        quotaprijs(&mut s, u);
        spreiding(&mut s, u);
        per_regio(&mut s, u);
        per_gemeente(&mut s, u, &cijfers);
        na_te_kijken(&mut s, u);
        besluiten(&mut s, u);
        herkomst(&mut s, u);
        verantwoording(&mut s, u, &cijfers);
        s.into_bytes()
    }
}
