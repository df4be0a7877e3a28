//! FG3017 `security-group-egress-all`: egress to the whole internet on every port and protocol.

use super::eval::Module;
use super::security_group_rules::{group_rules, world_cidr, Direction, GroupRule};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3017",
    slug: "security-group-egress-all",
    title: "Security group allows all egress to the internet",
    factor: Factor::VII,
    stride: &[Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    // Low: allow-all egress is AWS's own default and common practice; restricting it is
    // defence in depth against exfiltration, not a door left open.
    default_severity: Severity::Low,
    remediation: "Allow egress only to the destinations and ports the workload needs (VPC endpoints, a proxy, the database's security group) instead of all traffic to 0.0.0.0/0 or ::/0.",
    spec: "VII. Port binding — host firewalls open only the ports needed",
    references: &[
        "https://cwe.mitre.org/data/definitions/284.html",
        "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
    ],
    doc: r#"## What it does
Finds security group egress to `0.0.0.0/0` or `::/0` on every protocol (`protocol = "-1"` or
`"all"`) or on the whole port range `0`-`65535`. It checks inline `egress` blocks of
`aws_security_group`, `aws_security_group_rule` with `type = "egress"` and
`aws_vpc_security_group_egress_rule`, with variables and locals resolved. A protocol, port or
CIDR whose value is unknown is not reported.

The default severity is low: AWS itself creates this rule for every new security group, and
many workloads need broad outbound access. Raise it for groups of databases and internal
services, which should never reach the internet.

## Why is this bad?
A compromised process can send data anywhere, download tools and talk to its command-and-control
server on any port. Restricting egress turns exfiltration and reverse shells from trivial into
noisy, and makes a compromise visible in flow logs as refused traffic.

## How to fix
List the destinations the workload needs: other security groups inside the VPC, VPC endpoints or
prefix lists for AWS services, HTTPS only through a NAT gateway or proxy.

## Example
```hcl
resource "aws_security_group" "app" {
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
```
Use instead:
```hcl
resource "aws_security_group" "app" {
  egress {
    description     = "PostgreSQL"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.db.id]
  }
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for rule in group_rules(module, Direction::Egress) {
        check_rule(
            module,
            &rule,
            &rule
                .inline_index
                .map(|i| format!("egress {i}"))
                .unwrap_or_default(),
            out,
        );
    }
}

fn check_rule(
    module: &Module<'_>,
    rule: &GroupRule<'_>,
    detail: &str,
    out: &mut ProjectEmitter<'_>,
) {
    let resource = &rule.resource;
    let body = rule.body;
    let protocol_attribute = rule.protocol_attribute;
    let Some((cidr_attribute, cidr)) = world_cidr(module, rule) else {
        return;
    };
    let protocol = body
        .attribute(protocol_attribute)
        .and_then(|p| module.eval(&p.value).to_text());
    let all_protocols = matches!(protocol.as_deref(), Some("-1" | "all"));
    let port = |name: &str| {
        body.attribute(name)
            .and_then(|a| module.eval(&a.value).as_number())
    };
    let all_ports = port("from_port") == Some(0.0) && port("to_port") == Some(65535.0);
    if !all_protocols && !all_ports {
        return;
    }
    let what = if all_protocols {
        "all traffic".to_string()
    } else {
        format!(
            "every {} port",
            protocol.as_deref().unwrap_or("tcp").to_uppercase()
        )
    };
    super::report(
        out,
        &META,
        resource,
        &cidr_attribute.loc,
        format!(
            "`{}` allows {what} out to {cidr}: a compromised workload can send data anywhere",
            resource.address()
        ),
        detail,
    );
}
