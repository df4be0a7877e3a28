//! FG3090 `rds-storage-without-cmk`: a database whose storage is encrypted, but with the
//! AWS-managed `aws/rds` key rather than a customer managed one.

use super::eval::Module;
use super::required_attribute::report_unset;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3090",
    slug: "rds-storage-without-cmk",
    title: "RDS storage encrypted with the AWS-managed key instead of a customer managed key",
    factor: Factor::IV,
    stride: &[Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    // Low: the data is encrypted at rest either way; what a customer managed key adds is control
    // over who may use it, revocation, rotation and the sharing of snapshots.
    default_severity: Severity::Low,
    remediation: "Set `kms_key_id` to the ARN of a customer managed KMS key (`aws_kms_key.<name>.arn`) when creating the database.",
    spec: "IV. Backing services — databases unencrypted at rest (key control)",
    references: &[
        "https://cwe.mitre.org/data/definitions/311.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.Keys.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/share-encrypted-snapshot.html",
    ],
    doc: r#"## What it does
Finds `aws_db_instance` and `aws_rds_cluster` resources with `storage_encrypted = true` and no
`kms_key_id` (or one known to be `null`, empty, or the `alias/aws/rds` alias): RDS then encrypts
the storage, its automated backups and its snapshots with the AWS-managed key `aws/rds` of the
account and region. A DB instance that belongs to a cluster (`cluster_identifier` set), a read
replica (`replicate_source_db`, or `replication_source_identifier` for a cluster) and a database
restored from a snapshot (`snapshot_identifier`) take their encryption from elsewhere and are
skipped. Storage that is not encrypted at all is FG3003's finding, not this one's. A
`storage_encrypted` or `kms_key_id` not known before apply is not reported; in a plan, a
`kms_key_id` left to AWS is known only after apply and is therefore not reported either.

## Why is this bad?
The AWS-managed key's policy cannot be changed: every principal of the account allowed to use
RDS can use the key through RDS, nothing narrows it to the application's roles, and the key
cannot be disabled to cut off access during an incident. Snapshots encrypted with it cannot be
shared with another account (a backup or recovery account, a migration target) at all, so
cross-account backups need a re-encryption step that copies the data first. Rotation and the
key's lifetime are AWS's, not yours. The key of an existing database cannot be changed later
without copying it to a new instance.

## How to fix
Create an `aws_kms_key` with rotation enabled and a key policy that lets only the application's
roles and the database administrators use it, and set it as `kms_key_id` when the database is
created.

## Example
```hcl
resource "aws_db_instance" "orders" {
  engine            = "postgres"
  instance_class    = "db.t4g.small"
  storage_encrypted = true
}
```
Use instead:
```hcl
resource "aws_kms_key" "orders_db" {
  description         = "orders database storage"
  enable_key_rotation = true
}

resource "aws_db_instance" "orders" {
  engine            = "postgres"
  instance_class    = "db.t4g.small"
  storage_encrypted = true
  kms_key_id        = aws_kms_key.orders_db.arn
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for resource_type in ["aws_db_instance", "aws_rds_cluster"] {
        for db in module.resources(resource_type) {
            let body = &db.block.body;
            if super::rds_storage_unencrypted::inherits_encryption(body, resource_type) {
                continue;
            }
            let encrypted = body
                .attribute("storage_encrypted")
                .map(|a| module.eval(&a.value).as_bool());
            // Missing or `false` is unencrypted storage (FG3003); unknown is not reported.
            if encrypted != Some(Some(true)) {
                continue;
            }
            let consequence =
                "its storage, backups and snapshots are encrypted with the AWS-managed `aws/rds` key, whose policy, rotation and snapshot sharing you cannot control";
            if let Some(key) = body.attribute("kms_key_id") {
                let value = module.eval(&key.value);
                if value.as_str().is_some_and(is_aws_managed_alias) {
                    super::report(
                        out,
                        &META,
                        &db,
                        &key.loc,
                        format!(
                            "`{}` sets `kms_key_id` to the `aws/rds` alias: {consequence}",
                            db.address()
                        ),
                        "",
                    );
                    continue;
                }
            }
            report_unset(module, out, &META, &db, "kms_key_id", consequence);
        }
    }
}

/// `alias/aws/rds`, alone or as an alias ARN (`arn:aws:kms:eu-west-1:111122223333:alias/aws/rds`).
fn is_aws_managed_alias(key: &str) -> bool {
    key == "alias/aws/rds" || (key.starts_with("arn:") && key.ends_with(":alias/aws/rds"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_aws_managed_alias_is_recognised_alone_or_as_an_arn() {
        assert!(is_aws_managed_alias("alias/aws/rds"));
        assert!(is_aws_managed_alias(
            "arn:aws:kms:eu-west-1:111122223333:alias/aws/rds"
        ));
        assert!(!is_aws_managed_alias("alias/orders-db"));
        assert!(!is_aws_managed_alias(
            "arn:aws:kms:eu-west-1:111122223333:alias/aws/rds-custom"
        ));
        assert!(!is_aws_managed_alias(
            "arn:aws:kms:eu-west-1:111122223333:key/0f8a3c52-6d1e-4b7a-9c2d-5e4f3a2b1c0d"
        ));
    }
}
