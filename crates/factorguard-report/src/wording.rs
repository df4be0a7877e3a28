//! Small pieces of wording shared by the human-readable formats.

use factorguard_core::{Finding, Severity, SuppressionKind};

/// `1 finding`, `3 findings`.
pub(crate) fn count_noun(count: usize, singular: &str, plural: &str) -> String {
    if count == 1 {
        format!("{count} {singular}")
    } else {
        format!("{count} {plural}")
    }
}

/// `850 ms` below a second, `12.34 s` from there on.
pub(crate) fn duration(duration_ms: u64) -> String {
    if duration_ms < 1000 {
        format!("{duration_ms} ms")
    } else {
        format!("{:.2} s", duration_ms as f64 / 1000.0)
    }
}

/// `Critical` for tables and headings.
pub(crate) fn severity_title(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
        Severity::Info => "Info",
    }
}

/// The most severe active finding, if any.
pub(crate) fn highest_severity(findings: &[Finding]) -> Option<Severity> {
    findings.iter().map(|f| f.severity).max()
}

/// Why a finding is hidden, in words: `inline: reason (until 2027-01-31)`.
pub(crate) fn suppression_summary(finding: &Finding) -> String {
    let Some(suppression) = &finding.suppression else {
        return "suppressed".to_string();
    };
    let kind = match suppression.kind {
        SuppressionKind::Inline => "inline",
        SuppressionKind::Baseline => "baseline",
        SuppressionKind::Config => "config",
    };
    let mut text = format!("suppressed ({kind})");
    if let Some(reason) = &suppression.reason {
        text.push_str(": ");
        text.push_str(reason);
    }
    if let Some(until) = &suppression.until {
        text.push_str(&format!(" (until {until})"));
    }
    if let Some(source) = &suppression.source {
        text.push_str(&format!(" [{source}]"));
    }
    text
}

/// Text from the scanned repository (paths, messages, snippets) may carry terminal control
/// sequences; a scanner must not let a hostile file drive the reader's terminal.
pub(crate) fn printable(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_switch_to_seconds_at_one_second() {
        assert_eq!(duration(0), "0 ms");
        assert_eq!(duration(999), "999 ms");
        assert_eq!(duration(1234), "1.23 s");
    }

    #[test]
    fn printable_strips_escape_sequences() {
        assert_eq!(printable("a\u{1b}[31mb\nc"), "a\u{FFFD}[31mb c");
    }
}
