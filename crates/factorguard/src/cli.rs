//! Command-line definition. Parsing only: `main.rs` wires the crates.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  no active finding at or above the gate (--fail-on, default high)
  1  at least one active finding at or above the gate
  2  usage, configuration or runtime error
A scan that could not read some files still reports them, says so on stderr, and follows the gate.";

#[derive(Debug, Parser)]
#[command(
    name = "factorguard",
    version,
    about = "Security for twelve-factor applications, shifted left: audit a repository against the secure twelve-factor checklist.",
    after_help = EXIT_CODES_HELP
)]
pub struct Cli {
    /// When to colour the text output (NO_COLOR is honoured in auto mode).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit a repository (the build gate).
    #[command(after_help = EXIT_CODES_HELP)]
    Scan(Box<ScanArgs>),
    /// List the rules, explain one, or generate the rule reference.
    Rules(RulesArgs),
    /// Write a commented factorguard.toml.
    Init(InitArgs),
    /// Print shell completions.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Markdown,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Directory (or file) to scan.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Output format; repeat to write several. Each --output applies to the --format before it;
    /// a format without --output goes to stdout.
    #[arg(long, short = 'f', value_enum)]
    pub format: Vec<Format>,

    /// File to write the preceding --format to.
    #[arg(long, short = 'o')]
    pub output: Vec<PathBuf>,

    /// Fail (exit 1) on an active finding at or above this severity: critical, high, medium, low,
    /// info, or never.
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<String>,

    /// Configuration file (default: factorguard.toml at the scanned root, when present).
    #[arg(long)]
    pub config: Option<PathBuf>,

    /// Run only these rules: ids (FG1001), slugs, id prefixes (FG1), factors (III) or ALL.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,

    /// Do not run these rules (same selectors as --select).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// Suppress findings whose fingerprints are in this baseline file.
    #[arg(long)]
    pub baseline: Option<PathBuf>,

    /// Write the active findings' fingerprints to this baseline file (exit 0 after writing).
    #[arg(long)]
    pub write_baseline: Option<PathBuf>,

    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,

    /// Also scan files that .gitignore excludes.
    #[arg(long)]
    pub no_ignore: bool,

    /// Also scan vendored and generated trees (node_modules, vendor, target, ...).
    #[arg(long)]
    pub include_vendored: bool,

    /// Skip files larger than this (e.g. 10MiB; default 64MiB).
    #[arg(long, value_name = "SIZE")]
    pub max_file_size: Option<String>,

    /// Also scan git history: every blob reachable from any ref, read once; each finding names
    /// the commit that introduced it, and secrets no longer in HEAD are reported as such.
    #[arg(long, conflicts_with_all = ["since", "staged"])]
    pub history: bool,

    /// Also scan the blobs added by commits on HEAD since this revision (e.g. origin/main, for
    /// CI on pull requests).
    #[arg(long, value_name = "REV", conflicts_with = "staged")]
    pub since: Option<String>,

    /// Scan only what is staged for commit, not the working tree (for a pre-commit hook).
    #[arg(long)]
    pub staged: bool,

    /// Show suppressed findings in the text output too.
    #[arg(long)]
    pub show_suppressed: bool,

    /// No progress bar (it is shown only when stderr is a terminal anyway).
    #[arg(long)]
    pub no_progress: bool,

    /// Print nothing on stdout; the exit code and --output files carry the result.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub action: Option<RulesAction>,

    /// Only rules of this factor (I to XII).
    #[arg(long)]
    pub factor: Option<String>,

    /// Listing format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,

    /// Write the rule reference (one Markdown page per rule and an index) into this directory.
    #[arg(long, value_name = "DIR")]
    pub docs: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// Print a rule's documentation.
    Explain {
        /// Rule id (FG1001) or slug (private-key-file).
        rule: String,
    },
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory to write factorguard.toml into.
    #[arg(default_value = ".")]
    pub dir: PathBuf,

    /// Overwrite an existing factorguard.toml.
    #[arg(long)]
    pub force: bool,
}
