//! FG3044 `elasticache-at-rest-encryption-disabled`: a cache whose disks and backups are not
//! encrypted.

use super::eval::Module;
use super::flag_off::report_flag_off;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3044",
    slug: "elasticache-at-rest-encryption-disabled",
    title: "ElastiCache replication group without at-rest encryption",
    factor: Factor::IV,
    stride: &[Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::Medium,
    remediation: "Set `at_rest_encryption_enabled = true` (with a `kms_key_id` you control) when creating the replication group.",
    spec: "IV. Backing services — unencrypted at rest",
    references: &[
        "https://cwe.mitre.org/data/definitions/311.html",
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html",
    ],
    doc: r#"## What it does
Finds `aws_elasticache_replication_group` resources whose `at_rest_encryption_enabled` is
missing or evaluates to `false`. Recent provider versions turn it on by default for new Valkey
and Redis groups, but the value then depends on the provider version and engine; the rule asks
for it to be written down. An unknown value is not reported.

## Why is this bad?
Without at-rest encryption the data that a cache swaps to disk, its snapshots and its backups
exported to S3 are stored in clear, so whoever obtains a snapshot reads every cached session and
token. It cannot be switched on for an existing group without replacing it.

## How to fix
Enable at-rest encryption, ideally with `kms_key_id` pointing at a customer managed key.

## Example
```hcl
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "session store"
  at_rest_encryption_enabled = false
}
```
Use instead:
```hcl
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "session store"
  at_rest_encryption_enabled = true
  kms_key_id                 = aws_kms_key.cache.arn
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for group in module.resources("aws_elasticache_replication_group") {
        report_flag_off(
            module,
            out,
            &META,
            &group,
            "at_rest_encryption_enabled",
            "its snapshots and backups are stored unencrypted",
        );
    }
}
