//! A short Markdown summary for pull-request comments and CI step summaries.

use crate::text::{also_found_in_note, commit_note, via_note};
use crate::wording::{count_noun, duration, highest_severity, severity_title};
use factorguard_core::{Finding, Report, Severity};
use std::fmt::Write as _;

/// At most this many findings are listed; the rest are counted.
pub const MARKDOWN_FINDINGS_LIMIT: usize = 50;

/// Render the report as GitHub-flavoured Markdown.
pub fn render_markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", headline(report));

    if !report.findings.is_empty() {
        render_severity_table(&mut out, report);
        render_factor_table(&mut out, report);
        render_findings_table(&mut out, &report.findings);
    }

    let mut notes = Vec::new();
    if !report.suppressed.is_empty() {
        notes.push(format!(
            "{} suppressed (inline, baseline or config)",
            count_noun(report.suppressed.len(), "finding", "findings")
        ));
    }
    if !report.errors.is_empty() {
        notes.push(format!(
            "{} could not be scanned",
            count_noun(report.errors.len(), "file", "files")
        ));
    }
    for note in notes {
        let _ = writeln!(out, "- {note}");
    }
    let stats = &report.stats;
    let _ = writeln!(
        out,
        "\n<sub>{} {} · {} scanned in {}</sub>",
        escape_cell(&report.tool.name),
        escape_cell(&report.tool.version),
        count_noun(stats.files_scanned as usize, "file", "files"),
        duration(stats.duration_ms),
    );
    out
}

/// One line a reader can act on: is there anything, and how bad is the worst of it.
fn headline(report: &Report) -> String {
    let total = report.findings.len();
    match highest_severity(&report.findings) {
        None => "### ✅ factorguard: no findings".to_string(),
        Some(worst) => {
            let mark = if worst >= Severity::High {
                "❌"
            } else {
                "⚠️"
            };
            format!(
                "### {mark} factorguard: {} (highest severity: {})",
                count_noun(total, "finding", "findings"),
                worst
            )
        }
    }
}

fn render_severity_table(out: &mut String, report: &Report) {
    let counts = report.count_by_severity();
    out.push_str("| Severity | Findings |\n| --- | ---: |\n");
    for severity in Severity::ALL {
        let count = counts.get(&severity).copied().unwrap_or(0);
        let _ = writeln!(out, "| {} | {count} |", severity_title(severity));
    }
    out.push('\n');
}

fn render_factor_table(out: &mut String, report: &Report) {
    out.push_str("| Factor | Findings |\n| --- | ---: |\n");
    for (factor, count) in report.count_by_factor() {
        let _ = writeln!(out, "| {}. {} | {count} |", factor.numeral(), factor.name());
    }
    out.push('\n');
}

/// The worst findings first (report order within a severity), so the cut drops the least severe.
fn render_findings_table(out: &mut String, findings: &[Finding]) {
    let mut ordered: Vec<&Finding> = findings.iter().collect();
    ordered.sort_by_key(|finding| std::cmp::Reverse(finding.severity));
    out.push_str("| Severity | Rule | Location | Message |\n| --- | --- | --- | --- |\n");
    for finding in ordered.into_iter().take(MARKDOWN_FINDINGS_LIMIT) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            severity_title(finding.severity),
            escape_cell(&format!("{} {}", finding.rule_id, finding.slug)),
            escape_cell(&location(finding)),
            escape_cell(&message_with_notes(finding)),
        );
    }
    let hidden = findings.len().saturating_sub(MARKDOWN_FINDINGS_LIMIT);
    if hidden > 0 {
        let _ = writeln!(out, "\n… and {hidden} more (see the full report)");
    }
    out.push('\n');
}

/// The message, then where else the secret is and the commit that introduced it.
fn message_with_notes(finding: &Finding) -> String {
    let mut text = finding.message.clone();
    for note in [
        via_note(finding),
        also_found_in_note(finding),
        commit_note(finding),
    ]
    .into_iter()
    .flatten()
    {
        let _ = write!(text, "; {note}");
    }
    text
}

fn location(finding: &Finding) -> String {
    let path = if finding.location.path.is_empty() {
        "(repository)"
    } else {
        finding.location.path.as_str()
    };
    match finding.location.region {
        Some(region) => format!("{path}:{}", region.start_line),
        None => path.to_string(),
    }
}

/// Make text safe inside a table cell: `|` would end the cell, a backtick would open a code
/// span, `<` could open raw HTML, and a newline would end the table. Backslash is escaped
/// first so that the escapes we add cannot be undone by one already in the text.
fn escape_cell(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '|' | '`' | '<' | '>' | '*' | '_' | '[' | ']' => {
                escaped.push('\\');
                escaped.push(c);
            }
            '\n' | '\r' | '\t' => escaped.push(' '),
            c if c.is_control() => escaped.push('\u{FFFD}'),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_rows_name_other_places_and_the_commit() {
        let markdown = render_markdown(&crate::text::tests::report_with_history_secret());
        assert!(
            markdown.contains("; also found in 7 other places: svc1/.env:1"),
            "{markdown}"
        );
        assert!(
            markdown.contains(
                "; introduced in commit 1a2b3c4d5e6f by Ann Dev \\<ann@acme.io\\> on 2026-01-02"
            ),
            "{markdown}"
        );
    }

    #[test]
    fn cells_escape_table_and_code_syntax() {
        assert_eq!(escape_cell("a|b"), "a\\|b");
        assert_eq!(escape_cell("`x`"), "\\`x\\`");
        assert_eq!(escape_cell("\\|"), "\\\\\\|");
        assert_eq!(escape_cell("line\nbreak"), "line break");
        assert_eq!(escape_cell("<img>"), "\\<img\\>");
    }
}
