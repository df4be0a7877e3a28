//! FG3009 `ebs-volume-unencrypted`: an EBS volume, or an instance's block device, not encrypted
//! at rest.

use super::eval::{Located, Module};
use super::model::Block;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3009",
    slug: "ebs-volume-unencrypted",
    title: "EBS volume is not encrypted at rest",
    factor: Factor::VI,
    stride: &[Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::High,
    remediation: "Set `encrypted = true` (with a `kms_key_id` you control), or turn on `aws_ebs_encryption_by_default`.",
    spec: "VI. Processes — encryption in transit and at rest (encrypted EBS)",
    references: &[
        "https://cwe.mitre.org/data/definitions/311.html",
        "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",
    ],
    doc: r#"## What it does
Finds `aws_ebs_volume` resources whose `encrypted` is missing (the default is unencrypted) or
evaluates to `false`, and `root_block_device` / `ebs_block_device` blocks of `aws_instance`
resources likewise. A volume or device created from a snapshot (`snapshot_id`) without
`encrypted` inherits the snapshot's encryption and is skipped. When the module turns on
`aws_ebs_encryption_by_default` (or sets it to an unknown value), AWS encrypts every new volume and
nothing is reported. An unknown `encrypted` is not reported.

## Why is this bad?
The disk holds whatever the process writes — caches, uploads, temporary files, logs with
personal data. Unencrypted, its snapshots can be shared or copied to another account and read
there, and encryption cannot be switched on later without copying the volume.

## How to fix
Set `encrypted = true` on each volume and block device, ideally with `kms_key_id`, or enable
encryption by default for the account and region.

## Example
```hcl
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
}
```
Use instead:
```hcl
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = true
  kms_key_id        = aws_kms_key.ebs.arn
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    let encrypted_by_default = module.resources("aws_ebs_encryption_by_default").any(|r| {
        r.block
            .body
            .attribute("enabled")
            .is_none_or(|e| module.eval(&e.value).as_bool() != Some(false))
    });
    if encrypted_by_default {
        return;
    }
    for volume in module.resources("aws_ebs_volume") {
        check_device(module, &volume, volume.block, "", out);
    }
    for instance in module.resources("aws_instance") {
        for kind in ["root_block_device", "ebs_block_device"] {
            for (index, device) in instance.block.body.blocks(kind).enumerate() {
                check_device(module, &instance, device, &format!("{kind}[{index}]"), out);
            }
        }
    }
}

/// Checks `encrypted` of a volume (`detail` empty) or of an instance's block device.
fn check_device(
    module: &Module<'_>,
    resource: &Located<'_>,
    device: &Block,
    detail: &str,
    out: &mut ProjectEmitter<'_>,
) {
    let what = if detail.is_empty() {
        format!("`{}`", resource.address())
    } else {
        format!("`{}` `{}`", resource.address(), device.kind)
    };
    match device.body.attribute("encrypted") {
        None => {
            if device.body.attribute("snapshot_id").is_some() {
                return;
            }
            super::report(
                out,
                &META,
                resource,
                &device.header,
                format!("{what} does not set `encrypted`: the volume is not encrypted at rest"),
                detail,
            );
        }
        Some(attribute) => {
            if module.eval(&attribute.value).as_bool() == Some(false) {
                super::report(
                    out,
                    &META,
                    resource,
                    &attribute.loc,
                    format!("{what} has `encrypted = false`: the volume is not encrypted at rest"),
                    detail,
                );
            }
        }
    }
}
