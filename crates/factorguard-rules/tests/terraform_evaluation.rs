//! The Terraform evaluator through the real pipeline: local module calls with their inputs and
//! call chains, `count` / `for_each` instances, `dynamic` blocks, `for` expressions, splats and
//! `*.tfvars.json`, each with a case whose value is unknown and must stay silent.

use factorguard_core::{Report, Rule};
use factorguard_rules::terraform::TerraformRule;
use factorguard_scan::testing::scan_dir;
use std::path::Path;

fn scan(tree: &str) -> Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/terraform/evaluation")
        .join(tree);
    let report = scan_dir(&root, vec![&TerraformRule as &dyn Rule]);
    assert!(report.errors.is_empty(), "scan errors: {:?}", report.errors);
    report
}

/// (path, line, address) of the findings of `rule_id`, in report order.
fn of(report: &Report, rule_id: &str) -> Vec<(String, u32, String)> {
    report
        .findings
        .iter()
        .filter(|f| f.rule_id == rule_id)
        .map(|f| {
            (
                f.location.path.clone(),
                f.location.region.map_or(0, |r| r.start_line),
                f.location.address.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn row(path: &str, line: u32, address: &str) -> (String, u32, String) {
    (path.to_string(), line, address.to_string())
}

fn message<'r>(report: &'r Report, address: &str) -> &'r str {
    report
        .findings
        .iter()
        .find(|f| f.location.address.as_deref() == Some(address))
        .map_or("", |f| f.message.as_str())
}

#[test]
fn local_modules_are_evaluated_with_the_inputs_of_each_call() {
    let report = scan("modules");
    let db = "modules/db/main.tf";
    let mut found = of(&report, "FG3002");
    found.sort();
    assert_eq!(
        found,
        [
            row(db, 10, "module.app.module.database.aws_db_instance.main"),
            row(db, 10, "module.db.aws_db_instance.main"),
            row(
                db,
                10,
                "module.replicas[\"reporting\"].aws_db_instance.main"
            ),
            row(
                "modules/loop/main.tf",
                9,
                "module.loop.aws_db_instance.loop"
            ),
        ],
        "{:#?}",
        report.findings
    );
    // The finding carries the calls that lead to it, root first, where each call is.
    let finding = report
        .findings
        .iter()
        .find(|f| {
            f.location.address.as_deref() == Some("module.app.module.database.aws_db_instance.main")
        })
        .expect("the nested instance is reported");
    let calls: Vec<(String, u32, String)> = finding
        .related
        .iter()
        .map(|r| {
            (
                r.path.clone(),
                r.region.map_or(0, |region| region.start_line),
                r.message.clone(),
            )
        })
        .collect();
    assert_eq!(
        calls,
        [
            row("envs/prod/main.tf", 28, "module.app"),
            row("modules/app/main.tf", 5, "module.app.module.database"),
        ]
    );
}

#[test]
fn a_secret_passed_into_a_module_is_found_there_and_carries_the_call() {
    let report = scan("modules");
    let secret = report
        .findings
        .iter()
        .find(|f| f.rule_id == "FG3072")
        .expect("the signing key reaches the Lambda environment");
    assert_eq!(
        secret.location.address.as_deref(),
        Some("module.app.aws_lambda_function.worker")
    );
    let calls: Vec<&str> = secret.related.iter().map(|r| r.message.as_str()).collect();
    assert_eq!(calls, ["module.app"]);
    // Masked: the value is never shown.
    let shown = secret
        .snippet
        .as_ref()
        .map(|s| s.lines.join("\n"))
        .unwrap_or_default();
    assert!(!shown.contains("Qm7Vx2Lp9Rt4Wn8Zc3Kd6Hy1"), "{shown}");
}

#[test]
fn module_calls_that_cannot_be_followed_are_noted() {
    let report = scan("modules");
    assert_eq!(
        of(&report, "FG3086"),
        [
            row("envs/prod/main.tf", 39, "module.vpc"),
            row("envs/prod/main.tf", 44, "module.typo"),
            row("modules/loop/main.tf", 2, "module.loop.module.again"),
        ]
    );
    assert!(message(&report, "module.vpc").contains("does not fetch"));
    assert!(message(&report, "module.typo").contains("no Terraform files"));
    assert!(message(&report, "module.loop.module.again").contains("cycle"));
    // The deployment has a call that was not followed: whether it has a trail is not asked.
    assert_eq!(of(&report, "FG3012"), []);
}

#[test]
fn count_for_each_dynamic_blocks_and_for_expressions_are_expanded() {
    let report = scan("repetition");
    assert_eq!(
        of(&report, "FG3002"),
        [
            row("main.tf", 19, "aws_db_instance.counted[1]"),
            row("main.tf", 27, "aws_db_instance.each[\"reporting\"]"),
            row("main.tf", 101, "aws_db_instance.from_for"),
        ],
        "{:#?}",
        report.findings
    );
    // Port 443 is filtered out by the `for` expression; the renamed iterator is followed; a
    // `dynamic` block over an unknown collection is not reported.
    let open: Vec<String> = of(&report, "FG3001")
        .into_iter()
        .map(|(_, line, address)| format!("{line} {address}"))
        .collect();
    assert_eq!(
        open,
        [
            "48 aws_security_group.dynamic",
            "64 aws_security_group.renamed_iterator"
        ],
        "{:#?}",
        report.findings
    );
    // Each instance is paired with the instance of the parameter group its key names.
    assert_eq!(
        of(&report, "FG3004"),
        [row("main.tf", 127, "aws_db_instance.by_key[\"loose\"]")],
        "{:#?}",
        report.findings
    );
    assert!(
        of(&report, "FG3020").is_empty(),
        "an unknown dynamic block's description is unknown: {:#?}",
        of(&report, "FG3020")
    );
}

#[test]
fn json_variable_files_are_loaded_in_terraform_order() {
    let report = scan("vars-json");
    assert_eq!(
        of(&report, "FG3002"),
        [
            row("main.tf", 13, "aws_db_instance.main"),
            row("main.tf", 20, "aws_db_instance.auto"),
        ]
    );
}

#[test]
fn deployment_questions_are_asked_of_the_root_with_every_module_it_calls() {
    let report = scan("deployment");
    // `covered/` has its trail, password policy, GuardDuty and Config in a called module.
    for rule in ["FG3012", "FG3055", "FG3082"] {
        let found: Vec<String> = of(&report, rule)
            .into_iter()
            .map(|(path, line, _)| format!("{path}:{line}"))
            .collect();
        let expected = if rule == "FG3082" {
            vec!["bare/main.tf:1"; 2]
        } else {
            vec!["bare/main.tf:1"]
        };
        assert_eq!(found, expected, "{rule}");
    }
}

#[test]
fn cyclic_locals_are_named_and_what_depends_on_them_is_not_reported() {
    let report = scan("cycles");
    let cycles: Vec<(u32, &str)> = report
        .findings
        .iter()
        .filter(|f| f.rule_id == "FG3086")
        .map(|f| {
            (
                f.location.region.map_or(0, |r| r.start_line),
                f.message.as_str(),
            )
        })
        .collect();
    assert_eq!(cycles.len(), 2, "{cycles:?}");
    assert_eq!(cycles[0].0, 2);
    assert!(
        cycles[0]
            .1
            .starts_with("local.primary → local.secondary → local.primary form a cycle"),
        "{cycles:?}"
    );
    assert_eq!(cycles[1].0, 4);
    assert!(cycles[1].1.starts_with("local.itself → local.itself"));
    assert_eq!(of(&report, "FG3002"), []);
}

#[test]
fn long_chains_of_locals_are_evaluated_once_each_and_spread_arguments_stay_unknown() {
    // Each of 30 locals uses the one before it three times: without memoised locals this is
    // 3^30 evaluations, and the test never ends.
    let report = scan("long-chains");
    let found: Vec<String> = of(&report, "FG3002")
        .into_iter()
        .map(|(_, _, address)| address)
        .collect();
    assert_eq!(found, ["aws_db_instance.chained"]);
}

#[test]
fn hostile_sizes_and_recursion_end_quickly_without_guesses() {
    let started = std::time::Instant::now();
    let report = scan("hostile");
    // Nothing is reported from a value the evaluator refused to build: the billion-instance
    // `count`, the 100,000-element `dynamic`, the self-feeding strings.
    for rule in ["FG3001", "FG3002"] {
        assert_eq!(of(&report, rule), [], "{rule}: {:#?}", report.findings);
    }
    // The module that calls itself is followed once and the recursion is named.
    let notes: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule_id == "FG3086")
        .map(|f| f.message.as_str())
        .collect();
    assert!(
        notes
            .iter()
            .any(|m| m.contains("module.deep.module.deeper") && m.contains("cycle")),
        "{notes:#?}"
    );
    assert!(
        notes
            .iter()
            .any(|m| m.contains("local.huge → local.doubled → local.huge")),
        "{notes:#?}"
    );
    // Generous: a debug build on a loaded 2-core machine; the point is "not exponential".
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

#[test]
fn policies_read_from_files_and_templates_are_evaluated() {
    let report = scan("files");
    assert_eq!(
        of(&report, "FG3006"),
        [
            row("envs/prod/main.tf", 3, "aws_iam_policy.from_file"),
            row("envs/prod/main.tf", 8, "aws_iam_policy.from_template"),
            // `path.module` of a called module, seen from the root module's directory.
            row(
                "modules/ci/main.tf",
                4,
                "module.ci.aws_iam_role_policy.deploy"
            ),
        ],
        "{:#?}",
        report.findings
    );
}

#[test]
fn nested_repetition_stops_at_the_deployment_budget() {
    let started = std::time::Instant::now();
    let report = scan("fan-out");
    let budget_notes = report
        .findings
        .iter()
        .filter(|f| {
            f.rule_id == "FG3086" && f.message.contains("more than 50000 resource instances")
        })
        .count();
    assert!(
        budget_notes > 0,
        "{:#?}",
        &report.findings[..5.min(report.findings.len())]
    );
    // The calls not followed are named, and the scan ends: it does not run out of memory.
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

#[test]
fn what_a_module_call_or_output_may_complete_is_not_reported_missing() {
    let report = scan("elsewhere");
    // The module's bucket leaves through an output: its versioning may be set by the caller.
    // The bucket nothing hands on is reported.
    assert_eq!(
        of(&report, "FG3038"),
        [row("main.tf", 30, "aws_s3_bucket.lonely")],
        "{:#?}",
        report.findings
    );
    // The public access block on the module's output covers an unknown bucket: not reported.
    assert_eq!(of(&report, "FG3005"), []);
    // The VPC goes into a module call, which creates its flow log.
    assert_eq!(of(&report, "FG3019"), []);
}

#[test]
fn a_file_that_does_not_parse_leaves_its_module_incomplete_not_unchecked() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/terraform/evaluation/broken");
    let report = scan_dir(&root, vec![&TerraformRule as &dyn Rule]);
    assert_eq!(of(&report, "FG0001").len(), 1, "{:#?}", report.findings);
    // The rest of the directory is checked...
    assert_eq!(
        of(&report, "FG3002"),
        [row("main.tf", 9, "aws_db_instance.main")]
    );
    // ...but nothing is reported missing: it may be in the file that failed.
    for rule in ["FG3005", "FG3012", "FG3037", "FG3038", "FG3039", "FG3040"] {
        assert_eq!(of(&report, rule), [], "{rule}");
    }
}
