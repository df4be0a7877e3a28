//! YAML with byte spans on every node, parsed once per file with saphyr's marked nodes and
//! converted to the shared [`Node`] tree. Multi-document files (`---`) keep every document.

use super::tree::{Entry, Node, Value};
use factorguard_core::{ParseError, ParsedDocument, SourceFile};
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

/// Deeper documents are reported as a parse error rather than risking the stack.
const MAX_DEPTH: usize = 256;

/// Every document of a YAML file, in order.
#[derive(Debug)]
pub struct YamlDocument {
    pub documents: Vec<Node>,
}

impl ParsedDocument for YamlDocument {
    fn parse(file: &SourceFile<'_>) -> Result<Self, ParseError> {
        let text = file.text().ok_or_else(|| ParseError {
            format: "YAML",
            message: "the file is not valid UTF-8".into(),
            offset: None,
        })?;
        parse_yaml(text, file.text_offset()).map(|documents| YamlDocument { documents })
    }
}

/// Parse every document of `text`; spans are offset by `base` (the BOM length).
pub fn parse_yaml(text: &str, base: usize) -> Result<Vec<Node>, ParseError> {
    let offsets = CharOffsets::new(text, base);
    if let Some(line_start) = too_deep(text) {
        return Err(ParseError {
            format: "YAML",
            message: format!("block nesting deeper than {MAX_BLOCK_INDENT} columns"),
            offset: Some(base + line_start),
        });
    }
    // The parser is third-party code fed untrusted input: a panic in it must become a parse
    // error for this file, never the end of the scan.
    let loaded = std::panic::catch_unwind(|| MarkedYaml::load_from_str(text));
    let docs = match loaded {
        Ok(Ok(docs)) => docs,
        Ok(Err(error)) => {
            let marker = error.marker();
            return Err(ParseError {
                format: "YAML",
                message: format!(
                    "{} at line {} column {}",
                    error.info(),
                    marker.line(),
                    marker.col() + 1
                ),
                offset: Some(offsets.byte(marker.index())),
            });
        }
        Err(_) => {
            return Err(ParseError {
                format: "YAML",
                message: "the YAML parser failed on this input".into(),
                offset: None,
            })
        }
    };
    docs.iter().map(|doc| convert(doc, &offsets, 0)).collect()
}

/// Widest structural indentation accepted (leading spaces, `- ` and `? ` indicators). A nested
/// block collection must start right of its parent, so this bounds the nesting depth; saphyr
/// builds and drops trees recursively, and thousands of levels (`- - - - …`) overflow the stack.
const MAX_BLOCK_INDENT: usize = 400;

/// The start of the first line whose indentation is beyond [`MAX_BLOCK_INDENT`].
fn too_deep(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let indent = line
            .bytes()
            .take_while(|b| matches!(b, b' ' | b'\t' | b'-' | b'?'))
            .count();
        if indent > MAX_BLOCK_INDENT {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// saphyr's markers count characters; findings need byte offsets into the file.
struct CharOffsets {
    /// Byte offset of each character, or empty when the text is ASCII (offsets are equal).
    table: Vec<usize>,
    len: usize,
    base: usize,
}

impl CharOffsets {
    fn new(text: &str, base: usize) -> Self {
        let table = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices().map(|(i, _)| i).collect()
        };
        CharOffsets {
            table,
            len: text.len(),
            base,
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        let offset = if self.table.is_empty() {
            char_index.min(self.len)
        } else {
            self.table.get(char_index).copied().unwrap_or(self.len)
        };
        self.base + offset
    }
}

fn convert(node: &MarkedYaml<'_>, offsets: &CharOffsets, depth: usize) -> Result<Node, ParseError> {
    if depth > MAX_DEPTH {
        return Err(ParseError {
            format: "YAML",
            message: "nesting too deep".into(),
            offset: Some(offsets.byte(node.span.start.index())),
        });
    }
    let start = offsets.byte(node.span.start.index());
    let end = offsets.byte(node.span.end.index()).max(start);
    let value = match &node.data {
        YamlData::Value(scalar) => scalar_value(scalar),
        YamlData::Representation(raw, _, _) => Value::String(raw.to_string()),
        YamlData::Sequence(items) => Value::Sequence(
            items
                .iter()
                .map(|item| convert(item, offsets, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        YamlData::Mapping(map) => Value::Mapping(
            map.iter()
                .map(|(k, v)| {
                    Ok(Entry {
                        key: convert(k, offsets, depth + 1)?,
                        value: convert(v, offsets, depth + 1)?,
                    })
                })
                .collect::<Result<_, ParseError>>()?,
        ),
        YamlData::Tagged(_, inner) => return convert(inner, offsets, depth + 1),
        YamlData::Alias(_) | YamlData::BadValue => Value::Other,
    };
    Ok(Node {
        span: start..end,
        value,
    })
}

fn scalar_value(scalar: &Scalar<'_>) -> Value {
    match scalar {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Bool(*b),
        Scalar::Integer(i) => Value::Number(i.to_string()),
        Scalar::FloatingPoint(f) => Value::Number(f.to_string()),
        Scalar::String(s) => Value::String(s.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::tree::Step;

    const KUBECONFIG: &str = "apiVersion: v1
kind: Config
users:
- name: ci
  user:
    token: \"abc.def\"
    password: hunter22
---
kind: Other
port: 8080
";

    #[test]
    fn keeps_key_spans_in_every_document() {
        let docs = parse_yaml(KUBECONFIG, 0).unwrap();
        assert_eq!(docs.len(), 2);
        let path = [
            Step::Key("users"),
            Step::Index(0),
            Step::Key("user"),
            Step::Key("token"),
        ];
        let span = docs[0].key_span(&path).unwrap();
        assert_eq!(&KUBECONFIG[span], "token");
        let entry = docs[0].entry_at(&path).unwrap();
        assert_eq!(entry.value.as_str(), Some("abc.def"));
        assert_eq!(
            &KUBECONFIG[entry.line_span(KUBECONFIG.as_bytes())],
            "token: \"abc.def\""
        );
        assert_eq!(
            docs[1].get("port").unwrap().value,
            Value::Number("8080".into())
        );
    }

    #[test]
    fn spans_are_bytes_not_characters() {
        let text = "name: \"élan—ü\"\nsecret: x\n";
        let docs = parse_yaml(text, 3).unwrap();
        let span = docs[0].key_span(&[Step::Key("secret")]).unwrap();
        assert_eq!(&text[span.start - 3..span.end - 3], "secret");
    }

    #[test]
    fn errors_never_panic() {
        for bad in [
            "a: [1, 2",
            "key: \"unterminated",
            "\t- tab",
            "a: b\n c: d\n- e",
            "*unknown_alias",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        ] {
            let _ = parse_yaml(bad, 0);
        }
        assert!(parse_yaml("a: [1, 2", 0).is_err());
        assert!(parse_yaml(&"- ".repeat(5_000), 0).is_err());
        assert!(parse_yaml(&"[".repeat(100_000), 0).is_err());
        let deep_mapping: String = (0..3_000)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect();
        assert!(parse_yaml(&deep_mapping, 0).is_err());
        // Up to the limit, deep documents parse (or fail) without overflowing the stack.
        let _ = parse_yaml(&"- ".repeat(MAX_BLOCK_INDENT / 2), 0);
        let at_limit: String = (0..MAX_BLOCK_INDENT)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect();
        assert!(parse_yaml(&at_limit, 0).is_err(), "deeper than MAX_DEPTH");
        assert!(parse_yaml("", 0).unwrap().is_empty());
    }
}
