//! The `factorguard` binary: parses the command line and wires the crates together.

mod cli;
mod docs;

use anyhow::{anyhow, bail, Context, Result};
use clap::{CommandFactory, FromArgMatches};
use cli::{
    Cli, ColorChoice, Command, Format, InitArgs, ListFormat, RulesAction, RulesArgs, ScanArgs,
};
use factorguard_core::config::{
    ByteSize, LoadedConfig, TerraformConfig, Threshold, CONFIG_FILE_NAME,
};
use factorguard_core::policy::{CommandLinePolicy, Policy};
use factorguard_core::suppress::Baseline;
use factorguard_core::{exit_code, Factor, Registry, Report};
use factorguard_report::TextOptions;
use factorguard_scan::{GitScope, ScanOptions};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let output_pairs = match &cli.command {
        Command::Scan(_) => matches
            .subcommand_matches("scan")
            .map(output_pairing)
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let result = match cli.command {
        Command::Scan(args) => scan(&args, cli.color, &output_pairs),
        Command::Rules(args) => rules(&args).map(|()| exit_code::CLEAN),
        Command::Init(args) => init(&args).map(|()| exit_code::CLEAN),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "factorguard",
                &mut std::io::stdout(),
            );
            Ok(exit_code::CLEAN)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            eprintln!("factorguard: error: {e:#}");
            ExitCode::from(exit_code::ERROR as u8)
        }
    }
}

fn registry() -> Registry {
    Registry::new(factorguard_rules::all_rules())
}

/// For each --format occurrence, the --output that follows it (before the next --format).
fn output_pairing(matches: &clap::ArgMatches) -> Vec<(usize, Option<usize>)> {
    let formats: Vec<usize> = matches
        .indices_of("format")
        .map(|i| i.collect())
        .unwrap_or_default();
    let outputs: Vec<usize> = matches
        .indices_of("output")
        .map(|i| i.collect())
        .unwrap_or_default();
    let mut pairs: Vec<(usize, Option<usize>)> = (0..formats.len()).map(|n| (n, None)).collect();
    for (out_n, out_at) in outputs.iter().enumerate() {
        // The format this output belongs to is the last one given before it.
        let owner = formats.iter().rposition(|f| f < out_at);
        match owner {
            Some(fmt_n) if pairs[fmt_n].1.is_none() => pairs[fmt_n].1 = Some(out_n),
            _ => pairs.push((usize::MAX, Some(out_n))), // flagged as an error later
        }
    }
    pairs
}

struct Destination {
    format: Format,
    path: Option<PathBuf>,
}

fn destinations(args: &ScanArgs, pairs: &[(usize, Option<usize>)]) -> Result<Vec<Destination>> {
    if args.format.is_empty() {
        return match args.output.as_slice() {
            [] => Ok(vec![Destination {
                format: Format::Text,
                path: None,
            }]),
            [path] => Ok(vec![Destination {
                format: Format::Text,
                path: Some(path.clone()),
            }]),
            _ => bail!("several --output files need a --format before each"),
        };
    }
    let mut list = Vec::new();
    for (fmt_n, out_n) in pairs {
        if *fmt_n == usize::MAX {
            bail!(
                "--output {} has no --format of its own before it",
                args.output[out_n.unwrap_or(0)].display()
            );
        }
        list.push(Destination {
            format: args.format[*fmt_n],
            path: out_n.map(|n| args.output[n].clone()),
        });
    }
    if list.iter().filter(|d| d.path.is_none()).count() > 1 {
        bail!("only one --format can go to stdout; give the others an --output FILE");
    }
    Ok(list)
}

fn scan(args: &ScanArgs, color: ColorChoice, pairs: &[(usize, Option<usize>)]) -> Result<i32> {
    let registry = registry();
    let destinations = destinations(args, pairs)?;

    let root_is_dir = args.path.is_dir();
    let config_path = match &args.config {
        Some(path) => Some(path.clone()),
        None => Some(args.path.join(CONFIG_FILE_NAME)).filter(|p| root_is_dir && p.is_file()),
    };
    let loaded = match &config_path {
        Some(path) => LoadedConfig::load(path)?,
        None => LoadedConfig::default_config(),
    };

    let resolve = |flag: &str, selectors: &[String]| -> Result<Vec<&'static str>> {
        let mut ids = Vec::new();
        for s in selectors {
            ids.extend(registry.resolve(s).map_err(|e| anyhow!("{flag}: {e}"))?);
        }
        Ok(ids)
    };
    let fail_on = match &args.fail_on {
        Some(text) => Some(
            text.parse::<Threshold>()
                .map_err(|e| anyhow!("--fail-on: {e}"))?,
        ),
        None => None,
    };
    let cli_policy = CommandLinePolicy {
        select: if args.select.is_empty() {
            None
        } else {
            Some(resolve("--select", &args.select)?)
        },
        ignore: resolve("--ignore", &args.ignore)?,
        fail_on,
    };
    let policy = Policy::compile(&loaded, &registry, &cli_policy)?;

    let baseline = match &args.baseline {
        Some(path) => Some((
            Baseline::load(path).map_err(|e| anyhow!(e))?,
            path.display().to_string(),
        )),
        None => None,
    };

    let scan_config = &loaded.config.scan;
    let mut options = ScanOptions::new(&args.path);
    options.jobs = args.jobs.unwrap_or(0);
    options.no_ignore = args.no_ignore || scan_config.no_ignore;
    options.include_vendored = args.include_vendored || scan_config.include_vendored;
    options.exclude = scan_config.exclude.clone();
    options.terraform = terraform_settings(&loaded, &args.path)?;
    if let Some(size) = scan_config.max_file_size {
        options.max_file_size = size.0;
    }
    if let Some(text) = &args.max_file_size {
        options.max_file_size = text
            .parse::<ByteSize>()
            .map_err(|e| anyhow!("--max-file-size: {e}"))?
            .0;
    }
    options.progress = !args.no_progress && !args.quiet && std::io::stderr().is_terminal();
    options.git = match (&args.since, args.history, args.staged) {
        (Some(revision), _, _) => GitScope::Since(revision.clone()),
        (None, true, _) => GitScope::AllRefs,
        (None, false, true) => GitScope::Staged,
        (None, false, false) => GitScope::Off,
    };

    let report = factorguard_scan::scan(
        &options,
        &registry,
        &policy,
        baseline.as_ref().map(|(b, source)| (b, source.clone())),
    )?;

    for destination in &destinations {
        let text = render(&report, destination, color, args.show_suppressed, &registry);
        match &destination.path {
            Some(path) => write_output(path, &text)?,
            None if args.quiet => {}
            None => {
                let mut stdout = std::io::stdout().lock();
                // A closed pipe (`| head`) is not an error worth a message.
                let _ = stdout
                    .write_all(text.as_bytes())
                    .and_then(|()| stdout.flush());
            }
        }
    }

    if !report.errors.is_empty() {
        eprintln!(
            "factorguard: {} file{} could not be scanned fully (listed in the report); the gate still applies",
            report.errors.len(),
            if report.errors.len() == 1 { "" } else { "s" }
        );
    }
    if let Some(path) = &args.write_baseline {
        let mut accepted: Vec<_> = report.findings.iter().collect();
        accepted.extend(report.suppressed.iter().filter(|f| {
            f.suppression
                .as_ref()
                .is_some_and(|s| s.kind == factorguard_core::SuppressionKind::Baseline)
        }));
        let baseline = Baseline::from_findings(accepted);
        write_output(path, &baseline.to_json())?;
        eprintln!(
            "factorguard: wrote {} fingerprints to {}",
            baseline.findings.len(),
            path.display()
        );
        return Ok(exit_code::CLEAN);
    }
    Ok(report.exit_code(policy.gate))
}

fn render(
    report: &Report,
    destination: &Destination,
    color: ColorChoice,
    show_suppressed: bool,
    registry: &Registry,
) -> String {
    match destination.format {
        Format::Text => {
            let to_terminal = destination.path.is_none() && std::io::stdout().is_terminal();
            let color = match color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            factorguard_report::render_text(
                report,
                &TextOptions {
                    color,
                    show_suppressed,
                },
            )
        }
        Format::Json => factorguard_report::render_json(report),
        Format::Sarif => {
            let metas: Vec<_> = registry.metas().collect();
            factorguard_report::render_sarif(report, &metas)
        }
        Format::Markdown => factorguard_report::render_markdown(report),
    }
}

fn write_output(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

fn rules(args: &RulesArgs) -> Result<()> {
    let registry = registry();
    if let Some(RulesAction::Explain { rule }) = &args.action {
        let found = registry.find(rule).ok_or_else(|| {
            anyhow!("no rule has the id or slug `{rule}` (see `factorguard rules`)")
        })?;
        print!("{}", docs::rule_page(found));
        return Ok(());
    }
    if let Some(dir) = &args.docs {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let metas: Vec<_> = registry.metas().collect();
        for (name, contents) in docs::reference_files(&metas) {
            write_output(&dir.join(name), &contents)?;
        }
        eprintln!("factorguard: wrote the rule reference to {}", dir.display());
        return Ok(());
    }
    let factor = match &args.factor {
        Some(text) => Some(
            text.parse::<Factor>()
                .map_err(|e| anyhow!("--factor: {e}"))?,
        ),
        None => None,
    };
    let metas: Vec<_> = registry
        .metas()
        .filter(|m| factor.is_none_or(|f| m.factor == f))
        .collect();
    match args.format {
        ListFormat::Json => println!("{}", serde_json::to_string_pretty(&metas)?),
        ListFormat::Text => {
            for m in metas {
                println!(
                    "{:<7} {:<30} {:<8} {:<5} {}",
                    m.id,
                    m.slug,
                    m.default_severity,
                    m.factor.numeral(),
                    m.title
                );
            }
        }
    }
    Ok(())
}

fn init(args: &InitArgs) -> Result<()> {
    let path = args.dir.join(CONFIG_FILE_NAME);
    if path.exists() && !args.force {
        bail!(
            "{} already exists (use --force to overwrite)",
            path.display()
        );
    }
    write_output(&path, docs::INIT_TEMPLATE)?;
    eprintln!("factorguard: wrote {}", path.display());
    Ok(())
}

/// The `[terraform]` settings, with every configured variable file checked to exist: a typo
/// there would silently evaluate the module with other values.
fn terraform_settings(loaded: &LoadedConfig, root: &Path) -> Result<TerraformConfig> {
    let settings = loaded.config.terraform.clone();
    for (module, files) in &settings.var_files {
        for file in files {
            if !root.join(file).is_file() {
                let config = loaded
                    .path
                    .as_deref()
                    .map_or_else(|| "factorguard.toml".into(), |p| p.display().to_string());
                return Err(anyhow!(
                    "{config}: terraform.var-files.\"{module}\": `{file}` is not a file under {}",
                    root.display()
                ));
            }
        }
    }
    Ok(settings)
}
