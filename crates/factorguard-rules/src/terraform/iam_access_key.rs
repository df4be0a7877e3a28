//! FG3051 `iam-access-key`: an `aws_iam_access_key` resource, whose secret is written to the state.

use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3051",
    slug: "iam-access-key",
    title: "IAM access key managed by Terraform",
    factor: Factor::XII,
    stride: &[Stride::InformationDisclosure, Stride::Spoofing],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::High,
    remediation: "Give workloads an IAM role (instance profile, task role, IRSA, OIDC federation) instead of a long-lived access key created by Terraform.",
    spec: "XII. Admin processes — `aws_iam_access_key` (the secret lands in state)",
    references: &[
        "https://cwe.mitre.org/data/definitions/312.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles",
    ],
    doc: r#"## What it does
Finds every `aws_iam_access_key` resource. Terraform records the key's `secret` (and its SES SMTP
password) in the state file; with `pgp_key` the state holds them encrypted, but the key is still a
long-lived credential, so the resource is reported either way. A key whose `count` is not known
before apply is not reported.

## Why is this bad?
Whoever can read the state — every CI job, every engineer with access to the state bucket, every
backup of it — holds a permanent credential of the user. Long-lived keys are the most leaked AWS
credential and are never rotated by Terraform.

## How to fix
Let the workload assume an IAM role: an instance profile, an ECS task role, IRSA on EKS, or OIDC
federation for CI. If a key is unavoidable, create it outside Terraform and rotate it.

## Example
```hcl
resource "aws_iam_user" "deploy" {
  name = "deploy"
}

resource "aws_iam_access_key" "deploy" {
  user = aws_iam_user.deploy.name
}
```
Use instead:
```hcl
resource "aws_iam_role" "deploy" {
  name               = "deploy"
  assume_role_policy = data.aws_iam_policy_document.github_oidc.json
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for key in module.resources("aws_iam_access_key") {
        // Its presence is the finding: a `count` not known before apply may create no key.
        if let Some(count) = key.block.body.attribute("count") {
            if module.eval(&count.value).as_number().is_none() {
                continue;
            }
        }
        super::report(
            out,
            &META,
            &key,
            &key.block.header,
            format!(
                "`{}` creates a long-lived access key whose secret is stored in the Terraform state",
                key.address()
            ),
            "",
        );
    }
}
