//! The human-readable report: findings grouped by file with their source underlined, the files
//! that could not be scanned, and a summary by severity, factor and STRIDE.

use crate::snippet::{gutter_width, render_snippet, SnippetStyles};
use crate::wording::{count_noun, duration, printable, suppression_summary};
use anstyle::{AnsiColor, Effects, Style};
use factorguard_core::{Factor, Finding, Report, Severity, Stride};
use std::fmt::Write as _;

/// What the caller decided about presentation (the renderer detects nothing itself).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextOptions {
    /// Write ANSI colour codes. The caller honours `NO_COLOR`, `--color` and whether the
    /// output is a terminal.
    pub color: bool,
    /// Also list suppressed findings (after the active ones), each with why it is suppressed.
    pub show_suppressed: bool,
}

/// The styles in use: all plain when colour is off, so no escape code can slip out.
struct Palette {
    color: bool,
}

impl Palette {
    fn pick(&self, style: Style) -> Style {
        if self.color {
            style
        } else {
            Style::new()
        }
    }

    fn severity(&self, severity: Severity) -> Style {
        self.pick(match severity {
            Severity::Critical | Severity::High => {
                Style::new().fg_color(Some(AnsiColor::Red.into())).bold()
            }
            Severity::Medium => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
            Severity::Low => Style::new().fg_color(Some(AnsiColor::Blue.into())),
            Severity::Info => Style::new().effects(Effects::DIMMED),
        })
    }

    fn heading(&self) -> Style {
        self.pick(Style::new().bold())
    }

    fn gutter(&self) -> Style {
        self.pick(Style::new().fg_color(Some(AnsiColor::Cyan.into())))
    }

    fn muted(&self) -> Style {
        self.pick(Style::new().effects(Effects::DIMMED))
    }
}

/// Render the report for a terminal or a log.
pub fn render_text(report: &Report, options: &TextOptions) -> String {
    let palette = Palette {
        color: options.color,
    };
    let mut out = String::new();
    render_group(&mut out, &report.findings, &palette);
    if options.show_suppressed && !report.suppressed.is_empty() {
        let heading = palette.heading();
        let _ = writeln!(
            out,
            "{heading}Suppressed findings ({}){heading:#}\n",
            report.suppressed.len()
        );
        render_group(&mut out, &report.suppressed, &palette);
    }
    render_errors(&mut out, report, &palette);
    render_summary(&mut out, report, &palette);
    out
}

/// Findings under one heading per file. Findings arrive sorted by path, so a file's findings
/// are consecutive; a path that reappears later simply gets its heading again.
fn render_group(out: &mut String, findings: &[Finding], palette: &Palette) {
    let heading = palette.heading();
    let mut current_path: Option<&str> = None;
    for finding in findings {
        let path = finding.location.path.as_str();
        if current_path != Some(path) {
            let _ = writeln!(out, "{heading}{}{heading:#}\n", display_path(path));
            current_path = Some(path);
        }
        render_finding(out, finding, palette);
        out.push('\n');
    }
}

fn display_path(path: &str) -> String {
    if path.is_empty() {
        "(repository)".to_string()
    } else {
        printable(path)
    }
}

fn render_finding(out: &mut String, finding: &Finding, palette: &Palette) {
    let severity = palette.severity(finding.severity);
    let heading = palette.heading();
    let gutter = palette.gutter();
    let _ = writeln!(
        out,
        "{severity}{}{severity:#} {heading}{} {}{heading:#}: {}",
        finding.severity,
        printable(&finding.rule_id),
        printable(&finding.slug),
        printable(&finding.message),
    );

    let snippet = finding.snippet.as_ref().filter(|s| !s.lines.is_empty());
    let width = snippet.map_or(1, gutter_width);
    let location = &finding.location;
    let mut place = display_path(&location.path);
    if let Some(region) = location.region {
        let _ = write!(place, ":{}:{}", region.start_line, region.start_column);
    }
    if let Some(address) = &location.address {
        let _ = write!(place, " · {}", printable(address));
    }
    let _ = writeln!(out, "{gutter}{:width$}-->{gutter:#} {place}", "");

    if let Some(snippet) = snippet {
        let styles = SnippetStyles {
            gutter,
            marker: severity,
        };
        render_snippet(out, snippet, location.region, width, &styles);
    }

    let _ = writeln!(
        out,
        "{gutter}{:width$} ={gutter:#} fix: {}",
        "",
        printable(&finding.remediation)
    );
    let _ = writeln!(
        out,
        "{gutter}{:width$} ={gutter:#} {}",
        "",
        classification(finding)
    );
    for note in [
        via_note(finding),
        also_found_in_note(finding),
        commit_note(finding),
    ]
    .into_iter()
    .flatten()
    {
        let _ = writeln!(
            out,
            "{gutter}{:width$} ={gutter:#} {}",
            "",
            printable(&note)
        );
    }
    if finding.suppression.is_some() {
        let muted = palette.muted();
        let _ = writeln!(
            out,
            "{gutter}{:width$} ={gutter:#} {muted}{}{muted:#}",
            "",
            printable(&suppression_summary(finding))
        );
    }
}

/// `factor III (Config) · STRIDE information-disclosure, tampering · evidence: AKIA… (20 chars)`
fn classification(finding: &Finding) -> String {
    let factor = finding.factor;
    let mut text = format!("factor {} ({})", factor.numeral(), factor.name());
    if !finding.stride.is_empty() {
        let stride: Vec<&str> = finding.stride.iter().map(|s| s.as_str()).collect();
        let _ = write!(text, " · STRIDE {}", stride.join(", "));
    }
    if let Some(evidence) = &finding.evidence {
        let _ = write!(text, " · evidence: {}", printable(evidence));
    }
    text
}

/// Other places listed by name before the rest are only counted.
const OTHER_PLACES_SHOWN: usize = 5;

/// `also found in 3 other places: a.env:2, b.yml:7, c.py:1`, for a secret seen elsewhere too.
pub(crate) fn also_found_in_note(finding: &Finding) -> Option<String> {
    let places = &finding.secret.as_ref()?.also_found_in;
    if places.is_empty() {
        return None;
    }
    let shown: Vec<&str> = places
        .iter()
        .take(OTHER_PLACES_SHOWN)
        .map(String::as_str)
        .collect();
    let mut note = format!(
        "also found in {}: {}",
        count_noun(places.len(), "other place", "other places"),
        shown.join(", ")
    );
    if places.len() > OTHER_PLACES_SHOWN {
        let _ = write!(note, ", and {} more", places.len() - OTHER_PLACES_SHOWN);
    }
    Some(note)
}

/// `via module.app (envs/prod/main.tf:28) → module.app.module.db (modules/app/main.tf:5)`: the
/// places that lead to the finding, such as the module calls above a Terraform resource.
pub(crate) fn via_note(finding: &Finding) -> Option<String> {
    if finding.related.is_empty() {
        return None;
    }
    let steps: Vec<String> = finding
        .related
        .iter()
        .map(|related| match related.region {
            Some(region) => format!(
                "{} ({}:{})",
                related.message, related.path, region.start_line
            ),
            None => format!("{} ({})", related.message, related.path),
        })
        .collect();
    Some(format!("via {}", steps.join(" → ")))
}

/// `introduced in commit 1a2b3c4d5e6f by Ann <ann@x.io> on 2026-01-02 (only in history)`.
pub(crate) fn commit_note(finding: &Finding) -> Option<String> {
    let commit = finding.commit.as_ref()?;
    let short: String = commit.id.chars().take(12).collect();
    let day: String = commit.date.chars().take(10).collect();
    let mut note = format!("introduced in commit {short} by {} on {day}", commit.author);
    if commit.path != finding.location.path {
        let _ = write!(note, " as {}", commit.path);
    }
    if !commit.in_head {
        note.push_str(" (only in history: rotate it, then rewrite history)");
    }
    Some(note)
}

fn render_errors(out: &mut String, report: &Report, palette: &Palette) {
    if report.errors.is_empty() {
        return;
    }
    let heading = palette.heading();
    let _ = writeln!(
        out,
        "{heading}could not scan {}:{heading:#}",
        count_noun(report.errors.len(), "file", "files")
    );
    for error in &report.errors {
        let _ = writeln!(
            out,
            "  {}: {}",
            display_path(&error.path),
            printable(&error.message)
        );
    }
    out.push('\n');
}

fn render_summary(out: &mut String, report: &Report, palette: &Palette) {
    let heading = palette.heading();
    let _ = writeln!(out, "{heading}Summary{heading:#}");

    let by_severity = report.count_by_severity();
    let total = report.findings.len();
    let mut findings_line = total.to_string();
    if total > 0 {
        let parts: Vec<String> = Severity::ALL
            .iter()
            .filter_map(|severity| {
                let count = by_severity.get(severity).copied().unwrap_or(0);
                let style = palette.severity(*severity);
                (count > 0).then(|| format!("{style}{severity}{style:#} {count}"))
            })
            .collect();
        let _ = write!(findings_line, " ({})", parts.join(" · "));
    }
    summary_line(out, "findings", &findings_line);

    if total > 0 {
        let by_factor: Vec<String> = report
            .count_by_factor()
            .iter()
            .map(|(factor, count)| factor_count(*factor, *count))
            .collect();
        summary_line(out, "by factor", &by_factor.join(" · "));

        let by_stride = report.count_by_stride();
        if !by_stride.is_empty() {
            let parts: Vec<String> = Stride::ALL
                .iter()
                .filter_map(|s| by_stride.get(s).map(|count| format!("{s} {count}")))
                .collect();
            summary_line(out, "by STRIDE", &parts.join(" · "));
        }
    }

    let stats = &report.stats;
    let skipped_total: u64 = stats.skipped.values().sum();
    let mut files = format!("{} scanned", stats.files_scanned);
    if skipped_total > 0 {
        let reasons: Vec<String> = stats
            .skipped
            .iter()
            .filter(|(_, count)| **count > 0)
            .map(|(reason, count)| format!("{} {count}", reason.as_str()))
            .collect();
        let _ = write!(
            files,
            " · {skipped_total} skipped ({})",
            reasons.join(" · ")
        );
    }
    summary_line(out, "files", &files);
    summary_line(out, "suppressed", &report.suppressed.len().to_string());
    if !report.errors.is_empty() {
        summary_line(out, "errors", &report.errors.len().to_string());
    }
    summary_line(out, "duration", &duration(stats.duration_ms));
}

fn factor_count(factor: Factor, count: usize) -> String {
    format!("{} {} {count}", factor.numeral(), factor.name())
}

fn summary_line(out: &mut String, label: &str, value: &str) {
    let _ = writeln!(out, "  {label:<11} {value}");
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use factorguard_core::{
        Cia, CommitInfo, Confidence, Location, Region, SecretInfo, Severity, Stride,
    };

    /// A secret finding seen in seven other places, introduced by a commit it no longer is in.
    pub(crate) fn report_with_history_secret() -> Report {
        let mut report = Report::new(".");
        report.findings.push(Finding {
            rule_id: "FG2006".into(),
            slug: "password-in-url".into(),
            title: "Password in a URL".into(),
            severity: Severity::High,
            confidence: Confidence::High,
            factor: Factor::III,
            stride: vec![Stride::Spoofing],
            cia: vec![Cia::Confidentiality],
            location: Location {
                path: "docker-compose.yml".into(),
                region: Some(Region {
                    start_line: 5,
                    start_column: 37,
                    end_line: 5,
                    end_column: 53,
                }),
                address: Some("DATABASE_URL".into()),
            },
            message: "Password in a URL hard-coded as the value of `DATABASE_URL`".into(),
            remediation: "Rotate it.".into(),
            evidence: Some("Vb… (16 chars)".into()),
            fingerprint: "0".repeat(32),
            snippet: None,
            suppression: None,
            secret: Some(SecretInfo {
                sha256: "ab".repeat(32),
                also_found_in: (1..=7).map(|i| format!("svc{i}/.env:{i}")).collect(),
            }),
            commit: Some(CommitInfo {
                id: "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b".into(),
                author: "Ann Dev <ann@acme.io>".into(),
                date: "2026-01-02T10:11:12Z".into(),
                path: "compose.yml".into(),
                in_head: false,
            }),
            related: Vec::new(),
        });
        report
    }

    #[test]
    fn secrets_name_their_other_places_and_their_commit() {
        let text = render_text(
            &report_with_history_secret(),
            &TextOptions {
                color: false,
                show_suppressed: false,
            },
        );
        assert!(
            text.contains("= also found in 7 other places: svc1/.env:1, svc2/.env:2, svc3/.env:3, svc4/.env:4, svc5/.env:5, and 2 more"),
            "{text}"
        );
        assert!(
            text.contains("= introduced in commit 1a2b3c4d5e6f by Ann Dev <ann@acme.io> on 2026-01-02 as compose.yml (only in history: rotate it, then rewrite history)"),
            "{text}"
        );
    }

    #[test]
    fn a_commit_still_in_head_is_not_called_history_only() {
        let mut report = report_with_history_secret();
        let finding = &mut report.findings[0];
        if let Some(commit) = finding.commit.as_mut() {
            commit.in_head = true;
            commit.path = finding.location.path.clone();
        }
        let note = commit_note(finding).unwrap_or_default();
        assert_eq!(
            note,
            "introduced in commit 1a2b3c4d5e6f by Ann Dev <ann@acme.io> on 2026-01-02"
        );
        finding.secret = None;
        assert_eq!(also_found_in_note(finding), None);
    }
}
