//! FG3070 `rds-password-literal`: a database master password written in the configuration.

use super::eval::Module;
use super::plain_secrets::report_masked;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3070",
    slug: "rds-password-literal",
    title: "Database master password written in the configuration",
    factor: Factor::III,
    stride: &[Stride::Spoofing, Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::Medium,
    remediation: "Set `manage_master_user_password = true` so RDS keeps the password in Secrets Manager, instead of `password` / `master_password`.",
    spec: "III. Config — `aws_db_instance.password` literals",
    references: &[
        "https://cwe.mitre.org/data/definitions/798.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html",
    ],
    doc: r#"## What it does
Finds `aws_db_instance` `password` and `aws_rds_cluster` `master_password` attributes whose
value is known from the configuration itself: a string literal, or a variable whose value comes
from its `default` or a `terraform.tfvars` / `*.auto.tfvars` file. A variable given no value
(set with `-var` or `TF_VAR_*` at apply time) or another resource's attribute (a
`random_password`) is unknown and not reported. The finding never shows the password.

## Why is this bad?
The password is in the repository and its history, readable by everyone with access to the
code, copied into every clone and CI log of a plan. It also lands in the state file. Rotating
it means a code change, so it is rarely rotated.

## How to fix
Let RDS generate and rotate the master password in Secrets Manager with
`manage_master_user_password = true`; the application reads it from the secret.

## Example
```hcl
resource "aws_db_instance" "main" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
  username       = "app_admin"
  password       = "Vt3qLx9rWm2pZk7d"
}
```
Use instead:
```hcl
resource "aws_db_instance" "main" {
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  username                    = "app_admin"
  manage_master_user_password = true
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for (resource_type, attribute) in [
        ("aws_db_instance", "password"),
        ("aws_rds_cluster", "master_password"),
    ] {
        for database in module.resources(resource_type) {
            let Some(set) = database.block.body.attribute(attribute) else {
                continue;
            };
            let known = module
                .eval(&set.value)
                .as_str()
                .is_some_and(|p| !p.trim().is_empty());
            if known {
                report_masked(
                    out,
                    &META,
                    &database,
                    &set.loc,
                    format!(
                        "`{}` sets `{attribute}` from the configuration: the password is in the repository and the state",
                        database.address()
                    ),
                    "",
                );
            }
        }
    }
}
