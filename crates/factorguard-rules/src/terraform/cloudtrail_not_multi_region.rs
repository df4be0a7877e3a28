//! FG3011 `cloudtrail-not-multi-region`: a trail that records API calls of one region only.

use super::eval::Module;
use super::flag_off::report_flag_off;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3011",
    slug: "cloudtrail-not-multi-region",
    title: "CloudTrail trail is single-region",
    factor: Factor::XI,
    stride: &[Stride::Repudiation],
    cia: &[Cia::Integrity],
    default_severity: Severity::Medium,
    remediation: "Set `is_multi_region_trail = true` (and keep `include_global_service_events = true`).",
    spec: "XI. Logs — CloudTrail single-region",
    references: &[
        "https://cwe.mitre.org/data/definitions/778.html",
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html",
    ],
    doc: r#"## What it does
Finds `aws_cloudtrail` resources whose `is_multi_region_trail` is missing (the default is a
trail of the provider's region only) or evaluates to `false`. An unknown value is not reported.

## Why is this bad?
Activity in every other region goes unrecorded: an attacker who starts instances, creates keys
or changes resources in a region nobody uses leaves no audit trail, and the alarms built on the
trail never fire.

## How to fix
Make the trail multi-region, so one trail records every region, including ones enabled later.

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
  name                  = "main"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = true
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for trail in module.resources("aws_cloudtrail") {
        report_flag_off(
            module,
            out,
            &META,
            &trail,
            "is_multi_region_trail",
            "API calls in other regions are not recorded",
        );
    }
}
