//! `kansrijk compare` (issue 16), checked from its output files by code that does not share the
//! comparison's: an identical variant moves nobody; `verschuivingen.csv` lists exactly the
//! households whose gemeente differs between `basis/` and `variant/`; the tables per region and
//! per gemeente are recomputed from the two `koppelingen.csv` and add up; a displacement names
//! a household that now sits in the displaced one's gemeente; and, against a brute force over
//! every koppeling of small random inputs, the variant is optimal and keeps the most households
//! where the base put them.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use proptest::prelude::*;

mod common;
use common::{csv_rows, geslaagd};

const BIN: &str = env!("CARGO_BIN_EXE_kansrijk");

fn kansrijk(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

/// `kansrijk compare` of the embedded example against `variant` (`--variant` or `--scenario`).
fn vergelijk_voorbeeld(vlag: &str, variant: &Path, out: &Path) -> Output {
    let (data, variant, out) = (
        voorbeeld(),
        variant.to_str().unwrap(),
        out.to_str().unwrap(),
    );
    kansrijk(&[
        "compare",
        "--data",
        data.to_str().unwrap(),
        vlag,
        variant,
        "--out",
        out,
    ])
}

fn voorbeeld() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/voorbeeld")
}

fn kopie(van: &Path, naar: &Path) {
    fs::create_dir_all(naar).unwrap();
    for e in fs::read_dir(van).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), naar.join(e.file_name())).unwrap();
    }
}

/// `file` with the `spanning` of beroepsklasse `klasse` multiplied by `factor` in every region.
fn spanning_maal(file: &Path, klasse: &str, factor: f64) {
    let tekst = fs::read_to_string(file).unwrap();
    let mut regels = tekst.lines();
    let kop = regels.next().unwrap();
    let kolommen: Vec<&str> = kop.split(',').collect();
    let k = kolommen.iter().position(|c| *c == "beroepsklasse").unwrap();
    let s = kolommen.iter().position(|c| *c == "spanning").unwrap();
    let mut uit = format!("{kop}\n");
    for r in regels {
        let mut velden: Vec<String> = r.split(',').map(str::to_string).collect();
        if velden[k] == klasse {
            let x: f64 = velden[s].parse().unwrap();
            velden[s] = format!("{:.2}", x * factor);
        }
        uit.push_str(&velden.join(","));
        uit.push('\n');
    }
    fs::write(file, uit).unwrap();
}

/// `huishouden_id -> row` of a `koppelingen.csv`.
fn koppelingen(dir: &Path) -> BTreeMap<String, HashMap<String, String>> {
    csv_rows(&dir.join("koppelingen.csv"))
        .into_iter()
        .map(|r| (r["huishouden_id"].clone(), r))
        .collect()
}

fn getal(s: &str) -> f64 {
    s.parse().unwrap()
}

/// Checks the comparison files in `out` against `basis/` and `variant/`.
fn klopt_met_beide_runs(out: &Path) {
    let basis = koppelingen(&out.join("basis"));
    let variant = koppelingen(&out.join("variant"));
    // verschuivingen.csv: exactly the households whose gemeente differs
    let rijen = csv_rows(&out.join("verschuivingen.csv"));
    let verwacht: Vec<&String> = basis
        .keys()
        .filter(|h| basis[*h]["gemeente_code"] != variant[*h]["gemeente_code"])
        .collect();
    let gemeld: Vec<&String> = rijen.iter().map(|r| &r["huishouden_id"]).collect();
    assert_eq!(gemeld, verwacht);
    for r in &rijen {
        let h = &r["huishouden_id"];
        let (b, v) = (&basis[h], &variant[h]);
        assert_eq!(r["basis_gemeente_code"], b["gemeente_code"], "{h}");
        assert_eq!(r["variant_gemeente_code"], v["gemeente_code"], "{h}");
        assert_eq!(r["basis_regio_code"], b["arbeidsmarktregio_code"], "{h}");
        assert_eq!(r["variant_regio_code"], v["arbeidsmarktregio_code"], "{h}");
        assert_eq!(r["basis_score"], b["score"], "{h}");
        assert_eq!(r["variant_score"], v["score"], "{h}");
        assert_eq!(r["personen"], v["personen"], "{h}");
        assert!(!r["toelichting"].is_empty(), "{h}");
        let oorzaken = [
            "eigen_score",
            "verdrongen",
            "ruimte_vrij",
            "minder_ruimte",
            "niet_toegestaan",
            "anders",
        ];
        assert!(oorzaken.contains(&r["oorzaak"].as_str()), "{r:?}");
        // a displacement names a household that now sits where this one was
        if r["oorzaak"] == "verdrongen" {
            let door = r["toelichting"]
                .split(" door ")
                .nth(1)
                .unwrap()
                .split([',', ' ', ';'])
                .next()
                .unwrap()
                .to_string();
            assert_eq!(
                variant[&door]["gemeente_code"], b["gemeente_code"],
                "{h}: {door} does not sit in its base gemeente"
            );
            assert_ne!(basis[&door]["gemeente_code"], b["gemeente_code"]);
        }
    }
    // per region and per gemeente, recomputed from the two koppelingen.csv
    for (bestand, kolom, sleutel) in [
        (
            "per_regio.csv",
            "arbeidsmarktregio_code",
            "arbeidsmarktregio_code",
        ),
        ("per_gemeente.csv", "gemeente_code", "gemeente_code"),
    ] {
        #[derive(Default, Debug)]
        struct T {
            p: [i64; 2],
            h: [usize; 2],
            som: [f64; 2],
            hin: usize,
            huit: usize,
            pin: i64,
            puit: i64,
        }
        let mut t: BTreeMap<String, T> = BTreeMap::new();
        for (kant, k) in [&basis, &variant].into_iter().enumerate() {
            for r in k.values() {
                if r[sleutel].is_empty() {
                    continue;
                }
                let e = t.entry(r[sleutel].clone()).or_default();
                e.p[kant] += getal(&r["personen"]) as i64;
                e.h[kant] += 1;
                e.som[kant] += getal(&r["score"]);
            }
        }
        for h in basis.keys() {
            let (b, v) = (&basis[h][sleutel], &variant[h][sleutel]);
            if b != v {
                let n = getal(&basis[h]["personen"]) as i64;
                if !v.is_empty() {
                    let e = t.entry(v.clone()).or_default();
                    e.hin += 1;
                    e.pin += n;
                }
                if !b.is_empty() {
                    let e = t.entry(b.clone()).or_default();
                    e.huit += 1;
                    e.puit += n;
                }
            }
        }
        let rijen = csv_rows(&out.join(bestand));
        for r in &rijen {
            let leeg = T::default();
            let e = t.get(&r[kolom]).unwrap_or(&leeg);
            let c = &r[kolom];
            assert_eq!(getal(&r["personen_basis"]) as i64, e.p[0], "{bestand} {c}");
            assert_eq!(
                getal(&r["personen_variant"]) as i64,
                e.p[1],
                "{bestand} {c}"
            );
            assert_eq!(getal(&r["huishoudens_in"]) as usize, e.hin, "{bestand} {c}");
            assert_eq!(
                getal(&r["huishoudens_uit"]) as usize,
                e.huit,
                "{bestand} {c}"
            );
            assert_eq!(getal(&r["personen_in"]) as i64, e.pin, "{bestand} {c}");
            assert_eq!(getal(&r["personen_uit"]) as i64, e.puit, "{bestand} {c}");
            // in minus out is the change
            assert_eq!(e.pin - e.puit, e.p[1] - e.p[0], "{bestand} {c}");
            for (kant, naam) in [
                (0, "gemiddelde_score_basis"),
                (1, "gemiddelde_score_variant"),
            ] {
                if e.h[kant] == 0 {
                    assert_eq!(r[naam], "", "{bestand} {c}");
                } else {
                    let gem = e.som[kant] / e.h[kant] as f64;
                    assert!((getal(&r[naam]) - gem).abs() < 1e-3, "{bestand} {c} {naam}");
                }
            }
        }
        // every region or gemeente with households is listed
        for c in t.keys() {
            assert!(
                rijen.iter().any(|r| &r[kolom] == c),
                "{bestand}: {c} missing"
            );
        }
    }
}

#[test]
fn an_identical_variant_moves_nobody() {
    let tmp = tempfile::tempdir().unwrap();
    let variant = tmp.path().join("variant");
    kopie(&voorbeeld(), &variant);
    let out = tmp.path().join("uit");
    let o = vergelijk_voorbeeld("--variant", &variant, &out);
    geslaagd(&o);
    assert!(csv_rows(&out.join("verschuivingen.csv")).is_empty());
    assert_eq!(
        fs::read(out.join("basis/koppelingen.csv")).unwrap(),
        fs::read(out.join("variant/koppelingen.csv")).unwrap()
    );
    let md = fs::read_to_string(out.join("vergelijking.md")).unwrap();
    assert!(
        md.contains("De invoer van de variant is gelijk aan die van de basis."),
        "{md}"
    );
    klopt_met_beide_runs(&out);
    // both halves are complete runs that check
    for kant in ["basis", "variant"] {
        let o = kansrijk(&["check", "--out", out.join(kant).to_str().unwrap()]);
        geslaagd(&o);
    }
}

#[test]
fn technical_demand_doubled_moves_households_with_causes_that_hold() {
    let tmp = tempfile::tempdir().unwrap();
    let variant = tmp.path().join("variant");
    kopie(&voorbeeld(), &variant);
    spanning_maal(&variant.join("arbeidsmarkt.csv"), "07", 2.0);
    let out = tmp.path().join("uit");
    let o = vergelijk_voorbeeld("--variant", &variant, &out);
    geslaagd(&o);
    let rijen = csv_rows(&out.join("verschuivingen.csv"));
    assert!(!rijen.is_empty());
    klopt_met_beide_runs(&out);
    let md = fs::read_to_string(out.join("vergelijking.md")).unwrap();
    assert!(
        md.contains("spanning technische beroepen (07) in 35 regio's: x2"),
        "{md}"
    );
    assert!(
        md.contains("bewezen het meeste van alle koppelingen"),
        "{md}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("vergelijking.json")).unwrap()).unwrap();
    assert_eq!(
        json["verschuivingen"].as_array().unwrap().len(),
        rijen.len()
    );
    for kant in ["basis", "variant"] {
        let o = kansrijk(&["check", "--out", out.join(kant).to_str().unwrap()]);
        geslaagd(&o);
    }
}

// ---- the brute-force oracle ----

/// A small random input: gemeenten in two regions, households of 1-3 persons.
#[derive(Debug, Clone)]
struct Klein {
    /// (taakstelling, region 0/1) per gemeente
    gemeenten: Vec<(i64, usize)>,
    /// per household: its persons, each (age, level, class)
    huishoudens: Vec<Vec<(u32, usize, u8)>>,
    /// spanning per region for classes 1..=3
    spanning: [[f64; 3]; 2],
}

const REGIOS: [&str; 2] = ["AM13", "AM24"];
const CODES: [&str; 4] = ["GM0344", "GM0356", "GM0599", "GM0153"];

fn klein() -> impl Strategy<Value = Klein> {
    (
        prop::collection::vec((0i64..4, 0usize..2), 3..=4),
        prop::collection::vec(
            prop::collection::vec((18u32..60, 0usize..3, 1u8..=3), 1..=3),
            4..=6,
        ),
        prop::array::uniform2(prop::array::uniform3(0.2f64..3.0)),
    )
        .prop_map(|(gemeenten, huishoudens, spanning)| Klein {
            gemeenten,
            huishoudens,
            spanning,
        })
}

impl Klein {
    fn schrijf(&self, dir: &Path) {
        fs::create_dir_all(dir).unwrap();
        let mut g = "gemeente_code,gemeente_naam,arbeidsmarktregio_code,inwoners,taakstelling\n"
            .to_string();
        for (i, (t, r)) in self.gemeenten.iter().enumerate() {
            g.push_str(&format!("{},G{i},{},1000,{t}\n", CODES[i], REGIOS[*r]));
        }
        fs::write(dir.join("gemeenten.csv"), g).unwrap();
        fs::write(
            dir.join("regios.csv"),
            "arbeidsmarktregio_code,arbeidsmarktregio_naam,mbo,hbo,wo,academisch_ziekenhuis\nAM13,A,1,1,1,1\nAM24,B,1,0,0,0\n",
        )
        .unwrap();
        let mut a = "arbeidsmarktregio_code,beroepsklasse,spanning\n".to_string();
        for (r, rij) in self.spanning.iter().enumerate() {
            for (k, s) in rij.iter().enumerate() {
                a.push_str(&format!("{},0{},{s:.2}\n", REGIOS[r], k + 1));
            }
        }
        fs::write(dir.join("arbeidsmarkt.csv"), a).unwrap();
        let mut h = "huishouden_id,azc_gemeente_code\n".to_string();
        let mut p = "persoon_id,huishouden_id,leeftijd,geslacht,opleidingsniveau,beroepsklasse,ervaring_jaren\n"
            .to_string();
        let niveaus = ["laag", "middelbaar", "hoog"];
        for (i, leden) in self.huishoudens.iter().enumerate() {
            h.push_str(&format!("H{i},{}\n", CODES[i % self.gemeenten.len()]));
            for (j, (leeftijd, n, k)) in leden.iter().enumerate() {
                p.push_str(&format!(
                    "P{i}_{j},H{i},{leeftijd},x,{},0{k},{}\n",
                    niveaus[*n],
                    j * 3
                ));
            }
        }
        fs::write(dir.join("huishoudens.csv"), h).unwrap();
        fs::write(dir.join("personen.csv"), p).unwrap();
    }
}

/// The model of a run folder: (cap, doel) per gemeente code, and the penalties.
fn model(run: &Path) -> (BTreeMap<String, (i64, f64)>, f64, f64) {
    let r: serde_json::Value =
        serde_json::from_slice(&fs::read(run.join("rapport.json")).unwrap()).unwrap();
    let m = &r["model"];
    let gemeenten = m["gemeenten"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["gemeente_code"].as_str().unwrap().to_string(),
                (g["cap"].as_i64().unwrap(), g["doel"].as_f64().unwrap()),
            )
        })
        .collect();
    (
        gemeenten,
        m["tekort_boete"].as_f64().unwrap(),
        m["ongekoppeld_boete"].as_f64().unwrap(),
    )
}

/// The best objective over every koppeling, and among those as good, the most households kept
/// at `basis`; and the objective and number kept of `gekozen`.
fn brute_force(
    scores: &BTreeMap<String, Vec<(String, f64)>>,
    personen: &BTreeMap<String, i64>,
    (gemeenten, pt, pu): &(BTreeMap<String, (i64, f64)>, f64, f64),
    basis: &BTreeMap<String, String>,
    gekozen: &BTreeMap<String, String>,
) -> ((f64, usize), (f64, usize)) {
    let hh: Vec<&String> = personen.keys().collect();
    let waarde = |keuze: &[Option<&String>]| -> Option<(f64, usize)> {
        let mut last: BTreeMap<&String, i64> = BTreeMap::new();
        let (mut w, mut kept) = (0.0, 0);
        for (h, g) in hh.iter().zip(keuze) {
            match g {
                Some(g) => {
                    let s = scores[*h].iter().find(|(c, _)| c == *g)?.1;
                    w += s;
                    *last.entry(g).or_default() += personen[*h];
                    if basis.get(*h) == Some(*g) {
                        kept += 1;
                    }
                }
                None => {
                    w -= pu;
                    if basis.get(*h).is_some_and(|b| b.is_empty()) {
                        kept += 1;
                    }
                }
            }
        }
        for (g, (cap, doel)) in gemeenten {
            let n = last.get(g).copied().unwrap_or(0);
            if n > *cap {
                return None;
            }
            w -= pt * (doel - n as f64).max(0.0);
        }
        Some((w, kept))
    };
    let mut alle = Vec::new();
    let mut keuze: Vec<Option<&String>> = vec![None; hh.len()];
    fn rec<'a>(
        i: usize,
        hh: &[&String],
        scores: &'a BTreeMap<String, Vec<(String, f64)>>,
        keuze: &mut Vec<Option<&'a String>>,
        uit: &mut Vec<Vec<Option<&'a String>>>,
    ) {
        if i == hh.len() {
            uit.push(keuze.clone());
            return;
        }
        keuze[i] = None;
        rec(i + 1, hh, scores, keuze, uit);
        for (g, _) in &scores[hh[i]] {
            keuze[i] = Some(g);
            rec(i + 1, hh, scores, keuze, uit);
        }
    }
    rec(0, &hh, scores, &mut keuze, &mut alle);
    let waarden: Vec<(f64, usize)> = alle.iter().filter_map(|k| waarde(k)).collect();
    let beste = waarden.iter().map(|w| w.0).fold(f64::MIN, f64::max);
    let meest = waarden
        .iter()
        .filter(|w| w.0 >= beste - 1e-6)
        .map(|w| w.1)
        .max()
        .unwrap();
    let eigen: Vec<Option<&String>> = hh
        .iter()
        .map(|h| Some(&gekozen[*h]).filter(|g| !g.is_empty()))
        .collect();
    (
        (beste, meest),
        waarde(&eigen).expect("the koppeling keeps every rule"),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// The variant's koppeling is optimal for the variant and keeps the most households where
    /// the base put them, of all koppelingen as good (a brute force over every koppeling).
    #[test]
    fn the_variant_is_optimal_and_moves_only_what_it_must(
        basis in klein(),
        regio in 0usize..2,
        klasse in 0usize..3,
        factor in 0.2f64..4.0,
        extra in 0i64..3,
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let (b, v) = (tmp.path().join("b"), tmp.path().join("v"));
        basis.schrijf(&b);
        let mut variant = basis.clone();
        variant.spanning[regio][klasse] *= factor;
        variant.gemeenten[0].0 += extra;
        variant.schrijf(&v);
        let out = tmp.path().join("uit");
        let o = kansrijk(&["compare", "--data", b.to_str().unwrap(), "--variant", v.to_str().unwrap(), "--out", out.to_str().unwrap(), "--quiet"]);
        prop_assert!(o.status.code() == Some(0) || o.status.code() == Some(1), "{}", String::from_utf8_lossy(&o.stderr));
        klopt_met_beide_runs(&out);
        // the variant's scores, as match exports them
        let export = tmp.path().join("scores.csv");
        let o = kansrijk(&["match", "--data", v.to_str().unwrap(), "--out", tmp.path().join("m").to_str().unwrap(), "--export-scores", export.to_str().unwrap(), "--quiet"]);
        prop_assert!(o.status.code() == Some(0) || o.status.code() == Some(1));
        let mut scores: BTreeMap<String, Vec<(String, f64)>> = BTreeMap::new();
        for r in csv_rows(&export) {
            scores.entry(r["huishouden_id"].clone()).or_default().push((r["gemeente_code"].clone(), getal(&r["score"])));
        }
        let personen: BTreeMap<String, i64> = koppelingen(&out.join("variant")).iter().map(|(h, r)| (h.clone(), getal(&r["personen"]) as i64)).collect();
        for h in personen.keys() {
            scores.entry(h.clone()).or_default();
        }
        let gemeente = |dir: &Path| -> BTreeMap<String, String> {
            koppelingen(dir).into_iter().map(|(h, r)| (h, r["gemeente_code"].clone())).collect()
        };
        let ((beste, meest), (eigen, kept)) = brute_force(
            &scores,
            &personen,
            &model(&out.join("variant")),
            &gemeente(&out.join("basis")),
            &gemeente(&out.join("variant")),
        );
        prop_assert!((eigen - beste).abs() < 1e-6, "variant objective {eigen}, best {beste}");
        prop_assert_eq!(kept, meest, "kept {} of the most {}", kept, meest);
    }
}

#[test]
fn a_scenario_is_one_command_and_its_variant_replays() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/zuidoost-brabant-techniek-x2.toml");
    let out = tmp.path().join("uit");
    let o = vergelijk_voorbeeld("--scenario", &scenario, &out);
    geslaagd(&o);
    klopt_met_beide_runs(&out);
    let md = fs::read_to_string(out.join("vergelijking.md")).unwrap();
    assert!(
        md.contains("Zuidoost-Brabant: vraag naar technische beroepen x2"),
        "{md}"
    );
    assert!(
        md.contains("spanning technische beroepen (07) in Zuidoost-Brabant (AM28)"),
        "{md}"
    );
    // the variant's input is a folder of its own: only AM28's class 07 doubled
    let spanning = |dir: &Path| -> BTreeMap<(String, String), f64> {
        csv_rows(&dir.join("arbeidsmarkt.csv"))
            .into_iter()
            .map(|r| {
                (
                    (
                        r["arbeidsmarktregio_code"].clone(),
                        r["beroepsklasse"].clone(),
                    ),
                    getal(&r["spanning"]),
                )
            })
            .collect()
    };
    let (b, v) = (
        spanning(&voorbeeld()),
        spanning(&out.join("variant-invoer")),
    );
    assert_eq!(b.len(), v.len());
    for (k, x) in &b {
        let verwacht = if k.0 == "AM28" && k.1 == "07" {
            2.0 * x
        } else {
            *x
        };
        assert!(
            (v[k] - verwacht).abs() < 1e-9,
            "{k:?}: {} for {verwacht}",
            v[k]
        );
    }
    for kant in ["basis", "variant"] {
        geslaagd(&kansrijk(&[
            "check",
            "--out",
            out.join(kant).to_str().unwrap(),
        ]));
    }
    geslaagd(&kansrijk(&[
        "explain",
        "--out",
        out.join("variant").to_str().unwrap(),
        "H001",
    ]));
}

#[test]
fn a_scenario_error_is_located_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = tmp.path().join("fout.toml");
    fs::write(
        &scenario,
        "naam = \"x\"\n\n[[spanning]]\nregio = \"AM99\"\nberoepsklasse = \"07\"\nfactor = 2.0\n",
    )
    .unwrap();
    let out = tmp.path().join("uit");
    let o = vergelijk_voorbeeld("--scenario", &scenario, &out);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("fout.toml:4: column \"spanning.regio\""), "{e}");
    assert!(!out.exists());
}

#[test]
fn the_price_of_the_quotas_adds_up_per_region_and_holds_per_gemeente() {
    let tmp = tempfile::tempdir().unwrap();
    let variant = tmp.path().join("variant");
    kopie(&voorbeeld(), &variant);
    spanning_maal(&variant.join("arbeidsmarkt.csv"), "07", 2.0);
    let out = tmp.path().join("uit");
    geslaagd(&vergelijk_voorbeeld("--variant", &variant, &out));
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("vergelijking.json")).unwrap()).unwrap();
    let rijen = csv_rows(&out.join("per_regio.csv"));
    for (kant, kolom) in [
        ("basis", "prijs_taakstellingen_basis"),
        ("variant", "prijs_taakstellingen_variant"),
    ] {
        // every household of the example is coupled, so the regions hold the whole price
        assert_eq!(json[kant]["ongekoppeld"], 0);
        let som: f64 = rijen.iter().map(|r| getal(&r[kolom])).sum();
        let totaal = json[kant]["prijs_taakstellingen"].as_f64().unwrap();
        assert!(
            (som - totaal).abs() < 1e-3,
            "{kant}: {som} against {totaal}"
        );
        assert!(totaal > 0.0);
    }
    // per gemeente, recomputed from each side's exported scores: a free household loses its
    // best allowed fit minus its fit where it is coupled
    let gemeenten = csv_rows(&out.join("per_gemeente.csv"));
    for (kant, data, kolom) in [
        ("basis", voorbeeld(), "prijs_taakstellingen_basis"),
        ("variant", variant.clone(), "prijs_taakstellingen_variant"),
    ] {
        let scores = tmp.path().join(format!("scores-{kant}.csv"));
        let run = tmp.path().join(format!("run-{kant}"));
        geslaagd(&kansrijk(&[
            "match",
            "--data",
            data.to_str().unwrap(),
            "--out",
            run.to_str().unwrap(),
            "--export-scores",
            scores.to_str().unwrap(),
        ]));
        let mut beste: HashMap<String, f64> = HashMap::new();
        for r in csv_rows(&scores) {
            let b = beste.entry(r["huishouden_id"].clone()).or_insert(f64::MIN);
            *b = b.max(getal(&r["score"]));
        }
        let mut prijs: BTreeMap<String, f64> = BTreeMap::new();
        for (id, k) in koppelingen(&out.join(kant)) {
            if k["reden"] == "vast" || k["gemeente_code"].is_empty() {
                continue;
            }
            *prijs.entry(k["gemeente_code"].clone()).or_default() +=
                beste[&id] - getal(&k["score"]);
        }
        for r in &gemeenten {
            let verwacht = prijs.get(&r["gemeente_code"]).copied().unwrap_or(0.0);
            assert!(
                (getal(&r[kolom]) - verwacht).abs() < 1e-3,
                "{kant} {}: {} against {verwacht}",
                r["gemeente_code"],
                r[kolom]
            );
        }
    }
}
