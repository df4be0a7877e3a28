//! A file as rules see it: its bytes read once, its kinds, a lazily built line index and a
//! cache so each parser runs at most once per file however many rules ask for the document.

use crate::rule::{DocKind, KindSet};
use std::any::{Any, TypeId};
use std::cell::{OnceCell, RefCell};
use std::sync::Arc;

/// A parse failure, reported once per file and parser as a finding of its own (FG0001).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What was being parsed, e.g. `YAML` or `Terraform`.
    pub format: &'static str,
    pub message: String,
    /// Byte offset of the error when the parser knows it.
    pub offset: Option<usize>,
}

/// A document parsed from a file. Parsers live next to the rules that use them.
pub trait ParsedDocument: Sized + Send + Sync + 'static {
    fn parse(file: &SourceFile<'_>) -> Result<Self, ParseError>;
}

type CachedParse = Arc<dyn Any + Send + Sync>;

pub struct SourceFile<'a> {
    /// Path relative to the scan root, with `/` separators.
    pub path: &'a str,
    pub bytes: &'a [u8],
    pub kinds: KindSet,
    /// Whether `bytes` (after any BOM) is valid UTF-8, decided once. Kept as a flag rather than
    /// a `&'a str` so `SourceFile` stays covariant in `'a`.
    utf8: OnceCell<bool>,
    lines: OnceCell<LineIndex>,
    parses: RefCell<Vec<(TypeId, CachedParse)>>,
    failed_parses: RefCell<Vec<ParseError>>,
}

impl<'a> SourceFile<'a> {
    pub fn new(path: &'a str, bytes: &'a [u8], kinds: KindSet) -> Self {
        SourceFile {
            path,
            bytes,
            kinds,
            utf8: OnceCell::new(),
            lines: OnceCell::new(),
            parses: RefCell::new(Vec::new()),
            failed_parses: RefCell::new(Vec::new()),
        }
    }

    /// The file as UTF-8 text, or `None` when it is not valid UTF-8 (a leading BOM is kept out).
    pub fn text(&self) -> Option<&'a str> {
        let bytes = self
            .bytes
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(self.bytes);
        if *self.utf8.get_or_init(|| std::str::from_utf8(bytes).is_ok()) {
            // SAFETY: `bytes` is immutable for 'a and was validated as UTF-8 above, once.
            Some(unsafe { std::str::from_utf8_unchecked(bytes) })
        } else {
            None
        }
    }

    /// Byte offset of `text()` within `bytes` (3 when a UTF-8 BOM was stripped).
    pub fn text_offset(&self) -> usize {
        if self.bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        }
    }

    pub fn is(&self, kind: DocKind) -> bool {
        self.kinds.contains(kind)
    }

    /// The final path component.
    pub fn file_name(&self) -> &'a str {
        self.path.rsplit('/').next().unwrap_or(self.path)
    }

    pub fn line_index(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.bytes))
    }

    /// The document parsed by `T`, parsed on first request and shared by every later caller.
    /// A failure is recorded once and reported by the pipeline as a parse-error finding.
    pub fn parsed<T: ParsedDocument>(&self) -> Result<Arc<T>, ParseError> {
        let id = TypeId::of::<T>();
        if let Some((_, cached)) = self.parses.borrow().iter().find(|(t, _)| *t == id) {
            return match Arc::clone(cached).downcast::<Result<Arc<T>, ParseError>>() {
                Ok(result) => (*result).clone(),
                Err(_) => unreachable!("parse cache is keyed by type id"),
            };
        }
        let result: Result<Arc<T>, ParseError> = T::parse(self).map(Arc::new);
        if let Err(error) = &result {
            self.failed_parses.borrow_mut().push(error.clone());
        }
        self.parses
            .borrow_mut()
            .push((id, Arc::new(result.clone()) as CachedParse));
        result
    }

    /// Parse failures met so far, for the pipeline to report.
    pub fn take_parse_errors(&self) -> Vec<ParseError> {
        std::mem::take(&mut *self.failed_parses.borrow_mut())
    }
}

/// 1-based line and column (columns count Unicode scalar values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// Start offsets of every line, built only for files that have findings.
#[derive(Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(bytes: &[u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        LineIndex {
            starts,
            len: bytes.len(),
        }
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset.min(self.len)) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte range of 0-based `line`, without its line terminator.
    pub fn line_range(&self, line: usize, bytes: &[u8]) -> std::ops::Range<usize> {
        let start = self.starts.get(line).copied().unwrap_or(self.len);
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    pub fn position(&self, offset: usize, bytes: &[u8]) -> Position {
        let offset = offset.min(bytes.len());
        let line = self.line_of(offset);
        let start = self.starts[line];
        let column = count_chars(&bytes[start..offset]) + 1;
        Position {
            line: line as u32 + 1,
            column: column as u32,
        }
    }
}

/// Unicode scalar values in `bytes`, counting each invalid byte as one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_chars() {
        let text = "ab\nçd=x\n\nlast";
        let index = LineIndex::new(text.as_bytes());
        assert_eq!(
            index.position(0, text.as_bytes()),
            Position { line: 1, column: 1 }
        );
        let eq = text.find('=').unwrap();
        assert_eq!(
            index.position(eq, text.as_bytes()),
            Position { line: 2, column: 3 }
        );
        let last = text.find("last").unwrap();
        assert_eq!(
            index.position(last, text.as_bytes()),
            Position { line: 4, column: 1 }
        );
        assert_eq!(index.line_range(1, text.as_bytes()), 3..8);
        assert_eq!(index.line_count(), 4);
    }

    struct Upper(String);
    impl ParsedDocument for Upper {
        fn parse(file: &SourceFile<'_>) -> Result<Self, ParseError> {
            let text = file.text().ok_or(ParseError {
                format: "upper",
                message: "not UTF-8".into(),
                offset: None,
            })?;
            Ok(Upper(text.to_uppercase()))
        }
    }

    #[test]
    fn parse_cache_parses_once_and_records_failures() {
        let file = SourceFile::new("a.txt", b"hi", KindSet::EMPTY);
        let a = file.parsed::<Upper>().unwrap();
        let b = file.parsed::<Upper>().unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(a.0, "HI");

        let bad = SourceFile::new("b.txt", b"\xff\xfe", KindSet::EMPTY);
        assert!(bad.parsed::<Upper>().is_err());
        assert!(bad.parsed::<Upper>().is_err());
        assert_eq!(bad.take_parse_errors().len(), 1);
    }
}
