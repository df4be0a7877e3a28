//! FG3018 `security-group-rule-no-description`: security groups and their rules without a
//! description, for audit.

use super::eval::{Located, Module, Value};
use super::model::{Block, Body};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3018",
    slug: "security-group-rule-no-description",
    title: "Security group or rule has no description",
    factor: Factor::VII,
    stride: &[Stride::Repudiation],
    cia: &[Cia::Integrity],
    default_severity: Severity::Low,
    remediation: "Give every security group and every rule a `description` that says what the opening is for and who asked for it.",
    spec: "Infrastructure as code in general — descriptions on security groups are recorded for audit",
    references: &[
        "https://cwe.mitre.org/data/definitions/1053.html",
        "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
    ],
    doc: r#"## What it does
An audit finding: reports `aws_security_group` resources without `description` (Terraform then
writes "Managed by Terraform"), their inline `ingress` and `egress` blocks without one, and
`aws_security_group_rule`, `aws_vpc_security_group_ingress_rule` and
`aws_vpc_security_group_egress_rule` resources without one. A description known to be `null` or
empty counts as missing; an unknown one is not reported.

## Why is this bad?
A rule without a purpose cannot be reviewed: nobody knows whether port 8443 from a partner's
range is still needed, so openings accumulate and stay. During an incident, responders cannot
tell an intended path from an attacker's addition.

## How to fix
Describe each group and rule in a few words: the service, the peer, the ticket that asked for it.

## Example
```hcl
resource "aws_security_group" "web" {
  name = "web"

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }
}
```
Use instead:
```hcl
resource "aws_security_group" "web" {
  name        = "web"
  description = "Public web tier behind the load balancer"

  ingress {
    description = "HTTPS from the VPC"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for group in module.resources("aws_security_group") {
        check_body(module, &group, &group.block.body, group.block, "", out);
        for kind in ["ingress", "egress"] {
            for (index, rule) in group.block.body.blocks(kind).enumerate() {
                check_body(
                    module,
                    &group,
                    &rule.body,
                    rule,
                    &format!("{kind} {index}"),
                    out,
                );
            }
        }
    }
    for resource_type in [
        "aws_security_group_rule",
        "aws_vpc_security_group_ingress_rule",
        "aws_vpc_security_group_egress_rule",
    ] {
        for rule in module.resources(resource_type) {
            check_body(module, &rule, &rule.block.body, rule.block, "", out);
        }
    }
}

/// Reports `body` (the resource's or an inline rule's, `detail` naming which) without a
/// description.
fn check_body(
    module: &Module<'_>,
    resource: &Located<'_>,
    body: &Body,
    block: &Block,
    detail: &str,
    out: &mut ProjectEmitter<'_>,
) {
    let what = if detail.is_empty() {
        format!("`{}`", resource.address())
    } else {
        format!(
            "an inline `{}` rule of `{}`",
            block.kind,
            resource.address()
        )
    };
    let loc = match body.attribute("description") {
        None => &block.header,
        Some(description) => {
            let value = module.eval(&description.value);
            if !(matches!(value, Value::Null)
                || value.as_str().is_some_and(|s| s.trim().is_empty()))
            {
                return;
            }
            &description.loc
        }
    };
    super::report(
        out,
        &META,
        resource,
        loc,
        format!("{what} has no description: its purpose cannot be reviewed"),
        detail,
    );
}
