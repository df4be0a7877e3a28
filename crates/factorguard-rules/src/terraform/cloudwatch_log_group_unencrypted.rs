//! FG3015 `cloudwatch-log-group-unencrypted`: a log group without a customer managed KMS key.

use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3015",
    slug: "cloudwatch-log-group-unencrypted",
    title: "CloudWatch log group is not encrypted with a KMS key",
    factor: Factor::XI,
    stride: &[Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    // Low: CloudWatch Logs always encrypts at rest with service keys; a KMS key adds access
    // control and an audit trail of reads, not encryption itself.
    default_severity: Severity::Low,
    remediation: "Set `kms_key_id` to the ARN of a customer managed KMS key whose policy allows the `logs.<region>.amazonaws.com` service principal.",
    spec: "XI. Logs — log groups unencrypted",
    references: &[
        "https://cwe.mitre.org/data/definitions/311.html",
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
    ],
    doc: r#"## What it does
Finds `aws_cloudwatch_log_group` resources without `kms_key_id`, or with one known to be `null`
or empty. An unknown value is not reported.

The default severity is low: CloudWatch Logs encrypts every log group at rest with keys it
manages. What a customer managed key adds is a second permission to read the logs
(`kms:Decrypt`), the ability to revoke it, and a CloudTrail record of every use.

## Why is this bad?
Application logs carry request paths, user identifiers, sometimes tokens that slipped through.
Without a KMS key, any principal with `logs:GetLogEvents` on the group reads them, and access
cannot be cut off by disabling a key during an incident.

## How to fix
Create a KMS key with rotation on, allow the CloudWatch Logs service principal of the region in
its key policy, and set it on the log group.

## Example
```hcl
resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/web"
  retention_in_days = 90
}
```
Use instead:
```hcl
resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/web"
  retention_in_days = 90
  kms_key_id        = aws_kms_key.logs.arn
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for group in module.resources("aws_cloudwatch_log_group") {
        super::required_attribute::report_unset(
            module,
            out,
            &META,
            &group,
            "kms_key_id",
            "its events are readable by any principal with `logs:GetLogEvents`, with no key to revoke",
        );
    }
}
