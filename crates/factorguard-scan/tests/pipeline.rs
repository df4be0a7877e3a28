//! The pipeline end to end with small test rules: bad input never stops the scan, results are
//! deterministic, files are read once per scan and parse failures become findings.

use factorguard_core::builtin;
use factorguard_core::policy::Policy;
use factorguard_core::{
    Cia, DocKind, Factor, FileEmitter, ParseError, ParsedDocument, ProjectEmitter, ProjectIndex,
    Registry, Report, Rule, RuleMeta, Severity, SourceFile, Stride,
};
use factorguard_scan::{scan, testing::scan_dir, ScanOptions};
use std::path::Path;

static PLANTED: RuleMeta = RuleMeta {
    id: "FG9001",
    slug: "test-planted-marker",
    title: "planted marker",
    factor: Factor::III,
    stride: &[Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::High,
    remediation: "remove the marker",
    spec: "test",
    references: &[],
    doc: "",
};

/// Flags every occurrence of `PLANTED` in a text file.
struct PlantedRule;
impl Rule for PlantedRule {
    fn meta(&self) -> &'static RuleMeta {
        &PLANTED
    }
    fn kinds(&self) -> &'static [DocKind] {
        &[DocKind::Text]
    }
    fn check_file(&self, file: &SourceFile<'_>, out: &mut FileEmitter<'_>) {
        for (at, _) in file
            .bytes
            .windows(7)
            .enumerate()
            .filter(|(_, w)| *w == b"PLANTED")
        {
            out.finding(&PLANTED, at..at + 7)
                .message("planted marker")
                .emit();
        }
    }
}

static NEEDS_JSON: RuleMeta = RuleMeta {
    id: "FG9002",
    slug: "test-json-object",
    title: "json parses",
    factor: Factor::III,
    stride: &[Stride::Tampering],
    cia: &[Cia::Integrity],
    default_severity: Severity::Low,
    remediation: "none",
    spec: "test",
    references: &[],
    doc: "",
};

struct StrictJson;
impl ParsedDocument for StrictJson {
    fn parse(file: &SourceFile<'_>) -> Result<Self, ParseError> {
        let text = file.text().ok_or(ParseError {
            format: "JSON",
            message: "not UTF-8".into(),
            offset: None,
        })?;
        match text.trim_start().starts_with('{') && text.trim_end().ends_with('}') {
            true => Ok(StrictJson),
            false => Err(ParseError {
                format: "JSON",
                message: "expected an object".into(),
                offset: Some(0),
            }),
        }
    }
}

/// Asks for the parsed document twice (as two rules would) and publishes a fact per file.
struct JsonRule;
impl Rule for JsonRule {
    fn meta(&self) -> &'static RuleMeta {
        &NEEDS_JSON
    }
    fn kinds(&self) -> &'static [DocKind] {
        &[DocKind::Json]
    }
    fn check_file(&self, file: &SourceFile<'_>, out: &mut FileEmitter<'_>) {
        let _ = file.parsed::<StrictJson>();
        if file.parsed::<StrictJson>().is_ok() {
            out.publish(JsonSeen(file.path.to_string()));
        }
    }
    fn check_project(&self, index: &ProjectIndex, out: &mut ProjectEmitter<'_>) {
        let seen: Vec<_> = index.facts::<JsonSeen>().map(|f| f.0.clone()).collect();
        if !seen.is_empty() {
            out.emit(
                &NEEDS_JSON,
                factorguard_core::Location {
                    path: seen[0].clone(),
                    region: None,
                    address: Some(seen.join(",")),
                },
                format!("{} JSON objects", seen.len()),
                None,
            );
        }
    }
}

struct JsonSeen(String);

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn rules() -> Vec<&'static dyn Rule> {
    vec![&PlantedRule, &JsonRule]
}

fn summary(report: &Report) -> Vec<(String, String, u32)> {
    report
        .findings
        .iter()
        .map(|f| {
            (
                f.rule_id.clone(),
                f.location.path.clone(),
                f.location.region.map_or(0, |r| r.start_line),
            )
        })
        .collect()
}

#[test]
fn bad_input_never_stops_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "good.txt", b"line\nPLANTED here\n");
    write(root, "latin1.txt", b"caf\xe9 PLANTED\n");
    write(root, "nul.bin", b"PLANTED\0\0\0binary");
    write(root, "empty.txt", b"");
    write(root, "bad.json", b"[1, 2");
    write(root, "ok.json", b"{\"a\": 1}");
    let mut deep = String::new();
    for i in 0..120 {
        deep.push_str(&format!("d{i}/"));
    }
    write(root, &format!("{deep}deep.txt"), b"PLANTED at depth\n");
    // A 2 GiB sparse file: skipped by size, named in the report, never read.
    let huge = std::fs::File::create(root.join("huge.log")).unwrap();
    huge.set_len(2 << 30).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root, root.join("loop")).unwrap();
        std::os::unix::fs::symlink(root.join("good.txt"), root.join("link.txt")).unwrap();
    }

    let report = scan_dir(root, rules());
    let found = summary(&report);
    assert!(
        found.contains(&("FG9001".into(), "good.txt".into(), 2)),
        "{found:?}"
    );
    assert!(
        found.contains(&("FG9001".into(), "latin1.txt".into(), 1)),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(_, p, _)| p.ends_with("deep.txt")),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(_, p, _)| p == "nul.bin"),
        "binary files are skipped"
    );
    assert!(
        found.contains(&("FG0001".into(), "bad.json".into(), 1)),
        "{found:?}"
    );
    let huge_error = report
        .errors
        .iter()
        .find(|e| e.path == "huge.log")
        .expect("huge file named");
    assert!(
        huge_error.message.contains("size limit"),
        "{}",
        huge_error.message
    );
    assert_eq!(
        report
            .stats
            .skipped
            .get(&factorguard_core::SkipReason::Binary),
        Some(&1)
    );
    #[cfg(unix)]
    assert_eq!(
        report
            .stats
            .skipped
            .get(&factorguard_core::SkipReason::Symlink),
        Some(&2)
    );
}

#[test]
fn parse_failures_are_reported_once_per_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.json", b"not json");
    let report = scan_dir(dir.path(), rules());
    let parse_errors: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule_id == builtin::PARSE_ERROR.id)
        .collect();
    assert_eq!(parse_errors.len(), 1);
    assert!(parse_errors[0]
        .message
        .contains("JSON could not be parsed: expected an object"));
    assert_eq!(parse_errors[0].severity, Severity::Info);
}

#[test]
fn project_rules_see_facts_in_path_order() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b.json", b"{}");
    write(dir.path(), "a.json", b"{}");
    write(dir.path(), "c/a.json", b"{}");
    let report = scan_dir(dir.path(), rules());
    let project = report
        .findings
        .iter()
        .find(|f| f.rule_id == "FG9002")
        .unwrap();
    assert_eq!(
        project.location.address.as_deref(),
        Some("a.json,b.json,c/a.json")
    );
}

#[test]
fn output_is_deterministic_across_thread_counts() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..200 {
        write(
            dir.path(),
            &format!("pkg{}/f{i}.txt", i % 7),
            format!("x\nPLANTED {i}\nPLANTED again\n").as_bytes(),
        );
    }
    let registry = Registry::new([builtin::pipeline_rules(), rules()].concat());
    let policy = Policy::all(&registry);
    let run = |jobs| {
        let mut options = ScanOptions::new(dir.path());
        options.jobs = jobs;
        let report = scan(&options, &registry, &policy, None).unwrap();
        report
            .findings
            .iter()
            .map(|f| (f.location.clone(), f.fingerprint.clone()))
            .collect::<Vec<_>>()
    };
    let one = run(1);
    assert_eq!(one.len(), 400);
    assert_eq!(one, run(2));
    assert_eq!(one, run(8));
    let mut fingerprints: Vec<_> = one.iter().map(|(_, fp)| fp.clone()).collect();
    fingerprints.sort();
    fingerprints.dedup();
    assert_eq!(
        fingerprints.len(),
        400,
        "every finding has its own fingerprint"
    );
}

#[test]
fn gitignored_vendored_and_excluded_paths_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, ".gitignore", b"ignored.txt\n");
    write(root, "ignored.txt", b"PLANTED\n");
    write(root, "node_modules/lib/index.js", b"PLANTED\n");
    write(root, ".git/config", b"PLANTED\n");
    write(root, "fixtures/a.txt", b"PLANTED\n");
    write(root, ".hidden/found.txt", b"PLANTED\n");
    let registry = Registry::new([builtin::pipeline_rules(), rules()].concat());
    let policy = Policy::all(&registry);
    let mut options = ScanOptions::new(root);
    options.exclude = vec!["fixtures/".into()];
    let report = scan(&options, &registry, &policy, None).unwrap();
    let paths: Vec<_> = report
        .findings
        .iter()
        .map(|f| f.location.path.as_str())
        .collect();
    assert_eq!(paths, vec![".hidden/found.txt"]);
    use factorguard_core::SkipReason::*;
    assert_eq!(report.stats.skipped.get(&Vendored), Some(&1));
    assert_eq!(report.stats.skipped.get(&Excluded), Some(&1));

    options.no_ignore = true;
    options.include_vendored = true;
    let report = scan(&options, &registry, &policy, None).unwrap();
    let paths: Vec<_> = report
        .findings
        .iter()
        .map(|f| f.location.path.as_str())
        .collect();
    assert_eq!(
        paths,
        vec![
            ".hidden/found.txt",
            "ignored.txt",
            "node_modules/lib/index.js"
        ]
    );
}

#[test]
fn a_missing_root_is_an_error_naming_it() {
    let registry = Registry::new(builtin::pipeline_rules());
    let policy = Policy::all(&registry);
    let err = scan(&ScanOptions::new("/no/such/dir"), &registry, &policy, None).unwrap_err();
    assert_eq!(err.to_string(), "/no/such/dir: no such file or directory");
}

#[test]
fn a_single_file_can_be_scanned() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "one.txt", b"PLANTED\n");
    let report = scan_dir(&dir.path().join("one.txt"), rules());
    assert_eq!(
        summary(&report),
        vec![("FG9001".into(), "one.txt".into(), 1)]
    );
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_reported_not_fatal() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "secret.txt", b"PLANTED\n");
    write(dir.path(), "other.txt", b"PLANTED\n");
    let locked = dir.path().join("secret.txt");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable_anyway = std::fs::read(&locked).is_ok(); // root reads everything
    let report = scan_dir(dir.path(), rules());
    assert!(summary(&report).contains(&("FG9001".into(), "other.txt".into(), 1)));
    if readable_anyway {
        eprintln!("running as root: permission bits do not stop reads, checked only that the scan goes on");
    } else {
        let error = report
            .errors
            .iter()
            .find(|e| e.path == "secret.txt")
            .expect("named");
        assert!(
            error.message.contains("permission denied"),
            "{}",
            error.message
        );
    }
}

static WORD_A: RuleMeta = RuleMeta {
    id: "FG9003",
    slug: "test-word-alpha",
    title: "alpha",
    factor: Factor::III,
    stride: &[Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::High,
    remediation: "r",
    spec: "test",
    references: &[],
    doc: "",
};
static WORD_B: RuleMeta = RuleMeta {
    id: "FG9004",
    slug: "test-word-beta",
    ..WORD_A
};
static ALSO: [&RuleMeta; 1] = [&WORD_B];

/// One pass, two rule ids: the way the secrets engine reports each detector as its own rule.
struct WordEngine;
impl Rule for WordEngine {
    fn meta(&self) -> &'static RuleMeta {
        &WORD_A
    }
    fn also_reports(&self) -> &'static [&'static RuleMeta] {
        &ALSO
    }
    fn kinds(&self) -> &'static [DocKind] {
        &[DocKind::Text]
    }
    fn check_file(&self, file: &SourceFile<'_>, out: &mut FileEmitter<'_>) {
        for (word, meta) in [(&b"alpha"[..], &WORD_A), (&b"beta"[..], &WORD_B)] {
            if let Some(at) = file.bytes.windows(word.len()).position(|w| w == word) {
                out.finding(meta, at..at + word.len()).emit();
            }
        }
    }
}

#[test]
fn one_check_can_report_under_several_ids_each_selectable() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "words.txt", b"alpha\nbeta\n");
    let registry =
        Registry::new([builtin::pipeline_rules(), vec![&WordEngine as &dyn Rule]].concat());
    assert!(
        registry.find("test-word-beta").is_some(),
        "every id is a rule of its own"
    );
    let run = |select: &str| {
        let loaded = factorguard_core::config::LoadedConfig::default_config();
        let cli = factorguard_core::policy::CommandLinePolicy {
            select: Some(registry.resolve(select).unwrap()),
            ..Default::default()
        };
        let policy = Policy::compile(&loaded, &registry, &cli).unwrap();
        let report = scan(&ScanOptions::new(dir.path()), &registry, &policy, None).unwrap();
        report
            .findings
            .iter()
            .map(|f| f.rule_id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(run("FG9004"), vec!["FG9004"]);
    assert_eq!(run("FG9003"), vec!["FG9003"]);
    assert_eq!(run("FG900"), vec!["FG9003", "FG9004"]);
}

#[test]
fn utf16_text_is_scanned_with_its_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "first\r\nsecond PLANTED\r\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    write(dir.path(), "script.ps1", &utf16);
    let report = scan_dir(dir.path(), rules());
    assert_eq!(
        summary(&report),
        vec![("FG9001".into(), "script.ps1".into(), 2)]
    );
    assert!(report.stats.skipped.is_empty());
}
