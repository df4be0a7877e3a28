//! Shared by the policy rules: a policy attribute evaluated to its statements, IAM's
//! case-insensitive `*` / `?` wildcard matching of actions, and which statements of a resource
//! policy let everyone in.

use super::eval::{Located, Module, Value};
use super::model::{Attribute, Expr};

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

/// A resource policy as a document whose statements can be read one by one: the argument of
/// `jsonencode(...)` is evaluated as an object, so a part known only after apply (the `Resource`
/// ARN of the bucket or queue) leaves the other elements readable; JSON text is parsed. `None`
/// when the policy is unknown or not a JSON object.
pub(crate) fn resource_policy(module: &Module<'_>, expr: &Expr) -> Option<Value> {
    let value = match expr {
        Expr::Call { name, args } if name == "jsonencode" && args.len() == 1 => {
            module.eval(&args[0])
        }
        other => module.eval(other),
    };
    match value {
        Value::String(text) => match serde_json::from_str(&text).ok()? {
            json @ serde_json::Value::Object(_) => Some(Value::from_json(&json)),
            _ => None,
        },
        Value::Object(_) => Some(value),
        _ => None,
    }
}

/// An `Allow` statement of a resource policy that lets everyone in.
pub(crate) struct OpenStatement {
    /// `statement `Sid`` or, without a `Sid`, `statement #n` (its 1-based position).
    pub label: String,
    /// The `Sid` or `#n`, to tell apart two findings on one policy.
    pub detail: String,
    /// What it allows, for messages: `` `s3:GetObject` `` or `every action except ...`.
    pub actions: String,
}

/// The statements of `document` that allow every principal — `"Principal": "*"`,
/// `{"AWS": "*"}` (alone or in a list), or `NotPrincipal`, which allows everyone but the listed
/// principals — with no condition that narrows who the caller is (see [`narrows_caller`]), and
/// that no `Deny` statement of the policy may take back from outsiders. A statement with any
/// unknown part that matters is not returned.
pub(crate) fn open_statements(document: &Value) -> Vec<OpenStatement> {
    let all = statements(document);
    let mut open = Vec::new();
    for (position, statement) in all.iter().enumerate() {
        if statement.get("Effect").as_str() != Some("Allow") || !admits_everyone(statement) {
            continue;
        }
        let Some(actions) = Actions::of(statement) else {
            continue;
        };
        if narrowed(statement.get("Condition")) {
            continue;
        }
        if all.iter().any(|other| may_deny_outsiders(other, &actions)) {
            continue;
        }
        let detail = match statement.get("Sid").as_str() {
            Some(sid) if !sid.is_empty() => sid.to_string(),
            _ => format!("#{}", position + 1),
        };
        let label = if detail.starts_with('#') {
            format!("statement {detail}")
        } else {
            format!("statement `{detail}`")
        };
        open.push(OpenStatement {
            label,
            detail,
            actions: actions.describe(),
        });
    }
    open
}

/// A statement's `Action` or `NotAction`, fully known.
enum Actions<'d> {
    Listed(Vec<&'d str>),
    AllExcept(Vec<&'d str>),
}

impl<'d> Actions<'d> {
    fn of(statement: &'d Value) -> Option<Self> {
        let known = |value: &'d Value| -> Option<Vec<&'d str>> {
            match value {
                Value::String(one) => Some(vec![one.as_str()]),
                Value::List(items) if !items.is_empty() => {
                    items.iter().map(Value::as_str).collect()
                }
                _ => None,
            }
        };
        match (statement.get("Action"), statement.get("NotAction")) {
            (Value::Null, Value::Null) => None,
            (action, Value::Null) => known(action).map(Actions::Listed),
            (Value::Null, not_action) => known(not_action).map(Actions::AllExcept),
            _ => None,
        }
    }

    fn describe(&self) -> String {
        const SHOWN: usize = 6;
        let list = |actions: &[&str]| {
            let mut text = actions
                .iter()
                .take(SHOWN)
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ");
            if actions.len() > SHOWN {
                text.push_str(&format!(" and {} more", actions.len() - SHOWN));
            }
            text
        };
        match self {
            Actions::Listed(actions) => list(actions),
            Actions::AllExcept(actions) => format!("every action except {}", list(actions)),
        }
    }

    /// Whether a `Deny` of `denied` may cover some of these actions; unsure is yes.
    fn may_overlap(&self, denied: &[&str]) -> bool {
        match self {
            Actions::AllExcept(_) => true,
            Actions::Listed(allowed) => allowed
                .iter()
                .any(|a| denied.iter().any(|d| patterns_may_overlap(a, d))),
        }
    }
}

/// Whether two IAM action patterns may match a common action: when one matches the other, or
/// when both have wildcards and their service prefixes do not differ.
fn patterns_may_overlap(a: &str, b: &str) -> bool {
    if wildcard_matches(a, b) || wildcard_matches(b, a) {
        return true;
    }
    if !has_wildcard(a) || !has_wildcard(b) {
        return false;
    }
    match (literal_service(a), literal_service(b)) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        _ => true,
    }
}

fn has_wildcard(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

/// The service prefix of an action pattern (`s3` of `s3:Get*`), when it has no wildcard.
fn literal_service(pattern: &str) -> Option<&str> {
    pattern
        .split_once(':')
        .map(|(service, _)| service)
        .filter(|service| !has_wildcard(service))
}

/// Whether `principal` is everyone: `Some(true)` for `"*"` or an `AWS` entry holding `"*"`,
/// `Some(false)` for known other principals, `None` when unknown.
fn is_everyone(principal: &Value) -> Option<bool> {
    match principal {
        Value::String(p) => Some(p == "*"),
        Value::Object(_) => {
            let aws = principal.get("AWS");
            let star = match aws {
                Value::String(p) => p == "*",
                Value::List(items) => items.iter().any(|i| i.as_str() == Some("*")),
                _ => false,
            };
            if star {
                Some(true)
            } else if principal.has_unknown() {
                None
            } else {
                Some(false)
            }
        }
        Value::Unknown => None,
        _ => Some(false),
    }
}

/// An `Allow` to `"*"` / `{"AWS": "*"}`, or to everyone but a known `NotPrincipal`.
fn admits_everyone(statement: &Value) -> bool {
    match (statement.get("Principal"), statement.get("NotPrincipal")) {
        (principal, Value::Null) => is_everyone(principal) == Some(true),
        (Value::Null, not_principal) => is_everyone(not_principal) == Some(false),
        _ => false,
    }
}

/// What a condition key says about the caller.
#[derive(Debug, PartialEq)]
enum KeyKind {
    /// Who the caller is or where the call comes from: its account, organization, ARN or user
    /// id, the resource or account a service acts for, the VPC, endpoint or network it comes
    /// from.
    Caller,
    /// A property of the request that any caller controls or meets: TLS, time, MFA, tags,
    /// encryption settings, the service it passes through.
    Request,
    /// A key not judged here; it is taken as narrowing.
    Unlisted,
}

const CALLER_KEYS: [&str; 16] = [
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:userid",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceowner",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceip",
    "kms:calleraccount",
    "s3:dataaccesspointaccount",
    "s3:dataaccesspointarn",
];

const REQUEST_KEYS: [&str; 34] = [
    "aws:securetransport",
    "aws:currenttime",
    "aws:epochtime",
    "aws:tokenissuetime",
    "aws:multifactorauthpresent",
    "aws:multifactorauthage",
    "aws:useragent",
    "aws:referer",
    "aws:requestedregion",
    "aws:tagkeys",
    "aws:principaltype",
    "aws:username",
    "aws:calledvia",
    "aws:calledviafirst",
    "aws:calledvialast",
    "aws:viaawsservice",
    "kms:viaservice",
    "kms:encryptioncontextkeys",
    "kms:encryptionalgorithm",
    "kms:grantisforawsresource",
    "kms:grantoperations",
    "kms:requestalias",
    "s3:prefix",
    "s3:delimiter",
    "s3:max-keys",
    "s3:x-amz-acl",
    "s3:x-amz-server-side-encryption",
    "s3:tlsversion",
    "s3:signatureversion",
    "s3:signatureage",
    "s3:authtype",
    "s3:x-amz-content-sha256",
    "s3:versionid",
    "s3:requestobjecttagkeys",
];

/// Request keys named by a prefix and a tag key or encryption context key.
const REQUEST_KEY_PREFIXES: [&str; 6] = [
    "aws:requesttag/",
    "aws:resourcetag/",
    "aws:principaltag/",
    "kms:encryptioncontext:",
    "s3:existingobjecttag/",
    "s3:requestobjecttag/",
];

fn key_kind(key: &str) -> KeyKind {
    let key = key.to_ascii_lowercase();
    if CALLER_KEYS.contains(&key.as_str()) {
        KeyKind::Caller
    } else if REQUEST_KEYS.contains(&key.as_str())
        || REQUEST_KEY_PREFIXES.iter().any(|p| key.starts_with(p))
    {
        KeyKind::Request
    } else {
        KeyKind::Unlisted
    }
}

/// How a condition operator compares the key with the values.
#[derive(Debug, PartialEq)]
enum Test {
    /// `StringEquals`, `StringEqualsIgnoreCase`: the values exactly.
    Equals,
    /// `StringLike`, `ArnLike`, `ArnEquals`: patterns with `*` and `?`.
    Like,
    /// `IpAddress`: CIDR ranges.
    InRange,
    /// `StringNotEquals`, `StringNotLike`, `ArnNotEquals`, `ArnNotLike`, `NotIpAddress`:
    /// anything but the values.
    AnythingBut,
    /// `Null`: only whether the key is present.
    Presence,
    /// An operator not judged here (`...IfExists`, `ForAllValues:`, numeric, date, `Bool`...).
    Unjudged,
}

fn test(operator: &str) -> Test {
    let operator = operator.to_ascii_lowercase();
    // For a single-valued key `ForAnyValue:` compares like the plain operator.
    let base = operator.strip_prefix("foranyvalue:").unwrap_or(&operator);
    // `...IfExists` lets a request without the key through (an anonymous one has no principal
    // account), `ForAllValues:` too: whether that opens the resource depends on the key.
    if base.ends_with("ifexists") || base.starts_with("forallvalues:") {
        return Test::Unjudged;
    }
    match base {
        "stringequals" | "stringequalsignorecase" => Test::Equals,
        "stringlike" | "arnlike" | "arnequals" => Test::Like,
        "ipaddress" => Test::InRange,
        "stringnotequals"
        | "stringnotequalsignorecase"
        | "stringnotlike"
        | "arnnotequals"
        | "arnnotlike"
        | "notipaddress" => Test::AnythingBut,
        "null" => Test::Presence,
        _ => Test::Unjudged,
    }
}

/// Whether some known value of a condition satisfies `is`.
fn any_value(values: &Value, is: impl Fn(&str) -> bool) -> bool {
    match values {
        Value::String(value) => is(value),
        Value::List(items) => items.iter().filter_map(Value::as_str).any(is),
        _ => false,
    }
}

/// A pattern of wildcards only (`*`, `?*`): it matches any account, ARN or id.
fn matches_anything(pattern: &str) -> bool {
    pattern.contains('*') && pattern.chars().all(|c| c == '*' || c == '?')
}

/// A CIDR range of every address (`0.0.0.0/0`, `::/0`).
fn every_address(cidr: &str) -> bool {
    cidr.trim()
        .rsplit_once('/')
        .is_some_and(|(_, length)| length.trim() == "0")
}

/// Whether a condition entry of an `Allow` narrows who the caller is. A key that names the
/// caller narrows with a positive operator and a fixed value (an unknown value too: it is
/// fixed, only not known yet), not with a negated operator ("anyone but"), `Null` (present
/// or not) or a value of wildcards only. A key about the request never narrows. Anything not
/// judged here — another key, `...IfExists`, `ForAllValues:`, other operators — narrows, so
/// that what cannot be judged is never reported.
fn narrows_caller(operator: &str, key: &str, values: &Value) -> bool {
    match key_kind(key) {
        KeyKind::Request => false,
        KeyKind::Unlisted => true,
        KeyKind::Caller => match test(operator) {
            Test::Equals => true,
            Test::Like => !any_value(values, matches_anything),
            Test::InRange => !any_value(values, every_address),
            Test::AnythingBut | Test::Presence => false,
            Test::Unjudged => true,
        },
    }
}

/// Whether a condition entry limits a statement to fixed callers (a positive operator with
/// known, non-wildcard values on a caller key): a `Deny` with it hits those callers only.
fn only_fixed_callers(operator: &str, key: &str, values: &Value) -> bool {
    if key_kind(key) != KeyKind::Caller {
        return false;
    }
    match test(operator) {
        Test::Equals => true,
        Test::Like => !values.has_unknown() && !any_value(values, matches_anything),
        Test::InRange => !values.has_unknown() && !any_value(values, every_address),
        _ => false,
    }
}

/// The entries `(operator, key, values)` of a `Condition`; `None` when its shape is unknown.
fn condition_entries(condition: &Value) -> Option<Vec<(&str, &str, &Value)>> {
    let Value::Object(operators) = condition else {
        return (*condition == Value::Null).then(Vec::new);
    };
    let mut entries = Vec::new();
    for (operator, keys) in operators {
        match keys {
            Value::Object(keys) => {
                entries.extend(
                    keys.iter()
                        .map(|(key, values)| (operator.as_str(), key.as_str(), values)),
                );
            }
            Value::Null => {}
            _ => return None,
        }
    }
    Some(entries)
}

/// Whether an `Allow`'s condition narrows who the caller is (any entry does: entries are
/// joined by AND); an unknown condition does.
fn narrowed(condition: &Value) -> bool {
    match condition_entries(condition) {
        Some(entries) => entries
            .iter()
            .any(|(operator, key, values)| narrows_caller(operator, key, values)),
        None => true,
    }
}

/// Whether `statement` may be a `Deny` that takes `actions` away from callers outside some
/// fixed set — a `Deny` of everyone (or of everyone but a `NotPrincipal`) on overlapping actions,
/// unconditioned or with a condition that does not only pick fixed callers or request
/// properties. Anything unknown may.
fn may_deny_outsiders(statement: &Value, actions: &Actions<'_>) -> bool {
    match statement.get("Effect") {
        Value::String(effect) if effect == "Deny" => {}
        Value::Unknown => {}
        _ => return false,
    }
    // A `Deny` of named principals only, or of everyone but everyone, takes nothing from others.
    let denies_no_outsider = match (statement.get("Principal"), statement.get("NotPrincipal")) {
        (Value::Null, Value::Null) => false,
        (principal, Value::Null) => is_everyone(principal) == Some(false),
        (Value::Null, not_principal) => is_everyone(not_principal) == Some(true),
        _ => false,
    };
    if denies_no_outsider {
        return false;
    }
    if let Some(Actions::Listed(denied)) = Actions::of(statement) {
        if !actions.may_overlap(&denied) {
            return false;
        }
    }
    match condition_entries(statement.get("Condition")) {
        Some(entries) if entries.is_empty() => true,
        Some(entries) => {
            let fixed = entries
                .iter()
                .any(|(operator, key, values)| only_fixed_callers(operator, key, values));
            let about_requests = entries
                .iter()
                .all(|(_, key, _)| key_kind(key) == KeyKind::Request);
            !fixed && !about_requests
        }
        None => true,
    }
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

    /// The labels of the open statements of a policy written as JSON.
    fn open(json: &str) -> Vec<String> {
        let document = Value::from_json(&serde_json::from_str(json).unwrap());
        open_statements(&document)
            .into_iter()
            .map(|s| format!("{}: {}", s.label, s.actions))
            .collect()
    }

    /// One statement allowing `s3:GetObject` to everyone with `condition`.
    fn open_with(condition: &str) -> bool {
        !open(&format!(
            r#"{{"Statement": [{{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                "Resource": "*", "Condition": {condition}}}]}}"#
        ))
        .is_empty()
    }

    #[test]
    fn every_spelling_of_everyone_is_open() {
        assert_eq!(
            open(
                r#"{"Statement": [
                    {"Sid": "Star", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"},
                    {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["sqs:SendMessage", "sqs:ReceiveMessage"]},
                    {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "*"]}, "Action": "sns:Publish"},
                    {"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:Decrypt"},
                    {"Effect": "Allow", "Principal": "*", "NotAction": ["kms:ScheduleKeyDeletion"]}
                ]}"#
            ),
            [
                "statement `Star`: `s3:GetObject`",
                "statement #2: `sqs:SendMessage`, `sqs:ReceiveMessage`",
                "statement #3: `sns:Publish`",
                "statement #4: `kms:Decrypt`",
                "statement #5: every action except `kms:ScheduleKeyDeletion`",
            ]
        );
        // A single statement object, and a long list of actions.
        assert_eq!(
            open(
                r#"{"Statement": {"Effect": "Allow", "Principal": "*",
                    "Action": ["a:1", "a:2", "a:3", "a:4", "a:5", "a:6", "a:7", "a:8"]}}"#
            ),
            ["statement #1: `a:1`, `a:2`, `a:3`, `a:4`, `a:5`, `a:6` and 2 more"]
        );
    }

    #[test]
    fn named_principals_denies_and_unknowns_are_not_open() {
        for policy in [
            r#"{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:*"}]}"#,
            r#"{"Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage"}]}"#,
            // The TLS-only statement of a bucket policy.
            r#"{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
                "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}"#,
            // Case matters for the effect; `NotPrincipal: *` allows nobody.
            r#"{"Statement": [{"Effect": "allow", "Principal": "*", "Action": "s3:*"}]}"#,
            r#"{"Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "*"}, "Action": "s3:*"}]}"#,
            // Unknown effect, principal, actions.
            r#"{"Statement": [{"Effect": null, "Principal": "*", "Action": "s3:*"}]}"#,
            r#"{"Statement": [{"Effect": "Allow", "Action": "s3:*"}]}"#,
            r#"{"Statement": [{"Effect": "Allow", "Principal": "*"}]}"#,
            r#"{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": []}]}"#,
        ] {
            assert!(open(policy).is_empty(), "{policy}");
        }
        let unknown = |statement: Value| {
            let document = Value::Object([("Statement".to_string(), statement)].into());
            open_statements(&document).len()
        };
        let star = || {
            Value::from_json(
                &serde_json::from_str(
                    r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}"#,
                )
                .unwrap(),
            )
        };
        assert_eq!(unknown(Value::List(vec![star()])), 1);
        for part in ["Effect", "Principal", "Action", "Condition"] {
            let mut statement = star();
            if let Value::Object(map) = &mut statement {
                map.insert(part.to_string(), Value::Unknown);
            }
            assert_eq!(unknown(Value::List(vec![statement])), 0, "{part}");
        }
        // An unknown `Resource` does not matter; an unknown statement beside may be a `Deny`.
        let mut statement = star();
        if let Value::Object(map) = &mut statement {
            map.insert("Resource".to_string(), Value::Unknown);
        }
        assert_eq!(unknown(Value::List(vec![statement])), 1);
        assert_eq!(unknown(Value::List(vec![star(), Value::Unknown])), 0);
        assert_eq!(unknown(Value::Unknown), 0);
    }

    #[test]
    fn caller_conditions_narrow_and_request_conditions_do_not() {
        // Fixed values on keys that name the caller (any case), alone or beside others.
        for narrowing in [
            r#"{"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}"#,
            r#"{"StringEquals": {"kms:CallerAccount": "111122223333", "kms:ViaService": "s3.us-east-1.amazonaws.com"}}"#,
            r#"{"ArnLike": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:*"}}"#,
            r#"{"ArnEquals": {"AWS:SourceArn": ["arn:aws:sns:us-east-1:111122223333:jobs"]}}"#,
            r#"{"stringequals": {"AWS:SourceOwner": "111122223333"}}"#,
            r#"{"StringEquals": {"aws:SourceVpce": "vpce-0a1b2c3d"}}"#,
            r#"{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}"#,
            r#"{"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/*"}}"#,
            r#"{"Bool": {"aws:SecureTransport": "true"}, "StringEquals": {"aws:PrincipalAccount": "111122223333"}}"#,
            // Not judged: another key, `IfExists`, `ForAllValues:`, a numeric test.
            r#"{"StringEquals": {"aws:VpceAccount": "111122223333"}}"#,
            r#"{"StringEqualsIfExists": {"aws:SourceAccount": "111122223333"}}"#,
            r#"{"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}"#,
            r#"{"NumericEquals": {"aws:PrincipalAccount": "111122223333"}}"#,
        ] {
            assert!(!open_with(narrowing), "{narrowing}");
        }
        for open in [
            r#"{}"#,
            r#"{"Bool": {"aws:SecureTransport": "true"}}"#,
            r#"{"StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}}"#,
            r#"{"StringLike": {"aws:Referer": "https://acme.example/*"}}"#,
            r#"{"StringEquals": {"aws:PrincipalTag/team": "payments", "s3:x-amz-acl": "bucket-owner-full-control"}}"#,
            r#"{"StringEquals": {"kms:EncryptionContext:app": "billing"}}"#,
            // Anyone but, present or not, anything.
            r#"{"StringNotEquals": {"aws:PrincipalAccount": "111122223333"}}"#,
            r#"{"Null": {"aws:PrincipalOrgID": "false"}}"#,
            r#"{"StringLike": {"aws:PrincipalArn": "*"}}"#,
            r#"{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "0.0.0.0/0"]}}"#,
        ] {
            assert!(open_with(open), "{open}");
        }
    }

    #[test]
    fn a_deny_to_outsiders_takes_the_allow_back() {
        let with_deny = |deny: &str| {
            open(&format!(
                r#"{{"Statement": [{{"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject"]}}, {deny}]}}"#
            ))
            .len()
        };
        // Everyone outside the organization, everyone but a role, everyone, or unknown.
        for taken_back in [
            r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
                "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}"#,
            r#"{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/app"}, "Action": "*"}"#,
            r#"{"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:Get*"}"#,
            r#"{"Effect": "Deny", "Principal": "*", "NotAction": "s3:PutObject"}"#,
            r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Condition": {"NumericLessThan": {"s3:max-keys": "10"}, "StringNotEquals": {"aws:SourceVpce": "vpce-1"}}}"#,
        ] {
            assert_eq!(with_deny(taken_back), 0, "{taken_back}");
        }
        // The TLS-only deny, a deny of other actions, of one account, of one principal.
        for beside in [
            r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
                "Condition": {"Bool": {"aws:SecureTransport": "false"}}}"#,
            r#"{"Effect": "Deny", "Principal": "*", "Action": ["s3:PutObject", "s3:Delete*"]}"#,
            r#"{"Effect": "Deny", "Principal": "*", "Action": "sqs:*"}"#,
            r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
                "Condition": {"StringEquals": {"aws:PrincipalAccount": "444455556666"}}}"#,
            r#"{"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "*"}"#,
        ] {
            assert_eq!(with_deny(beside), 1, "{beside}");
        }
    }

    #[test]
    fn action_patterns_overlap_when_they_may_match_one_action() {
        assert!(patterns_may_overlap("s3:GetObject", "s3:Get*"));
        assert!(patterns_may_overlap("S3:*", "s3:getobject"));
        assert!(patterns_may_overlap("s3:Get*", "s3:*Object"));
        assert!(patterns_may_overlap("*", "kms:Decrypt"));
        assert!(patterns_may_overlap("s3:Get*", "*:GetObject"));
        assert!(!patterns_may_overlap("s3:GetObject", "s3:PutObject"));
        assert!(!patterns_may_overlap("s3:Get*", "sqs:*"));
        assert!(!patterns_may_overlap("s3:GetObject", "s3:Put*"));
    }
}
