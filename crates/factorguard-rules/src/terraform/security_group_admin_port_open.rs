//! FG3001 `security-group-admin-port-open`: ingress from the whole internet to an administration
//! or database port.

use super::eval::{Module, Value};
use super::security_group_rules::{group_rules, world_cidr, Direction, GroupRule};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3001",
    slug: "security-group-admin-port-open",
    title: "Security group opens an admin or database port to the internet",
    factor: Factor::VII,
    stride: &[
        Stride::Spoofing,
        Stride::InformationDisclosure,
        Stride::ElevationOfPrivilege,
    ],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::High,
    remediation: "Allow the port only from known networks (a VPN, a bastion's security group) instead of 0.0.0.0/0 or ::/0.",
    spec: "VII. Port binding — security groups open to the world (admin and database ports above all)",
    references: &[
        "https://cwe.mitre.org/data/definitions/284.html",
        "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
    ],
    doc: r#"## What it does
Finds security group ingress open to `0.0.0.0/0` or `::/0` whose port range covers an
administration or database port: SSH 22, RDP 3389, MySQL 3306, PostgreSQL 5432, SQL Server 1433,
Oracle 1521, Redis 6379, Memcached 11211, MongoDB 27017, Elasticsearch 9200, or all ports
(`protocol = "-1"`). It checks inline `ingress` blocks of `aws_security_group`,
`aws_security_group_rule` with `type = "ingress"` and `aws_vpc_security_group_ingress_rule`,
with variables and locals resolved. A port or CIDR whose value is unknown is not reported.

## Why is this bad?
Internet-wide scanners find an open SSH or database port within minutes and try default
credentials, leaked passwords and known vulnerabilities on it. A backing service should be
reachable only from the application's own network.

## How to fix
Restrict the source to the networks that need the port, or reference the security group of the
clients (`security_groups` / `referenced_security_group_id`); reach admin ports through SSM
Session Manager or a VPN.

## Example
```hcl
resource "aws_security_group" "db" {
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
```
Use instead:
```hcl
resource "aws_security_group" "db" {
  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }
}
```
"#,
};

/// Administration and database services that must never face the internet (shared with FG3067).
pub(crate) const ADMIN_PORTS: &[(u32, &str)] = &[
    (22, "SSH"),
    (3389, "RDP"),
    (3306, "MySQL"),
    (5432, "PostgreSQL"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (6379, "Redis"),
    (11211, "Memcached"),
    (27017, "MongoDB"),
    (9200, "Elasticsearch"),
];

/// CIDRs meaning "anyone on the internet".
pub(crate) const WORLD: &[&str] = &["0.0.0.0/0", "::/0"];

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for rule in group_rules(module, Direction::Ingress) {
        check_rule(module, &rule, out);
    }
}

fn check_rule(module: &Module<'_>, rule: &GroupRule<'_>, out: &mut ProjectEmitter<'_>) {
    let resource = &rule.resource;
    let body = rule.body;
    let protocol_attribute = rule.protocol_attribute;
    let Some((cidr_attribute, cidr)) = world_cidr(module, rule) else {
        return;
    };
    let protocol = body
        .attribute(protocol_attribute)
        .map(|p| module.eval(&p.value));
    let all_traffic = matches!(
        protocol.as_ref().and_then(Value::to_text).as_deref(),
        Some("-1" | "all")
    );
    let port = |name: &str| {
        body.attribute(name)
            .and_then(|a| module.eval(&a.value).as_number())
    };
    let exposed: Vec<&str> = if all_traffic {
        vec!["all ports"]
    } else {
        let (Some(from), Some(to)) = (port("from_port"), port("to_port")) else {
            return;
        };
        // ICMP and UDP do not carry these services.
        let tcp = matches!(
            protocol.as_ref().and_then(Value::to_text).as_deref(),
            Some("tcp" | "6") | None
        );
        if !tcp {
            return;
        }
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
            "`{}` allows ingress from {cidr} to {what}: anyone on the internet can reach it",
            resource.address()
        ),
        &format!("{} {what}", cidr_attribute.loc.line.trim()),
    );
}
