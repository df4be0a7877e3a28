//! FG3078 `kinesis-stream-unencrypted`: a Kinesis data stream without server-side encryption.

use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3078",
    slug: "kinesis-stream-unencrypted",
    title: "Kinesis stream not encrypted",
    factor: Factor::IV,
    stride: &[Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::Medium,
    remediation: "Set `encryption_type = \"KMS\"` and `kms_key_id` (a customer-managed key, or `alias/aws/kinesis`).",
    spec: "Infrastructure as code — Kinesis encryption",
    references: &[
        "https://cwe.mitre.org/data/definitions/311.html",
        "https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html",
    ],
    doc: r#"## What it does
Finds `aws_kinesis_stream` resources whose `encryption_type` is missing (the default is
`NONE`) or is anything but `KMS`. An unknown value is not reported.

## Why is this bad?
Records in an unencrypted stream sit in clear on AWS storage for the whole retention period;
streams usually carry events, clicks or logs with personal data and tokens.

## How to fix
Turn on server-side encryption with a KMS key; producers and consumers need only
`kms:GenerateDataKey` / `kms:Decrypt` on it.

## Example
```hcl
resource "aws_kinesis_stream" "events" {
  name        = "events"
  shard_count = 1
}
```
Use instead:
```hcl
resource "aws_kinesis_stream" "events" {
  name            = "events"
  shard_count     = 1
  encryption_type = "KMS"
  kms_key_id      = aws_kms_key.events.arn
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for stream in module.resources("aws_kinesis_stream") {
        let address = stream.address();
        let (at, why) = match stream.block.body.attribute("encryption_type") {
            None => (
                &stream.block.header,
                "does not set `encryption_type`".to_string(),
            ),
            Some(set) => match module.eval(&set.value).to_text() {
                Some(kind) if kind.eq_ignore_ascii_case("KMS") => continue,
                Some(kind) => (&set.loc, format!("has `encryption_type = \"{kind}\"`")),
                None => continue,
            },
        };
        super::report(
            out,
            &META,
            &stream,
            at,
            format!("`{address}` {why}: its records are stored unencrypted"),
            "",
        );
    }
}
