mod common;

use common::{fixture_report, odd_report, report_with_module_calls, rules};
use factorguard_core::Report;
use factorguard_report::{render_sarif, SARIF_FINGERPRINT_KEY};
use serde_json::Value;

/// The official OASIS SARIF 2.1.0 schema (errata 01), vendored as test data. It declares
/// draft-04; formats (`uri`, `uri-reference`, `date-time`) are checked too.
fn sarif_validator() -> jsonschema::Validator {
    let text = include_str!("data/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(text).expect("the vendored schema is JSON");
    assert_eq!(
        schema["$schema"], "http://json-schema.org/draft-04/schema#",
        "the validator below is built for the draft the schema declares"
    );
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, sarif: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(sarif)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF: {errors:#?}");
}

fn fixture_sarif() -> Value {
    serde_json::from_str(&render_sarif(&fixture_report(), &rules())).expect("SARIF is JSON")
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let validator = sarif_validator();
    assert_valid(&validator, &fixture_sarif());
    for report in [odd_report(), Report::new(".")] {
        let sarif: Value = serde_json::from_str(&render_sarif(&report, &rules())).unwrap();
        assert_valid(&validator, &sarif);
        let sarif: Value = serde_json::from_str(&render_sarif(&report, &[])).unwrap();
        assert_valid(&validator, &sarif);
    }
}

/// A named way to break a valid log.
type Breakage = (&'static str, fn(&mut Value));

/// The validator must actually look inside: each break below sits behind `$ref`s, an `enum`,
/// a `minimum`, a `required` list or a `format`.
#[test]
fn broken_sarif_fails_validation() {
    let validator = sarif_validator();
    let breakages: [Breakage; 6] = [
        ("missing version", |s| {
            s.as_object_mut().unwrap().remove("version");
        }),
        ("unknown result level", |s| {
            s["runs"][0]["results"][0]["level"] = "fatal".into();
        }),
        ("line zero", |s| {
            s["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] =
                0.into();
        }),
        ("suppression without kind", |s| {
            let last = s["runs"][0]["results"].as_array().unwrap().len() - 1;
            s["runs"][0]["results"][last]["suppressions"][0]
                .as_object_mut()
                .unwrap()
                .remove("kind");
        }),
        ("rule without id", |s| {
            s["runs"][0]["tool"]["driver"]["rules"][0]
                .as_object_mut()
                .unwrap()
                .remove("id");
        }),
        ("informationUri not a URI", |s| {
            s["runs"][0]["tool"]["driver"]["informationUri"] = "not a uri".into();
        }),
    ];
    for (what, breakage) in breakages {
        let mut sarif = fixture_sarif();
        breakage(&mut sarif);
        assert!(!validator.is_valid(&sarif), "{what}: accepted");
    }
}

#[test]
fn driver_lists_one_rule_per_factorguard_rule() {
    let sarif = fixture_sarif();
    let driver = &sarif["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "factorguard");
    assert_eq!(driver["version"], "0.0.0-test");
    assert_eq!(
        driver["informationUri"],
        "https://github.com/factorguard/factorguard"
    );
    let rules = driver["rules"].as_array().unwrap();
    // Seven rules passed in, plus one made from the finding of the rule not passed (FG4002).
    assert_eq!(rules.len(), 8);
    let secret = &rules[1];
    assert_eq!(secret["id"], "FG1001");
    assert_eq!(secret["name"], "HardcodedSecret");
    assert_eq!(
        secret["shortDescription"]["text"],
        "Secret committed to the repository"
    );
    assert_eq!(
        secret["fullDescription"]["text"],
        "Finds credentials committed in files."
    );
    assert!(secret["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## How to fix"));
    assert_eq!(secret["defaultConfiguration"]["level"], "error");
    assert_eq!(secret["properties"]["security-severity"], "9.5");
    assert_eq!(
        secret["properties"]["tags"],
        serde_json::json!([
            "security",
            "factor-III",
            "information-disclosure",
            "spoofing",
            "external/cwe/cwe-798"
        ])
    );
    assert_eq!(secret["properties"]["factor"], "III");
    assert_eq!(rules[7]["id"], "FG4002");
    assert_eq!(rules[7]["properties"]["security-severity"], "1.0");
}

#[test]
fn results_point_at_their_rule_and_location() {
    let sarif = fixture_sarif();
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 10);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(result["partialFingerprints"][SARIF_FINGERPRINT_KEY].is_string());
    }

    let secret = results
        .iter()
        .find(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "config/.env")
        .unwrap();
    assert_eq!(secret["level"], "error");
    let location = &secret["locations"][0];
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uriBaseId"],
        "%SRCROOT%"
    );
    assert_eq!(
        location["physicalLocation"]["region"],
        serde_json::json!({"startLine": 3, "startColumn": 23, "endLine": 3, "endColumn": 63})
    );
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        "key AWS_SECRET_ACCESS_KEY"
    );
    assert_eq!(secret["properties"]["evidence"], "wJal… (40 chars)");
    assert_eq!(secret["properties"]["severity"], "critical");

    let gitignore = &results[0];
    assert_eq!(gitignore["ruleId"], "FG1010");
    assert_eq!(gitignore["level"], "note");
    assert!(gitignore["locations"][0]["physicalLocation"]
        .get("region")
        .is_none());
}

#[test]
fn suppressed_findings_carry_suppressions() {
    let sarif = fixture_sarif();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let active = results.iter().filter(|r| r.get("suppressions").is_none());
    assert_eq!(active.count(), 7);
    let suppressions: Vec<&Value> = results
        .iter()
        .filter_map(|r| r.get("suppressions"))
        .map(|s| &s[0])
        .collect();
    assert_eq!(
        suppressions[0],
        &serde_json::json!({
            "kind": "inSource",
            "status": "accepted",
            "justification": "mesh sidecar adds mTLS (until 2027-03-31)",
            "properties": {"source": "app/settings.py:8", "until": "2027-03-31"}
        })
    );
    assert_eq!(suppressions[1]["kind"], "external");
    assert_eq!(suppressions[1]["justification"], "accepted in the baseline");
    assert_eq!(suppressions[2]["kind"], "external");
    assert!(suppressions[2].get("justification").is_none());
}

#[test]
fn file_errors_become_notifications() {
    let sarif = fixture_sarif();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    let notifications = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notifications.len(), 2);
    assert_eq!(notifications[1]["level"], "error");
    assert_eq!(
        notifications[1]["message"]["text"],
        "secrets/locked file.env: permission denied (os error 13)"
    );
    assert_eq!(
        notifications[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "secrets/locked%20file.env"
    );
}

#[test]
fn fixed_report_snapshot() {
    insta::assert_snapshot!("sarif_report", render_sarif(&fixture_report(), &rules()));
}

#[test]
fn module_calls_become_related_locations_linked_from_the_message() {
    let sarif: Value =
        serde_json::from_str(&render_sarif(&report_with_module_calls(), &rules())).unwrap();
    assert_valid(&sarif_validator(), &sarif);
    let result = &sarif["runs"][0]["results"][0];
    let related = result["relatedLocations"].as_array().unwrap();
    let places: Vec<(u64, &str, u64, &str)> = related
        .iter()
        .map(|r| {
            (
                r["id"].as_u64().unwrap(),
                r["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap(),
                r["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap(),
                r["message"]["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            (1, "envs/prod/main.tf", 28, "module.app"),
            (2, "modules/app/main.tf", 5, "module.app.module.db[\"a\"]"),
        ]
    );
    // Embedded links point at the related locations; brackets in the link text are escaped.
    let message = result["message"]["text"].as_str().unwrap();
    assert!(
        message.ends_with(r#"Via [module.app](1) → [module.app.module.db\["a"\]](2)"#),
        "{message}"
    );
}
