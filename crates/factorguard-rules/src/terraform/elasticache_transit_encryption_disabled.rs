//! FG3043 `elasticache-transit-encryption-disabled`: a cache that speaks plain text.

use super::eval::Module;
use super::flag_off::report_flag_off;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3043",
    slug: "elasticache-transit-encryption-disabled",
    title: "ElastiCache replication group without in-transit encryption",
    factor: Factor::IV,
    stride: &[Stride::InformationDisclosure, Stride::Tampering],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::High,
    remediation: "Set `transit_encryption_enabled = true` and connect with `rediss://`.",
    spec: "IV. Backing services — caches without in-transit encryption",
    references: &[
        "https://cwe.mitre.org/data/definitions/319.html",
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html",
    ],
    doc: r#"## What it does
Finds `aws_elasticache_replication_group` resources whose `transit_encryption_enabled` is
missing (the default is `false`) or evaluates to `false`. An unknown value is not reported.

## Why is this bad?
Without in-transit encryption the cache speaks plain Redis/Valkey protocol: sessions, tokens and
cached personal data — and the auth token itself — cross the network in clear text, readable and
alterable by anything on the path (a compromised host in the VPC, a mirrored port).

## How to fix
Turn on in-transit encryption (`transit_encryption_mode = "required"` once every client uses
TLS) and connect with `rediss://`.

## Example
```hcl
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "sessions"
  description          = "session store"
  engine               = "redis"
  node_type            = "cache.t4g.small"
}
```
Use instead:
```hcl
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "session store"
  engine                     = "redis"
  node_type                  = "cache.t4g.small"
  transit_encryption_enabled = true
  auth_token                 = var.redis_auth_token
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
            "transit_encryption_enabled",
            "clients and nodes exchange data and credentials in clear text",
        );
    }
}
