//! FG3046 `sns-topic-unencrypted`: an SNS topic without a KMS key.

use super::eval::Module;
use super::required_attribute::report_unset;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3046",
    slug: "sns-topic-unencrypted",
    title: "SNS topic is not encrypted with KMS",
    factor: Factor::IV,
    stride: &[Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::Medium,
    remediation: "Set `kms_master_key_id` to a customer managed key (or `alias/aws/sns`).",
    spec: "Infrastructure as code — SNS/SQS encryption",
    references: &[
        "https://cwe.mitre.org/data/definitions/311.html",
        "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",
    ],
    doc: r#"## What it does
Finds `aws_sns_topic` resources whose `kms_master_key_id` is missing (SNS then stores messages
unencrypted) or known to be `null` or empty. An unknown value is not reported.

## Why is this bad?
SNS keeps every message on disk until all subscriptions have received it. Alerts, order events and
notifications often carry personal data or identifiers; without server-side encryption they are
stored in clear, and nothing but IAM stands between a reader and the data.

## How to fix
Encrypt the topic with a customer managed KMS key, whose key policy lets the publishing services
(CloudWatch alarms, EventBridge) use it.

## Example
```hcl
resource "aws_sns_topic" "alerts" {
  name = "alerts"
}
```
Use instead:
```hcl
resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = aws_kms_key.messaging.arn
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for topic in module.resources("aws_sns_topic") {
        report_unset(
            module,
            out,
            &META,
            &topic,
            "kms_master_key_id",
            "its messages are stored unencrypted",
        );
    }
}
