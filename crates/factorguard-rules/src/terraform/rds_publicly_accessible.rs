//! FG3002 `rds-publicly-accessible`: a database instance reachable from the internet.

use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3002",
    slug: "rds-publicly-accessible",
    title: "RDS database is publicly accessible",
    factor: Factor::IV,
    stride: &[Stride::InformationDisclosure, Stride::Spoofing],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::High,
    remediation: "Set `publicly_accessible = false` and reach the database from inside the VPC.",
    spec: "IV. Backing services — databases publicly reachable",
    references: &[
        "https://cwe.mitre.org/data/definitions/668.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html",
    ],
    doc: r#"## What it does
Finds `aws_db_instance` and `aws_rds_cluster_instance` resources whose `publicly_accessible`
evaluates to `true` (literally, or through a variable default, `terraform.tfvars`, a local or a
conditional). A value that cannot be known before planning is not reported.

## Why is this bad?
A public database gets a DNS name that resolves to a public address: its only remaining defences
are the security group and the password. Backing services belong to the application's private
network.

## How to fix
Set `publicly_accessible = false` (the default), place the instance in private subnets and let
the application reach it through its security group.

## Example
```hcl
resource "aws_db_instance" "main" {
  engine              = "postgres"
  publicly_accessible = true
}
```
Use instead:
```hcl
resource "aws_db_instance" "main" {
  engine              = "postgres"
  publicly_accessible = false
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for resource_type in ["aws_db_instance", "aws_rds_cluster_instance"] {
        for db in module.resources(resource_type) {
            let Some(attribute) = db.block.body.attribute("publicly_accessible") else {
                continue;
            };
            if module.eval(&attribute.value).as_bool() == Some(true) {
                super::report(
                    out,
                    &META,
                    &db,
                    &attribute.loc,
                    format!(
                        "`{}` is publicly accessible: the database gets a public address",
                        db.address()
                    ),
                    "",
                );
            }
        }
    }
}
