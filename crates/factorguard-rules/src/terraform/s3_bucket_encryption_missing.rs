//! FG3037 `s3-bucket-encryption-missing`: a bucket without a server-side encryption
//! configuration (a cross-resource check).

use super::eval::Module;
use super::s3_bucket_companion::{companions, for_bucket};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3037",
    slug: "s3-bucket-encryption-missing",
    title: "S3 bucket has no server-side encryption configuration",
    factor: Factor::IV,
    stride: &[Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::Low,
    remediation: "Add an `aws_s3_bucket_server_side_encryption_configuration` for the bucket, with `sse_algorithm = \"aws:kms\"` and a `kms_master_key_id` you control.",
    spec: "IV. Backing services — unencrypted at rest",
    references: &[
        "https://cwe.mitre.org/data/definitions/311.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html",
    ],
    doc: r#"## What it does
Finds `aws_s3_bucket` resources that no `aws_s3_bucket_server_side_encryption_configuration` of
the same module points at (by reference, `bucket = aws_s3_bucket.data.id`, or by the same literal
bucket name) and that have no inline `server_side_encryption_configuration` block either (the
provider's pre-v4 form). A configuration whose `bucket` is unknown might be this bucket's, so
the bucket is not reported.

## Why is this bad?
S3 encrypts new objects with S3-managed keys (SSE-S3) by default, but that key is usable by
anyone who can read the object: it protects disks, not data. Without an explicit configuration
the choice of key is nobody's decision and cannot be reviewed. SSE-KMS with a key you control
adds a second access check (the key policy), a CloudTrail record of every decryption, and a way
to cut off access to every object at once by disabling the key.

## How to fix
Declare the encryption of every bucket, preferably `aws:kms` with a customer managed key and
`bucket_key_enabled = true` to keep the KMS request cost down.

## Example
```hcl
resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}
```
Use instead:
```hcl
resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.uploads.arn
    }
    bucket_key_enabled = true
  }
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    let configurations = companions(module, "aws_s3_bucket_server_side_encryption_configuration");
    for bucket in module.resources("aws_s3_bucket") {
        let body = &bucket.block.body;
        if body
            .blocks("server_side_encryption_configuration")
            .next()
            .is_some()
        {
            continue;
        }
        let (found, uncertain) = for_bucket(module, &bucket, &configurations);
        if !found.is_empty() || uncertain || module.may_be_elsewhere(&bucket) {
            continue;
        }
        super::report(
            out,
            &META,
            &bucket,
            &bucket.block.header,
            format!(
                "`{}` has no `aws_s3_bucket_server_side_encryption_configuration`: its objects are encrypted, if at all, with a key anyone who can read them can use",
                bucket.address()
            ),
            "",
        );
    }
}
