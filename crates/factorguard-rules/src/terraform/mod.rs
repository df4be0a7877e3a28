//! Terraform on AWS. Each `.tf` file is parsed once ([`model`]) and published as a fact; the
//! project phase groups files by module directory, evaluates them ([`eval`]) and runs every
//! check on the module. One engine ([`TerraformRule`]) reports under every rule's id, so a
//! directory is evaluated once however many rules are enabled.

pub mod eval;
pub mod filter_pattern;
pub mod model;

pub(crate) mod cis_metric_chain;
pub mod cis_metrics;
pub mod cloudtrail_log_validation_disabled;
pub mod cloudtrail_missing;
pub mod cloudtrail_no_cloudwatch_logs;
pub mod cloudtrail_not_encrypted;
pub mod cloudtrail_not_multi_region;
pub mod cloudwatch_log_group_no_retention;
pub mod cloudwatch_log_group_unencrypted;
pub mod ebs_volume_unencrypted;
pub mod ec2_imdsv2_not_required;
pub mod iam_policy_wildcard_admin;
pub mod kms_key_rotation_disabled;
pub mod rds_backup_retention_short;
pub mod rds_deletion_protection_off;
pub mod rds_publicly_accessible;
pub mod rds_storage_unencrypted;
pub mod rds_tls_not_forced;
pub(crate) mod required_attribute;
pub mod s3_bucket_public_access_block_missing;
pub mod security_group_admin_port_open;
pub mod security_group_egress_all;
pub mod security_group_rule_no_description;
pub mod vpc_flow_logs_missing;

use eval::{Located, Module};
use factorguard_core::{
    DocKind, FileEmitter, Location, ProjectEmitter, ProjectIndex, Rule, RuleMeta, SourceFile,
};
use model::{Expr, Loc, TfFile};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A check over one evaluated module directory.
type Check = fn(&Module<'_>, &mut ProjectEmitter<'_>);

/// Every Terraform rule with its check, in id order.
static CHECKS: [(&RuleMeta, Check); 36] = [
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
];

/// The rules of this module: the one engine that reports under every Terraform id.
pub fn rules() -> Vec<&'static dyn Rule> {
    vec![&TerraformRule]
}

/// Parses Terraform files and runs every Terraform check per module directory.
pub struct TerraformRule;

/// A parsed Terraform file (`.tf`, or a `.tfvars` Terraform loads by itself), for the project
/// phase.
#[derive(Debug)]
pub struct TerraformFile {
    pub path: String,
    pub dir: String,
    /// A variables file: its top-level attributes are variable values.
    pub is_vars: bool,
    pub file: Arc<TfFile>,
}

impl Rule for TerraformRule {
    fn meta(&self) -> &'static RuleMeta {
        CHECKS[0].0
    }

    fn also_reports(&self) -> &'static [&'static RuleMeta] {
        static REST: [&RuleMeta; 35] = [
            CHECKS[1].0,
            CHECKS[2].0,
            CHECKS[3].0,
            CHECKS[4].0,
            CHECKS[5].0,
            CHECKS[6].0,
            CHECKS[7].0,
            CHECKS[8].0,
            CHECKS[9].0,
            CHECKS[10].0,
            CHECKS[11].0,
            CHECKS[12].0,
            CHECKS[13].0,
            CHECKS[14].0,
            CHECKS[15].0,
            CHECKS[16].0,
            CHECKS[17].0,
            CHECKS[18].0,
            CHECKS[19].0,
            CHECKS[20].0,
            CHECKS[21].0,
            CHECKS[22].0,
            CHECKS[23].0,
            CHECKS[24].0,
            CHECKS[25].0,
            CHECKS[26].0,
            CHECKS[27].0,
            CHECKS[28].0,
            CHECKS[29].0,
            CHECKS[30].0,
            CHECKS[31].0,
            CHECKS[32].0,
            CHECKS[33].0,
            CHECKS[34].0,
            CHECKS[35].0,
        ];
        &REST
    }

    fn kinds(&self) -> &'static [DocKind] {
        &[DocKind::Terraform, DocKind::TerraformVars]
    }

    fn check_file(&self, file: &SourceFile, out: &mut FileEmitter<'_>) {
        let is_vars = file.is(DocKind::TerraformVars) && !file.is(DocKind::Terraform);
        // Terraform loads these variable files by itself; others only with `-var-file`.
        let name = file.file_name();
        if is_vars && name != "terraform.tfvars" && !name.ends_with(".auto.tfvars") {
            return;
        }
        if !is_vars && !name.ends_with(".tf") {
            return;
        }
        // A parse failure is recorded by `parsed` and reported as FG0001.
        let Ok(parsed) = file.parsed::<TfFile>() else {
            return;
        };
        let dir = file.path.rsplit_once('/').map_or("", |(d, _)| d);
        out.publish(TerraformFile {
            path: file.path.to_string(),
            dir: dir.to_string(),
            is_vars,
            file: parsed,
        });
    }

    fn check_project(&self, index: &ProjectIndex, out: &mut ProjectEmitter<'_>) {
        let mut dirs: BTreeMap<&str, Vec<&TerraformFile>> = BTreeMap::new();
        for file in index.facts::<TerraformFile>() {
            dirs.entry(file.dir.as_str()).or_default().push(file);
        }
        for (dir, mut files) in dirs {
            files.sort_by(|a, b| a.path.cmp(&b.path));
            let mut blocks = Vec::new();
            let mut tfvars: HashMap<&str, &Expr> = HashMap::new();
            // `terraform.tfvars` first, then `*.auto.tfvars` in name order: later files win.
            files.sort_by_key(|f| {
                (
                    f.is_vars && f.path.ends_with(".auto.tfvars"),
                    f.path.clone(),
                )
            });
            for file in &files {
                if file.is_vars {
                    for attribute in &file.file.attributes {
                        tfvars.insert(attribute.name.as_str(), &attribute.value);
                    }
                } else {
                    blocks.extend(file.file.blocks.iter().map(|block| Located {
                        path: &file.path,
                        block,
                    }));
                }
            }
            if blocks.is_empty() {
                continue;
            }
            let module = Module::new(dir, blocks, tfvars);
            for (_, check) in &CHECKS {
                check(&module, out);
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
    builder.message(message).snippet(loc.snippet()).emit();
}
