//! Terraform on AWS. Each `.tf` / `.tf.json` file is parsed once ([`model`], [`tfjson`]) and
//! published as a fact; the project phase groups files by module directory, evaluates them
//! ([`eval`]) and runs every check on the module. A `terraform show -json` plan ([`plan`]) is
//! checked the same way, one module instance at a time, with its planned values. One engine ([`TerraformRule`]) reports under every rule's id, so a
//! directory is evaluated once however many rules are enabled.

pub(crate) mod deployment;
pub mod eval;
pub(crate) mod expand;
pub mod filter_pattern;
mod functions;
pub mod model;
pub mod plan;
pub mod tfjson;

pub(crate) mod built_from;
pub(crate) mod cis_metric_chain;
pub mod cis_metrics;
pub mod cloudtrail_log_validation_disabled;
pub mod cloudtrail_missing;
pub mod cloudtrail_no_cloudwatch_logs;
pub mod cloudtrail_not_encrypted;
pub mod cloudtrail_not_multi_region;
pub mod cloudwatch_log_group_no_retention;
pub mod cloudwatch_log_group_unencrypted;
pub mod default_security_group_has_rules;
pub mod default_vpc_used;
pub mod detective_services_missing;
pub mod dynamodb_pitr_disabled;
pub mod dynamodb_table_no_cmk;
pub mod ebs_volume_unencrypted;
pub mod ec2_imdsv2_not_required;
pub mod ec2_user_data_secret;
pub mod ecr_scan_on_push_disabled;
pub mod ecr_tags_mutable;
pub mod ecs_container_privileged;
pub mod ecs_container_root_user;
pub mod ecs_container_writable_root_fs;
pub(crate) mod ecs_containers;
pub mod ecs_environment_secret;
pub mod eks_control_plane_logging_disabled;
pub mod eks_public_endpoint;
pub mod eks_secrets_unencrypted;
pub mod elasticache_at_rest_encryption_disabled;
pub mod elasticache_auth_token_missing;
pub mod elasticache_transit_encryption_disabled;
pub(crate) mod flag_off;
pub mod iam_access_key;
pub mod iam_console_user_without_mfa;
pub mod iam_not_action_allow;
pub mod iam_pass_role_wildcard;
pub mod iam_password_policy_missing;
pub mod iam_password_policy_weak;
pub mod iam_policy_attached_to_user;
pub mod iam_policy_wildcard_admin;
pub mod kinesis_stream_unencrypted;
pub mod kms_key_policy_wildcard_principal;
pub mod kms_key_rotation_disabled;
pub mod lambda_environment_secret;
pub mod lb_access_logs_disabled;
pub mod lb_invalid_headers_not_dropped;
pub mod lb_listener_http_no_redirect;
pub mod lb_listener_outdated_tls_policy;
pub mod lb_target_group_stickiness;
pub mod mq_broker_public;
pub mod msk_plaintext_client_traffic;
pub mod network_acl_admin_port_open;
pub mod not_analyzed;
pub mod opensearch_domain_unencrypted;
pub(crate) mod plain_secrets;
pub(crate) mod policy_document;
pub(crate) mod policy_statements;
pub mod rds_backup_retention_short;
pub mod rds_deletion_protection_off;
pub mod rds_final_snapshot_skipped;
pub mod rds_iam_auth_disabled;
pub mod rds_log_exports_disabled;
pub mod rds_password_literal;
pub mod rds_publicly_accessible;
pub mod rds_storage_unencrypted;
pub mod rds_storage_without_cmk;
pub mod rds_tls_not_forced;
pub(crate) mod required_attribute;
pub mod resource_policy_public;
pub mod resource_tags_missing;
pub mod s3_bucket_access_logging_missing;
pub(crate) mod s3_bucket_companion;
pub mod s3_bucket_encryption_missing;
pub mod s3_bucket_public_access_block_missing;
pub mod s3_bucket_public_acl;
pub mod s3_bucket_tls_not_enforced;
pub mod s3_bucket_versioning_disabled;
pub mod secretsmanager_rotation_missing;
pub mod security_group_admin_port_open;
pub mod security_group_egress_all;
pub mod security_group_rule_no_description;
pub(crate) mod security_group_rules;
pub mod sns_topic_unencrypted;
pub mod sqs_queue_unencrypted;
pub mod vpc_flow_log_destination_unencrypted;
pub mod vpc_flow_logs_missing;

use eval::{Located, Module};
use factorguard_core::{
    DocKind, FileEmitter, Location, ProjectEmitter, ProjectIndex, Rule, RuleMeta, Snippet,
    SourceFile,
};
use model::{Loc, TfFile};
use plan::TfPlan;
use std::collections::HashMap;
use std::sync::Arc;
use tfjson::{TfJson, TfVarsJson};

/// A check over one evaluated module directory.
type Check = fn(&Module<'_>, &mut ProjectEmitter<'_>);

/// Every Terraform rule with its check, in id order.
static CHECKS: &[(&RuleMeta, Check)] = &[
    (
        &security_group_admin_port_open::META,
        security_group_admin_port_open::check,
    ),
    (
        &rds_publicly_accessible::META,
        rds_publicly_accessible::check,
    ),
    (
        &rds_storage_unencrypted::META,
        rds_storage_unencrypted::check,
    ),
    (&rds_tls_not_forced::META, rds_tls_not_forced::check),
    (
        &s3_bucket_public_access_block_missing::META,
        s3_bucket_public_access_block_missing::check,
    ),
    (
        &iam_policy_wildcard_admin::META,
        iam_policy_wildcard_admin::check,
    ),
    (
        &kms_key_rotation_disabled::META,
        kms_key_rotation_disabled::check,
    ),
    (
        &ec2_imdsv2_not_required::META,
        ec2_imdsv2_not_required::check,
    ),
    (&ebs_volume_unencrypted::META, ebs_volume_unencrypted::check),
    (
        &cloudtrail_log_validation_disabled::META,
        cloudtrail_log_validation_disabled::check,
    ),
    (
        &cloudtrail_not_multi_region::META,
        cloudtrail_not_multi_region::check,
    ),
    (&cloudtrail_missing::META, cloudtrail_missing::check),
    (
        &cloudtrail_not_encrypted::META,
        cloudtrail_not_encrypted::check,
    ),
    (
        &cloudtrail_no_cloudwatch_logs::META,
        cloudtrail_no_cloudwatch_logs::check,
    ),
    (
        &cloudwatch_log_group_unencrypted::META,
        cloudwatch_log_group_unencrypted::check,
    ),
    (
        &cloudwatch_log_group_no_retention::META,
        cloudwatch_log_group_no_retention::check,
    ),
    (
        &security_group_egress_all::META,
        security_group_egress_all::check,
    ),
    (
        &security_group_rule_no_description::META,
        security_group_rule_no_description::check,
    ),
    (&vpc_flow_logs_missing::META, vpc_flow_logs_missing::check),
    (
        &rds_backup_retention_short::META,
        rds_backup_retention_short::check,
    ),
    (
        &rds_deletion_protection_off::META,
        rds_deletion_protection_off::check,
    ),
    (
        &cis_metrics::unauthorized_api_calls::META,
        cis_metrics::unauthorized_api_calls::check,
    ),
    (
        &cis_metrics::console_signin_without_mfa::META,
        cis_metrics::console_signin_without_mfa::check,
    ),
    (
        &cis_metrics::root_account_usage::META,
        cis_metrics::root_account_usage::check,
    ),
    (
        &cis_metrics::iam_policy_changes::META,
        cis_metrics::iam_policy_changes::check,
    ),
    (
        &cis_metrics::cloudtrail_changes::META,
        cis_metrics::cloudtrail_changes::check,
    ),
    (
        &cis_metrics::console_auth_failures::META,
        cis_metrics::console_auth_failures::check,
    ),
    (
        &cis_metrics::cmk_disable_or_deletion::META,
        cis_metrics::cmk_disable_or_deletion::check,
    ),
    (
        &cis_metrics::s3_bucket_policy_changes::META,
        cis_metrics::s3_bucket_policy_changes::check,
    ),
    (
        &cis_metrics::config_changes::META,
        cis_metrics::config_changes::check,
    ),
    (
        &cis_metrics::security_group_changes::META,
        cis_metrics::security_group_changes::check,
    ),
    (
        &cis_metrics::nacl_changes::META,
        cis_metrics::nacl_changes::check,
    ),
    (
        &cis_metrics::network_gateway_changes::META,
        cis_metrics::network_gateway_changes::check,
    ),
    (
        &cis_metrics::route_table_changes::META,
        cis_metrics::route_table_changes::check,
    ),
    (
        &cis_metrics::vpc_changes::META,
        cis_metrics::vpc_changes::check,
    ),
    (
        &cis_metrics::organizations_changes::META,
        cis_metrics::organizations_changes::check,
    ),
    (
        &s3_bucket_encryption_missing::META,
        s3_bucket_encryption_missing::check,
    ),
    (
        &s3_bucket_versioning_disabled::META,
        s3_bucket_versioning_disabled::check,
    ),
    (
        &s3_bucket_access_logging_missing::META,
        s3_bucket_access_logging_missing::check,
    ),
    (
        &s3_bucket_tls_not_enforced::META,
        s3_bucket_tls_not_enforced::check,
    ),
    (&s3_bucket_public_acl::META, s3_bucket_public_acl::check),
    (&dynamodb_pitr_disabled::META, dynamodb_pitr_disabled::check),
    (
        &elasticache_transit_encryption_disabled::META,
        elasticache_transit_encryption_disabled::check,
    ),
    (
        &elasticache_at_rest_encryption_disabled::META,
        elasticache_at_rest_encryption_disabled::check,
    ),
    (
        &elasticache_auth_token_missing::META,
        elasticache_auth_token_missing::check,
    ),
    (&sns_topic_unencrypted::META, sns_topic_unencrypted::check),
    (&sqs_queue_unencrypted::META, sqs_queue_unencrypted::check),
    (&rds_iam_auth_disabled::META, rds_iam_auth_disabled::check),
    (
        &rds_log_exports_disabled::META,
        rds_log_exports_disabled::check,
    ),
    (
        &rds_final_snapshot_skipped::META,
        rds_final_snapshot_skipped::check,
    ),
    (&iam_access_key::META, iam_access_key::check),
    (&iam_pass_role_wildcard::META, iam_pass_role_wildcard::check),
    (&iam_not_action_allow::META, iam_not_action_allow::check),
    (
        &iam_policy_attached_to_user::META,
        iam_policy_attached_to_user::check,
    ),
    (
        &iam_password_policy_missing::META,
        iam_password_policy_missing::check,
    ),
    (
        &iam_password_policy_weak::META,
        iam_password_policy_weak::check,
    ),
    (
        &lb_listener_http_no_redirect::META,
        lb_listener_http_no_redirect::check,
    ),
    (
        &lb_listener_outdated_tls_policy::META,
        lb_listener_outdated_tls_policy::check,
    ),
    (
        &lb_access_logs_disabled::META,
        lb_access_logs_disabled::check,
    ),
    (
        &lb_invalid_headers_not_dropped::META,
        lb_invalid_headers_not_dropped::check,
    ),
    (
        &lb_target_group_stickiness::META,
        lb_target_group_stickiness::check,
    ),
    (
        &ecr_scan_on_push_disabled::META,
        ecr_scan_on_push_disabled::check,
    ),
    (&ecr_tags_mutable::META, ecr_tags_mutable::check),
    (&eks_public_endpoint::META, eks_public_endpoint::check),
    (
        &eks_secrets_unencrypted::META,
        eks_secrets_unencrypted::check,
    ),
    (
        &secretsmanager_rotation_missing::META,
        secretsmanager_rotation_missing::check,
    ),
    (
        &network_acl_admin_port_open::META,
        network_acl_admin_port_open::check,
    ),
    (
        &default_security_group_has_rules::META,
        default_security_group_has_rules::check,
    ),
    (&default_vpc_used::META, default_vpc_used::check),
    (&rds_password_literal::META, rds_password_literal::check),
    (&ec2_user_data_secret::META, ec2_user_data_secret::check),
    (
        &lambda_environment_secret::META,
        lambda_environment_secret::check,
    ),
    (&ecs_environment_secret::META, ecs_environment_secret::check),
    (
        &ecs_container_privileged::META,
        ecs_container_privileged::check,
    ),
    (
        &ecs_container_root_user::META,
        ecs_container_root_user::check,
    ),
    (
        &ecs_container_writable_root_fs::META,
        ecs_container_writable_root_fs::check,
    ),
    (&dynamodb_table_no_cmk::META, dynamodb_table_no_cmk::check),
    (
        &kinesis_stream_unencrypted::META,
        kinesis_stream_unencrypted::check,
    ),
    (
        &opensearch_domain_unencrypted::META,
        opensearch_domain_unencrypted::check,
    ),
    (
        &msk_plaintext_client_traffic::META,
        msk_plaintext_client_traffic::check,
    ),
    (&mq_broker_public::META, mq_broker_public::check),
    (
        &detective_services_missing::META,
        detective_services_missing::check,
    ),
    (
        &eks_control_plane_logging_disabled::META,
        eks_control_plane_logging_disabled::check,
    ),
    (
        &vpc_flow_log_destination_unencrypted::META,
        vpc_flow_log_destination_unencrypted::check,
    ),
    (&resource_tags_missing::META, resource_tags_missing::check),
    (
        &kms_key_policy_wildcard_principal::META,
        kms_key_policy_wildcard_principal::check,
    ),
    (&resource_policy_public::META, resource_policy_public::check),
    (
        &iam_console_user_without_mfa::META,
        iam_console_user_without_mfa::check,
    ),
    (
        &rds_storage_without_cmk::META,
        rds_storage_without_cmk::check,
    ),
];

/// The checks that ask about a whole deployment (a root module with every module it calls, or a
/// whole plan) rather than about one module: run once per deployment, over all its resources.
static DEPLOYMENT_CHECKS: &[(&RuleMeta, Check)] = &[
    (&cloudtrail_missing::META, cloudtrail_missing::check),
    (
        &iam_password_policy_missing::META,
        iam_password_policy_missing::check,
    ),
    (
        &detective_services_missing::META,
        detective_services_missing::check,
    ),
];

fn is_deployment_check(meta: &RuleMeta) -> bool {
    DEPLOYMENT_CHECKS
        .iter()
        .any(|(deployment, _)| std::ptr::eq(*deployment, meta))
}

/// The rules of this module: the one engine that reports under every Terraform id.
pub fn rules() -> Vec<&'static dyn Rule> {
    vec![&TerraformRule]
}

/// Parses Terraform files and runs every Terraform check per module directory.
pub struct TerraformRule;

/// A parsed Terraform file (`.tf`, `.tf.json`, or a `.tfvars` Terraform loads by itself), for
/// the project phase.
#[derive(Debug)]
pub struct TerraformFile {
    pub path: String,
    pub dir: String,
    /// A variables file: its top-level attributes are variable values.
    pub is_vars: bool,
    pub file: Arc<TfFile>,
}

/// A parsed `terraform show -json` plan, for the project phase.
#[derive(Debug)]
pub struct TerraformPlanFile {
    pub path: String,
    pub plan: Arc<TfPlan>,
}

impl Rule for TerraformRule {
    fn meta(&self) -> &'static RuleMeta {
        CHECKS[0].0
    }

    fn also_reports(&self) -> &'static [&'static RuleMeta] {
        // Built from `CHECKS` so adding a rule there is the only edit.
        static REST: std::sync::LazyLock<Vec<&'static RuleMeta>> = std::sync::LazyLock::new(|| {
            CHECKS[1..]
                .iter()
                .map(|(meta, _)| *meta)
                // Reported by the deployment walk, which follows module calls.
                .chain([&not_analyzed::META])
                .collect()
        });
        &REST
    }

    fn kinds(&self) -> &'static [DocKind] {
        &[
            DocKind::Terraform,
            DocKind::TerraformVars,
            DocKind::TerraformPlan,
            DocKind::TerraformJson,
        ]
    }

    fn check_file(&self, file: &SourceFile, out: &mut FileEmitter<'_>) {
        if file.is(DocKind::TerraformPlan) {
            // A parse failure is recorded by `parsed` and reported as FG0001.
            if let Ok(plan) = file.parsed::<TfPlan>() {
                out.publish(TerraformPlanFile {
                    path: file.path.to_string(),
                    plan,
                });
            }
            return;
        }
        let dir = file
            .path
            .rsplit_once('/')
            .map_or("", |(d, _)| d)
            .to_string();
        let name = file.file_name();
        if file.is(DocKind::TerraformVars) && !file.is(DocKind::Terraform) {
            // Every variable file is read: Terraform loads some by itself, the configuration's
            // `[terraform] var-files` names others.
            let parsed = if name.ends_with(".json") {
                file.parsed::<TfVarsJson>()
                    .map(|vars| Arc::clone(&vars.file))
            } else {
                file.parsed::<TfFile>()
            };
            // A parse failure is recorded by `parsed` and reported as FG0001.
            if let Ok(parsed) = parsed {
                out.publish(TerraformFile {
                    path: file.path.to_string(),
                    dir,
                    is_vars: true,
                    file: parsed,
                });
            }
            return;
        }
        let parsed = if file.is(DocKind::TerraformJson) {
            if !name.ends_with(".tf.json") {
                return;
            }
            file.parsed::<TfJson>().map(|json| Arc::clone(&json.file))
        } else if name.ends_with(".tf") {
            file.parsed::<TfFile>()
        } else {
            return;
        };
        // A parse failure is recorded by `parsed` and reported as FG0001.
        if let Ok(parsed) = parsed {
            out.publish(TerraformFile {
                path: file.path.to_string(),
                dir,
                is_vars: false,
                file: parsed,
            });
        }
    }

    fn check_project(&self, index: &ProjectIndex, out: &mut ProjectEmitter<'_>) {
        deployment::check(index, out);
        // Each module instance of a plan is checked like a module directory, with its values
        // as planned.
        for file in index.facts::<TerraformPlanFile>() {
            for planned in &file.plan.modules {
                let blocks = planned
                    .blocks
                    .iter()
                    .map(|block| Located::root(&file.path, block))
                    .collect();
                let module = Module::new(&planned.label, blocks, HashMap::new())
                    .with_settings(&index.terraform);
                for (meta, check) in CHECKS {
                    if !is_deployment_check(meta) {
                        check(&module, out);
                    }
                }
            }
            // A plan is one deployment: a trail in any of its modules records the API activity
            // of all of them, so whether it has one is asked once, of all its resources.
            let resources = file
                .plan
                .modules
                .iter()
                .flat_map(|planned| &planned.blocks)
                .filter(|block| block.kind != "module")
                .map(|block| Located::root(&file.path, block))
                .collect();
            let whole =
                Module::new(&file.path, resources, HashMap::new()).with_settings(&index.terraform);
            for (_, check) in DEPLOYMENT_CHECKS {
                check(&whole, out);
            }
        }
    }
}

/// Reports `meta` on `resource` at `loc` (the offending attribute or the block header);
/// `detail` tells apart several findings of one rule on one resource.
pub(crate) fn report(
    out: &mut ProjectEmitter<'_>,
    meta: &'static RuleMeta,
    resource: &Located<'_>,
    loc: &Loc,
    message: String,
    detail: &str,
) {
    report_with_snippet(out, meta, resource, loc, loc.snippet(), message, detail);
}

/// [`report`] with the lines to show given (masked ones, for a secret).
pub(crate) fn report_with_snippet(
    out: &mut ProjectEmitter<'_>,
    meta: &'static RuleMeta,
    resource: &Located<'_>,
    loc: &Loc,
    snippet: Snippet,
    message: String,
    detail: &str,
) {
    let address = resource.address();
    let builder = out.finding(
        meta,
        Location {
            path: resource.path.to_string(),
            region: Some(loc.region),
            address: Some(address.clone()),
        },
    );
    // Several findings on one resource (two open ingress blocks) need fingerprints of their own.
    let builder = if detail.is_empty() {
        builder
    } else {
        builder.fingerprint_key(format!("{address} {detail}"))
    };
    // A finding inside a module instance names the calls that lead to it.
    builder
        .message(message)
        .snippet(snippet)
        .related(resource.scope.calls.clone())
        .emit();
}
