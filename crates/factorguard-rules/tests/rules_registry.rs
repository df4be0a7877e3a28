//! The registry: every rule's metadata is well-formed and documented.

use factorguard_core::{Registry, REQUIRED_DOC_HEADINGS};
use factorguard_rules::all_rules;
use std::collections::BTreeSet;

#[test]
fn ids_and_slugs_are_unique_and_well_formed() {
    let rules = all_rules();
    let mut ids = BTreeSet::new();
    let mut slugs = BTreeSet::new();
    for rule in &rules {
        let meta = rule.meta();
        let digits = meta.id.strip_prefix("FG").unwrap_or("");
        assert!(
            digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()),
            "{}: ids are FG + 4 digits",
            meta.id
        );
        assert!(
            !meta.slug.is_empty()
                && !meta.slug.starts_with('-')
                && !meta.slug.ends_with('-')
                && !meta.slug.contains("--")
                && meta
                    .slug
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{}: slug `{}` is not kebab-case",
            meta.id,
            meta.slug
        );
        assert!(ids.insert(meta.id), "duplicate id {}", meta.id);
        assert!(slugs.insert(meta.slug), "duplicate slug {}", meta.slug);
    }
    // The registry agrees (it panics on duplicates).
    let registry = Registry::new(rules);
    assert!(registry.find("private-key-file").is_some());
    assert!(
        registry.find("FG0001").is_some(),
        "pipeline rules are registered"
    );
}

#[test]
fn every_rule_is_documented() {
    for rule in all_rules() {
        let meta = rule.meta();
        for heading in REQUIRED_DOC_HEADINGS {
            let section = meta.doc_section(heading);
            assert!(
                section.is_some_and(|s| !s.is_empty()),
                "{} lacks a non-empty `{heading}` section",
                meta.id
            );
        }
        assert!(
            !meta.title.is_empty() && !meta.spec.is_empty(),
            "{}",
            meta.id
        );
        assert!(
            !meta.remediation.is_empty() && !meta.remediation.contains('\n'),
            "{}: remediation is one line",
            meta.id
        );
        if meta.id.starts_with("FG1") {
            assert!(
                meta.references.iter().any(|r| r.contains("cwe.mitre.org")),
                "{} cites a CWE",
                meta.id
            );
        }
    }
}
