//! FG3047 `sqs-queue-unencrypted`: an SQS queue without server-side encryption.

use super::eval::{Module, Value};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3047",
    slug: "sqs-queue-unencrypted",
    title: "SQS queue has no server-side encryption",
    factor: Factor::IV,
    stride: &[Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::Medium,
    remediation: "Set `kms_master_key_id` to a customer managed key, or at least `sqs_managed_sse_enabled = true`.",
    spec: "Infrastructure as code — SNS/SQS encryption",
    references: &[
        "https://cwe.mitre.org/data/definitions/311.html",
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
    ],
    doc: r#"## What it does
Finds `aws_sqs_queue` resources that turn encryption off: `sqs_managed_sse_enabled = false`
without a `kms_master_key_id`. A queue that sets neither is not reported: since October 2022 SQS
encrypts new queues with SSE-SQS by default, and the AWS provider leaves that default alone when
the attribute is not written. An unknown value is not reported.

## Why is this bad?
A queue holds every message until a consumer deletes it, up to 14 days. Jobs, webhooks and events
often carry personal data, tokens or signed URLs; unencrypted, they are stored in clear and only
IAM protects them.

## How to fix
Encrypt the queue with a customer managed KMS key (its key policy then adds a second access check
and CloudTrail records every use), or at least with SSE-SQS.

## Example
```hcl
resource "aws_sqs_queue" "jobs" {
  name                    = "jobs"
  sqs_managed_sse_enabled = false
}
```
Use instead:
```hcl
resource "aws_sqs_queue" "jobs" {
  name              = "jobs"
  kms_master_key_id = aws_kms_key.messaging.arn
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for queue in module.resources("aws_sqs_queue") {
        let body = &queue.block.body;
        if let Some(key) = body.attribute("kms_master_key_id") {
            let value = module.eval(&key.value);
            let unset = matches!(value, Value::Null) || value.as_str() == Some("");
            // A key (or one not known yet) is SSE-KMS.
            if !unset {
                continue;
            }
        }
        // Left out, the queue gets SQS's default SSE-SQS encryption.
        let Some(managed) = body.attribute("sqs_managed_sse_enabled") else {
            continue;
        };
        if module.eval(&managed.value).as_bool() == Some(false) {
            super::report(
                out,
                &META,
                &queue,
                &managed.loc,
                format!(
                    "`{}` has `sqs_managed_sse_enabled = false` and no `kms_master_key_id`: its messages are stored unencrypted",
                    queue.address()
                ),
                "",
            );
        }
    }
}
