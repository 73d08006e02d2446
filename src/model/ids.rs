//! Identifier newtypes, so a gemeente code is never confused with a household id.

use std::fmt;

macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(s: impl Into<String>) -> Self {
                $name(s.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_id!(
    /// Household id as given in `huishoudens.csv`.
    HuishoudenId
);
text_id!(
    /// Person id as given in `personen.csv`.
    PersoonId
);
text_id!(
    /// CBS gemeente code, `GM` and four digits.
    GemeenteCode
);
text_id!(
    /// CBS arbeidsmarktregio code, `AM` and two digits.
    RegioCode
);

fn prefixed_digits(s: &str, prefix: &str, digits: usize) -> bool {
    s.len() == prefix.len() + digits
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
        && s[prefix.len()..].bytes().all(|b| b.is_ascii_digit())
}

impl GemeenteCode {
    /// Parses `GM0344` (the prefix in any case); `None` if malformed.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        prefixed_digits(s, "GM", 4).then(|| GemeenteCode(s.to_ascii_uppercase()))
    }
}

impl RegioCode {
    /// Parses `AM13` (the prefix in any case); `None` if malformed.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        prefixed_digits(s, "AM", 2).then(|| RegioCode(s.to_ascii_uppercase()))
    }
}

/// BRC 2014 beroepsklasse, `01`..`13`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Beroepsklasse(u8);

impl Beroepsklasse {
    pub const COUNT: usize = 13;

    /// Accepts `1`..`13` with or without a leading zero.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u8 = s.parse().ok()?;
        (1..=Self::COUNT as u8)
            .contains(&n)
            .then_some(Beroepsklasse(n))
    }

    pub fn all() -> impl Iterator<Item = Beroepsklasse> {
        (1..=Self::COUNT as u8).map(Beroepsklasse)
    }

    /// Zero-based index, for tables.
    pub fn index(self) -> usize {
        self.0 as usize - 1
    }

    /// The BRC 2014 name (CBS).
    pub fn naam(self) -> &'static str {
        const NAMEN: [&str; Beroepsklasse::COUNT] = [
            "Pedagogische beroepen",
            "Creatieve en taalkundige beroepen",
            "Commerciële beroepen",
            "Bedrijfseconomische en administratieve beroepen",
            "Managers",
            "Openbaar bestuur, veiligheid en juridische beroepen",
            "Technische beroepen",
            "ICT beroepen",
            "Agrarische beroepen",
            "Zorg en welzijn beroepen",
            "Dienstverlenende beroepen",
            "Transport en logistiek beroepen",
            "Beroepsklasse overig",
        ];
        NAMEN[self.index()]
    }
}

impl fmt::Display for Beroepsklasse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}", self.0)
    }
}

impl serde::Serialize for Beroepsklasse {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gemeente_code_shape() {
        assert_eq!(GemeenteCode::parse("gm0344").unwrap().as_str(), "GM0344");
        assert!(GemeenteCode::parse("GM344").is_none());
        assert!(GemeenteCode::parse("AM0344").is_none());
        assert!(GemeenteCode::parse("GM03a4").is_none());
    }

    #[test]
    fn beroepsklasse_range() {
        assert_eq!(Beroepsklasse::parse("07").unwrap().to_string(), "07");
        assert_eq!(Beroepsklasse::parse("7").unwrap().index(), 6);
        assert!(Beroepsklasse::parse("00").is_none());
        assert!(Beroepsklasse::parse("14").is_none());
        assert!(Beroepsklasse::parse("+1").is_none());
        assert_eq!(Beroepsklasse::all().count(), 13);
    }
}
