//! FG3003 `rds-storage-unencrypted`: a database's storage is not encrypted at rest.

use super::eval::Module;
use super::model::Body;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3003",
    slug: "rds-storage-unencrypted",
    title: "RDS storage is not encrypted at rest",
    factor: Factor::IV,
    stride: &[Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::High,
    remediation: "Set `storage_encrypted = true` (with a `kms_key_id` you control) when creating the database.",
    spec: "IV. Backing services — databases unencrypted at rest",
    references: &[
        "https://cwe.mitre.org/data/definitions/311.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
    ],
    doc: r#"## What it does
Finds `aws_db_instance` and `aws_rds_cluster` resources whose `storage_encrypted` is missing
(the AWS default is unencrypted) or evaluates to `false`. A DB instance that belongs to a cluster
(`cluster_identifier` set), is a read replica (`replicate_source_db`) or is restored from a
snapshot inherits its storage settings and is skipped, and so is a cluster that replicates
another (`replication_source_identifier`), joins a global cluster or is restored from a snapshot.
An Aurora Serverless v1 cluster (`engine_mode` other than `provisioned`) is always encrypted. An
unknown value is not reported.

## Why is this bad?
Unencrypted storage exposes the data, its automated backups and its snapshots to anyone who gets
hold of a snapshot or of the underlying volumes. Encryption cannot be switched on later without
copying the database.

## How to fix
Set `storage_encrypted = true`, ideally with `kms_key_id` pointing at a customer managed key.

## Example
```hcl
resource "aws_db_instance" "main" {
  engine            = "postgres"
  storage_encrypted = false
}
```
Use instead:
```hcl
resource "aws_db_instance" "main" {
  engine            = "postgres"
  storage_encrypted = true
  kms_key_id        = aws_kms_key.db.arn
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for resource_type in ["aws_db_instance", "aws_rds_cluster"] {
        for db in module.resources(resource_type) {
            let body = &db.block.body;
            if inherits_encryption(body, resource_type) {
                continue;
            }
            // Aurora Serverless v1 is always encrypted; an engine mode not known may be it.
            if let Some(mode) = body.attribute("engine_mode") {
                if module.eval(&mode.value).as_str() != Some("provisioned") {
                    continue;
                }
            }
            match body.attribute("storage_encrypted") {
                None => super::report(
                    out,
                    &META,
                    &db,
                    &db.block.header,
                    format!(
                        "`{}` does not set `storage_encrypted`: its storage, backups and snapshots are not encrypted",
                        db.address()
                    ),
                    "",
                ),
                Some(attribute) => {
                    if module.eval(&attribute.value).as_bool() == Some(false) {
                        super::report(
                            out,
                            &META,
                            &db,
                            &attribute.loc,
                            format!(
                                "`{}` has `storage_encrypted = false`: its storage, backups and snapshots are not encrypted",
                                db.address()
                            ),
                            "",
                        );
                    }
                }
            }
        }
    }
}

/// Whether a database takes its storage encryption from elsewhere: a cluster member, a replica,
/// a restored snapshot or point in time, a member of a global cluster. On a cluster
/// `cluster_identifier` is its own name, not a membership.
pub(crate) fn inherits_encryption(body: &Body, resource_type: &str) -> bool {
    let attributes: &[&str] = match resource_type {
        "aws_db_instance" => &[
            "cluster_identifier",
            "replicate_source_db",
            "snapshot_identifier",
        ],
        _ => &[
            "replication_source_identifier",
            "snapshot_identifier",
            "global_cluster_identifier",
        ],
    };
    attributes.iter().any(|name| body.attribute(name).is_some())
        || body.blocks("restore_to_point_in_time").next().is_some()
}
