//! FG3013 `cloudtrail-not-encrypted`: a trail whose log files are not encrypted with a KMS key.

use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3013",
    slug: "cloudtrail-not-encrypted",
    title: "CloudTrail trail is not encrypted with a KMS key",
    factor: Factor::XI,
    stride: &[Stride::InformationDisclosure, Stride::Tampering],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::Medium,
    remediation: "Set `kms_key_id` to the ARN of a customer managed KMS key whose policy lets CloudTrail encrypt and only auditors decrypt.",
    spec: "XI. Logs — CloudTrail without KMS",
    references: &[
        "https://cwe.mitre.org/data/definitions/311.html",
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
    ],
    doc: r#"## What it does
Finds `aws_cloudtrail` resources without `kms_key_id`, or with one known to be `null` or empty.
Such a trail's log files are encrypted only with S3-managed keys. An unknown value (a variable
without value, a key created in the same apply) is not reported.

## Why is this bad?
The trail records every API call of the account: names of resources, principals, source
addresses, request parameters. With S3-managed keys, anyone allowed to read the bucket reads the
logs; a KMS key adds a second, separately audited permission (`kms:Decrypt`), and every read of
the logs is itself logged.

## How to fix
Create a customer managed KMS key with rotation on, grant CloudTrail `kms:GenerateDataKey*` in
its key policy, grant `kms:Decrypt` only to the people and tools that analyse the logs, and set
the trail's `kms_key_id`.

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
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
  kms_key_id     = aws_kms_key.trail.arn
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
            "kms_key_id",
            "its log files are readable by anyone who can read the bucket",
        );
    }
}
