//! FG3006 `iam-policy-wildcard-admin`: an IAM policy that allows every action on every resource.

use super::eval::{Module, Value};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3006",
    slug: "iam-policy-wildcard-admin",
    title: "IAM policy allows `*` actions on `*` resources",
    factor: Factor::XII,
    stride: &[Stride::ElevationOfPrivilege, Stride::Tampering],
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    default_severity: Severity::Critical,
    remediation: "List the actions and resource ARNs the principal needs instead of `\"Action\": \"*\"` on `\"Resource\": \"*\"`.",
    spec: "XII. Admin processes — IAM: wildcard actions on wildcard resources",
    references: &[
        "https://cwe.mitre.org/data/definitions/250.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    ],
    doc: r#"## What it does
Evaluates the `policy` of `aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy` and
`aws_iam_group_policy` resources — written with `jsonencode({...})`, as a heredoc or as a string,
or as the `json` of an `aws_iam_policy_document` of the module (its source and override
documents merged, `dynamic` statements expanded), with variables and locals resolved — and
finds a statement with `"Effect": "Allow"` whose `Action` is `"*"` (or a list containing `"*"`)
and whose `Resource` is `"*"` (or a list containing `"*"`). A policy that cannot be evaluated
completely is not reported.

## Why is this bad?
Such a policy is full administrator access: whoever holds it — the application, a CI job, a
leaked key — can read every secret, delete every resource, create users and disable the audit
trail. A compromise of one workload becomes a compromise of the account.

## How to fix
Grant the actions the principal really uses on the ARNs it really touches; keep administrator
access for break-glass roles that require MFA.

## Example
```hcl
resource "aws_iam_role_policy" "app" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}
```
Use instead:
```hcl
resource "aws_iam_role_policy" "app" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "arn:aws:s3:::acme-uploads/*"
    }]
  })
}
```
"#,
};

const POLICY_RESOURCES: [&str; 4] = [
    "aws_iam_policy",
    "aws_iam_role_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
];

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for resource_type in POLICY_RESOURCES {
        for policy in module.resources(resource_type) {
            let Some(attribute) = policy.block.body.attribute("policy") else {
                continue;
            };
            let Some(document) = policy_document(&module.eval(&attribute.value)) else {
                continue;
            };
            let Some(statement) = statements(&document).find(|s| is_wildcard_admin(s)) else {
                continue;
            };
            let sid = statement
                .get("Sid")
                .as_str()
                .map(|sid| format!(" (statement `{sid}`)"))
                .unwrap_or_default();
            super::report(
                out,
                &META,
                &policy,
                &attribute.loc,
                format!(
                    "`{}` allows every action on every resource{sid}: it grants full administrator access",
                    policy.address()
                ),
                "",
            );
        }
    }
}

/// The policy as a value: a JSON string parsed, an object as is; anything unknown is `None`.
fn policy_document(value: &Value) -> Option<Value> {
    let document = match value {
        Value::String(text) => Value::from_json(&serde_json::from_str(text).ok()?),
        Value::Object(_) => value.clone(),
        _ => return None,
    };
    (!document.has_unknown()).then_some(document)
}

/// `Statement` is one object or a list of them.
fn statements(document: &Value) -> Box<dyn Iterator<Item = &Value> + '_> {
    match document.get("Statement") {
        Value::List(items) => Box::new(items.iter()),
        statement @ Value::Object(_) => Box::new(std::iter::once(statement)),
        _ => Box::new(std::iter::empty()),
    }
}

fn is_wildcard_admin(statement: &Value) -> bool {
    statement.get("Effect").as_str() == Some("Allow")
        && contains_wildcard(statement.get("Action"))
        && contains_wildcard(statement.get("Resource"))
}

fn contains_wildcard(value: &Value) -> bool {
    match value {
        Value::String(s) => s == "*",
        Value::List(items) => items.iter().any(|i| i.as_str() == Some("*")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(json: &str) -> Value {
        policy_document(&Value::String(json.to_string())).unwrap()
    }

    #[test]
    fn a_single_statement_object_or_a_list_is_read() {
        let single =
            document(r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#);
        assert!(statements(&single).any(is_wildcard_admin));
        let listed = document(
            r#"{"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"},
                              {"Effect": "Allow", "Action": ["s3:*", "*"], "Resource": ["*"]}]}"#,
        );
        assert_eq!(
            statements(&listed).filter(|s| is_wildcard_admin(s)).count(),
            1
        );
    }

    #[test]
    fn scoped_or_unparsable_policies_are_not_admin() {
        let scoped =
            document(r#"{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#);
        assert!(!statements(&scoped).any(is_wildcard_admin));
        assert!(policy_document(&Value::String("not json".into())).is_none());
        assert!(policy_document(&Value::Unknown).is_none());
    }
}
