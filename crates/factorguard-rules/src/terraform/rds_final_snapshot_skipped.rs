//! FG3050 `rds-final-snapshot-skipped`: a database deleted without a last backup.

use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3050",
    slug: "rds-final-snapshot-skipped",
    title: "RDS database skips the final snapshot",
    factor: Factor::IV,
    stride: &[Stride::DenialOfService],
    cia: &[Cia::Availability],
    default_severity: Severity::Low,
    remediation: "Set `skip_final_snapshot = false` with a `final_snapshot_identifier`.",
    spec: "IV. Backing services — assume its risk",
    references: &[
        "https://cwe.mitre.org/data/definitions/1188.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html",
    ],
    doc: r#"## What it does
Finds `aws_db_instance` and `aws_rds_cluster` resources whose `skip_final_snapshot` evaluates to
`true`. The default is `false`, so a missing attribute is not reported; an unknown value is not
reported either.

## Why is this bad?
When the database is destroyed — on purpose, by a renamed resource, or by a wrong workspace —
no snapshot is taken, and its automated backups are deleted with it unless they are retained:
the data is gone.

## How to fix
Keep the final snapshot (`skip_final_snapshot = false` and a `final_snapshot_identifier`); turn
it off only for disposable environments, through a variable that defaults to keeping it.

## Example
```hcl
resource "aws_db_instance" "main" {
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  skip_final_snapshot = true
}
```
Use instead:
```hcl
resource "aws_db_instance" "main" {
  engine                    = "postgres"
  instance_class            = "db.t4g.micro"
  skip_final_snapshot       = false
  final_snapshot_identifier = "main-final"
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    let databases = module
        .resources("aws_db_instance")
        .chain(module.resources("aws_rds_cluster"));
    for database in databases {
        let Some(skip) = database.block.body.attribute("skip_final_snapshot") else {
            continue;
        };
        if module.eval(&skip.value).as_bool() == Some(true) {
            super::report(
                out,
                &META,
                &database,
                &skip.loc,
                format!(
                    "`{}` has `skip_final_snapshot = true`: destroying it leaves no backup",
                    database.address()
                ),
                "",
            );
        }
    }
}
