//! FG3004 `rds-tls-not-forced`: the database server accepts plaintext connections because its
//! parameter group does not force TLS (a cross-resource check).

use super::eval::{Located, Module, Value};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3004",
    slug: "rds-tls-not-forced",
    title: "RDS server does not force TLS",
    factor: Factor::IV,
    stride: &[Stride::InformationDisclosure, Stride::Tampering],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::High,
    remediation: "Use a DB parameter group with `rds.force_ssl = 1` (PostgreSQL) or `require_secure_transport = ON` (MySQL, MariaDB).",
    spec: "IV. Backing services — TLS not forced by the server (RDS parameter groups without `rds.force_ssl` / `require_secure_transport`)",
    references: &[
        "https://cwe.mitre.org/data/definitions/319.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.html",
    ],
    doc: r#"## What it does
For each `aws_db_instance` whose engine is PostgreSQL, MySQL or MariaDB, follows its
`parameter_group_name` to the `aws_db_parameter_group` of the same module (by reference or by
name) and checks that it sets `rds.force_ssl = 1` (PostgreSQL) or
`require_secure_transport = ON` (MySQL, MariaDB). An instance without a parameter group uses the
engine's default group, which forces TLS only for PostgreSQL 15 and later; a custom PostgreSQL
group that leaves `rds.force_ssl` out inherits its `family`'s default the same way
(`postgres15` and later force TLS). AWS's own groups named literally (`default.postgres14`,
`default.mysql8.0`) are judged by their family the same way. Any other parameter group that is
not in the module, or an engine, version or family that is unknown, is not reported.

## Why is this bad?
Whether a client uses TLS is then up to every client's connection string: one forgotten
`sslmode` and credentials and data cross the network in clear text. Only the server can make
TLS mandatory for every connection.

## How to fix
Give the instance a parameter group that forces TLS, and have clients verify the server
certificate (`sslmode=verify-full`).

## Example
```hcl
resource "aws_db_parameter_group" "pg" {
  family = "postgres14"
}

resource "aws_db_instance" "main" {
  engine               = "postgres"
  engine_version       = "14.10"
  parameter_group_name = aws_db_parameter_group.pg.name
}
```
Use instead:
```hcl
resource "aws_db_parameter_group" "pg" {
  family = "postgres14"
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}
```
"#,
};

/// Whether a parameter's value turns TLS enforcement on.
type Forces = fn(&str) -> bool;

/// The parameter that forces TLS for an engine, and whether a value turns it on.
fn tls_parameter(engine: &str) -> Option<(&'static str, Forces)> {
    match engine {
        "postgres" => Some(("rds.force_ssl", |v| v.trim() == "1")),
        "mysql" | "mariadb" => Some(("require_secure_transport", |v| {
            matches!(v.trim().to_ascii_lowercase().as_str(), "on" | "1" | "true")
        })),
        _ => None,
    }
}

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for db in module.resources("aws_db_instance") {
        let body = &db.block.body;
        if body.attribute("replicate_source_db").is_some() {
            continue;
        }
        let Some(engine) = body
            .attribute("engine")
            .and_then(|e| module.eval(&e.value).to_text())
        else {
            continue;
        };
        let Some((parameter, forces)) = tls_parameter(&engine) else {
            continue;
        };
        let Some(group_attribute) = body.attribute("parameter_group_name") else {
            let major = body
                .attribute("engine_version")
                .and_then(|v| module.eval(&v.value).to_text())
                .and_then(|v| v.split('.').next()?.parse::<u32>().ok());
            let default_forces = match (engine.as_str(), major) {
                ("postgres", Some(major)) => major >= 15,
                ("postgres", None) => continue,
                _ => false,
            };
            if !default_forces {
                super::report(
                    out,
                    &META,
                    &db,
                    &db.block.header,
                    format!(
                        "`{}` uses the default parameter group, which does not set `{parameter}`: the server accepts plaintext connections",
                        db.address()
                    ),
                    "",
                );
            }
            continue;
        };
        let Some(group) = parameter_group(module, &group_attribute.value) else {
            // AWS's own groups are named `default.<family>` and keep the family's defaults.
            let named = module.eval(&group_attribute.value).to_text();
            let Some(family) = named.as_deref().and_then(|n| n.strip_prefix("default.")) else {
                continue;
            };
            let forced_by_default = match family.strip_prefix("postgres") {
                Some(major) => match major.parse::<u32>() {
                    Ok(major) => major >= 15,
                    Err(_) => continue,
                },
                None => false,
            };
            if !forced_by_default {
                super::report(
                    out,
                    &META,
                    &db,
                    &group_attribute.loc,
                    format!(
                        "`{}` uses AWS's default parameter group `default.{family}`, which does not set `{parameter}`: the server accepts plaintext connections",
                        db.address()
                    ),
                    "",
                );
            }
            continue;
        };
        let setting = group
            .block
            .body
            .blocks("parameter")
            .filter(|p| {
                p.body
                    .attribute("name")
                    .and_then(|n| module.eval(&n.value).to_text())
                    .is_some_and(|n| n == parameter)
            })
            .last()
            .map(|p| {
                p.body
                    .attribute("value")
                    .map_or(Value::Unknown, |v| module.eval(&v.value))
            });
        let message = match setting {
            // A custom group inherits its family's defaults: PostgreSQL 15 and later force TLS.
            None if engine == "postgres" => {
                let family_major = group
                    .block
                    .body
                    .attribute("family")
                    .and_then(|f| module.eval(&f.value).to_text())
                    .and_then(|f| f.strip_prefix("postgres")?.parse::<u32>().ok());
                match family_major {
                    Some(major) if major < 15 => format!(
                        "`{}` uses parameter group `{}`, which does not set `{parameter}`: the server accepts plaintext connections",
                        db.address(),
                        group.address()
                    ),
                    _ => continue,
                }
            }
            None => format!(
                "`{}` uses parameter group `{}`, which does not set `{parameter}`: the server accepts plaintext connections",
                db.address(),
                group.address()
            ),
            Some(value) => match value.to_text() {
                Some(text) if !forces(&text) => format!(
                    "`{}` uses parameter group `{}`, which sets `{parameter} = {text}`: the server accepts plaintext connections",
                    db.address(),
                    group.address()
                ),
                _ => continue,
            },
        };
        super::report(out, &META, &db, &group_attribute.loc, message, "");
    }
}

/// The `aws_db_parameter_group` of the module that `expr` names, by reference or by `name`.
fn parameter_group<'a>(module: &Module<'a>, expr: &super::model::Expr) -> Option<Located<'a>> {
    if let Some(group) = module.referenced(expr, "aws_db_parameter_group") {
        return Some(group);
    }
    let name = module.eval(expr).to_text()?;
    module.resources("aws_db_parameter_group").find(|g| {
        g.block
            .body
            .attribute("name")
            .and_then(|n| module.eval(&n.value).to_text())
            .is_some_and(|n| n == name)
    })
}
