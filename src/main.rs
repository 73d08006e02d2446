//! The `kansrijk` command line: parses options, calls the library, maps errors to exit codes.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use kansrijk::error::{Error, InputError};
use kansrijk::io::paden::Pad;
use kansrijk::solve::Status;
use kansrijk::{render, MatchOpties, Uitvoer};

/// The version with the git commit the binary was built from (see build.rs).
const VERSIE: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("KANSRIJK_COMMIT"),
    ")"
);

/// The naming rule, at the end of `kansrijk --help`.
const NAMEN: &str = "\
Names: subcommands are English (`controleer` stays an alias of `check`). Flags are English where \
they name how the tool runs (--data, --out, --weights, --export-scores, --model, --gap, \
--time-limit, --require-proof, --quiet, --markdown, --preset, --households, --seed, --weeks, --period) and Dutch \
where they name a domain word of the users and the contract (--marge, --spreidingsgrens, \
--overdracht, --vorige, --landelijk, --ruimte). The older spellings --tijdslimiet and --periode still work.";

/// Kansrijke koppeling: vergunninghouders optimaal en uitlegbaar koppelen aan gemeenten.
#[derive(Parser)]
#[command(name = "kansrijk", version = VERSIE, about, long_about = None, after_long_help = NAMEN)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The options `match` and `compare` share: the weights, the model settings, the solver and
/// the form of the CSV files.
#[derive(clap::Args)]
struct Oplossen {
    /// Weights file instead of the input folder's gewichten.toml.
    #[arg(long, value_name = "FILE")]
    weights: Option<PathBuf>,
    /// Persons a gemeente may receive above its remaining quota (default 2, or gewichten.toml).
    #[arg(long, value_name = "PERSONEN")]
    marge: Option<u32>,
    /// MIP formulation: `geaggregeerd` (default, exact and fast) or `volledig` (one binary
    /// per household and gemeente, for comparison). Both give the same optimum.
    #[arg(long, value_enum, default_value_t = ModelKeuze::Geaggregeerd)]
    model: ModelKeuze,
    /// Solver time limit in seconds (also spelled --tijdslimiet).
    #[arg(
        long,
        alias = "tijdslimiet",
        value_name = "SECONDEN",
        default_value_t = 120.0,
        value_parser = seconden
    )]
    time_limit: f64,
    /// Relative gap at which the koppeling counts as proven optimal: 0 proves the exact
    /// optimum; 1e-4 is enough for a national plan and much faster. Default: 0 for batches
    /// solved whole, 1e-4 for national plans (solved by pricing)
    #[arg(long, value_name = "FRACTIE", value_parser = gap)]
    gap: Option<f64>,
    /// Form of koppelingen.csv, taakstelling.csv and --export-scores: `standaard` (the
    /// contract's: `,`, decimal point, UTF-8, LF) or `excel` (what Dutch Excel opens by a
    /// double-click: `;`, decimal comma, UTF-8 with a BOM, CRLF). The cells are the same.
    #[arg(long, value_enum, default_value_t = CsvKeuze::Standaard)]
    csv: CsvKeuze,
}

impl Oplossen {
    /// The run's options on input `data`.
    fn opties(&self, data: Option<PathBuf>) -> MatchOpties {
        let formulering = match self.model {
            ModelKeuze::Geaggregeerd => kansrijk::solve::Formulering::Geaggregeerd,
            ModelKeuze::Volledig => kansrijk::solve::Formulering::Volledig,
        };
        MatchOpties {
            data,
            gewichten: self.weights.clone(),
            marge: self.marge,
            solver: kansrijk::solve::Opties {
                tijdslimiet: self.time_limit,
                formulering,
                gap: self.gap,
                ..Default::default()
            },
            csv: match self.csv {
                CsvKeuze::Standaard => kansrijk::uitkomst::CsvVorm::Standaard,
                CsvKeuze::Excel => kansrijk::uitkomst::CsvVorm::Excel,
            },
            ..Default::default()
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Load, validate, score, solve, explain and write the report.
    Match {
        /// Input folder (gemeenten.csv, regios.csv, arbeidsmarkt.csv, huishoudens.csv,
        /// personen.csv, optional gewichten.toml and vastzetten.csv). Without it: the embedded
        /// example.
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// Output folder, replaced atomically.
        #[arg(long, value_name = "DIR", default_value = "uitvoer")]
        out: PathBuf,
        #[command(flatten)]
        oplossen: Oplossen,
        /// Also write every allowed household-gemeente pair with its score and components.
        #[arg(long, value_name = "FILE")]
        export_scores: Option<PathBuf>,
        /// Bound the spread: every region's mean fit (over the households kansrijk couples
        /// there) at least this fraction of the national mean without the bound, e.g. 0.9.
        /// Solves twice and reports what the bound costs in total fit.
        #[arg(long, value_name = "FRACTIE", value_parser = fractie)]
        spreidingsgrens: Option<f64>,
        /// Also write overdracht/, one handover sheet (Markdown, Dutch) per gemeente that
        /// receives households: who is coming, suggested inburgering route, what to start in
        /// the AZC. Data-minimised: no names, exact ages, gender or care details.
        #[arg(long)]
        overdracht: bool,
        /// Output folder of an earlier run (its koppelingen.csv): among the optimal koppelingen,
        /// take the one that keeps the most households where that run put them; the report
        /// lists who moved and why.
        #[arg(long, value_name = "DIR")]
        vorige: Option<PathBuf>,
        /// Folder with huishoudens.csv and personen.csv of the half year's earlier weeks (each
        /// household with its `week`; other files there are not read): couple this week's
        /// batch (--data, every household of one `week`) as `simulate`'s `vooruitziend` does,
        /// keeping room for the weeks to come. The report sets it beside the batch's own
        /// optimum (docs/simulate.md).
        #[arg(long, value_name = "DIR", conflicts_with_all = ["vorige", "spreidingsgrens"])]
        prognose: Option<PathBuf>,
        /// Seed of --prognose's draw of the weeks to come (default 1, as `simulate`'s): the seed
        /// `simulate` used gives the koppeling it simulated.
        #[arg(long, value_name = "S", default_value_t = 1, requires = "prognose")]
        seed: u64,
        /// Exit 4 when the koppeling is not proven within its gap (the time limit ran out);
        /// the report is written all the same. For CI: only proven runs give the same result
        /// on every machine.
        #[arg(long)]
        require_proof: bool,
        /// Print nothing on stderr except errors.
        #[arg(long)]
        quiet: bool,
    },
    /// What-if: solve the input and a variant of it with the same options, and report which
    /// households the change moves (only moves it forces), why, and the effect per region and
    /// gemeente.
    Compare {
        /// Input folder of the base.
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        /// Input folder of the variant (the same files, with the changes).
        #[arg(
            long,
            value_name = "DIR",
            required_unless_present = "scenario",
            conflicts_with = "scenario"
        )]
        variant: Option<PathBuf>,
        /// The variant as changes to --data (TOML, docs/compare.md): spanning per region and
        /// beroepsklasse, a gemeente's taakstelling or achterstand, weights and settings, an
        /// external score file. The variant's input is written to variant-invoer/ in --out.
        #[arg(long, value_name = "FILE")]
        scenario: Option<PathBuf>,
        /// Solve the scenario at each value of one of its keys, in parallel:
        /// KEY=FROM:TO:STEP, the key as messages name it (spanning.factor=1:3:0.25). Writes
        /// basis/, sweep.csv, sweep_per_regio.csv, sweep.md and sweep.json instead.
        #[arg(
            long,
            value_name = "KEY=FROM:TO:STEP",
            requires = "scenario",
            conflicts_with = "variant"
        )]
        sweep: Option<String>,
        /// Output folder, replaced atomically: basis/, variant/, verschuivingen.csv,
        /// per_regio.csv, per_gemeente.csv, vergelijking.md, vergelijking.json.
        #[arg(long, value_name = "DIR", default_value = "vergelijking")]
        out: PathBuf,
        #[command(flatten)]
        oplossen: Oplossen,
        /// Print nothing on stderr except errors.
        #[arg(long)]
        quiet: bool,
    },
    /// Replay the half year as weekly batches (every household needs a `week`) under several
    /// placement policies, each seeing only the weeks up to now (praktijk, gretig, wekelijks),
    /// beside the whole half year solved at once in hindsight (achteraf), and compare them
    /// (docs/simulate.md).
    Simulate {
        /// Input folder; every household must have a `week` (1-26).
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        /// Output folder, replaced atomically: beleid.csv, koppelingen.csv, per_gemeente.csv,
        /// simulatie.md, simulatie.json.
        #[arg(long, value_name = "DIR", default_value = "simulatie")]
        out: PathBuf,
        #[command(flatten)]
        oplossen: Oplossen,
        /// Seed of vooruitziend's draw of the weeks to come (recorded in the report).
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
        /// Print nothing on stderr except errors.
        #[arg(long)]
        quiet: bool,
    },
    /// Check an input folder and list every problem found; exit 2 if any.
    Validate {
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        #[arg(long, value_name = "FILE")]
        weights: Option<PathBuf>,
    },
    /// Why a household went where it went, its best alternatives, why it did not go there and
    /// what each would cost (measured by solving again). Reads the output folder of a finished
    /// `kansrijk match`; prints the story to stdout and writes nothing unless asked.
    Explain {
        /// Output folder of a finished `kansrijk match`.
        #[arg(long, value_name = "DIR", default_value = "uitvoer")]
        out: PathBuf,
        /// The household to explain (`huishouden_id`).
        #[arg(value_name = "HUISHOUDEN_ID")]
        huishouden: String,
        /// Also write the story to this Markdown file.
        #[arg(long, value_name = "FILE")]
        markdown: Option<PathBuf>,
        /// Input folder of the run, if it moved since (default: the one rapport.json records).
        /// Its files must be unchanged.
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// Time limit of each re-solve in seconds (default: the run's own; also spelled
        /// --tijdslimiet).
        #[arg(long, alias = "tijdslimiet", value_name = "SECONDEN", value_parser = seconden)]
        time_limit: Option<f64>,
        /// Print nothing on stderr except errors.
        #[arg(long)]
        quiet: bool,
    },
    /// Check a finished run without a solver: recompute from its input that the koppeling keeps
    /// every rule and is worth the reported objective, and recompute the bound of its
    /// certificate (runs solved by pricing), which no koppeling of the full model exceeds.
    /// Prints the check to stdout; exit 0 when every claim that can be checked holds, 1 when
    /// one does not, 2 when the folder cannot be read or the input changed since the run.
    #[command(visible_alias = "controleer")]
    Check {
        /// Output folder of a finished `kansrijk match`.
        #[arg(long, value_name = "DIR", default_value = "uitvoer")]
        out: PathBuf,
        /// Input folder of the run, if it moved since (default: the one rapport.json records).
        /// Its files must be unchanged.
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
    },
    /// Print a completion script for a shell to stdout, e.g.
    /// `kansrijk completions bash > ~/.local/share/bash-completion/completions/kansrijk`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write a realistic synthetic input folder on the real gemeenten (same seed, same bytes).
    Generate {
        /// Ready-made size: week (~600 persons), halfjaar (~15,000), stress (~50,000),
        /// voorbeeld (the embedded example). Explicit options override it.
        #[arg(long, value_enum)]
        preset: Option<PresetKeuze>,
        /// Number of households.
        #[arg(long, value_name = "N")]
        households: Option<u32>,
        /// Seed of the random generator (default 1; voorbeeld: 20251).
        #[arg(long, value_name = "S")]
        seed: Option<u64>,
        /// Output folder, written atomically. An existing non-empty folder is replaced only
        /// if `generate` wrote it.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Weeks of the half year over which the permits fall (`week` 1..K), default 26.
        #[arg(long, value_name = "K")]
        weeks: Option<u32>,
        /// Half year of the taakstelling: 2025-1 (default) or 2025-2 (also spelled --periode).
        #[arg(long, alias = "periode", value_name = "PERIODE")]
        period: Option<String>,
        /// National taakstelling to derive the gemeenten's quotas from, instead of the
        /// period's own (the legal rule ceil(V * inwoners / inwoners NL)).
        #[arg(long, value_name = "V")]
        landelijk: Option<u64>,
        /// Target remaining quota as a multiple of the persons generated, default 1.10.
        #[arg(long, value_name = "FACTOR")]
        ruimte: Option<f64>,
        /// Print nothing on stderr except errors.
        #[arg(long)]
        quiet: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum PresetKeuze {
    Week,
    Halfjaar,
    Stress,
    Voorbeeld,
}

impl From<PresetKeuze> for kansrijk::generate::Preset {
    fn from(p: PresetKeuze) -> Self {
        match p {
            PresetKeuze::Week => Self::Week,
            PresetKeuze::Halfjaar => Self::Halfjaar,
            PresetKeuze::Stress => Self::Stress,
            PresetKeuze::Voorbeeld => Self::Voorbeeld,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum CsvKeuze {
    Standaard,
    Excel,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ModelKeuze {
    Geaggregeerd,
    Volledig,
}

/// A relative gap: a number in [0, 1).
fn gap(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(g) if kansrijk::solve::is_gap(g) => Ok(g),
        _ => Err(format!("expected a number from 0 up to 1, found \"{s}\"")),
    }
}

fn fractie(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(f) if kansrijk::solve::is_fractie(f) => Ok(f),
        _ => Err(format!(
            "expected a fraction above 0 up to 1, found \"{s}\""
        )),
    }
}

/// A time limit: a positive number of seconds.
fn seconden(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(t) if kansrijk::solve::is_tijdslimiet(t) => Ok(t),
        _ => Err(format!(
            "expected a positive number of seconds, found \"{s}\""
        )),
    }
}

/// Exit codes: 0 success, 1 some household could not be coupled (`match`) or a claim of the
/// report does not hold (`check`), 2 bad input or usage, 3 the solver failed, 4 (`match
/// --require-proof`) the koppeling is not proven within its gap.
fn exit_code(e: &Error) -> u8 {
    match e {
        Error::Input(_) | Error::Write(_) | Error::Generate(_) | Error::Uitleg(_) => 2,
        Error::Solve(_) => 3,
    }
}

fn report(e: &Error) {
    match e {
        Error::Input(InputError::Invalid(problems)) => {
            for line in problems.lines() {
                eprintln!("error: {line}");
            }
        }
        other => eprintln!("error: {other}"),
    }
}

/// Prints the input files read in another encoding than UTF-8, and what the input holds that
/// kansrijk does not read (unknown columns and files), one `warning: ` line each, in the form
/// of the input errors.
fn waarschuw(herkomst: &kansrijk::io::Herkomst) {
    for m in &herkomst.meldingen {
        eprintln!("warning: {m}");
    }
    for w in &herkomst.waarschuwingen {
        eprintln!("warning: {w}");
    }
}

/// The system allocator, except that a failed allocation ends the run with a clear message
/// and exit 2 instead of an abort (exit 134) and a backtrace. The model's size is checked
/// before it is built ([`kansrijk::past_in_geheugen`]); this catches what that estimate cannot
/// foresee, such as a long branch-and-bound search. The output folder is replaced only after
/// everything is written, so it stays as it was.
struct Toewijzer;

/// Set once an allocation failed: a second failure while leaving aborts at once.
static OP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[global_allocator]
static TOEWIJZER: Toewijzer = Toewijzer;

// SAFETY: every call goes to `System` unchanged; only a null result is acted on.
unsafe impl std::alloc::GlobalAlloc for Toewijzer {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        geheugen_gekregen(unsafe { std::alloc::System.alloc(layout) })
    }
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        geheugen_gekregen(unsafe { std::alloc::System.alloc_zeroed(layout) })
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, size: usize) -> *mut u8 {
        geheugen_gekregen(unsafe { std::alloc::System.realloc(ptr, layout, size) })
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }
}

/// `p`, or the end of the run when it is null (out of memory). Writes without allocating.
fn geheugen_gekregen(p: *mut u8) -> *mut u8 {
    if !p.is_null() {
        return p;
    }
    if OP.swap(true, std::sync::atomic::Ordering::SeqCst) {
        std::process::abort();
    }
    const MELDING: &[u8] = b"error: out of memory: this run needs more memory than the machine or \
its limit (ulimit -v, a container's memory.max) allows; nothing was written. Split the batch, or \
run on a machine with more memory (docs/report.md, \"Memory\").\n";
    use std::io::Write;
    let _ = std::io::stderr().write_all(MELDING);
    std::process::exit(2)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Match {
            data,
            out,
            oplossen,
            export_scores,
            spreidingsgrens,
            overdracht,
            vorige,
            prognose,
            seed,
            require_proof,
            quiet,
        } => {
            let opties = MatchOpties {
                spreidingsgrens,
                vorige,
                prognose,
                seed,
                ..oplossen.opties(data)
            };
            let uitvoer = Uitvoer {
                out,
                export_scores,
                overdracht,
            };
            paden_van_match(&opties, &uitvoer)
                .and_then(|()| run_match(&opties, &uitvoer, require_proof, quiet))
        }
        Command::Compare {
            data,
            variant,
            scenario,
            sweep,
            out,
            oplossen,
            quiet,
        } => {
            if let (Some(spec), Some(bestand)) = (&sweep, &scenario) {
                let basis = oplossen.opties(Some(data));
                let mut gelezen = vec![Pad::bestand("--scenario", bestand)];
                gelezen.extend(invoer(&basis));
                controleer(&gelezen, &[Pad::map("--out", &out)])
                    .and_then(|()| run_sweep(&basis, bestand, spec, &out, quiet))
            } else {
                let mut gelezen = Vec::new();
                let variant = match (variant, scenario) {
                    (Some(dir), _) => {
                        gelezen.push(Pad::map("--variant", &dir));
                        kansrijk::Variant::Map(dir)
                    }
                    (None, Some(bestand)) => {
                        gelezen.push(Pad::bestand("--scenario", &bestand));
                        kansrijk::Variant::Scenario {
                            bestand,
                            map: out.join(kansrijk::uitvoer::VARIANT_INVOER),
                        }
                    }
                    (None, None) => unreachable!("clap requires --variant or --scenario"),
                };
                let opties = kansrijk::VergelijkOpties {
                    basis: oplossen.opties(Some(data)),
                    variant,
                };
                gelezen.extend(invoer(&opties.basis));
                controleer(&gelezen, &[Pad::map("--out", &out)])
                    .and_then(|()| run_compare(&opties, &out, quiet))
            }
        }
        Command::Simulate {
            data,
            out,
            oplossen,
            seed,
            quiet,
        } => {
            let opties = kansrijk::SimuleerOpties {
                basis: oplossen.opties(Some(data)),
                seed,
            };
            controleer(&invoer(&opties.basis), &[Pad::map("--out", &out)])
                .and_then(|()| run_simulate(&opties, &out, quiet))
        }
        Command::Validate { data, weights } => {
            let opties = MatchOpties {
                data: Some(data),
                gewichten: weights,
                ..Default::default()
            };
            let gelezen = invoer(&opties);
            controleer(&gelezen, &[])
                .and_then(|()| kansrijk::load_valid(&opties))
                .map(|(inst, _, herkomst)| {
                    waarschuw(&herkomst);
                    eprintln!(
                        "geldig: {}, {}, {}",
                        render::tekst::gemeenten(inst.gemeenten.len()),
                        render::tekst::huishoudens(inst.huishoudens.len()),
                        render::tekst::personen(inst.personen() as i64)
                    );
                    if herkomst.niet_echt() {
                        eprintln!("{}", render::tekst::NIET_ECHT);
                    }
                    0
                })
        }
        Command::Explain {
            out,
            huishouden,
            markdown,
            data,
            time_limit,
            quiet,
        } => {
            let gelezen = kansrijk::replay::gelezen(&out, data.as_deref());
            let geschreven: Vec<Pad> = markdown
                .iter()
                .map(|m| Pad::bestand("--markdown", m))
                .collect();
            let opties = kansrijk::UitlegOpties {
                out,
                huishouden,
                data,
                tijdslimiet: time_limit,
            };
            controleer(&gelezen, &geschreven)
                .and_then(|()| run_explain(&opties, markdown.as_deref(), quiet))
        }
        Command::Check { out, data } => {
            let gelezen = kansrijk::replay::gelezen(&out, data.as_deref());
            controleer(&gelezen, &[])
                .and_then(|()| kansrijk::replay::check(&kansrijk::ControleOpties { out, data }))
                .map(|g| {
                    print!("{}", render::controle::tekst(&g));
                    if g.klopt() {
                        0
                    } else {
                        1
                    }
                })
        }
        Command::Completions { shell } => {
            let mut cli = Cli::command();
            clap_complete::generate(shell, &mut cli, "kansrijk", &mut std::io::stdout());
            Ok(0)
        }
        Command::Generate {
            preset,
            households,
            seed,
            out,
            weeks,
            period,
            landelijk,
            ruimte,
            quiet,
        } => {
            let keuzes = kansrijk::generate::Keuzes {
                preset: preset.map(Into::into),
                huishoudens: households,
                seed,
                weken: weeks,
                periode: period,
                landelijk,
                ruimte,
            };
            controleer(&[], &[Pad::map("--out", &out)])
                .and_then(|()| run_generate(&keuzes, &out, quiet))
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            report(&e);
            ExitCode::from(exit_code(&e))
        }
    }
}

/// Refuses, before any work, a command whose outputs `geschreven` would write, replace or
/// delete one of the paths `gelezen` it reads, or collide with each other
/// ([`kansrijk::io::paden`]).
fn controleer(gelezen: &[Pad], geschreven: &[Pad]) -> Result<(), Error> {
    Ok(kansrijk::io::paden::controleer(gelezen, geschreven)?)
}

/// The paths `match` and `validate` read: `--data`, `--weights`, `--vorige` and `--prognose`
/// when given.
fn invoer(opties: &MatchOpties) -> Vec<Pad> {
    let mut paden = Vec::new();
    if let Some(d) = &opties.data {
        paden.push(Pad::map("--data", d));
    }
    if let Some(w) = &opties.gewichten {
        paden.push(Pad::bestand("--weights", w));
    }
    if let Some(v) = &opties.vorige {
        paden.push(Pad::map("--vorige", v));
    }
    if let Some(p) = &opties.prognose {
        paden.push(Pad::map("--prognose", p));
    }
    paden
}

/// Checks the paths of `match` before it loads anything: `--out` and `--export-scores` against
/// its inputs and each other.
fn paden_van_match(opties: &MatchOpties, uitvoer: &Uitvoer) -> Result<(), Error> {
    let mut geschreven = vec![Pad::map("--out", &uitvoer.out)];
    if let Some(s) = &uitvoer.export_scores {
        geschreven.push(Pad::bestand("--export-scores", s));
    }
    controleer(&invoer(opties), &geschreven)
}

/// Runs `werk` with a spinner that shows each stage it reports (see [`voortgangsbalk`]).
fn met_voortgang<T>(
    quiet: bool,
    werk: impl FnOnce(&mut dyn FnMut(kansrijk::Fase)) -> Result<T, Error>,
) -> Result<T, Error> {
    let balk = voortgangsbalk(quiet);
    let uit = werk(&mut |fase| balk.set_message(fase.omschrijving()));
    balk.finish_and_clear();
    uit
}

/// A spinner on stderr with the current stage and the elapsed time; hidden with `--quiet` and
/// when stderr is not a terminal (pipes, CI, log files).
fn voortgangsbalk(quiet: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let balk = indicatif::ProgressBar::new_spinner();
    if let Ok(stijl) = indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        balk.set_style(stijl);
    }
    balk.enable_steady_tick(std::time::Duration::from_millis(200));
    balk
}

fn run_generate(
    keuzes: &kansrijk::generate::Keuzes,
    out: &std::path::Path,
    quiet: bool,
) -> Result<u8, Error> {
    use kansrijk::generate;
    let opties = generate::Instellingen::bepaal(keuzes)?;
    let t = std::time::Instant::now();
    let map = generate::genereer(&opties);
    generate::schrijf(out, &map)?;
    if !quiet {
        let s = &map.samenvatting;
        eprintln!(
            "gegenereerd: {}, {}; resterende taakstelling {} in {}; map {} ({} ms)",
            render::tekst::huishoudens(s.huishoudens),
            render::tekst::personen(s.personen as i64),
            render::tekst::personen(s.rest),
            render::tekst::gemeenten(s.gemeenten_met_rest),
            out.display(),
            t.elapsed().as_millis()
        );
        if s.rest < s.personen as i64 {
            eprintln!("let op: de resterende taakstelling is kleiner dan het aantal personen; niet iedereen kan gekoppeld worden");
        }
    }
    Ok(0)
}

fn run_explain(
    opties: &kansrijk::UitlegOpties,
    markdown: Option<&std::path::Path>,
    quiet: bool,
) -> Result<u8, Error> {
    let verhaal = met_voortgang(quiet, |meld| kansrijk::replay::explain(opties, meld))?;
    let tekst = kansrijk::uitvoer::schrijf_verhaal(&verhaal, markdown)?;
    print!("{tekst}");
    Ok(0)
}

/// Exit code of `match --require-proof` when the koppeling is not proven within its gap.
const NIET_BEWEZEN: u8 = 4;

fn run_compare(
    opties: &kansrijk::VergelijkOpties,
    out: &std::path::Path,
    quiet: bool,
) -> Result<u8, Error> {
    let v = met_voortgang(quiet, |meld| kansrijk::vergelijk(opties, meld))?;
    if !quiet {
        waarschuw(&v.basis.herkomst);
        waarschuw(&v.variant.herkomst);
    }
    let bestanden = kansrijk::uitvoer::schrijf_vergelijking(&v, out)?;
    if !quiet {
        let personen: i64 = v.verschuivingen.iter().map(|s| i64::from(s.personen)).sum();
        eprintln!(
            "{} ({}) verschuiven, {} naar een andere regio; totale score {} -> {}; {bestanden} bestanden in {}",
            render::tekst::huishoudens(v.verschuivingen.len()),
            render::tekst::personen(personen),
            v.andere_regio(),
            render::tekst::getal(v.basis.oplossing.totale_score, 2),
            render::tekst::getal(v.variant.oplossing.totale_score, 2),
            out.display()
        );
    }
    Ok(0)
}

fn run_sweep(
    basis: &MatchOpties,
    bestand: &std::path::Path,
    spec: &str,
    out: &std::path::Path,
    quiet: bool,
) -> Result<u8, Error> {
    let g = met_voortgang(quiet, |meld| kansrijk::sweep(basis, bestand, spec, meld))?;
    if !quiet {
        waarschuw(&g.basis.herkomst);
    }
    let bestanden = kansrijk::uitvoer::schrijf_sweep(&g, out)?;
    if !quiet {
        eprintln!(
            "{} waarden van {} opgelost; {bestanden} bestanden in {}",
            g.stappen.len(),
            g.sweep.kolom,
            out.display()
        );
    }
    Ok(0)
}

fn run_simulate(
    opties: &kansrijk::SimuleerOpties,
    out: &std::path::Path,
    quiet: bool,
) -> Result<u8, Error> {
    let s = met_voortgang(quiet, |meld| kansrijk::simuleer(opties, meld))?;
    if !quiet {
        waarschuw(&s.herkomst);
    }
    let bestanden = kansrijk::uitvoer::schrijf_simulatie(&s, out)?;
    if !quiet {
        let delen: Vec<String> = s
            .resultaten
            .iter()
            .map(|r| {
                format!(
                    "{} {}% ({} s)",
                    r.beleid.naam(),
                    render::tekst::getal(100.0 * r.aandeel_achteraf, 1),
                    render::tekst::getal(r.rekentijd, 1)
                )
            })
            .collect();
        eprintln!(
            "{} in {} weken; totale score als deel van achteraf: {}; {bestanden} bestanden in {}",
            render::tekst::huishoudens(s.instance.huishoudens.len()),
            s.weken.len(),
            delen.join(", "),
            out.display()
        );
    }
    Ok(0)
}

fn run_match(
    opties: &MatchOpties,
    uitvoer: &Uitvoer,
    require_proof: bool,
    quiet: bool,
) -> Result<u8, Error> {
    let u = met_voortgang(quiet, |meld| kansrijk::run_met_voortgang(opties, meld))?;
    if !quiet {
        waarschuw(&u.herkomst);
    }
    let geschreven = kansrijk::schrijf(&u, uitvoer)?;
    let o = &u.oplossing;
    if !quiet && u.voorbeeld {
        // a planner who forgot --data must not take this for a real batch
        eprintln!(
            "let op: geen --data opgegeven, dus het ingebouwde voorbeeld met verzonnen huishoudens"
        );
    }
    if !quiet {
        eprintln!(
            "{}: {} gekoppeld, {} niet; {}, doelwaarde {}, grens {}, gap {}; rapport in {} ({} ms)",
            render::tekst::huishoudens(u.koppelingen.len()),
            u.koppelingen.len() - o.ongekoppeld,
            o.ongekoppeld,
            render::tekst::koppeling_status(&u),
            render::tekst::getal(o.doelwaarde, 4),
            render::tekst::getal(o.grens, 4),
            render::tekst::getal(o.gap, 6),
            uitvoer.out.display(),
            u.tijden.laden + u.tijden.scoren + u.tijden.oplossen + u.tijden.uitleggen
        );
        if let Some(v) = &u.vorige {
            eprintln!("{}", render::vorige::samenvatting(v));
        }
        if let Some((map, bladen)) = &geschreven.overdracht {
            eprintln!("overdracht: {bladen} gemeentebladen in {}", map.display());
        }
    }
    Ok(if require_proof && o.status != Status::Optimaal {
        if !quiet {
            eprintln!("niet bewezen binnen de gap, en --require-proof vraagt dat: exitcode {NIET_BEWEZEN}");
        }
        NIET_BEWEZEN
    } else if o.ongekoppeld > 0 {
        1
    } else {
        0
    })
}
