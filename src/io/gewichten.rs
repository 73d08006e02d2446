//! Reading `gewichten.toml`: parse errors and bad values become `FILE:LINE` problems.

use super::bron::Bestand;
use crate::error::Problems;
use crate::model::Gewichten;

/// Parses the weights; on any problem records it and returns the defaults (the run stops at
/// the problems anyway).
pub fn parse(b: &Bestand, problems: &mut Problems) -> Gewichten {
    let text = String::from_utf8_lossy(&b.inhoud);
    match toml::from_str::<Gewichten>(&text) {
        Ok(g) => {
            for (key, message) in g.problems() {
                let line = line_of_key(&text, &key);
                problems.add(&b.naam, line, Some(&key), message);
            }
            g
        }
        Err(e) => {
            let (line, message) = toml_fout(&text, &e);
            problems.add(&b.naam, line, None, message);
            Gewichten::default()
        }
    }
}

/// The 1-based line of byte `offset` in `text`.
pub(crate) fn line_at(text: &str, offset: usize) -> u64 {
    let bytes = &text.as_bytes()[..offset.min(text.len())];
    bytes.iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

/// A TOML error as a problem's line and message: the line of its span, its first line of text.
pub(crate) fn toml_fout(text: &str, e: &toml::de::Error) -> (Option<u64>, String) {
    let line = e.span().map(|s| line_at(text, s.start));
    let message = e
        .message()
        .lines()
        .next()
        .unwrap_or("invalid TOML")
        .to_string();
    (line, message)
}

/// The line that sets `table.key`, found by a plain scan (good enough for messages).
fn line_of_key(text: &str, dotted: &str) -> Option<u64> {
    let (table, key) = dotted.split_once('.').unwrap_or(("", dotted));
    let mut current = String::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if let Some(name) = t.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            current = name.trim().to_string();
        } else if current == table && t.split('=').next().map(str::trim) == Some(key) {
            return Some(i as u64 + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> (Gewichten, Vec<String>) {
        let mut p = Problems::default();
        let g = parse(
            &Bestand {
                naam: "g.toml".into(),
                inhoud: text.as_bytes().to_vec(),
            },
            &mut p,
        );
        (g, p.lines())
    }

    #[test]
    fn partial_file_keeps_other_defaults() {
        let (g, problems) = parse_text("combinatie = \"gemiddelde\"\n[netwerk]\ngemeente = 8\n");
        assert!(problems.is_empty());
        assert_eq!(g.netwerk.gemeente, 8.0);
        assert_eq!(g.netwerk.regio, Gewichten::default().netwerk.regio);
    }

    #[test]
    fn typo_and_bad_value_are_located() {
        let (_, problems) = parse_text("[werk]\ngewicht = 1\nintresse = 2\n");
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("g.toml:3: unknown field `intresse`"),
            "{problems:?}"
        );
        let (_, problems) = parse_text("[werk]\ngewicht = -1\n");
        assert_eq!(
            problems,
            vec![
                "g.toml:2: column \"werk.gewicht\": expected a number from 0 to 1000000, found -1"
            ]
        );
    }
}
