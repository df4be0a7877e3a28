//! FG3053 `iam-not-action-allow`: an `Allow` statement written with `NotAction`.

use super::eval::Module;
use super::policy_statements::{identity_policies, sid_suffix, statements};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3053",
    slug: "iam-not-action-allow",
    title: "IAM policy allows with `NotAction`",
    factor: Factor::XII,
    stride: &[Stride::ElevationOfPrivilege],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::High,
    remediation: "Replace `NotAction` in `Allow` statements with the list of actions to allow; keep `NotAction` for `Deny` statements.",
    spec: "XII. Admin processes — IAM: `NotAction` with `Allow`",
    references: &[
        "https://cwe.mitre.org/data/definitions/269.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html",
    ],
    doc: r#"## What it does
Evaluates the `policy` of `aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy` and
`aws_iam_group_policy` resources — `jsonencode({...})`, JSON text, or the `json` of an
`aws_iam_policy_document` of the module (`not_actions`, with `effect` `Allow` by default) — and
finds a statement with `"Effect": "Allow"` and a `NotAction` element. A policy that cannot be
evaluated completely is not reported.

## Why is this bad?
`Allow` with `NotAction` grants every action except the listed ones — including every action
and service AWS adds later. A policy meant as "everything but IAM" silently grants new services,
and usually still allows escalation through services that were not thought of.

## How to fix
Allow the actions the principal needs. To carve out exceptions from a broad grant, use a `Deny`
statement (where `NotAction` is safe) next to an explicit `Allow`.

## Example
```hcl
resource "aws_iam_policy" "power_user" {
  name = "power-user"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", NotAction = "iam:*", Resource = "*" }]
  })
}
```
Use instead:
```hcl
resource "aws_iam_policy" "power_user" {
  name = "power-user"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "sqs:SendMessage"]
      Resource = "*"
    }]
  })
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for (policy, attribute, document) in identity_policies(module) {
        let Some(statement) = statements(&document).into_iter().find(|s| {
            s.get("Effect").as_str() == Some("Allow")
                && !matches!(s.get("NotAction"), super::eval::Value::Null)
        }) else {
            continue;
        };
        super::report(
            out,
            &META,
            &policy,
            &attribute.loc,
            format!(
                "`{}` allows with `NotAction`{}: it grants every other action, including ones AWS adds later",
                policy.address(),
                sid_suffix(statement)
            ),
            "",
        );
    }
}
