//! FG3045 `elasticache-auth-token-missing`: an encrypted Redis/Valkey cache that lets any client
//! in without a password.

use super::eval::{Module, Value};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3045",
    slug: "elasticache-auth-token-missing",
    title: "ElastiCache Redis replication group without an auth token",
    factor: Factor::IV,
    stride: &[Stride::Spoofing, Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::High,
    remediation: "Set `auth_token` from a secret store (or `user_group_ids` for RBAC users) on the replication group.",
    spec: "IV. Backing services — caches without auth token",
    references: &[
        "https://cwe.mitre.org/data/definitions/306.html",
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html",
    ],
    doc: r#"## What it does
Finds `aws_elasticache_replication_group` resources running Redis or Valkey (`engine` missing,
`"redis"` or `"valkey"`) with `transit_encryption_enabled = true` — ElastiCache accepts an auth
token only then — that set neither `auth_token` nor `user_group_ids` (role-based access control),
or set an empty `auth_token`. Groups without transit encryption are FG3043's findings. An unknown
value is not reported.

## Why is this bad?
Without authentication every host that can reach the port — any workload in the VPC, a peered
network, a compromised container — can read every key, overwrite sessions, and run `FLUSHALL`.
Security groups limit who can connect, not who is allowed in.

## How to fix
Set an auth token kept in a secret store (Secrets Manager, SSM SecureString) and passed in through
a variable, or RBAC users with `user_group_ids`; give the application its own user.

## Example
```hcl
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "session store"
  transit_encryption_enabled = true
}
```
Use instead:
```hcl
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "session store"
  transit_encryption_enabled = true
  auth_token                 = var.redis_auth_token
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for group in module.resources("aws_elasticache_replication_group") {
        let body = &group.block.body;
        let transit = body
            .attribute("transit_encryption_enabled")
            .and_then(|t| module.eval(&t.value).as_bool());
        if transit != Some(true) {
            continue;
        }
        let engine = match body.attribute("engine") {
            None => Some("redis".to_string()),
            Some(engine) => module.eval(&engine.value).to_text(),
        };
        if !matches!(engine.as_deref(), Some("redis" | "valkey")) {
            continue;
        }
        if body.attribute("user_group_ids").is_some() {
            continue;
        }
        match body.attribute("auth_token") {
            None => super::report(
                out,
                &META,
                &group,
                &group.block.header,
                format!(
                    "`{}` does not set `auth_token`: any client that reaches the port can read and write every key",
                    group.address()
                ),
                "",
            ),
            Some(token) => {
                let value = module.eval(&token.value);
                if matches!(value, Value::Null) || value.as_str() == Some("") {
                    super::report(
                        out,
                        &META,
                        &group,
                        &token.loc,
                        format!(
                            "`{}` has an empty `auth_token`: any client that reaches the port can read and write every key",
                            group.address()
                        ),
                        "",
                    );
                }
            }
        }
    }
}
