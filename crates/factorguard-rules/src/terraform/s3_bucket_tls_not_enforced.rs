//! FG3040 `s3-bucket-tls-not-enforced`: a bucket whose policy does not deny requests made
//! without TLS (a cross-resource check).

use super::eval::{Located, Module, Value};
use super::model::Expr;
use super::s3_bucket_companion::{companions, for_bucket};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3040",
    slug: "s3-bucket-tls-not-enforced",
    title: "S3 bucket policy does not deny requests without TLS",
    factor: Factor::IV,
    stride: &[Stride::InformationDisclosure, Stride::Tampering],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::Medium,
    remediation: "Add to the bucket's policy a `Deny` of `s3:*` for every principal with the condition `Bool` `aws:SecureTransport` = `false`.",
    spec: "IV. Backing services — TLS on every connection",
    references: &[
        "https://cwe.mitre.org/data/definitions/319.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit",
    ],
    doc: r#"## What it does
Finds `aws_s3_bucket` resources whose bucket policy — the `aws_s3_bucket_policy` resources of the
same module that point at the bucket (by reference or by the same literal name), or the inline
`policy` of the bucket — has no statement that denies requests without TLS: `"Effect": "Deny"`,
every principal (`"*"` or `{"AWS": "*"}`), the actions `s3:*` (or `*`), and the condition
`{"Bool": {"aws:SecureTransport": "false"}}`. A bucket with no policy at all is reported at its
header; a policy without the statement is reported at its `policy` attribute. Policies written
with `jsonencode({...})`, heredoc JSON or a string are evaluated (an unknown `Resource`, such as
the bucket's ARN, does not matter), and so is the `json` of an `aws_iam_policy_document` of the
module, rendered as the AWS provider renders it; a policy whose statements cannot be evaluated
(a document with any unknown value, such as the bucket's ARN, another data source, an unknown
variable), or a policy resource whose `bucket` is unknown, is not reported.

## Why is this bad?
S3 answers plain HTTP as well as HTTPS. A client configured with an `http://` endpoint, a proxy
that downgrades, or a misconfigured SDK sends credentials-signed requests and object contents in
clear text, where they can be read and altered on the way. Only the bucket policy can make S3
refuse such requests.

## How to fix
Give every bucket a policy with the TLS-only deny statement; with `s3:TlsVersion` a minimum TLS
version can be required as well.

## Example
```hcl
resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}
```
Use instead:
```hcl
resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

resource "aws_s3_bucket_policy" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.uploads.arn, "${aws_s3_bucket.uploads.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
```
"#,
};

/// What a policy attribute says about TLS.
enum Verdict {
    DeniesPlainText,
    AllowsPlainText,
    Unknown,
}

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    let policies = companions(module, "aws_s3_bucket_policy");
    for bucket in module.resources("aws_s3_bucket") {
        let (found, uncertain) = for_bucket(module, &bucket, &policies);
        let mut attached: Vec<Located<'_>> = found.into_iter().copied().collect();
        if bucket.block.body.attribute("policy").is_some() {
            attached.push(bucket);
        }
        if attached.is_empty() {
            if !uncertain && !module.may_be_elsewhere(&bucket) {
                super::report(
                    out,
                    &META,
                    &bucket,
                    &bucket.block.header,
                    format!(
                        "`{}` has no bucket policy: S3 accepts its requests over plain HTTP",
                        bucket.address()
                    ),
                    "",
                );
            }
            continue;
        }
        let verdicts: Vec<Verdict> = attached.iter().map(|p| verdict(module, p)).collect();
        let enforced_or_unknown = verdicts
            .iter()
            .any(|v| matches!(v, Verdict::DeniesPlainText | Verdict::Unknown));
        if enforced_or_unknown || uncertain {
            continue;
        }
        let policy = &attached[0];
        let Some(attribute) = policy.block.body.attribute("policy") else {
            continue;
        };
        super::report(
            out,
            &META,
            policy,
            &attribute.loc,
            format!(
                "the policy of `{}` has no `Deny` on `aws:SecureTransport = false`: S3 accepts its requests over plain HTTP",
                bucket.address()
            ),
            "",
        );
    }
}

fn verdict(module: &Module<'_>, policy: &Located<'_>) -> Verdict {
    let Some(attribute) = policy.block.body.attribute("policy") else {
        return Verdict::AllowsPlainText;
    };
    // `jsonencode({...})` is evaluated as the object, so an unknown `Resource` (a bucket ARN
    // known only after apply) leaves the statements that matter readable.
    let value = match &attribute.value {
        Expr::Call { name, args } if name == "jsonencode" && args.len() == 1 => {
            module.eval(&args[0])
        }
        other => module.eval(other),
    };
    let document = match &value {
        Value::String(text) => match serde_json::from_str(text) {
            Ok(json) => Value::from_json(&json),
            Err(_) => return Verdict::Unknown,
        },
        Value::Object(_) => value,
        _ => return Verdict::Unknown,
    };
    let statements: Vec<&Value> = match document.get("Statement") {
        Value::List(statements) => statements.iter().collect(),
        statement @ Value::Object(_) => vec![statement],
        Value::Null => Vec::new(),
        _ => return Verdict::Unknown,
    };
    let mut unknown = false;
    for statement in statements {
        if denies_plain_text(statement) {
            return Verdict::DeniesPlainText;
        }
        unknown |= ["Effect", "Principal", "Action", "Condition"]
            .iter()
            .any(|field| statement.get(field).has_unknown());
    }
    if unknown {
        Verdict::Unknown
    } else {
        Verdict::AllowsPlainText
    }
}

fn denies_plain_text(statement: &Value) -> bool {
    statement.get("Effect").as_str() == Some("Deny")
        && every_principal(statement.get("Principal"))
        && any_of(statement.get("Action"), |a| a == "*" || a == "s3:*")
        && secure_transport_false(statement.get("Condition"))
}

fn every_principal(principal: &Value) -> bool {
    match principal {
        Value::String(p) => p == "*",
        Value::Object(_) => any_of(principal.get("AWS"), |p| p == "*"),
        _ => false,
    }
}

/// A string or a list of strings, one of which matches.
fn any_of(value: &Value, matches: impl Fn(&str) -> bool) -> bool {
    match value {
        Value::String(s) => matches(s),
        Value::List(items) => items.iter().filter_map(Value::as_str).any(matches),
        _ => false,
    }
}

/// `{"Bool": {"aws:SecureTransport": "false"}}`; condition operators and keys are
/// case-insensitive in IAM.
fn secure_transport_false(condition: &Value) -> bool {
    let Value::Object(operators) = condition else {
        return false;
    };
    operators
        .iter()
        .filter(|(operator, _)| operator.eq_ignore_ascii_case("Bool"))
        .any(|(_, keys)| {
            let Value::Object(keys) = keys else {
                return false;
            };
            keys.iter()
                .filter(|(key, _)| key.eq_ignore_ascii_case("aws:SecureTransport"))
                .any(|(_, value)| match value {
                    Value::List(items) => items.iter().any(|i| i.as_bool() == Some(false)),
                    other => other.as_bool() == Some(false),
                })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(json: &str) -> Value {
        Value::from_json(&serde_json::from_str(json).unwrap())
    }

    #[test]
    fn the_tls_only_deny_is_recognised_in_its_usual_spellings() {
        assert!(denies_plain_text(&statement(
            r#"{"Effect":"Deny","Principal":"*","Action":"s3:*",
                "Condition":{"Bool":{"aws:SecureTransport":"false"}}}"#
        )));
        assert!(denies_plain_text(&statement(
            r#"{"Effect":"Deny","Principal":{"AWS":["*"]},"Action":["s3:*"],
                "Condition":{"bool":{"aws:securetransport":[false]}}}"#
        )));
    }

    #[test]
    fn partial_denies_do_not_count() {
        // Only one action, one principal, or the opposite condition.
        assert!(!denies_plain_text(&statement(
            r#"{"Effect":"Deny","Principal":"*","Action":"s3:GetObject",
                "Condition":{"Bool":{"aws:SecureTransport":"false"}}}"#
        )));
        assert!(!denies_plain_text(&statement(
            r#"{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:*",
                "Condition":{"Bool":{"aws:SecureTransport":"false"}}}"#
        )));
        assert!(!denies_plain_text(&statement(
            r#"{"Effect":"Allow","Principal":"*","Action":"s3:*",
                "Condition":{"Bool":{"aws:SecureTransport":"true"}}}"#
        )));
    }
}
