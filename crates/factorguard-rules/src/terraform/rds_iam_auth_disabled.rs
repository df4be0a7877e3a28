//! FG3048 `rds-iam-auth-disabled`: a database reachable only with long-lived passwords.

use super::eval::Module;
use super::flag_off::report_flag_off;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3048",
    slug: "rds-iam-auth-disabled",
    title: "RDS IAM database authentication is off",
    factor: Factor::IV,
    stride: &[Stride::Spoofing],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::Low,
    remediation: "Set `iam_database_authentication_enabled = true` and let the application connect with short-lived IAM authentication tokens.",
    spec: "IV. Backing services — a dedicated least-privileged account per app",
    references: &[
        "https://cwe.mitre.org/data/definitions/798.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html",
    ],
    doc: r#"## What it does
Finds `aws_db_instance` and `aws_rds_cluster` resources running an engine that supports IAM
authentication (MySQL, MariaDB, PostgreSQL and their Aurora variants, or no `engine` set) whose
`iam_database_authentication_enabled` is missing (the default is `false`) or evaluates to
`false`. A DB instance that belongs to a cluster (`cluster_identifier` set) follows the cluster
and is skipped. An unknown value is not reported.

## Why is this bad?
Without IAM authentication every client logs in with a database password: a long-lived secret
that is copied into environment variables, CI settings and laptops, rarely rotated, and that
keeps working after the person or service that held it is gone. IAM tokens last 15 minutes, are
tied to an IAM principal, and are revoked with it.

## How to fix
Turn IAM authentication on, create the application's database user with the `rds_iam` role (or
`AWSAuthenticationPlugin`), and connect with a token from `rds generate-db-auth-token`.

## Example
```hcl
resource "aws_db_instance" "main" {
  engine         = "postgres"
  instance_class = "db.t4g.micro"
}
```
Use instead:
```hcl
resource "aws_db_instance" "main" {
  engine                              = "postgres"
  instance_class                      = "db.t4g.micro"
  iam_database_authentication_enabled = true
}
```
"#,
};

/// Engines (by prefix) that support IAM database authentication.
const IAM_AUTH_ENGINES: [&str; 4] = ["mysql", "mariadb", "postgres", "aurora"];

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    let databases = module
        .resources("aws_db_instance")
        .chain(module.resources("aws_rds_cluster"));
    for database in databases {
        let body = &database.block.body;
        if body.attribute("cluster_identifier").is_some() {
            continue;
        }
        let supported = match body.attribute("engine") {
            // A cluster without `engine` is Aurora MySQL; an instance needs one unless it is
            // restored or replicated, and then it is the source's engine.
            None => true,
            Some(engine) => module
                .eval(&engine.value)
                .as_str()
                .is_some_and(|e| IAM_AUTH_ENGINES.iter().any(|p| e.starts_with(p))),
        };
        if !supported {
            continue;
        }
        report_flag_off(
            module,
            out,
            &META,
            &database,
            "iam_database_authentication_enabled",
            "every client logs in with a long-lived database password",
        );
    }
}
