//! Rendering an [`Uitkomst`] into the output files, one module per format behind [`Render`].
//! Dutch sentences for reasons and findings live in [`tekst`], shared by all formats. The
//! handover sheets per gemeente ([`overdracht`], `match --overdracht`) are a folder of files
//! named after their gemeenten, so they are rendered on their own.
//! [`verhaal`] renders one household's story for `kansrijk explain`, [`controle`] the check of a
//! finished run for `kansrijk check`; [`vorige`] the comparison with an earlier run
//! (`match --vorige`).

pub mod controle;
pub mod csv;
pub mod formaat;
pub mod json;
pub mod markdown;
pub mod overdracht;
pub mod scenario;
pub mod schema;
pub mod simulatie;
pub mod sweep;
pub mod tekst;
pub mod vergelijking;
pub mod verhaal;
pub mod vorige;

pub use formaat::Render;

use crate::uitkomst::Uitkomst;

/// The files of an output folder, in the order they are listed.
pub fn alle() -> Vec<Box<dyn Render>> {
    vec![
        Box::new(csv::Koppelingen),
        Box::new(csv::Taakstelling),
        Box::new(markdown::Markdown),
        Box::new(json::Json),
    ]
}

/// Renders every output file.
pub fn render(u: &Uitkomst) -> Vec<(&'static str, Vec<u8>)> {
    alle()
        .iter()
        .map(|r| (r.bestandsnaam(), r.render(u)))
        .collect()
}
