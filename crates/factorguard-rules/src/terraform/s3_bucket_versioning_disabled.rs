//! FG3038 `s3-bucket-versioning-disabled`: a bucket whose objects are lost when overwritten or
//! deleted (a cross-resource check).

use super::eval::{Located, Module};
use super::s3_bucket_companion::{companions, for_bucket};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3038",
    slug: "s3-bucket-versioning-disabled",
    title: "S3 bucket versioning is not enabled",
    factor: Factor::IV,
    stride: &[Stride::Tampering, Stride::DenialOfService],
    cia: &[Cia::Integrity, Cia::Availability],
    default_severity: Severity::Low,
    remediation: "Add an `aws_s3_bucket_versioning` for the bucket with `versioning_configuration { status = \"Enabled\" }`.",
    spec: "IV. Backing services — assume its risk",
    references: &[
        "https://cwe.mitre.org/data/definitions/1188.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html",
    ],
    doc: r#"## What it does
Finds `aws_s3_bucket` resources without versioning: no `aws_s3_bucket_versioning` of the same
module points at the bucket (by reference or by the same literal name) and no inline
`versioning { enabled = true }` block (the provider's pre-v4 form) is set. It also finds
`aws_s3_bucket_versioning` resources whose `status` is known and not `"Enabled"` (`"Suspended"`,
`"Disabled"`), and inline `versioning` blocks with `enabled = false`. Unknown values, and
versioning resources whose `bucket` is unknown, are not reported.

## Why is this bad?
Without versioning an overwrite or a delete — a bug, a wrong sync, ransomware with write access —
destroys the only copy of the object. Versioning keeps the previous versions, so the data can be
restored and the change can be seen.

## How to fix
Enable versioning on every bucket holding data you cannot regenerate, and expire old versions
with a lifecycle rule to bound the cost.

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

resource "aws_s3_bucket_versioning" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  versioning_configuration {
    status = "Enabled"
  }
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    let versionings = companions(module, "aws_s3_bucket_versioning");
    for (versioning, _) in &versionings {
        check_status(module, versioning, out);
    }
    for bucket in module.resources("aws_s3_bucket") {
        if let Some(inline) = bucket.block.body.blocks("versioning").next() {
            if let Some(enabled) = inline.body.attribute("enabled") {
                if module.eval(&enabled.value).as_bool() == Some(false) {
                    super::report(
                        out,
                        &META,
                        &bucket,
                        &enabled.loc,
                        format!(
                            "`{}` has `versioning {{ enabled = false }}`: an overwrite or delete destroys the only copy",
                            bucket.address()
                        ),
                        "",
                    );
                }
            }
            continue;
        }
        let (found, uncertain) = for_bucket(module, &bucket, &versionings);
        if !found.is_empty() || uncertain || module.may_be_elsewhere(&bucket) {
            continue;
        }
        super::report(
            out,
            &META,
            &bucket,
            &bucket.block.header,
            format!(
                "`{}` has no `aws_s3_bucket_versioning`: an overwrite or delete destroys the only copy",
                bucket.address()
            ),
            "",
        );
    }
}

/// Reports a versioning resource whose status is known and not `Enabled`.
fn check_status(module: &Module<'_>, versioning: &Located<'_>, out: &mut ProjectEmitter<'_>) {
    let Some(configuration) = versioning
        .block
        .body
        .blocks("versioning_configuration")
        .next()
    else {
        return;
    };
    let Some(status) = configuration.body.attribute("status") else {
        return;
    };
    let value = module.eval(&status.value);
    let Some(text) = value.as_str() else {
        return;
    };
    if text != "Enabled" {
        super::report(
            out,
            &META,
            versioning,
            &status.loc,
            format!(
                "`{}` has `status = \"{text}\"`: an overwrite or delete destroys the only copy",
                versioning.address()
            ),
            "",
        );
    }
}
