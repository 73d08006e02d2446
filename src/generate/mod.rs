//! `kansrijk generate`: writes a complete synthetic input folder on the real gemeenten.
//!
//! Not a stage of the matching pipeline but its supplier: it builds what [`crate::io::load`]
//! reads. The gemeenten, regions and labour-market profile come from the embedded reference
//! tables ([`tabellen`]); the households are synthetic ([`cohort`]); the quotas follow the
//! legal rule plus an illustrative achterstand ([`quota`]). Every row carries a `bron`, so the
//! report of a run on it says what is real, derived, illustrative or synthetic.
//!
//! One seeded ChaCha8 generator is drawn from in a fixed order, lists are in table order, and
//! no hash map is iterated: the same options give the same bytes.

pub mod cohort;
pub mod quota;
pub mod tabellen;
pub mod toeval;

use std::fmt::Write as _;
use std::path::Path;

use rand::SeedableRng;

use crate::error::{GenerateError, WriteError};
use crate::io::table::Col;
use crate::io::{self, output, rows};
use cohort::SynthetischHuishouden;
use quota::{Moment, Quotum};
use tabellen::Tabellen;
use toeval::Rng;

/// The first line of the `LEESMIJ.md` of every generated folder. `generate` only replaces a
/// non-empty folder that starts with it.
pub const LEESMIJ_KOP: &str = "# Synthetische invoer, gemaakt door kansrijk generate";
pub const LEESMIJ: &str = "LEESMIJ.md";

/// The documented default weights, written into every generated folder.
pub const GEWICHTEN_TOML: &str = include_str!("../../data/gewichten.toml");

/// Ready-made sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// One week's batch: about 600 persons, all in week 1.
    Week,
    /// A whole half year 2025-1: about 15,000 persons over 26 weeks.
    Halfjaar,
    /// About 50,000 persons over 26 weeks, national taakstelling 50,000.
    Stress,
    /// The embedded example (`data/voorbeeld/`): 300 households late in 2025-2.
    Voorbeeld,
}

impl Preset {
    pub fn naam(self) -> &'static str {
        match self {
            Preset::Week => "week",
            Preset::Halfjaar => "halfjaar",
            Preset::Stress => "stress",
            Preset::Voorbeeld => "voorbeeld",
        }
    }

    /// The preset's options; explicit flags override them.
    pub fn instellingen(self) -> Instellingen {
        let basis = Instellingen {
            preset: Some(self),
            ..Instellingen::default()
        };
        match self {
            Preset::Week => Instellingen {
                huishoudens: 263,
                weken: 1,
                ..basis
            },
            Preset::Halfjaar => Instellingen {
                huishoudens: 6_580,
                ..basis
            },
            Preset::Stress => Instellingen {
                huishoudens: 21_930,
                landelijk: Some(50_000),
                ..basis
            },
            Preset::Voorbeeld => Instellingen {
                huishoudens: 300,
                seed: 20251,
                periode: "2025-2".into(),
                ruimte: 1.15,
                ..basis
            },
        }
    }
}

/// Everything that determines a generated folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Instellingen {
    pub huishoudens: u32,
    pub seed: u64,
    /// Weeks of the half year the permits fall in: `week` is uniform in `1..=weken`.
    pub weken: u32,
    /// Half year of the taakstelling: `2025-1` or `2025-2`.
    pub periode: String,
    /// A national taakstelling to apply the legal rule with, instead of the period's own.
    pub landelijk: Option<u64>,
    /// Target positive rest as a multiple of the persons in the batch.
    pub ruimte: f64,
    /// The preset these options came from, for `LEESMIJ.md`.
    pub preset: Option<Preset>,
}

impl Default for Instellingen {
    fn default() -> Self {
        Instellingen {
            huishoudens: 0,
            seed: 1,
            weken: 26,
            periode: "2025-1".into(),
            landelijk: None,
            ruimte: 1.10,
            preset: None,
        }
    }
}

/// What the user chose on the command line; `None` means the preset's or the default value.
#[derive(Debug, Clone, Default)]
pub struct Keuzes {
    pub preset: Option<Preset>,
    pub huishoudens: Option<u32>,
    pub seed: Option<u64>,
    pub weken: Option<u32>,
    pub periode: Option<String>,
    pub landelijk: Option<u64>,
    pub ruimte: Option<f64>,
}

/// Upper bound on `--households`: far above a real half year, and keeps the run in memory.
pub const MAX_HUISHOUDENS: u32 = 1_000_000;

impl Instellingen {
    /// The preset (if any) overridden by every explicit choice, checked.
    pub fn bepaal(k: &Keuzes) -> Result<Instellingen, GenerateError> {
        let basis = k
            .preset
            .map_or_else(Instellingen::default, Preset::instellingen);
        let o = Instellingen {
            huishoudens: k.huishoudens.unwrap_or(basis.huishoudens),
            seed: k.seed.unwrap_or(basis.seed),
            weken: k.weken.unwrap_or(basis.weken),
            periode: k.periode.clone().unwrap_or(basis.periode),
            landelijk: k.landelijk.or(basis.landelijk),
            ruimte: k.ruimte.unwrap_or(basis.ruimte),
            preset: k.preset,
        };
        let fout = |s: String| Err(GenerateError::Opties(s));
        if k.huishoudens.is_none() && k.preset.is_none() {
            return fout("give --households N or --preset week|halfjaar|stress|voorbeeld".into());
        }
        if !(1..=MAX_HUISHOUDENS).contains(&o.huishoudens) {
            return fout(format!(
                "--households: expected a whole number from 1 to {MAX_HUISHOUDENS}, found {}",
                o.huishoudens
            ));
        }
        if !(1..=26).contains(&o.weken) {
            return fout(format!(
                "--weeks: expected a whole number from 1 to 26, found {}",
                o.weken
            ));
        }
        let periodes = Tabellen::get().periodes();
        if !periodes.contains(&o.periode.as_str()) {
            return fout(format!(
                "--period: expected one of {}, found \"{}\"",
                periodes.join(", "),
                o.periode
            ));
        }
        if o.landelijk.is_some_and(|v| !(1..=10_000_000).contains(&v)) {
            return fout("--landelijk: expected a whole number from 1 to 10000000".into());
        }
        if !(1.0..=10.0).contains(&o.ruimte) {
            return fout(format!(
                "--ruimte: expected a number from 1 to 10, found {}",
                o.ruimte
            ));
        }
        Ok(o)
    }

    /// The canonical command that makes this folder (the output folder left as `DIR`).
    pub fn opdracht(&self) -> String {
        let mut s = format!(
            "kansrijk generate --households {} --seed {} --weeks {} --period {}",
            self.huishoudens, self.seed, self.weken, self.periode
        );
        if let Some(v) = self.landelijk {
            let _ = write!(s, " --landelijk {v}");
        }
        let _ = write!(s, " --ruimte {} --out DIR", self.ruimte);
        s
    }

    /// The national taakstelling used and where it comes from.
    fn landelijk_bron(&self) -> (u64, String) {
        match self.landelijk {
            Some(v) => (v, format!("landelijk {v} opgegeven met --landelijk")),
            None => {
                let l = Tabellen::get()
                    .landelijk(&self.periode)
                    .expect("periode checked");
                (
                    l.landelijke_taakstelling,
                    format!("landelijk {}", l.landelijke_taakstelling),
                )
            }
        }
    }
}

/// Figures of a generated folder, for the summary line and `LEESMIJ.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct Samenvatting {
    pub huishoudens: usize,
    pub personen: usize,
    pub minderjarigen: usize,
    /// Sum of the positive rest over all gemeenten.
    pub rest: i64,
    pub gemeenten_met_rest: usize,
    pub taakstelling: i64,
    pub moment: Moment,
    pub vast: usize,
    pub zorg: usize,
    pub netwerk: usize,
}

/// A generated folder in memory.
#[derive(Debug, Clone)]
pub struct Map {
    pub bestanden: Vec<(&'static str, Vec<u8>)>,
    pub samenvatting: Samenvatting,
}

/// Builds the folder for `opties` in memory.
pub fn genereer(opties: &Instellingen) -> Map {
    let t = Tabellen::get();
    let mut rng = Rng::seed_from_u64(opties.seed);
    let azc: Vec<(usize, u32)> = t
        .azc
        .iter()
        .map(|a| {
            (
                t.gemeente(&a.gemeente_code).expect("AZC gemeente"),
                a.gewicht,
            )
        })
        .collect();
    let mut huishoudens = cohort::maak(&mut rng, opties.huishoudens as usize, &azc, opties.weken);
    let personen: usize = huishoudens.iter().map(|h| h.leden.len()).sum();

    let inwoners: Vec<u64> = t
        .gemeenten
        .iter()
        .map(|g| g.inwoners_2024_schatting)
        .collect();
    let taakstelling: Vec<u64> = match opties.landelijk {
        Some(v) => tabellen::wettelijke_taakstelling(v, &inwoners),
        None => t
            .gemeenten
            .iter()
            .map(|g| t.taakstelling(g, &opties.periode).expect("periode checked"))
            .collect(),
    };
    let (quota, moment) = quota::maak(&mut rng, &taakstelling, personen as u64, opties.ruimte);
    let rest: Vec<i64> = quota.iter().map(Quotum::rest).collect();
    cohort::koppel(&mut rng, &mut huishoudens, &inwoners, &rest);

    let samenvatting = Samenvatting {
        huishoudens: huishoudens.len(),
        personen,
        minderjarigen: huishoudens
            .iter()
            .flat_map(|h| &h.leden)
            .filter(|p| !p.volwassen())
            .count(),
        rest: rest.iter().map(|&r| r.max(0)).sum(),
        gemeenten_met_rest: rest.iter().filter(|&&r| r > 0).count(),
        taakstelling: quota.iter().map(|q| q.taakstelling).sum(),
        moment,
        vast: huishoudens.iter().filter(|h| h.vast.is_some()).count(),
        zorg: huishoudens.iter().filter(|h| h.zorg).count(),
        netwerk: huishoudens.iter().filter(|h| h.netwerk.is_some()).count(),
    };
    let bestanden = vec![
        (io::GEMEENTEN, gemeenten_csv(opties, &quota)),
        (io::REGIOS, tabellen::REGIOS_CSV.as_bytes().to_vec()),
        (
            io::ARBEIDSMARKT,
            tabellen::ARBEIDSMARKT_CSV.as_bytes().to_vec(),
        ),
        (io::HUISHOUDENS, huishoudens_csv(opties, &huishoudens)),
        (io::PERSONEN, personen_csv(opties, &huishoudens)),
        (io::GEWICHTEN, GEWICHTEN_TOML.as_bytes().to_vec()),
        (LEESMIJ, leesmij(opties, &samenvatting).into_bytes()),
    ];
    Map {
        bestanden,
        samenvatting,
    }
}

/// Writes `map` as the folder `out`, atomically. Replaces only an empty folder or one that
/// `generate` wrote before (its marker, [`output::MERKTEKEN`], says so).
pub fn schrijf(out: &Path, map: &Map) -> Result<(), WriteError> {
    output::replace_folder(out, &map.bestanden, output::Soort::Invoer)
}

/// A CSV file with the reader's columns `cols` plus `bron` as header (so the generator writes
/// exactly what [`crate::io::load`] reads), then `rijen` in that order.
fn csv_bytes(cols: &[Col], rijen: impl IntoIterator<Item = Vec<String>>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let kop = cols.iter().map(|c| c.name).chain([rows::BRON]);
    w.write_record(kop).expect("in memory");
    for r in rijen {
        w.write_record(&r).expect("in memory");
    }
    w.into_inner().expect("in memory")
}

fn gemeenten_csv(opties: &Instellingen, quota: &[Quotum]) -> Vec<u8> {
    let t = Tabellen::get();
    let (_, landelijk) = opties.landelijk_bron();
    let bron = format!(
        "inwoners: CBS-schatting 1-1-2024 (afgeleid); taakstelling: afgeleid (Huisvestingswet 2014 art. 28-29, {}, {landelijk}); gerealiseerd/achterstand: illustratief",
        opties.periode
    );
    csv_bytes(
        rows::GEMEENTEN_COLS,
        t.gemeenten.iter().zip(quota).map(|(g, q)| {
            vec![
                g.gemeente_code.clone(),
                g.gemeente_naam.clone(),
                g.arbeidsmarktregio_code.clone(),
                g.inwoners_2024_schatting.to_string(),
                q.taakstelling.to_string(),
                q.gerealiseerd.to_string(),
                q.achterstand.to_string(),
                bron.clone(),
            ]
        }),
    )
}

fn synthetisch(opties: &Instellingen) -> String {
    format!("synthetisch (kansrijk generate, seed {})", opties.seed)
}

/// `H001`.. with at least 3 digits, more when needed, so ids sort in order.
fn huishouden_id(i: usize, n: usize) -> String {
    let breedte = n.to_string().len().max(3);
    format!("H{:0breedte$}", i + 1)
}

fn huishoudens_csv(opties: &Instellingen, hs: &[SynthetischHuishouden]) -> Vec<u8> {
    let t = Tabellen::get();
    let code = |g: Option<usize>| g.map_or(String::new(), |g| t.gemeenten[g].gemeente_code.clone());
    let bron = synthetisch(opties);
    csv_bytes(
        rows::HUISHOUDENS_COLS,
        hs.iter().enumerate().map(|(i, h)| {
            vec![
                huishouden_id(i, hs.len()),
                code(Some(h.azc)),
                code(h.netwerk),
                code(h.vast),
                if h.zorg { "academisch_ziekenhuis" } else { "" }.to_string(),
                h.week.to_string(),
                bron.clone(),
            ]
        }),
    )
}

fn personen_csv(opties: &Instellingen, hs: &[SynthetischHuishouden]) -> Vec<u8> {
    let bron = synthetisch(opties);
    let rijen = hs.iter().enumerate().flat_map(|(i, h)| {
        let id = huishouden_id(i, hs.len());
        let bron = &bron;
        h.leden.iter().enumerate().map(move |(j, p)| {
            vec![
                format!("{id}-{}", j + 1),
                id.clone(),
                p.leeftijd.to_string(),
                p.geslacht.as_str().to_string(),
                p.opleidingsniveau.as_str().to_string(),
                p.beroepsklasse.map_or(String::new(), |k| k.to_string()),
                p.ervaring_jaren.map_or(String::new(), |j| j.to_string()),
                p.interesse
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("|"),
                bron.clone(),
            ]
        })
    });
    csv_bytes(rows::PERSONEN_COLS, rijen)
}

fn leesmij(opties: &Instellingen, s: &Samenvatting) -> String {
    let (landelijk, _) = opties.landelijk_bron();
    let preset = opties
        .preset
        .map_or(String::new(), |p| format!(" (preset `{}`)", p.naam()));
    let moment = match s.moment {
        Moment::Begin => "het begin van het halfjaar: er is nog niemand gehuisvest (gerealiseerd = 0)",
        Moment::Halverwege => "een moment in het halfjaar: een deel van de taakstelling is al gehuisvest (gerealiseerd, illustratief), zodat de resterende taakstelling ongeveer `ruimte` maal deze groep is",
    };
    let landelijk_tekst = match opties.landelijk {
        Some(_) => format!("{landelijk} personen, opgegeven met `--landelijk`"),
        None => format!(
            "{landelijk} personen, de landelijke taakstelling {} ({})",
            opties.periode,
            Tabellen::get()
                .landelijk(&opties.periode)
                .map_or("", |l| l.bron.as_str())
        ),
    };
    format!(
        "{LEESMIJ_KOP}

Deze map is gemaakt met{preset}:

```sh
{opdracht}
```

Dezelfde opdracht geeft dezelfde bestanden, byte voor byte. Controleer de map met
`kansrijk validate --data DIR` en koppel met `kansrijk match --data DIR`.

- {huishoudens} huishoudens, {personen} personen, van wie {minderjarigen} minderjarig.
- Taakstelling {periode}: {taakstelling} personen in totaal; resterende taakstelling {rest} personen in {gemeenten} gemeenten.
- De map beschrijft {moment}.
- {vast} huishoudens met een vaste gemeente (nareizigers), {zorg} met zorgbehoefte academisch ziekenhuis, {netwerk} met een netwerkgemeente.

## Wat is echt, afgeleid, illustratief of synthetisch

Elke rij heeft een kolom `bron`; het rapport van `kansrijk match` toont die onder
\"Herkomst van de invoer\".

| bestand | wat | status |
|---|---|---|
| `gemeenten.csv` | codes, namen, arbeidsmarktregio | echt (Bron: CBS, CC BY 4.0) |
| `gemeenten.csv` | `inwoners` | afgeleid: schatting 1-1-2024 uit de CBS-telling 1-1-2020 en de provinciale groei |
| `gemeenten.csv` | `taakstelling` | afgeleid: wettelijke rekenregel `ceil(landelijk × inwoners / inwoners NL)` met {landelijk_tekst}; niet de officiële Bijlage A |
| `gemeenten.csv` | `gerealiseerd`, `achterstand` | illustratief |
| `regios.csv` | namen | echt (Bron: CBS) |
| `regios.csv` | `mbo`, `hbo`, `wo`, `academisch_ziekenhuis` | publieke kennis; de instellingen staan in de kolom `bron` (hbo te verifiëren) |
| `arbeidsmarkt.csv` | `spanning` | illustratief: geen UWV-cijfers |
| `huishoudens.csv`, `personen.csv` | alles | synthetisch: geen echte personen; de AZC-lijst is illustratief |
| `gewichten.toml` | scoregewichten | de gedocumenteerde standaardwaarden |

Hoe u illustratieve invoer vervangt door echte cijfers (UWV-spanning, COA-locaties, de
officiële taakstelling) staat in `data/README.md` van kansrijk.
",
        opdracht = opties.opdracht(),
        huishoudens = s.huishoudens,
        personen = s.personen,
        minderjarigen = s.minderjarigen,
        periode = opties.periode,
        taakstelling = s.taakstelling,
        rest = s.rest,
        gemeenten = s.gemeenten_met_rest,
        vast = s.vast,
        zorg = s.zorg,
        netwerk = s.netwerk,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_overridden_by_explicit_choices() {
        let k = Keuzes {
            preset: Some(Preset::Voorbeeld),
            weken: Some(4),
            ..Default::default()
        };
        let o = Instellingen::bepaal(&k).unwrap();
        assert_eq!((o.huishoudens, o.seed, o.weken), (300, 20251, 4));
        assert_eq!(o.periode, "2025-2");
        assert!(Instellingen::bepaal(&Keuzes::default()).is_err());
        let slecht = Keuzes {
            huishoudens: Some(10),
            periode: Some("2024-2".into()),
            ..Default::default()
        };
        assert!(Instellingen::bepaal(&slecht)
            .unwrap_err()
            .to_string()
            .contains("--period:"));
    }

    #[test]
    fn ids_keep_their_order() {
        assert_eq!(huishouden_id(0, 300), "H001");
        assert_eq!(huishouden_id(6579, 6580), "H6580");
        assert_eq!(huishouden_id(0, 6580), "H0001");
    }

    /// One generator, no drift: the committed example is exactly what the preset makes.
    #[test]
    fn the_embedded_example_is_the_voorbeeld_preset() {
        let map = genereer(&Preset::Voorbeeld.instellingen());
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/voorbeeld");
        for (naam, inhoud) in &map.bestanden {
            let op_schijf = std::fs::read(dir.join(naam)).unwrap_or_default();
            assert!(
                op_schijf == *inhoud,
                "data/voorbeeld/{naam} differs from `kansrijk generate --preset voorbeeld`; regenerate it (see data/README.md)"
            );
        }
        let mut namen: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        namen.sort();
        // and the marker that lets `generate --out data/voorbeeld` replace it
        let mut verwacht: Vec<String> = map.bestanden.iter().map(|b| b.0.to_string()).collect();
        verwacht.push(output::MERKTEKEN.to_string());
        verwacht.sort();
        assert_eq!(
            namen, verwacht,
            "data/voorbeeld holds exactly the generated files"
        );
    }
}
