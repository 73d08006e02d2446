//! Helpers shared by the integration tests (each test crate uses some of them).
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Every reason code of the documented rule (`src/explain/mod.rs`).
pub const REDENEN: [&str; 8] = [
    "werk",
    "onderwijs",
    "netwerk",
    "regiobinding",
    "taakstelling",
    "vast",
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
