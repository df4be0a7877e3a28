//! dotenv files (`KEY=value`, `export KEY="value"`), with the byte span of every key and value.
//! Lenient like the loaders: lines that are not assignments are skipped.

use factorguard_core::{ParseError, ParsedDocument, SourceFile};
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DotenvEntry {
    pub key: String,
    pub key_span: Range<usize>,
    /// The value without its quotes (escapes are not interpreted).
    pub value: String,
    /// Bytes of the value inside its quotes; empty (at the `=`) for an empty value.
    pub value_span: Range<usize>,
    /// From the key (or `export`) to the end of the value, closing quote included.
    pub span: Range<usize>,
    pub quoted: bool,
}

#[derive(Debug, Default)]
pub struct DotenvDocument {
    pub entries: Vec<DotenvEntry>,
}

impl ParsedDocument for DotenvDocument {
    fn parse(file: &SourceFile<'_>) -> Result<Self, ParseError> {
        let text = file.text().ok_or_else(|| ParseError {
            format: "dotenv",
            message: "the file is not valid UTF-8".into(),
            offset: None,
        })?;
        Ok(parse_dotenv(text, file.text_offset()))
    }
}

/// Parse `text`; spans are offset by `base`.
pub fn parse_dotenv(text: &str, base: usize) -> DotenvDocument {
    let bytes = text.as_bytes();
    let mut entries = Vec::new();
    let mut pos = 0;
    while pos < bytes.len() {
        let line_end = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
        let resume = match parse_assignment(bytes, pos, line_end) {
            Some((entry, value_end)) => {
                entries.push(DotenvEntry {
                    key_span: entry.key_span.start + base..entry.key_span.end + base,
                    value_span: entry.value_span.start + base..entry.value_span.end + base,
                    span: entry.span.start + base..entry.span.end + base,
                    ..entry
                });
                // A quoted value may run over several lines: resume after the line it ends on.
                value_end.max(line_end)
            }
            None => line_end,
        };
        pos = memchr::memchr(b'\n', &bytes[resume..]).map_or(bytes.len(), |i| resume + i + 1);
    }
    DotenvDocument { entries }
}

fn is_key_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')
}

/// One `KEY=value` starting on the line `start..line_end`; returns the entry and the offset
/// where its value ended (past `line_end` for a multi-line quoted value).
fn parse_assignment(bytes: &[u8], start: usize, line_end: usize) -> Option<(DotenvEntry, usize)> {
    let mut i = start;
    while i < line_end && matches!(bytes[i], b' ' | b'\t') {
        i += 1;
    }
    let stmt_start = i;
    if bytes[i..line_end].starts_with(b"export ") {
        i += "export ".len();
        while i < line_end && matches!(bytes[i], b' ' | b'\t') {
            i += 1;
        }
    }
    if i >= line_end || !is_key_start(bytes[i]) {
        return None;
    }
    let key_start = i;
    while i < line_end && is_key_byte(bytes[i]) {
        i += 1;
    }
    let key_end = i;
    while i < line_end && matches!(bytes[i], b' ' | b'\t') {
        i += 1;
    }
    if i >= line_end || bytes[i] != b'=' {
        return None;
    }
    i += 1;
    while i < line_end && matches!(bytes[i], b' ' | b'\t') {
        i += 1;
    }
    let key = String::from_utf8_lossy(&bytes[key_start..key_end]).into_owned();
    let (value_span, span_end, quoted) = match bytes.get(i) {
        Some(&q @ (b'"' | b'\'' | b'`')) if i < line_end => {
            let open = i + 1;
            let mut j = open;
            let mut close = None;
            while j < bytes.len() {
                if bytes[j] == b'\\' && q == b'"' {
                    j += 2;
                    continue;
                }
                if bytes[j] == q {
                    close = Some(j);
                    break;
                }
                j += 1;
            }
            match close {
                Some(close) => (open..close, close + 1, true),
                // An unclosed quote: the rest of the line is the value.
                None => (open..trim_end(bytes, open, line_end), line_end, true),
            }
        }
        _ => {
            let mut end = i;
            while end < line_end {
                if bytes[end] == b'#' && end > i && matches!(bytes[end - 1], b' ' | b'\t') {
                    break;
                }
                end += 1;
            }
            let end = trim_end(bytes, i, end);
            (i..end, end, false)
        }
    };
    let value_span = value_span.start.min(bytes.len())..value_span.end.min(bytes.len());
    let value = String::from_utf8_lossy(&bytes[value_span.clone()]).into_owned();
    Some((
        DotenvEntry {
            key,
            key_span: key_start..key_end,
            value,
            value_span,
            span: stmt_start..span_end.min(bytes.len()),
            quoted,
        },
        span_end,
    ))
}

fn trim_end(bytes: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && matches!(bytes[end - 1], b' ' | b'\t' | b'\r') {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_quoted_exported_and_multiline_values() {
        let text = "# comment\nA=1\nexport B = \"two words\" # note\nC='x\ny'\nD=\nE=plain # trailing\nnot an assignment\nF=last";
        let doc = parse_dotenv(text, 0);
        let got: Vec<_> = doc
            .entries
            .iter()
            .map(|e| (e.key.as_str(), e.value.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("A", "1"),
                ("B", "two words"),
                ("C", "x\ny"),
                ("D", ""),
                ("E", "plain"),
                ("F", "last")
            ]
        );
        let b = &doc.entries[1];
        assert_eq!(&text[b.value_span.clone()], "two words");
        assert_eq!(&text[b.span.clone()], "export B = \"two words\"");
    }

    #[test]
    fn odd_input_never_panics() {
        for text in [
            "", "=", "A=\"", "A='\\", "export", "A=\"\\", "\n\n\n", "A=\r\n",
        ] {
            let _ = parse_dotenv(text, 0);
        }
    }
}
