//! FG3056 `iam-password-policy-weak`: an account password policy below the CIS baseline.

use super::eval::{Module, Value};
use super::model::Body;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3056",
    slug: "iam-password-policy-weak",
    title: "IAM account password policy is weak",
    factor: Factor::XII,
    stride: &[Stride::Spoofing],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::Medium,
    remediation: "Require at least 14 characters, prevent reuse of the last 24 passwords, and require symbols, numbers, uppercase and lowercase letters.",
    spec: "XII. Admin processes — IAM: weak account password policy",
    references: &[
        "https://cwe.mitre.org/data/definitions/521.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
    ],
    doc: r#"## What it does
Checks `aws_iam_account_password_policy` against the CIS AWS Foundations baseline and reports
one finding listing every weakness:
- `minimum_password_length` below 14 (missing means AWS's default of 6);
- `password_reuse_prevention` below 24 or missing (reuse allowed);
- `require_symbols`, `require_numbers`, `require_uppercase_characters` or
  `require_lowercase_characters` missing or `false`.

Maximum password age is not required: current NIST guidance advises against forced expiry.
An attribute whose value is unknown is not counted as a weakness.

## Why is this bad?
Console passwords of IAM users guard the whole account. Short passwords and reused passwords
fall to guessing and to credential stuffing with passwords leaked elsewhere.

## How to fix
Raise the settings to the baseline below, and require MFA for console users.

## Example
```hcl
resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length = 8
}
```
Use instead:
```hcl
resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length      = 14
  password_reuse_prevention    = 24
  require_symbols              = true
  require_numbers              = true
  require_uppercase_characters = true
  require_lowercase_characters = true
}
```
"#,
};

const MINIMUM_LENGTH: f64 = 14.0;
const MINIMUM_REUSE_PREVENTION: f64 = 24.0;
const REQUIRED_CLASSES: [&str; 4] = [
    "require_symbols",
    "require_numbers",
    "require_uppercase_characters",
    "require_lowercase_characters",
];

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for policy in module.resources("aws_iam_account_password_policy") {
        let weaknesses = weaknesses(module, &policy.block.body);
        if weaknesses.is_empty() {
            continue;
        }
        super::report(
            out,
            &META,
            &policy,
            &policy.block.header,
            format!(
                "`{}` is weaker than the baseline: {}",
                policy.address(),
                weaknesses.join(", ")
            ),
            "",
        );
    }
}

fn weaknesses(module: &Module<'_>, body: &Body) -> Vec<String> {
    let value = |name: &str| {
        body.attribute(name)
            .map_or(Value::Null, |a| module.eval(&a.value))
    };
    let mut found = Vec::new();
    match value("minimum_password_length") {
        Value::Null => found.push("no `minimum_password_length` (AWS default 6)".to_string()),
        length => {
            if let Some(n) = length.as_number().filter(|n| *n < MINIMUM_LENGTH) {
                found.push(format!("`minimum_password_length = {n}` (< 14)"));
            }
        }
    }
    match value("password_reuse_prevention") {
        Value::Null => found.push("no `password_reuse_prevention`".to_string()),
        reuse => {
            if let Some(n) = reuse.as_number().filter(|n| *n < MINIMUM_REUSE_PREVENTION) {
                found.push(format!("`password_reuse_prevention = {n}` (< 24)"));
            }
        }
    }
    for class in REQUIRED_CLASSES {
        match value(class) {
            Value::Null => found.push(format!("`{class}` not set")),
            required if required.as_bool() == Some(false) => {
                found.push(format!("`{class} = false`"));
            }
            _ => {}
        }
    }
    found
}
