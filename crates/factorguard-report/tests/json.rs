mod common;

use common::{fixture_report, odd_report};
use factorguard_core::Report;
use factorguard_report::{render_json, report_json_schema};
use std::path::PathBuf;

fn schema_doc_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/json-schema.json")
}

fn pretty(value: &serde_json::Value) -> String {
    format!("{}\n", serde_json::to_string_pretty(value).unwrap())
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&report_json_schema()).expect("the report schema compiles")
}

#[test]
fn json_round_trips() {
    for report in [fixture_report(), odd_report(), Report::new(".")] {
        let json = render_json(&report);
        let parsed: Report = serde_json::from_str(&json).expect("the JSON reads back");
        assert_eq!(render_json(&parsed), json);
    }
}

#[test]
fn json_carries_the_schema_version() {
    let json: serde_json::Value = serde_json::from_str(&render_json(&fixture_report())).unwrap();
    assert_eq!(
        json["schema_version"],
        factorguard_core::report::REPORT_SCHEMA_VERSION
    );
    assert_eq!(json["stats"]["skipped"]["vendored"], 120);
}

#[test]
fn published_schema_is_up_to_date() {
    let expected = pretty(&report_json_schema());
    let path = schema_doc_path();
    if std::env::var_os("FACTORGUARD_UPDATE_DOCS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &expected).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "{} is stale: run `FACTORGUARD_UPDATE_DOCS=1 cargo test -p factorguard-report` and commit it",
        path.display()
    );
}

#[test]
fn rendered_json_validates_against_the_schema() {
    let validator = validator();
    for report in [fixture_report(), odd_report(), Report::new(".")] {
        let json: serde_json::Value = serde_json::from_str(&render_json(&report)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn schema_rejects_a_broken_report() {
    let validator = validator();
    let mut json: serde_json::Value =
        serde_json::from_str(&render_json(&fixture_report())).unwrap();
    json["findings"][0]["severity"] = "urgent".into();
    assert!(!validator.is_valid(&json));

    let mut json: serde_json::Value =
        serde_json::from_str(&render_json(&fixture_report())).unwrap();
    json.as_object_mut().unwrap().remove("schema_version");
    assert!(!validator.is_valid(&json));
}
