//! Renderers: pure functions from a [`factorguard_core::Report`] to text.
//!
//! Each format is a sibling module and reads nothing but its arguments: no files, no
//! environment, no terminal detection. The caller decides colour and what to show.

mod json;
mod markdown;
mod sarif;
mod snippet;
mod text;
mod wording;

pub use json::{render_json, report_json_schema};
pub use markdown::{render_markdown, MARKDOWN_FINDINGS_LIMIT};
pub use sarif::{render_sarif, SARIF_FINGERPRINT_KEY, SARIF_SCHEMA_URI};
pub use text::{render_text, TextOptions};
