mod common;

use common::{finding, fixture_report, odd_report, region, HARDCODED_SECRET};
use factorguard_core::Report;
use factorguard_report::{render_markdown, MARKDOWN_FINDINGS_LIMIT};

#[test]
fn headline_tables_and_counts() {
    let output = render_markdown(&fixture_report());
    assert!(output.starts_with("### ❌ factorguard: 7 findings (highest severity: critical)\n"));
    assert!(output.contains("| Critical | 2 |"));
    assert!(output.contains("| Info | 1 |"));
    assert!(output.contains("| III. Config | 3 |"));
    assert!(output.contains("| Critical | FG1001 hardcoded-secret | config/.env:3 |"));
    // Worst first, in report order within a severity.
    let rows: Vec<&str> = output.lines().filter(|l| l.contains(" | FG")).collect();
    assert!(rows[0].contains("config/.env:3"), "{rows:#?}");
    assert!(rows[1].contains("web/static/app.min.js:1"));
    assert!(rows[6].starts_with("| Info |"));
    assert!(output.contains("| Low | FG1010 env-file-not-ignored | .gitignore | "));
    assert!(output.contains("- 3 findings suppressed"));
    assert!(output.contains("- 2 files could not be scanned"));
}

#[test]
fn cells_escape_pipes_and_backticks() {
    let output = render_markdown(&fixture_report());
    assert!(
        output.contains("container \\`web\\` \\| runs privileged"),
        "{output}"
    );
    for row in output.lines().filter(|l| l.starts_with("| High | FG4005")) {
        // Five unescaped pipes: the row's borders and its three inner separators.
        let unescaped = row
            .char_indices()
            .filter(|(i, c)| *c == '|' && (*i == 0 || &row[i - 1..*i] != "\\"))
            .count();
        assert_eq!(unescaped, 5, "{row}");
    }
}

#[test]
fn long_lists_are_cut_with_a_count() {
    let mut report = Report::new(".");
    for line in 1..=MARKDOWN_FINDINGS_LIMIT as u32 + 7 {
        report.findings.push(finding(
            &HARDCODED_SECRET,
            "a.env",
            Some(region(line, 1, line, 5)),
            "secret",
        ));
    }
    let output = render_markdown(&report);
    let rows = output
        .lines()
        .filter(|l| l.starts_with("| Critical | FG1001"))
        .count();
    assert_eq!(rows, MARKDOWN_FINDINGS_LIMIT);
    assert!(output.contains("… and 7 more (see the full report)"));
}

#[test]
fn clean_and_odd_reports_render() {
    let clean = render_markdown(&Report::new("."));
    assert!(clean.starts_with("### ✅ factorguard: no findings\n"));
    assert!(!clean.contains("| Severity |"));
    let odd = render_markdown(&odd_report());
    assert!(odd.contains("| (repository):0 |"), "{odd}");
    assert!(!odd.contains('\u{1b}'));
}

#[test]
fn fixed_report_snapshot() {
    insta::assert_snapshot!("markdown_report", render_markdown(&fixture_report()));
}
