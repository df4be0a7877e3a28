//! Does the secrets engine cost stay flat as detectors are added? (issue 12: 100 more detectors
//! must cost under 10 %). Times the engine, single-threaded, over every text file of a bench
//! corpus held in memory, with the real detectors and with the real ones plus 100 synthetic
//! provider-style detectors (distinct random prefixes, token-shaped patterns), interleaved.
//!
//! ```text
//! cargo run --release -p factorguard-rules --example detector_scaling -- [CORPUS_DIR] [--runs N] [--prefilters]
//! ```
//! `CORPUS_DIR` defaults to `~/.cache/factorguard-bench/corpus-small` (made by `bench/run.sh`).
//! `--prefilters` also times candidate keyword prefilters alone over the same bytes.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use factorguard_core::{Cia, Factor, RuleMeta, Severity, Stride};
use factorguard_rules::secrets::detector::Detector;
use factorguard_rules::secrets::{all_detectors, Engine, ScanStats, Scratch};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut corpus = None;
    let mut runs = 5;
    let mut prefilters = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            "--prefilters" => prefilters = true,
            other => corpus = Some(PathBuf::from(other)),
        }
    }
    let corpus = corpus.unwrap_or_else(|| {
        PathBuf::from(std::env::var("HOME").unwrap_or_default())
            .join(".cache/factorguard-bench/corpus-small")
    });
    let files = read_text_files(&corpus);
    let bytes: usize = files.iter().map(Vec::len).sum();
    println!(
        "corpus {}: {} text files, {:.1} MiB",
        corpus.display(),
        files.len(),
        mib(bytes)
    );

    let real: Vec<&'static Detector> = all_detectors().to_vec();
    let mut more = real.clone();
    more.extend(synthetic_detectors(100));
    let engines = [
        ("real", Engine::new(&real)),
        ("real+100", Engine::new(&more)),
    ];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); engines.len()];
    let mut stats = [ScanStats::default(); 2];
    let mut found = [0usize; 2];
    for _ in 0..runs {
        for (i, (_, engine)) in engines.iter().enumerate() {
            let mut scratch = Scratch::default();
            let mut total = ScanStats::default();
            let mut count = 0;
            let start = Instant::now();
            for file in &files {
                count += engine.scan_with(file, &mut scratch).len();
                let s = scratch.stats;
                total.keyword_hits += s.keyword_hits;
                total.regex_runs += s.regex_runs;
                total.regex_bytes += s.regex_bytes;
                total.candidates += s.candidates;
            }
            times[i].push(start.elapsed());
            stats[i] = total;
            found[i] = count;
        }
    }
    let medians: Vec<Duration> = times.iter_mut().map(|t| median(t)).collect();
    for (i, (name, _)) in engines.iter().enumerate() {
        let detectors = if i == 0 { real.len() } else { more.len() };
        println!(
            "{name:>9}: {detectors} detectors, median {:.3} s, {:.0} MiB/s, {} matches, {:?}",
            medians[i].as_secs_f64(),
            mib(bytes) / medians[i].as_secs_f64(),
            found[i],
            stats[i]
        );
    }
    let extra = medians[1].as_secs_f64() / medians[0].as_secs_f64() - 1.0;
    println!("100 more detectors cost {:+.1} %", extra * 100.0);

    if prefilters {
        time_prefilters(&files, &real, runs);
    }
}

/// The keyword pass alone, by candidate implementations, over the same bytes.
fn time_prefilters(files: &[Vec<u8>], detectors: &[&'static Detector], runs: usize) {
    let mut keywords: Vec<String> = detectors
        .iter()
        .flat_map(|d| d.keywords.iter().map(|k| k.to_ascii_lowercase()))
        .collect();
    keywords.sort();
    keywords.dedup();
    let bytes: usize = files.iter().map(Vec::len).sum();
    println!("prefilter alone over {} keywords:", keywords.len());
    let build = |kind: Option<AhoCorasickKind>, match_kind: MatchKind| {
        AhoCorasick::builder()
            .kind(kind)
            .match_kind(match_kind)
            .ascii_case_insensitive(true)
            .build(&keywords)
            .expect("literals")
    };
    let dfa_overlapping = build(Some(AhoCorasickKind::DFA), MatchKind::Standard);
    let nfa_overlapping = build(Some(AhoCorasickKind::ContiguousNFA), MatchKind::Standard);
    let dfa_leftmost = build(Some(AhoCorasickKind::DFA), MatchKind::LeftmostFirst);
    let auto_leftmost = build(None, MatchKind::LeftmostFirst);
    let folded = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .build(&keywords)
        .expect("literals");
    let finders: Vec<memchr::memmem::Finder<'_>> = keywords
        .iter()
        .map(|k| memchr::memmem::Finder::new(k.as_bytes()))
        .collect();
    let mut lower = Vec::new();
    type Pass<'a> = Box<dyn FnMut(&[u8]) -> usize + 'a>;
    let mut passes: Vec<(&str, Pass<'_>)> = vec![
        (
            "AC DFA, standard, overlapping, case-insensitive (chosen)",
            Box::new(|b: &[u8]| dfa_overlapping.find_overlapping_iter(b).count()),
        ),
        (
            "AC contiguous NFA, standard, overlapping, case-insensitive",
            Box::new(|b: &[u8]| nfa_overlapping.find_overlapping_iter(b).count()),
        ),
        (
            "AC DFA, leftmost-first, case-insensitive",
            Box::new(|b: &[u8]| dfa_leftmost.find_iter(b).count()),
        ),
        (
            "AC auto (prefilters allowed), leftmost-first, case-insensitive",
            Box::new(|b: &[u8]| auto_leftmost.find_iter(b).count()),
        ),
        (
            "lowercase copy + AC DFA, standard, overlapping",
            Box::new(|b: &[u8]| {
                lower.clear();
                lower.extend(b.iter().map(u8::to_ascii_lowercase));
                folded.find_overlapping_iter(&lower).count()
            }),
        ),
    ];
    let mut lower_for_memmem = Vec::new();
    passes.push((
        "lowercase copy + one memmem finder per keyword",
        Box::new(move |b: &[u8]| {
            lower_for_memmem.clear();
            lower_for_memmem.extend(b.iter().map(u8::to_ascii_lowercase));
            finders
                .iter()
                .map(|f| f.find_iter(&lower_for_memmem).count())
                .sum()
        }),
    ));
    for (name, pass) in passes.iter_mut() {
        let mut samples = Vec::new();
        let mut hits = 0;
        for _ in 0..runs {
            let start = Instant::now();
            hits = files.iter().map(|f| pass(f)).sum::<usize>();
            samples.push(start.elapsed());
        }
        let m = median(&mut samples);
        println!(
            "  {name}: median {:.3} s, {:.0} MiB/s, {hits} hits",
            m.as_secs_f64(),
            mib(bytes) / m.as_secs_f64()
        );
    }
}

/// `count` provider-style detectors, each with its own random prefix (`q7vk_`, `Zr2x-`, ...) and
/// a fixed-length token body, built in process.
fn synthetic_detectors(count: usize) -> Vec<&'static Detector> {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut prefixes = std::collections::BTreeSet::new();
    while prefixes.len() < count {
        let len = 3 + (next() % 3) as usize;
        let mut prefix: String = (0..len)
            .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize] as char)
            .collect();
        prefix.push(if next() % 2 == 0 { '_' } else { '-' });
        prefixes.insert(prefix);
    }
    prefixes
        .into_iter()
        .enumerate()
        .map(|(i, prefix)| {
            let id: &'static str = Box::leak(format!("FGS{i:03}").into_boxed_str());
            let prefix: &'static str = Box::leak(prefix.into_boxed_str());
            let body_len = 24 + (i % 4) * 8;
            let pattern: &'static str = Box::leak(
                format!(
                    r"\b(?P<secret>{}[A-Za-z0-9]{{{body_len}}})\b",
                    regex_escape(prefix)
                )
                .into_boxed_str(),
            );
            let keywords: &'static [&'static str] = Box::leak(Box::new([prefix]));
            let detector: &'static Detector = Box::leak(Box::new(Detector {
                meta: RuleMeta {
                    id,
                    slug: id,
                    title: "synthetic provider token",
                    factor: Factor::III,
                    stride: &[Stride::InformationDisclosure],
                    cia: &[Cia::Confidentiality],
                    default_severity: Severity::High,
                    remediation: "rotate",
                    spec: "bench",
                    references: &[],
                    doc: "",
                },
                provider: "Synthetic",
                keywords,
                pattern,
                validate: None,
                min_entropy: 3.0,
                fires: &[],
                clean: &[],
            }));
            detector
        })
        .collect()
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let escape = !c.is_ascii_alphanumeric() && c != '_';
            escape.then_some('\\').into_iter().chain(std::iter::once(c))
        })
        .collect()
}

fn read_text_files(root: &Path) -> Vec<Vec<u8>> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(path),
                Ok(t) if t.is_file() => {
                    if let Ok(bytes) = std::fs::read(&path) {
                        let head = &bytes[..bytes.len().min(8192)];
                        if memchr::memchr(0, head).is_none() {
                            files.push(bytes);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    files
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}
