//! FG3012 `cloudtrail-missing`: a module that creates AWS resources but no CloudTrail trail.

use super::eval::{Located, Module};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3012",
    slug: "cloudtrail-missing",
    title: "AWS resources without a CloudTrail trail",
    factor: Factor::XI,
    stride: &[Stride::Repudiation],
    cia: &[Cia::Integrity],
    // Medium, not high: the trail often lives in another stack (an organization trail), which
    // a scan of one directory cannot see; the finding asks to confirm that it exists.
    default_severity: Severity::Medium,
    remediation: "Add a multi-region `aws_cloudtrail` with log-file validation, a KMS key and CloudWatch Logs delivery, or waive this finding where an organization trail covers the account.",
    spec: "XI. Logs — CloudTrail missing",
    references: &[
        "https://cwe.mitre.org/data/definitions/778.html",
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail.html",
    ],
    doc: r#"## What it does
Reports, once per deployment, a root module that — together with every local module it calls —
defines AWS resources (any `aws_*` resource not removed by `count = 0`) but no `aws_cloudtrail`.
A trail declared in a called module counts. The finding points at the first `provider "aws"`
block, or at the first AWS resource when there is none. A deployment without AWS resources is
skipped, and so is one with a module call that is not analyzed (a registry module, see FG3086):
the trail may be in it. A plan is one deployment.

The default severity is medium rather than high: the trail of an account is often created once,
in another stack or as an AWS Organizations trail, which a scan of this directory cannot see.
Waive the finding, with the name of that trail as the reason, when that is the case.

## Why is this bad?
Without a trail, the account keeps only 90 days of management events in the console's event
history, not in a bucket you control, with no data events and no alarms. After an incident
nobody can tell who created an access key, opened a security group or read a secret.

## How to fix
Create one multi-region trail per account (or an organization trail) that delivers to an S3
bucket with restricted access, validates its log files, is encrypted with a KMS key and is sent
to CloudWatch Logs for alarms.

## Example
```hcl
provider "aws" {
  region = "eu-west-1"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}
```
Use instead:
```hcl
provider "aws" {
  region = "eu-west-1"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = aws_iam_role.trail.arn
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    if module.incomplete || module.blocks.iter().any(|b| b.block.kind == "module") {
        return;
    }
    if module.resources("aws_cloudtrail").next().is_some() {
        return;
    }
    let aws_resources: Vec<Located<'_>> = module
        .blocks
        .iter()
        .filter(|b| b.block.kind == "resource" && b.resource_type().starts_with("aws_"))
        .filter(|b| module.exists(b))
        .copied()
        .collect();
    let Some(first_resource) = aws_resources.first() else {
        return;
    };
    let provider = module.blocks.iter().find(|b| {
        b.block.kind == "provider" && b.block.labels.first().map(String::as_str) == Some("aws")
    });
    let at = provider.unwrap_or(first_resource);
    super::report(
        out,
        &META,
        at,
        &at.block.header,
        format!(
            "module `{}` defines {} AWS resource(s) but no `aws_cloudtrail`: API activity in the account is not recorded",
            display_dir(module.dir),
            aws_resources.len()
        ),
        "",
    );
}

fn display_dir(dir: &str) -> &str {
    if dir.is_empty() {
        "."
    } else {
        dir
    }
}
