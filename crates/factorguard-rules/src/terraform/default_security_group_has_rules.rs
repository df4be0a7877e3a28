//! FG3068 `default-security-group-has-rules`: the VPC's default security group keeps rules.

use super::eval::{Module, Value};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3068",
    slug: "default-security-group-has-rules",
    title: "Default security group allows traffic",
    factor: Factor::VII,
    stride: &[Stride::InformationDisclosure, Stride::ElevationOfPrivilege],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::Medium,
    remediation: "Declare `aws_default_security_group` with no `ingress` or `egress` so it denies everything, and give each resource a security group of its own.",
    spec: "VII. Port binding — default VPC/SG use",
    references: &[
        "https://cwe.mitre.org/data/definitions/1188.html",
        "https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html",
    ],
    doc: r#"## What it does
Finds `aws_default_security_group` resources that declare any `ingress` or `egress` rule, as
blocks or as a known non-empty list attribute. Terraform removes every rule the default group
has when it adopts it, so a group declared without rules denies all traffic; one with rules
keeps them. A rule list whose value is unknown is not reported.

## Why is this bad?
Every instance, interface or database created without an explicit security group lands in the
default group. Rules on it silently apply to whatever is forgotten there, and the default
"members may talk to each other" rule lets one compromised resource reach all the others.

## How to fix
Adopt the default group with no rules, so that it denies everything, and attach a purpose-made
security group to each resource.

## Example
```hcl
resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id

  ingress {
    protocol  = "-1"
    self      = true
    from_port = 0
    to_port   = 0
  }
}
```
Use instead:
```hcl
resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for group in module.resources("aws_default_security_group") {
        let body = &group.block.body;
        for direction in ["ingress", "egress"] {
            let at = if let Some(rule) = body.blocks(direction).next() {
                Some(&rule.header)
            } else {
                body.attribute(direction).and_then(|a| {
                    matches!(module.eval(&a.value), Value::List(items) if !items.is_empty())
                        .then_some(&a.loc)
                })
            };
            if let Some(at) = at {
                super::report(
                    out,
                    &META,
                    &group,
                    at,
                    format!(
                        "`{}` keeps {direction} rules: they apply to every resource left in the default security group",
                        group.address()
                    ),
                    direction,
                );
            }
        }
    }
}
