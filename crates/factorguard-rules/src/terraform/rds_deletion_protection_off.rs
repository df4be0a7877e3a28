//! FG3021 `rds-deletion-protection-off`: a database that one `terraform destroy` or API call
//! deletes.

use super::eval::Module;
use super::flag_off::report_flag_off;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3021",
    slug: "rds-deletion-protection-off",
    title: "RDS database has deletion protection off",
    factor: Factor::IV,
    stride: &[Stride::DenialOfService],
    cia: &[Cia::Availability],
    default_severity: Severity::Low,
    remediation: "Set `deletion_protection = true`; turn it off deliberately, in a reviewed change, before deleting the database.",
    spec: "IV. Backing services — assume its risk",
    references: &[
        "https://cwe.mitre.org/data/definitions/1188.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeleteInstance.DeletionProtection",
    ],
    doc: r#"## What it does
Finds `aws_db_instance` and `aws_rds_cluster` resources whose `deletion_protection` is missing
(the default is `false`) or evaluates to `false`. An unknown value is not reported.

## Why is this bad?
A renamed resource, a wrong workspace, a refactoring that moves the database into a module, or
an attacker with `rds:DeleteDB*` rights deletes the database in one step, and its automated
backups are deleted with it unless they are retained.

## How to fix
Turn deletion protection on for every database that holds data you want to keep; it blocks
deletion from Terraform, the console and the API until it is turned off.

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
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  deletion_protection = true
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    let databases = module
        .resources("aws_db_instance")
        .chain(module.resources("aws_rds_cluster"));
    for database in databases {
        report_flag_off(
            module,
            out,
            &META,
            &database,
            "deletion_protection",
            "one destroy or API call deletes it",
        );
    }
}
