//! FG3054 `iam-policy-attached-to-user`: permissions given to an IAM user directly instead of
//! through a group or a role.

use super::eval::{Module, Value};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3054",
    slug: "iam-policy-attached-to-user",
    title: "IAM policy attached directly to a user",
    factor: Factor::XII,
    stride: &[Stride::ElevationOfPrivilege, Stride::Repudiation],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::Low,
    remediation: "Attach policies to a group (or a role the user assumes) and make the user a member of the group.",
    spec: "XII. Admin processes — IAM: policies attached to users",
    references: &[
        "https://cwe.mitre.org/data/definitions/266.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#use-groups-for-permissions",
    ],
    doc: r#"## What it does
Finds `aws_iam_user_policy` (an inline user policy), `aws_iam_user_policy_attachment`, and
`aws_iam_policy_attachment` whose `users` list is known and not empty. An unknown `users` is not
reported, nor is an inline user policy whose statements are all `Deny` (an IP restriction or an
MFA guard gives the user nothing).

## Why is this bad?
Permissions given user by user drift apart: nobody can tell who may do what without reading
every user, leavers keep one-off grants, and reviews miss them. Groups and roles keep access in a
few reviewable places.

## How to fix
Attach the policy to an `aws_iam_group` and add users with `aws_iam_user_group_membership`, or
let people assume a role.

## Example
```hcl
resource "aws_iam_user_policy_attachment" "alice_read_only" {
  user       = aws_iam_user.alice.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
```
Use instead:
```hcl
resource "aws_iam_group_policy_attachment" "auditors_read_only" {
  group      = aws_iam_group.auditors.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_user_group_membership" "alice" {
  user   = aws_iam_user.alice.name
  groups = [aws_iam_group.auditors.name]
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for resource_type in ["aws_iam_user_policy", "aws_iam_user_policy_attachment"] {
        for grant in module.resources(resource_type) {
            if only_denies(module, &grant) {
                continue;
            }
            super::report(
                out,
                &META,
                &grant,
                &grant.block.header,
                format!(
                    "`{}` gives permissions to a user directly instead of through a group or role",
                    grant.address()
                ),
                "",
            );
        }
    }
    for attachment in module.resources("aws_iam_policy_attachment") {
        let Some(users) = attachment.block.body.attribute("users") else {
            continue;
        };
        if let Value::List(items) = module.eval(&users.value) {
            if !items.is_empty() {
                super::report(
                    out,
                    &META,
                    &attachment,
                    &users.loc,
                    format!(
                        "`{}` attaches its policy to users directly instead of through a group or role",
                        attachment.address()
                    ),
                    "",
                );
            }
        }
    }
}

/// Whether an inline user policy only takes permissions away (an IP restriction, the MFA guard):
/// it gives the user nothing, so it is no grant to move to a group.
fn only_denies(module: &Module<'_>, grant: &super::eval::Located<'_>) -> bool {
    let Some(policy) = grant.block.body.attribute("policy") else {
        return false;
    };
    let Some(document) = super::policy_statements::policy_document(&module.eval(&policy.value))
    else {
        return false;
    };
    let statements = super::policy_statements::statements(&document);
    !statements.is_empty()
        && statements
            .iter()
            .all(|statement| statement.get("Effect").as_str() == Some("Deny"))
}
