//! FG3067 `network-acl-admin-port-open`: a network ACL allowing ingress from the whole internet
//! to an administration or database port.

use super::eval::{Located, Module};
use super::model::Body;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3067",
    slug: "network-acl-admin-port-open",
    title: "Network ACL allows an admin or database port from the internet",
    factor: Factor::VII,
    stride: &[
        Stride::Spoofing,
        Stride::InformationDisclosure,
        Stride::ElevationOfPrivilege,
    ],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::Medium,
    remediation: "Allow the port in the network ACL only from known networks, or deny it from 0.0.0.0/0 and ::/0 with a lower rule number.",
    spec: "VII. Port binding — NACLs open to the world (admin and database ports above all)",
    references: &[
        "https://cwe.mitre.org/data/definitions/284.html",
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html",
    ],
    doc: r#"## What it does
Finds network ACL rules that allow ingress from `0.0.0.0/0` or `::/0` to a port range covering
an administration or database port: SSH 22, RDP 3389, MySQL 3306, PostgreSQL 5432, SQL Server
1433, Oracle 1521, Redis 6379, Memcached 11211, MongoDB 27017, Elasticsearch 9200, or all
traffic (`protocol = "-1"`). It checks `aws_network_acl_rule` with `egress = false` (the
default) and `rule_action = "allow"`, and the inline `ingress` blocks of `aws_network_acl` with
`action = "allow"`. A direction, action, CIDR, protocol or port whose value is unknown is not
reported.

The severity is medium rather than high: a security group still stands behind the ACL, but the
ACL is the subnet-wide layer that should stop these ports when a group is opened by mistake.

## Why is this bad?
A network ACL is the subnet's stateless firewall. Allowing SSH, RDP or a database port from the
whole internet removes the defence in depth it exists for: one permissive security group is then
enough to expose the service to internet-wide scanners.

## How to fix
Allow admin and database ports only from the CIDRs that need them (the VPC, a VPN range), and
add explicit deny rules for them from `0.0.0.0/0` and `::/0` ahead of broad allow rules.

## Example
```hcl
resource "aws_network_acl_rule" "ssh" {
  network_acl_id = aws_network_acl.public.id
  rule_number    = 100
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 22
  to_port        = 22
}
```
Use instead:
```hcl
resource "aws_network_acl_rule" "ssh" {
  network_acl_id = aws_network_acl.public.id
  rule_number    = 100
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "10.20.0.0/16"
  from_port      = 22
  to_port        = 22
}
```
"#,
};

/// The same services and CIDRs FG3001 looks for on security groups.
use super::security_group_admin_port_open::{ADMIN_PORTS, WORLD};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for acl in module.resources("aws_network_acl") {
        for ingress in acl.block.body.blocks("ingress") {
            check_entry(module, &acl, &ingress.body, "action", out);
        }
    }
    for rule in module.resources("aws_network_acl_rule") {
        let body = &rule.block.body;
        let egress = body
            .attribute("egress")
            .map_or(Some(false), |e| module.eval(&e.value).as_bool());
        if egress == Some(false) {
            check_entry(module, &rule, body, "rule_action", out);
        }
    }
}

fn check_entry(
    module: &Module<'_>,
    resource: &Located<'_>,
    body: &Body,
    action_attribute: &str,
    out: &mut ProjectEmitter<'_>,
) {
    let text = |name: &str| {
        body.attribute(name)
            .and_then(|a| module.eval(&a.value).to_text())
    };
    if text(action_attribute)
        .map(|a| a.to_ascii_lowercase())
        .as_deref()
        != Some("allow")
    {
        return;
    }
    let Some((cidr_attribute, cidr)) = ["cidr_block", "ipv6_cidr_block"].iter().find_map(|name| {
        let attribute = body.attribute(name)?;
        let cidr = module.eval(&attribute.value).as_str()?.to_string();
        WORLD.contains(&cidr.as_str()).then_some((attribute, cidr))
    }) else {
        return;
    };
    let Some(protocol) = text("protocol") else {
        return;
    };
    let exposed: Vec<&str> = if matches!(protocol.as_str(), "-1" | "all") {
        vec!["all ports"]
    } else {
        // UDP and ICMP do not carry these services.
        if !matches!(protocol.as_str(), "tcp" | "6") {
            return;
        }
        let port = |name: &str| {
            body.attribute(name)
                .and_then(|a| module.eval(&a.value).as_number())
        };
        let (Some(from), Some(to)) = (port("from_port"), port("to_port")) else {
            return;
        };
        ADMIN_PORTS
            .iter()
            .filter(|(p, _)| from <= f64::from(*p) && f64::from(*p) <= to)
            .map(|(_, name)| *name)
            .collect()
    };
    if exposed.is_empty() {
        return;
    }
    let what = exposed.join(", ");
    super::report(
        out,
        &META,
        resource,
        &cidr_attribute.loc,
        format!(
            "`{}` allows ingress from {cidr} to {what}: the subnet's firewall lets the internet reach it",
            resource.address()
        ),
        &format!("{} {what}", cidr_attribute.loc.region.start_line),
    );
}
