//! FG3007 `kms-key-rotation-disabled`: a symmetric KMS key whose key material is never rotated.

use super::eval::Module;
use super::flag_off::report_flag_off;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3007",
    slug: "kms-key-rotation-disabled",
    title: "KMS key rotation is disabled",
    factor: Factor::XII,
    stride: &[Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::Medium,
    remediation: "Set `enable_key_rotation = true` on the key.",
    spec: "XII. Admin processes — KMS keys without rotation",
    references: &[
        "https://cwe.mitre.org/data/definitions/324.html",
        "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
    ],
    doc: r#"## What it does
Finds `aws_kms_key` resources whose `enable_key_rotation` is missing (the default is no
rotation) or evaluates to `false`. AWS rotates only symmetric encryption keys: a key whose
`customer_master_key_spec` is something other than `SYMMETRIC_DEFAULT` (RSA, ECC, HMAC) is skipped,
and so is a key whose spec is unknown. An unknown `enable_key_rotation` is not reported.

## Why is this bad?
Without rotation one key material protects every object it has ever encrypted, for as long as the
key lives: a key material that leaks, or is broken, exposes all of it. Rotation limits how much
data depends on one key material and is expected by every compliance baseline.

## How to fix
Set `enable_key_rotation = true` (optionally `rotation_period_in_days`). Rotation is transparent:
old ciphertexts still decrypt.

## Example
```hcl
resource "aws_kms_key" "data" {
  description = "application data"
}
```
Use instead:
```hcl
resource "aws_kms_key" "data" {
  description         = "application data"
  enable_key_rotation = true
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for key in module.resources("aws_kms_key") {
        if let Some(spec) = key.block.body.attribute("customer_master_key_spec") {
            if module.eval(&spec.value).as_str() != Some("SYMMETRIC_DEFAULT") {
                continue;
            }
        }
        report_flag_off(
            module,
            out,
            &META,
            &key,
            "enable_key_rotation",
            "its key material is never rotated",
        );
    }
}
