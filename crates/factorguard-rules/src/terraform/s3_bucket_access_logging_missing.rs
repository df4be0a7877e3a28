//! FG3039 `s3-bucket-access-logging-missing`: a bucket whose requests are not logged (a
//! cross-resource check).

use super::eval::Module;
use super::s3_bucket_companion::{companions, for_bucket, names_bucket, target};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3039",
    slug: "s3-bucket-access-logging-missing",
    title: "S3 bucket has no server access logging",
    factor: Factor::XI,
    stride: &[Stride::Repudiation],
    cia: &[Cia::Integrity],
    default_severity: Severity::Low,
    remediation:
        "Add an `aws_s3_bucket_logging` for the bucket that writes to a dedicated log bucket.",
    spec: "XI. Logs — load balancer/bucket/API access logs off",
    references: &[
        "https://cwe.mitre.org/data/definitions/778.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html",
    ],
    doc: r#"## What it does
Finds `aws_s3_bucket` resources that no `aws_s3_bucket_logging` of the same module points at (by
reference or by the same literal name) and that have no inline `logging` block (the provider's
pre-v4 form). A bucket that is the `target_bucket` of a logging configuration (either form) in the
module is a log bucket and is skipped: logging it into itself would loop. A logging resource
whose `bucket` or `target_bucket` is unknown might concern any bucket, so the buckets it might
concern are not reported.

## Why is this bad?
Server access logs record every request — who read, wrote or deleted which object, from where.
Without them a leak through a presigned URL, a public object or stolen credentials cannot be
scoped after the fact; CloudTrail records object-level requests only when data events are
enabled, at extra cost.

## How to fix
Send the access logs of every data bucket to a dedicated log bucket (with its own retention and
restricted access).

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

resource "aws_s3_bucket" "access_logs" {
  bucket = "acme-access-logs"
}

resource "aws_s3_bucket_logging" "uploads" {
  bucket        = aws_s3_bucket.uploads.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "uploads/"
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    let loggings = companions(module, "aws_s3_bucket_logging");
    let mut log_targets: Vec<_> = loggings
        .iter()
        .map(|(logging, _)| target(module, logging, "target_bucket"))
        .collect();
    // The provider's pre-v4 inline `logging { target_bucket = ... }` names a log bucket too.
    for bucket in module.resources("aws_s3_bucket") {
        for inline in bucket.block.body.blocks("logging") {
            let inline = bucket.nested(inline);
            log_targets.push(target(module, &inline, "target_bucket"));
        }
    }
    for bucket in module.resources("aws_s3_bucket") {
        if bucket.block.body.blocks("logging").next().is_some() {
            continue;
        }
        let is_log_bucket = log_targets
            .iter()
            .map(|t| names_bucket(module, &bucket, t))
            .any(|names| names != Some(false));
        if is_log_bucket {
            continue;
        }
        let (found, uncertain) = for_bucket(module, &bucket, &loggings);
        if !found.is_empty() || uncertain || module.may_be_elsewhere(&bucket) {
            continue;
        }
        super::report(
            out,
            &META,
            &bucket,
            &bucket.block.header,
            format!(
                "`{}` has no `aws_s3_bucket_logging`: requests to its objects leave no access log",
                bucket.address()
            ),
            "",
        );
    }
}
