//! FG3059 `lb-access-logs-disabled`: an application or network load balancer without access logs.

use super::eval::{Located, Module, Value};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3059",
    slug: "lb-access-logs-disabled",
    title: "Load balancer access logs are disabled",
    factor: Factor::XI,
    stride: &[Stride::Repudiation],
    cia: &[Cia::Integrity],
    default_severity: Severity::Medium,
    remediation: "Add an `access_logs` block with `enabled = true` and an S3 `bucket`.",
    spec: "XI. Logs — edge: missing load balancer access logs",
    references: &[
        "https://cwe.mitre.org/data/definitions/778.html",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html",
    ],
    doc: r#"## What it does
Finds `aws_lb` / `aws_alb` resources (application and network load balancers) without an
`access_logs` block, or whose block does not set `enabled = true` — the provider's default is
disabled even when a bucket is given. Gateway load balancers, which have no access logs, are
skipped, and so is a load balancer whose type or `enabled` value is unknown.

## Why is this bad?
The load balancer is the front door: its access logs are the only record of who sent which
request, from where, and what was answered. Without them an attack or an abuse cannot be
investigated.

## How to fix
Enable access logs to an S3 bucket whose policy lets the ELB service write to it.

## Example
```hcl
resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = var.public_subnets
}
```
Use instead:
```hcl
resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = var.public_subnets

  access_logs {
    bucket  = aws_s3_bucket.lb_logs.id
    prefix  = "web"
    enabled = true
  }
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for resource_type in ["aws_lb", "aws_alb"] {
        for lb in module.resources(resource_type) {
            match load_balancer_type(module, &lb).as_deref() {
                Some("application") | Some("network") => {}
                _ => continue,
            }
            let body = &lb.block.body;
            if body
                .blocks("dynamic")
                .any(|d| d.labels.first().map(String::as_str) == Some("access_logs"))
            {
                continue;
            }
            let Some(logs) = body.blocks("access_logs").next() else {
                super::report(
                    out,
                    &META,
                    &lb,
                    &lb.block.header,
                    format!(
                        "`{}` has no `access_logs`: requests are not recorded",
                        lb.address()
                    ),
                    "",
                );
                continue;
            };
            match logs.body.attribute("enabled") {
                None => super::report(
                    out,
                    &META,
                    &lb,
                    &logs.header,
                    format!(
                        "`{}` has `access_logs` without `enabled = true`: they are off by default",
                        lb.address()
                    ),
                    "",
                ),
                Some(enabled) => {
                    if module.eval(&enabled.value).as_bool() == Some(false) {
                        super::report(
                            out,
                            &META,
                            &lb,
                            &enabled.loc,
                            format!(
                                "`{}` has `access_logs` disabled: requests are not recorded",
                                lb.address()
                            ),
                            "",
                        );
                    }
                }
            }
        }
    }
}

/// `application` when unset (the provider's default), the evaluated type otherwise, `None` when
/// unknown.
pub(crate) fn load_balancer_type(module: &Module<'_>, lb: &Located<'_>) -> Option<String> {
    match lb.block.body.attribute("load_balancer_type") {
        None => Some("application".to_string()),
        Some(attribute) => match module.eval(&attribute.value) {
            Value::Null => Some("application".to_string()),
            Value::String(kind) => Some(kind),
            _ => None,
        },
    }
}
