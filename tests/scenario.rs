//! Scenario files (`compare --scenario FILE`, `src/io/scenario.rs`) through the library: the
//! examples in `examples/` read and apply to the embedded example and to a generated half
//! year, the variant validates, and a bad file's problems are located with its path and line.

use std::path::{Path, PathBuf};

use kansrijk::io::scenario::{self, Wat, Wijziging};
use kansrijk::io::{load, Bron, Invoer};
use kansrijk::model::Beroepsklasse;

fn voorbeeld(naam: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(naam)
}

/// A generated half year (seed 1), as `generate --preset halfjaar --seed 1` writes it.
fn halfjaar(dir: &Path) -> PathBuf {
    use kansrijk::generate::{genereer, schrijf, Instellingen, Keuzes, Preset};
    let opties = Instellingen::bepaal(&Keuzes {
        preset: Some(Preset::Halfjaar),
        seed: Some(1),
        ..Default::default()
    })
    .unwrap();
    let out = dir.join("h1");
    schrijf(&out, &genereer(&opties)).unwrap();
    out
}

/// The scenario file `pad` applied to `bron`: the variant, its changes and the base.
fn pas_toe(pad: &Path, bron: &Bron) -> (Invoer, Vec<Wijziging>, Invoer) {
    let s = scenario::lees(pad).unwrap_or_else(|e| panic!("{}: {e}", pad.display()));
    let basis = load(bron, None).unwrap();
    assert!(basis.problems.is_empty());
    let (variant, w) = scenario::pas_toe(&s, load(bron, None).unwrap())
        .unwrap_or_else(|p| panic!("{}: {:?}", pad.display(), p.lines()));
    (variant, w, basis)
}

/// The variant passes validation as `match` runs it.
fn valideert(variant: Invoer) -> kansrijk::model::Instance {
    let (inst, _, _) = kansrijk::valid(variant, &kansrijk::MatchOpties::default())
        .unwrap_or_else(|e| panic!("{e}"));
    inst
}

#[test]
fn zuidoost_brabant_doubles_technical_tension() {
    let dir = tempfile::tempdir().unwrap();
    for bron in [Bron::Voorbeeld, Bron::Map(halfjaar(dir.path()))] {
        let (variant, w, basis) = pas_toe(&voorbeeld("zuidoost-brabant-techniek-x2.toml"), &bron);
        assert_eq!(w.len(), 1, "{w:?}");
        let Wat::Spanning {
            regio,
            regio_naam,
            beroepsklasse,
            oud,
            nieuw,
            ..
        } = &w[0].wat
        else {
            panic!("{w:?}")
        };
        assert_eq!(
            (regio.as_str(), regio_naam.as_str()),
            ("AM28", "Zuidoost-Brabant")
        );
        assert_eq!(*beroepsklasse, Beroepsklasse::parse("07").unwrap());
        assert_eq!(*nieuw, 2.0 * oud);
        assert_eq!(w[0].regel.line, 11);
        // only that row changed
        let (a, b) = (
            basis.arbeidsmarkt.unwrap(),
            variant.arbeidsmarkt.as_ref().unwrap(),
        );
        let anders: Vec<_> = a
            .iter()
            .zip(b.iter())
            .filter(|(x, y)| x.spanning != y.spanning)
            .map(|(x, _)| (x.regio.to_string(), x.beroepsklasse.to_string()))
            .collect();
        assert_eq!(anders, vec![("AM28".to_string(), "07".to_string())]);
        let inst = valideert(variant);
        let r = inst
            .regios
            .iter()
            .position(|r| r.code.as_str() == "AM28")
            .unwrap();
        let r = kansrijk::model::RegioIdx::new(r);
        assert_eq!(inst.arbeidsmarkt.spanning(r, *beroepsklasse), *nieuw);
    }
}

#[test]
fn big_city_quota_plus_twenty_percent() {
    let dir = tempfile::tempdir().unwrap();
    for bron in [Bron::Voorbeeld, Bron::Map(halfjaar(dir.path()))] {
        let (variant, w, _) = pas_toe(&voorbeeld("grote-stad-taakstelling-plus20.toml"), &bron);
        assert_eq!(w.len(), 1, "{w:?}");
        let Wat::Taakstelling {
            gemeente,
            gemeente_naam,
            oud,
            nieuw,
            ..
        } = &w[0].wat
        else {
            panic!("{w:?}")
        };
        assert_eq!(
            (gemeente.as_str(), gemeente_naam.as_str()),
            ("GM0363", "Amsterdam")
        );
        assert_eq!(*nieuw, (*oud as f64 * 1.2).round() as i64);
        assert!(nieuw > oud);
        valideert(variant);
    }
}

#[test]
fn extern_names_a_file_next_to_the_scenario() {
    // the example names the example score file next to it
    let s = scenario::lees(&voorbeeld("extern-voorspelling.toml")).unwrap();
    assert_eq!(
        s.scores_extern.unwrap().pad,
        voorbeeld("extern-voorspelling.toml").with_file_name("scores_extern.csv")
    );
    let dir = tempfile::tempdir().unwrap();
    let pad = dir.path().join("extern-voorspelling.toml");
    std::fs::copy(voorbeeld("extern-voorspelling.toml"), &pad).unwrap();
    // without the score file: located at the `extern` line
    let fout = scenario::lees(&pad).unwrap_err().to_string();
    let verwacht = format!(
        "{}:12: column \"extern\": file does not exist",
        pad.display()
    );
    assert!(fout.starts_with(&verwacht), "{fout}");
    // with it
    std::fs::write(
        dir.path().join("scores_extern.csv"),
        "huishouden_id,gemeente_code,score\n",
    )
    .unwrap();
    let (_, w, _) = pas_toe(&pad, &Bron::Voorbeeld);
    let [Wijziging {
        wat: Wat::Extern { pad: extern_pad },
        ..
    }] = &w[..]
    else {
        panic!("{w:?}")
    };
    assert_eq!(*extern_pad, dir.path().join("scores_extern.csv"));
}

/// A bad scenario file: every problem, each with the file's path, line and column.
#[test]
fn a_bad_file_lists_every_problem_with_path_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let pad = dir.path().join("fout.toml");
    std::fs::write(
        &pad,
        "naam = \"fout\"\n\
         [[spanning]]\n\
         regio = \"AM28\"\n\
         beroepsklasse = \"00\"\n\
         factor = 2\n\
         waarde = 1\n\
         [[gemeente]]\n\
         gemeente = \"GM0363\"\n\
         taakstelling = 640.5\n\
         [gewichten.werk]\n\
         gewicht = -1\n",
    )
    .unwrap();
    let fout = scenario::lees(&pad).unwrap_err().to_string();
    let p = pad.display();
    assert_eq!(
        fout.lines().collect::<Vec<_>>(),
        vec![
            format!("{p}:4: column \"spanning.beroepsklasse\": expected a beroepsklasse 01..13 or \"*\", found \"00\""),
            format!("{p}:6: column \"spanning.waarde\": give factor (scale) or waarde (set), not both"),
            format!("{p}:9: column \"gemeente.taakstelling\": expected a whole number from 0 to 100000000, found 640.5"),
            format!("{p}:11: column \"gewichten.werk.gewicht\": expected a number from 0 to 1000000, found -1"),
        ]
    );
    // an unknown region or gemeente is found against the input
    std::fs::write(
        &pad,
        "naam = \"fout\"\n[[spanning]]\nregio = \"AM99\"\nberoepsklasse = \"*\"\nfactor = 2\n\
         [[gemeente]]\ngemeente = \"GM0001\"\nachterstand = 3\n",
    )
    .unwrap();
    let s = scenario::lees(&pad).unwrap();
    let problemen = scenario::pas_toe(&s, load(&Bron::Voorbeeld, None).unwrap())
        .err()
        .unwrap()
        .lines();
    assert_eq!(
        problemen,
        vec![
            format!("{p}:3: column \"spanning.regio\": unknown region \"AM99\", not in regios.csv"),
            format!("{p}:7: column \"gemeente.gemeente\": unknown gemeente \"GM0001\", not in gemeenten.csv"),
        ]
    );
}
