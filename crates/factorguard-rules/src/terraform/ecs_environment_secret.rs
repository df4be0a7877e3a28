//! FG3073 `ecs-environment-secret`: a secret as a plain ECS container environment variable.

use super::ecs_containers::containers;
use super::eval::{Module, Value};
use super::plain_secrets::{report_masked, secret_in_entry};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3073",
    slug: "ecs-environment-secret",
    title: "Secret in an ECS container environment variable",
    factor: Factor::III,
    stride: &[Stride::Spoofing, Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::High,
    remediation: "Move the value to Secrets Manager or SSM Parameter Store and reference it from the container's `secrets` list with `valueFrom`.",
    spec: "III. Config — secrets passed as plain values in ECS env",
    references: &[
        "https://cwe.mitre.org/data/definitions/798.html",
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html",
    ],
    doc: r#"## What it does
Evaluates the `container_definitions` of `aws_ecs_task_definition` resources (`jsonencode`,
heredoc JSON, variables and locals resolved) and reports each `environment` entry whose value
the secrets engine's detectors recognise as a credential (with the detector's title), or whose
name says it holds one and whose value is a plain, non-placeholder string. Definitions that are
unknown before apply are not reported. Values are never shown.

## Why is this bad?
Plain environment values are part of the task definition: `ecs:DescribeTaskDefinition` returns
them in clear to anyone allowed to read it, every revision keeps them forever, and they are in
the repository and the state.

## How to fix
Keep the secret in Secrets Manager or Parameter Store and list it under the container's
`secrets` with `valueFrom`; ECS injects it at start with the task execution role.

## Example
```hcl
resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([{
    name  = "api"
    image = "ghcr.io/acme/api:1.8.0"
    environment = [
      { name = "DB_PASSWORD", value = "Hq4Zm8Tx2Lr6Wc9N" }
    ]
  }])
}
```
Use instead:
```hcl
resource "aws_ecs_task_definition" "api" {
  family             = "api"
  execution_role_arn = aws_iam_role.api_execution.arn
  container_definitions = jsonencode([{
    name  = "api"
    image = "ghcr.io/acme/api:1.8.0"
    secrets = [
      { name = "DB_PASSWORD", valueFrom = aws_secretsmanager_secret.db_password.arn }
    ]
  }])
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for container in containers(module) {
        let Value::List(environment) = container.definition.get("environment") else {
            continue;
        };
        for entry in environment {
            let (Some(name), Some(value)) =
                (entry.get("name").as_str(), entry.get("value").to_text())
            else {
                continue;
            };
            if let Some(what) = secret_in_entry(name, &value) {
                report_masked(
                    out,
                    &META,
                    &container.task,
                    &container.attribute.loc,
                    format!(
                        "`{}` container `{}` passes `{name}` as a plain environment value ({what}): anyone who can describe the task definition reads it",
                        container.task.address(),
                        container.name
                    ),
                    &format!("{} {name}", container.name),
                );
            }
        }
    }
}
