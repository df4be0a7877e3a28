//! FG3082 `detective-services-missing`: a module with an AWS provider but no GuardDuty
//! detector or no AWS Config recorder.

use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3082",
    slug: "detective-services-missing",
    title: "GuardDuty detector or AWS Config recorder not declared",
    factor: Factor::XI,
    stride: &[Stride::Repudiation, Stride::Tampering],
    cia: &[Cia::Integrity],
    // Info: these are account-wide services, usually enabled once per organization elsewhere.
    default_severity: Severity::Info,
    remediation: "Declare `aws_guardduty_detector` and `aws_config_configuration_recorder` (with a delivery channel) in the account's baseline stack, or waive this where the organization enables them.",
    spec: "XI. Logs — GuardDuty and AWS Config recorder presence as info",
    references: &[
        "https://cwe.mitre.org/data/definitions/778.html",
        "https://docs.aws.amazon.com/guardduty/latest/ug/what-is-guardduty.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/config-concepts.html",
    ],
    doc: r#"## What it does
Reports, once per missing service, a deployment (a root module with a `provider "aws"` block,
with every local module it calls) that declares no `aws_guardduty_detector` or no
`aws_config_configuration_recorder`. The finding points at the provider block. A deployment with
a module call that is not analyzed (FG3086) is skipped, since that module may declare the
service. It is information, not a defect: both services are account-wide and often enabled by
the organization. A `terraform show -json` plan is one deployment: its root module's providers
are those its `provider_config` lists.

## Why is this bad?
GuardDuty is the detector that notices stolen credentials used from unusual places, crypto
mining and reconnaissance; AWS Config records every configuration change with who made it. An
account with neither finds out about an intrusion late, and cannot reconstruct it.

## How to fix
Enable both once per account and region, in the baseline stack or through AWS Organizations.

## Example
```hcl
provider "aws" {
  region = "eu-west-1"
}
```
Use instead:
```hcl
provider "aws" {
  region = "eu-west-1"
}

resource "aws_guardduty_detector" "main" {
  enable = true
}

resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = aws_iam_role.config.arn

  recording_group {
    all_supported                 = true
    include_global_resource_types = true
  }
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    if module.incomplete || module.blocks.iter().any(|b| b.block.kind == "module") {
        return;
    }
    let Some(provider) = module.blocks.iter().find(|b| {
        b.block.kind == "provider" && b.block.labels.first().map(String::as_str) == Some("aws")
    }) else {
        return;
    };
    for (resource_type, service, consequence) in [
        (
            "aws_guardduty_detector",
            "GuardDuty detector",
            "threats such as stolen credentials in use go undetected",
        ),
        (
            "aws_config_configuration_recorder",
            "AWS Config recorder",
            "configuration changes are not recorded",
        ),
    ] {
        if module.resources(resource_type).next().is_some() {
            continue;
        }
        super::report(
            out,
            &META,
            provider,
            &provider.block.header,
            format!("no `{resource_type}` in this module: unless the organization enables it, {consequence} ({service} missing)"),
            resource_type,
        );
    }
}
