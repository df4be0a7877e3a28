//! FG3055 `iam-password-policy-missing`: a root module configuring AWS without an account
//! password policy.

use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3055",
    slug: "iam-password-policy-missing",
    title: "No IAM account password policy",
    factor: Factor::XII,
    stride: &[Stride::Spoofing],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::Medium,
    remediation: "Declare an `aws_iam_account_password_policy` meeting the baseline (14+ characters, reuse prevention 24, all character classes).",
    spec: "XII. Admin processes — IAM: no account password policy",
    references: &[
        "https://cwe.mitre.org/data/definitions/521.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
    ],
    doc: r#"## What it does
Reports a deployment — a root module that configures the AWS provider with a `provider "aws"`
block, with every local module it calls — in which no `aws_iam_account_password_policy` is
declared. A policy declared in a called module counts; a deployment with a module call that is
not analyzed (FG3086) is skipped. The finding points at the provider block. A
`terraform show -json` plan is one deployment: its root module's providers are those its
`provider_config` lists, and the finding points at the `aws` entry there. If the account's
password policy is managed by another root module (an account baseline), suppress the finding
with that reason.

## Why is this bad?
Without a password policy, IAM users' console passwords only need 8 characters of any kind and
may be reused forever, so they fall to guessing and credential stuffing.

## How to fix
Manage the account password policy in code, next to the provider configuration of the account.

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

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    // A module call left in the deployment was not followed: it may declare the policy.
    if module.incomplete || module.blocks.iter().any(|b| b.block.kind == "module") {
        return;
    }
    // A `count` or `for_each` on the policy is not evaluated: a declared policy counts.
    let declared = module.blocks.iter().any(|located| {
        located.block.kind == "resource"
            && located.resource_type() == "aws_iam_account_password_policy"
    });
    if declared {
        return;
    }
    let Some(provider) = module
        .blocks
        .iter()
        .find(|located| located.block.kind == "provider" && located.resource_type() == "aws")
    else {
        return;
    };
    super::report(
        out,
        &META,
        provider,
        &provider.block.header,
        format!(
            "module `{}` configures AWS but declares no `aws_iam_account_password_policy`: console passwords follow AWS's weak defaults",
            if module.dir.is_empty() { "." } else { module.dir }
        ),
        "",
    );
}
