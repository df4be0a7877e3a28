mod common;

use common::{
    finding, fixture_report, odd_report, region, report_with_module_calls, snippet,
    HARDCODED_SECRET,
};
use factorguard_core::Report;
use factorguard_report::{render_text, TextOptions};

const PLAIN: TextOptions = TextOptions {
    color: false,
    show_suppressed: false,
};

/// The caret line printed right after the source line containing `source`.
fn caret_line_after<'a>(output: &'a str, source: &str) -> &'a str {
    let lines: Vec<&str> = output.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains(source))
        .unwrap_or_else(|| panic!("no line contains {source:?} in\n{output}"));
    lines[at + 1]
}

/// Character column (not byte) of the first occurrence of `needle` in `line`.
fn char_column(line: &str, needle: &str) -> usize {
    line[..line.find(needle).unwrap()].chars().count()
}

#[test]
fn plain_text_underlines_the_span_and_has_no_colour_codes() {
    let output = render_text(&fixture_report(), &PLAIN);
    assert!(!output.contains('\u{1b}'), "{output}");

    let source = "3 | AWS_SECRET_ACCESS_KEY=wJal";
    let carets = caret_line_after(&output, source);
    let source_line = output.lines().find(|l| l.contains(source)).unwrap();
    assert_eq!(char_column(carets, "^"), char_column(source_line, "wJal"));
    assert_eq!(carets.matches('^').count(), 40);

    let carets = caret_line_after(&output, "publicly_accessible = true");
    assert_eq!(carets.trim_start_matches([' ', '|']).len(), 26);
}

#[test]
fn underline_counts_characters_not_bytes() {
    let output = render_text(&fixture_report(), &PLAIN);
    let source_line = output
        .lines()
        .find(|l| l.contains("café"))
        .expect("the Unicode line is shown");
    let carets = caret_line_after(&output, "café");
    assert_eq!(
        char_column(carets, "^"),
        char_column(source_line, "privileged")
    );
    assert_eq!(carets.matches('^').count(), "privileged: true".len());
}

#[test]
fn windowed_lines_keep_the_underline_on_the_secret() {
    let output = render_text(&fixture_report(), &PLAIN);
    let source_line = output.lines().find(|l| l.contains("ghp_")).unwrap();
    assert!(source_line.contains("1 | …"), "{source_line}");
    let carets = caret_line_after(&output, "ghp_");
    assert_eq!(char_column(carets, "^"), char_column(source_line, "ghp_"));
    assert_eq!(carets.matches('^').count(), 40);
}

#[test]
fn multi_line_spans_mark_their_first_and_last_line() {
    let output = render_text(&fixture_report(), &PLAIN);
    let first = caret_line_after(&output, "resource \"aws_s3_bucket\" \"logs\" {");
    assert_eq!(
        first.matches('^').count(),
        "resource \"aws_s3_bucket\" \"logs\" {".len()
    );
    let middle = caret_line_after(&output, "bucket = \"acme-logs\"");
    assert!(!middle.contains('^'), "{middle}");
    let lines: Vec<&str> = output.lines().collect();
    let last = lines
        .iter()
        .position(|l| l.starts_with("22 | }"))
        .expect("closing brace line");
    assert_eq!(lines[last + 1].trim_end(), "   | ^");
}

#[test]
fn findings_are_grouped_by_file_with_location_fix_and_classification() {
    let output = render_text(&fixture_report(), &PLAIN);
    assert_eq!(output.matches("\ninfra/main.tf\n").count(), 1, "{output}");
    assert!(output.contains("critical FG1001 hardcoded-secret: AWS secret access key"));
    assert!(output.contains("--> config/.env:3:23 · key AWS_SECRET_ACCESS_KEY"));
    assert!(output.contains("= fix: Revoke the credential"));
    assert!(output.contains(
        "= factor III (Config) · STRIDE information-disclosure, spoofing · evidence: wJal… (40 chars)"
    ));
}

#[test]
fn region_less_findings_render_without_snippet() {
    let output = render_text(&fixture_report(), &PLAIN);
    let lines: Vec<&str> = output.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.contains("FG1010"))
        .expect("the .gitignore finding");
    assert_eq!(lines[header + 1], " --> .gitignore · pattern .env*");
    assert!(lines[header + 2].starts_with("  = fix:"), "{output}");
}

#[test]
fn errors_and_summary_are_listed() {
    let output = render_text(&fixture_report(), &PLAIN);
    assert!(
        output.contains("could not scan 2 files:\n  data/dump.yaml: invalid UTF-8 at byte 12\n")
    );
    assert!(output.contains("findings    7 (critical 2 · high 2 · medium 1 · low 1 · info 1)"));
    assert!(output.contains("III Config 3"));
    assert!(output.contains("VI Processes 2"));
    assert!(output.contains("elevation-of-privilege 2"));
    assert!(output.contains("files       42 scanned · 123 skipped (binary 3 · vendored 120)"));
    assert!(output.contains("suppressed  3"));
    assert!(output.contains("duration    1.23 s"));
}

#[test]
fn suppressed_findings_are_shown_only_on_request() {
    let report = fixture_report();
    assert!(!render_text(&report, &PLAIN).contains("app/settings.py"));
    let shown = render_text(
        &report,
        &TextOptions {
            show_suppressed: true,
            ..PLAIN
        },
    );
    assert!(shown.contains("Suppressed findings (3)"));
    assert!(shown.contains(
        "suppressed (inline): mesh sidecar adds mTLS (until 2027-03-31) [app/settings.py:8]"
    ));
    assert!(shown.contains("suppressed (baseline): accepted in the baseline"));
}

#[test]
fn colour_output_uses_ansi_codes() {
    let output = render_text(
        &fixture_report(),
        &TextOptions {
            color: true,
            show_suppressed: true,
        },
    );
    // Red bold for critical, yellow for medium, and resets.
    assert!(output.contains("\u{1b}[1m\u{1b}[31mcritical"), "{output}");
    assert!(output.contains("\u{1b}[33mmedium"));
    assert!(output.contains("\u{1b}[0m"));
}

#[test]
fn empty_report_says_so() {
    let output = render_text(&Report::new("."), &PLAIN);
    assert!(output.starts_with("Summary\n  findings    0\n"), "{output}");
}

#[test]
fn hostile_text_cannot_reach_the_terminal() {
    for color in [false, true] {
        let output = render_text(
            &odd_report(),
            &TextOptions {
                color,
                show_suppressed: true,
            },
        );
        // Only our own SGR sequences may appear: every ESC is followed by `[` and digits/`;` then `m`.
        let mut rest = output.as_str();
        while let Some(at) = rest.find('\u{1b}') {
            let sequence = &rest[at + 1..];
            let end = sequence.find('m').expect("SGR sequence ends with m");
            assert!(
                sequence.starts_with('[')
                    && sequence[1..end]
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == ';'),
                "foreign escape sequence {:?}",
                &sequence[..end.min(20)]
            );
            rest = &sequence[end..];
        }
        assert!(!color || output.contains('\u{1b}'));
        assert!(!output.contains('\u{7}'));
    }
}

#[test]
fn zero_width_span_gets_one_caret() {
    let mut report = Report::new(".");
    let mut f = finding(
        &HARDCODED_SECRET,
        "a.env",
        Some(region(1, 3, 1, 3)),
        "empty",
    );
    f.snippet = snippet(1, &["A=", "B=2"]);
    report.findings.push(f);
    let output = render_text(&report, &PLAIN);
    assert_eq!(caret_line_after(&output, "1 | A="), "  |   ^");
}

#[test]
fn fixed_report_snapshot() {
    let output = render_text(
        &fixture_report(),
        &TextOptions {
            color: false,
            show_suppressed: true,
        },
    );
    insta::assert_snapshot!("text_report", output);
}

#[test]
fn module_calls_are_listed_under_the_finding() {
    let text = render_text(
        &report_with_module_calls(),
        &TextOptions {
            color: false,
            show_suppressed: false,
        },
    );
    assert!(
        text.contains(
            "= via module.app (envs/prod/main.tf:28) → module.app.module.db[\"a\"] (modules/app/main.tf:5)"
        ),
        "{text}"
    );
}
