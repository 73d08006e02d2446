//! The score weights and model parameters (`gewichten.toml`), with documented defaults.
//!
//! Every field has a default, so a file only names what it changes. Unknown keys are errors:
//! a misspelt weight must not be silently ignored.

use serde::{Deserialize, Serialize};

/// How the scores of a household's members combine into the household's score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Combinatie {
    /// Sum over the adults: every adult counts fully, bigger households weigh more.
    #[default]
    Som,
    /// Mean over the adults: every household weighs the same.
    Gemiddelde,
}

impl Combinatie {
    pub fn as_str(self) -> &'static str {
        match self {
            Combinatie::Som => "som",
            Combinatie::Gemiddelde => "gemiddelde",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Gewichten {
    pub combinatie: Combinatie,
    pub werk: Werk,
    pub onderwijs: Onderwijs,
    pub netwerk: Netwerk,
    pub regiobinding: Regiobinding,
    /// `extern`: the weight of the scores of `scores_extern.csv`. `None` when neither the
    /// weights file sets it nor the input has that file: then it is not written into the report,
    /// so a run without external scores reports exactly the weights it always did. Read it with
    /// [`Gewichten::extern_gewicht`].
    #[serde(rename = "extern", default, skip_serializing_if = "Option::is_none")]
    pub externe: Option<Extern>,
    pub model: Model,
}

/// `werk`: work experience and interests against the region's tension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Werk {
    /// Points for an experienced adult in a market of infinite tension.
    pub gewicht: f64,
    /// Share of the experience weight that even zero years of experience earn.
    pub ervaring_basis: f64,
    /// Years of experience at which the experience weight is full.
    pub ervaring_plafond: u32,
    /// Weight of the interests relative to experience (interests are weaker).
    pub interesse: f64,
}

/// `onderwijs`: the region's mbo/hbo/wo offer for young and higher-educated adults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Onderwijs {
    pub gewicht: f64,
    /// Adults younger than this count as young (the onderwijsroute is mostly for under-30s).
    pub jong_tot: u32,
    /// Share of the weight for higher-educated adults who are not young.
    pub hoog_ouder: f64,
}

/// `netwerk`: family or community ties.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Netwerk {
    /// In the network gemeente itself.
    pub gemeente: f64,
    /// Elsewhere in the network gemeente's arbeidsmarktregio.
    pub regio: f64,
}

/// `regiobinding`: staying in the arbeidsmarktregio of the current AZC.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Regiobinding {
    pub gewicht: f64,
}

/// `extern`: another model's score per household and gemeente (`scores_extern.csv`), for
/// example a predicted chance of work. Component `extern` = `gewicht * score`, once per
/// household (the external model scores the household, not its adults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Extern {
    pub gewicht: f64,
}

/// Model parameters (penalties and capacity margin) and the reason rule's threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Model {
    /// Persons a gemeente may receive above its remaining quota.
    pub marge: u32,
    /// Penalty per person of shortfall against a gemeente's proportional target.
    pub tekort_boete: f64,
    /// Penalty per household left uncoupled; far above any household's fit.
    pub ongekoppeld_boete: f64,
    /// A koppeling is "clearly below" the best option when it scores at least this share of
    /// the best score lower (and at least `taakstelling_min_verschil` points).
    pub taakstelling_drempel: f64,
    pub taakstelling_min_verschil: f64,
}

impl Default for Gewichten {
    fn default() -> Self {
        Gewichten {
            combinatie: Combinatie::Som,
            werk: Werk::default(),
            onderwijs: Onderwijs::default(),
            netwerk: Netwerk::default(),
            regiobinding: Regiobinding::default(),
            externe: None,
            model: Model::default(),
        }
    }
}

impl Default for Werk {
    fn default() -> Self {
        Werk {
            gewicht: 10.0,
            ervaring_basis: 0.25,
            ervaring_plafond: 10,
            interesse: 0.3,
        }
    }
}

impl Default for Onderwijs {
    fn default() -> Self {
        Onderwijs {
            gewicht: 4.0,
            jong_tot: 30,
            hoog_ouder: 0.5,
        }
    }
}

impl Default for Netwerk {
    fn default() -> Self {
        Netwerk {
            gemeente: 6.0,
            regio: 3.0,
        }
    }
}

impl Default for Regiobinding {
    fn default() -> Self {
        Regiobinding { gewicht: 2.0 }
    }
}

impl Default for Extern {
    fn default() -> Self {
        Extern { gewicht: 1.0 }
    }
}

impl Default for Model {
    fn default() -> Self {
        Model {
            marge: 2,
            tekort_boete: 1.0,
            ongekoppeld_boete: 1000.0,
            taakstelling_drempel: 0.15,
            taakstelling_min_verschil: 1.0,
        }
    }
}

/// The largest weight or penalty: far above any sensible one (the defaults are at most 1,000),
/// and small enough that the objective stays well within what HiGHS solves exactly (measured:
/// 1e6 on every weight and penalty solves the example and a weekly batch to gap 0; 1e300 ends
/// HiGHS with status Unknown).
pub const GROOTSTE: f64 = 1e6;

impl Gewichten {
    /// The weight of `extern` (default 1).
    pub fn extern_gewicht(&self) -> f64 {
        self.externe
            .as_ref()
            .map_or(Extern::default().gewicht, |e| e.gewicht)
    }

    /// Problems with the values (names as dotted TOML keys): all weights and penalties within
    /// `0..=`[`GROOTSTE`], shares within 0..=1.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut non_negative = |key: &str, v: f64| {
            if !(0.0..=GROOTSTE).contains(&v) {
                out.push((
                    key.to_string(),
                    format!("expected a number from 0 to {GROOTSTE}, found {v}"),
                ));
            }
        };
        non_negative("werk.gewicht", self.werk.gewicht);
        non_negative("werk.interesse", self.werk.interesse);
        non_negative("onderwijs.gewicht", self.onderwijs.gewicht);
        non_negative("netwerk.gemeente", self.netwerk.gemeente);
        non_negative("netwerk.regio", self.netwerk.regio);
        non_negative("regiobinding.gewicht", self.regiobinding.gewicht);
        non_negative("extern.gewicht", self.extern_gewicht());
        non_negative("model.tekort_boete", self.model.tekort_boete);
        non_negative("model.ongekoppeld_boete", self.model.ongekoppeld_boete);
        non_negative(
            "model.taakstelling_min_verschil",
            self.model.taakstelling_min_verschil,
        );
        let mut share = |key: &str, v: f64| {
            if !(0.0..=1.0).contains(&v) {
                out.push((
                    key.to_string(),
                    format!("expected a share from 0 to 1, found {v}"),
                ));
            }
        };
        share("werk.ervaring_basis", self.werk.ervaring_basis);
        share("onderwijs.hoog_ouder", self.onderwijs.hoog_ouder);
        share(
            "model.taakstelling_drempel",
            self.model.taakstelling_drempel,
        );
        if self.werk.ervaring_plafond == 0 {
            out.push((
                "werk.ervaring_plafond".into(),
                "expected a whole number of at least 1, found 0".into(),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_template_equals_the_defaults() {
        let text = include_str!("../../data/gewichten.toml");
        let parsed: Gewichten = toml::from_str(text).unwrap();
        assert_eq!(parsed, Gewichten::default());
    }

    #[test]
    fn negative_weight_is_a_problem() {
        let mut g = Gewichten::default();
        g.netwerk.regio = -1.0;
        g.model.tekort_boete = 1e300;
        g.model.taakstelling_drempel = 2.0;
        let keys: Vec<String> = g.problems().into_iter().map(|(k, _)| k).collect();
        assert_eq!(
            keys,
            vec![
                "netwerk.regio",
                "model.tekort_boete",
                "model.taakstelling_drempel"
            ]
        );
        g.model.tekort_boete = GROOTSTE;
        assert_eq!(g.problems().len(), 2, "the largest value itself is allowed");
    }
}
