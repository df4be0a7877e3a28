//! FG3042 `dynamodb-pitr-disabled`: a DynamoDB table without point-in-time recovery.

use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3042",
    slug: "dynamodb-pitr-disabled",
    title: "DynamoDB table has point-in-time recovery off",
    factor: Factor::IV,
    stride: &[Stride::Tampering, Stride::DenialOfService],
    cia: &[Cia::Integrity, Cia::Availability],
    default_severity: Severity::Medium,
    remediation: "Add `point_in_time_recovery { enabled = true }` to the table.",
    spec: "IV. Backing services — assume its risk",
    references: &[
        "https://cwe.mitre.org/data/definitions/1188.html",
        "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html",
    ],
    doc: r#"## What it does
Finds `aws_dynamodb_table` resources without a `point_in_time_recovery` block (the default is
off) or whose block's `enabled` is missing or evaluates to `false`. An unknown value is not
reported.

## Why is this bad?
Without point-in-time recovery a bad deploy, a faulty migration script or an attacker with write
access that overwrites or deletes items leaves no way back: on-demand backups only restore the
state of their own moment, if someone took one.

## How to fix
Enable point-in-time recovery on every table holding data you cannot regenerate; it restores the
table to any second of the retention window (35 days by default).

## Example
```hcl
resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
}
```
Use instead:
```hcl
resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  point_in_time_recovery {
    enabled = true
  }
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for table in module.resources("aws_dynamodb_table") {
        let Some(recovery) = table.block.body.blocks("point_in_time_recovery").next() else {
            super::report(
                out,
                &META,
                &table,
                &table.block.header,
                format!(
                    "`{}` has no `point_in_time_recovery`: overwritten or deleted items cannot be restored",
                    table.address()
                ),
                "",
            );
            continue;
        };
        match recovery.body.attribute("enabled") {
            None => super::report(
                out,
                &META,
                &table,
                &recovery.header,
                format!(
                    "`{}` does not set `point_in_time_recovery.enabled`: overwritten or deleted items cannot be restored",
                    table.address()
                ),
                "",
            ),
            Some(enabled) => {
                if module.eval(&enabled.value).as_bool() == Some(false) {
                    super::report(
                        out,
                        &META,
                        &table,
                        &enabled.loc,
                        format!(
                            "`{}` has `point_in_time_recovery.enabled = false`: overwritten or deleted items cannot be restored",
                            table.address()
                        ),
                        "",
                    );
                }
            }
        }
    }
}
