//! Shared by the IAM statement rules: a policy attribute evaluated to its statements, and IAM's
//! case-insensitive `*` / `?` wildcard matching of actions.

use super::eval::{Located, Module, Value};
use super::model::Attribute;

/// Resource types whose `policy` attribute is an identity policy document.
pub(crate) const IDENTITY_POLICY_RESOURCES: [&str; 4] = [
    "aws_iam_policy",
    "aws_iam_role_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
];

/// Every identity policy of the module with its `policy` attribute and its fully known document.
pub(crate) fn identity_policies<'a>(
    module: &Module<'a>,
) -> Vec<(Located<'a>, &'a Attribute, Value)> {
    let mut found = Vec::new();
    for resource_type in IDENTITY_POLICY_RESOURCES {
        for policy in module.resources(resource_type) {
            let Some(attribute) = policy.block.body.attribute("policy") else {
                continue;
            };
            if let Some(document) = policy_document(&module.eval(&attribute.value)) {
                found.push((policy, attribute, document));
            }
        }
    }
    found
}

/// The policy as a value: a JSON string parsed, an object as is; anything unknown is `None`.
pub(crate) fn policy_document(value: &Value) -> Option<Value> {
    let document = match value {
        Value::String(text) => Value::from_json(&serde_json::from_str(text).ok()?),
        Value::Object(_) => value.clone(),
        _ => return None,
    };
    (!document.has_unknown()).then_some(document)
}

/// `Statement` is one object or a list of them.
pub(crate) fn statements(document: &Value) -> Vec<&Value> {
    match document.get("Statement") {
        Value::List(items) => items.iter().collect(),
        statement @ Value::Object(_) => vec![statement],
        _ => Vec::new(),
    }
}

/// A statement element (`Action`, `Resource`…) as its strings: one string or a list.
pub(crate) fn strings(value: &Value) -> Vec<&str> {
    match value {
        Value::String(s) => vec![s.as_str()],
        Value::List(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The statement's `Sid` for messages: ` (statement `Sid`)` or nothing.
pub(crate) fn sid_suffix(statement: &Value) -> String {
    statement
        .get("Sid")
        .as_str()
        .map(|sid| format!(" (statement `{sid}`)"))
        .unwrap_or_default()
}

/// IAM wildcard matching: `*` any run of characters, `?` one character, case-insensitive.
pub(crate) fn wildcard_matches(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.to_ascii_lowercase().chars().collect();
    let text: Vec<char> = text.to_ascii_lowercase().chars().collect();
    // Classic two-pointer glob match with backtracking to the last `*`.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == '?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((star_p, star_t)) = star {
            p = star_p + 1;
            t = star_t + 1;
            star = Some((star_p, star_t + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_like_iam() {
        assert!(wildcard_matches("*", "iam:PassRole"));
        assert!(wildcard_matches("iam:*", "iam:PassRole"));
        assert!(wildcard_matches("IAM:pass*", "iam:PassRole"));
        assert!(wildcard_matches("iam:Pass?ole", "iam:PassRole"));
        assert!(!wildcard_matches("iam:Get*", "iam:PassRole"));
        assert!(!wildcard_matches("iam:PassRoles", "iam:PassRole"));
        assert!(!wildcard_matches("s3:*", "iam:PassRole"));
    }

    #[test]
    fn statements_and_strings_accept_one_or_many() {
        let document = policy_document(&Value::String(
            r#"{"Statement": {"Effect": "Allow", "Action": ["a", "b"], "Resource": "*"}}"#.into(),
        ))
        .unwrap();
        let found = statements(&document);
        assert_eq!(found.len(), 1);
        assert_eq!(strings(found[0].get("Action")), ["a", "b"]);
        assert_eq!(strings(found[0].get("Resource")), ["*"]);
        assert!(policy_document(&Value::Unknown).is_none());
    }
}
