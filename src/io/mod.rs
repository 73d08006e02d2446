//! Reading the input folder: one module per input file, each producing `*Row` records that
//! keep their line, and every problem found. Cross-file checks live in [`crate::validate`].
//! Writing the output folder atomically lives in [`output`]; reading back a finished run's
//! `rapport.json` in [`crate::replay`].

pub mod bron;
pub mod geheugen;
pub mod gewichten;
pub mod load;
pub mod output;
pub mod paden;
pub mod prognose;
pub mod rows;
pub mod scenario;
pub mod table;
pub mod vorige;

pub use bron::{read_file, sha256_hex, Bestand, Bron};
pub use bron::{
    ARBEIDSMARKT, GEMEENTEN, GEWICHTEN, HUISHOUDENS, PERSONEN, REGIOS, SCORES_EXTERN, VASTZETTEN,
};
pub use load::{load, load_huishoudens, BronTelling, Herkomst, Invoer, Melding, Namen, NIET_ECHT};
pub use rows::{
    ArbeidsmarktRow, GemeenteRow, HuishoudenRow, PersoonRow, RegioRow, ScoreExternRow,
    VastzettenRow,
};
