//! The reference tables of `data/tabellen/`, compiled into the binary so `kansrijk generate`
//! runs anywhere. They are built by `data/bouw/maak_tabellen.py` from `data/referentie/`;
//! `data/README.md` says per column what is real (CBS), derived or illustrative.

use std::sync::OnceLock;

use serde::Deserialize;

/// `regios.csv` and `arbeidsmarkt.csv` are already input files of the SPEC (plus `bron`): a
/// generated folder gets them byte for byte.
pub const REGIOS_CSV: &str = include_str!("../../data/tabellen/regios.csv");
pub const ARBEIDSMARKT_CSV: &str = include_str!("../../data/tabellen/arbeidsmarkt.csv");
const GEMEENTEN_CSV: &str = include_str!("../../data/tabellen/gemeenten.csv");
const AZC_CSV: &str = include_str!("../../data/tabellen/azc.csv");
const LANDELIJK_CSV: &str = include_str!("../../data/tabellen/landelijk.csv");

/// One gemeente: CBS code, name, province and arbeidsmarktregio, inhabitants, and the
/// taakstelling derived by the legal rule for each half year of [`Tabellen::landelijk`].
#[derive(Debug, Clone, Deserialize)]
pub struct ReferentieGemeente {
    pub gemeente_code: String,
    pub gemeente_naam: String,
    pub provincie: String,
    pub arbeidsmarktregio_code: String,
    /// CBS count on 1 January 2020 (real, re-aggregated to the 2025 indeling).
    pub inwoners_2020: u64,
    /// Estimate of 1 January 2024: the base of the 2025 taakstelling.
    pub inwoners_2024_schatting: u64,
    pub taakstelling_2025_1_afgeleid: u64,
    pub taakstelling_2025_2_afgeleid: u64,
}

/// One arbeidsmarktregio with its education offer and academic hospital.
#[derive(Debug, Clone, Deserialize)]
pub struct ReferentieRegio {
    pub arbeidsmarktregio_code: String,
    pub arbeidsmarktregio_naam: String,
    pub mbo: u8,
    pub hbo: u8,
    pub wo: u8,
    pub academisch_ziekenhuis: u8,
    pub bron: String,
}

/// One row of the illustrative labour-market profile.
#[derive(Debug, Clone, Deserialize)]
pub struct Spanning {
    pub arbeidsmarktregio_code: String,
    pub beroepsklasse: String,
    pub spanning: f64,
    pub bron: String,
}

/// A gemeente with an AZC (illustrative list) and its weight in the draw of
/// `azc_gemeente_code`.
#[derive(Debug, Clone, Deserialize)]
pub struct Azc {
    pub gemeente_code: String,
    pub gemeente_naam: String,
    pub plaats: String,
    pub gewicht: u32,
    pub bron: String,
}

/// The national taakstelling of a half year, with its source.
#[derive(Debug, Clone, Deserialize)]
pub struct Landelijk {
    pub periode: String,
    pub landelijke_taakstelling: u64,
    pub bron: String,
}

/// All reference tables, each sorted by its key.
#[derive(Debug, Clone)]
pub struct Tabellen {
    pub gemeenten: Vec<ReferentieGemeente>,
    pub regios: Vec<ReferentieRegio>,
    pub arbeidsmarkt: Vec<Spanning>,
    pub azc: Vec<Azc>,
    pub landelijk: Vec<Landelijk>,
}

fn parse<T: for<'de> Deserialize<'de>>(naam: &str, text: &str) -> Vec<T> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .enumerate()
        .map(|(i, r)| r.unwrap_or_else(|e| panic!("data/tabellen/{naam}:{}: {e}", i + 2)))
        .collect()
}

impl Tabellen {
    /// The embedded tables, parsed once. A unit test checks that they parse.
    pub fn get() -> &'static Tabellen {
        static TABELLEN: OnceLock<Tabellen> = OnceLock::new();
        TABELLEN.get_or_init(|| Tabellen {
            gemeenten: parse("gemeenten.csv", GEMEENTEN_CSV),
            regios: parse("regios.csv", REGIOS_CSV),
            arbeidsmarkt: parse("arbeidsmarkt.csv", ARBEIDSMARKT_CSV),
            azc: parse("azc.csv", AZC_CSV),
            landelijk: parse("landelijk.csv", LANDELIJK_CSV),
        })
    }

    /// The half years the tables have a national taakstelling for.
    pub fn periodes(&self) -> Vec<&str> {
        self.landelijk.iter().map(|l| l.periode.as_str()).collect()
    }

    pub fn landelijk(&self, periode: &str) -> Option<&Landelijk> {
        self.landelijk.iter().find(|l| l.periode == periode)
    }

    /// The derived taakstelling of gemeente `g` for `periode` (one of [`Self::periodes`]).
    pub fn taakstelling(&self, g: &ReferentieGemeente, periode: &str) -> Option<u64> {
        match periode {
            "2025-1" => Some(g.taakstelling_2025_1_afgeleid),
            "2025-2" => Some(g.taakstelling_2025_2_afgeleid),
            _ => None,
        }
    }

    /// Index of a gemeente by code.
    pub fn gemeente(&self, code: &str) -> Option<usize> {
        self.gemeenten
            .binary_search_by(|g| g.gemeente_code.as_str().cmp(code))
            .ok()
    }

    /// Whether the arbeidsmarktregio of gemeente `g` has an academic hospital.
    pub fn academisch_ziekenhuis(&self, g: usize) -> bool {
        let code = &self.gemeenten[g].arbeidsmarktregio_code;
        self.regios
            .iter()
            .any(|r| &r.arbeidsmarktregio_code == code && r.academisch_ziekenhuis == 1)
    }
}

/// The legal rule (Huisvestingswet 2014 art. 29): `ceil(landelijk * iG / iN)`, in exact
/// integer arithmetic, with `iN` the sum of all `inwoners`.
pub fn wettelijke_taakstelling(landelijk: u64, inwoners: &[u64]) -> Vec<u64> {
    let totaal: u128 = inwoners.iter().map(|&i| i as u128).sum();
    inwoners
        .iter()
        .map(|&i| (landelijk as u128 * i as u128).div_ceil(totaal.max(1)) as u64)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse_with_the_expected_counts_and_keys() {
        let t = Tabellen::get();
        assert_eq!(t.gemeenten.len(), 342);
        assert_eq!(t.regios.len(), 35);
        assert_eq!(t.arbeidsmarkt.len(), 35 * 13);
        assert_eq!(t.azc.len(), 16);
        assert_eq!(t.periodes(), vec!["2025-1", "2025-2"]);
        assert!(t
            .gemeenten
            .windows(2)
            .all(|w| w[0].gemeente_code < w[1].gemeente_code));
        for g in &t.gemeenten {
            assert!(t
                .regios
                .iter()
                .any(|r| r.arbeidsmarktregio_code == g.arbeidsmarktregio_code));
        }
        for a in &t.azc {
            let g = t.gemeente(&a.gemeente_code).expect("AZC gemeente exists");
            assert_eq!(t.gemeenten[g].gemeente_naam, a.gemeente_naam);
        }
        assert_eq!(
            t.regios
                .iter()
                .filter(|r| r.academisch_ziekenhuis == 1)
                .count(),
            7
        );
        assert!(t
            .arbeidsmarkt
            .iter()
            .all(|s| s.spanning >= 0.1 && s.bron.contains("illustratief")));
    }

    #[test]
    fn derived_taakstelling_follows_the_legal_rule() {
        let t = Tabellen::get();
        let inwoners: Vec<u64> = t
            .gemeenten
            .iter()
            .map(|g| g.inwoners_2024_schatting)
            .collect();
        for l in &t.landelijk {
            let berekend = wettelijke_taakstelling(l.landelijke_taakstelling, &inwoners);
            for (g, b) in t.gemeenten.iter().zip(berekend) {
                assert_eq!(
                    t.taakstelling(g, &l.periode),
                    Some(b),
                    "{}",
                    g.gemeente_code
                );
            }
        }
        assert_eq!(wettelijke_taakstelling(10, &[1, 1, 1]), vec![4, 4, 4]);
        assert_eq!(wettelijke_taakstelling(9, &[1, 2]), vec![3, 6]);
    }
}
