//! Reading back the `rapport.json` of a finished run, for `kansrijk explain` and `kansrijk
//! controleer`: where the input was, the hashes of its files, the options, the objective, the
//! certificate and every household's gemeente. Only these parts are read; the rest of the
//! report is ignored.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::output::MERK;
use crate::error::UitlegError;
use crate::model::{GemeenteIdx, Instance};

/// What `kansrijk explain` needs from a finished run.
#[derive(Debug, Clone, Deserialize)]
pub struct VorigeRun {
    pub invoer: Invoer,
    pub opties: Opties,
    pub oplossing: Oplossing,
    pub koppelingen: Vec<Koppeling>,
}

/// The `invoer` block: where the input came from.
#[derive(Debug, Clone, Deserialize)]
pub struct Invoer {
    /// How the input is named in the report (folder or `<voorbeeld>`).
    pub bron: String,
    /// The embedded example.
    pub voorbeeld: bool,
    /// `--data` as given, and made absolute.
    pub map: Option<PathBuf>,
    pub map_absoluut: Option<PathBuf>,
    /// `--weights` as given, and made absolute.
    pub gewichten_bestand: Option<PathBuf>,
    pub gewichten_bestand_absoluut: Option<PathBuf>,
    /// SHA-256 of every input file read.
    pub bestanden: Vec<Bestand>,
}

/// One input file and its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Bestand {
    pub naam: String,
    pub sha256: String,
}

/// The `opties` block: the options of `kansrijk match` that change the koppeling.
#[derive(Debug, Clone, Deserialize)]
pub struct Opties {
    /// `--marge`, if given.
    pub marge: Option<u32>,
    pub tijdslimiet: f64,
    /// `--gap`, if given.
    pub gap: Option<f64>,
    pub model: String,
    /// The floor of the spread bound the run solved with (`--spreidingsgrens`), if any.
    #[serde(default)]
    pub spreidingsgrens_vloer: Option<f64>,
}

/// The part of the `oplossing` block that `explain` shows and `controleer` checks.
#[derive(Debug, Clone, Deserialize)]
pub struct Oplossing {
    pub status: String,
    pub doelwaarde: f64,
    pub grens: f64,
    pub gap: f64,
    /// The prices that bound the full model, where the run has them.
    #[serde(default)]
    pub certificaat: Option<Certificaat>,
}

/// The `oplossing.certificaat` block (see [`crate::solve::certificaat`]).
#[derive(Debug, Clone, Deserialize)]
pub struct Certificaat {
    pub grens: f64,
    pub gemeenten: Vec<GemeentePrijs>,
    #[serde(default)]
    pub regios: Vec<RegioPrijs>,
}

/// A gemeente's prices in the certificate.
#[derive(Debug, Clone, Deserialize)]
pub struct GemeentePrijs {
    pub gemeente_code: String,
    #[serde(flatten)]
    pub prijs: crate::solve::certificaat::Prijs,
}

/// A region's price on its row of the spread bound.
#[derive(Debug, Clone, Deserialize)]
pub struct RegioPrijs {
    pub regio: String,
    pub prijs: f64,
}

/// One household's gemeente (`None`: uncoupled).
#[derive(Debug, Clone, Deserialize)]
pub struct Koppeling {
    pub huishouden_id: String,
    pub gemeente_code: Option<String>,
}

/// Reads `rapport.json` in the output folder `out`.
pub fn lees(out: &Path) -> Result<VorigeRun, UitlegError> {
    if !out.is_dir() {
        return Err(UitlegError::GeenMap(out.to_path_buf()));
    }
    let path = out.join(MERK);
    let onleesbaar = |reden: String| UitlegError::Onleesbaar {
        path: path.clone(),
        reden,
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(UitlegError::GeenRapport(path));
        }
        Err(e) => return Err(onleesbaar(e.to_string())),
    };
    let waarde: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| onleesbaar(format!("geen geldige JSON ({e})")))?;
    if waarde.get("opties").is_none() {
        return Err(UitlegError::OudRapport(path));
    }
    serde_json::from_value(waarde).map_err(|e| onleesbaar(format!("onverwachte inhoud ({e})")))
}

impl VorigeRun {
    /// The input folder to read: `data` if given, else the recorded one (absolute if it still
    /// exists, else as given); `None` for the embedded example.
    pub fn map(&self, data: Option<&Path>) -> Option<PathBuf> {
        if self.invoer.voorbeeld {
            return None;
        }
        data.map(Path::to_path_buf)
            .or_else(|| bestaand(&self.invoer.map_absoluut, &self.invoer.map))
    }

    /// The weights file given with `--weights`, if any (absolute if it still exists).
    pub fn gewichten(&self) -> Option<PathBuf> {
        bestaand(
            &self.invoer.gewichten_bestand_absoluut,
            &self.invoer.gewichten_bestand,
        )
    }

    /// What differs between the recorded file hashes and `hashes` (name, SHA-256), in Dutch;
    /// `None` when they are the same.
    pub fn verschil(&self, hashes: &[(String, String)]) -> Option<String> {
        let mut wat = Vec::new();
        for b in &self.invoer.bestanden {
            match hashes.iter().find(|(n, _)| *n == b.naam) {
                None => wat.push(format!("{} ontbreekt", b.naam)),
                Some((_, h)) if *h != b.sha256 => wat.push(format!("{} is veranderd", b.naam)),
                Some(_) => {}
            }
        }
        for (n, _) in hashes {
            if !self.invoer.bestanden.iter().any(|b| b.naam == *n) {
                wat.push(format!("{n} is nieuw"));
            }
        }
        (!wat.is_empty()).then(|| wat.join(", "))
    }

    /// Every household's gemeente in `inst` order, from the recorded koppelingen; `Err` says
    /// what does not match the instance.
    pub fn toewijzing(&self, inst: &Instance) -> Result<Vec<Option<GemeenteIdx>>, String> {
        if self.koppelingen.len() != inst.huishoudens.len() {
            return Err(format!(
                "{} koppelingen voor {} huishoudens",
                self.koppelingen.len(),
                inst.huishoudens.len()
            ));
        }
        let codes = gemeente_index(inst);
        let per_id: std::collections::HashMap<&str, Option<&str>> = self
            .koppelingen
            .iter()
            .map(|k| (k.huishouden_id.as_str(), k.gemeente_code.as_deref()))
            .collect();
        inst.huishoudens
            .iter()
            .map(|hh| match per_id.get(hh.id.as_str()) {
                None => Err(format!(
                    "huishouden \"{}\" ontbreekt in de koppelingen",
                    hh.id
                )),
                Some(None) => Ok(None),
                Some(Some(code)) => codes
                    .get(code)
                    .map(|&g| Some(g))
                    .ok_or_else(|| format!("onbekende gemeente \"{code}\"")),
            })
            .collect()
    }
}

impl Certificaat {
    /// The prices in `inst`'s gemeente and region order; `Err` names a gemeente that is
    /// missing, twice or unknown, or an unknown region. A region left out has price 0 (a valid,
    /// weaker bound).
    pub fn prijzen(&self, inst: &Instance) -> Result<crate::solve::controle::Prijzen, String> {
        use crate::solve::certificaat::Prijs;
        let codes = gemeente_index(inst);
        let mut gemeenten: Vec<Option<Prijs>> = vec![None; inst.gemeenten.len()];
        for q in &self.gemeenten {
            let g = *codes.get(q.gemeente_code.as_str()).ok_or_else(|| {
                format!(
                    "onbekende gemeente \"{}\" in het certificaat",
                    q.gemeente_code
                )
            })?;
            if gemeenten[g].is_some() {
                return Err(format!(
                    "gemeente \"{}\" staat twee keer in het certificaat",
                    q.gemeente_code
                ));
            }
            gemeenten[g] = Some(q.prijs);
        }
        let gemeenten = gemeenten
            .into_iter()
            .zip(&inst.gemeenten)
            .map(|(q, gem)| {
                q.ok_or_else(|| format!("gemeente \"{}\" ontbreekt in het certificaat", gem.code))
            })
            .collect::<Result<Vec<_>, _>>()?;
        // a region left out has price 0
        let mut regios = vec![0.0; inst.regios.len()];
        for q in &self.regios {
            let r = inst
                .regios
                .iter()
                .position(|reg| reg.code.as_str() == q.regio)
                .ok_or_else(|| format!("onbekende regio \"{}\" in het certificaat", q.regio))?;
            regios[r] = q.prijs;
        }
        Ok(crate::solve::controle::Prijzen {
            gemeenten,
            regios,
            grens: self.grens,
        })
    }
}

/// The gemeenten of `inst` by code.
fn gemeente_index(inst: &Instance) -> std::collections::HashMap<&str, GemeenteIdx> {
    inst.gemeenten
        .iter()
        .enumerate()
        .map(|(g, gem)| (gem.code.as_str(), g))
        .collect()
}

/// `absoluut` if it exists, else `gegeven`.
fn bestaand(absoluut: &Option<PathBuf>, gegeven: &Option<PathBuf>) -> Option<PathBuf> {
    absoluut
        .as_ref()
        .filter(|p| p.exists())
        .or(gegeven.as_ref())
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(bestanden: &[(&str, &str)]) -> VorigeRun {
        VorigeRun {
            invoer: Invoer {
                bron: "x".into(),
                voorbeeld: false,
                map: Some("rel".into()),
                map_absoluut: Some("/bestaat/niet".into()),
                gewichten_bestand: None,
                gewichten_bestand_absoluut: None,
                bestanden: bestanden
                    .iter()
                    .map(|(n, h)| Bestand {
                        naam: n.to_string(),
                        sha256: h.to_string(),
                    })
                    .collect(),
            },
            opties: Opties {
                marge: None,
                tijdslimiet: 1.0,
                gap: None,
                model: "geaggregeerd".into(),
                spreidingsgrens_vloer: None,
            },
            oplossing: Oplossing {
                status: "optimaal".into(),
                doelwaarde: 0.0,
                grens: 0.0,
                gap: 0.0,
                certificaat: None,
            },
            koppelingen: vec![],
        }
    }

    #[test]
    fn changed_missing_and_new_files_are_named() {
        let r = run(&[("a.csv", "1"), ("b.csv", "2"), ("c.csv", "3")]);
        let nu = |v: &[(&str, &str)]| {
            v.iter()
                .map(|(n, h)| (n.to_string(), h.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            r.verschil(&nu(&[("a.csv", "1"), ("b.csv", "2"), ("c.csv", "3")])),
            None
        );
        assert_eq!(
            r.verschil(&nu(&[("a.csv", "1"), ("b.csv", "9"), ("d.toml", "4")]))
                .unwrap(),
            "b.csv is veranderd, c.csv ontbreekt, d.toml is nieuw"
        );
    }

    #[test]
    fn folder_falls_back_to_the_path_as_given() {
        let r = run(&[]);
        assert_eq!(r.map(None), Some(PathBuf::from("rel")));
        assert_eq!(
            r.map(Some(Path::new("ander"))),
            Some(PathBuf::from("ander"))
        );
    }

    #[test]
    fn missing_garbled_and_old_reports_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            lees(&dir.path().join("weg")),
            Err(UitlegError::GeenMap(_))
        ));
        assert!(matches!(lees(dir.path()), Err(UitlegError::GeenRapport(_))));
        std::fs::write(dir.path().join(MERK), "{ kapot").unwrap();
        assert!(matches!(
            lees(dir.path()),
            Err(UitlegError::Onleesbaar { .. })
        ));
        std::fs::write(dir.path().join(MERK), r#"{"invoer": {}}"#).unwrap();
        assert!(matches!(lees(dir.path()), Err(UitlegError::OudRapport(_))));
        std::fs::write(dir.path().join(MERK), r#"{"opties": 3}"#).unwrap();
        let e = lees(dir.path()).unwrap_err();
        assert!(e.to_string().contains("onverwachte inhoud"), "{e}");
    }
}
