//! FG3076 `ecs-container-writable-root-fs`: an ECS container with a writable root file system.

use super::ecs_containers::containers;
use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3076",
    slug: "ecs-container-writable-root-fs",
    title: "ECS container root file system is writable",
    factor: Factor::VI,
    stride: &[Stride::Tampering],
    cia: &[Cia::Integrity],
    default_severity: Severity::Low,
    remediation: "Set `readonlyRootFilesystem: true` and mount a volume for the few paths the process writes to.",
    spec: "Infrastructure as code — containers and compute: ECS writable root fs",
    references: &[
        "https://cwe.mitre.org/data/definitions/732.html",
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_storage",
    ],
    doc: r#"## What it does
Evaluates the `container_definitions` of `aws_ecs_task_definition` resources and reports each
container whose `readonlyRootFilesystem` is missing (the default is writable) or `false`.
Definitions that are unknown before apply are not reported.

## Why is this bad?
Processes are stateless and share nothing (factor VI): the container has no reason to change
its own file system. A writable root lets an intruder replace binaries, drop tools and persist
until the task is replaced.

## How to fix
Make the root file system read-only and give the process a volume (or `tmpfs`) for scratch
files.

## Example
```hcl
resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([{
    name  = "api"
    image = "ghcr.io/acme/api:1.8.0"
    user  = "10001"
  }])
}
```
Use instead:
```hcl
resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([{
    name                   = "api"
    image                  = "ghcr.io/acme/api:1.8.0"
    user                   = "10001"
    readonlyRootFilesystem = true
  }])
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for container in containers(module) {
        if container.definition.get("readonlyRootFilesystem").as_bool() == Some(true) {
            continue;
        }
        super::report(
            out,
            &META,
            &container.task,
            &container.attribute.loc,
            format!(
                "`{}` container `{}` does not set `readonlyRootFilesystem: true`: an intruder can change its files",
                container.task.address(),
                container.name
            ),
            &container.name,
        );
    }
}
