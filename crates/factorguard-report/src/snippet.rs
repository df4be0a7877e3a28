//! A small snippet renderer: numbered source lines with the finding's span underlined.
//!
//! Columns count Unicode scalar values, as [`Region`] does; tabs were already turned into
//! single spaces when the snippet was taken, so one character is one column here.

use crate::wording::printable;
use anstyle::Style;
use factorguard_core::{Region, Snippet};
use std::fmt::Write as _;

/// Lines longer than this are cut (with `…`) so one minified line cannot flood a terminal.
const MAX_DISPLAY_CHARS: usize = 200;
/// When a span starts far right, this many characters of context are kept before it.
const LEFT_CONTEXT_CHARS: usize = 40;

pub(crate) struct SnippetStyles {
    pub gutter: Style,
    pub marker: Style,
}

/// Width of the line-number gutter for `snippet` (at least one digit).
pub(crate) fn gutter_width(snippet: &Snippet) -> usize {
    let last = u64::from(snippet.first_line) + snippet.lines.len().saturating_sub(1) as u64;
    last.max(1).to_string().len()
}

/// A half-open range of display columns (0-based, within the shown window) to underline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Underline {
    start: usize,
    end: usize,
}

/// Where the span starts and ends, in 0-based character columns of the original lines.
/// `end_column` is `None` when the span runs to the end of `end_line`.
struct Span {
    start_line: u32,
    start_column: usize,
    end_line: u32,
    end_column: Option<usize>,
}

impl Span {
    fn from_region(region: Region) -> Span {
        let start_column = region.start_column.saturating_sub(1) as usize;
        // An exclusive end at column 1 of a later line ends the span on the line before.
        if region.end_line > region.start_line && region.end_column <= 1 {
            return Span {
                start_line: region.start_line,
                start_column,
                end_line: region.end_line - 1,
                end_column: None,
            };
        }
        Span {
            start_line: region.start_line,
            start_column,
            end_line: region.end_line.max(region.start_line),
            end_column: Some(region.end_column.saturating_sub(1) as usize),
        }
    }

    fn is_single_line(&self) -> bool {
        self.start_line == self.end_line
    }
}

/// Render `snippet` under a gutter of `width`, underlining `region` with `^`: the whole span
/// when it sits on one line, its first and its last line when it spans several.
pub(crate) fn render_snippet(
    out: &mut String,
    snippet: &Snippet,
    region: Option<Region>,
    width: usize,
    styles: &SnippetStyles,
) {
    let span = region.map(Span::from_region);
    let lines: Vec<Vec<char>> = snippet
        .lines
        .iter()
        .map(|line| printable(line).chars().collect())
        .collect();
    let window = window_start(&lines, snippet, span.as_ref());
    let shift = snippet.column_offset as usize + window;
    let cut_left = shift > 0;
    let gutter = styles.gutter;

    let _ = writeln!(out, "{gutter}{:width$} |{gutter:#}", "");
    for (index, chars) in lines.iter().enumerate() {
        let number = u64::from(snippet.first_line) + index as u64;
        let shown: Vec<char> = chars
            .iter()
            .copied()
            .skip(window)
            .take(MAX_DISPLAY_CHARS)
            .collect();
        let cut_right = chars.len().saturating_sub(window) > MAX_DISPLAY_CHARS;
        let mut text = String::new();
        if cut_left {
            text.push('…');
        }
        text.extend(shown.iter());
        if cut_right {
            text.push('…');
        }
        let separator = if text.is_empty() { "" } else { " " };
        let _ = writeln!(out, "{gutter}{number:>width$} |{gutter:#}{separator}{text}");
        let underline = span
            .as_ref()
            .and_then(|span| underline_for(span, number, &shown, shift));
        if let Some(underline) = underline {
            let lead = underline.start + usize::from(cut_left);
            let carets = "^".repeat(underline.end - underline.start);
            let marker = styles.marker;
            let _ = writeln!(
                out,
                "{gutter}{:width$} |{gutter:#} {:lead$}{marker}{carets}{marker:#}",
                "", ""
            );
        }
    }
    let _ = writeln!(out, "{gutter}{:width$} |{gutter:#}", "");
}

/// Characters to skip on every line so a span far to the right stays on screen. The scanner
/// usually windows long lines already (`column_offset`); this covers snippets built elsewhere.
fn window_start(lines: &[Vec<char>], snippet: &Snippet, span: Option<&Span>) -> usize {
    let Some(span) = span.filter(|s| s.is_single_line()) else {
        return 0;
    };
    let Some(index) = span.start_line.checked_sub(snippet.first_line) else {
        return 0;
    };
    let Some(line) = lines.get(index as usize) else {
        return 0;
    };
    let start = span
        .start_column
        .saturating_sub(snippet.column_offset as usize)
        .min(line.len());
    if start > MAX_DISPLAY_CHARS / 2 {
        start - LEFT_CONTEXT_CHARS
    } else {
        0
    }
}

/// The underline for line `number`, given the characters shown on it and how many characters
/// of the original line precede the first shown one.
fn underline_for(span: &Span, number: u64, shown: &[char], shift: usize) -> Option<Underline> {
    let is_start = number == u64::from(span.start_line);
    let is_end = number == u64::from(span.end_line);
    if !is_start && !is_end {
        return None;
    }
    let len = shown.len();
    let start = if is_start {
        span.start_column.saturating_sub(shift).min(len)
    } else {
        // The last line of a multi-line span: underline from its first visible character.
        shown.iter().position(|c| *c != ' ').unwrap_or(0)
    };
    let end = if is_end {
        match span.end_column {
            Some(column) => column.saturating_sub(shift).min(len),
            None => len,
        }
    } else {
        len
    };
    // An empty span (or one past the end of the line) still gets one caret to point with.
    let end = end.max(start + 1);
    Some(Underline { start, end })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain() -> SnippetStyles {
        SnippetStyles {
            gutter: Style::new(),
            marker: Style::new(),
        }
    }

    fn render(snippet: &Snippet, region: Region) -> String {
        let mut out = String::new();
        render_snippet(
            &mut out,
            snippet,
            Some(region),
            gutter_width(snippet),
            &plain(),
        );
        out
    }

    fn region(start_line: u32, start_column: u32, end_line: u32, end_column: u32) -> Region {
        Region {
            start_line,
            start_column,
            end_line,
            end_column,
        }
    }

    #[test]
    fn underlines_a_single_line_span() {
        let snippet = Snippet {
            first_line: 9,
            lines: vec!["a = 1".into(), "key = value".into()],
            column_offset: 0,
        };
        let out = render(&snippet, region(10, 7, 10, 12));
        assert_eq!(
            out,
            "   |\n 9 | a = 1\n10 | key = value\n   |       ^^^^^\n   |\n"
        );
    }

    #[test]
    fn marks_first_and_last_line_of_a_multi_line_span() {
        let snippet = Snippet {
            first_line: 1,
            lines: vec!["block {".into(), "  x = 1".into(), "  }".into()],
            column_offset: 0,
        };
        let out = render(&snippet, region(1, 1, 3, 4));
        assert_eq!(
            out,
            "  |\n1 | block {\n  | ^^^^^^^\n2 |   x = 1\n3 |   }\n  |   ^\n  |\n"
        );
    }

    #[test]
    fn span_ending_at_column_one_ends_on_the_previous_line() {
        let snippet = Snippet {
            first_line: 1,
            lines: vec!["ab".into(), "cd".into(), "ef".into()],
            column_offset: 0,
        };
        let out = render(&snippet, region(1, 2, 3, 1));
        assert_eq!(out, "  |\n1 | ab\n  |  ^\n2 | cd\n  | ^^\n3 | ef\n  |\n");
    }

    #[test]
    fn column_offset_shifts_the_underline_and_marks_the_cut() {
        let snippet = Snippet {
            first_line: 1,
            lines: vec!["xyz SECRET".into()],
            column_offset: 100,
        };
        let out = render(&snippet, region(1, 105, 1, 111));
        assert_eq!(out, "  |\n1 | …xyz SECRET\n  |      ^^^^^^\n  |\n");
    }

    #[test]
    fn very_long_lines_are_windowed_around_the_span() {
        let line = format!("{}NEEDLE{}", "a".repeat(5000), "b".repeat(5000));
        let snippet = Snippet {
            first_line: 1,
            lines: vec![line],
            column_offset: 0,
        };
        let out = render(&snippet, region(1, 5001, 1, 5007));
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[1].chars().count() < MAX_DISPLAY_CHARS + 10);
        let text_col = lines[1].find("NEEDLE").unwrap();
        let caret_col = lines[2].find('^').unwrap();
        // `…` is three bytes but one column.
        assert_eq!(caret_col + 2, text_col);
        assert_eq!(lines[2].matches('^').count(), 6);
    }

    #[test]
    fn regions_outside_the_snippet_underline_nothing_and_do_not_panic() {
        let snippet = Snippet {
            first_line: 1,
            lines: vec!["only".into()],
            column_offset: 0,
        };
        for r in [
            region(0, 0, 0, 0),
            region(7, 3, 2, 1),
            region(1, 90, 1, 2),
            region(u32::MAX, u32::MAX, u32::MAX, u32::MAX),
        ] {
            let out = render(&snippet, r);
            assert!(out.contains("1 | only"));
        }
        let empty = Snippet {
            first_line: u32::MAX,
            lines: vec![],
            column_offset: u32::MAX,
        };
        render(&empty, region(1, 1, 1, 1));
    }
}
