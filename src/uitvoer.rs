//! The output set of a run: which files a finished [`Uitkomst`] becomes, and where they go.
//! Every command that writes a report folder writes it here, so the folder is the same
//! whichever command made it: the files of [`render::render`], the handover sheets of
//! [`render::overdracht`] when asked, and the score export, a file of its own outside the
//! folder, written as one transaction by [`io::output::schrijf_set`]: every output is checked
//! before anything is written. [`schrijf_verhaal`] does the same for
//! one household's story (`kansrijk explain --markdown`).
//!
//! ```no_run
//! let uitkomst = kansrijk::run(&kansrijk::MatchOpties::default()).unwrap();
//! let uitvoer = kansrijk::Uitvoer {
//!     out: "uitvoer".into(),
//!     ..Default::default()
//! };
//! let geschreven = kansrijk::schrijf(&uitkomst, &uitvoer).unwrap();
//! println!("{} bestanden in {}", geschreven.bestanden, uitvoer.out.display());
//! ```

use std::path::{Path, PathBuf};

use crate::explain::verhaal::Verhaal;
use crate::uitkomst::Uitkomst;
use crate::{io, render, Error};

/// What a run writes besides the report itself, and where.
#[derive(Debug, Clone, Default)]
pub struct Uitvoer {
    /// The output folder, replaced atomically (only when it holds a previous report).
    pub out: PathBuf,
    /// Also write every allowed household-gemeente pair with its score and components here
    /// (`--export-scores`).
    pub export_scores: Option<PathBuf>,
    /// Also write `overdracht/`, one handover sheet per receiving gemeente (`--overdracht`).
    pub overdracht: bool,
}

/// What [`schrijf`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Geschreven {
    /// Files in the output folder, handover sheets included.
    pub bestanden: usize,
    /// The folder of the handover sheets and how many there are, when they were asked for.
    pub overdracht: Option<(PathBuf, usize)>,
    /// The score export, when it was asked for.
    pub scores: Option<PathBuf>,
}

/// Renders `u` and writes its output set as one transaction: the report folder `uitvoer.out`
/// (never the input folder, never a folder that is not a kansrijk report), with `overdracht/`
/// when asked, and the score export when asked (never over a file in the input folder, never
/// inside the report folder).
pub fn schrijf(u: &Uitkomst, uitvoer: &Uitvoer) -> Result<Geschreven, Error> {
    let invoer = u.opties.data.as_deref();
    let mut files: Vec<(String, Vec<u8>)> = render::render(u)
        .into_iter()
        .map(|(naam, inhoud)| (naam.to_string(), inhoud))
        .collect();
    let overdracht = if uitvoer.overdracht {
        let bladen = render::overdracht::render(u);
        let aantal = bladen.len();
        files.extend(bladen);
        Some((uitvoer.out.join(render::overdracht::MAP), aantal))
    } else {
        None
    };
    let scores = uitvoer
        .export_scores
        .as_ref()
        .map(|_| render::csv::scores(u));
    io::output::schrijf_set(&io::output::Set {
        map: Some(io::output::map_doel(
            &uitvoer.out,
            &files,
            io::output::Soort::Rapport,
        )),
        bestanden: uitvoer
            .export_scores
            .iter()
            .zip(&scores)
            .map(|(path, bytes)| (path.as_path(), bytes.as_slice()))
            .collect(),
        invoer,
    })?;
    Ok(Geschreven {
        bestanden: files.len(),
        overdracht,
        scores: uitvoer.export_scores.clone(),
    })
}

/// The folder of a comparison that holds the variant's input made from a scenario.
pub const VARIANT_INVOER: &str = "variant-invoer";

/// Renders a comparison (`kansrijk compare`) and writes it as the folder `out` in one step:
/// `basis/` and `variant/` (each a complete report folder, with its own marker, so `explain`
/// and `check` read it) and the comparison files ([`render::vergelijking`]). Returns the
/// number of files.
pub fn schrijf_vergelijking(
    v: &crate::vergelijking::Vergeleken,
    out: &Path,
) -> Result<usize, Error> {
    let mut files = render::vergelijking::render(v);
    if let Some(s) = &v.scenario {
        files.push((
            format!("{VARIANT_INVOER}/{}", io::output::MERKTEKEN),
            io::output::Soort::Invoer.merkteken().into_bytes(),
        ));
        for (naam, inhoud) in &s.invoer {
            files.push((format!("{VARIANT_INVOER}/{naam}"), inhoud.clone()));
        }
    }
    schrijf_map(
        files,
        out,
        io::output::Soort::Vergelijking,
        v.basis.opties.data.as_deref(),
    )
}

/// Renders a sweep (`kansrijk compare --sweep`) and writes it as the folder `out` in one step:
/// `basis/` (a complete report folder) and the sweep's files ([`render::sweep`]). Returns the
/// number of files.
pub fn schrijf_sweep(g: &crate::vergelijking::Gesweept, out: &Path) -> Result<usize, Error> {
    schrijf_map(
        render::sweep::render(g),
        out,
        io::output::Soort::Vergelijking,
        g.basis.opties.data.as_deref(),
    )
}

/// Renders a simulation (`kansrijk simulate`) and writes it as the folder `out` in one step
/// ([`render::simulatie`]), never over a folder that is not a simulation. Returns the number
/// of files.
pub fn schrijf_simulatie(s: &crate::simulatie::Gesimuleerd, out: &Path) -> Result<usize, Error> {
    schrijf_map(
        render::simulatie::render(s),
        out,
        io::output::Soort::Simulatie,
        s.opties.basis.data.as_deref(),
    )
}

/// Writes `files` as the folder `out` of kind `soort` in one step (never over a folder of
/// another kind, nor over the input folder `invoer`). Returns the number of files.
fn schrijf_map(
    files: Vec<(String, Vec<u8>)>,
    out: &Path,
    soort: io::output::Soort,
    invoer: Option<&Path>,
) -> Result<usize, Error> {
    io::output::schrijf_set(&io::output::Set {
        map: Some(io::output::map_doel(out, &files, soort)),
        bestanden: Vec::new(),
        invoer,
    })?;
    Ok(files.len())
}

/// Renders one household's story (`kansrijk explain`) as Markdown, writes it atomically to
/// `markdown` when given, and returns the text.
pub fn schrijf_verhaal(verhaal: &Verhaal, markdown: Option<&Path>) -> Result<String, Error> {
    let tekst = render::verhaal::verhaal(verhaal);
    if let Some(path) = markdown {
        io::output::write_file(path, tekst.as_bytes(), None)?;
    }
    Ok(tekst)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_report_folder_with_sheets_and_scores_when_asked() {
        let u = crate::run(&crate::MatchOpties::default()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let kaal = Uitvoer {
            out: dir.path().join("kaal"),
            ..Default::default()
        };
        let g = schrijf(&u, &kaal).unwrap();
        let namen: Vec<_> = render::render(&u).into_iter().map(|(n, _)| n).collect();
        assert_eq!(g.bestanden, namen.len());
        assert_eq!((g.overdracht, g.scores), (None, None));
        for naam in namen {
            assert!(kaal.out.join(naam).is_file(), "{naam} missing");
        }
        assert!(!kaal.out.join(render::overdracht::MAP).exists());

        let vol = Uitvoer {
            out: dir.path().join("vol"),
            export_scores: Some(dir.path().join("scores.csv")),
            overdracht: true,
        };
        let g = schrijf(&u, &vol).unwrap();
        let (map, bladen) = g.overdracht.unwrap();
        assert_eq!(map, vol.out.join(render::overdracht::MAP));
        assert!(bladen > 0);
        assert_eq!(std::fs::read_dir(&map).unwrap().count(), bladen);
        assert_eq!(g.bestanden, render::render(&u).len() + bladen);
        assert_eq!(
            std::fs::read(dir.path().join("scores.csv")).unwrap(),
            render::csv::scores(&u)
        );
    }
}
