//! INI-style files (`.pypirc`, AWS shared credentials and config, `.npmrc`) with spans.
//! Lenient: lines that are neither `[section]` nor `key = value` are skipped, so a file that
//! merely contains INI lines (a README with an example) yields just those lines.

use factorguard_core::{ParseError, ParsedDocument, SourceFile};
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IniEntry {
    /// The section the entry is in (`None` before the first `[section]`).
    pub section: Option<String>,
    pub key: String,
    pub key_span: Range<usize>,
    /// The value, trimmed; surrounding quotes are kept out of `value` and `value_span`.
    pub value: String,
    pub value_span: Range<usize>,
    /// The whole `key = value` text of the line.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IniSection {
    pub name: String,
    /// The `[name]` header.
    pub span: Range<usize>,
}

#[derive(Debug, Default)]
pub struct IniDocument {
    pub sections: Vec<IniSection>,
    pub entries: Vec<IniEntry>,
}

/// Which characters separate a key from its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiters {
    /// `=` or `:`, whichever comes first (Python's configparser, AWS files).
    EqualsOrColon,
    /// `=` only (`.npmrc`, whose keys contain `:`).
    Equals,
}

impl ParsedDocument for IniDocument {
    fn parse(file: &SourceFile<'_>) -> Result<Self, ParseError> {
        let text = file.text().ok_or_else(|| ParseError {
            format: "INI",
            message: "the file is not valid UTF-8".into(),
            offset: None,
        })?;
        Ok(parse_ini(
            text,
            file.text_offset(),
            Delimiters::EqualsOrColon,
        ))
    }
}

impl IniDocument {
    /// Entries whose key equals `key`, ignoring ASCII case.
    pub fn entries_named<'d, 'k: 'd>(
        &'d self,
        key: &'k str,
    ) -> impl Iterator<Item = &'d IniEntry> + 'd {
        self.entries
            .iter()
            .filter(move |e| e.key.eq_ignore_ascii_case(key))
    }

    /// The first entry named `key` in `section`.
    pub fn get(&self, section: Option<&str>, key: &str) -> Option<&IniEntry> {
        self.entries
            .iter()
            .find(|e| e.section.as_deref() == section && e.key.eq_ignore_ascii_case(key))
    }
}

/// Parse `text`; spans are offset by `base`.
pub fn parse_ini(text: &str, base: usize, delimiters: Delimiters) -> IniDocument {
    let mut doc = IniDocument::default();
    let mut section: Option<String> = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        let indent = body.len() - trimmed.len();
        let trimmed = trimmed.trim_end();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if let Some(inner) = trimmed.strip_prefix('[') {
            if let Some(name) = inner.strip_suffix(']') {
                let name = name.trim().to_string();
                doc.sections.push(IniSection {
                    name: name.clone(),
                    span: base + start + indent..base + start + indent + trimmed.len(),
                });
                section = Some(name);
            }
            continue;
        }
        let delimiter = match delimiters {
            Delimiters::Equals => trimmed.find('='),
            Delimiters::EqualsOrColon => trimmed.find(['=', ':']),
        };
        let Some(delimiter) = delimiter else { continue };
        let key = trimmed[..delimiter].trim_end();
        if key.is_empty() {
            continue;
        }
        let raw_value = &trimmed[delimiter + 1..];
        let lead = raw_value.len() - raw_value.trim_start().len();
        let mut value = raw_value.trim();
        let mut value_offset = delimiter + 1 + lead;
        if value.len() >= 2
            && ((value.starts_with('"') && value.ends_with('"'))
                || (value.starts_with('\'') && value.ends_with('\'')))
        {
            value = &value[1..value.len() - 1];
            value_offset += 1;
        }
        let at = base + start + indent;
        doc.entries.push(IniEntry {
            section: section.clone(),
            key: key.to_string(),
            key_span: at..at + key.len(),
            value: value.to_string(),
            value_span: at + value_offset..at + value_offset + value.len(),
            span: at..at + trimmed.len(),
        });
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_entries_and_spans() {
        let text = "top = 1\n[default]\naws_access_key_id = AKIA\n  ; comment\n[profile dev]\nregion: \"eu-west-1\"\nnot a pair\n";
        let doc = parse_ini(text, 0, Delimiters::EqualsOrColon);
        assert_eq!(doc.sections.len(), 2);
        let region = doc.get(Some("profile dev"), "REGION").unwrap();
        assert_eq!(region.value, "eu-west-1");
        assert_eq!(&text[region.value_span.clone()], "eu-west-1");
        assert_eq!(&text[region.span.clone()], "region: \"eu-west-1\"");
        assert_eq!(doc.get(None, "top").unwrap().value, "1");
    }

    #[test]
    fn npmrc_keys_keep_their_colons() {
        let text = "//registry.npmjs.org/:_authToken=abc\n";
        let doc = parse_ini(text, 0, Delimiters::Equals);
        assert_eq!(doc.entries[0].key, "//registry.npmjs.org/:_authToken");
        assert_eq!(doc.entries[0].value, "abc");
    }

    #[test]
    fn odd_input_never_panics() {
        for text in ["", "[", "]", "=", ":", "[a", "a=\"", "\u{feff}x=1", "é=ü"] {
            let _ = parse_ini(text, 0, Delimiters::EqualsOrColon);
            let _ = parse_ini(text, 0, Delimiters::Equals);
        }
    }
}
