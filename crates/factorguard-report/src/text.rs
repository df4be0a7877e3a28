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
