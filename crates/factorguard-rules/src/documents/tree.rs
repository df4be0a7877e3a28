//! A parsed structured document (YAML or JSON) as a tree whose every node keeps the byte span it
//! came from, so a rule can point a finding at the exact key or value.

use std::ops::Range;

/// One node and where it is in the file (byte offsets into `SourceFile::bytes`).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Range<usize>,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// A number as written (JSON) or as resolved by the YAML core schema.
    Number(String),
    String(String),
    Sequence(Vec<Node>),
    /// Entries in document order; duplicate keys are kept.
    Mapping(Vec<Entry>),
    /// A YAML alias, or a value the parser could not resolve.
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

impl Entry {
    /// The key as a string, if it is a scalar.
    pub fn key_str(&self) -> Option<&str> {
        self.key.as_scalar_str()
    }

    /// From the start of the key to the end of the value: `key: value` on one line, or
    /// just the key when the value is a block starting on a later line.
    pub fn line_span(&self, bytes: &[u8]) -> Range<usize> {
        let start = self.key.span.start;
        let key_end = self.key.span.end.min(bytes.len());
        let line_end = memchr::memchr(b'\n', &bytes[key_end..])
            .map(|i| key_end + i)
            .unwrap_or(bytes.len());
        let end = if self.value.span.end <= line_end && self.value.span.end > key_end {
            self.value.span.end
        } else {
            key_end
        };
        start..end.max(start)
    }
}

/// One step of a path into a tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'k> {
    Key(&'k str),
    Index(usize),
}

impl<'k> From<&'k str> for Step<'k> {
    fn from(key: &'k str) -> Self {
        Step::Key(key)
    }
}

impl From<usize> for Step<'_> {
    fn from(index: usize) -> Self {
        Step::Index(index)
    }
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Strings and numbers as text (YAML keys such as `8080:` are numbers).
    pub fn as_scalar_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) | Value::Number(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_mapping(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Sequence(items) => Some(items),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// The first entry whose key is `key`.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_mapping()?.iter().find(|e| e.key_str() == Some(key))
    }

    /// The value under `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// The string under `key`, if it is one.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key)?.as_str()
    }

    /// Follow `path` (keys and sequence indices) from this node.
    pub fn at<'k>(&self, path: &[Step<'k>]) -> Option<&Node> {
        let mut node = self;
        for step in path {
            node = match *step {
                Step::Key(key) => node.get(key)?,
                Step::Index(i) => node.as_sequence()?.get(i)?,
            };
        }
        Some(node)
    }

    /// The entry at the end of `path` (whose last step must be a key), with its key span.
    pub fn entry_at<'k>(&self, path: &[Step<'k>]) -> Option<&Entry> {
        let (last, parents) = path.split_last()?;
        match last {
            Step::Key(key) => self.at(parents)?.entry(key),
            Step::Index(_) => None,
        }
    }

    /// Byte span of the key at the end of `path`, for pointing a finding at it.
    pub fn key_span<'k>(&self, path: &[Step<'k>]) -> Option<Range<usize>> {
        self.entry_at(path).map(|e| e.key.span.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(span: Range<usize>, v: &str) -> Node {
        Node {
            span,
            value: Value::String(v.into()),
        }
    }

    #[test]
    fn paths_follow_keys_and_indices() {
        let root = Node {
            span: 0..20,
            value: Value::Mapping(vec![Entry {
                key: s(0..5, "users"),
                value: Node {
                    span: 7..20,
                    value: Value::Sequence(vec![Node {
                        span: 9..20,
                        value: Value::Mapping(vec![Entry {
                            key: s(9..13, "name"),
                            value: s(15..20, "alice"),
                        }]),
                    }]),
                },
            }]),
        };
        let path = [Step::Key("users"), Step::Index(0), Step::Key("name")];
        assert_eq!(root.at(&path).and_then(Node::as_str), Some("alice"));
        assert_eq!(root.key_span(&path), Some(9..13));
        assert_eq!(root.at(&[Step::Key("nope")]), None);
        assert_eq!(root.at(&[Step::Index(3)]), None);
    }
}
