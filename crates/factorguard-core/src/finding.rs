//! Findings and the one builder every rule uses to make them.

use crate::model::{Cia, Confidence, Factor, Severity, Stride};
use crate::project::Facts;
use crate::rule::RuleMeta;
use crate::source::SourceFile;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::ops::Range;

/// A span in a file: 1-based lines and columns (Unicode scalar values), end column exclusive.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct Region {
    pub start_line: u32,
    pub start_column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

/// Where a finding is: a file, the narrowest span that shows the problem, and a logical
/// address (a resource, container, key or instruction) that survives edits.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct Location {
    /// Path relative to the scan root, `/`-separated.
    pub path: String,
    /// Absent when the finding is about something missing from the repository (no file to point at).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub region: Option<Region>,
    /// Logical address, e.g. `aws_db_instance.main` or `key DATABASE_URL`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub address: Option<String>,
}

/// Source lines around a finding, with secrets already masked, so renderers need no file access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Snippet {
    /// 1-based number of the first line in `lines`.
    pub first_line: u32,
    pub lines: Vec<String>,
    /// Characters cut from the start of each line (long lines are windowed around the span).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub column_offset: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Why a finding is not active.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SuppressionKind {
    /// A `factorguard:ignore[...]` comment in the source.
    Inline,
    /// The fingerprint is in the baseline file.
    Baseline,
    /// Disabled for this path by `factorguard.toml`.
    Config,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Suppression {
    pub kind: SuppressionKind,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reason: Option<String>,
    /// Expiry date, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub until: Option<String>,
    /// Where the suppression was written (`path:line` for inline ones, the file for others).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    pub rule_id: String,
    pub slug: String,
    pub title: String,
    pub severity: Severity,
    pub confidence: Confidence,
    pub factor: Factor,
    pub stride: Vec<Stride>,
    pub cia: Vec<Cia>,
    pub location: Location,
    pub message: String,
    pub remediation: String,
    /// Redacted evidence: never a whole secret.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub evidence: Option<String>,
    /// Stable across line moves: rule, path and logical address or normalised matched content.
    pub fingerprint: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub snippet: Option<Snippet>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub suppression: Option<Suppression>,
    /// For a secret: its hash (never the value) and where else the same secret is.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub secret: Option<SecretInfo>,
    /// For a finding in git history: the commit that introduced the content.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub commit: Option<CommitInfo>,
    /// Other places that lead to the finding, in order (the module calls above a Terraform
    /// resource).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub related: Vec<RelatedLocation>,
}

/// A place that explains how a finding comes about, such as a module call on the way to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RelatedLocation {
    /// Path relative to the scan root, `/`-separated.
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub region: Option<Region>,
    /// What this place is (`module.db`, called here).
    pub message: String,
}

/// Provenance of content found in git history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CommitInfo {
    /// Full commit id (hex).
    pub id: String,
    /// `Name <email>` of the commit's author.
    pub author: String,
    /// Author date, RFC 3339.
    pub date: String,
    /// The path the content had in that commit.
    pub path: String,
    /// Whether the content is still in the working tree at the scanned revision; `false` means it
    /// lives only in history (rotate, then rewrite history).
    pub in_head: bool,
}

/// Identifies a secret without revealing it, so one leaked value is one thing to rotate however
/// many places hold it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SecretInfo {
    /// SHA-256 of the secret's bytes, hex.
    pub sha256: String,
    /// Other places (`path:line`) where the scan found the same secret.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_found_in: Vec<String>,
}

impl Finding {
    /// The order reports use: path, then position, then rule.
    pub fn sort_key(&self) -> (&str, Option<Region>, &str, &str) {
        (
            &self.location.path,
            self.location.region,
            &self.rule_id,
            &self.fingerprint,
        )
    }
}

/// Fingerprint of a finding: a hash of the rule, the path and a key that does not depend on
/// line numbers (the logical address, or normalised matched content).
pub fn fingerprint(rule_id: &str, path: &str, key: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"factorguard-fp-v1\0");
    hasher.update(rule_id.as_bytes());
    hasher.update([0]);
    hasher.update(path.as_bytes());
    hasher.update([0]);
    hasher.update(key.as_bytes());
    hex::encode(&hasher.finalize()[..16])
}

/// Collapse runs of whitespace so re-indenting a line does not change its fingerprint.
pub fn normalise_content(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A short, safe rendering of a secret: its first few characters and its length.
pub fn redact_secret(secret: &str) -> String {
    let chars = secret.chars().count();
    let shown = if chars >= 16 {
        4
    } else if chars >= 8 {
        2
    } else {
        0
    };
    let prefix: String = secret.chars().take(shown).collect();
    format!("{prefix}… ({chars} chars)")
}

/// Collects one file's findings. Rules get one per file from the pipeline.
pub struct FileEmitter<'a> {
    file: &'a SourceFile<'a>,
    findings: &'a mut Vec<Finding>,
    facts: &'a mut Facts,
}

impl<'a> FileEmitter<'a> {
    pub fn new(
        file: &'a SourceFile<'a>,
        findings: &'a mut Vec<Finding>,
        facts: &'a mut Facts,
    ) -> Self {
        FileEmitter {
            file,
            findings,
            facts,
        }
    }

    /// Record a fact for project-level rules (e.g. a resource and where it is declared).
    pub fn publish<T: std::any::Any + Send + Sync>(&mut self, fact: T) {
        self.facts.publish(fact);
    }

    pub fn file(&self) -> &SourceFile<'a> {
        self.file
    }

    /// Start a finding of `rule` at the byte range `span` of the file.
    pub fn finding(
        &mut self,
        rule: &'static RuleMeta,
        span: Range<usize>,
    ) -> FindingBuilder<'_, 'a> {
        FindingBuilder {
            rule,
            emitter: self,
            span,
            message: None,
            address: None,
            fingerprint_key: None,
            evidence: None,
            remediation: None,
            severity: None,
            confidence: Confidence::High,
            redact: Vec::new(),
            secret: None,
        }
    }

    /// A finding about the whole file (the first line is the span), e.g. a committed key file.
    pub fn file_finding(&mut self, rule: &'static RuleMeta) -> FindingBuilder<'_, 'a> {
        let first_line = self.file.line_index().line_range(0, self.file.bytes);
        self.finding(rule, first_line)
    }
}

pub struct FindingBuilder<'e, 'a> {
    rule: &'static RuleMeta,
    emitter: &'e mut FileEmitter<'a>,
    span: Range<usize>,
    message: Option<String>,
    address: Option<String>,
    fingerprint_key: Option<String>,
    evidence: Option<String>,
    remediation: Option<String>,
    severity: Option<Severity>,
    confidence: Confidence,
    redact: Vec<Range<usize>>,
    secret: Option<String>,
}

impl FindingBuilder<'_, '_> {
    /// Mark the bytes `range` of the file as a secret: masked in the snippet, identified by its
    /// SHA-256 (which also keys the fingerprint, so it survives line moves), and shown in the
    /// evidence only as a short prefix and its length unless evidence is given.
    pub fn secret(mut self, range: Range<usize>) -> Self {
        let bytes = self.emitter.file.bytes;
        let start = range.start.min(bytes.len());
        let end = range.end.clamp(start, bytes.len());
        let value = &bytes[start..end];
        self.secret = Some(hex::encode(Sha256::digest(value)));
        if self.evidence.is_none() {
            self.evidence = Some(redact_secret(&String::from_utf8_lossy(value)));
        }
        self.redact.push(start..end);
        self
    }

    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    pub fn address(mut self, address: impl Into<String>) -> Self {
        self.address = Some(address.into());
        self
    }

    /// What identifies this finding beyond rule and path; defaults to the address, or the
    /// normalised text of the span.
    pub fn fingerprint_key(mut self, key: impl Into<String>) -> Self {
        self.fingerprint_key = Some(key.into());
        self
    }

    /// Evidence to show; the caller passes it through [`redact_secret`] when it is a secret.
    pub fn evidence(mut self, evidence: impl Into<String>) -> Self {
        self.evidence = Some(evidence.into());
        self
    }

    pub fn remediation(mut self, remediation: impl Into<String>) -> Self {
        self.remediation = Some(remediation.into());
        self
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = Some(severity);
        self
    }

    pub fn confidence(mut self, confidence: Confidence) -> Self {
        self.confidence = confidence;
        self
    }

    /// Mask these bytes in the snippet (a secret value on the flagged line).
    pub fn redact(mut self, range: Range<usize>) -> Self {
        self.redact.push(range);
        self
    }

    pub fn emit(self) {
        let file = self.emitter.file;
        let bytes = file.bytes;
        let start = self.span.start.min(bytes.len());
        let end = self.span.end.clamp(start, bytes.len());
        let index = file.line_index();
        let from = index.position(start, bytes);
        let to = index.position(end, bytes);
        let region = Region {
            start_line: from.line,
            start_column: from.column,
            end_line: to.line,
            end_column: to.column,
        };
        let key = match (self.fingerprint_key, &self.address) {
            (Some(key), _) => key,
            (None, _) if self.secret.is_some() => self.secret.clone().unwrap_or_default(),
            (None, Some(address)) => address.clone(),
            (None, None) => {
                let mut text = String::from_utf8_lossy(&bytes[start..end]).into_owned();
                for r in &self.redact {
                    // Redacted content still identifies the finding, but only through a hash.
                    if r.start >= start && r.end <= end {
                        text.push_str(&hex::encode(Sha256::digest(&bytes[r.clone()])));
                    }
                }
                normalise_content(&text)
            }
        };
        // A binary file (PKCS#12, say) has no lines worth showing.
        let snippet = file
            .is(crate::rule::DocKind::Text)
            .then(|| build_snippet(bytes, index, start, end, &self.redact));
        let rule = self.rule;
        let finding = Finding {
            rule_id: rule.id.to_string(),
            slug: rule.slug.to_string(),
            title: rule.title.to_string(),
            severity: self.severity.unwrap_or(rule.default_severity),
            confidence: self.confidence,
            factor: rule.factor,
            stride: rule.stride.to_vec(),
            cia: rule.cia.to_vec(),
            location: Location {
                path: file.path.to_string(),
                region: Some(region),
                address: self.address,
            },
            message: self.message.unwrap_or_else(|| rule.title.to_string()),
            remediation: self
                .remediation
                .unwrap_or_else(|| rule.remediation.to_string()),
            evidence: self.evidence,
            fingerprint: fingerprint(rule.id, file.path, &key),
            snippet,
            suppression: None,
            secret: self.secret.map(|sha256| SecretInfo {
                sha256,
                also_found_in: Vec::new(),
            }),
            commit: None,
            related: Vec::new(),
        };
        self.emitter.findings.push(finding);
    }
}

const SNIPPET_CONTEXT: usize = 1;
const SNIPPET_MAX_LINES: usize = 8;
const SNIPPET_MAX_LINE_CHARS: usize = 200;

fn build_snippet(
    bytes: &[u8],
    index: &crate::source::LineIndex,
    start: usize,
    end: usize,
    redact: &[Range<usize>],
) -> Snippet {
    let first = index.line_of(start).saturating_sub(SNIPPET_CONTEXT);
    let span_last = index.line_of(end.saturating_sub(1).max(start));
    let last = (span_last + SNIPPET_CONTEXT)
        .min(index.line_count() - 1)
        .min(first + SNIPPET_MAX_LINES - 1);
    let single_line = index.line_of(start) == span_last;
    let mut column_offset = 0usize;
    if single_line {
        let start_col = index.position(start, bytes).column as usize - 1;
        if start_col > SNIPPET_MAX_LINE_CHARS / 2 {
            column_offset = start_col - 40;
        }
    }
    let lines = (first..=last)
        .map(|line| {
            let range = index.line_range(line, bytes);
            let mut text = String::with_capacity(range.len());
            for (pos, ch) in String::from_utf8_lossy(&bytes[range.clone()]).char_indices() {
                let absolute = range.start + pos;
                let masked = redact
                    .iter()
                    .any(|r| r.start + 4 <= absolute && absolute < r.end);
                text.push(if masked {
                    '*'
                } else if ch == '\t' {
                    ' '
                } else if ch.is_control() {
                    '\u{FFFD}'
                } else {
                    ch
                });
            }
            text.chars()
                .skip(column_offset)
                .take(SNIPPET_MAX_LINE_CHARS)
                .collect()
        })
        .collect();
    Snippet {
        first_line: first as u32 + 1,
        lines,
        column_offset: column_offset as u32,
    }
}

/// Collects project-level findings; their locations come from facts recorded in the file phase.
pub struct ProjectEmitter<'a> {
    findings: &'a mut Vec<Finding>,
}

impl<'a> ProjectEmitter<'a> {
    pub fn new(findings: &'a mut Vec<Finding>) -> Self {
        ProjectEmitter { findings }
    }

    /// Start a finding of `rule` at `location`; the fingerprint uses the address (or the path
    /// alone) unless a key is given.
    pub fn finding(
        &mut self,
        rule: &'static RuleMeta,
        location: Location,
    ) -> ProjectFindingBuilder<'_, 'a> {
        ProjectFindingBuilder {
            rule,
            emitter: self,
            location,
            message: None,
            severity: None,
            evidence: None,
            snippet: None,
            fingerprint_key: None,
            related: Vec::new(),
        }
    }

    /// Shorthand for a finding with a message and an optional snippet.
    pub fn emit(
        &mut self,
        rule: &'static RuleMeta,
        location: Location,
        message: impl Into<String>,
        snippet: Option<Snippet>,
    ) {
        let mut builder = self.finding(rule, location).message(message);
        builder.snippet = snippet;
        builder.emit();
    }
}

pub struct ProjectFindingBuilder<'e, 'a> {
    rule: &'static RuleMeta,
    emitter: &'e mut ProjectEmitter<'a>,
    location: Location,
    message: Option<String>,
    severity: Option<Severity>,
    evidence: Option<String>,
    snippet: Option<Snippet>,
    fingerprint_key: Option<String>,
    related: Vec<RelatedLocation>,
}

impl ProjectFindingBuilder<'_, '_> {
    /// Places that lead to the finding, in order.
    pub fn related(mut self, related: Vec<RelatedLocation>) -> Self {
        self.related = related;
        self
    }

    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = Some(severity);
        self
    }

    /// Evidence to show; never a whole secret.
    pub fn evidence(mut self, evidence: impl Into<String>) -> Self {
        self.evidence = Some(evidence.into());
        self
    }

    /// Source lines to show, already redacted.
    pub fn snippet(mut self, snippet: Snippet) -> Self {
        self.snippet = Some(snippet);
        self
    }

    pub fn fingerprint_key(mut self, key: impl Into<String>) -> Self {
        self.fingerprint_key = Some(key.into());
        self
    }

    pub fn emit(self) {
        let rule = self.rule;
        let key = self
            .fingerprint_key
            .or_else(|| self.location.address.clone())
            .unwrap_or_default();
        self.emitter.findings.push(Finding {
            rule_id: rule.id.to_string(),
            slug: rule.slug.to_string(),
            title: rule.title.to_string(),
            severity: self.severity.unwrap_or(rule.default_severity),
            confidence: Confidence::High,
            factor: rule.factor,
            stride: rule.stride.to_vec(),
            cia: rule.cia.to_vec(),
            fingerprint: fingerprint(rule.id, &self.location.path, &key),
            location: self.location,
            message: self.message.unwrap_or_else(|| rule.title.to_string()),
            remediation: rule.remediation.to_string(),
            evidence: self.evidence,
            snippet: self.snippet,
            suppression: None,
            secret: None,
            commit: None,
            related: self.related,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cia, Factor, Severity, Stride};

    static RULE: RuleMeta = RuleMeta {
        id: "FG9999",
        slug: "test-rule",
        title: "test rule",
        factor: Factor::III,
        stride: &[Stride::InformationDisclosure],
        cia: &[Cia::Confidentiality],
        default_severity: Severity::High,
        remediation: "fix it",
        spec: "test",
        references: &[],
        doc: "",
    };

    fn findings_for(text: &str, needle: &str) -> Vec<Finding> {
        let file = SourceFile::new(
            "app/config.env",
            text.as_bytes(),
            [crate::rule::DocKind::Text].into_iter().collect(),
        );
        let mut out = Vec::new();
        let mut facts = Facts::default();
        let mut emitter = FileEmitter::new(&file, &mut out, &mut facts);
        let at = text.find(needle).unwrap();
        emitter.finding(&RULE, at..at + needle.len()).emit();
        out
    }

    #[test]
    fn fingerprint_survives_moving_the_finding_down_twenty_lines() {
        let original = "A=1\nSECRET_TOKEN=abc123\nB=2\n";
        let moved = format!(
            "A=1\n{}    SECRET_TOKEN=abc123\nB=2\n",
            "# padding\n".repeat(20)
        );
        let before = findings_for(original, "SECRET_TOKEN=abc123");
        let after = findings_for(&moved, "SECRET_TOKEN=abc123");
        assert_eq!(before[0].location.region.unwrap().start_line, 2);
        assert_eq!(after[0].location.region.unwrap().start_line, 22);
        assert_eq!(before[0].fingerprint, after[0].fingerprint);
    }

    #[test]
    fn fingerprint_depends_on_rule_path_and_content() {
        let a = fingerprint("FG1", "a", "k");
        assert_ne!(a, fingerprint("FG2", "a", "k"));
        assert_ne!(a, fingerprint("FG1", "b", "k"));
        assert_ne!(a, fingerprint("FG1", "a", "j"));
    }

    #[test]
    fn snippet_masks_redacted_bytes() {
        let text = "TOKEN=supersecretvalue123\n";
        let file = SourceFile::new(
            "x.env",
            text.as_bytes(),
            [crate::rule::DocKind::Text].into_iter().collect(),
        );
        let mut out = Vec::new();
        let mut facts = Facts::default();
        let mut emitter = FileEmitter::new(&file, &mut out, &mut facts);
        emitter.finding(&RULE, 0..25).redact(6..25).emit();
        let line = &out[0].snippet.as_ref().unwrap().lines[0];
        assert_eq!(line, "TOKEN=supe***************");
        assert!(!line.contains("supersecretvalue123"));
    }

    #[test]
    fn secrets_are_hashed_masked_and_fingerprinted_by_value() {
        let text = "token: ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\n";
        let file = SourceFile::new(
            "a.yml",
            text.as_bytes(),
            [crate::rule::DocKind::Text].into_iter().collect(),
        );
        let mut out = Vec::new();
        let mut facts = Facts::default();
        let mut emitter = FileEmitter::new(&file, &mut out, &mut facts);
        let at = text.find("ghp_").unwrap();
        emitter
            .finding(&RULE, at..at + 40)
            .secret(at..at + 40)
            .emit();
        let f = &out[0];
        let secret = f.secret.as_ref().unwrap();
        assert_eq!(secret.sha256.len(), 64);
        assert_eq!(f.evidence.as_deref(), Some("ghp_… (40 chars)"));
        assert!(!f.snippet.as_ref().unwrap().lines[0].contains("0123456789abcdef"));
        assert_eq!(
            f.fingerprint,
            fingerprint("FG9999", "a.yml", &secret.sha256)
        );
    }

    #[test]
    fn redact_secret_never_shows_the_whole_value() {
        assert_eq!(redact_secret("ghp_abcdefghijklmnop"), "ghp_… (20 chars)");
        assert_eq!(redact_secret("short"), "… (5 chars)");
    }
}
