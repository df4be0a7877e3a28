//! FG3075 `ecs-container-root-user`: an ECS container running as root.

use super::ecs_containers::containers;
use super::eval::{Module, Value};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3075",
    slug: "ecs-container-root-user",
    title: "ECS container runs as root",
    factor: Factor::VI,
    stride: &[Stride::ElevationOfPrivilege],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::Medium,
    remediation: "Set `user` to an unprivileged user id (`\"1000:1000\"`) in the container definition, and make the image work without root.",
    spec: "Infrastructure as code — containers and compute: ECS root",
    references: &[
        "https://cwe.mitre.org/data/definitions/250.html",
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security",
    ],
    doc: r#"## What it does
Evaluates the `container_definitions` of `aws_ecs_task_definition` resources and reports each
container whose `user` is missing (the image's user, root for most images) or is `root` or
uid `0` (with or without a group). Definitions that are unknown before apply are not reported.
An image that sets a non-root `USER` itself is a reason to waive the finding, or better, to
state that user in the task definition too.

## Why is this bad?
A process running as root inside the container can rewrite its binaries, read every file of
the image and mounted volumes, and is one kernel or runtime bug away from root on the host.

## How to fix
Run the process under an unprivileged uid, set in the task definition so that it does not
depend on each image.

## Example
```hcl
resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([{
    name  = "api"
    image = "ghcr.io/acme/api:1.8.0"
  }])
}
```
Use instead:
```hcl
resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([{
    name  = "api"
    image = "ghcr.io/acme/api:1.8.0"
    user  = "10001:10001"
  }])
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for container in containers(module) {
        let why = match container.definition.get("user") {
            Value::Null => "sets no `user`, so it runs as the image's user (root for most images)",
            user => match user.to_text() {
                Some(user) if is_root(&user) => "runs as root",
                _ => continue,
            },
        };
        super::report(
            out,
            &META,
            &container.task,
            &container.attribute.loc,
            format!(
                "`{}` container `{}` {why}: a compromised process owns the container and is one bug away from the host",
                container.task.address(),
                container.name
            ),
            &container.name,
        );
    }
}

fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or("").trim();
    name == "root" || name == "0"
}
