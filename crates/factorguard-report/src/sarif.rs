//! SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.
//!
//! The SARIF objects are small serde structs holding only what factorguard emits, in the order
//! the specification lists them; a test validates the output against the official schema.

use crate::json::to_pretty_json;
use crate::text::{also_found_in_note, commit_note};
use factorguard_core::{
    Cia, Factor, FileError, Finding, Region, Report, RuleMeta, Severity, Stride, SuppressionKind,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// The `$schema` of every log: the OASIS schema the tests validate against.
pub const SARIF_SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The `partialFingerprints` key carrying a finding's fingerprint. Bump the suffix only if the
/// fingerprint's meaning changes: code scanning matches alerts across runs by it.
pub const SARIF_FINGERPRINT_KEY: &str = "factorguard/v1";

const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct SarifLog {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    invocations: Vec<Invocation>,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: String,
    version: String,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: String,
    name: String,
    short_description: Message,
    full_description: Message,
    help: Help,
    default_configuration: ReportingConfiguration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct ReportingConfiguration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    factor: &'static str,
    stride: Vec<&'static str>,
    cia: Vec<&'static str>,
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Message,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
    properties: ResultProperties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    physical_location: Option<PhysicalLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
}

/// A place that leads to the result (a module call), linked from the message by its id.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation {
    id: usize,
    physical_location: PhysicalLocation,
    message: Message,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<SarifRegion>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRegion {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    fully_qualified_name: String,
}

#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<String>,
    #[serde(skip_serializing_if = "SuppressionProperties::is_empty")]
    properties: SuppressionProperties,
}

#[derive(Serialize)]
struct SuppressionProperties {
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<String>,
}

impl SuppressionProperties {
    fn is_empty(&self) -> bool {
        self.source.is_none() && self.until.is_none()
    }
}

#[derive(Serialize)]
struct ResultProperties {
    severity: Severity,
    confidence: factorguard_core::Confidence,
    factor: &'static str,
    stride: Vec<&'static str>,
    cia: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<String>,
    /// SHA-256 of a secret (never the value), to group one secret's results.
    #[serde(rename = "secretSha256", skip_serializing_if = "Option::is_none")]
    secret_sha256: Option<String>,
    #[serde(rename = "alsoFoundIn", skip_serializing_if = "Vec::is_empty")]
    also_found_in: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commit: Option<CommitProperties>,
}

/// The commit that introduced a finding found in git history.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CommitProperties {
    id: String,
    author: String,
    date: String,
    path: String,
    in_head: bool,
}

/// Render the report as a SARIF 2.1.0 log with one run. `rules` become the driver's rules (one
/// reporting descriptor each, in the order given); a finding whose rule is not among them gets
/// a descriptor made from the finding, so every result still names a rule.
pub fn render_sarif(report: &Report, rules: &[&'static RuleMeta]) -> String {
    let mut descriptors: Vec<ReportingDescriptor> =
        rules.iter().map(|rule| rule_descriptor(rule)).collect();
    let mut rule_index: BTreeMap<String, usize> = BTreeMap::new();
    for (index, rule) in rules.iter().enumerate() {
        rule_index.entry(rule.id.to_string()).or_insert(index);
    }
    for finding in report.findings.iter().chain(&report.suppressed) {
        if !rule_index.contains_key(&finding.rule_id) {
            rule_index.insert(finding.rule_id.clone(), descriptors.len());
            descriptors.push(descriptor_from_finding(finding));
        }
    }

    let active = report.findings.iter().map(|f| (f, false));
    let suppressed = report.suppressed.iter().map(|f| (f, true));
    let results = active
        .chain(suppressed)
        .map(|(finding, is_suppressed)| {
            let index = rule_index.get(&finding.rule_id).copied().unwrap_or(0);
            result(finding, index, is_suppressed)
        })
        .collect();

    let log = SarifLog {
        schema: SARIF_SCHEMA_URI,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: report.tool.name.clone(),
                    version: report.tool.version.clone(),
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules: descriptors,
                },
            },
            invocations: vec![Invocation {
                // Per-file errors do not fail the run: the scan went on without those files.
                execution_successful: true,
                tool_execution_notifications: report.errors.iter().map(notification).collect(),
            }],
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    to_pretty_json(&log)
}

fn rule_descriptor(rule: &'static RuleMeta) -> ReportingDescriptor {
    let full_description = rule
        .doc_section("## What it does")
        .filter(|section| !section.is_empty())
        .unwrap_or(rule.title);
    let help = if rule.doc.trim().is_empty() {
        rule.remediation
    } else {
        rule.doc
    };
    let mut tags = classification_tags(rule.factor, rule.stride);
    tags.extend(cwe_tags(rule.references));
    ReportingDescriptor {
        id: rule.id.to_string(),
        name: pascal_case(rule.slug),
        short_description: Message {
            text: rule.title.to_string(),
        },
        full_description: Message {
            text: full_description.to_string(),
        },
        help: Help {
            text: help.to_string(),
            markdown: help.to_string(),
        },
        default_configuration: ReportingConfiguration {
            level: level(rule.default_severity),
        },
        properties: RuleProperties {
            tags,
            factor: rule.factor.numeral(),
            stride: rule.stride.iter().map(|s| s.as_str()).collect(),
            cia: rule.cia.iter().map(|c| c.as_str()).collect(),
            security_severity: security_severity(rule.default_severity),
        },
    }
}

/// A descriptor for a rule the caller did not pass, built from what the finding carries.
fn descriptor_from_finding(finding: &Finding) -> ReportingDescriptor {
    ReportingDescriptor {
        id: finding.rule_id.clone(),
        name: pascal_case(&finding.slug),
        short_description: Message {
            text: finding.title.clone(),
        },
        full_description: Message {
            text: finding.title.clone(),
        },
        help: Help {
            text: finding.remediation.clone(),
            markdown: finding.remediation.clone(),
        },
        default_configuration: ReportingConfiguration {
            level: level(finding.severity),
        },
        properties: RuleProperties {
            tags: classification_tags(finding.factor, &finding.stride),
            factor: finding.factor.numeral(),
            stride: stride_names(&finding.stride),
            cia: cia_names(&finding.cia),
            security_severity: security_severity(finding.severity),
        },
    }
}

fn result(finding: &Finding, rule_index: usize, is_suppressed: bool) -> SarifResult {
    let location = &finding.location;
    let physical_location = (!location.path.is_empty()).then(|| PhysicalLocation {
        artifact_location: artifact(&location.path),
        region: location.region.map(sarif_region),
    });
    let logical_locations = location
        .address
        .iter()
        .map(|address| LogicalLocation {
            fully_qualified_name: address.clone(),
        })
        .collect::<Vec<_>>();
    let locations = if physical_location.is_none() && logical_locations.is_empty() {
        Vec::new()
    } else {
        vec![Location {
            physical_location,
            logical_locations,
        }]
    };
    SarifResult {
        rule_id: finding.rule_id.clone(),
        rule_index,
        level: level(finding.severity),
        message: Message {
            text: message_with_notes(finding),
        },
        locations,
        related_locations: finding
            .related
            .iter()
            .enumerate()
            .map(|(i, related)| RelatedLocation {
                id: i + 1,
                physical_location: PhysicalLocation {
                    artifact_location: artifact(&related.path),
                    region: related.region.map(sarif_region),
                },
                message: Message {
                    text: related.message.clone(),
                },
            })
            .collect(),
        partial_fingerprints: BTreeMap::from([(
            SARIF_FINGERPRINT_KEY,
            finding.fingerprint.clone(),
        )]),
        suppressions: if is_suppressed {
            vec![suppression(finding)]
        } else {
            Vec::new()
        },
        properties: ResultProperties {
            severity: finding.severity,
            confidence: finding.confidence,
            factor: finding.factor.numeral(),
            stride: stride_names(&finding.stride),
            cia: cia_names(&finding.cia),
            evidence: finding.evidence.clone(),
            secret_sha256: finding.secret.as_ref().map(|s| s.sha256.clone()),
            also_found_in: finding
                .secret
                .as_ref()
                .map(|s| s.also_found_in.clone())
                .unwrap_or_default(),
            commit: finding.commit.as_ref().map(|c| CommitProperties {
                id: c.id.clone(),
                author: c.author.clone(),
                date: c.date.clone(),
                path: c.path.clone(),
                in_head: c.in_head,
            }),
        },
    }
}

/// The message, then the places that lead to it (linked to its related locations), where else
/// the secret is and the commit that introduced it, as sentences.
fn message_with_notes(finding: &Finding) -> String {
    let mut text = finding.message.clone();
    for note in [
        via_links(finding),
        also_found_in_note(finding),
        commit_note(finding),
    ]
    .into_iter()
    .flatten()
    {
        text.push_str(". ");
        let mut chars = note.chars();
        if let Some(first) = chars.next() {
            text.extend(first.to_uppercase());
            text.push_str(chars.as_str());
        }
    }
    text
}

/// `via [module.app](1) → [module.app.module.db](2)`: SARIF's embedded links to the result's
/// related locations, brackets in the link text escaped.
fn via_links(finding: &Finding) -> Option<String> {
    if finding.related.is_empty() {
        return None;
    }
    let links: Vec<String> = finding
        .related
        .iter()
        .enumerate()
        .map(|(i, related)| {
            let text = related.message.replace('[', "\\[").replace(']', "\\]");
            format!("[{text}]({})", i + 1)
        })
        .collect();
    Some(format!("via {}", links.join(" → ")))
}

/// Suppressed findings carry why; a suppressed finding that lost its record (hand-made input)
/// is still marked suppressed, as an external decision.
fn suppression(finding: &Finding) -> Suppression {
    let Some(record) = &finding.suppression else {
        return Suppression {
            kind: "external",
            status: "accepted",
            justification: None,
            properties: SuppressionProperties {
                source: None,
                until: None,
            },
        };
    };
    let kind = match record.kind {
        SuppressionKind::Inline => "inSource",
        SuppressionKind::Baseline | SuppressionKind::Config => "external",
    };
    let justification = match (&record.reason, &record.until) {
        (Some(reason), Some(until)) => Some(format!("{reason} (until {until})")),
        (Some(reason), None) => Some(reason.clone()),
        (None, Some(until)) => Some(format!("until {until}")),
        (None, None) => None,
    };
    Suppression {
        kind,
        status: "accepted",
        justification,
        properties: SuppressionProperties {
            source: record.source.clone(),
            until: record.until.clone(),
        },
    }
}

fn notification(error: &FileError) -> Notification {
    let locations = if error.path.is_empty() {
        Vec::new()
    } else {
        vec![Location {
            physical_location: Some(PhysicalLocation {
                artifact_location: artifact(&error.path),
                region: None,
            }),
            logical_locations: Vec::new(),
        }]
    };
    Notification {
        level: "error",
        message: Message {
            text: format!("{}: {}", error.path, error.message),
        },
        locations,
    }
}

fn artifact(path: &str) -> ArtifactLocation {
    ArtifactLocation {
        uri: path_to_uri_reference(path),
        uri_base_id: SRCROOT,
    }
}

/// SARIF regions are 1-based with start before end; hand-made reports may break that, so clamp
/// rather than emit a log that consumers reject.
fn sarif_region(region: Region) -> SarifRegion {
    let start_line = region.start_line.max(1);
    let start_column = region.start_column.max(1);
    let end_line = region.end_line.max(start_line);
    let end_column = if end_line == start_line {
        region.end_column.max(start_column)
    } else {
        region.end_column.max(1)
    };
    SarifRegion {
        start_line,
        start_column,
        end_line,
        end_column,
    }
}

/// A relative path as a URI reference: RFC 3986 unreserved characters, `/` and the sub-delims
/// stay; everything else (spaces, `%`, `#`, `?`, `:`, non-ASCII) is percent-encoded as UTF-8.
/// `:` is encoded so that `c:/x` cannot be read as a scheme.
fn path_to_uri_reference(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'/'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
            );
        if keep {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

/// critical/high → error, medium → warning, low/info → note.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub code scanning maps this score to its own critical/high/medium/low bands.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

fn classification_tags(factor: Factor, stride: &[Stride]) -> Vec<String> {
    let mut tags = vec![
        "security".to_string(),
        format!("factor-{}", factor.numeral()),
    ];
    tags.extend(stride.iter().map(|s| s.as_str().to_string()));
    tags
}

/// `external/cwe/cwe-798` for each CWE a rule cites (as `CWE-798 ...` or a cwe.mitre.org link),
/// the tag form code scanning shows as a CWE.
fn cwe_tags(references: &[&str]) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for reference in references {
        let lower = reference.to_ascii_lowercase();
        let number = if let Some(at) = lower.find("cwe-") {
            leading_digits(&lower[at + 4..])
        } else if let Some(at) = lower.find("cwe.mitre.org/data/definitions/") {
            leading_digits(&lower[at + "cwe.mitre.org/data/definitions/".len()..])
        } else {
            ""
        };
        if !number.is_empty() {
            let tag = format!("external/cwe/cwe-{number}");
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    tags
}

fn leading_digits(text: &str) -> &str {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    &text[..end]
}

fn stride_names(stride: &[Stride]) -> Vec<&'static str> {
    stride.iter().map(|s| s.as_str()).collect()
}

fn cia_names(cia: &[Cia]) -> Vec<&'static str> {
    cia.iter().map(|c| c.as_str()).collect()
}

/// `private-key-file` → `PrivateKeyFile`, the naming SARIF suggests for rule names.
fn pascal_case(slug: &str) -> String {
    slug.split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_results_carry_their_hash_other_places_and_commit() {
        let report = crate::text::tests::report_with_history_secret();
        let sarif: serde_json::Value =
            serde_json::from_str(&render_sarif(&report, &[])).expect("valid JSON");
        let result = &sarif["runs"][0]["results"][0];
        let text = result["message"]["text"].as_str().unwrap_or_default();
        assert!(
            text.contains(". Also found in 7 other places: svc1/.env:1"),
            "{text}"
        );
        assert!(
            text.contains(". Introduced in commit 1a2b3c4d5e6f"),
            "{text}"
        );
        assert!(text.contains("only in history"), "{text}");
        let props = &result["properties"];
        assert_eq!(props["secretSha256"], "ab".repeat(32));
        assert_eq!(props["alsoFoundIn"].as_array().map(Vec::len), Some(7));
        assert_eq!(props["commit"]["inHead"], false);
        assert_eq!(props["commit"]["path"], "compose.yml");
    }

    #[test]
    fn slugs_become_pascal_case() {
        assert_eq!(pascal_case("private-key-file"), "PrivateKeyFile");
        assert_eq!(pascal_case("x"), "X");
        assert_eq!(pascal_case("--"), "");
    }

    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(path_to_uri_reference("a b/c#d.env"), "a%20b/c%23d.env");
        assert_eq!(path_to_uri_reference("c:/ü"), "c%3A/%C3%BC");
        assert_eq!(path_to_uri_reference("50%.txt"), "50%25.txt");
    }

    #[test]
    fn cwe_references_become_tags() {
        assert_eq!(
            cwe_tags(&[
                "CWE-798: Use of Hard-coded Credentials",
                "https://cwe.mitre.org/data/definitions/312.html",
                "cwe-798",
                "https://12factor.net/config",
            ]),
            vec!["external/cwe/cwe-798", "external/cwe/cwe-312"]
        );
    }

    #[test]
    fn regions_are_clamped_to_valid_sarif() {
        let clamped = sarif_region(Region {
            start_line: 0,
            start_column: 0,
            end_line: 0,
            end_column: 0,
        });
        assert_eq!(
            (
                clamped.start_line,
                clamped.start_column,
                clamped.end_line,
                clamped.end_column
            ),
            (1, 1, 1, 1)
        );
    }
}
