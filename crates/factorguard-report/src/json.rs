//! The machine-readable report: the [`Report`] itself, versioned by its `schema_version`, and its
//! JSON Schema (published as `docs/json-schema.json`).

use factorguard_core::Report;
use serde::Serialize;

/// The report as pretty-printed JSON, ending with a newline.
pub fn render_json(report: &Report) -> String {
    to_pretty_json(report)
}

/// The JSON Schema that [`render_json`] output follows.
pub fn report_json_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(Report);
    serde_json::to_value(schema).unwrap_or_else(|error| serialisation_failure(&error))
}

/// Pretty JSON with a trailing newline. The model only has string-keyed maps and derived
/// serialisers, so this cannot fail; if it ever did, the output says so instead of panicking.
pub(crate) fn to_pretty_json(value: &impl Serialize) -> String {
    match serde_json::to_string_pretty(value) {
        Ok(mut json) => {
            json.push('\n');
            json
        }
        Err(error) => format!("{}\n", serialisation_failure(&error)),
    }
}

fn serialisation_failure(error: &serde_json::Error) -> serde_json::Value {
    serde_json::json!({ "error": format!("factorguard could not serialise its output: {error}") })
}
