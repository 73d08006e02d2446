//! Dutch sentences for reasons, findings and numbers, as a klantmanager reads them.

use crate::explain::{Grond, Koppeling, WaaromOngekoppeld};
use crate::model::{Beroepsklasse, Huishouden, Instance, Regio};
use crate::score::onderwijs::Soort;
use crate::solve::{Bevinding, Status};

/// The warning of a run on input that says it is illustrative, synthetic or derived.
pub const NIET_ECHT: &str = "Let op: deze run gebruikt illustratieve, synthetische of afgeleide invoer; de uitkomst is geen advies over echte personen.";

/// The warning of a run on the embedded example.
pub const VOORBEELD: &str = "Let op: dit is het ingebouwde voorbeeld. De huishoudens zijn verzonnen; het arbeidsmarktprofiel (spanning) is illustratief, geen UWV-cijfers; de taakstelling is afgeleid met de wettelijke rekenregel, niet de officiële.";

/// How an input file that is not UTF-8 was read ([`crate::io::Melding`]), for the report.
pub fn gelezen_als(codering: crate::io::table::Codering) -> &'static str {
    match codering {
        crate::io::table::Codering::Utf8 => "gelezen als UTF-8",
        crate::io::table::Codering::Windows1252 => "niet in UTF-8 opgeslagen, gelezen als Windows-1252 (Excel \"CSV (gescheiden door lijstscheidingsteken)\"); sla het op als \"CSV UTF-8\" om dit te voorkomen",
    }
}

/// A run's status in a few words, for the stderr summary and the report: "bewezen optimaal",
/// or "niet bewezen optimaal" with the true reason ([`stopte`]).
pub fn status(status: Status) -> String {
    match stopte(status) {
        None => "bewezen optimaal".to_string(),
        Some(reden) => format!("niet bewezen optimaal (de solver {reden})"),
    }
}

/// What the run's koppeling is, in a few words, for the stderr summary and the report: its
/// [`status`]; with `--prognose` the koppeling of `vooruitziend`, which is not the batch's
/// own optimum, and that optimum's status.
pub fn koppeling_status(u: &crate::uitkomst::Uitkomst) -> String {
    match &u.prognose {
        None => status(u.oplossing.status),
        Some(p) => format!(
            "koppeling van vooruitziend voor week {}, {} punten onder het eigen optimum van de week ({}, {})",
            p.week,
            getal(p.opgegeven(u.oplossing.doelwaarde), 4),
            getal(p.optimum.doelwaarde, 4),
            status(p.optimum.status)
        ),
    }
}

/// Why a solve with `status` is not proven within its gap, as what the solver did ("stopte op
/// de tijdslimiet"); `None` when it is proven.
pub fn stopte(status: Status) -> Option<&'static str> {
    match status {
        Status::Optimaal => None,
        Status::Tijdslimiet => Some("stopte op de tijdslimiet"),
        Status::Omvanglimiet => Some(
            "stopte op de omvanglimiet: het MIP dat het bewijs zou sluiten werd te groot, voor de tijdslimiet",
        ),
        Status::Gestopt => {
            Some("stopte om een eigen reden, voor de tijdslimiet en voor de gap")
        }
    }
}

/// A number with a decimal comma and `decimalen` decimals (`3,2`).
pub fn getal(x: f64, decimalen: usize) -> String {
    let s = format!("{x:.decimalen$}");
    // no "-0,0" for a value that rounds to zero
    let s = if s.bytes().all(|b| matches!(b, b'-' | b'0' | b'.')) {
        s.trim_start_matches('-').to_string()
    } else {
        s
    };
    s.replace('.', ",")
}

/// The UWV class of a spanningsindicator.
pub fn spanningsklasse(s: f64) -> &'static str {
    if s < 0.25 {
        "zeer ruim"
    } else if s < 0.67 {
        "ruim"
    } else if s < 1.5 {
        "gemiddeld"
    } else if s <= 4.0 {
        "krap"
    } else {
        "zeer krap"
    }
}

/// Items joined the Dutch way: "a", "a en b", "a, b en c".
pub fn opsomming<S: AsRef<str>>(delen: &[S]) -> String {
    match delen {
        [] => String::new(),
        [a] => a.as_ref().to_string(),
        [kop @ .., laatste] => {
            let kop: Vec<&str> = kop.iter().map(AsRef::as_ref).collect();
            format!("{} en {}", kop.join(", "), laatste.as_ref())
        }
    }
}

/// The education a region offers, as "mbo, hbo en wo".
pub fn aanbod(r: &Regio) -> String {
    let delen: Vec<&str> = [Soort::Mbo, Soort::Hbo, Soort::Wo]
        .into_iter()
        .filter(|s| s.in_regio(r))
        .map(Soort::as_str)
        .collect();
    if delen.is_empty() {
        "geen mbo, hbo of wo".to_string()
    } else {
        opsomming(&delen)
    }
}

/// `n` with the singular or plural noun: "1 plaats", "3 plaatsen".
pub fn meervoud(n: usize, een: &str, meer: &str) -> String {
    if n == 1 {
        format!("1 {een}")
    } else {
        format!("{n} {meer}")
    }
}

/// "1 persoon", "3 personen" (and "-1 persoon" for a lead).
pub fn personen(n: i64) -> String {
    if n.abs() == 1 {
        format!("{n} persoon")
    } else {
        format!("{n} personen")
    }
}

/// A number of persons that need not be whole, with `decimalen` decimals where it is not:
/// "1 persoon", "3 personen", "2,61 personen".
pub fn personen_getal(x: f64, decimalen: usize) -> String {
    if (x - x.round()).abs() < 1e-9 {
        personen(x.round() as i64)
    } else {
        format!("{} personen", getal(x, decimalen))
    }
}

/// "1 huishouden", "3 huishoudens".
pub fn huishoudens(n: usize) -> String {
    meervoud(n, "huishouden", "huishoudens")
}

/// "1 gemeente", "3 gemeenten".
pub fn gemeenten(n: usize) -> String {
    meervoud(n, "gemeente", "gemeenten")
}

/// "1 plaats", "3 plaatsen".
pub fn plaatsen(n: i64) -> String {
    if n.abs() == 1 {
        format!("{n} plaats")
    } else {
        format!("{n} plaatsen")
    }
}

/// A change of `spanning`, the one sentence for it wherever it is told (a scenario's rules,
/// the differences of two inputs, the cause of a move): "spanning technische beroepen (07) in
/// Zuidoost-Brabant (AM28): 6,77 → 13,54 (x2)". `plaats` is the region as "naam (code)", `hoe`
/// how it changed ("x2", "gezet").
pub fn spanning_gewijzigd(
    klasse: Beroepsklasse,
    plaats: &str,
    van: f64,
    naar: f64,
    hoe: &str,
) -> String {
    format!(
        "spanning {} ({klasse}) in {plaats}: {} → {} ({hoe})",
        beroepen(klasse),
        getal(van, 2),
        getal(naar, 2)
    )
}

/// A factor with a decimal comma and no trailing zeros (`2`, `1,5`, `1,25`), rounded to
/// `decimalen` decimals.
pub fn factor(f: f64, decimalen: i32) -> String {
    let schaal = 10f64.powi(decimalen);
    format!("{}", (f * schaal).round() / schaal).replace('.', ",")
}

/// A BRC 2014 beroepsklasse inside a Dutch sentence, in lower case where Dutch has it:
/// "technische beroepen", "ICT-beroepen", "beroepen in zorg en welzijn". The CBS labels
/// ([`Beroepsklasse::naam`], "Zorg en welzijn beroepen") are table headings, not phrases.
pub fn beroepen(k: Beroepsklasse) -> &'static str {
    const ZINNEN: [&str; Beroepsklasse::COUNT] = [
        "pedagogische beroepen",
        "creatieve en taalkundige beroepen",
        "commerciële beroepen",
        "bedrijfseconomische en administratieve beroepen",
        "managers",
        "beroepen in openbaar bestuur, veiligheid en recht",
        "technische beroepen",
        "ICT-beroepen",
        "agrarische beroepen",
        "beroepen in zorg en welzijn",
        "dienstverlenende beroepen",
        "beroepen in transport en logistiek",
        "overige beroepen",
    ];
    ZINNEN[k.index()]
}

/// `s` with its first letter in upper case: "Beroepen in zorg en welzijn".
pub fn hoofdletter(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// What stands for a planner's decision without a `toelichting`.
pub const GEEN_TOELICHTING: &str = "(geen toelichting)";

/// The planner's `toelichting` on its own (a table cell), [`GEEN_TOELICHTING`] when empty.
pub fn toelichting_planner(toelichting: &str) -> String {
    let t = toelichting.trim();
    if t.is_empty() {
        GEEN_TOELICHTING.to_string()
    } else {
        t.to_string()
    }
}

/// The planner's `toelichting` closing a sentence: `: <text>.`, or ` (geen toelichting).` when
/// the planner gave none. The planner's own words are never replaced by a reason of kansrijk.
pub fn van_de_planner(toelichting: &str) -> String {
    let t = toelichting.trim();
    if t.is_empty() {
        format!(" {GEEN_TOELICHTING}.")
    } else if t.ends_with(['.', '!', '?']) {
        format!(": {t}")
    } else {
        format!(": {t}.")
    }
}

/// The gemeenten a household may go to, named by what limits them: a household that needs an
/// academic hospital may only go to the regions that have one, and the sentence says so.
fn toegestane_gemeente(hh: &Huishouden) -> &'static str {
    if hh.zorg.is_some() {
        "gemeente in een regio met een academisch ziekenhuis, waarvan het huishouden zorg nodig heeft"
    } else {
        "toegestane gemeente"
    }
}

/// The one-sentence `toelichting` of a koppeling.
pub fn toelichting(inst: &Instance, k: &Koppeling) -> String {
    let gemeente = k
        .gemeente
        .map(|g| inst.gemeente(g).naam.as_str())
        .unwrap_or("");
    match &k.grond {
        Grond::Werk { beroepsklasse, jaren, spanning, regio } => {
            let basis = match jaren {
                Some(j) => format!("{} jaar ervaring", j),
                None => "interesse".to_string(),
            };
            format!(
                "Gekoppeld vanwege werkkansen: voor {} ({basis}) is de arbeidsmarkt in {} {} (spanning {}).",
                beroepen(*beroepsklasse),
                inst.regio(*regio).naam,
                spanningsklasse(*spanning),
                getal(*spanning, 1)
            )
        }
        Grond::Onderwijs { jongeren, hoogopgeleiden, regio } => {
            let wie = match (jongeren, hoogopgeleiden) {
                (0, h) => meervoud(*h, "hoogopgeleide volwassene", "hoogopgeleide volwassenen"),
                (j, 0) => meervoud(*j, "jongvolwassene", "jongvolwassenen"),
                (j, h) => format!("{} en {}", meervoud(*j, "jongvolwassene", "jongvolwassenen"), meervoud(*h, "hoogopgeleide", "hoogopgeleiden")),
            };
            let r = inst.regio(*regio);
            let kan = if jongeren + hoogopgeleiden == 1 { "kan" } else { "kunnen" };
            format!("Gekoppeld vanwege onderwijs: {wie} {kan} in {} terecht bij {}.", r.naam, aanbod(r))
        }
        Grond::Netwerk { in_gemeente: true, .. } => {
            format!("Gekoppeld vanwege het netwerk: familie of gemeenschap van het huishouden woont in {gemeente}.")
        }
        Grond::Netwerk { in_gemeente: false, netwerk_gemeente } => format!(
            "Gekoppeld vanwege het netwerk: familie of gemeenschap woont in {}, in dezelfde arbeidsmarktregio.",
            inst.gemeenten[netwerk_gemeente.idx()].naam
        ),
        Grond::Regiobinding { azc, regio } => format!(
            "Gekoppeld om in de arbeidsmarktregio {} van het huidige AZC ({}) te blijven, zodat begonnen trajecten doorlopen.",
            inst.regio(*regio).naam, inst.gemeente(*azc).naam
        ),
        Grond::Extern { punten, gemiddeld } => format!(
            "Gekoppeld vanwege de score van het externe model: {} punten in {gemeente}, tegen gemiddeld {} in de gemeenten die het huishouden kunnen opnemen.",
            getal(*punten, 2),
            getal(*gemiddeld, 2)
        ),
        Grond::Taakstelling { beste, beste_score } => format!(
            "Gekoppeld om de taakstelling van {gemeente} te vullen: de beste optie, {} (score {}), had geen ruimte meer.",
            inst.gemeente(*beste).naam,
            getal(*beste_score, 1)
        ),
        Grond::Vast => format!("Vaste koppeling aan {gemeente}: daar woont het gezin al, of is werk of studie al gevonden."),
        Grond::Planner { toelichting } => format!("Door de planner vastgezet in {gemeente}{}", van_de_planner(toelichting)),
        Grond::Zorg { regio } => format!(
            "Gekoppeld in {}, een regio met academisch ziekenhuis, vanwege de zorgbehoefte; daarbinnen de beste plek.",
            inst.regio(*regio).naam
        ),
        Grond::Ongekoppeld { waarom } => match waarom {
            WaaromOngekoppeld::TeGroot { personen: n, grootste_ruimte } => format!(
                "Niet gekoppeld: een huishouden van {} past in geen enkele {} (grootste ruimte {}).",
                personen(i64::from(*n)),
                toegestane_gemeente(inst.huishouden(k.huishouden)),
                personen(*grootste_ruimte)
            ),
            WaaromOngekoppeld::GeenZorgregio => {
                "Niet gekoppeld: een regio met academisch ziekenhuis is nodig, maar geen enkele regio heeft er een.".to_string()
            }
            WaaromOngekoppeld::GeenRuimteMeer => {
                "Niet gekoppeld: de ruimte in de toegestane gemeenten is op; die ging naar huishoudens voor wie de koppeling meer oplevert.".to_string()
            }
        },
    }
}

/// The `toelichting` for the gemeente's handover sheet: the same sentence, except that a
/// koppeling for care does not say which care (data minimisation).
pub fn toelichting_overdracht(inst: &Instance, k: &Koppeling) -> String {
    match &k.grond {
        Grond::Zorg { regio } => format!(
            "Gekoppeld vanwege de zorgbehoefte: de benodigde zorg is beschikbaar in de regio {}; daarbinnen is dit de beste plek.",
            inst.regio(*regio).naam
        ),
        _ => toelichting(inst, k),
    }
}

/// A finding before solving, in one Dutch sentence.
pub fn bevinding(inst: &Instance, b: &Bevinding) -> String {
    match b {
        Bevinding::CapaciteitVerhoogd { gemeente, vaste_personen, cap_was } => format!(
            "{} ({}): vaste koppelingen ({}) gaan boven de capaciteit ({}); de capaciteit is verhoogd naar {}.",
            inst.gemeente(*gemeente).naam,
            inst.gemeente(*gemeente).code,
            personen(*vaste_personen),
            personen(*cap_was),
            personen(*vaste_personen)
        ),
        Bevinding::PastNergens { huishouden, personen: n, grootste_ruimte } => format!(
            "Huishouden {} ({}) past in geen enkele {}: de grootste ruimte is {}.",
            inst.huishouden(*huishouden).id,
            personen(i64::from(*n)),
            toegestane_gemeente(inst.huishouden(*huishouden)),
            personen(*grootste_ruimte)
        ),
        Bevinding::GeenZorgregio { huishouden } => format!(
            "Huishouden {} heeft zorg van een academisch ziekenhuis nodig, maar geen enkele regio heeft er een.",
            inst.huishouden(*huishouden).id
        ),
        Bevinding::ZorgruimteTekort { personen: n, ruimte } => format!(
            "{} {} zorg van een academisch ziekenhuis nodig, maar de gemeenten in die regio's hebben samen {}.",
            personen(*n),
            if *n == 1 { "heeft" } else { "hebben" },
            plaatsen(*ruimte)
        ),
        Bevinding::RuimteTekort { personen: n, ruimte } => format!(
            "{} {} gekoppeld worden, maar alle gemeenten samen hebben {}.",
            personen(*n),
            if *n == 1 { "moet" } else { "moeten" },
            plaatsen(*ruimte)
        ),
    }
}

/// A text of the input (a name, an id, a `bron`, the planner's `toelichting`) or a sentence
/// holding one, as inline Markdown text that shows exactly these characters: no HTML, link,
/// image, autolink, code or emphasis can come from it, and it stays on one line. HTML's
/// `<`, `>`, `&` and the link and code brackets `[`, `]`, `` ` `` become character references
/// (so the file holds no raw `<img` or `](`), the other Markdown punctuation gets a backslash
/// (`*`, `_`, `~`, `\`, `|`, the `@` of a mail address, the `:` of `://`, the `.` of `www.`),
/// and a line break is a space. A leading `#`, `-`, `+`, `=` or `1.` is escaped too, for text
/// that begins a line.
pub fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.starts_with(['#', '-', '+', '=']) {
        out.push('\\');
    }
    let mut vorige = None;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '[' => out.push_str("&#91;"),
            ']' => out.push_str("&#93;"),
            '`' => out.push_str("&#96;"),
            '\n' | '\r' => out.push(' '),
            '*' | '_' | '~' | '\\' | '|' | '@' => {
                out.push('\\');
                out.push(c);
            }
            ':' if chars.clone().take(2).eq(['/', '/']) => out.push_str("\\:"),
            '.' if out.to_ascii_lowercase().ends_with("www") => out.push_str("\\."),
            // `1.` or `1)` at the start: an ordered list
            '.' | ')'
                if vorige.is_some_and(|v: char| v.is_ascii_digit())
                    && s.split(['.', ')']).next().is_some_and(|kop| {
                        !kop.is_empty()
                            && kop.len() == out.len()
                            && kop.bytes().all(|b| b.is_ascii_digit())
                    }) =>
            {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        vorige = Some(c);
    }
    out
}

/// `s` as a Markdown code span (a path, a file or column name): shown literally, between more
/// backticks than it holds in a row, on one line.
pub fn code(s: &str) -> String {
    let s = s.replace(['\n', '\r'], " ");
    let mut langste = 0;
    let mut rij = 0;
    for c in s.chars() {
        rij = if c == '`' { rij + 1 } else { 0 };
        langste = langste.max(rij);
    }
    let hek = "`".repeat(langste + 1);
    if langste > 0 {
        format!("{hek} {s} {hek}")
    } else {
        format!("{hek}{s}{hek}")
    }
}

/// A Markdown table cell: [`md`], with `|` as `/` so that no cell can split.
pub fn cel(s: &str) -> String {
    md(&s.replace('|', "/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explain::Reden;
    use crate::model::{GemeenteIdx, HuishoudenIdx, RegioIdx};
    use crate::score::testdata::{huishouden, instance, persoon};

    #[test]
    fn handover_sentence_keeps_the_care_need_unnamed() {
        let inst = instance(vec![huishouden(vec![persoon(
            30,
            crate::model::Opleidingsniveau::Laag,
            None,
            0,
        )])]);
        let mut k = Koppeling {
            huishouden: HuishoudenIdx::new(0),
            gemeente: Some(GemeenteIdx::new(0)),
            score: Some(1.0),
            componenten: None,
            reden: Reden::Zorg,
            grond: Grond::Zorg {
                regio: RegioIdx::new(0),
            },
            beste: None,
            alternatieven: Vec::new(),
        };
        assert!(toelichting(&inst, &k).contains("academisch ziekenhuis"));
        let zin = toelichting_overdracht(&inst, &k);
        assert!(
            zin.contains("zorgbehoefte") && zin.contains("AM01"),
            "{zin}"
        );
        assert!(
            !zin.contains("academisch") && !zin.contains("ziekenhuis"),
            "{zin}"
        );
        // Every other reason keeps the report's own sentence.
        k.reden = Reden::Vast;
        k.grond = Grond::Vast;
        assert_eq!(toelichting_overdracht(&inst, &k), toelichting(&inst, &k));
    }

    #[test]
    fn dutch_numbers_and_classes() {
        assert_eq!(getal(3.25, 1), "3,2");
        assert_eq!(getal(-0.0001, 1), "0,0");
        assert_eq!(getal(-1.25, 2), "-1,25");
        assert_eq!(spanningsklasse(0.1), "zeer ruim");
        assert_eq!(spanningsklasse(0.5), "ruim");
        assert_eq!(spanningsklasse(1.0), "gemiddeld");
        assert_eq!(spanningsklasse(3.2), "krap");
        assert_eq!(spanningsklasse(4.5), "zeer krap");
    }

    /// (moved from `overdracht.rs`, where `ICT beroepen` was the expected phrase)
    #[test]
    fn beroepsklasse_in_a_sentence_keeps_acronyms() {
        let k = |s| Beroepsklasse::parse(s).unwrap();
        assert_eq!(beroepen(k("07")), "technische beroepen");
        assert_eq!(beroepen(k("08")), "ICT-beroepen");
        assert_eq!(beroepen(k("03")), "commerciële beroepen");
        assert_eq!(beroepen(k("10")), "beroepen in zorg en welzijn");
        assert_eq!(
            hoofdletter(beroepen(k("10"))),
            "Beroepen in zorg en welzijn"
        );
        for k in Beroepsklasse::all() {
            let zin = beroepen(k);
            assert!(zin.contains("beroepen") || zin == "managers", "{zin}");
            // an adjective before "beroepen", never a noun ("zorg en welzijn beroepen")
            if let Some(ervoor) = zin.strip_suffix(" beroepen") {
                assert!(ervoor.ends_with('e') || ervoor.ends_with('ë'), "{zin}");
            }
        }
    }

    #[test]
    fn numbers_agree_with_their_nouns() {
        assert_eq!(personen(1), "1 persoon");
        assert_eq!(personen(-1), "-1 persoon");
        assert_eq!(personen(0), "0 personen");
        assert_eq!(personen(11), "11 personen");
        assert_eq!(personen_getal(1.0, 2), "1 persoon");
        assert_eq!(personen_getal(170.0685, 2), "170,07 personen");
        assert_eq!(huishoudens(1), "1 huishouden");
        assert_eq!(gemeenten(2), "2 gemeenten");
        assert_eq!(plaatsen(1), "1 plaats");
    }

    #[test]
    fn findings_agree_in_number() {
        let inst = instance(vec![huishouden(vec![persoon(
            30,
            crate::model::Opleidingsniveau::Laag,
            None,
            0,
        )])]);
        let zin = bevinding(
            &inst,
            &Bevinding::PastNergens {
                huishouden: HuishoudenIdx::new(0),
                personen: 1,
                grootste_ruimte: 0,
            },
        );
        assert!(zin.contains("(1 persoon)"), "{zin}");
        assert!(zin.ends_with("de grootste ruimte is 0 personen."), "{zin}");
        assert!(zin.contains("geen enkele toegestane gemeente"), "{zin}");
        // a household that needs an academic hospital is told so
        let mut zorg = inst.clone();
        zorg.huishoudens[0].zorg = Some(crate::model::Zorgbehoefte::AcademischZiekenhuis);
        let zin = bevinding(
            &zorg,
            &Bevinding::PastNergens {
                huishouden: HuishoudenIdx::new(0),
                personen: 1,
                grootste_ruimte: 0,
            },
        );
        assert!(
            zin.contains("geen enkele gemeente in een regio met een academisch ziekenhuis"),
            "{zin}"
        );
        let zin = bevinding(
            &inst,
            &Bevinding::RuimteTekort {
                personen: 1,
                ruimte: 1,
            },
        );
        assert_eq!(
            zin,
            "1 persoon moet gekoppeld worden, maar alle gemeenten samen hebben 1 plaats."
        );
    }

    #[test]
    fn markdown_text_shows_its_characters_and_nothing_else() {
        // ordinary names and sentences are unchanged
        for gewoon in [
            "'s-Hertogenbosch",
            "Bergen (NH.)",
            "Súdwest-Fryslân",
            "H001",
            "Gekoppeld vanwege werkkansen: 3,2 (spanning 1,0).",
        ] {
            assert_eq!(md(gewoon), gewoon);
        }
        assert_eq!(
            md("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(
            md("[klik](javascript:alert(1))"),
            "&#91;klik&#93;(javascript:alert(1))"
        );
        assert_eq!(md("![x](y)"), "!&#91;x&#93;(y)");
        assert_eq!(
            md("**vet** _schuin_ ~weg~ `code`"),
            "\\*\\*vet\\*\\* \\_schuin\\_ \\~weg\\~ &#96;code&#96;"
        );
        assert_eq!(md("a\\b|c\nd"), "a\\\\b\\|c d");
        assert_eq!(
            md("http://x.nl www.x.nl a@b.nl"),
            "http\\://x.nl www\\.x.nl a\\@b.nl"
        );
        assert_eq!(md("# kop"), "\\# kop");
        assert_eq!(md("- punt"), "\\- punt");
        assert_eq!(md("12. lijst"), "12\\. lijst");
        assert_eq!(md("3) lijst"), "3\\) lijst");
        assert_eq!(md("H1.2"), "H1.2");
        assert_eq!(md("&lt;"), "&amp;lt;");
        assert_eq!(cel("a|b\nc"), "a/b c");
        assert_eq!(code("data/in"), "`data/in`");
        assert_eq!(code("a`b``c\n"), "``` a`b``c  ```");
    }

    #[test]
    fn lists_the_dutch_way() {
        assert_eq!(opsomming::<&str>(&[]), "");
        assert_eq!(opsomming(&["mbo"]), "mbo");
        assert_eq!(opsomming(&["mbo", "hbo"]), "mbo en hbo");
        assert_eq!(opsomming(&["H1", "H2", "H3"]), "H1, H2 en H3");
    }
}
