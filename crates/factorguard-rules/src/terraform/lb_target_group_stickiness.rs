//! FG3061 `lb-target-group-stickiness`: a target group pinning clients to one instance, which
//! assumes the processes keep session state.

use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3061",
    slug: "lb-target-group-stickiness",
    title: "Target group stickiness is enabled",
    factor: Factor::VI,
    stride: &[Stride::DenialOfService],
    cia: &[Cia::Availability],
    default_severity: Severity::Low,
    remediation: "Keep session state in a backing service (Redis, a database) and remove the `stickiness` block or set `enabled = false`.",
    spec: "VI. Processes — sticky sessions",
    references: &[
        "https://12factor.net/processes",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/sticky-sessions.html",
    ],
    doc: r#"## What it does
Finds `aws_lb_target_group` / `aws_alb_target_group` resources with a `stickiness` block whose
`enabled` is missing (the provider's default is `true`) or evaluates to `true`. An unknown
`enabled` is not reported.

## Why is this bad?
Sticky sessions are how an application that keeps session state in process memory keeps working
behind a load balancer — a factor VI violation. Losing an instance logs its users out, load
spreads unevenly, and scaling in or deploying drops sessions.

## How to fix
Make the processes stateless: keep sessions in a backing service, then turn stickiness off.

## Example
```hcl
resource "aws_lb_target_group" "web" {
  port     = 8080
  protocol = "HTTP"
  vpc_id   = var.vpc_id

  stickiness {
    type = "lb_cookie"
  }
}
```
Use instead:
```hcl
resource "aws_lb_target_group" "web" {
  port     = 8080
  protocol = "HTTP"
  vpc_id   = var.vpc_id
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for resource_type in ["aws_lb_target_group", "aws_alb_target_group"] {
        for group in module.resources(resource_type) {
            let Some(stickiness) = group.block.body.blocks("stickiness").next() else {
                continue;
            };
            let (loc, enabled) = match stickiness.body.attribute("enabled") {
                None => (&stickiness.header, Some(true)),
                Some(attribute) => (&attribute.loc, module.eval(&attribute.value).as_bool()),
            };
            if enabled != Some(true) {
                continue;
            }
            super::report(
                out,
                &META,
                &group,
                loc,
                format!(
                    "`{}` enables sticky sessions: processes are expected to hold session state",
                    group.address()
                ),
                "",
            );
        }
    }
}
