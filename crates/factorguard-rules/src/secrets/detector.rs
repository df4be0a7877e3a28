//! The format every secret detector is written in, and a plain reference matcher.
//!
//! A detector is data: metadata (its own rule id, docs with how to rotate), the literals that must
//! appear near every match (the engine's prefilter), a regex whose `secret` group is the secret,
//! an optional offline validator (checksums, structure) and an entropy floor. `fires` and `clean`
//! are its fixtures: fake values in realistic context, written by us, that must and must not be
//! reported. The reference matcher here is deliberately simple (regex over the whole text); the
//! fast engine must agree with it on every fixture.

use factorguard_core::RuleMeta;
use regex::bytes::{Regex, RegexBuilder};
use std::ops::Range;

pub struct Detector {
    pub meta: RuleMeta,
    /// The provider whose credential this is (`GitHub`, `AWS`, ... or `generic`).
    pub provider: &'static str,
    /// Literals (ASCII, matched case-insensitively) of which at least one appears within the
    /// match or on its line. Choose distinctive ones (`ghp_`, `xoxb-`, `AKIA`), never bare `key`.
    pub keywords: &'static [&'static str],
    /// A Rust `regex` (bytes mode) run only near a keyword hit. The named group `secret` is the
    /// secret; without it, the whole match is.
    pub pattern: &'static str,
    /// Offline validation of the secret's bytes (a checksum, a decodable structure).
    pub validate: Option<fn(&[u8]) -> bool>,
    /// Minimum Shannon entropy of the secret in bits per character (0.0: no floor).
    pub min_entropy: f32,
    /// Texts each holding exactly one fake secret this detector must report.
    pub fires: &'static [&'static str],
    /// Look-alikes this detector must not report.
    pub clean: &'static [&'static str],
}

/// Declare a detector. The rule docs are assembled from `what`, `rotate`, `example` and `fixed`,
/// so every detector's page has the same shape; `rotate` says how to revoke and replace it.
#[macro_export]
macro_rules! detector {
    (
        id: $id:literal,
        slug: $slug:literal,
        title: $title:literal,
        provider: $provider:literal,
        severity: $severity:ident,
        keywords: [$($keyword:literal),+ $(,)?],
        pattern: $pattern:literal,
        validate: $validate:expr,
        min_entropy: $entropy:literal,
        what: $what:literal,
        rotate: $rotate:literal,
        example: $example:literal,
        fixed: $fixed:literal,
        fires: [$($fires:literal),+ $(,)?],
        clean: [$($clean:literal),* $(,)?] $(,)?
    ) => {
        $crate::secrets::detector::Detector {
            meta: factorguard_core::RuleMeta {
                id: $id,
                slug: $slug,
                title: $title,
                factor: factorguard_core::Factor::III,
                stride: &[
                    factorguard_core::Stride::Spoofing,
                    factorguard_core::Stride::InformationDisclosure,
                    factorguard_core::Stride::ElevationOfPrivilege,
                ],
                cia: &[factorguard_core::Cia::Confidentiality],
                default_severity: factorguard_core::Severity::$severity,
                remediation: concat!(
                    "Revoke and rotate this ", $provider,
                    " credential, remove it from the code, and load it from the environment or a secret store."
                ),
                spec: "III. Config — hard-coded secrets (known credential formats)",
                references: &[
                    "CWE-798: Use of Hard-coded Credentials",
                    "https://cwe.mitre.org/data/definitions/798.html",
                ],
                doc: concat!(
                    "## What it does\nFinds ", $what, ".\n\n",
                    "## Why is this bad?\nA credential in the repository is readable by everyone who can read \
                     the code, its forks, its CI logs and every clone, forever: removing it in a later commit \
                     leaves it in git history. Whoever holds it can act as its owner.\n\n",
                    "## How to fix\n", $rotate,
                    "\n\nThen remove it from the code and read it at run time from the environment or a \
                     secret store. If it was ever pushed, rewriting history does not un-leak it: rotate first.\n\n",
                    "## Example\n```\n", $example, "\n```\nUse instead:\n```\n", $fixed, "\n```\n"
                ),
            },
            provider: $provider,
            keywords: &[$($keyword),+],
            pattern: $pattern,
            validate: $validate,
            min_entropy: $entropy,
            fires: &[$($fires),+],
            clean: &[$($clean),*],
        }
    };
}

/// Shannon entropy in bits per character.
pub fn shannon_entropy(bytes: &[u8]) -> f32 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for b in bytes {
        counts[*b as usize] += 1;
    }
    let len = bytes.len() as f32;
    counts
        .iter()
        .filter(|c| **c > 0)
        .map(|c| {
            let p = *c as f32 / len;
            -p * p.log2()
        })
        .sum()
}

/// A secret value that is a stand-in rather than a credential: `xxxx`, `<token>`, `${VAR}`,
/// `{{ .Values.x }}`, `changeme`, documented sample keys (`...EXAMPLE...`), a run of one character.
pub fn is_placeholder_secret(secret: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(secret) else {
        return false;
    };
    if crate::values::is_placeholder(text) {
        return true;
    }
    let upper = text.to_ascii_uppercase();
    if upper.contains("EXAMPLE") || upper.contains("XXXXXX") || upper.contains("PLACEHOLDER") {
        return true;
    }
    if text.contains("${") || text.contains("{{") || text.contains("%(") {
        return true;
    }
    // `abcdefgh...` / `12345678...` sequences and long runs of one character.
    let bytes = text.as_bytes();
    let ascending = bytes.windows(2).filter(|w| w[1] == w[0] + 1).count();
    if bytes.len() >= 8 && ascending * 10 >= bytes.len() * 7 {
        return true;
    }
    let mut longest_run = 1;
    let mut run = 1;
    for w in bytes.windows(2) {
        run = if w[0] == w[1] { run + 1 } else { 1 };
        longest_run = longest_run.max(run);
    }
    longest_run >= 8
}

/// The detector's regex, compiled (panics on a bad pattern: a programming error every test catches).
///
/// Unicode is off: credentials are ASCII, so `\w`, `\s`, `\b` and case-insensitivity mean
/// their ASCII forms. Unicode classes made the 29 patterns that used them 16.5 MiB of the
/// 20.4 MiB all detectors took compiled; ASCII-only they are a fraction of that.
pub fn compile(detector: &Detector) -> Regex {
    RegexBuilder::new(detector.pattern)
        .unicode(false)
        .build()
        .unwrap_or_else(|e| panic!("{}: bad pattern: {e}", detector.meta.id))
}

/// Whether the candidate `secret` passes the detector's filters.
pub fn accept(detector: &Detector, secret: &[u8]) -> bool {
    !secret.is_empty()
        && !is_placeholder_secret(secret)
        && shannon_entropy(secret) >= detector.min_entropy
        && detector.validate.is_none_or(|validate| validate(secret))
}

/// Reference matcher: every accepted secret of `detector` in `text` (byte ranges of the secret).
/// Slow and obviously correct; the engine is checked against it.
pub fn reference_matches(detector: &Detector, regex: &Regex, text: &[u8]) -> Vec<Range<usize>> {
    let lower = text.to_ascii_lowercase();
    let has_keyword = detector
        .keywords
        .iter()
        .any(|k| memchr::memmem::find(&lower, k.to_ascii_lowercase().as_bytes()).is_some());
    if !has_keyword {
        return Vec::new();
    }
    regex
        .captures_iter(text)
        .filter_map(|caps| {
            let m = caps.name("secret").or_else(|| caps.get(0))?;
            accept(detector, m.as_bytes()).then(|| m.range())
        })
        .collect()
}
