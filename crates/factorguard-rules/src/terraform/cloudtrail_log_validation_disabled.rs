//! FG3010 `cloudtrail-log-validation-disabled`: a trail whose log files can be altered without
//! detection.

use super::eval::Module;
use super::flag_off::report_flag_off;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3010",
    slug: "cloudtrail-log-validation-disabled",
    title: "CloudTrail log file validation is disabled",
    factor: Factor::XI,
    stride: &[Stride::Repudiation, Stride::Tampering],
    cia: &[Cia::Integrity],
    default_severity: Severity::Medium,
    remediation: "Set `enable_log_file_validation = true` on the trail.",
    spec: "XI. Logs — CloudTrail without log-file validation",
    references: &[
        "https://cwe.mitre.org/data/definitions/354.html",
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
    ],
    doc: r#"## What it does
Finds `aws_cloudtrail` resources whose `enable_log_file_validation` is missing (the default is
off) or evaluates to `false`. An unknown value is not reported.

## Why is this bad?
Without validation CloudTrail writes no signed digest files, so nobody can prove that a log
file was not modified or deleted after delivery. An intruder with access to the bucket can erase
their own traces and the audit trail still looks complete.

## How to fix
Turn validation on, and check the digests with `aws cloudtrail validate-logs` during an
investigation.

## Example
```hcl
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}
```
Use instead:
```hcl
resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = aws_s3_bucket.trail.id
  enable_log_file_validation = true
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for trail in module.resources("aws_cloudtrail") {
        report_flag_off(
            module,
            out,
            &META,
            &trail,
            "enable_log_file_validation",
            "changes to its log files go undetected",
        );
    }
}
