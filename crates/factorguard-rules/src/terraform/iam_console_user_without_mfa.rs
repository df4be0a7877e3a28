//! FG3089 `iam-console-user-without-mfa`: an IAM user with a console password whom no policy
//! denies access without MFA (a cross-resource check over users, groups and policies).

use super::eval::{Located, Module, Value};
use super::expand::InstanceKey;
use super::model::{Expr, Step, TemplatePart};
use super::policy_statements::{policy_document, statements, strings};
use super::vpc_flow_log_destination_unencrypted::arn_parts;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3089",
    slug: "iam-console-user-without-mfa",
    title: "IAM console user not required to use MFA",
    factor: Factor::XII,
    stride: &[Stride::Spoofing],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    // Medium, as a weak password policy (FG3056): the user may have enabled an MFA device by
    // hand, which Terraform cannot show; what is certain is that nothing enforces it.
    default_severity: Severity::Medium,
    remediation: "Attach to the user, or to a group it is in, a policy that denies every action except setting up the user's own MFA device when `aws:MultiFactorAuthPresent` is `false`.",
    spec: "XII. Admin processes — IAM: no MFA enforcement",
    references: &[
        "https://cwe.mitre.org/data/definitions/308.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_iam_mfa-selfmanage.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent",
    ],
    doc: r#"## What it does
Finds each `aws_iam_user_login_profile` (a console password for an IAM user) whose user no
MFA-enforcing policy covers, and reports it at its `user` attribute.

A policy enforces MFA when it has a statement with `"Effect": "Deny"` that
- covers every action: `"Action": "*"`, or a `NotAction` that exempts only IAM and STS actions
  (what a user needs to set up an MFA device and get an MFA session);
- on every resource: `"Resource": "*"`, or a `NotResource` of IAM ARNs only (the user's own user
  and MFA device);
- and whose `Condition` holds in a console session signed in with a password alone, where
  `aws:MultiFactorAuthPresent` is `false` and `aws:MultiFactorAuthAge` is absent:
  `BoolIfExists` or `Bool` `aws:MultiFactorAuthPresent` = `"false"`, `Null`
  `aws:MultiFactorAuthAge` = `"true"`, or any other test of these keys that holds then (an
  `...IfExists` test of `aws:MultiFactorAuthAge`, say). The statements are read from the
  evaluated policy (`jsonencode`, JSON text, or an `aws_iam_policy_document` of the module);
  other condition keys in the statement are facts of each request and do not disqualify it.

A policy covers the user when it is attached to the user (`aws_iam_user_policy`,
`aws_iam_user_policy_attachment`, `users` of `aws_iam_policy_attachment`) or to a group the user
is in (`aws_iam_group_policy`, `aws_iam_group_policy_attachment`, `groups` of
`aws_iam_policy_attachment`; membership through `aws_iam_user_group_membership` or
`aws_iam_group_membership`). Users, groups and attached policies are matched by reference
(`aws_iam_user.alice.name`, `aws_iam_policy.require_mfa.arn`, with the instance key of a
`count` / `for_each` resource) or by evaluated name and ARN. These resources are looked for in
the login profile's module instance and in the modules that call it; a user that a module call
hands to another module (an input that refers to the user or names it, or passes on the outputs
of the module the profile is in) may get its policies there and is not reported.

Nothing is reported when any link needed to decide is not known: a user name, group or policy
not known before apply, a user or group that is not a resource of these modules (its policies
may be attached elsewhere), a policy ARN that is not a resource of the module (a data source, a
variable, a literal ARN of a policy created elsewhere), a policy that cannot be evaluated
completely, a condition operator this rule does not model, or a login profile whose `count` /
`for_each` is unknown. An AWS managed policy (`arn:aws:iam::aws:policy/...`) is known: none of them denies
access without MFA, so one alone does not cover the user.

## Why is this bad?
Without MFA a console password is the only thing between the internet and everything the user
may do: a phished, reused or guessed password signs in from anywhere. An MFA device the user
enabled by hand protects the sign-in, but nothing makes a new user enable one, and Terraform
cannot see whether anyone did; a deny-without-MFA policy makes the password alone worthless.

## How to fix
Put console users in a group with the standard "deny everything but MFA self-service unless
signed in with MFA" policy: one statement allows users to manage their own MFA device and
password, another denies every other action while `aws:MultiFactorAuthPresent` is `false`
(`BoolIfExists`, so that long-term access keys, whose requests carry no MFA key, are denied too).
After enrolling a device and signing in again with it, the user gets their group's permissions.
Better still, give people access through IAM Identity Center (SSO) with MFA required, and no
IAM users.

## Example
```hcl
resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" {
  user = aws_iam_user.alice.name
}
```
Use instead:
```hcl
resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" {
  user = aws_iam_user.alice.name
}

resource "aws_iam_group" "console" {
  name = "console-users"
}

resource "aws_iam_user_group_membership" "alice" {
  user   = aws_iam_user.alice.name
  groups = [aws_iam_group.console.name]
}

data "aws_iam_policy_document" "require_mfa" {
  statement {
    sid    = "ManageOwnMfaAndPassword"
    effect = "Allow"
    actions = [
      "iam:ChangePassword",
      "iam:CreateVirtualMFADevice",
      "iam:EnableMFADevice",
      "iam:GetUser",
      "iam:ListMFADevices",
      "iam:ResyncMFADevice",
    ]
    resources = [
      "arn:aws:iam::*:mfa/&{aws:username}",
      "arn:aws:iam::*:user/&{aws:username}",
    ]
  }

  statement {
    sid    = "DenyAllElseWithoutMfa"
    effect = "Deny"
    not_actions = [
      "iam:ChangePassword",
      "iam:CreateVirtualMFADevice",
      "iam:EnableMFADevice",
      "iam:GetUser",
      "iam:ListMFADevices",
      "iam:ListVirtualMFADevices",
      "iam:ResyncMFADevice",
      "sts:GetSessionToken",
    ]
    resources = ["*"]

    condition {
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}

resource "aws_iam_group_policy" "require_mfa" {
  name   = "require-mfa"
  group  = aws_iam_group.console.name
  policy = data.aws_iam_policy_document.require_mfa.json
}
```
"#,
};

const USER: &str = "aws_iam_user";
const GROUP: &str = "aws_iam_group";

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    // The enforcing policy may be in the file that could not be parsed.
    if module.incomplete {
        return;
    }
    let profiles: Vec<Located<'_>> = module.resources("aws_iam_user_login_profile").collect();
    if profiles.is_empty() {
        return;
    }
    // The modules whose IAM resources may cover a user of this one: itself and its callers.
    let chain: Vec<&Module<'_>> = std::iter::successors(Some(module), |m| m.caller).collect();
    for profile in profiles {
        if !certainly_exists(module, &profile) {
            continue;
        }
        let Some(user_attribute) = profile.block.body.attribute("user") else {
            continue;
        };
        let user = principal(module, &user_attribute.value, USER);
        // A user created elsewhere, or handed to another module, may have policies attached
        // where this check does not look.
        if !is_resource_of(&chain, &user, USER)
            || may_be_covered(&chain, &user)
            || handed_to_another_module(&chain, &user)
        {
            continue;
        }
        super::report(
            out,
            &META,
            &profile,
            &user_attribute.loc,
            format!(
                "`{}` gives IAM user {} a console password, and no policy attached to the user or to its groups denies access without MFA: the password alone signs in with all of the user's permissions",
                profile.address(),
                user.describe()
            ),
            "",
        );
    }
}

/// Whether a resource of the module is created: a `count` or `for_each` left unexpanded because
/// its value is unknown may create none.
fn certainly_exists(module: &Module<'_>, resource: &Located<'_>) -> bool {
    let body = &resource.block.body;
    if let Some(count) = body.attribute("count") {
        if module
            .eval(&count.value)
            .as_number()
            .is_none_or(|n| n < 1.0)
        {
            return false;
        }
    }
    match body.attribute("for_each").map(|f| module.eval(&f.value)) {
        None => true,
        Some(Value::List(items)) => !items.is_empty(),
        Some(Value::Object(map)) => !map.is_empty(),
        Some(_) => false,
    }
}

/// Which IAM user or group an expression names.
#[derive(Debug, Clone, PartialEq)]
enum Principal {
    /// A user or group resource (its instance address), with its name when known.
    Resource {
        address: String,
        name: Option<String>,
    },
    /// A known name.
    Name(String),
    /// Not known before apply.
    Unknown,
}

impl Principal {
    /// Whether `self` and `other` may be one user (or group): `false` only when they are known
    /// apart. Two resources are two principals: IAM refuses a second one of the same name.
    fn may_be(&self, other: &Principal) -> bool {
        use Principal::{Name, Resource};
        match (self, other) {
            (Resource { address: a, .. }, Resource { address: b, .. }) => a == b,
            (Resource { name: Some(a), .. }, Name(b))
            | (Name(b), Resource { name: Some(a), .. })
            | (Name(a), Name(b)) => a.eq_ignore_ascii_case(b),
            // An unknown name, or a resource whose name is unknown beside a known name.
            _ => true,
        }
    }

    fn describe(&self) -> String {
        match self {
            Principal::Resource {
                name: Some(name), ..
            }
            | Principal::Name(name) => format!("`{name}`"),
            Principal::Resource { address, .. } => format!("`{address}`"),
            Principal::Unknown => "(unknown)".to_string(),
        }
    }
}

/// Whether `principal` is known to be a user or group (`resource_type`) of `chain`: a reference
/// to one, or the known name of one.
fn is_resource_of(chain: &[&Module<'_>], principal: &Principal, resource_type: &str) -> bool {
    match principal {
        Principal::Resource { .. } => true,
        Principal::Name(name) => chain.iter().any(|module| {
            module.resources(resource_type).any(|resource| {
                matches!(own_principal(module, &resource),
                    Principal::Resource { name: Some(own), .. } if own.eq_ignore_ascii_case(name))
            })
        }),
        Principal::Unknown => false,
    }
}

/// A user or group resource as a principal.
fn own_principal(module: &Module<'_>, resource: &Located<'_>) -> Principal {
    Principal::Resource {
        address: resource.address(),
        name: resource
            .block
            .body
            .attribute("name")
            .and_then(|name| module.eval(&name.value).to_text()),
    }
}

/// `"${x}"` is `x`.
fn unwrapped(expr: &Expr) -> &Expr {
    match expr {
        Expr::Template(parts) => match parts.as_slice() {
            [TemplatePart::Interpolation(inner)] => unwrapped(inner),
            _ => expr,
        },
        _ => expr,
    }
}

/// The instances of `resource_type` that `expr` (`<type>.<name>[<key>].<attribute>`) may point
/// at, and the attribute it reads; `None` when it is no reference to that type.
fn referenced<'a, 'e>(
    module: &Module<'a>,
    expr: &'e Expr,
    resource_type: &str,
) -> Option<(Vec<Located<'a>>, Option<&'e str>)> {
    let Expr::Reference { root, steps } = unwrapped(expr) else {
        return None;
    };
    if root != resource_type {
        return None;
    }
    let [Step::Attr(name), rest @ ..] = steps.as_slice() else {
        return None;
    };
    let mut candidates: Vec<Located<'a>> = module
        .resources(resource_type)
        .filter(|r| r.name() == name)
        .collect();
    let rest = match rest {
        [Step::Index(index), rest @ ..] => {
            let key = match module.eval(index) {
                Value::Number(n) if n >= 0.0 && n.fract() == 0.0 => {
                    Some(InstanceKey::Index(n as usize))
                }
                Value::String(key) => Some(InstanceKey::Key(key)),
                _ => None,
            };
            if let Some(key) = key {
                // An instance of an unexpanded `count` / `for_each` may be the one.
                candidates.retain(|c| {
                    c.block.address.is_none()
                        || c.address()
                            == format!("{}{resource_type}.{name}{}", c.scope.prefix, key.suffix())
                });
            }
            rest
        }
        rest => rest,
    };
    let attribute = match rest.first() {
        Some(Step::Attr(attribute)) => Some(attribute.as_str()),
        _ => None,
    };
    Some((candidates, attribute))
}

/// The user or group (`resource_type`) that `expr` names, as evaluated in `module`.
fn principal(module: &Module<'_>, expr: &Expr, resource_type: &str) -> Principal {
    if let Some((candidates, attribute)) = referenced(module, expr, resource_type) {
        // A user's or group's `id` is its name.
        return match (candidates.as_slice(), attribute) {
            ([one], Some("name" | "id")) => own_principal(module, one),
            _ => Principal::Unknown,
        };
    }
    module
        .eval(expr)
        .to_text()
        .map_or(Principal::Unknown, Principal::Name)
}

/// The principal a required attribute names; a missing one is unknown.
fn attribute_principal(
    module: &Module<'_>,
    resource: &Located<'_>,
    attribute: &str,
    resource_type: &str,
) -> Principal {
    resource
        .block
        .body
        .attribute(attribute)
        .map_or(Principal::Unknown, |a| {
            principal(module, &a.value, resource_type)
        })
}

/// The principals a list attribute names (`users`, `groups`); a missing one names none.
fn attribute_principals(
    module: &Module<'_>,
    resource: &Located<'_>,
    attribute: &str,
    resource_type: &str,
) -> Vec<Principal> {
    let Some(list) = resource.block.body.attribute(attribute) else {
        return Vec::new();
    };
    match unwrapped(&list.value) {
        Expr::Array(items) => items
            .iter()
            .map(|item| principal(module, item, resource_type))
            .collect(),
        other => match module.eval(other) {
            Value::List(items) => items
                .iter()
                .map(|item| item.to_text().map_or(Principal::Unknown, Principal::Name))
                .collect(),
            Value::Null => Vec::new(),
            _ => vec![Principal::Unknown],
        },
    }
}

/// Whether a module call of `chain` hands `user` to a module whose resources this check does not
/// see, which may attach policies to it: an input refers to the user or names it, or passes on
/// the outputs of the module the profile is in. The call that leads to that module is the one
/// whose resources are `chain`'s.
fn handed_to_another_module(chain: &[&Module<'_>], user: &Principal) -> bool {
    let (address, name) = match user {
        Principal::Resource { address, name } => (Some(address.as_str()), name.as_deref()),
        Principal::Name(name) => (None, Some(name.as_str())),
        Principal::Unknown => (None, None),
    };
    for (depth, module) in chain.iter().enumerate() {
        let below = depth
            .checked_sub(1)
            .and_then(|below| chain[below].blocks.first())
            .map(|block| block.scope.prefix.as_str());
        let calls: Vec<(&str, &Located<'_>)> = module
            .blocks
            .iter()
            .filter(|block| block.block.kind == "module")
            .map(|call| (call.block.labels.first().map_or("", String::as_str), call))
            .collect();
        let down = calls.iter().find_map(|(label, call)| {
            let prefix = format!("{}module.{label}", call.scope.prefix);
            below
                .and_then(|below| below.strip_prefix(prefix.as_str()))
                .is_some_and(|rest| rest.starts_with(['.', '[']))
                .then_some(*label)
        });
        for (label, call) in &calls {
            if Some(*label) == down {
                continue;
            }
            for input in &call.block.body.attributes {
                if input.name == "source" || input.name == "version" {
                    continue;
                }
                let mut mentions = false;
                input.value.for_each_reference(&mut |root, steps| {
                    let Some(Step::Attr(target)) = steps.first() else {
                        return;
                    };
                    mentions |= match root {
                        "aws_iam_user" => address.is_some_and(|address| {
                            let own = format!("{}aws_iam_user.{target}", call.scope.prefix);
                            address
                                .strip_prefix(own.as_str())
                                .is_some_and(|rest| rest.is_empty() || rest.starts_with('['))
                        }),
                        "module" => down == Some(target.as_str()),
                        _ => false,
                    };
                });
                if mentions
                    || name.is_some_and(|name| mentions_name(&module.eval(&input.value), name))
                {
                    return true;
                }
            }
        }
    }
    false
}

/// Whether a string of `value`, at any depth, is `name` (IAM names ignore case).
fn mentions_name(value: &Value, name: &str) -> bool {
    match value {
        Value::String(text) => text.eq_ignore_ascii_case(name),
        Value::List(items) => items.iter().any(|item| mentions_name(item, name)),
        Value::Object(map) => map.values().any(|item| mentions_name(item, name)),
        _ => false,
    }
}

/// Whether a policy of `chain` may cover `user`, directly or through a group it may be in.
fn may_be_covered(chain: &[&Module<'_>], user: &Principal) -> bool {
    let names_user = |module: &Module<'_>, resource: &Located<'_>| {
        attribute_principal(module, resource, "user", USER).may_be(user)
    };
    let lists_user = |module: &Module<'_>, resource: &Located<'_>| {
        attribute_principals(module, resource, "users", USER)
            .iter()
            .any(|u| u.may_be(user))
    };
    let mut groups = Vec::new();
    for module in chain {
        for policy in module.resources("aws_iam_user_policy") {
            if names_user(module, &policy) && inline_may_enforce(module, &policy) {
                return true;
            }
        }
        for attachment in module.resources("aws_iam_user_policy_attachment") {
            if names_user(module, &attachment) && attached_may_enforce(module, &attachment) {
                return true;
            }
        }
        for attachment in module.resources("aws_iam_policy_attachment") {
            if lists_user(module, &attachment) && attached_may_enforce(module, &attachment) {
                return true;
            }
        }
        for membership in module.resources("aws_iam_user_group_membership") {
            if names_user(module, &membership) {
                groups.extend(attribute_principals(module, &membership, "groups", GROUP));
            }
        }
        for membership in module.resources("aws_iam_group_membership") {
            if lists_user(module, &membership) {
                groups.push(attribute_principal(module, &membership, "group", GROUP));
            }
        }
    }
    // A group created elsewhere may have policies attached elsewhere.
    groups
        .iter()
        .any(|group| !is_resource_of(chain, group, GROUP))
        || chain
            .iter()
            .any(|module| group_may_be_covered(module, &groups))
}

/// Whether a policy of `module` attached to a group may cover one of `groups`.
fn group_may_be_covered(module: &Module<'_>, groups: &[Principal]) -> bool {
    let names_group = |resource: &Located<'_>| {
        let group = attribute_principal(module, resource, "group", GROUP);
        groups.iter().any(|g| g.may_be(&group))
    };
    module
        .resources("aws_iam_group_policy")
        .any(|policy| names_group(&policy) && inline_may_enforce(module, &policy))
        || module
            .resources("aws_iam_group_policy_attachment")
            .any(|attachment| names_group(&attachment) && attached_may_enforce(module, &attachment))
        || module
            .resources("aws_iam_policy_attachment")
            .any(|attachment| {
                attribute_principals(module, &attachment, "groups", GROUP)
                    .iter()
                    .any(|group| groups.iter().any(|g| g.may_be(group)))
                    && attached_may_enforce(module, &attachment)
            })
}

/// Whether the `policy` of an inline policy or an `aws_iam_policy` may enforce MFA.
fn inline_may_enforce(module: &Module<'_>, policy: &Located<'_>) -> bool {
    policy
        .block
        .body
        .attribute("policy")
        .is_none_or(|p| document_may_enforce(&module.eval(&p.value)))
}

/// Whether the policy an attachment's `policy_arn` names may enforce MFA.
fn attached_may_enforce(module: &Module<'_>, attachment: &Located<'_>) -> bool {
    let Some(arn) = attachment.block.body.attribute("policy_arn") else {
        return true;
    };
    if let Some((candidates, _)) = referenced(module, &arn.value, "aws_iam_policy") {
        return match candidates.as_slice() {
            [policy] => inline_may_enforce(module, policy),
            _ => true,
        };
    }
    let Some(arn) = module.eval(&arn.value).to_text() else {
        return true;
    };
    let Some(("iam", "", account, resource)) = arn_parts(&arn) else {
        return true;
    };
    // No AWS managed policy denies access without MFA.
    if account == "aws" {
        return false;
    }
    // A policy of the module with this path and name; any other ARN is not known here.
    module
        .resources("aws_iam_policy")
        .find(|policy| {
            policy_arn_resource(module, policy)
                .is_some_and(|own| own.eq_ignore_ascii_case(resource))
        })
        .is_none_or(|policy| inline_may_enforce(module, &policy))
}

/// `policy/<path><name>`, the resource part of an `aws_iam_policy`'s ARN, when known.
fn policy_arn_resource(module: &Module<'_>, policy: &Located<'_>) -> Option<String> {
    let body = &policy.block.body;
    let name = module.eval(&body.attribute("name")?.value).to_text()?;
    let path = match body.attribute("path") {
        None => "/".to_string(),
        Some(path) => module.eval(&path.value).to_text()?,
    };
    Some(format!("policy{path}{name}"))
}

/// Whether a policy document may deny a password-only console session: `false` only for a
/// document known completely in which no statement does.
fn document_may_enforce(value: &Value) -> bool {
    policy_document(value).is_none_or(|document| {
        statements(&document)
            .into_iter()
            .any(statement_may_enforce_mfa)
    })
}

/// A `Deny` of every action on every resource whose condition may hold without MFA.
fn statement_may_enforce_mfa(statement: &Value) -> bool {
    statement.get("Effect").as_str() == Some("Deny")
        && denies_every_action(statement)
        && on_every_resource(statement)
        && condition_may_hold_without_mfa(statement.get("Condition"))
}

fn is_all_wildcard(pattern: &str) -> bool {
    !pattern.is_empty() && pattern.chars().all(|c| c == '*')
}

/// `Action` `*`, or a `NotAction` that exempts only what MFA self-service needs (IAM and STS).
fn denies_every_action(statement: &Value) -> bool {
    match statement.get("NotAction") {
        Value::Null => strings(statement.get("Action"))
            .into_iter()
            .any(is_all_wildcard),
        exempt => strings(exempt).into_iter().all(|action| {
            let action = action.to_ascii_lowercase();
            action.starts_with("iam:") || action.starts_with("sts:")
        }),
    }
}

/// `Resource` `*`, or a `NotResource` that exempts only IAM resources (the user's own).
fn on_every_resource(statement: &Value) -> bool {
    match statement.get("NotResource") {
        Value::Null => strings(statement.get("Resource"))
            .into_iter()
            .any(is_all_wildcard),
        exempt => strings(exempt)
            .into_iter()
            .all(|resource| matches!(arn_parts(resource), Some(("iam", ..)))),
    }
}

/// Whether a statement's condition tests MFA and may hold in a console session signed in with a
/// password alone. Tests of other keys are decided request by request, so they are not held
/// against the statement.
fn condition_may_hold_without_mfa(condition: &Value) -> bool {
    let Value::Object(operators) = condition else {
        return false;
    };
    let mut tests_mfa = false;
    for (operator, tests) in operators {
        let Value::Object(tests) = tests else {
            continue;
        };
        for (key, values) in tests {
            let Some(context) = mfa_context(key) else {
                continue;
            };
            tests_mfa = true;
            if test_holds(operator, context, values) == Some(false) {
                return false;
            }
        }
    }
    tests_mfa
}

/// The value an MFA condition key has in a password-only console session: `Some(Some("false"))`
/// for `aws:MultiFactorAuthPresent`, `Some(None)` (absent) for `aws:MultiFactorAuthAge`, `None`
/// for any other key. Condition keys are case-insensitive.
fn mfa_context(key: &str) -> Option<Option<&'static str>> {
    if key.eq_ignore_ascii_case("aws:MultiFactorAuthPresent") {
        Some(Some("false"))
    } else if key.eq_ignore_ascii_case("aws:MultiFactorAuthAge") {
        Some(None)
    } else {
        None
    }
}

/// Whether one condition test holds when its key is `context` (`None`: absent from the
/// request); `None` for an operator this rule does not model.
fn test_holds(operator: &str, context: Option<&str>, values: &Value) -> Option<bool> {
    let values: Vec<String> = match values {
        Value::List(items) => items.iter().map(Value::to_text).collect::<Option<_>>()?,
        single => vec![single.to_text()?],
    };
    let (qualifier, operator) = match operator.split_once(':') {
        Some((qualifier, operator)) => (Some(qualifier), operator),
        None => (None, operator),
    };
    if operator == "Null" {
        // `"true"` asks for the key to be absent, `"false"` for it to be present.
        let wanted = if context.is_none() { "true" } else { "false" };
        return Some(values.iter().any(|v| v.eq_ignore_ascii_case(wanted)));
    }
    let (base, if_exists) = match operator.strip_suffix("IfExists") {
        Some(base) => (base, true),
        None => (operator, false),
    };
    let negated = base.contains("Not");
    let Some(context) = context else {
        // An absent key: `...IfExists` holds, `ForAllValues` holds vacuously, `ForAnyValue`
        // finds nothing, and a negated operator holds because nothing matches.
        return match (if_exists, qualifier) {
            (true, _) => Some(true),
            (false, Some("ForAllValues")) => Some(true),
            (false, Some("ForAnyValue")) => Some(false),
            (false, None) => Some(negated),
            (false, Some(_)) => None,
        };
    };
    if !matches!(qualifier, None | Some("ForAllValues" | "ForAnyValue")) {
        return None;
    }
    // Over a key with one value, the set qualifiers compare like the plain operator.
    let matches = |value: &str| match base {
        "Bool" | "StringEqualsIgnoreCase" | "StringNotEqualsIgnoreCase" => {
            Some(value.eq_ignore_ascii_case(context))
        }
        "StringEquals" | "StringNotEquals" => Some(value == context),
        _ => None,
    };
    let mut any = false;
    for value in &values {
        any |= matches(value)?;
    }
    Some(any != negated)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Value {
        Value::from_json(&serde_json::from_str(text).unwrap())
    }

    fn enforces(statement: &str) -> bool {
        statement_may_enforce_mfa(&json(statement))
    }

    #[test]
    fn the_standard_deny_without_mfa_statements_enforce_mfa() {
        assert!(enforces(
            r#"{"Effect": "Deny", "NotAction": ["iam:EnableMFADevice", "sts:GetSessionToken"],
                "Resource": "*",
                "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}"#
        ));
        assert!(enforces(
            r#"{"Effect": "Deny", "Action": "*", "Resource": ["*"],
                "Condition": {"Bool": {"aws:multifactorauthpresent": false}}}"#
        ));
        assert!(enforces(
            r#"{"Effect": "Deny", "Action": ["*"], "Resource": "*",
                "Condition": {"Null": {"aws:MultiFactorAuthAge": "true"}}}"#
        ));
        // Absent in a password-only session, so an `...IfExists` test of the age holds.
        assert!(enforces(
            r#"{"Effect": "Deny", "Action": "*", "Resource": "*",
                "Condition": {"NumericGreaterThanIfExists": {"aws:MultiFactorAuthAge": "3600"}}}"#
        ));
        // Another key is decided per request; a `NotResource` of the user's own IAM ARNs.
        assert!(enforces(
            r#"{"Effect": "Deny", "Action": "*",
                "NotResource": ["arn:aws:iam::*:user/${aws:username}"],
                "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": ["false"]},
                              "StringEquals": {"aws:RequestedRegion": "eu-west-1"}}}"#
        ));
        assert!(enforces(
            r#"{"Effect": "Deny", "Action": "*", "Resource": "*",
                "Condition": {"StringNotEquals": {"aws:MultiFactorAuthPresent": "true"}}}"#
        ));
    }

    #[test]
    fn statements_that_leave_a_password_only_session_alone_do_not() {
        // Allow, not Deny.
        assert!(!enforces(
            r#"{"Effect": "Allow", "Action": "*", "Resource": "*",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}"#
        ));
        // Denies only with MFA.
        assert!(!enforces(
            r#"{"Effect": "Deny", "Action": "*", "Resource": "*",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}"#
        ));
        assert!(!enforces(
            r#"{"Effect": "Deny", "Action": "*", "Resource": "*",
                "Condition": {"Null": {"aws:MultiFactorAuthAge": "false"}}}"#
        ));
        // A present key with value false: `BoolIfExists` "true" does not hold.
        assert!(!enforces(
            r#"{"Effect": "Deny", "Action": "*", "Resource": "*",
                "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}}"#
        ));
        // An absent key fails a plain comparison.
        assert!(!enforces(
            r#"{"Effect": "Deny", "Action": "*", "Resource": "*",
                "Condition": {"NumericGreaterThan": {"aws:MultiFactorAuthAge": "3600"}}}"#
        ));
        // Some actions or some resources only.
        assert!(!enforces(
            r#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*",
                "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}"#
        ));
        assert!(!enforces(
            r#"{"Effect": "Deny", "NotAction": ["iam:*", "s3:*"], "Resource": "*",
                "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}"#
        ));
        assert!(!enforces(
            r#"{"Effect": "Deny", "Action": "*", "Resource": "arn:aws:s3:::reports/*",
                "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}"#
        ));
        // No MFA test at all.
        assert!(!enforces(
            r#"{"Effect": "Deny", "Action": "*", "Resource": "*"}"#
        ));
        assert!(!enforces(
            r#"{"Effect": "Deny", "Action": "*", "Resource": "*",
                "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}}"#
        ));
    }

    #[test]
    fn an_operator_not_modelled_may_enforce() {
        assert!(enforces(
            r#"{"Effect": "Deny", "Action": "*", "Resource": "*",
                "Condition": {"StringLike": {"aws:MultiFactorAuthPresent": "f*"}}}"#
        ));
        assert_eq!(
            test_holds("StringLike", Some("false"), &Value::String("f*".into())),
            None
        );
    }

    #[test]
    fn absent_keys_follow_the_iam_rules() {
        let one = Value::String("1".into());
        assert_eq!(test_holds("NumericLessThan", None, &one), Some(false));
        assert_eq!(test_holds("NumericNotEquals", None, &one), Some(true));
        assert_eq!(
            test_holds("NumericLessThanIfExists", None, &one),
            Some(true)
        );
        assert_eq!(
            test_holds("ForAllValues:StringEquals", None, &one),
            Some(true)
        );
        assert_eq!(
            test_holds("ForAnyValue:StringEquals", None, &one),
            Some(false)
        );
    }

    #[test]
    fn principals_are_told_apart_only_when_known() {
        let alice = Principal::Resource {
            address: "aws_iam_user.alice".into(),
            name: Some("alice".into()),
        };
        let unnamed = Principal::Resource {
            address: "aws_iam_user.bob".into(),
            name: None,
        };
        assert!(alice.may_be(&Principal::Name("Alice".into())));
        assert!(!alice.may_be(&Principal::Name("carol".into())));
        assert!(!alice.may_be(&unnamed));
        assert!(unnamed.may_be(&Principal::Name("carol".into())));
        assert!(alice.may_be(&Principal::Unknown));
        assert!(!Principal::Name("a".into()).may_be(&Principal::Name("b".into())));
    }
}
