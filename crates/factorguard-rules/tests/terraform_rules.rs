//! The Terraform rules through the real pipeline on their fixture trees: `fires/` yields the
//! expected findings (rule, path, line, address), `clean/` none; unknown values are never
//! reported; a syntax error is FG0001 and the directory's other files are still checked.

use factorguard_core::{KindSet, ParsedDocument, Report, Rule, SourceFile};
use factorguard_rules::terraform::eval::{Located, Module, Value};
use factorguard_rules::terraform::model::{Expr, Step, TfFile};
use factorguard_rules::terraform::plan::TfPlan;
use factorguard_rules::terraform::tfjson::TfJson;
use factorguard_rules::terraform::TerraformRule;
use factorguard_scan::testing::scan_dir;
use std::collections::HashMap;
use std::path::Path;

fn scan(tree: &str) -> Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/terraform")
        .join(tree);
    let report = scan_dir(&root, vec![&TerraformRule as &dyn Rule]);
    assert!(report.errors.is_empty(), "scan errors: {:?}", report.errors);
    report
}

/// (rule, path, line, address) of every finding, in report order.
fn findings(report: &Report) -> Vec<(String, String, u32, String)> {
    report
        .findings
        .iter()
        .map(|f| {
            (
                f.rule_id.clone(),
                f.location.path.clone(),
                f.location.region.map_or(0, |r| r.start_line),
                f.location.address.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn of(report: &Report, rule_id: &str) -> Vec<(String, u32, String)> {
    findings(report)
        .into_iter()
        .filter(|(rule, ..)| rule == rule_id)
        .map(|(_, path, line, address)| (path, line, address))
        .collect()
}

fn row(path: &str, line: u32, address: &str) -> (String, u32, String) {
    (path.to_string(), line, address.to_string())
}

fn assert_clean(rule_id: &str) {
    let report = scan(&format!("{rule_id}/clean"));
    assert!(
        of(&report, rule_id).is_empty(),
        "{rule_id} fired on clean/: {:#?}",
        findings(&report)
    );
    assert!(
        of(&report, "FG0001").is_empty(),
        "parse errors: {:#?}",
        findings(&report)
    );
}

#[test]
fn fg3001_security_group_admin_port_open() {
    let report = scan("FG3001/fires");
    assert_eq!(
        of(&report, "FG3001"),
        [
            row("main.tf", 16, "aws_security_group.db"),
            row("main.tf", 32, "aws_security_group_rule.ssh"),
            row(
                "main.tf",
                38,
                "aws_vpc_security_group_ingress_rule.everything"
            ),
        ]
    );
    let messages: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule_id == "FG3001")
        .map(|f| f.message.as_str())
        .collect();
    assert!(messages[0].contains("PostgreSQL"), "{messages:?}");
    assert!(messages[1].contains("SSH"), "{messages:?}");
    assert!(messages[2].contains("all ports"), "{messages:?}");
    let first = &report
        .findings
        .iter()
        .find(|f| f.rule_id == "FG3001")
        .unwrap();
    let region = first.location.region.unwrap();
    assert_eq!(region.start_column, 5);
    assert!(first.snippet.as_ref().unwrap().lines[0].contains("cidr_blocks"));
    assert_clean("FG3001");
}

#[test]
fn fg3002_rds_publicly_accessible() {
    let report = scan("FG3002/fires");
    assert_eq!(
        of(&report, "FG3002"),
        [
            row("main.tf", 8, "aws_db_instance.main"),
            row("main.tf", 14, "aws_db_instance.reports"),
        ]
    );
    assert_clean("FG3002");
}

#[test]
fn fg3003_rds_storage_unencrypted() {
    let report = scan("FG3003/fires");
    assert_eq!(
        of(&report, "FG3003"),
        [
            row("main.tf", 5, "aws_db_instance.main"),
            row("main.tf", 12, "aws_rds_cluster.analytics"),
            // A cluster's `cluster_identifier` is its own name, not a membership.
            row("main.tf", 15, "aws_rds_cluster.orders"),
        ]
    );
    let header = report
        .findings
        .iter()
        .find(|f| f.rule_id == "FG3003")
        .unwrap();
    assert_eq!(
        header.snippet.as_ref().unwrap().lines[0],
        r#"resource "aws_db_instance" "main" {"#
    );
    assert_clean("FG3003");
}

#[test]
fn fg3004_rds_tls_not_forced() {
    let report = scan("FG3004/fires");
    assert_eq!(
        of(&report, "FG3004"),
        [
            row("main.tf", 24, "aws_db_instance.main"),
            row("main.tf", 30, "aws_db_instance.orders"),
            row("main.tf", 34, "aws_db_instance.legacy"),
            // AWS's own group named literally: `default.postgres14` does not force TLS.
            row("main.tf", 44, "aws_db_instance.named_default"),
        ]
    );
    let messages: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule_id == "FG3004")
        .map(|f| f.message.as_str())
        .collect();
    assert!(
        messages[0].contains("aws_db_parameter_group.pg"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("require_secure_transport = OFF"),
        "{messages:?}"
    );
    assert!(
        messages[2].contains("default parameter group"),
        "{messages:?}"
    );
    assert_clean("FG3004");
}

#[test]
fn unknown_values_are_never_reported() {
    let report = scan("unknowns");
    // `var.public` has no value: no finding; a default of `true` is a finding; a cycle of
    // locals and a comparison with an unknown template are unknown.
    assert_eq!(
        of(&report, "FG3002"),
        [row("main.tf", 23, "aws_db_instance.defaulted")]
    );
    assert!(of(&report, "FG3003").is_empty(), "{:#?}", findings(&report));
}

#[test]
fn syntax_error_is_reported_and_other_files_still_checked() {
    let report = scan("syntax-error");
    let parse_errors = of(&report, "FG0001");
    assert_eq!(parse_errors.len(), 1, "{:#?}", findings(&report));
    assert_eq!(parse_errors[0].0, "broken.tf");
    assert_eq!(parse_errors[0].1, 2);
    assert_eq!(
        of(&report, "FG3002"),
        [row("main.tf", 4, "aws_db_instance.main")]
    );
}

#[test]
fn garbage_never_panics() {
    let inputs: &[&[u8]] = &[
        b"",
        b"{",
        b"}}}",
        b"resource",
        b"resource \"a\" \"b\" { x = ",
        b"x = <<EOF\nunterminated",
        b"a = \"${\"",
        b"\xff\xfe\x00garbage",
        b"locals { a = [for x in y : x] b = %{ if c }d%{ endif } }",
        b"\xEF\xBB\xBFresource \"a\" \"b\" { c = 1 }",
        b"a = 1 + + 2",
        b"a = \"\\u{zz}\"",
    ];
    for input in inputs {
        let file = SourceFile::new("x.tf", input, KindSet::EMPTY);
        let _ = file.parsed::<TfFile>();
    }
    let mut text = String::from("locals {\n");
    for i in 0..2000 {
        text.push_str(&format!("  l{i} = local.l{}\n", i + 1));
    }
    text.push_str("}\n");
    let file = SourceFile::new("deep.tf", text.as_bytes(), KindSet::EMPTY);
    assert!(file.parsed::<TfFile>().is_ok());
}

/// Messages of `rule_id`'s findings, in report order.
fn messages<'r>(report: &'r Report, rule_id: &str) -> Vec<&'r str> {
    report
        .findings
        .iter()
        .filter(|f| f.rule_id == rule_id)
        .map(|f| f.message.as_str())
        .collect()
}

/// Every value of `<rule_id>/unknown` comes from a variable without value: nothing is reported.
fn assert_unknown_not_reported(rule_id: &str) {
    let report = scan(&format!("{rule_id}/unknown"));
    assert!(
        of(&report, rule_id).is_empty(),
        "{rule_id} reported an unknown value: {:#?}",
        findings(&report)
    );
    assert!(of(&report, "FG0001").is_empty(), "{:#?}", findings(&report));
}

#[test]
fn fg3005_s3_bucket_public_access_block_missing() {
    let report = scan("FG3005/fires");
    assert_eq!(
        of(&report, "FG3005"),
        [
            row("main.tf", 5, "aws_s3_bucket.uploads"),
            row("main.tf", 16, "aws_s3_bucket_public_access_block.logs"),
            row("main.tf", 25, "aws_s3_bucket_public_access_block.assets"),
        ]
    );
    let messages = messages(&report, "FG3005");
    assert!(
        messages[0].contains("no `aws_s3_bucket_public_access_block`"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("`block_public_policy = false`"),
        "{messages:?}"
    );
    assert!(
        messages[2].contains("`restrict_public_buckets` is not set"),
        "{messages:?}"
    );
    assert_clean("FG3005");
    let account = scan("FG3005/clean/account");
    assert!(
        of(&account, "FG3005").is_empty(),
        "{:#?}",
        findings(&account)
    );
    assert_unknown_not_reported("FG3005");
}

#[test]
fn fg3006_iam_policy_wildcard_admin() {
    let report = scan("FG3006/fires");
    assert_eq!(
        of(&report, "FG3006"),
        [
            row("main.tf", 7, "aws_iam_policy.admin"),
            row("main.tf", 18, "aws_iam_role_policy.ci"),
            row("main.tf", 28, "aws_iam_user_policy.ops"),
            row("main.tf", 40, "aws_iam_group_policy.admins"),
            // `aws_iam_policy_document`: plain, overridden by `Sid`, generated by `dynamic`.
            row("main.tf", 55, "aws_iam_role_policy.break_glass"),
            row("main.tf", 77, "aws_iam_policy.ops"),
            row("main.tf", 99, "aws_iam_user_policy.generated"),
        ]
    );
    let messages = messages(&report, "FG3006");
    assert!(
        messages[0].contains("statement `Everything`"),
        "{messages:?}"
    );
    assert!(
        messages[4].contains("statement `BreakGlass`"),
        "{messages:?}"
    );
    assert!(messages[5].contains("statement `Main`"), "{messages:?}");
    let first = report
        .findings
        .iter()
        .find(|f| f.rule_id == "FG3006")
        .unwrap();
    assert!(first.snippet.as_ref().unwrap().lines[0].contains("policy = jsonencode"));
    assert_clean("FG3006");
    assert_unknown_not_reported("FG3006");
}

#[test]
fn fg3007_kms_key_rotation_disabled() {
    let report = scan("FG3007/fires");
    assert_eq!(
        of(&report, "FG3007"),
        [
            row("main.tf", 5, "aws_kms_key.data"),
            row("main.tf", 12, "aws_kms_key.backups"),
        ]
    );
    let messages = messages(&report, "FG3007");
    assert!(messages[0].contains("does not set"), "{messages:?}");
    assert!(
        messages[1].contains("`enable_key_rotation = false`"),
        "{messages:?}"
    );
    assert_clean("FG3007");
    assert_unknown_not_reported("FG3007");
}

#[test]
fn fg3008_ec2_imdsv2_not_required() {
    let report = scan("FG3008/fires");
    assert_eq!(
        of(&report, "FG3008"),
        [
            row("main.tf", 5, "aws_instance.web"),
            row("main.tf", 15, "aws_launch_template.workers"),
            row("main.tf", 23, "aws_instance.batch"),
        ]
    );
    let messages = messages(&report, "FG3008");
    assert!(
        messages[0].contains("no `metadata_options`"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("`http_tokens = \"optional\"`"),
        "{messages:?}"
    );
    assert!(
        messages[2].contains("`http_tokens` is not set"),
        "{messages:?}"
    );
    assert_clean("FG3008");
    assert_unknown_not_reported("FG3008");
}

#[test]
fn fg3009_ebs_volume_unencrypted() {
    let report = scan("FG3009/fires");
    assert_eq!(
        of(&report, "FG3009"),
        [
            row("main.tf", 5, "aws_ebs_volume.data"),
            row("main.tf", 13, "aws_ebs_volume.scratch"),
            row("main.tf", 20, "aws_instance.web"),
            row("main.tf", 26, "aws_instance.web"),
        ]
    );
    let fingerprints: std::collections::HashSet<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule_id == "FG3009")
        .map(|f| f.fingerprint.as_str())
        .collect();
    assert_eq!(
        fingerprints.len(),
        4,
        "two devices of one instance share a fingerprint"
    );
    let messages = messages(&report, "FG3009");
    assert!(messages[2].contains("`root_block_device`"), "{messages:?}");
    assert!(
        messages[3].contains("`ebs_block_device` has `encrypted = false`"),
        "{messages:?}"
    );
    assert_clean("FG3009");
    let by_default = scan("FG3009/clean/by-default");
    assert!(
        of(&by_default, "FG3009").is_empty(),
        "{:#?}",
        findings(&by_default)
    );
    assert_unknown_not_reported("FG3009");
}

#[test]
fn fg3010_cloudtrail_log_validation_disabled() {
    let report = scan("FG3010/fires");
    assert_eq!(
        of(&report, "FG3010"),
        [
            row("main.tf", 5, "aws_cloudtrail.main"),
            row("main.tf", 13, "aws_cloudtrail.secondary"),
        ]
    );
    assert_clean("FG3010");
    assert_unknown_not_reported("FG3010");
}

#[test]
fn fg3011_cloudtrail_not_multi_region() {
    let report = scan("FG3011/fires");
    assert_eq!(
        of(&report, "FG3011"),
        [
            row("main.tf", 5, "aws_cloudtrail.main"),
            row("main.tf", 13, "aws_cloudtrail.secondary"),
        ]
    );
    let messages = messages(&report, "FG3011");
    assert!(
        messages[1].contains("`is_multi_region_trail = false`"),
        "{messages:?}"
    );
    assert_clean("FG3011");
    assert_unknown_not_reported("FG3011");
}

#[test]
fn fg3012_cloudtrail_missing() {
    let report = scan("FG3012/fires");
    // Once per module directory: at the `provider "aws"` block, else at the first AWS resource;
    // a trail with `count = 0` does not exist.
    assert_eq!(
        of(&report, "FG3012"),
        [
            row("main.tf", 5, "provider.aws"),
            row("no-provider/main.tf", 5, "aws_sqs_queue.jobs"),
        ]
    );
    let messages = messages(&report, "FG3012");
    assert!(
        messages[0].contains("defines 2 AWS resource(s)"),
        "{messages:?}"
    );
    // `clean/` has a trail; `clean/no-aws` no AWS resource; `clean/module-call` a module call.
    assert_clean("FG3012");
    assert_unknown_not_reported("FG3012");
}

#[test]
fn fg3013_cloudtrail_not_encrypted() {
    let report = scan("FG3013/fires");
    assert_eq!(
        of(&report, "FG3013"),
        [
            row("main.tf", 5, "aws_cloudtrail.main"),
            row("main.tf", 13, "aws_cloudtrail.secondary"),
            row("main.tf", 19, "aws_cloudtrail.tertiary"),
        ]
    );
    let messages = messages(&report, "FG3013");
    assert!(
        messages[0].contains("does not set `kms_key_id`"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("an empty `kms_key_id`"),
        "{messages:?}"
    );
    assert_clean("FG3013");
    assert_unknown_not_reported("FG3013");
}

#[test]
fn fg3014_cloudtrail_no_cloudwatch_logs() {
    let report = scan("FG3014/fires");
    assert_eq!(
        of(&report, "FG3014"),
        [
            row("main.tf", 5, "aws_cloudtrail.main"),
            row("main.tf", 13, "aws_cloudtrail.secondary"),
            row("main.tf", 19, "aws_cloudtrail.tertiary"),
        ]
    );
    assert!(messages(&report, "FG3014")[0].contains("cloud_watch_logs_group_arn"));
    assert_clean("FG3014");
    assert_unknown_not_reported("FG3014");
}

#[test]
fn fg3015_cloudwatch_log_group_unencrypted() {
    let report = scan("FG3015/fires");
    assert_eq!(
        of(&report, "FG3015"),
        [
            row("main.tf", 5, "aws_cloudwatch_log_group.app"),
            row("main.tf", 13, "aws_cloudwatch_log_group.worker"),
        ]
    );
    assert_clean("FG3015");
    assert_unknown_not_reported("FG3015");
}

#[test]
fn fg3016_cloudwatch_log_group_no_retention() {
    let report = scan("FG3016/fires");
    assert_eq!(
        of(&report, "FG3016"),
        [
            row("main.tf", 5, "aws_cloudwatch_log_group.app"),
            row("main.tf", 12, "aws_cloudwatch_log_group.worker"),
        ]
    );
    let messages = messages(&report, "FG3016");
    assert!(
        messages[1].contains("retention_in_days = var.days"),
        "{messages:?}"
    );
    assert_clean("FG3016");
    assert_unknown_not_reported("FG3016");
}

#[test]
fn fg3017_security_group_egress_all() {
    let report = scan("FG3017/fires");
    assert_eq!(
        of(&report, "FG3017"),
        [
            row("main.tf", 13, "aws_security_group.app"),
            row("main.tf", 23, "aws_security_group_rule.out_v6"),
            row("main.tf", 31, "aws_vpc_security_group_egress_rule.all"),
        ]
    );
    let messages = messages(&report, "FG3017");
    assert!(
        messages[0].contains("all traffic out to 0.0.0.0/0"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("every TCP port out to ::/0"),
        "{messages:?}"
    );
    assert_clean("FG3017");
    assert_unknown_not_reported("FG3017");
}

#[test]
fn fg3018_security_group_rule_no_description() {
    let report = scan("FG3018/fires");
    assert_eq!(
        of(&report, "FG3018"),
        [
            row("main.tf", 5, "aws_security_group.web"),
            row("main.tf", 8, "aws_security_group.web"),
            row("main.tf", 23, "aws_security_group.web"),
            row("main.tf", 33, "aws_security_group_rule.admin"),
            row("main.tf", 41, "aws_vpc_security_group_ingress_rule.metrics"),
        ]
    );
    let fingerprints: std::collections::HashSet<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule_id == "FG3018")
        .map(|f| f.fingerprint.as_str())
        .collect();
    assert_eq!(fingerprints.len(), 5, "inline rules share a fingerprint");
    let messages = messages(&report, "FG3018");
    assert!(messages[2].contains("inline `egress` rule"), "{messages:?}");
    assert_clean("FG3018");
    assert_unknown_not_reported("FG3018");
}

#[test]
fn fg3019_vpc_flow_logs_missing() {
    let report = scan("FG3019/fires");
    // A literal VPC id and a subnet flow log cover no VPC of the module.
    assert_eq!(of(&report, "FG3019"), [row("main.tf", 5, "aws_vpc.legacy")]);
    assert_clean("FG3019");
    assert_unknown_not_reported("FG3019");
}

#[test]
fn fg3020_rds_backup_retention_short() {
    let report = scan("FG3020/fires");
    assert_eq!(
        of(&report, "FG3020"),
        [
            row("main.tf", 9, "aws_db_instance.main"),
            row("main.tf", 15, "aws_rds_cluster.analytics"),
        ]
    );
    let messages = messages(&report, "FG3020");
    assert!(
        messages[0].contains("automated backups are off"),
        "{messages:?}"
    );
    assert!(messages[1].contains("3 day(s)"), "{messages:?}");
    // A replica with 0 days and a cluster without the attribute are not reported.
    assert_clean("FG3020");
    assert_unknown_not_reported("FG3020");
}

#[test]
fn fg3021_rds_deletion_protection_off() {
    let report = scan("FG3021/fires");
    assert_eq!(
        of(&report, "FG3021"),
        [
            row("main.tf", 5, "aws_db_instance.main"),
            row("main.tf", 13, "aws_rds_cluster.analytics"),
        ]
    );
    let messages = messages(&report, "FG3021");
    assert!(
        messages[1].contains("`deletion_protection = false`"),
        "{messages:?}"
    );
    assert_clean("FG3021");
    assert_unknown_not_reported("FG3021");
}

#[test]
fn fg3037_s3_bucket_encryption_missing() {
    let report = scan("FG3037/fires");
    assert_eq!(
        of(&report, "FG3037"),
        [
            row("main.tf", 2, "aws_s3_bucket.uploads"),
            row("main.tf", 7, "aws_s3_bucket.reports"),
        ]
    );
    assert_clean("FG3037");
    assert_unknown_not_reported("FG3037");
}

#[test]
fn fg3038_s3_bucket_versioning_disabled() {
    let report = scan("FG3038/fires");
    assert_eq!(
        of(&report, "FG3038"),
        [
            row("main.tf", 1, "aws_s3_bucket.uploads"),
            row("main.tf", 12, "aws_s3_bucket_versioning.reports"),
            row("main.tf", 19, "aws_s3_bucket.legacy"),
        ]
    );
    let messages = messages(&report, "FG3038");
    assert!(messages[1].contains("\"Suspended\""), "{messages:?}");
    assert_clean("FG3038");
    assert_unknown_not_reported("FG3038");
}

#[test]
fn fg3039_s3_bucket_access_logging_missing() {
    let report = scan("FG3039/fires");
    // `access_logs` is the logging target: a log bucket, not reported.
    assert_eq!(
        of(&report, "FG3039"),
        [
            row("main.tf", 1, "aws_s3_bucket.uploads"),
            row("main.tf", 20, "aws_s3_bucket.exports"),
        ]
    );
    assert_clean("FG3039");
    assert_unknown_not_reported("FG3039");
}

#[test]
fn fg3040_s3_bucket_tls_not_enforced() {
    let report = scan("FG3040/fires");
    assert_eq!(
        of(&report, "FG3040"),
        [
            row("main.tf", 2, "aws_s3_bucket.uploads"),
            row("main.tf", 13, "aws_s3_bucket_policy.reports"),
            row("main.tf", 27, "aws_s3_bucket.legacy"),
            // An `aws_iam_policy_document` whose deny is for one account only.
            row("main.tf", 66, "aws_s3_bucket_policy.archive"),
        ]
    );
    let messages = messages(&report, "FG3040");
    assert!(messages[0].contains("no bucket policy"), "{messages:?}");
    assert!(
        messages[1].contains("aws:SecureTransport = false"),
        "{messages:?}"
    );
    assert_clean("FG3040");
    assert_unknown_not_reported("FG3040");
}

#[test]
fn fg3041_s3_bucket_public_acl() {
    let report = scan("FG3041/fires");
    assert_eq!(
        of(&report, "FG3041"),
        [
            row("main.tf", 3, "aws_s3_bucket.website"),
            row("main.tf", 12, "aws_s3_bucket_acl.dropbox"),
            row("main.tf", 25, "aws_s3_bucket_acl.shared"),
        ]
    );
    let messages = messages(&report, "FG3041");
    assert!(messages[1].contains("overwrite and delete"), "{messages:?}");
    assert!(
        messages[2].contains("READ to the `AllUsers` group"),
        "{messages:?}"
    );
    assert_clean("FG3041");
    assert_unknown_not_reported("FG3041");
}

#[test]
fn fg3042_dynamodb_pitr_disabled() {
    let report = scan("FG3042/fires");
    assert_eq!(
        of(&report, "FG3042"),
        [
            row("main.tf", 1, "aws_dynamodb_table.orders"),
            row("main.tf", 13, "aws_dynamodb_table.carts"),
        ]
    );
    assert_clean("FG3042");
    assert_unknown_not_reported("FG3042");
}

#[test]
fn fg3043_elasticache_transit_encryption_disabled() {
    let report = scan("FG3043/fires");
    assert_eq!(
        of(&report, "FG3043"),
        [
            row("main.tf", 1, "aws_elasticache_replication_group.sessions"),
            row("main.tf", 11, "aws_elasticache_replication_group.jobs"),
        ]
    );
    assert_clean("FG3043");
    assert_unknown_not_reported("FG3043");
}

#[test]
fn fg3044_elasticache_at_rest_encryption_disabled() {
    let report = scan("FG3044/fires");
    assert_eq!(
        of(&report, "FG3044"),
        [
            row("main.tf", 1, "aws_elasticache_replication_group.sessions"),
            row("main.tf", 9, "aws_elasticache_replication_group.jobs"),
        ]
    );
    assert_clean("FG3044");
    assert_unknown_not_reported("FG3044");
}

#[test]
fn fg3045_elasticache_auth_token_missing() {
    let report = scan("FG3045/fires");
    assert_eq!(
        of(&report, "FG3045"),
        [
            row("main.tf", 1, "aws_elasticache_replication_group.sessions"),
            row("main.tf", 12, "aws_elasticache_replication_group.jobs"),
        ]
    );
    let messages = messages(&report, "FG3045");
    assert!(messages[1].contains("empty `auth_token`"), "{messages:?}");
    assert_clean("FG3045");
    assert_unknown_not_reported("FG3045");
}

#[test]
fn fg3046_sns_topic_unencrypted() {
    let report = scan("FG3046/fires");
    assert_eq!(
        of(&report, "FG3046"),
        [
            row("main.tf", 1, "aws_sns_topic.alerts"),
            row("main.tf", 7, "aws_sns_topic.orders"),
        ]
    );
    assert_clean("FG3046");
    assert_unknown_not_reported("FG3046");
}

#[test]
fn fg3047_sqs_queue_unencrypted() {
    let report = scan("FG3047/fires");
    // `jobs` sets neither attribute: SQS encrypts it with SSE-SQS by default.
    assert_eq!(
        of(&report, "FG3047"),
        [row("main.tf", 7, "aws_sqs_queue.webhooks")]
    );
    assert_clean("FG3047");
    assert_unknown_not_reported("FG3047");
}

#[test]
fn fg3048_rds_iam_auth_disabled() {
    let report = scan("FG3048/fires");
    assert_eq!(
        of(&report, "FG3048"),
        [
            row("main.tf", 1, "aws_db_instance.main"),
            row("main.tf", 8, "aws_rds_cluster.analytics"),
        ]
    );
    assert_clean("FG3048");
    assert_unknown_not_reported("FG3048");
}

#[test]
fn fg3049_rds_log_exports_disabled() {
    let report = scan("FG3049/fires");
    assert_eq!(
        of(&report, "FG3049"),
        [
            row("main.tf", 1, "aws_db_instance.main"),
            row("main.tf", 8, "aws_rds_cluster.analytics"),
        ]
    );
    assert_clean("FG3049");
    assert_unknown_not_reported("FG3049");
}

#[test]
fn fg3050_rds_final_snapshot_skipped() {
    let report = scan("FG3050/fires");
    assert_eq!(
        of(&report, "FG3050"),
        [
            row("main.tf", 8, "aws_db_instance.main"),
            row("main.tf", 13, "aws_rds_cluster.analytics"),
        ]
    );
    assert_clean("FG3050");
    assert_unknown_not_reported("FG3050");
}

/// The CIS chain rules' address: one finding per trail and metric.
const NACL_ADDRESS: &str = "aws_cloudtrail.main metric nacl-changes";

#[test]
fn fg3032_cis_nacl_changes_reports_the_missing_link() {
    let report = scan("FG3032/fires");
    assert_eq!(
        of(&report, "FG3032"),
        [
            row("actions-disabled/main.tf", 2, NACL_ADDRESS),
            row("no-action/main.tf", 2, NACL_ADDRESS),
            row("no-alarm/main.tf", 2, NACL_ADDRESS),
            row("no-filter/main.tf", 2, NACL_ADDRESS),
            row("other-group/main.tf", 2, NACL_ADDRESS),
            row("partial-pattern/main.tf", 20, NACL_ADDRESS),
            row("root-only/main.tf", 20, NACL_ADDRESS),
        ]
    );
    let messages = messages(&report, "FG3032");
    for (message, link) in messages.iter().zip([
        "has no `alarm_actions` (or `actions_enabled = false`)",
        "alarm `aws_cloudwatch_metric_alarm.nacl` on metric `CIS/NaclChanges` (NACL changes) has no `alarm_actions`",
        "metric `CIS/NaclChanges` of `aws_cloudwatch_log_metric_filter.nacl` (NACL changes) has no `aws_cloudwatch_metric_alarm`",
        "no metric filter on it matches NACL changes",
        "no metric filter on it matches NACL changes",
        "does not match `ReplaceNetworkAclEntry`, `ReplaceNetworkAclAssociation`",
        "does not match `CreateNetworkAcl`, `CreateNetworkAclEntry`, `DeleteNetworkAcl`, `DeleteNetworkAclEntry` and 2 more",
    ]) {
        assert!(message.contains(link), "{message:?} lacks {link:?}");
    }
    let pattern_finding = report
        .findings
        .iter()
        .find(|f| f.rule_id == "FG3032" && f.location.path == "partial-pattern/main.tf")
        .unwrap();
    assert!(pattern_finding.snippet.as_ref().unwrap().lines[0].contains("pattern"));
    // Reordered, requoted, re-spaced heredoc pattern; a literal group name; two filters that
    // split the events; an alarm naming its metric by reference; a trail without CloudWatch.
    assert_clean("FG3032");
    assert_unknown_not_reported("FG3032");
}

#[test]
fn fg3031_cis_security_group_changes() {
    let report = scan("FG3031/fires");
    let address = "aws_cloudtrail.main metric security-group-changes";
    assert_eq!(
        of(&report, "FG3031"),
        [
            row("main.tf", 20, address),
            row("no-action/main.tf", 2, address)
        ]
    );
    let messages = messages(&report, "FG3031");
    assert!(
        messages[0].contains("`AuthorizeSecurityGroupEgress`, `RevokeSecurityGroupEgress`, `CreateSecurityGroup`, `DeleteSecurityGroup`"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("has no `alarm_actions`"),
        "{messages:?}"
    );
    assert_clean("FG3031");
    assert_unknown_not_reported("FG3031");
}

#[test]
fn fg3024_cis_root_account_usage() {
    let report = scan("FG3024/fires");
    let address = "aws_cloudtrail.main metric root-usage";
    // A pattern limited to API calls misses root console sign-ins.
    assert_eq!(
        of(&report, "FG3024"),
        [
            row("main.tf", 20, address),
            row("no-alarm/main.tf", 2, address)
        ]
    );
    let messages = messages(&report, "FG3024");
    assert!(
        messages[0].contains("a console sign-in by the root user"),
        "{messages:?}"
    );
    assert!(messages[1].contains("has no `aws_cloudwatch_metric_alarm`"));
    assert_clean("FG3024");
    assert_unknown_not_reported("FG3024");
}

#[test]
fn fg3023_cis_console_signin_without_mfa() {
    let report = scan("FG3023/fires");
    // `MFAUsed = Yes` is the opposite of the metric.
    assert_eq!(
        of(&report, "FG3023"),
        [row(
            "main.tf",
            20,
            "aws_cloudtrail.main metric console-signin-without-mfa"
        )]
    );
    assert_clean("FG3023");
    assert_unknown_not_reported("FG3023");
}

#[test]
fn fg3022_cis_unauthorized_api_calls() {
    let report = scan("FG3022/fires");
    // Exactly `AccessDenied` misses `AccessDeniedException` and `*UnauthorizedOperation`.
    assert_eq!(
        of(&report, "FG3022"),
        [row(
            "main.tf",
            20,
            "aws_cloudtrail.main metric unauthorized-api-calls"
        )]
    );
    let messages = messages(&report, "FG3022");
    assert!(
        messages[0].contains("`Client.UnauthorizedOperation`"),
        "{messages:?}"
    );
    // The CIS pattern mixing `||` and `&&` without parentheses covers either way it is read.
    assert_clean("FG3022");
    assert_unknown_not_reported("FG3022");
}

const CIS_METRIC_IDS: [&str; 15] = [
    "FG3022", "FG3023", "FG3024", "FG3025", "FG3026", "FG3027", "FG3028", "FG3029", "FG3030",
    "FG3031", "FG3032", "FG3033", "FG3034", "FG3035", "FG3036",
];

#[test]
fn every_cis_metric_fires_without_a_filter_and_is_clean_with_the_documented_chain() {
    let none = scan("cis-chain/none");
    for id in CIS_METRIC_IDS {
        let found = of(&none, id);
        assert_eq!(found.len(), 1, "{id}: {found:?}");
        assert_eq!(found[0].1, 2, "{id} at the trail header");
        assert!(found[0].2.starts_with("aws_cloudtrail.main metric "));
    }
    // The fixture is built from each rule's documented fix.
    let complete = scan("cis-chain/complete");
    for id in CIS_METRIC_IDS {
        assert!(
            of(&complete, id).is_empty(),
            "{id}: {:#?}",
            of(&complete, id)
        );
    }
    assert!(of(&complete, "FG0001").is_empty());
}

/// `fires/` yields exactly `expected`, `clean/` and `unknown/` nothing.
fn assert_rule(rule_id: &str, expected: &[(&str, u32, &str)]) {
    let report = scan(&format!("{rule_id}/fires"));
    let expected: Vec<_> = expected
        .iter()
        .map(|(path, line, address)| row(path, *line, address))
        .collect();
    assert_eq!(of(&report, rule_id), expected);
    assert_clean(rule_id);
    assert_unknown_not_reported(rule_id);
}

#[test]
fn fg3051_iam_access_key() {
    assert_rule(
        "FG3051",
        &[
            ("main.tf", 5, "aws_iam_access_key.deploy"),
            ("main.tf", 9, "aws_iam_access_key.legacy"),
        ],
    );
}

#[test]
fn fg3052_iam_pass_role_wildcard() {
    assert_rule(
        "FG3052",
        &[
            ("main.tf", 7, "aws_iam_role_policy.ci"),
            ("main.tf", 15, "aws_iam_policy.ops"),
            ("main.tf", 28, "aws_iam_user_policy.admin"),
            ("main.tf", 41, "aws_iam_role_policy.deploy"),
        ],
    );
    let report = scan("FG3052/fires");
    let found = messages(&report, "FG3052");
    assert!(found.iter().any(|m| m.contains("(statement `Iam`)")));
    assert!(found.iter().any(|m| m.contains("(statement `PassAny`)")));
}

#[test]
fn fg3053_iam_not_action_allow() {
    assert_rule(
        "FG3053",
        &[
            ("main.tf", 3, "aws_iam_policy.power_user"),
            ("main.tf", 11, "aws_iam_group_policy.devs"),
            ("main.tf", 23, "aws_iam_policy.support"),
        ],
    );
}

#[test]
fn fg3054_iam_policy_attached_to_user() {
    assert_rule(
        "FG3054",
        &[
            ("main.tf", 1, "aws_iam_user_policy.alice"),
            ("main.tf", 6, "aws_iam_user_policy_attachment.bob_read_only"),
            ("main.tf", 13, "aws_iam_policy_attachment.billing"),
        ],
    );
}

#[test]
fn fg3055_iam_password_policy_missing() {
    // The child module (no provider block) is not reported.
    assert_rule("FG3055", &[("main.tf", 5, "provider.aws")]);
}

#[test]
fn fg3056_iam_password_policy_weak() {
    assert_rule(
        "FG3056",
        &[
            (
                "defaults/main.tf",
                1,
                "aws_iam_account_password_policy.bare",
            ),
            ("main.tf", 1, "aws_iam_account_password_policy.strict"),
        ],
    );
    let report = scan("FG3056/fires");
    let messages = messages(&report, "FG3056");
    assert!(
        messages[0].contains("no `minimum_password_length` (AWS default 6)"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("`minimum_password_length = 8`")
            && messages[1].contains("`require_symbols = false`")
            && !messages[1].contains("require_numbers"),
        "{messages:?}"
    );
}

#[test]
fn fg3057_lb_listener_http_no_redirect() {
    assert_rule(
        "FG3057",
        &[
            ("main.tf", 4, "aws_lb_listener.http"),
            ("main.tf", 15, "aws_alb_listener.same_protocol"),
        ],
    );
}

#[test]
fn fg3058_lb_listener_outdated_tls_policy() {
    assert_rule(
        "FG3058",
        &[
            ("main.tf", 9, "aws_lb_listener.https"),
            ("main.tf", 22, "aws_lb_listener.tls"),
        ],
    );
}

#[test]
fn fg3059_lb_access_logs_disabled() {
    assert_rule(
        "FG3059",
        &[
            ("main.tf", 1, "aws_lb.web"),
            ("main.tf", 12, "aws_lb.api"),
            ("main.tf", 24, "aws_alb.mq"),
        ],
    );
}

#[test]
fn fg3060_lb_invalid_headers_not_dropped() {
    assert_rule(
        "FG3060",
        &[("main.tf", 1, "aws_lb.web"), ("main.tf", 10, "aws_alb.api")],
    );
}

#[test]
fn fg3061_lb_target_group_stickiness() {
    assert_rule(
        "FG3061",
        &[
            ("main.tf", 6, "aws_lb_target_group.web"),
            ("main.tf", 19, "aws_alb_target_group.api"),
        ],
    );
}

#[test]
fn fg3062_ecr_scan_on_push_disabled() {
    assert_rule(
        "FG3062",
        &[
            ("main.tf", 1, "aws_ecr_repository.app"),
            ("main.tf", 11, "aws_ecr_repository.worker"),
        ],
    );
}

#[test]
fn fg3063_ecr_tags_mutable() {
    assert_rule(
        "FG3063",
        &[
            ("main.tf", 5, "aws_ecr_repository.app"),
            ("main.tf", 15, "aws_ecr_repository.worker"),
        ],
    );
}

#[test]
fn fg3064_eks_public_endpoint() {
    assert_rule(
        "FG3064",
        &[
            ("main.tf", 5, "aws_eks_cluster.main"),
            ("main.tf", 17, "aws_eks_cluster.tools"),
        ],
    );
}

#[test]
fn fg3065_eks_secrets_unencrypted() {
    assert_rule(
        "FG3065",
        &[
            ("main.tf", 1, "aws_eks_cluster.main"),
            ("main.tf", 11, "aws_eks_cluster.other"),
        ],
    );
}

#[test]
fn fg3066_secretsmanager_rotation_missing() {
    assert_rule("FG3066", &[("main.tf", 1, "aws_secretsmanager_secret.db")]);
}

#[test]
fn fg3067_network_acl_admin_port_open() {
    assert_rule(
        "FG3067",
        &[
            ("main.tf", 8, "aws_network_acl.public"),
            ("main.tf", 19, "aws_network_acl_rule.db"),
            // A deny numbered after the allow comes too late; `clean/` denies the admin ports
            // before an allow of the ephemeral range.
            ("main.tf", 34, "aws_network_acl.late_deny"),
        ],
    );
    let report = scan("FG3067/fires");
    assert!(messages(&report, "FG3067")
        .iter()
        .any(|m| m.contains("::/0 to all ports")));
}

#[test]
fn fg3068_default_security_group_has_rules() {
    assert_rule(
        "FG3068",
        &[
            ("main.tf", 4, "aws_default_security_group.default"),
            ("main.tf", 11, "aws_default_security_group.default"),
        ],
    );
}

#[test]
fn fg3069_default_vpc_used() {
    assert_rule("FG3069", &[("main.tf", 1, "aws_default_vpc.default")]);
}

/// Secrets planted in a fires tree never appear in a finding's message or snippet.
fn assert_not_revealed(rule_id: &str, secrets: &[&str]) {
    let report = scan(&format!("{rule_id}/fires"));
    for f in report.findings.iter().filter(|f| f.rule_id == rule_id) {
        let snippet = f
            .snippet
            .as_ref()
            .map(|s| s.lines.join("\n"))
            .unwrap_or_default();
        for secret in secrets {
            assert!(
                !f.message.contains(secret) && !snippet.contains(secret),
                "{rule_id} reveals a secret: {} / {snippet}",
                f.message
            );
        }
    }
}

#[test]
fn fg3070_rds_password_literal() {
    assert_rule(
        "FG3070",
        &[
            ("main.tf", 9, "aws_db_instance.main"),
            ("main.tf", 15, "aws_rds_cluster.aurora"),
        ],
    );
    assert_not_revealed("FG3070", &["nuGTXMtLvAeNRyN996", "oougwKIunq2xmHRN0WwJ"]);
}

#[test]
fn fg3071_ec2_user_data_secret() {
    assert_rule(
        "FG3071",
        &[
            ("main.tf", 8, "aws_instance.worker"),
            ("main.tf", 18, "aws_instance.api"),
        ],
    );
    assert_not_revealed(
        "FG3071",
        &[
            "r/dTRgMc2MQNxueVx3nDJcrqmaaFpt8pJ82qpEmq",
            "oougwKIunq2xmHRN0WwJ",
        ],
    );
}

#[test]
fn fg3072_lambda_environment_secret() {
    assert_rule(
        "FG3072",
        &[
            ("main.tf", 9, "aws_lambda_function.billing"),
            ("main.tf", 9, "aws_lambda_function.billing"),
        ],
    );
    let report = scan("FG3072/fires");
    let found = messages(&report, "FG3072");
    assert!(found.iter().any(|m| m.contains("`PAYMENT_API_KEY`")));
    assert!(found.iter().any(|m| m.contains("`AWS_SECRET_ACCESS_KEY`")));
    assert_not_revealed(
        "FG3072",
        &[
            "pk9Wq2Rt7Yx4Lm8Nb3Vc6Zd1",
            "r/dTRgMc2MQNxueVx3nDJcrqmaaFpt8pJ82qpEmq",
        ],
    );
}

#[test]
fn fg3073_ecs_environment_secret() {
    assert_rule(
        "FG3073",
        &[
            ("main.tf", 3, "aws_ecs_task_definition.api"),
            ("main.tf", 15, "aws_ecs_task_definition.worker"),
        ],
    );
    assert_not_revealed("FG3073", &["Hq4Zm8Tx2Lr6Wc9N", "oougwKIunq2xmHRN0WwJ"]);
}

#[test]
fn fg3074_ecs_container_privileged() {
    assert_rule("FG3074", &[("main.tf", 3, "aws_ecs_task_definition.agent")]);
}

#[test]
fn fg3075_ecs_container_root_user() {
    assert_rule(
        "FG3075",
        &[
            ("main.tf", 3, "aws_ecs_task_definition.api"),
            ("main.tf", 11, "aws_ecs_task_definition.ops"),
        ],
    );
}

#[test]
fn fg3076_ecs_container_writable_root_fs() {
    assert_rule(
        "FG3076",
        &[
            ("main.tf", 3, "aws_ecs_task_definition.api"),
            ("main.tf", 12, "aws_ecs_task_definition.jobs"),
        ],
    );
}

#[test]
fn fg3077_dynamodb_table_no_cmk() {
    assert_rule(
        "FG3077",
        &[
            ("main.tf", 1, "aws_dynamodb_table.orders"),
            ("main.tf", 12, "aws_dynamodb_table.carts"),
        ],
    );
}

#[test]
fn fg3078_kinesis_stream_unencrypted() {
    assert_rule(
        "FG3078",
        &[
            ("main.tf", 1, "aws_kinesis_stream.events"),
            ("main.tf", 9, "aws_kinesis_stream.clicks"),
        ],
    );
}

#[test]
fn fg3079_opensearch_domain_unencrypted() {
    assert_rule(
        "FG3079",
        &[
            ("main.tf", 1, "aws_opensearch_domain.search"),
            ("main.tf", 1, "aws_opensearch_domain.search"),
            ("main.tf", 15, "aws_elasticsearch_domain.legacy"),
        ],
    );
}

#[test]
fn fg3080_msk_plaintext_client_traffic() {
    assert_rule("FG3080", &[("main.tf", 8, "aws_msk_cluster.events")]);
}

#[test]
fn fg3081_mq_broker_public() {
    assert_rule("FG3081", &[("main.tf", 6, "aws_mq_broker.jobs")]);
}

#[test]
fn fg3082_detective_services_missing() {
    assert_rule(
        "FG3082",
        &[
            ("main.tf", 1, "provider.aws"),
            ("main.tf", 1, "provider.aws"),
        ],
    );
    let report = scan("FG3082/fires");
    let found = messages(&report, "FG3082");
    assert!(found.iter().any(|m| m.contains("aws_guardduty_detector")));
    assert!(found
        .iter()
        .any(|m| m.contains("aws_config_configuration_recorder")));
}

#[test]
fn fg3083_eks_control_plane_logging_disabled() {
    assert_rule(
        "FG3083",
        &[
            ("main.tf", 6, "aws_eks_cluster.main"),
            ("main.tf", 18, "aws_eks_cluster.tools"),
            ("main.tf", 28, "aws_eks_cluster.batch"),
            ("main.tf", 38, "aws_eks_cluster.sandbox"),
        ],
    );
    let report = scan("FG3083/fires");
    let messages = messages(&report, "FG3083");
    assert!(
        messages[0].contains("no control plane log (`api`, `audit`, `authenticator` missing)"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("the `audit`, `authenticator` control plane log(s)"),
        "{messages:?}"
    );
    assert!(
        messages[2].contains("the `api`, `authenticator` control plane log(s)"),
        "{messages:?}"
    );
    assert!(messages[3].contains("no control plane log"), "{messages:?}");
}

#[test]
fn fg3084_vpc_flow_log_destination_unencrypted() {
    // By reference, by the deprecated `log_group_name`, by an evaluated log group ARN, and to
    // S3 by a reference with a prefix and by an evaluated bucket ARN.
    assert_rule(
        "FG3084",
        &[
            ("main.tf", 23, "aws_flow_log.main"),
            ("main.tf", 35, "aws_flow_log.legacy"),
            ("main.tf", 49, "aws_flow_log.shared"),
            ("main.tf", 60, "aws_flow_log.archive"),
            ("main.tf", 81, "aws_flow_log.archive_sse_s3"),
        ],
    );
    let report = scan("FG3084/fires");
    let messages = messages(&report, "FG3084");
    assert!(
        messages[0]
            .contains("delivers to `aws_cloudwatch_log_group.flow`, which has no `kms_key_id`"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("`aws_cloudwatch_log_group.legacy`"),
        "{messages:?}"
    );
    assert!(
        messages[2].contains("`aws_cloudwatch_log_group.shared`"),
        "{messages:?}"
    );
    assert!(
        messages[3]
            .contains("`aws_s3_bucket.flow`, which has no server-side encryption configuration"),
        "{messages:?}"
    );
    assert!(
        messages[4].contains("`aws_s3_bucket.archive`, whose default encryption is `AES256`"),
        "{messages:?}"
    );
}

/// Like [`scan`], with `[terraform] required-tags` set to `required`.
fn scan_requiring_tags(tree: &str, required: &[&str]) -> Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/terraform")
        .join(tree);
    let mut rules = factorguard_core::builtin::pipeline_rules();
    rules.push(&TerraformRule);
    let registry = factorguard_core::Registry::new(rules);
    let policy = factorguard_core::policy::Policy::all(&registry);
    let mut options = factorguard_scan::ScanOptions::new(&root);
    options.terraform.required_tags = required.iter().map(|t| t.to_string()).collect();
    let report = factorguard_scan::scan(&options, &registry, &policy, None).unwrap();
    assert!(report.errors.is_empty(), "scan errors: {:?}", report.errors);
    report
}

#[test]
fn fg3085_resource_tags_missing() {
    // The alias without default tags, no tags / tags without the key / `tags = null` (an
    // untaggable policy, a key in capitals and a `count = 0` instance are not reported), the
    // implicit default configuration beside an aliased one, and a plan's `tags_all`.
    assert_rule(
        "FG3085",
        &[
            ("main.tf", 22, "aws_acm_certificate.cdn"),
            ("no-defaults/main.tf", 11, "aws_s3_bucket.uploads"),
            ("no-defaults/main.tf", 24, "aws_db_instance.main"),
            ("no-defaults/main.tf", 29, "aws_sqs_queue.jobs"),
            ("only-alias/main.tf", 14, "aws_sns_topic.alerts"),
            ("plan/tfplan.json", 16, "aws_sns_topic.alerts"),
        ],
    );
    let report = scan("FG3085/fires");
    let messages = messages(&report, "FG3085");
    assert!(
        messages
            .iter()
            .all(|m| m.contains("lacks the required tag(s) `owner` (")),
        "{messages:?}"
    );
}

#[test]
fn fg3085_required_tags_come_from_the_settings() {
    // Two tags required, spelled differently from the resources' keys: the bucket and queues
    // that had an owner now lack only the cost centre, the rest both.
    let report = scan_requiring_tags("FG3085/fires", &["Owner", "cost-center"]);
    assert_eq!(
        of(&report, "FG3085"),
        [
            row("main.tf", 18, "aws_s3_bucket.uploads"),
            row("main.tf", 22, "aws_acm_certificate.cdn"),
            row("no-defaults/main.tf", 11, "aws_s3_bucket.uploads"),
            row("no-defaults/main.tf", 24, "aws_db_instance.main"),
            row("no-defaults/main.tf", 29, "aws_sqs_queue.jobs"),
            row("no-defaults/main.tf", 35, "aws_kms_key.data"),
            row("only-alias/main.tf", 14, "aws_sns_topic.alerts"),
            row("only-alias/main.tf", 18, "aws_sqs_queue.alerts"),
            row("plan/tfplan.json", 16, "aws_sns_topic.alerts"),
            row("plan/tfplan.json", 30, "aws_sqs_queue.jobs"),
        ]
    );
    let message_for = |address: &str| -> &str {
        report
            .findings
            .iter()
            .find(|f| f.rule_id == "FG3085" && f.location.address.as_deref() == Some(address))
            .map(|f| f.message.as_str())
            .unwrap_or_default()
    };
    assert!(
        message_for("aws_s3_bucket.uploads").contains("tag(s) `cost-center` ("),
        "{}",
        message_for("aws_s3_bucket.uploads")
    );
    assert!(
        message_for("aws_acm_certificate.cdn").contains("tag(s) `Owner`, `cost-center` ("),
        "{}",
        message_for("aws_acm_certificate.cdn")
    );
    // The clean tree has owners only.
    assert_eq!(
        of(
            &scan_requiring_tags("FG3085/clean", &["owner", "cost-center"]),
            "FG3085"
        ),
        [
            row("main.tf", 27, "aws_s3_bucket.uploads"),
            row("main.tf", 39, "aws_acm_certificate.cdn"),
            row("tags-only/main.tf", 27, "aws_dynamodb_table.sessions"),
            row("tags-only/main.tf", 34, "aws_security_group.web"),
        ]
    );
    // An empty list turns the rule off.
    assert!(of(&scan_requiring_tags("FG3085/fires", &[]), "FG3085").is_empty());
}

#[test]
fn fg3087_kms_key_policy_wildcard_principal() {
    // `jsonencode`, heredoc JSON in `aws_kms_key_policy`, an `aws_iam_policy_document` narrowed
    // by `kms:ViaService` alone, and two open statements of one policy built in a local.
    assert_rule(
        "FG3087",
        &[
            ("main.tf", 4, "aws_kms_key.config"),
            ("main.tf", 23, "aws_kms_key_policy.reports"),
            ("main.tf", 64, "aws_kms_key.uploads"),
            ("main.tf", 98, "aws_kms_key.backups"),
            ("main.tf", 98, "aws_kms_key.backups"),
        ],
    );
    let report = scan("FG3087/fires");
    let messages = messages(&report, "FG3087");
    assert!(
        messages[0].contains(
            "its statement `UseKey` allows `kms:Decrypt`, `kms:GenerateDataKey` with no condition that narrows"
        ),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("its statement #2 allows `kms:Decrypt`"),
        "{messages:?}"
    );
    assert!(
        messages[2].contains(
            "statement `ViaS3` allows `kms:GenerateDataKey*`, `kms:Encrypt`, `kms:Decrypt`"
        ),
        "{messages:?}"
    );
    assert!(
        messages[3].contains("statement `AnyoneButPartner`"),
        "{messages:?}"
    );
    assert!(
        messages[4].contains("statement #2 allows every action except `kms:ScheduleKeyDeletion`"),
        "{messages:?}"
    );
    // The two findings on one policy have fingerprints of their own.
    let backups: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| {
            f.rule_id == "FG3087" && f.location.address.as_deref() == Some("aws_kms_key.backups")
        })
        .map(|f| f.fingerprint.as_str())
        .collect();
    assert_eq!(backups.len(), 2);
    assert_ne!(backups[0], backups[1]);
}

#[test]
fn fg3088_resource_policy_public() {
    // S3 (a bucket policy beside its TLS-only deny, an inline heredoc policy), SNS (inline, and
    // two open statements of a topic policy), SQS (a policy document, "every account but one"),
    // OpenSearch and Elasticsearch domains reachable from the internet (inline, by reference,
    // by literal name), ECR, Secrets Manager, two Lambda permissions, the documentation's example.
    assert_rule(
        "FG3088",
        &[
            ("main.tf", 18, "aws_s3_bucket_policy.site"),
            ("main.tf", 43, "aws_s3_bucket.drop"),
            ("main.tf", 60, "aws_sns_topic.alerts"),
            ("main.tf", 76, "aws_sns_topic_policy.orders"),
            ("main.tf", 76, "aws_sns_topic_policy.orders"),
            ("main.tf", 109, "aws_sqs_queue_policy.jobs"),
            ("main.tf", 114, "aws_sqs_queue.events"),
            ("main.tf", 128, "aws_opensearch_domain.search"),
            ("main.tf", 143, "aws_opensearch_domain_policy.logs"),
            ("main.tf", 154, "aws_elasticsearch_domain_policy.legacy"),
            ("main.tf", 166, "aws_ecr_repository_policy.app"),
            ("main.tf", 180, "aws_secretsmanager_secret.api_key"),
            ("main.tf", 192, "aws_secretsmanager_secret_policy.db"),
            ("main.tf", 202, "aws_lambda_permission.anyone"),
            ("main.tf", 209, "aws_lambda_permission.url"),
            ("main.tf", 217, "aws_sqs_queue_policy.doc"),
        ],
    );
    let report = scan("FG3088/fires");
    let messages = messages(&report, "FG3088");
    assert!(
        messages[0].contains(
            "opens the S3 bucket to everyone: its statement `PublicRead` allows `s3:GetObject` to any principal"
        ),
        "{messages:?}"
    );
    assert!(
        !messages.iter().any(|m| m.contains("DenyInsecureTransport")),
        "{messages:?}"
    );
    assert!(
        messages[2].contains("opens the SNS topic to everyone: its statement #1 allows `sns:Subscribe`, `sns:Receive`"),
        "{messages:?}"
    );
    assert!(
        messages[4].contains("statement `Subscribe`"),
        "{messages:?}"
    );
    assert!(messages[6].contains("the SQS queue"), "{messages:?}");
    assert!(
        messages[9].contains("the Elasticsearch domain to everyone: its statement #1 allows `es:ESHttpGet`, `es:ESHttpPost`"),
        "{messages:?}"
    );
    assert!(messages[10].contains("the ECR repository"), "{messages:?}");
    assert!(
        messages[12].contains("the Secrets Manager secret"),
        "{messages:?}"
    );
    assert!(
        messages[14].contains("opens the Lambda function to everyone: it allows `lambda:InvokeFunctionUrl` to `principal = \"*\"`"),
        "{messages:?}"
    );
    // KMS key policies are FG3087's, not FG3088's.
    assert_eq!(
        of(&scan("FG3088/clean"), "FG3087"),
        [row("main.tf", 214, "aws_kms_key.open")]
    );
}

#[test]
fn plan_json_is_checked_with_the_same_rules() {
    let report = scan("plan/fires");
    // Findings point at the attribute's line in the plan, or the resource's `"address"` line.
    assert_eq!(
        of(&report, "FG3002"),
        [row("tfplan.json", 31, "aws_db_instance.main")]
    );
    assert_eq!(
        of(&report, "FG3003"),
        [row("tfplan.json", 34, "aws_db_instance.main")]
    );
    assert_eq!(
        of(&report, "FG3001"),
        [row("tfplan.json", 72, "aws_security_group.open")]
    );
    // Child modules are read too, and keep the plan's full address.
    assert_eq!(
        of(&report, "FG3009"),
        [
            row("tfplan.json", 102, "aws_ebs_volume.data"),
            row(
                "tfplan.json",
                126,
                "module.scratch.aws_ebs_volume.scratch[0]"
            ),
        ]
    );
    // The configuration section gives back the reference to the parameter group, whose value
    // is unknown in the plan.
    assert_eq!(
        of(&report, "FG3004"),
        [row("tfplan.json", 13, "aws_db_instance.main")]
    );
    // One plan is one deployment: asked once, not per module.
    assert_eq!(
        of(&report, "FG3012"),
        [row("tfplan.json", 13, "aws_db_instance.main")]
    );
    assert!(of(&report, "FG0001").is_empty(), "{:#?}", findings(&report));
}

#[test]
fn clean_plan_has_no_findings() {
    let report = scan("plan/clean");
    assert!(report.findings.is_empty(), "{:#?}", findings(&report));
}

#[test]
fn plan_values_known_only_after_apply_are_not_reported() {
    let report = scan("plan/unknown");
    // Public access, encryption, open CIDRs, IMDS options and block devices are all in
    // `after_unknown`: only the missing trail, which does not depend on them, is reported.
    assert_eq!(
        findings(&report),
        [(
            "FG3012".to_string(),
            "tfplan.json".to_string(),
            8,
            "aws_db_instance.main".to_string()
        )]
    );
}

#[test]
fn malformed_plan_is_a_parse_error() {
    let report = scan("plan/malformed");
    assert_eq!(
        findings(&report),
        [(
            "FG0001".to_string(),
            "tfplan.json".to_string(),
            7,
            String::new()
        )]
    );
}

#[test]
fn odd_plans_never_panic() {
    let inputs: &[&[u8]] = &[
        b"",
        b"{",
        b"[]",
        b"{\"planned_values\": 1}",
        b"{\"planned_values\": {\"root_module\": []}}",
        b"{\"planned_values\": {\"root_module\": {\"resources\": [1, {\"address\": 5}, {\"address\": \"a.b\", \"type\": \"a\", \"name\": \"b\", \"values\": 3}]}}}",
        b"{\"planned_values\": {\"root_module\": {\"child_modules\": [1, {\"address\": \"module.x[\\\"k\\\"]\", \"resources\": [{\"address\": \"module.x.a.b\", \"type\": \"a\", \"name\": \"b\", \"values\": {\"k\": [{\"n\": [{}]}, 1], \"m\": {\"o\": null}}}]}]}}, \"resource_changes\": [{\"address\": \"module.x.a.b\", \"change\": {\"after_unknown\": {\"k\": [true, {\"q\": true}], \"m\": {\"p\": true}, \"z\": true}}}], \"configuration\": {\"root_module\": {\"module_calls\": {\"x\": {\"module\": {\"resources\": [{\"address\": \"a.b\", \"expressions\": {\"z\": {\"references\": [\".\", \"var.v\", \"data.d.e\"]}}}]}}}}}}",
        b"{\"planned_values\": {\"root_module\": {}}, \"prior_state\": {\"values\": {\"root_module\": {\"resources\": [{\"mode\": \"data\"}, 1], \"child_modules\": [2, {\"address\": 3, \"resources\": [{\"mode\": \"data\", \"address\": \"data.a.b\", \"type\": \"a\", \"name\": \"b\", \"values\": []}]}]}}}, \"configuration\": {\"provider_config\": {\"aws\": 1, \"x:y\": {}, \"aws.b\": {\"name\": 3}, \"aws.c\": {\"name\": \"aws\", \"alias\": 1, \"module_address\": 2, \"expressions\": {\"region\": 1, \"profile\": {\"constant_value\": [1]}, \"assume_role\": [{}]}}}}}",
        b"\xff\xfe\x00garbage",
    ];
    for input in inputs {
        let file = SourceFile::new("tfplan.json", input, KindSet::EMPTY);
        let _ = file.parsed::<TfPlan>();
    }
}

#[test]
fn tf_json_is_checked_with_the_same_rules() {
    let report = scan("tfjson/fires");
    // `${var.public}` and `${local.world}` are evaluated as in HCL.
    assert_eq!(
        of(&report, "FG3002"),
        [row("main.tf.json", 17, "aws_db_instance.main")]
    );
    assert_eq!(
        of(&report, "FG3003"),
        [row("main.tf.json", 18, "aws_db_instance.main")]
    );
    assert_eq!(
        of(&report, "FG3001"),
        [row("main.tf.json", 30, "aws_security_group.admin")]
    );
    assert_eq!(
        of(&report, "FG3009"),
        [row("main.tf.json", 37, "aws_ebs_volume.data")]
    );
    assert!(of(&report, "FG0001").is_empty(), "{:#?}", findings(&report));
    let report = scan("tfjson/clean");
    for rule in ["FG3001", "FG3002", "FG3003", "FG3007", "FG3009", "FG0001"] {
        assert!(of(&report, rule).is_empty(), "{:#?}", findings(&report));
    }
}

#[test]
fn malformed_tf_json_is_a_parse_error() {
    let report = scan("tfjson/malformed");
    assert_eq!(
        findings(&report),
        [(
            "FG0001".to_string(),
            "main.tf.json".to_string(),
            4,
            String::new()
        )]
    );
    let inputs: &[&[u8]] = &[
        b"",
        b"[]",
        b"{\"resource\": 1}",
        b"{\"resource\": {\"a\": [1, {\"b\": [2, {}]}]}, \"locals\": [{\"x\": \"${\"}], \"module\": {\"m\": {\"source\": \"%{ if x }y%{ endif }\"}}}",
        b"{\"resource\": {\"a\": {\"b\": {\"c\": [{\"d\": {}}, 1], \"e\": \"${var.f[\\\"g\\\"]}\"}}}}",
        b"\xff\xfe\x00garbage",
    ];
    for input in inputs {
        let file = SourceFile::new("main.tf.json", input, KindSet::EMPTY);
        let _ = file.parsed::<TfJson>();
    }
}

#[test]
fn minified_plan_findings_show_a_window_around_the_value() {
    // `terraform show -json` writes one line: the snippet is cut around the attribute.
    let report = scan("plan/minified");
    let finding = report
        .findings
        .iter()
        .find(|f| f.rule_id == "FG3002")
        .expect("FG3002 on the minified plan");
    let region = finding.location.region.expect("a region");
    assert_eq!((region.start_line, region.start_column), (1, 631));
    assert_eq!(
        region.end_column - region.start_column,
        "\"publicly_accessible\":true".len() as u32
    );
    let snippet = finding.snippet.as_ref().expect("a snippet");
    assert_eq!(snippet.column_offset, 590);
    assert!(snippet.lines[0]
        .starts_with("ter_user_password\":true,\"password\":null,\"publicly_accessible\":true"));
    assert_eq!(findings(&report).len(), findings(&scan("plan/fires")).len());
}

#[test]
fn plan_policies_read_from_policy_documents_are_checked() {
    let report = scan("plan/policy-document");
    // The configuration says `policy = data.aws_iam_policy_document.admin.json`; the plan holds
    // the rendered document, and that is what is checked.
    assert_eq!(
        of(&report, "FG3006"),
        [row("tfplan.json", 18, "aws_iam_policy.admin")]
    );
    // `*` on `*` includes `iam:PassRole`; the child module's policy is read too.
    assert_eq!(
        of(&report, "FG3052"),
        [
            row("tfplan.json", 18, "aws_iam_policy.admin"),
            row("tfplan.json", 110, "module.ci.aws_iam_role_policy.ci"),
        ]
    );
    // `aws_iam_role_policy.uploads` reads a document known only after apply, and
    // `aws_iam_role_policy.narrowed` puts a bucket ARN known only after apply into the known
    // administrator document: neither is reported.
    assert!(of(&report, "FG0001").is_empty(), "{:#?}", findings(&report));
}

/// `data.aws_iam_policy_document.<name>.<attribute>`.
fn policy_document_reference(name: &str, attribute: &str) -> Expr {
    Expr::Reference {
        root: "data".into(),
        steps: ["aws_iam_policy_document", name, attribute]
            .into_iter()
            .map(|s| Step::Attr(s.to_string()))
            .collect(),
    }
}

#[test]
fn plan_data_sources_read_while_planning_resolve_like_hcl_ones() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/terraform/plan/policy-document/tfplan.json");
    let bytes = std::fs::read(path).unwrap();
    let file = SourceFile::new("tfplan.json", &bytes, KindSet::EMPTY);
    let plan = file.parsed::<TfPlan>().unwrap();
    let module_of = |index: usize| {
        let planned = &plan.modules[index];
        let blocks = planned
            .blocks
            .iter()
            .map(|block| Located::root("tfplan.json", block))
            .collect();
        Module::new(&planned.label, blocks, HashMap::new())
    };
    let root = module_of(0);
    let admin = root.eval(&policy_document_reference("admin", "json"));
    let planned_policy = root
        .resources("aws_iam_policy")
        .next()
        .and_then(|policy| policy.block.body.attribute("policy"))
        .map(|attribute| root.eval(&attribute.value));
    assert!(matches!(&admin, Value::String(json) if json.contains("Everything")));
    assert_eq!(Some(&admin), planned_policy.as_ref());
    assert_eq!(
        root.eval(&policy_document_reference("admin", "minified_json")),
        Value::String(
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"Everything","Effect":"Allow","Action":"*","Resource":"*"}]}"#
                .into()
        )
    );
    // Read only on apply: in `planned_values` with its `json` unknown.
    assert_eq!(
        root.eval(&policy_document_reference("uploads", "json")),
        Value::Unknown
    );
    assert_eq!(plan.modules[1].label, "tfplan.json module.ci");
    let child = module_of(1);
    assert!(matches!(
        child.eval(&policy_document_reference("pass", "json")),
        Value::String(json) if json.contains("PassAny")
    ));

    // The same document written in HCL renders to the string the plan carries.
    let hcl = br#"
data "aws_iam_policy_document" "admin" {
  statement {
    sid       = "Everything"
    actions   = ["*"]
    resources = ["*"]
  }
}
"#;
    let source = SourceFile::new("main.tf", hcl, KindSet::EMPTY);
    let parsed = TfFile::parse(&source).unwrap();
    let blocks = parsed
        .blocks
        .iter()
        .map(|block| Located::root("main.tf", block))
        .collect();
    let written = Module::new("", blocks, HashMap::new());
    assert_eq!(
        written.eval(&policy_document_reference("admin", "json")),
        admin
    );
}

#[test]
fn plan_root_module_configures_the_providers_of_provider_config() {
    let report = scan("plan/provider/fires");
    // Reported at the provider's entry in `configuration.provider_config`, as at a
    // `provider "aws"` block.
    assert_eq!(
        of(&report, "FG3055"),
        [row("tfplan.json", 59, "provider.aws")]
    );
    assert_eq!(
        of(&report, "FG3082"),
        [
            row("tfplan.json", 59, "provider.aws"),
            row("tfplan.json", 59, "provider.aws"),
        ]
    );
    // The plan's missing trail is reported there too.
    assert_eq!(
        of(&report, "FG3012"),
        [row("tfplan.json", 59, "provider.aws")]
    );

    let clean = scan("plan/provider/clean");
    for rule_id in ["FG3055", "FG3082", "FG0001"] {
        assert!(of(&clean, rule_id).is_empty(), "{:#?}", findings(&clean));
    }
    // A child module's `required_providers` is listed under `provider_config` too, with its
    // module address: it is no provider block, of the child nor of a root that has none.
    let child = scan("plan/provider/child");
    assert!(of(&child, "FG3055").is_empty(), "{:#?}", findings(&child));
    assert!(of(&child, "FG0001").is_empty(), "{:#?}", findings(&child));
}

#[test]
fn fg3089_iam_console_user_without_mfa() {
    // No policy; a group with only an AWS managed and an allowing policy; a deny of S3 alone
    // and a deny with MFA (matched by its ARN); the one `for_each` instance outside the MFA
    // group; a child module's user that its caller covers nowhere.
    assert_rule(
        "FG3089",
        &[
            ("main.tf", 7, "aws_iam_user_login_profile.alice"),
            ("main.tf", 16, "aws_iam_user_login_profile.bob"),
            ("main.tf", 47, "aws_iam_user_login_profile.carol"),
            ("main.tf", 102, r#"aws_iam_user_login_profile.team["erin"]"#),
            (
                "modules/console-user/main.tf",
                8,
                "module.frank.aws_iam_user_login_profile.this",
            ),
        ],
    );
    let report = scan("FG3089/fires");
    let messages = messages(&report, "FG3089");
    assert!(
        messages[0].contains("gives IAM user `alice` a console password")
            && messages[0].contains("denies access without MFA"),
        "{messages:?}"
    );
    assert!(messages[4].contains("IAM user `frank`"), "{messages:?}");
    // The finding in the called module carries the call that leads to it.
    let frank = report
        .findings
        .iter()
        .filter(|f| f.rule_id == "FG3089")
        .nth(4)
        .unwrap();
    assert_eq!(
        frank
            .related
            .iter()
            .map(|r| r.message.as_str())
            .collect::<Vec<_>>(),
        ["module.frank"]
    );
    let clean = scan("FG3089/clean");
    assert!(of(&clean, "FG0001").is_empty(), "{:#?}", findings(&clean));
}

#[test]
fn fg3090_rds_storage_without_cmk() {
    // No key, on an instance and on a cluster named by `cluster_identifier`; the `aws/rds`
    // alias ARN; an empty key from a variable's default; `null` on each `count` instance.
    assert_rule(
        "FG3090",
        &[
            ("main.tf", 9, "aws_db_instance.orders"),
            ("main.tf", 16, "aws_rds_cluster.analytics"),
            ("main.tf", 26, "aws_db_instance.legacy"),
            ("main.tf", 32, "aws_rds_cluster.reports"),
            // Same place: ordered by fingerprint.
            ("main.tf", 40, "aws_db_instance.shards[1]"),
            ("main.tf", 40, "aws_db_instance.shards[0]"),
        ],
    );
    let report = scan("FG3090/fires");
    let messages = messages(&report, "FG3090");
    assert!(
        messages[0].contains("does not set `kms_key_id`")
            && messages[0].contains("AWS-managed `aws/rds` key"),
        "{messages:?}"
    );
    assert!(
        messages[2].contains("to the `aws/rds` alias"),
        "{messages:?}"
    );
    assert!(
        messages[3].contains("has an empty `kms_key_id`"),
        "{messages:?}"
    );
    // Unencrypted storage is FG3003's alone.
    let clean = scan("FG3090/clean");
    assert_eq!(
        of(&clean, "FG3003"),
        [
            row("main.tf", 17, "aws_db_instance.plain"),
            row("main.tf", 20, "aws_db_instance.unset"),
        ]
    );
}
