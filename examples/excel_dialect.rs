//! Input as Dutch Excel saves it ("CSV (puntkomma-gescheiden)"): `;` as separator, decimal
//! commas (`2,37`), a UTF-8 byte order mark and CRLF line ends. The folder `examples/excel/`
//! holds such input: 20 households of the embedded example in three labour-market regions
//! (Midden-Utrecht, Groot Amsterdam, Rijnmond). This example loads and validates it through the
//! library, as `kansrijk validate` does, and prints what it found; on invalid input it lists
//! every problem.
//!
//! Run it:
//!
//! ```text
//! cargo run --release --example excel_dialect             # examples/excel/
//! cargo run --release --example excel_dialect -- DIR      # another folder in any dialect
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use kansrijk::model::Beroepsklasse;
use kansrijk::MatchOpties;

fn main() -> ExitCode {
    let data = std::env::args_os().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/excel"),
        PathBuf::from,
    );
    println!("map: {}", data.display());
    for bestand in [
        "gemeenten",
        "regios",
        "arbeidsmarkt",
        "huishoudens",
        "personen",
    ] {
        let pad = data.join(format!("{bestand}.csv"));
        match std::fs::read(&pad) {
            Ok(bytes) => println!("  {bestand}.csv: {}", dialect(&bytes)),
            Err(e) => println!("  {bestand}.csv: niet te lezen ({e})"),
        }
    }

    let opties = MatchOpties {
        data: Some(data),
        ..MatchOpties::default()
    };
    let (inst, gewichten, _) = match kansrijk::load_valid(&opties) {
        Ok(geldig) => geldig,
        Err(e) => {
            // every problem found, one a line
            for regel in e.to_string().lines() {
                eprintln!("error: {regel}");
            }
            return ExitCode::from(2);
        }
    };

    println!(
        "\ngeldig: {} gemeenten, {} regio's, {} huishoudens, {} personen",
        inst.gemeenten.len(),
        inst.regios.len(),
        inst.huishoudens.len(),
        inst.personen()
    );
    let rest: i64 = inst.gemeenten.iter().map(|g| g.rest().max(0)).sum();
    println!("resterende taakstelling: {rest} personen");
    println!(
        "marge boven de taakstelling: {} personen",
        gewichten.model.marge
    );
    // the decimal commas of arbeidsmarkt.csv, read as numbers
    let techniek = Beroepsklasse::parse("07").expect("a beroepsklasse");
    for r in inst.regio_indices() {
        let regio = inst.regio(r);
        println!(
            "spanning in {} voor {}: {}",
            regio.naam,
            techniek.naam(),
            kansrijk::render::tekst::getal(inst.arbeidsmarkt.spanning(r, techniek), 2)
        );
    }
    ExitCode::SUCCESS
}

/// What a file's raw bytes show of its dialect.
fn dialect(bytes: &[u8]) -> String {
    let bom = bytes.starts_with("\u{feff}".as_bytes());
    let kop = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let scheiding = if kop.contains(&b';') { "';'" } else { "','" };
    let crlf = kop.ends_with(b"\r");
    format!(
        "scheidingsteken {scheiding}, {}, regeleinden {}",
        if bom { "met BOM" } else { "zonder BOM" },
        if crlf { "CRLF" } else { "LF" }
    )
}
