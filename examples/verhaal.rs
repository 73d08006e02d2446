//! One household's story from a finished run, through the library: the function behind
//! `kansrijk explain` reads the run's output folder, loads its input again, explains the
//! household and measures what each alternative would cost by solving again; the story is
//! rendered as `kansrijk explain` prints it.
//!
//! Run it:
//!
//! ```text
//! cargo run --release --example verhaal                         # runs the embedded example first
//! cargo run --release --example verhaal -- uitvoer              # a finished run, its first household
//! cargo run --release --example verhaal -- uitvoer H042         # a finished run, this household
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kansrijk::{Error, MatchOpties, UitlegOpties, Uitvoer};

fn main() -> ExitCode {
    match verhaal() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // an invalid input folder lists every problem, one a line
            for regel in e.to_string().lines() {
                eprintln!("error: {regel}");
            }
            ExitCode::from(2)
        }
    }
}

fn verhaal() -> Result<(), Error> {
    let mut args = std::env::args_os().skip(1);
    // the run's folder lives as long as `_tijdelijk`
    let (out, _tijdelijk): (PathBuf, Option<tempfile::TempDir>) = match args.next() {
        Some(map) => (map.into(), None),
        None => {
            let tmp = tempfile::tempdir().expect("a temporary folder");
            let out = tmp.path().join("uitvoer");
            let uitkomst = kansrijk::run(&MatchOpties::default())?;
            kansrijk::schrijf(
                &uitkomst,
                &Uitvoer {
                    out: out.clone(),
                    ..Uitvoer::default()
                },
            )?;
            println!(
                "(het ingebouwde voorbeeld, gekoppeld in {})\n",
                out.display()
            );
            (out, Some(tmp))
        }
    };
    let huishouden = match args.next() {
        Some(id) => id.to_string_lossy().into_owned(),
        None => eerste_huishouden(&out),
    };

    let opties = UitlegOpties {
        out,
        huishouden,
        ..UitlegOpties::default()
    };
    let verhaal =
        kansrijk::replay::explain(&opties, &mut |fase| eprintln!("{}", fase.omschrijving()))?;
    print!("{}", kansrijk::render::verhaal::verhaal(&verhaal));
    Ok(())
}

/// The first household of the run's `koppelingen.csv` (its first column is `huishouden_id`).
fn eerste_huishouden(out: &Path) -> String {
    let pad = out.join("koppelingen.csv");
    let mut lezer = csv::Reader::from_path(&pad)
        .unwrap_or_else(|e| panic!("{} cannot be read: {e}", pad.display()));
    let rij = lezer
        .records()
        .next()
        .and_then(Result::ok)
        .unwrap_or_else(|| panic!("{} lists no household", pad.display()));
    rij[0].to_string()
}
