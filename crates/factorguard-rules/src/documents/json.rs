//! JSON with byte spans on every node. A small recursive-descent parser: `serde_json` keeps no
//! positions, and rules must point at the offending key. Nesting is bounded so hostile input
//! cannot overflow the stack.

use super::tree::{Entry, Node, Value};
use factorguard_core::{ParseError, ParsedDocument, SourceFile};

/// Deeper documents are reported as a parse error rather than risking the stack.
const MAX_DEPTH: usize = 256;

/// A whole JSON file.
#[derive(Debug)]
pub struct JsonDocument {
    pub root: Node,
}

impl ParsedDocument for JsonDocument {
    fn parse(file: &SourceFile<'_>) -> Result<Self, ParseError> {
        let text = file.text().ok_or_else(|| ParseError {
            format: "JSON",
            message: "the file is not valid UTF-8".into(),
            offset: None,
        })?;
        parse_json(text, file.text_offset()).map(|root| JsonDocument { root })
    }
}

/// Parse `text`; spans are offset by `base` (the BOM length, so they index the file's bytes).
pub fn parse_json(text: &str, base: usize) -> Result<Node, ParseError> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        pos: 0,
        base,
    };
    parser.skip_ws();
    let root = parser.value(0)?;
    parser.skip_ws();
    if parser.pos < parser.bytes.len() {
        return Err(parser.error("unexpected content after the JSON value"));
    }
    Ok(root)
}

struct Parser<'t> {
    bytes: &'t [u8],
    pos: usize,
    base: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str) -> ParseError {
        let (line, column) = self.line_col();
        ParseError {
            format: "JSON",
            message: format!("{message} at line {line} column {column}"),
            offset: Some(self.base + self.pos),
        }
    }

    fn line_col(&self) -> (usize, usize) {
        let upto = &self.bytes[..self.pos.min(self.bytes.len())];
        let line = memchr::memchr_iter(b'\n', upto).count() + 1;
        let line_start = memchr::memrchr(b'\n', upto).map_or(0, |i| i + 1);
        let column = upto[line_start..]
            .iter()
            .filter(|b| (**b & 0xC0) != 0x80)
            .count()
            + 1;
        (line, column)
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn node(&self, start: usize, value: Value) -> Node {
        Node {
            span: self.base + start..self.base + self.pos,
            value,
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nesting too deep"));
        }
        let start = self.pos;
        match self.bytes.get(self.pos) {
            None => Err(self.error("unexpected end of input")),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => {
                let s = self.string()?;
                Ok(self.node(start, Value::String(s)))
            }
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a JSON value")),
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Node, ParseError> {
        let start = self.pos;
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(self.node(start, value))
        } else {
            Err(self.error("invalid literal"))
        }
    }

    fn number(&mut self) -> Result<Node, ParseError> {
        let start = self.pos;
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let digits_start = self.pos;
        self.digits();
        if self.pos == digits_start {
            return Err(self.error("invalid number"));
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            let frac = self.pos;
            self.digits();
            if self.pos == frac {
                return Err(self.error("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            let exp = self.pos;
            self.digits();
            if self.pos == exp {
                return Err(self.error("invalid number"));
            }
        }
        let raw = String::from_utf8_lossy(&self.bytes[start..self.pos]).into_owned();
        Ok(self.node(start, Value::Number(raw)))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn string(&mut self) -> Result<String, ParseError> {
        // Opening quote.
        self.pos += 1;
        let mut out = String::new();
        loop {
            let rest = &self.bytes[self.pos..];
            let Some(stop) = memchr::memchr2(b'"', b'\\', rest) else {
                self.pos = self.bytes.len();
                return Err(self.error("unterminated string"));
            };
            let chunk = &rest[..stop];
            if chunk.iter().any(|b| *b < 0x20) {
                return Err(self.error("control character in string"));
            }
            // The input is valid UTF-8 and we split only at ASCII bytes.
            out.push_str(&String::from_utf8_lossy(chunk));
            self.pos += stop;
            if self.bytes[self.pos] == b'"' {
                self.pos += 1;
                return Ok(out);
            }
            self.pos += 1;
            let Some(&escape) = self.bytes.get(self.pos) else {
                return Err(self.error("unterminated string"));
            };
            self.pos += 1;
            match escape {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => {
                    let first = self.hex4()?;
                    let code = if (0xD800..0xDC00).contains(&first)
                        && self.bytes[self.pos..].starts_with(b"\\u")
                    {
                        self.pos += 2;
                        let second = self.hex4()?;
                        if (0xDC00..0xE000).contains(&second) {
                            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                        } else {
                            0xFFFD
                        }
                    } else {
                        first
                    };
                    out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                }
                _ => return Err(self.error("invalid escape in string")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let Some(digits) = self.bytes.get(self.pos..self.pos + 4) else {
            return Err(self.error("truncated \\u escape"));
        };
        let mut code = 0u32;
        for d in digits {
            let v = (*d as char)
                .to_digit(16)
                .ok_or_else(|| self.error("invalid \\u escape"))?;
            code = code * 16 + v;
        }
        self.pos += 4;
        Ok(code)
    }

    fn array(&mut self, depth: usize) -> Result<Node, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(self.node(start, Value::Sequence(items)));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(self.node(start, Value::Sequence(items)));
                }
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Node, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let mut entries = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(self.node(start, Value::Mapping(entries)));
        }
        loop {
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return Err(self.error("expected a string key"));
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key = self.node(key_start, Value::String(key));
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.error("expected `:`"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            entries.push(Entry { key, value });
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(self.node(start, Value::Mapping(entries)));
                }
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::tree::Step;

    #[test]
    fn keeps_spans_and_unescapes() {
        let text = r#"{ "a": {"b\u0041": [1, -2.5e3, true, null]}, "s": "x\"y" }"#;
        let root = parse_json(text, 0).unwrap();
        let span = root.key_span(&[Step::Key("a"), Step::Key("bA")]).unwrap();
        assert_eq!(&text[span], r#""b\u0041""#);
        let item = root
            .at(&[Step::Key("a"), Step::Key("bA"), Step::Index(1)])
            .unwrap();
        assert_eq!(item.value, Value::Number("-2.5e3".into()));
        assert_eq!(root.get_str("s"), Some("x\"y"));
    }

    #[test]
    fn rejects_bad_json_without_panicking() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "\"abc",
            "tru",
            "01x",
            "{\"a\":\"\\u12\"}",
            "[1] 2",
            "\"\\",
            "-",
            "1.",
            "1e",
            "{\"a\":}",
        ] {
            assert!(parse_json(bad, 0).is_err(), "{bad:?} should fail");
        }
        let deep = "[".repeat(10_000);
        assert!(parse_json(&deep, 0).is_err());
    }

    #[test]
    fn spans_are_offset_by_the_bom() {
        let root = parse_json("{\"k\": 1}", 3).unwrap();
        assert_eq!(root.key_span(&[Step::Key("k")]), Some(4..7));
    }
}
