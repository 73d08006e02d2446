//! A weekly batch through the library: read an input folder (or generate a week's batch), run
//! the whole pipeline with [`kansrijk::run`] and print the outcome: how many households were
//! coupled, how many persons each gemeente receives against its remaining quota, and how often
//! each reason (`reden`) decided a koppeling. Nothing is written but the temporary input.
//!
//! Run it:
//!
//! ```text
//! cargo run --release --example weekbatch            # a generated week: preset week, seed 1
//! cargo run --release --example weekbatch -- DIR     # your own input folder
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use kansrijk::generate::{self, Keuzes, Preset};
use kansrijk::{Error, MatchOpties};

/// How many gemeenten the list shows.
const TOON: usize = 10;

fn main() -> ExitCode {
    match batch() {
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

fn batch() -> Result<(), Error> {
    // the generated folder lives as long as `_tijdelijk`
    let (data, _tijdelijk): (PathBuf, Option<tempfile::TempDir>) = match std::env::args_os().nth(1)
    {
        Some(map) => (map.into(), None),
        None => {
            let tmp = tempfile::tempdir().expect("a temporary folder");
            let map = tmp.path().join("week");
            let opties = generate::Instellingen::bepaal(&Keuzes {
                preset: Some(Preset::Week),
                seed: Some(1),
                ..Keuzes::default()
            })?;
            generate::schrijf(&map, &generate::genereer(&opties))?;
            println!("invoer: een gegenereerde week (preset week, seed 1)");
            (map, Some(tmp))
        }
    };

    let u = kansrijk::run(&MatchOpties {
        data: Some(data),
        ..MatchOpties::default()
    })?;

    let o = &u.oplossing;
    let gekoppeld = u.koppelingen.len() - o.ongekoppeld;
    let status = kansrijk::render::tekst::status(o.status);
    println!(
        "{} huishoudens: {gekoppeld} gekoppeld, {} niet ({status})",
        u.koppelingen.len(),
        o.ongekoppeld
    );

    // persons per receiving gemeente, most first (per_gemeente follows the instance's order)
    let mut ontvangers: Vec<_> = u
        .per_gemeente()
        .into_iter()
        .zip(&u.instance.gemeenten)
        .filter(|(r, _)| r.huishoudens > 0)
        .collect();
    ontvangers.sort_by(|(a, ga), (b, gb)| {
        b.toegewezen
            .cmp(&a.toegewezen)
            .then_with(|| ga.naam.cmp(&gb.naam))
    });
    println!("\n{} gemeenten ontvangen huishoudens:", ontvangers.len());
    for (r, g) in ontvangers.iter().take(TOON) {
        println!(
            "  {:<24} {:>3} personen in {:>2} {} (resterende taakstelling {})",
            g.naam,
            r.toegewezen,
            r.huishoudens,
            if r.huishoudens == 1 {
                "huishouden"
            } else {
                "huishoudens"
            },
            r.rest
        );
    }
    if ontvangers.len() > TOON {
        println!("  ... en {} gemeenten meer", ontvangers.len() - TOON);
    }

    let mut redenen: BTreeMap<&str, usize> = BTreeMap::new();
    for k in &u.koppelingen {
        *redenen.entry(k.reden.as_str()).or_default() += 1;
    }
    println!("\nredenen:");
    for (reden, n) in redenen {
        println!("  {reden:<14} {n:>4}");
    }
    Ok(())
}
