//! Shared by rules that find secrets passed as plain values (user data, Lambda and ECS
//! environments, database passwords): names what kind of secret a value holds, using the
//! secrets engine's detectors, and reports without ever showing the value.

use super::eval::Located;
use super::model::Loc;
use crate::values::{is_placeholder, is_reference, is_secret_name};
use factorguard_core::{ProjectEmitter, RuleMeta, Snippet};

/// Titles of the detectors that find a secret in `text`, each once, in detector order.
pub(crate) fn detector_titles(text: &str) -> Vec<&'static str> {
    let mut titles: Vec<&'static str> = Vec::new();
    for found in crate::secrets::scan(text.as_bytes()) {
        let title = found.detector.meta.title;
        if !titles.contains(&title) {
            titles.push(title);
        }
    }
    titles
}

/// What secret the environment entry `name = value` holds, if any: a detector's title, or a
/// plain value under a name that says it is a credential.
pub(crate) fn secret_in_entry(name: &str, value: &str) -> Option<String> {
    // The assignment form lets the detectors that key on the variable name see it.
    if let Some(title) = detector_titles(&format!("{name}={value}\n")).first() {
        return Some((*title).to_string());
    }
    let value = value.trim();
    (is_secret_name(name) && !value.is_empty() && !is_placeholder(value) && !is_reference(value))
        .then(|| "plain value under a secret name".to_string())
}

/// Like [`super::report`], but the snippet stops at the attribute's `=`: the rest of the line
/// may hold the secret itself.
pub(crate) fn report_masked(
    out: &mut ProjectEmitter<'_>,
    meta: &'static RuleMeta,
    resource: &Located<'_>,
    loc: &Loc,
    message: String,
    detail: &str,
) {
    let shown = match loc.line.find('=') {
        Some(eq) => format!("{} …", &loc.line[..=eq]),
        None => loc.line.clone(),
    };
    let snippet = Snippet {
        first_line: loc.region.start_line,
        lines: vec![shown],
        column_offset: loc.column_offset,
    };
    super::report_with_snippet(out, meta, resource, loc, snippet, message, detail);
}
