//! Walk the tree once in parallel; each walker thread reads, classifies and checks the files it
//! visits with buffers it reuses; git history or the index, when asked for, is a second source of
//! files checked the same way; then the project phase, suppression, and the report.

use crate::classify::{classify, classify_file, decode_utf16, looks_binary, Classification};
use crate::history::{self, HistoryResults};
use crate::progress::Progress;
use factorguard_core::builtin::PARSE_ERROR;
use factorguard_core::config::TerraformConfig;
use factorguard_core::finding::fingerprint;
use factorguard_core::policy::{compile_globs, Policy};
use factorguard_core::project::FileReader;
use factorguard_core::suppress::{self, Baseline, Directive, SuppressionContext};
use factorguard_core::{
    Facts, FileEmitter, FileError, Finding, IndexedFile, KindSet, ProjectEmitter, ProjectIndex,
    Registry, Report, Rule, SkipReason, SourceFile,
};
use globset::GlobSet;
use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use time::Date;

/// Files larger than this are skipped (and named in the report) unless configured otherwise.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 << 20;

/// Vendored and generated trees, skipped by default and counted.
pub const VENDORED_DIRS: &[&str] = &[
    "node_modules",
    "bower_components",
    "jspm_packages",
    "vendor",
    ".terraform",
    ".terragrunt-cache",
    "target",
    ".venv",
    "venv",
    "__pycache__",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".gradle",
    "Pods",
];

/// Version-control metadata: never part of the scanned tree (history is scanned separately).
const VCS_DIRS: &[&str] = &[".git", ".hg", ".svn"];

/// A read buffer larger than this is freed after use instead of kept for the next file.
const RETAINED_BUFFER_CAPACITY: usize = 8 << 20;

/// How many leading bytes decide whether a file is binary.
pub(crate) const BINARY_SNIFF_LEN: usize = 8 << 10;

/// Which git objects a scan reads besides (or instead of) the working tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum GitScope {
    /// The working tree only.
    #[default]
    Off,
    /// The working tree, plus every blob reachable from any ref (branches, tags, remotes,
    /// stash) that HEAD does not hold at the same path, each read once.
    AllRefs,
    /// The working tree, plus the blobs introduced by commits reachable from HEAD but not from
    /// this revision (a pull request's commits).
    Since(String),
    /// The index only: the blobs staged for commit that differ from HEAD. No walk.
    Staged,
}

#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub root: PathBuf,
    /// Worker threads; 0 picks one per core.
    pub jobs: usize,
    pub max_file_size: u64,
    /// Scan files that .gitignore / .ignore exclude.
    pub no_ignore: bool,
    pub include_vendored: bool,
    /// Gitignore-style patterns relative to the root.
    pub exclude: Vec<String>,
    pub progress: bool,
    /// The day suppression expiry is judged against.
    pub today: Date,
    pub git: GitScope,
    /// Settings of the Terraform analyzer (`[terraform]` in `factorguard.toml`).
    pub terraform: TerraformConfig,
}

impl ScanOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        ScanOptions {
            root: root.into(),
            jobs: 0,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            no_ignore: false,
            include_vendored: false,
            exclude: Vec::new(),
            progress: false,
            today: time::OffsetDateTime::now_utc().date(),
            git: GitScope::Off,
            terraform: TerraformConfig::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("{path}: {message}")]
    Root { path: String, message: String },
    #[error("scan.exclude: {0}")]
    Exclude(String),
    /// The repository (or the revision asked for) cannot be used at all.
    #[error("{0}")]
    Git(String),
}

/// What the file phase produced for one file.
pub(crate) struct FileResult {
    pub(crate) path: String,
    pub(crate) kinds: KindSet,
    pub(crate) size: u64,
    pub(crate) findings: Vec<Finding>,
    pub(crate) facts: Facts,
    pub(crate) directives: Vec<Directive>,
}

#[derive(Default)]
pub(crate) struct Counters {
    skipped: [AtomicU64; 6],
}

impl Counters {
    pub(crate) fn skip(&self, reason: SkipReason) {
        self.skipped[reason as usize].fetch_add(1, Ordering::Relaxed);
    }

    fn snapshot(&self) -> BTreeMap<SkipReason, u64> {
        use SkipReason::*;
        [Binary, TooLarge, Excluded, Vendored, Unreadable, Symlink]
            .into_iter()
            .map(|r| (r, self.skipped[r as usize].load(Ordering::Relaxed)))
            .filter(|(_, n)| *n > 0)
            .collect()
    }
}

/// State shared by the walker threads.
struct Shared<'a> {
    base: PathBuf,
    max_file_size: u64,
    checker: &'a FileChecker,
    results: Mutex<Vec<FileResult>>,
    errors: Mutex<Vec<FileError>>,
    counters: Arc<Counters>,
    progress: &'a Progress,
    /// Held by the one thread that has a large file in memory, so peak memory is one large file
    /// plus small buffers, not one large file per thread.
    large_file: Turn,
}

/// A turn one thread at a time may hold (a binary semaphore that can move between threads).
#[derive(Default)]
struct Turn {
    taken: Mutex<bool>,
    released: std::sync::Condvar,
}

impl Turn {
    fn acquire(&self) {
        let mut taken = self.taken.lock().unwrap_or_else(|p| p.into_inner());
        while *taken {
            taken = self.released.wait(taken).unwrap_or_else(|p| p.into_inner());
        }
        *taken = true;
    }

    fn release(&self) {
        *self.taken.lock().unwrap_or_else(|p| p.into_inner()) = false;
        self.released.notify_one();
    }
}

pub fn scan(
    options: &ScanOptions,
    registry: &Registry,
    policy: &Policy,
    baseline: Option<(&Baseline, String)>,
) -> Result<Report, ScanError> {
    let started = Instant::now();
    let excludes = compile_globs(&options.exclude).map_err(ScanError::Exclude)?;
    let counters = Arc::new(Counters::default());
    let progress = Progress::new(options.progress);
    let enabled = enabled_rules(registry, policy);
    let checker = FileChecker::new(&enabled, policy);
    let sources = Sources {
        options,
        checker: &checker,
        excludes: &excludes,
        counters: &counters,
        progress: &progress,
    };

    let (mut results, mut errors) = match options.git {
        // A pre-commit hook checks what is about to be committed, not the whole tree.
        GitScope::Staged => (Vec::new(), Vec::new()),
        _ => walk_tree(&sources)?,
    };
    let mut history = HistoryResults::default();
    match &options.git {
        GitScope::Off => {}
        GitScope::AllRefs | GitScope::Since(_) => {
            history = history::scan_history(&sources, &results, &mut errors)?;
        }
        GitScope::Staged => results = history::scan_staged(&sources, &mut errors)?,
    }
    progress.finish();

    let mut report = finish(
        results,
        history,
        errors,
        &Finish {
            enabled: &enabled,
            policy,
            registry,
            baseline,
            today: options.today,
            root: options.root.display().to_string(),
            // Project rules judge a whole tree; the index's changed files are not one.
            project_phase: options.git != GitScope::Staged,
            terraform: &options.terraform,
            files_on_disk: (options.git != GitScope::Staged).then(|| options.root.clone()),
        },
    );
    report.stats.skipped = counters.snapshot();
    report.stats.duration_ms = started.elapsed().as_millis() as u64;
    Ok(report)
}

/// What every source of file bytes shares: options, the per-file checks, skip counters, progress.
pub(crate) struct Sources<'a> {
    pub options: &'a ScanOptions,
    pub checker: &'a FileChecker,
    pub excludes: &'a GlobSet,
    pub counters: &'a Arc<Counters>,
    pub progress: &'a Progress,
}

impl Sources<'_> {
    /// Whether a path (relative to the scan root) is left out by `scan.exclude` or because it is
    /// in a vendored tree, as the walk would leave it out.
    pub(crate) fn leaves_out(&self, path: &str) -> bool {
        if !self.options.include_vendored
            && path
                .split('/')
                .rev()
                .skip(1)
                .any(|dir| VENDORED_DIRS.contains(&dir))
        {
            return true;
        }
        !self.excludes.is_empty() && self.excludes.is_match(path)
    }
}

/// The working-tree walk: every file's result and the files that could not be read.
fn walk_tree(sources: &Sources<'_>) -> Result<(Vec<FileResult>, Vec<FileError>), ScanError> {
    let options = sources.options;
    let root = &options.root;
    let metadata = std::fs::metadata(root).map_err(|e| ScanError::Root {
        path: root.display().to_string(),
        message: describe_io_error(&e),
    })?;
    // A single file is scanned under its own name, relative to its directory.
    let base = if metadata.is_file() {
        root.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        root.clone()
    };
    let counters = sources.counters;
    let shared = Shared {
        base: base.clone(),
        max_file_size: options.max_file_size,
        checker: sources.checker,
        results: Mutex::new(Vec::new()),
        errors: Mutex::new(Vec::new()),
        counters: Arc::clone(counters),
        progress: sources.progress,
        large_file: Turn::default(),
    };

    let mut walk = WalkBuilder::new(root);
    walk.hidden(false)
        .follow_links(false)
        .git_ignore(!options.no_ignore)
        .ignore(!options.no_ignore)
        .parents(!options.no_ignore)
        .git_exclude(false)
        .git_global(false)
        .require_git(false)
        .threads(options.jobs);
    {
        let base = base.clone();
        let include_vendored = options.include_vendored;
        let excludes = Arc::new(sources.excludes.clone());
        let counters = Arc::clone(counters);
        walk.filter_entry(move |entry| {
            if entry.depth() == 0 {
                return true;
            }
            let name = entry.file_name().to_string_lossy();
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            if is_dir && VCS_DIRS.contains(&name.as_ref()) {
                return false;
            }
            if is_dir && !include_vendored && VENDORED_DIRS.contains(&name.as_ref()) {
                counters.skip(SkipReason::Vendored);
                return false;
            }
            if !excludes.is_empty() && excludes.is_match(relative_path(&base, entry.path())) {
                counters.skip(SkipReason::Excluded);
                return false;
            }
            true
        });
    }
    let mut builder = VisitorBuilder { shared: &shared };
    walk.build_parallel().visit(&mut builder);

    let results = shared
        .results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    let errors = shared
        .errors
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    Ok((results, errors))
}

/// The checks a policy runs: those with any enabled id.
pub(crate) fn enabled_rules(registry: &Registry, policy: &Policy) -> Vec<&'static dyn Rule> {
    registry
        .rules()
        .iter()
        .copied()
        .filter(|r| {
            policy.is_enabled(r.meta().id)
                || r.also_reports().iter().any(|m| policy.is_enabled(m.id))
        })
        .collect()
}

/// What the stages after the file phase need.
pub(crate) struct Finish<'a> {
    pub enabled: &'a [&'static dyn Rule],
    pub policy: &'a Policy,
    pub registry: &'a Registry,
    pub baseline: Option<(&'a Baseline, String)>,
    pub today: Date,
    pub root: String,
    /// Run the project rules (off when the files are not a whole tree).
    pub project_phase: bool,
    pub terraform: &'a TerraformConfig,
    /// Where the scanned files are, for the project phase's reads; `None` when they are not on
    /// disk as scanned (the git index).
    pub files_on_disk: Option<PathBuf>,
}

/// Project phase, de-duplication, suppression and the report, from the file phase's results in
/// any order (whatever source the files came from: the walk or the git index). Findings from
/// git history join after the project phase: old blobs are not part of the project's tree.
pub(crate) fn finish(
    mut results: Vec<FileResult>,
    history: HistoryResults,
    mut errors: Vec<FileError>,
    cx: &Finish<'_>,
) -> Report {
    // Deterministic from here on: everything is ordered by path.
    results.sort_by(|a, b| a.path.cmp(&b.path));
    errors.sort();

    let reader: Option<FileReader> = cx
        .files_on_disk
        .clone()
        .map(|root| Arc::new(move |path: &str| std::fs::read(root.join(path)).ok()) as FileReader);
    let mut index = ProjectIndex {
        terraform: cx.terraform.clone(),
        reader,
        ..ProjectIndex::default()
    };
    let mut findings = Vec::new();
    let mut directives = Vec::new();
    let mut bytes_scanned = 0;
    for result in results {
        bytes_scanned += result.size;
        index.files.push(IndexedFile {
            path: result.path,
            kinds: result.kinds,
            size: result.size,
        });
        index.facts.extend(result.facts);
        findings.extend(result.findings);
        directives.extend(result.directives);
    }
    let project_rules = if cx.project_phase { cx.enabled } else { &[] };
    for rule in project_rules {
        let before = findings.len();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            rule.check_project(&index, &mut ProjectEmitter::new(&mut findings));
        }));
        if outcome.is_err() {
            findings.truncate(before);
            errors.push(FileError {
                path: ".".into(),
                message: format!(
                    "internal error in project rule {}; its results are missing",
                    rule.meta().id
                ),
            });
        }
    }

    findings.extend(history.findings);
    directives.extend(history.directives);
    // A check that reports under several ids ran because one of them is enabled; the others'
    // findings go.
    findings.retain(|f| cx.policy.is_enabled(&f.rule_id));
    let mut findings = disambiguate(findings);
    link_repeated_secrets(&mut findings);
    let suppression = SuppressionContext {
        policy: cx.policy,
        registry: cx.registry,
        directives: &directives,
        baseline: cx.baseline.clone(),
        today: cx.today,
    };
    let (active, suppressed) = suppress::apply(findings, &suppression);

    let mut report = Report::new(cx.root.clone());
    report.stats.files_scanned = index.files.len() as u64 + history.files;
    report.stats.bytes_scanned = bytes_scanned + history.bytes;
    report.stats.rules_enabled = cx.policy.enabled_count() as u64;
    report.findings = active;
    report.suppressed = suppressed;
    report.errors = errors;
    report
}

/// Sort, drop exact duplicates, and give findings that share rule, path and content key distinct
/// fingerprints by occurrence order (so the baseline can tell them apart).
fn disambiguate(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| a.message.cmp(&b.message))
    });
    findings.dedup_by(|b, a| {
        a.rule_id == b.rule_id
            && a.location == b.location
            && a.fingerprint == b.fingerprint
            && a.message == b.message
    });
    let mut seen: HashMap<(String, String), u32> = HashMap::new();
    for f in &mut findings {
        let n = seen
            .entry((f.rule_id.clone(), f.fingerprint.clone()))
            .or_insert(0);
        if *n > 0 {
            f.fingerprint = fingerprint(
                &f.rule_id,
                &f.location.path,
                &format!("{}#{}", f.fingerprint, n),
            );
        }
        *n += 1;
    }
    findings
}

/// Tell each secret finding where else the same secret was found (by hash, never by value).
fn link_repeated_secrets(findings: &mut [Finding]) {
    let mut places: HashMap<String, Vec<String>> = HashMap::new();
    for f in findings.iter() {
        if let Some(secret) = &f.secret {
            let line = f.location.region.map_or(0, |r| r.start_line);
            places
                .entry(secret.sha256.clone())
                .or_default()
                .push(format!("{}:{line}", f.location.path));
        }
    }
    for f in findings.iter_mut() {
        let here = format!(
            "{}:{}",
            f.location.path,
            f.location.region.map_or(0, |r| r.start_line)
        );
        if let Some(secret) = &mut f.secret {
            if let Some(all) = places.get(&secret.sha256) {
                secret.also_found_in = all.iter().filter(|p| **p != here).cloned().collect();
                secret.also_found_in.dedup();
            }
        }
    }
}

fn relative_path(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let text = rel.to_string_lossy();
    let text = if text.is_empty() {
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    } else {
        text
    };
    if std::path::MAIN_SEPARATOR == '/' {
        text.into_owned()
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

pub(crate) fn describe_io_error(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

struct VisitorBuilder<'s, 'a> {
    shared: &'s Shared<'a>,
}

impl<'s> ParallelVisitorBuilder<'s> for VisitorBuilder<'s, '_> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Worker {
            shared: self.shared,
            buffer: Vec::new(),
            results: Vec::new(),
            errors: Vec::new(),
            holds_large_file_turn: false,
        })
    }
}

/// One walker thread: owns a read buffer reused for every file it visits.
struct Worker<'s, 'a> {
    shared: &'s Shared<'a>,
    buffer: Vec<u8>,
    results: Vec<FileResult>,
    errors: Vec<FileError>,
    /// Whether this worker holds the large-file turn (from reading a large file until it has
    /// been checked).
    holds_large_file_turn: bool,
}

impl Drop for Worker<'_, '_> {
    fn drop(&mut self) {
        self.release_large_file_turn();
        if let Ok(mut results) = self.shared.results.lock() {
            results.append(&mut self.results);
        }
        if let Ok(mut errors) = self.shared.errors.lock() {
            errors.append(&mut self.errors);
        }
    }
}

impl ParallelVisitor for Worker<'_, '_> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        match entry {
            Ok(entry) => self.visit_entry(&entry),
            Err(error) => self.walk_error(&error),
        }
        WalkState::Continue
    }
}

impl Worker<'_, '_> {
    fn walk_error(&mut self, error: &ignore::Error) {
        let (path, message) = split_walk_error(error, &self.shared.base);
        self.shared.counters.skip(SkipReason::Unreadable);
        self.errors.push(FileError { path, message });
    }

    fn visit_entry(&mut self, entry: &DirEntry) {
        // Whatever the previous file's outcome, its turn with a large buffer is over.
        self.release_large_file_turn();
        let Some(file_type) = entry.file_type() else {
            return;
        };
        if file_type.is_symlink() {
            self.shared.counters.skip(SkipReason::Symlink);
            return;
        }
        if !file_type.is_file() {
            return; // directories, sockets, FIFOs: nothing to read
        }
        let path = relative_path(&self.shared.base, entry.path());
        match self.read(entry.path(), &path) {
            Ok(ReadOutcome::Read) => {}
            Ok(ReadOutcome::Binary) => {
                self.shared.counters.skip(SkipReason::Binary);
                return;
            }
            Ok(ReadOutcome::TooLarge(size)) => {
                self.shared.counters.skip(SkipReason::TooLarge);
                self.errors.push(FileError {
                    path,
                    message: format!(
                        "skipped: {} is over the {} size limit (raise scan.max-file-size to scan it)",
                        human_size(size),
                        human_size(self.shared.max_file_size)
                    ),
                });
                return;
            }
            Err(e) => {
                self.shared.counters.skip(SkipReason::Unreadable);
                self.errors.push(FileError {
                    path,
                    message: format!("cannot read: {}", describe_io_error(&e)),
                });
                return;
            }
        }
        let bytes = std::mem::take(&mut self.buffer);
        // UTF-16 text is checked as its UTF-8 transcoding (same lines, same columns).
        let decoded = decode_utf16(&bytes);
        let content = decoded.as_deref().unwrap_or(&bytes);
        let binary = looks_binary(&content[..content.len().min(BINARY_SNIFF_LEN)]);
        let classification = classify_file(&path, content, binary);
        if classification.kinds.is_empty() {
            self.shared.counters.skip(SkipReason::Binary);
        } else {
            let result =
                self.shared
                    .checker
                    .check(path, content, &classification, &mut self.errors);
            self.results.push(result);
        }
        self.shared.progress.file_done(bytes.len() as u64);
        // Keep the buffer for the next file unless a large file grew it: memory stays bounded by
        // the size limit per thread only while such a file is being checked.
        if bytes.capacity() <= RETAINED_BUFFER_CAPACITY {
            self.buffer = bytes;
        }
        self.release_large_file_turn();
    }

    fn release_large_file_turn(&mut self) {
        if self.holds_large_file_turn {
            self.holds_large_file_turn = false;
            self.shared.large_file.release();
        }
    }

    /// Read a file into the worker's buffer. A binary file is recognised from its first 8 KiB
    /// and, unless it is a binary kind we check (PKCS#12), not read further.
    fn read(&mut self, path: &Path, rel: &str) -> std::io::Result<ReadOutcome> {
        let file = std::fs::File::open(path)?;
        let size = file.metadata()?.len();
        if size > self.shared.max_file_size {
            return Ok(ReadOutcome::TooLarge(size));
        }
        if size as usize > RETAINED_BUFFER_CAPACITY && !self.holds_large_file_turn {
            self.shared.large_file.acquire();
            self.holds_large_file_turn = true;
        }
        self.buffer.clear();
        // Exactly the file's size (plus the byte that detects growth), so a big file does not
        // double the buffer while it is read.
        self.buffer.reserve(size as usize + 1);
        // Bounded even if the file grows while we read it.
        let mut reader = file.take(self.shared.max_file_size + 1);
        (&mut reader)
            .take(BINARY_SNIFF_LEN as u64)
            .read_to_end(&mut self.buffer)?;
        if looks_binary(&self.buffer) && classify(rel, &self.buffer, true).is_empty() {
            return Ok(ReadOutcome::Binary);
        }
        reader.read_to_end(&mut self.buffer)?;
        if self.buffer.len() as u64 > self.shared.max_file_size {
            return Ok(ReadOutcome::TooLarge(self.buffer.len() as u64));
        }
        Ok(ReadOutcome::Read)
    }
}

/// Runs the per-file checks on one file's bytes, from whatever source they came.
pub(crate) struct FileChecker {
    file_rules: Vec<&'static dyn Rule>,
    parse_errors_enabled: bool,
}

impl FileChecker {
    pub(crate) fn new(enabled: &[&'static dyn Rule], policy: &Policy) -> Self {
        FileChecker {
            file_rules: enabled
                .iter()
                .copied()
                .filter(|r| !r.kinds().is_empty())
                .collect(),
            parse_errors_enabled: policy.is_enabled(PARSE_ERROR.id),
        }
    }

    /// Rules over one file; a rule that panics loses its results for this file, and the file
    /// is named in `errors`.
    pub(crate) fn check(
        &self,
        path: String,
        bytes: &[u8],
        classification: &Classification,
        errors: &mut Vec<FileError>,
    ) -> FileResult {
        let kinds = classification.kinds;
        let file = SourceFile::new(&path, bytes, kinds);
        let mut findings = Vec::new();
        let mut facts = Facts::default();
        for rule in &self.file_rules {
            if !kinds.intersects(rule.kinds()) {
                continue;
            }
            let before = findings.len();
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                let mut emitter = FileEmitter::new(&file, &mut findings, &mut facts);
                rule.check_file(&file, &mut emitter);
            }));
            if outcome.is_err() {
                findings.truncate(before);
                errors.push(FileError {
                    path: path.clone(),
                    message: format!(
                        "internal error in rule {}; this file's results for it are missing",
                        rule.meta().id
                    ),
                });
            }
        }
        let parse_errors = file.take_parse_errors();
        if self.parse_errors_enabled {
            for error in parse_errors {
                let at = error.offset.unwrap_or(0).min(bytes.len());
                let mut emitter = FileEmitter::new(&file, &mut findings, &mut facts);
                let span = if error.offset.is_some() {
                    at..(at + 1).min(bytes.len())
                } else {
                    file.line_index().line_range(0, bytes)
                };
                emitter
                    .finding(&PARSE_ERROR, span)
                    .message(format!(
                        "{} could not be parsed: {}",
                        error.format, error.message
                    ))
                    .fingerprint_key(error.format)
                    .emit();
            }
        }
        let directives = if classification.has_suppressions {
            suppress::find_directives(&path, bytes)
        } else {
            Vec::new()
        };
        FileResult {
            size: bytes.len() as u64,
            path,
            kinds,
            findings,
            facts,
            directives,
        }
    }
}

enum ReadOutcome {
    Read,
    Binary,
    TooLarge(u64),
}

fn split_walk_error(error: &ignore::Error, base: &Path) -> (String, String) {
    match error {
        ignore::Error::WithPath { path, err } => (relative_path(base, path), err.to_string()),
        ignore::Error::WithDepth { err, .. } => split_walk_error(err, base),
        ignore::Error::WithLineNumber { err, .. } => split_walk_error(err, base),
        ignore::Error::Loop { child, ancestor } => (
            relative_path(base, child),
            format!(
                "symbolic link loop back to {}",
                relative_path(base, ancestor)
            ),
        ),
        ignore::Error::Io(e) => (".".into(), describe_io_error(e)),
        other => (".".into(), other.to_string()),
    }
}

pub(crate) fn human_size(n: u64) -> String {
    if n >= 1 << 30 {
        format!("{:.1} GiB", n as f64 / (1u64 << 30) as f64)
    } else if n >= 1 << 20 {
        format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64)
    } else if n >= 1 << 10 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else {
        format!("{n} B")
    }
}
