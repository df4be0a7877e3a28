//! FG3020 `rds-backup-retention-short`: a database whose automated backups are kept less than
//! seven days.

use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3020",
    slug: "rds-backup-retention-short",
    title: "RDS backups are kept less than seven days",
    factor: Factor::IV,
    stride: &[Stride::DenialOfService, Stride::Tampering],
    cia: &[Cia::Availability, Cia::Integrity],
    default_severity: Severity::Medium,
    remediation: "Set `backup_retention_period` to at least 7 (days), more for data that changes slowly or that regulations require you to keep.",
    spec: "IV. Backing services — assume its risk",
    references: &[
        "https://cwe.mitre.org/data/definitions/1188.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html",
    ],
    doc: r#"## What it does
Finds `aws_db_instance` and `aws_rds_cluster` resources whose `backup_retention_period` is
known to be less than 7 days (`0` turns automated backups off). A value that is unknown is not
reported, and neither is a missing one: the provider then leaves the choice to RDS, and read
replicas (`replicate_source_db`) are not reported at all, as they are restored from their
source.

## Why is this bad?
Corruption, a bad migration or ransomware that encrypts or deletes rows is often noticed days
later. With one day of backups, the last clean copy is already gone; point-in-time recovery
reaches back only as far as the retention.

## How to fix
Keep at least a week of automated backups (35 days is the maximum), and copy snapshots to
another account or region with AWS Backup for data you cannot lose.

## Example
```hcl
resource "aws_db_instance" "main" {
  engine                  = "postgres"
  instance_class          = "db.t4g.micro"
  backup_retention_period = 1
}
```
Use instead:
```hcl
resource "aws_db_instance" "main" {
  engine                  = "postgres"
  instance_class          = "db.t4g.micro"
  backup_retention_period = 14
}
```
"#,
};

const MINIMUM_DAYS: f64 = 7.0;

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    let databases = module
        .resources("aws_db_instance")
        .chain(module.resources("aws_rds_cluster"));
    for database in databases {
        let body = &database.block.body;
        if body.attribute("replicate_source_db").is_some() {
            continue;
        }
        let Some(retention) = body.attribute("backup_retention_period") else {
            continue;
        };
        let Some(days) = module.eval(&retention.value).as_number() else {
            continue;
        };
        if days >= MINIMUM_DAYS {
            continue;
        }
        let consequence = if days <= 0.0 {
            "automated backups are off".to_string()
        } else {
            format!("a problem noticed after {days} day(s) can no longer be undone")
        };
        super::report(
            out,
            &META,
            &database,
            &retention.loc,
            format!(
                "`{}` keeps backups for {days} day(s), less than {MINIMUM_DAYS}: {consequence}",
                database.address()
            ),
            "",
        );
    }
}
