//! FG3074 `ecs-container-privileged`: an ECS container running privileged.

use super::ecs_containers::containers;
use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3074",
    slug: "ecs-container-privileged",
    title: "ECS container runs privileged",
    factor: Factor::VI,
    stride: &[Stride::ElevationOfPrivilege, Stride::Tampering],
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    default_severity: Severity::High,
    remediation: "Remove `privileged: true`; grant only the Linux capabilities the process needs with `linuxParameters.capabilities.add`.",
    spec: "Infrastructure as code — containers and compute: ECS privileged",
    references: &[
        "https://cwe.mitre.org/data/definitions/250.html",
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_security",
    ],
    doc: r#"## What it does
Evaluates the `container_definitions` of `aws_ecs_task_definition` resources and reports each
container with `"privileged": true`. Definitions that are unknown before apply are not
reported.

## Why is this bad?
A privileged container gets every capability and the host's devices: a compromise of the
process is a compromise of the EC2 host, its other tasks and the credentials they hold.

## How to fix
Drop `privileged` and add the few capabilities the workload really needs.

## Example
```hcl
resource "aws_ecs_task_definition" "agent" {
  family = "agent"
  container_definitions = jsonencode([{
    name       = "agent"
    image      = "ghcr.io/acme/agent:2.1.0"
    privileged = true
  }])
}
```
Use instead:
```hcl
resource "aws_ecs_task_definition" "agent" {
  family = "agent"
  container_definitions = jsonencode([{
    name  = "agent"
    image = "ghcr.io/acme/agent:2.1.0"
    linuxParameters = {
      capabilities = { add = ["NET_ADMIN"], drop = ["ALL"] }
    }
  }])
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for container in containers(module) {
        if container.definition.get("privileged").as_bool() == Some(true) {
            super::report(
                out,
                &META,
                &container.task,
                &container.attribute.loc,
                format!(
                    "`{}` container `{}` runs privileged: escaping it gives the host",
                    container.task.address(),
                    container.name
                ),
                &container.name,
            );
        }
    }
}
