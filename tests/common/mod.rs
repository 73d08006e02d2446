//! Helpers shared by the integration tests (each test crate uses some of them).
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Every reason code of the documented rule (`src/explain/mod.rs`).
pub const REDENEN: [&str; 9] = [
    "werk",
    "onderwijs",
    "netwerk",
    "regiobinding",
    "taakstelling",
    "vast",
    "planner",
    "zorg",
    "ongekoppeld",
];

/// Asserts that a run of the binary exited 0, with its stderr in the message if not.
pub fn geslaagd(o: &std::process::Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every file of a folder with its bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// A CSV file's rows as maps from header to value.
pub fn csv_rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .zip(rec.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// A copy of the run folder `out`, next to it under `naam`, with its `rapport.json` changed by
/// `wijzig`: a report that claims something false.
pub fn vervalst(
    out: &Path,
    naam: &str,
    wijzig: impl FnOnce(&mut serde_json::Value),
) -> std::path::PathBuf {
    let kopie = out.with_file_name(naam);
    std::fs::create_dir(&kopie).unwrap();
    for (bestand, inhoud) in files(out) {
        std::fs::write(kopie.join(bestand), inhoud).unwrap();
    }
    let pad = kopie.join("rapport.json");
    let mut rapport: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&pad).unwrap()).unwrap();
    wijzig(&mut rapport);
    std::fs::write(&pad, serde_json::to_vec(&rapport).unwrap()).unwrap();
    kopie
}

/// A fixed shuffle (Fisher-Yates over a 64-bit LCG) of `rows` for `seed`.
pub fn schud<T>(rows: &mut [T], seed: u64) {
    let mut s = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    for i in (1..rows.len()).rev() {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = ((s >> 33) % (i as u64 + 1)) as usize;
        rows.swap(i, j);
    }
}

/// A CSV file's bytes as its header and rows, in file order.
pub fn kop_en_rijen(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(bytes);
    let kop = r.headers().unwrap().iter().map(str::to_string).collect();
    let rijen = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (kop, rijen)
}
