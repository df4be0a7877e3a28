//! FG3049 `rds-log-exports-disabled`: a database whose logs stay inside RDS.

use super::eval::{Module, Value};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3049",
    slug: "rds-log-exports-disabled",
    title: "RDS database does not export its logs to CloudWatch",
    factor: Factor::XI,
    stride: &[Stride::Repudiation],
    cia: &[Cia::Integrity],
    default_severity: Severity::Low,
    remediation: "Set `enabled_cloudwatch_logs_exports` to the engine's logs (`[\"postgresql\"]`, `[\"audit\", \"error\", \"general\", \"slowquery\"]`).",
    spec: "XI. Logs — the platform routes them to a SIEM",
    references: &[
        "https://cwe.mitre.org/data/definitions/778.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html",
    ],
    doc: r#"## What it does
Finds `aws_db_instance` and `aws_rds_cluster` resources whose `enabled_cloudwatch_logs_exports`
is missing or known to be an empty list. A DB instance that belongs to a cluster
(`cluster_identifier` set) exports through the cluster and is skipped. An unknown value is not
reported.

## Why is this bad?
Without exports the database's error, audit and connection logs live only on the instance, for
a few days, outside the SIEM: failed logins, privilege changes and the queries of an intrusion
are not correlated with anything, and are gone when the instance is.

## How to fix
Export the engine's logs to CloudWatch Logs (and turn on the engine's connection or audit
logging in its parameter group), with a retention that matches your incident response needs.

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
  engine                          = "postgres"
  instance_class                  = "db.t4g.micro"
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    let databases = module
        .resources("aws_db_instance")
        .chain(module.resources("aws_rds_cluster"));
    for database in databases {
        let body = &database.block.body;
        if body.attribute("cluster_identifier").is_some() {
            continue;
        }
        match body.attribute("enabled_cloudwatch_logs_exports") {
            None => super::report(
                out,
                &META,
                &database,
                &database.block.header,
                format!(
                    "`{}` does not set `enabled_cloudwatch_logs_exports`: its logs never reach CloudWatch",
                    database.address()
                ),
                "",
            ),
            Some(exports) => {
                let value = module.eval(&exports.value);
                let empty = match &value {
                    Value::List(items) => items.is_empty(),
                    Value::Null => true,
                    _ => false,
                };
                if empty {
                    super::report(
                        out,
                        &META,
                        &database,
                        &exports.loc,
                        format!(
                            "`{}` has an empty `enabled_cloudwatch_logs_exports`: its logs never reach CloudWatch",
                            database.address()
                        ),
                        "",
                    );
                }
            }
        }
    }
}
