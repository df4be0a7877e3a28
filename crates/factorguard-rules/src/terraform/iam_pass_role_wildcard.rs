//! FG3052 `iam-pass-role-wildcard`: a policy that allows `iam:PassRole` on every role.

use super::eval::{Module, Value};
use super::policy_statements::{
    identity_policies, sid_suffix, statements, strings, wildcard_matches,
};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3052",
    slug: "iam-pass-role-wildcard",
    title: "IAM policy allows `iam:PassRole` on `*`",
    factor: Factor::XII,
    stride: &[Stride::ElevationOfPrivilege],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::High,
    remediation: "Restrict `iam:PassRole` to the ARNs of the roles the principal must hand to a service, and add an `iam:PassedToService` condition.",
    spec: "XII. Admin processes — IAM: `iam:PassRole` on `*`",
    references: &[
        "https://cwe.mitre.org/data/definitions/269.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
    ],
    doc: r#"## What it does
Evaluates the `policy` of `aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy` and
`aws_iam_group_policy` resources — `jsonencode({...})`, JSON text, or the `json` of an
`aws_iam_policy_document` of the module — and finds an `Allow` statement whose `Action` matches
`iam:PassRole` (`iam:PassRole`, `iam:Pass*`, `iam:*`, `*`, case-insensitive) and whose `Resource`
is or contains `"*"`. A policy that cannot be evaluated completely is not reported.

## Why is this bad?
`iam:PassRole` lets the principal give a role to a service — an EC2 instance, a Lambda function,
an ECS task — and then act through it. On `*` the principal can pass the most privileged role of
the account, so a narrowly scoped identity escalates to administrator.

## How to fix
List the role ARNs the principal may pass and, where possible, the service it may pass them to
with the `iam:PassedToService` condition key.

## Example
```hcl
resource "aws_iam_role_policy" "ci" {
  role = aws_iam_role.ci.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }]
  })
}
```
Use instead:
```hcl
resource "aws_iam_role_policy" "ci" {
  role = aws_iam_role.ci.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "iam:PassRole"
      Resource  = "arn:aws:iam::123456789012:role/app-task"
      Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
    }]
  })
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for (policy, attribute, document) in identity_policies(module) {
        let Some(statement) = statements(&document)
            .into_iter()
            .find(|s| allows_pass_role_on_everything(s))
        else {
            continue;
        };
        super::report(
            out,
            &META,
            &policy,
            &attribute.loc,
            format!(
                "`{}` allows `iam:PassRole` on every role{}: the principal can hand any role to a service and act through it",
                policy.address(),
                sid_suffix(statement)
            ),
            "",
        );
    }
}

fn allows_pass_role_on_everything(statement: &Value) -> bool {
    statement.get("Effect").as_str() == Some("Allow")
        && strings(statement.get("Action"))
            .iter()
            .any(|action| wildcard_matches(action, "iam:PassRole"))
        && strings(statement.get("Resource")).contains(&"*")
}
