//! Every secret detector in `all_detectors()`, generic and provider ones alike: metadata, keywords,
//! and its fixtures through the reference matcher, the engine and the real pipeline.

use factorguard_core::{Finding, REQUIRED_DOC_HEADINGS};
use factorguard_rules::secrets::detector::{compile, reference_matches, Detector};
use factorguard_rules::secrets::{all_detectors, scan, SecretsRule};
use factorguard_scan::testing::scan_dir;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack
        .to_ascii_lowercase()
        .contains(&needle.to_ascii_lowercase())
}

#[test]
fn ids_are_unique_fg2xxx_and_every_detector_is_documented() {
    let mut ids = BTreeSet::new();
    let mut slugs = BTreeSet::new();
    assert!(!all_detectors().is_empty());
    for d in all_detectors() {
        let id = d.meta.id;
        let digits = id.strip_prefix("FG2").unwrap_or("");
        assert!(
            digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()),
            "{id}: secret detectors are FG2xxx"
        );
        assert!(ids.insert(id), "duplicate id {id}");
        assert!(slugs.insert(d.meta.slug), "duplicate slug {}", d.meta.slug);
        assert!(!d.provider.is_empty(), "{id}: no provider");
        for heading in REQUIRED_DOC_HEADINGS {
            assert!(
                d.meta.doc_section(heading).is_some_and(|s| !s.is_empty()),
                "{id}: missing `{heading}`"
            );
        }
        assert!(!d.fires.is_empty(), "{id}: no `fires` fixture");
        assert!(!d.clean.is_empty(), "{id}: no `clean` fixture");
    }
}

#[test]
fn generic_detectors_have_two_fires_and_three_clean_fixtures() {
    let generic: Vec<&&Detector> = all_detectors()
        .iter()
        .filter(|d| d.provider == "generic")
        .collect();
    assert!(generic.len() >= 12, "{} generic detectors", generic.len());
    for d in generic {
        assert!(d.fires.len() >= 2, "{}: {} fires", d.meta.id, d.fires.len());
        assert!(d.clean.len() >= 3, "{}: {} clean", d.meta.id, d.clean.len());
        let number: u32 = d.meta.id[2..].parse().unwrap_or(0);
        assert!(
            (2001..=2029).contains(&number),
            "{}: generic ids are FG2001-FG2029",
            d.meta.id
        );
    }
}

#[test]
fn keywords_appear_in_every_fires_text() {
    for d in all_detectors() {
        assert!(!d.keywords.is_empty(), "{}: no keywords", d.meta.id);
        for k in d.keywords {
            assert!(
                k.len() >= 3,
                "{}: keyword `{k}` is too short to prefilter",
                d.meta.id
            );
        }
        for (i, text) in d.fires.iter().enumerate() {
            assert!(
                d.keywords.iter().any(|k| contains_ignore_case(text, k)),
                "{} fires[{i}]: none of {:?} appears",
                d.meta.id,
                d.keywords
            );
        }
    }
}

/// The one secret of each `fires` text, by the reference matcher.
fn reference_secret(d: &Detector, text: &str, i: usize) -> Range<usize> {
    let regex = compile(d);
    let found = reference_matches(d, &regex, text.as_bytes());
    assert_eq!(
        found.len(),
        1,
        "{} fires[{i}]: the reference matcher found {} secrets, want exactly 1",
        d.meta.id,
        found.len()
    );
    found[0].clone()
}

#[test]
fn fires_texts_yield_exactly_one_secret_by_reference_and_by_engine() {
    for d in all_detectors() {
        for (i, text) in d.fires.iter().enumerate() {
            let expected = reference_secret(d, text, i);
            let by_engine: Vec<Range<usize>> = scan(text.as_bytes())
                .into_iter()
                .filter(|m| m.detector.meta.id == d.meta.id)
                .map(|m| m.range)
                .collect();
            assert_eq!(
                by_engine,
                vec![expected],
                "{} fires[{i}]: the engine disagrees (all engine matches: {:?})",
                d.meta.id,
                scan(text.as_bytes())
            );
        }
    }
}

#[test]
fn clean_texts_yield_nothing_from_their_detector() {
    for d in all_detectors() {
        let regex = compile(d);
        for (i, text) in d.clean.iter().enumerate() {
            let reference = reference_matches(d, &regex, text.as_bytes());
            assert!(
                reference.is_empty(),
                "{} clean[{i}]: reference found {:?}",
                d.meta.id,
                reference
                    .iter()
                    .map(|r| &text[r.clone()])
                    .collect::<Vec<_>>()
            );
            let engine: Vec<_> = scan(text.as_bytes())
                .into_iter()
                .filter(|m| m.detector.meta.id == d.meta.id)
                .collect();
            assert!(
                engine.is_empty(),
                "{} clean[{i}]: engine found {engine:?}",
                d.meta.id
            );
        }
    }
}

/// A file name a text like this would really have, so the pipeline classifies it as it would
/// in a repository.
fn realistic_file_name(text: &str) -> &'static str {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') && trimmed.contains("\":") {
        "config.json"
    } else if text.contains("apiVersion:") || text.contains("containers:") {
        "deployment.yaml"
    } else if trimmed.starts_with("FROM ") {
        "Dockerfile"
    } else if text.contains("services:") {
        "docker-compose.yml"
    } else if trimmed.starts_with("#!") || text.contains("curl ") {
        "deploy.sh"
    } else if text.contains("resource \"") || text.contains("provider \"") {
        "main.tf"
    } else if text.contains("package ") && text.contains("func ") || text.contains(":= ") {
        "client.go"
    } else if text.contains("const ") || text.contains("export ") || text.contains("await ") {
        "client.ts"
    } else if text.contains("import ") || text.contains("def ") || text.contains(" = (") {
        "settings.py"
    } else if trimmed.starts_with('<') {
        "context.xml"
    } else if trimmed.starts_with('[') {
        "settings.ini"
    } else if text.contains(".properties") || text.contains("spring.") {
        "application.properties"
    } else if text
        .lines()
        .all(|l| l.is_empty() || l.starts_with('#') || l.contains('='))
    {
        "app.env"
    } else if text.contains(": ") {
        "config.yaml"
    } else {
        "notes.txt"
    }
}

fn assert_not_revealed(f: &Finding, secret: &str, what: &str) {
    // Multi-line secrets (key bodies) are checked line by line; PEM armour lines
    // (`-----BEGIN PRIVATE KEY-----`) are public framing, not secret material.
    for piece in secret
        .lines()
        .map(str::trim)
        .filter(|p| p.len() >= 12 && !p.starts_with("-----"))
    {
        let piece = piece.trim_matches(|c| c == '"' || c == '\'');
        assert!(
            !f.message.contains(piece),
            "{what}: message reveals the secret"
        );
        if let Some(evidence) = &f.evidence {
            assert!(
                !evidence.contains(piece),
                "{what}: evidence reveals the secret"
            );
        }
        if let Some(snippet) = &f.snippet {
            for line in &snippet.lines {
                assert!(
                    !line.contains(piece),
                    "{what}: snippet reveals the secret: {line}"
                );
            }
        }
    }
}

#[test]
fn the_pipeline_reports_each_fires_text_once_and_never_prints_the_secret() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut expected: BTreeMap<String, (&'static Detector, String)> = BTreeMap::new();
    let mut clean: BTreeMap<String, &'static Detector> = BTreeMap::new();
    for d in all_detectors() {
        for (i, text) in d.fires.iter().enumerate() {
            let rel = format!("{}/fires{i}/{}", d.meta.id, realistic_file_name(text));
            let path = dir.path().join(&rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
            let secret = text[reference_secret(d, text, i)].to_string();
            expected.insert(rel, (*d, secret));
        }
        for (i, text) in d.clean.iter().enumerate() {
            let rel = format!("{}/clean{i}/{}", d.meta.id, realistic_file_name(text));
            let path = dir.path().join(&rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
            clean.insert(rel, *d);
        }
    }
    let report = scan_dir(dir.path(), vec![&SecretsRule]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    for (path, (d, _)) in &expected {
        let here: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| &f.location.path == path && f.rule_id == d.meta.id)
            .collect();
        assert_eq!(
            here.len(),
            1,
            "{path}: {} findings of {}, want 1 (all here: {:?})",
            here.len(),
            d.meta.id,
            report
                .findings
                .iter()
                .filter(|f| &f.location.path == path)
                .map(|f| &f.rule_id)
                .collect::<Vec<_>>()
        );
        let f = here[0];
        assert!(f.secret.is_some(), "{path}: no secret hash");
        assert!(
            contains_ignore_case(&f.message, d.provider) || d.provider == "generic",
            "{path}: message does not name the provider: {}",
            f.message
        );
    }
    for (path, d) in &clean {
        let wrong: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| &f.location.path == path && f.rule_id == d.meta.id)
            .collect();
        assert!(
            wrong.is_empty(),
            "{path}: clean text reported: {:?}",
            wrong[0].message
        );
    }
    // No finding anywhere prints any planted secret.
    for f in &report.findings {
        for (_, secret) in expected.values() {
            assert_not_revealed(f, secret, &format!("{} at {}", f.rule_id, f.location.path));
        }
    }
}

#[test]
fn every_detector_registers_beside_every_other_rule() {
    // The registry panics on an id or slug that another rule already uses.
    let registry = factorguard_core::Registry::new(factorguard_rules::all_rules());
    for d in all_detectors() {
        assert!(registry.find(d.meta.id).is_some(), "{}", d.meta.id);
        assert!(registry.find(d.meta.slug).is_some(), "{}", d.meta.slug);
    }
}
