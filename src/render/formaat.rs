//! What every output file of a report folder is: a name and the bytes it renders from an
//! [`Uitkomst`]. The formats (`csv`, `markdown`, `json`) implement it.

use crate::uitkomst::Uitkomst;

/// One output file.
pub trait Render {
    fn bestandsnaam(&self) -> &'static str;
    fn render(&self, u: &Uitkomst) -> Vec<u8>;
}
