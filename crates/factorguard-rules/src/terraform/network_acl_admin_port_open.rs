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
`action = "allow"`. Rules are weighed in rule-number order, as AWS evaluates them: a port that a
lower-numbered rule of the same ACL denies from everywhere is not reported. A direction, action,
CIDR, protocol, port or rule number whose value is unknown is not reported, and an earlier deny
with an unknown part is taken to cover the port.

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
    // Every ingress entry, with the ACL it belongs to (`None`: not known), so an allow can be
    // weighed against the denies that come before it.
    let mut entries: Vec<Entry<'_>> = Vec::new();
    for acl in module.resources("aws_network_acl") {
        for ingress in acl.block.body.blocks("ingress") {
            entries.push(Entry {
                resource: acl,
                body: &ingress.body,
                acl: Some(acl.name().to_string()),
                action: "action",
                number: "rule_no",
            });
        }
    }
    for rule in module.resources("aws_network_acl_rule") {
        let body = &rule.block.body;
        let egress = body
            .attribute("egress")
            .map_or(Some(false), |e| module.eval(&e.value).as_bool());
        if egress == Some(true) {
            continue;
        }
        let acl = body
            .attribute("network_acl_id")
            .and_then(|a| module.referenced(&a.value, "aws_network_acl"))
            .map(|acl| acl.name().to_string());
        entries.push(Entry {
            resource: rule,
            body,
            acl,
            action: "rule_action",
            number: "rule_number",
        });
    }
    for entry in &entries {
        // An ingress rule whose direction is unknown is not judged.
        if entry.action == "rule_action"
            && entry
                .body
                .attribute("egress")
                .is_some_and(|e| module.eval(&e.value).as_bool().is_none())
        {
            continue;
        }
        let denies: Vec<&Entry<'_>> = entries
            .iter()
            .filter(|other| !std::ptr::eq(*other, entry))
            .filter(|other| other.acl.is_none() || entry.acl.is_none() || other.acl == entry.acl)
            .collect();
        check_entry(module, entry, &denies, out);
    }
}

/// One ingress rule of a network ACL, inline or its own resource.
struct Entry<'a> {
    resource: Located<'a>,
    body: &'a Body,
    /// The ACL's resource name, when known.
    acl: Option<String>,
    /// The attributes holding the action and the rule number.
    action: &'static str,
    number: &'static str,
}

impl Entry<'_> {
    fn text(&self, module: &Module<'_>, name: &str) -> Option<String> {
        self.body
            .attribute(name)
            .and_then(|a| module.eval(&a.value).to_text())
    }

    fn number(&self, module: &Module<'_>, name: &str) -> Option<f64> {
        self.body
            .attribute(name)
            .and_then(|a| module.eval(&a.value).as_number())
    }

    /// Whether this entry may deny `port` from everywhere before rule `before` is reached:
    /// anything unknown about it may.
    fn may_deny_first(&self, module: &Module<'_>, before: f64, port: u32, v6: bool) -> bool {
        let action = self
            .text(module, self.action)
            .map(|a| a.to_ascii_lowercase());
        if action.as_deref() == Some("allow") {
            return false;
        }
        if self
            .number(module, self.number)
            .is_some_and(|number| number >= before)
        {
            return false;
        }
        let cidr = if v6 { "ipv6_cidr_block" } else { "cidr_block" };
        match self.body.attribute(cidr).map(|a| module.eval(&a.value)) {
            // A deny for another address family, or for part of the internet only, leaves the
            // rest of the world allowed.
            None => return false,
            Some(value) => {
                if value
                    .as_str()
                    .is_some_and(|c| c != if v6 { "::/0" } else { "0.0.0.0/0" })
                {
                    return false;
                }
            }
        }
        match self.text(module, "protocol").as_deref() {
            Some("-1" | "all") | None => return true,
            Some("tcp" | "6") => {}
            Some(_) => return false,
        }
        let from = self.number(module, "from_port");
        let to = self.number(module, "to_port");
        match (from, to) {
            (Some(from), Some(to)) => from <= f64::from(port) && f64::from(port) <= to,
            _ => true,
        }
    }
}

fn check_entry(
    module: &Module<'_>,
    entry: &Entry<'_>,
    denies: &[&Entry<'_>],
    out: &mut ProjectEmitter<'_>,
) {
    let (resource, body, action_attribute) = (&entry.resource, entry.body, entry.action);
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
    let v6 = cidr_attribute.name == "ipv6_cidr_block";
    // Rules are evaluated in rule-number order and the first match wins: a port an earlier
    // rule denies from everywhere is not exposed. Without a known number, nothing is sure.
    let Some(number) = entry.number(module, entry.number) else {
        return;
    };
    let denied_first = |port: u32| {
        denies
            .iter()
            .any(|deny| deny.may_deny_first(module, number, port, v6))
    };
    let exposed: Vec<&str> = if matches!(protocol.as_str(), "-1" | "all") {
        if ADMIN_PORTS.iter().any(|(port, _)| denied_first(*port)) {
            ADMIN_PORTS
                .iter()
                .filter(|(port, _)| !denied_first(*port))
                .map(|(_, name)| *name)
                .collect()
        } else {
            vec!["all ports"]
        }
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
            .filter(|(p, _)| !denied_first(*p))
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
