//! FG3066 `secretsmanager-rotation-missing`: a Secrets Manager secret that no rotation resource
//! rotates (cross-resource).

use super::eval::{Module, Value};
use super::model::{Expr, Step};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3066",
    slug: "secretsmanager-rotation-missing",
    title: "Secrets Manager secret is never rotated",
    factor: Factor::III,
    stride: &[Stride::InformationDisclosure, Stride::Spoofing],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::Medium,
    remediation: "Add an `aws_secretsmanager_secret_rotation` for the secret with a rotation Lambda and a `rotation_rules` schedule.",
    spec: "III. Config — Secrets Manager without rotation",
    references: &[
        "https://cwe.mitre.org/data/definitions/262.html",
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html",
    ],
    doc: r#"## What it does
Finds `aws_secretsmanager_secret` resources that no `aws_secretsmanager_secret_rotation` of the
same module points at with `secret_id = aws_secretsmanager_secret.<name>.id` (or `.arn`). When a
rotation's `secret_id` is not known (a variable, another module's output), no secret of the module
is reported, since that rotation might cover any of them.

## Why is this bad?
A secret that never changes stays valid for as long as it lives: a copy leaked in a log, a laptop
or a former employee's notes keeps working forever, and nobody knows whether it is still in use.

## How to fix
Rotate the secret automatically with a rotation function, on a schedule short enough for your
risk (30 to 90 days).

## Example
```hcl
resource "aws_secretsmanager_secret" "db" {
  name = "app/db"
}
```
Use instead:
```hcl
resource "aws_secretsmanager_secret" "db" {
  name = "app/db"
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = aws_lambda_function.rotate_db.arn

  rotation_rules {
    automatically_after_days = 30
  }
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    let mut rotated = Vec::new();
    for rotation in module.resources("aws_secretsmanager_secret_rotation") {
        let Some(secret_id) = rotation.block.body.attribute("secret_id") else {
            continue;
        };
        match &secret_id.value {
            Expr::Reference { root, steps } if root == "aws_secretsmanager_secret" => {
                match steps.first() {
                    Some(Step::Attr(name)) => rotated.push(name.clone()),
                    _ => return,
                }
            }
            other => {
                // A literal ARN or name covers no secret declared here; anything else may.
                if !matches!(module.eval(other), Value::String(_)) {
                    return;
                }
            }
        }
    }
    for secret in module.resources("aws_secretsmanager_secret") {
        if rotated.iter().any(|name| name == secret.name()) || module.may_be_elsewhere(&secret) {
            continue;
        }
        super::report(
            out,
            &META,
            &secret,
            &secret.block.header,
            format!(
                "`{}` has no `aws_secretsmanager_secret_rotation`: its value never changes",
                secret.address()
            ),
            "",
        );
    }
}
