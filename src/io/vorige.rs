//! The koppeling of an earlier run, for `kansrijk match --vorige DIR`: the `koppelingen.csv`
//! that run wrote, read as household id to gemeente code (empty: uncoupled then). Its other
//! columns are not read. Problems are located like those of the input (`FILE:LINE: column
//! "X": ...`); a folder without the file is one as well.

use std::collections::HashMap;
use std::path::Path;

use super::bron::read_file;
use super::table::{req, uit_spreadsheet_cel, Table};
use crate::error::{quoted, InputError, Problems};
use crate::model::{GemeenteCode, HuishoudenId};

/// The file read in the earlier run's folder.
pub const KOPPELINGEN: &str = "koppelingen.csv";

/// One row of the earlier koppeling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VorigeRij {
    pub line: u64,
    pub huishouden: HuishoudenId,
    /// `None`: the household was left uncoupled.
    pub gemeente: Option<GemeenteCode>,
}

/// Reads `koppelingen.csv` in the output folder `dir` of an earlier run: every row, or every
/// problem found (the file missing, a malformed gemeente code, a household twice).
pub fn lees(dir: &Path) -> Result<Vec<VorigeRij>, InputError> {
    let path = dir.join(KOPPELINGEN);
    let naam = path.display().to_string();
    let mut problems = Problems::default();
    let Some(bestand) = read_file(&path)? else {
        problems.add(
            &naam,
            None,
            None,
            "not found; --vorige needs the output folder of an earlier kansrijk match",
        );
        return Err(InputError::Invalid(problems));
    };
    let cols = [req("huishouden_id"), req("gemeente_code")];
    let mut rijen = Vec::new();
    if let Some(table) = Table::parse(&naam, &bestand.inhoud, &cols, &mut problems) {
        let mut gezien: HashMap<HuishoudenId, u64> = HashMap::new();
        for r in table.rows() {
            let Some(id) = r.regel("huishouden_id", &mut problems) else {
                continue;
            };
            // written with a `'` before what would start a spreadsheet formula
            let id = HuishoudenId::new(uit_spreadsheet_cel(id));
            let code = r.text("gemeente_code");
            let gemeente = if code.is_empty() {
                None
            } else {
                match GemeenteCode::parse(code) {
                    Some(c) => Some(c),
                    None => {
                        r.problem(
                            &mut problems,
                            "gemeente_code",
                            format!(
                                "expected a gemeente code like GM0344 or nothing, found {}",
                                quoted(code)
                            ),
                        );
                        continue;
                    }
                }
            };
            if let Some(eerst) = gezien.insert(id.clone(), r.line) {
                r.problem(
                    &mut problems,
                    "huishouden_id",
                    format!(
                        "duplicate value {}, first on line {eerst}",
                        quoted(id.as_str())
                    ),
                );
                continue;
            }
            rijen.push(VorigeRij {
                line: r.line,
                huishouden: id,
                gemeente,
            });
        }
    }
    problems.into_result(rijen)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schrijf(inhoud: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(KOPPELINGEN), inhoud).unwrap();
        dir
    }

    #[test]
    fn reads_households_and_their_gemeenten() {
        let dir = schrijf("huishouden_id,personen,gemeente_code\nH1,2,GM0344\nH2,1,\n");
        let rijen = lees(dir.path()).unwrap();
        assert_eq!(
            rijen,
            vec![
                VorigeRij {
                    line: 2,
                    huishouden: HuishoudenId::new("H1"),
                    gemeente: GemeenteCode::parse("GM0344"),
                },
                VorigeRij {
                    line: 3,
                    huishouden: HuishoudenId::new("H2"),
                    gemeente: None,
                },
            ]
        );
    }

    #[test]
    fn problems_are_located() {
        let dir = tempfile::tempdir().unwrap();
        let fout = lees(dir.path()).unwrap_err().to_string();
        assert!(fout.contains("koppelingen.csv: not found"), "{fout}");
        let dir = schrijf("huishouden_id,gemeente_code\nH1,GM03\nH2,GM0344\nH2,GM0345\n");
        let fout = lees(dir.path()).unwrap_err().to_string();
        assert!(
            fout.contains("koppelingen.csv:2: column \"gemeente_code\""),
            "{fout}"
        );
        assert!(
            fout.contains("koppelingen.csv:4: column \"huishouden_id\": duplicate value \"H2\", first on line 3"),
            "{fout}"
        );
        let dir = schrijf("huishouden_id\nH1\n");
        let fout = lees(dir.path()).unwrap_err().to_string();
        assert!(fout.contains("gemeente_code"), "{fout}");
    }
}
