//! Suppression, all in one place after the rules: per-path config, inline
//! `factorguard:ignore[...]` comments and the baseline. Suppressed findings are kept, marked with
//! why; unaccountable suppressions (no reason, expired, matching nothing) are findings themselves.

use crate::builtin::{SUPPRESSION_EXPIRED, SUPPRESSION_UNUSED, SUPPRESSION_WITHOUT_REASON};
use crate::finding::{
    fingerprint, normalise_content, Finding, Location, Region, Snippet, Suppression,
    SuppressionKind,
};
use crate::model::Confidence;
use crate::policy::Policy;
use crate::registry::Registry;
use crate::rule::RuleMeta;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use time::Date;

const MARKER: &[u8] = b"factorguard:ignore";
const COMMENT_OPENERS: [&str; 7] = ["#", "//", "--", "<!--", ";", "/*", "%"];

/// One `factorguard:ignore[...]` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub path: String,
    /// 1-based line of the comment.
    pub line: u32,
    /// 1-based column where `factorguard:ignore` starts.
    pub column: u32,
    pub rules: Vec<String>,
    pub reason: Option<String>,
    pub until: Option<String>,
    /// Why the comment could not be read, when it could not.
    pub malformed: Option<String>,
    pub line_text: String,
}

/// Find every suppression comment in a file. Cheap when there is none (one memchr-based search).
pub fn find_directives(path: &str, bytes: &[u8]) -> Vec<Directive> {
    let finder = memchr::memmem::Finder::new(MARKER);
    let mut directives = Vec::new();
    for at in finder.find_iter(bytes) {
        let line_start = bytes[..at]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let line_end = bytes[at..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |i| at + i);
        let prefix = String::from_utf8_lossy(&bytes[line_start..at]);
        if !follows_comment_opener(&prefix) {
            continue; // not a comment: e.g. a string literal that mentions the syntax
        }
        let line = bytes[..line_start].iter().filter(|b| **b == b'\n').count() as u32 + 1;
        let column = prefix.chars().count() as u32 + 1;
        let rest = String::from_utf8_lossy(&bytes[at + MARKER.len()..line_end]).into_owned();
        let line_text = String::from_utf8_lossy(&bytes[line_start..line_end])
            .trim_end_matches('\r')
            .to_string();
        let mut directive = Directive {
            path: path.to_string(),
            line,
            column,
            rules: Vec::new(),
            reason: None,
            until: None,
            malformed: None,
            line_text,
        };
        if let Err(problem) = parse_directive_body(&rest, &mut directive) {
            directive.malformed = Some(problem);
        }
        directives.push(directive);
    }
    directives
}

/// The directive must come right after a comment opener that itself starts a comment: at the
/// start of the line or after whitespace (so `"# factorguard:ignore` inside a string is not one).
fn follows_comment_opener(prefix: &str) -> bool {
    let trimmed = prefix.trim_end();
    COMMENT_OPENERS.iter().any(|opener| {
        trimmed
            .strip_suffix(opener)
            .is_some_and(|before| before.is_empty() || before.ends_with(char::is_whitespace))
    })
}

fn parse_directive_body(rest: &str, d: &mut Directive) -> Result<(), String> {
    let rest = rest
        .strip_prefix('[')
        .ok_or("expected `[rule]` right after factorguard:ignore")?;
    let close = rest.find(']').ok_or("missing `]` after the rule list")?;
    d.rules = rest[..close]
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if d.rules.is_empty() {
        return Err("names no rule".into());
    }
    let mut attrs = rest[close + 1..].trim();
    for closer in ["-->", "*/"] {
        if let Some(i) = attrs.find(closer) {
            attrs = attrs[..i].trim();
        }
    }
    while !attrs.is_empty() {
        let eq = attrs
            .find('=')
            .ok_or_else(|| format!("expected key=value, found `{attrs}`"))?;
        let key = attrs[..eq].trim();
        let after = attrs[eq + 1..].trim_start();
        let (value, remaining) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted
                .find('"')
                .ok_or_else(|| format!("unterminated quote in {key}="))?;
            (quoted[..end].to_string(), &quoted[end + 1..])
        } else {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            (after[..end].to_string(), &after[end..])
        };
        match key {
            "reason" => d.reason = Some(value.trim().to_string()).filter(|r| !r.is_empty()),
            "until" => d.until = Some(value),
            other => {
                return Err(format!(
                    "unknown attribute `{other}` (expected reason= or until=)"
                ))
            }
        }
        attrs = remaining.trim();
    }
    Ok(())
}

/// Parse `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text, &format).ok()
}

/// A baseline: fingerprints of accepted findings, sorted, without lines or timestamps.
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct BaselineEntry {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
}

impl Baseline {
    pub fn from_findings<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Baseline {
        let set: BTreeSet<BaselineEntry> = findings
            .into_iter()
            .map(|f| BaselineEntry {
                path: f.location.path.clone(),
                rule: f.rule_id.clone(),
                fingerprint: f.fingerprint.clone(),
            })
            .collect();
        Baseline {
            version: 1,
            findings: set.into_iter().collect(),
        }
    }

    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read the baseline: {e}", path.display()))?;
        let baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}:{}:{}: not a factorguard baseline: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        if baseline.version != 1 {
            return Err(format!(
                "{}: baseline version {} is not supported (expected 1)",
                path.display(),
                baseline.version
            ));
        }
        Ok(baseline)
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("baseline serialises");
        text.push('\n');
        text
    }
}

/// Everything suppression needs besides the findings.
pub struct SuppressionContext<'a> {
    pub policy: &'a Policy,
    pub registry: &'a Registry,
    pub directives: &'a [Directive],
    pub baseline: Option<(&'a Baseline, String)>,
    pub today: Date,
}

/// Split findings into active and suppressed, and report unaccountable suppressions.
pub fn apply(findings: Vec<Finding>, cx: &SuppressionContext<'_>) -> (Vec<Finding>, Vec<Finding>) {
    let baseline_set: Option<BTreeSet<&str>> = cx
        .baseline
        .as_ref()
        .map(|(b, _)| b.findings.iter().map(|e| e.fingerprint.as_str()).collect());
    let mut active = Vec::new();
    let mut suppressed = Vec::new();
    let mut meta_findings = Vec::new();

    // Resolve every directive once; decide whether it may suppress.
    struct Usable<'d> {
        directive: &'d Directive,
        rules: BTreeSet<&'static str>,
        used: bool,
    }
    let mut usable: BTreeMap<&str, Vec<Usable<'_>>> = BTreeMap::new();
    for d in cx.directives {
        if let Some(problem) = &d.malformed {
            meta_findings.push(directive_finding(
                &SUPPRESSION_UNUSED,
                d,
                format!("Unreadable suppression: {problem}"),
            ));
            continue;
        }
        let mut rules = BTreeSet::new();
        let mut unknown = Vec::new();
        for selector in &d.rules {
            match cx.registry.resolve(selector) {
                Ok(ids) => rules.extend(ids),
                Err(_) => unknown.push(selector.as_str()),
            }
        }
        if !unknown.is_empty() {
            meta_findings.push(directive_finding(
                &SUPPRESSION_UNUSED,
                d,
                format!("Suppression names no known rule: {}", unknown.join(", ")),
            ));
            continue;
        }
        if d.reason.is_none() {
            meta_findings.push(directive_finding(
                &SUPPRESSION_WITHOUT_REASON,
                d,
                format!(
                    "Suppression of {} has no reason=\"...\", so it is not applied",
                    d.rules.join(", ")
                ),
            ));
            continue;
        }
        if let Some(until) = &d.until {
            match parse_date(until) {
                Some(date) if date < cx.today => {
                    meta_findings.push(directive_finding(
                        &SUPPRESSION_EXPIRED,
                        d,
                        format!(
                            "Suppression of {} expired on {until}, so it is no longer applied",
                            d.rules.join(", ")
                        ),
                    ));
                    continue;
                }
                Some(_) => {}
                None => {
                    meta_findings.push(directive_finding(
                        &SUPPRESSION_EXPIRED,
                        d,
                        format!("Suppression has until={until}, which is not a YYYY-MM-DD date, so it is not applied"),
                    ));
                    continue;
                }
            }
        }
        usable.entry(d.path.as_str()).or_default().push(Usable {
            directive: d,
            rules,
            used: false,
        });
    }

    for mut finding in findings {
        let mut suppression = cx.policy.adjust(&mut finding);
        if let (Some(region), Some(list)) = (
            finding.location.region,
            usable.get_mut(finding.location.path.as_str()),
        ) {
            for u in list.iter_mut() {
                let line = u.directive.line;
                let on_or_after = region.start_line == line || region.start_line == line + 1;
                if on_or_after && u.rules.contains(finding.rule_id.as_str()) {
                    u.used = true;
                    suppression.get_or_insert(Suppression {
                        kind: SuppressionKind::Inline,
                        reason: u.directive.reason.clone(),
                        until: u.directive.until.clone(),
                        source: Some(format!("{}:{}", u.directive.path, line)),
                    });
                }
            }
        }
        if suppression.is_none() {
            if let (Some(set), Some((_, source))) = (&baseline_set, &cx.baseline) {
                if set.contains(finding.fingerprint.as_str()) {
                    suppression = Some(Suppression {
                        kind: SuppressionKind::Baseline,
                        reason: Some("accepted in the baseline".into()),
                        until: None,
                        source: Some(source.clone()),
                    });
                }
            }
        }
        match suppression {
            Some(s) => {
                finding.suppression = Some(s);
                suppressed.push(finding);
            }
            None => active.push(finding),
        }
    }

    for list in usable.values() {
        for u in list.iter().filter(|u| !u.used) {
            // A suppression of rules this run did not execute cannot be judged unused.
            if u.rules.iter().any(|id| cx.policy.is_enabled(id)) {
                meta_findings.push(directive_finding(
                    &SUPPRESSION_UNUSED,
                    u.directive,
                    format!(
                        "Suppression of {} matches no finding on this line or the next",
                        u.directive.rules.join(", ")
                    ),
                ));
            }
        }
    }

    for mut meta in meta_findings {
        if !cx.policy.is_enabled(&meta.rule_id) {
            continue;
        }
        if let Some(s) = cx.policy.adjust(&mut meta) {
            meta.suppression = Some(s);
            suppressed.push(meta);
        } else {
            active.push(meta);
        }
    }
    active.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    suppressed.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    (active, suppressed)
}

fn directive_finding(rule: &'static RuleMeta, d: &Directive, message: String) -> Finding {
    let marker_chars = "factorguard:ignore".chars().count() as u32;
    Finding {
        rule_id: rule.id.to_string(),
        slug: rule.slug.to_string(),
        title: rule.title.to_string(),
        severity: rule.default_severity,
        confidence: Confidence::High,
        factor: rule.factor,
        stride: rule.stride.to_vec(),
        cia: rule.cia.to_vec(),
        location: Location {
            path: d.path.clone(),
            region: Some(Region {
                start_line: d.line,
                start_column: d.column,
                end_line: d.line,
                end_column: d.column + marker_chars,
            }),
            address: None,
        },
        message,
        remediation: rule.remediation.to_string(),
        evidence: None,
        fingerprint: fingerprint(rule.id, &d.path, &normalise_content(&d.line_text)),
        snippet: Some(Snippet {
            first_line: d.line,
            lines: vec![d.line_text.chars().take(200).collect()],
            column_offset: 0,
        }),
        suppression: None,
        secret: None,
        commit: None,
        related: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_directives_in_many_comment_syntaxes() {
        let text = "a = 1 # factorguard:ignore[FG1001] reason=\"test key\" until=2099-01-01\n\
                    // factorguard:ignore[FG1002,private-key-file] reason=\"x\"\n\
                    -- factorguard:ignore[FG1] reason=sql\n\
                    <!-- factorguard:ignore[III] reason=\"html\" -->\n\
                    ; factorguard:ignore[FG1003] reason=\"ini\"\n\
                    s = \"factorguard:ignore[FG1]\"\n\
                    t = \"# factorguard:ignore[FG1]\"\n";
        let ds = find_directives("f", text.as_bytes());
        assert_eq!(ds.len(), 5, "{ds:#?}");
        assert_eq!(ds[0].rules, vec!["FG1001"]);
        assert_eq!(ds[0].reason.as_deref(), Some("test key"));
        assert_eq!(ds[0].until.as_deref(), Some("2099-01-01"));
        assert_eq!(ds[1].rules, vec!["FG1002", "private-key-file"]);
        assert_eq!(ds[2].reason.as_deref(), Some("sql"));
        assert_eq!(ds[3].reason.as_deref(), Some("html"));
        assert_eq!(ds[3].line, 4);
        assert!(ds.iter().all(|d| d.malformed.is_none()));
    }

    #[test]
    fn malformed_directives_say_why() {
        let ds = find_directives(
            "f",
            b"# factorguard:ignore FG1001\n# factorguard:ignore[FG1] colour=red\n",
        );
        assert!(ds[0]
            .malformed
            .as_deref()
            .unwrap()
            .contains("expected `[rule]`"));
        assert!(ds[1]
            .malformed
            .as_deref()
            .unwrap()
            .contains("unknown attribute"));
    }

    #[test]
    fn baseline_is_sorted_and_deduplicated() {
        let mk = |path: &str, fp: &str| Finding {
            rule_id: "FG1001".into(),
            slug: "s".into(),
            title: "t".into(),
            severity: crate::model::Severity::High,
            confidence: Confidence::High,
            factor: crate::model::Factor::I,
            stride: vec![],
            cia: vec![],
            location: Location {
                path: path.into(),
                region: None,
                address: None,
            },
            message: String::new(),
            remediation: String::new(),
            evidence: None,
            fingerprint: fp.into(),
            snippet: None,
            suppression: None,
            secret: None,
            commit: None,
            related: Vec::new(),
        };
        let findings = [mk("b", "2"), mk("a", "1"), mk("b", "2")];
        let baseline = Baseline::from_findings(&findings);
        assert_eq!(baseline.findings.len(), 2);
        assert_eq!(baseline.findings[0].path, "a");
        assert!(!baseline.to_json().contains("line"));
    }
}
