//! FG3060 `lb-invalid-headers-not-dropped`: an application load balancer that passes malformed
//! HTTP header fields through to the targets.

use super::eval::Module;
use super::flag_off::report_flag_off;
use super::lb_access_logs_disabled::load_balancer_type;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3060",
    slug: "lb-invalid-headers-not-dropped",
    title: "Application load balancer does not drop invalid header fields",
    factor: Factor::VII,
    stride: &[Stride::Tampering, Stride::Spoofing],
    cia: &[Cia::Integrity],
    default_severity: Severity::Medium,
    remediation: "Set `drop_invalid_header_fields = true` on the application load balancer.",
    spec: "VII. Port binding — edge: invalid header dropping off",
    references: &[
        "https://cwe.mitre.org/data/definitions/444.html",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes",
    ],
    doc: r#"## What it does
Finds application load balancers (`aws_lb` / `aws_alb` whose `load_balancer_type` is missing or
`application`) whose `drop_invalid_header_fields` is missing (the default is `false`) or evaluates
to `false`. An unknown value or type is not reported.

## Why is this bad?
Header names that are not valid HTTP tokens are forwarded to the application as they are. Servers
and proxies behind it may read them differently, which opens the door to request smuggling and to
spoofed headers (`X-Forwarded-For_`, `Transfer-Encoding` variants).

## How to fix
Let the load balancer drop such header fields before they reach the targets.

## Example
```hcl
resource "aws_lb" "web" {
  name    = "web"
  subnets = var.public_subnets
}
```
Use instead:
```hcl
resource "aws_lb" "web" {
  name                       = "web"
  subnets                    = var.public_subnets
  drop_invalid_header_fields = true
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for resource_type in ["aws_lb", "aws_alb"] {
        for lb in module.resources(resource_type) {
            if load_balancer_type(module, &lb).as_deref() != Some("application") {
                continue;
            }
            report_flag_off(
                module,
                out,
                &META,
                &lb,
                "drop_invalid_header_fields",
                "malformed headers reach the targets",
            );
        }
    }
}
