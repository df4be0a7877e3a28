//! FG3014 `cloudtrail-no-cloudwatch-logs`: a trail not delivered to CloudWatch Logs, so no
//! metric filter or alarm can watch it.

use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3014",
    slug: "cloudtrail-no-cloudwatch-logs",
    title: "CloudTrail trail is not sent to CloudWatch Logs",
    factor: Factor::XI,
    stride: &[Stride::Repudiation, Stride::ElevationOfPrivilege],
    cia: &[Cia::Integrity],
    default_severity: Severity::Medium,
    remediation: "Set `cloud_watch_logs_group_arn` (the log group ARN followed by `:*`) and `cloud_watch_logs_role_arn` so that metric filters and alarms can watch the trail.",
    spec: "XI. Logs — CloudTrail-to-CloudWatch metric filters with alarms",
    references: &[
        "https://cwe.mitre.org/data/definitions/778.html",
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html",
    ],
    doc: r#"## What it does
Finds `aws_cloudtrail` resources without `cloud_watch_logs_group_arn`, or with one known to be
`null` or empty. An unknown value is not reported.

## Why is this bad?
A trail that only writes to S3 is read after the fact, if ever. The detective controls — metric
filters for root use, console sign-in without MFA, IAM policy and security group changes, with
alarms to an SNS topic — all need the trail's events in a CloudWatch Logs group. Without it, an
attacker's first moves raise no alert.

## How to fix
Create an `aws_cloudwatch_log_group` for the trail (with KMS and a retention), a role CloudTrail
can assume to write to it, and set both ARNs on the trail; then add the metric filters and
alarms.

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
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = aws_iam_role.trail_to_logs.arn
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for trail in module.resources("aws_cloudtrail") {
        super::required_attribute::report_unset(
            module,
            out,
            &META,
            &trail,
            "cloud_watch_logs_group_arn",
            "no metric filter or alarm can watch its events",
        );
    }
}
