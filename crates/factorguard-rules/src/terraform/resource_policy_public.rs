//! FG3088 `resource-policy-public`: a resource policy (S3, SNS, SQS, OpenSearch, ECR, Secrets
//! Manager) or a Lambda permission that lets anyone in.

use super::eval::{Located, Module, Value};
use super::model::{Body, Expr};
use super::policy_statements::{open_statements, resource_policy};
use super::s3_bucket_companion::{companions, names_bucket, target, Target};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3088",
    slug: "resource-policy-public",
    title: "Resource policy lets anyone in",
    factor: Factor::IV,
    stride: &[Stride::InformationDisclosure, Stride::Tampering],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::High,
    remediation: "Name the principals (accounts, roles, service principals) the resource serves, or add a condition on `aws:SourceArn`, `aws:SourceAccount` or `aws:PrincipalOrgID`.",
    spec: "IV. Backing services — stores and queues publicly reachable (resource policies open to everyone)",
    references: &[
        "https://cwe.mitre.org/data/definitions/732.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
    ],
    doc: r#"## What it does
Evaluates the resource policies of backing services — `aws_s3_bucket_policy` (and the inline
`policy` of `aws_s3_bucket`), `aws_sns_topic` / `aws_sns_topic_policy`, `aws_sqs_queue` /
`aws_sqs_queue_policy`, `aws_opensearch_domain` / `aws_opensearch_domain_policy`,
`aws_elasticsearch_domain` / `aws_elasticsearch_domain_policy` (`access_policies`),
`aws_ecr_repository_policy`, `aws_secretsmanager_secret` / `aws_secretsmanager_secret_policy` —
written with `jsonencode({...})`, heredoc or string JSON, or as the `json` of an
`aws_iam_policy_document` of the module, and finds `Allow` statements whose `Principal` is `"*"`
or has `"AWS": "*"` (alone or in a list), or that use `NotPrincipal`, with no condition that
narrows who the caller is. Each is reported at the policy attribute with the service, the
statement (`Sid`, or `statement #2` by position) and the actions it opens. It also finds
`aws_lambda_permission` resources with `principal = "*"` and none of `source_arn`,
`source_account`, `principal_org_id`, at `principal`.

Conditions are judged as in FG3087: a fixed value on a key that names the caller
(`aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalArn`,
`aws:userid`, `aws:SourceAccount`, `aws:SourceArn`, `aws:SourceOwner`, `aws:SourceOrgID`,
`aws:SourceOrgPaths`, `aws:SourceVpc`, `aws:SourceVpce`, `aws:SourceIp` other than
`0.0.0.0/0`, `kms:CallerAccount`, `s3:DataAccessPointAccount`, `s3:DataAccessPointArn`) with a
positive operator narrows; a negated operator, `Null` or a wildcard-only value on those keys does
not, nor do keys about the request (`aws:SecureTransport`, `aws:Referer`, `aws:UserAgent`,
`aws:PrincipalTag/*`, `s3:prefix`, `s3:x-amz-acl`, tags, time, MFA…). Any other key or operator
(`...IfExists`, `ForAllValues:`) is taken as narrowing. A `Deny` with `"Principal": "*"` — the
TLS-only statement of a bucket policy — is not an opening, and a statement is not reported when a
`Deny` of the same policy may take its actions back from callers outside a fixed set.

Where the service itself keeps the resource private, nothing is reported: a bucket whose
`aws_s3_bucket_public_access_block` (or the module's `aws_s3_account_public_access_block`) has
`restrict_public_buckets = true`, an OpenSearch / Elasticsearch domain in a VPC (`vpc_options`)
or with fine-grained access control on and anonymous access off, an
`aws_secretsmanager_secret_policy` with `block_public_policy = true` (AWS refuses the policy). An
unknown effect, principal, action or condition, a policy known only as a whole after apply (heredoc
with an unknown interpolation, an `aws_iam_policy_document` with an unknown value), an unknown
bucket or domain that might be the protected one, and an unknown `principal` or source of a Lambda
permission, are not reported.

## Why is this bad?
A resource policy applies to callers of every AWS account, and with a wildcard principal to
anonymous requests too (S3, OpenSearch): anyone who learns the bucket, queue, topic, domain,
repository or secret name can read its data, inject messages or documents, pull its images, read
the secret or invoke the function, as far as the actions go. A backing service is meant for the
application that owns it.

## How to fix
Name the principals that need access — the application's role, a partner account, a service
principal with `aws:SourceArn` / `aws:SourceAccount` — or, for "everyone in my organization", add
`aws:PrincipalOrgID`. Serve public content through CloudFront with origin access control rather
than a public bucket policy. A bucket that is public on purpose (a static website) is still
reported, since it is public: accept it with a reason and an expiry, on the line before `policy`:
`# factorguard:ignore[FG3088] reason="public website assets" until=2027-06-30`.

## Example
```hcl
resource "aws_sqs_queue_policy" "jobs" {
  queue_url = aws_sqs_queue.jobs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.jobs.arn
    }]
  })
}
```
Use instead:
```hcl
resource "aws_sqs_queue_policy" "jobs" {
  queue_url = aws_sqs_queue.jobs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.jobs.arn
      Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.jobs.arn } }
    }]
  })
}
```
"#,
};

/// A resource type with a resource policy: its attribute and the service, for messages.
struct PolicyHolder {
    resource_type: &'static str,
    attribute: &'static str,
    service: &'static str,
}

const fn holder(
    resource_type: &'static str,
    attribute: &'static str,
    service: &'static str,
) -> PolicyHolder {
    PolicyHolder {
        resource_type,
        attribute,
        service,
    }
}

const POLICY_HOLDERS: [PolicyHolder; 13] = [
    holder("aws_s3_bucket_policy", "policy", "S3 bucket"),
    holder("aws_s3_bucket", "policy", "S3 bucket"),
    holder("aws_sns_topic", "policy", "SNS topic"),
    holder("aws_sns_topic_policy", "policy", "SNS topic"),
    holder("aws_sqs_queue", "policy", "SQS queue"),
    holder("aws_sqs_queue_policy", "policy", "SQS queue"),
    holder(
        "aws_opensearch_domain",
        "access_policies",
        "OpenSearch domain",
    ),
    holder(
        "aws_opensearch_domain_policy",
        "access_policies",
        "OpenSearch domain",
    ),
    holder(
        "aws_elasticsearch_domain",
        "access_policies",
        "Elasticsearch domain",
    ),
    holder(
        "aws_elasticsearch_domain_policy",
        "access_policies",
        "Elasticsearch domain",
    ),
    holder("aws_ecr_repository_policy", "policy", "ECR repository"),
    holder(
        "aws_secretsmanager_secret",
        "policy",
        "Secrets Manager secret",
    ),
    holder(
        "aws_secretsmanager_secret_policy",
        "policy",
        "Secrets Manager secret",
    ),
];

const DOMAIN_TYPES: [&str; 2] = ["aws_opensearch_domain", "aws_elasticsearch_domain"];

/// The arguments of `aws_lambda_permission` that tie a `"*"` principal to one source.
const LAMBDA_SOURCES: [&str; 3] = ["source_arn", "source_account", "principal_org_id"];

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for holder in &POLICY_HOLDERS {
        for resource in module.resources(holder.resource_type) {
            let Some(attribute) = resource.block.body.attribute(holder.attribute) else {
                continue;
            };
            let Some(document) = resource_policy(module, &attribute.value) else {
                continue;
            };
            let open = open_statements(&document);
            if open.is_empty() || kept_private(module, &resource) {
                continue;
            }
            for statement in open {
                super::report(
                    out,
                    &META,
                    &resource,
                    &attribute.loc,
                    format!(
                        "`{}` opens the {} to everyone: its {} allows {} to any principal, with no condition that narrows who the caller is",
                        resource.address(),
                        holder.service,
                        statement.label,
                        statement.actions
                    ),
                    &statement.detail,
                );
            }
        }
    }
    for permission in module.resources("aws_lambda_permission") {
        check_lambda_permission(module, &permission, out);
    }
}

/// Whether the service keeps the resource private whatever its policy says, or may.
fn kept_private(module: &Module<'_>, resource: &Located<'_>) -> bool {
    match resource.resource_type() {
        "aws_s3_bucket" | "aws_s3_bucket_policy" => public_buckets_restricted(module, resource),
        "aws_opensearch_domain" | "aws_elasticsearch_domain" => {
            domain_reachable_by_anyone(module, resource) != Some(true)
        }
        "aws_opensearch_domain_policy" | "aws_elasticsearch_domain_policy" => {
            policy_domain(module, resource)
                .and_then(|domain| domain_reachable_by_anyone(module, &domain))
                != Some(true)
        }
        // AWS refuses a policy that grants broad access.
        "aws_secretsmanager_secret_policy" => {
            flag_may_be_on(module, &resource.block.body, "block_public_policy")
        }
        _ => false,
    }
}

/// A flag that is set and not known to be `false`.
fn flag_may_be_on(module: &Module<'_>, body: &Body, flag: &str) -> bool {
    body.attribute(flag)
        .is_some_and(|a| module.eval(&a.value).as_bool() != Some(false))
}

/// Whether a public access block with `restrict_public_buckets` on (or unknown) may apply to the
/// bucket of `policy` (a bucket policy, or a bucket with an inline policy): then S3 lets only
/// the account and AWS services use the public grant.
fn public_buckets_restricted(module: &Module<'_>, policy: &Located<'_>) -> bool {
    let restricts =
        |block: &Located<'_>| flag_may_be_on(module, &block.block.body, "restrict_public_buckets");
    if module
        .resources("aws_s3_account_public_access_block")
        .any(|block| restricts(&block))
    {
        return true;
    }
    let bucket = if policy.resource_type() == "aws_s3_bucket" {
        Target::Resource(policy.name().to_string())
    } else {
        target(module, policy, "bucket")
    };
    companions(module, "aws_s3_bucket_public_access_block")
        .iter()
        .filter(|(block, _)| restricts(block))
        .any(|(_, blocked)| same_bucket(module, &bucket, blocked) != Some(false))
}

/// Whether two bucket targets name the same bucket; `None` when it cannot be known.
fn same_bucket(module: &Module<'_>, a: &Target, b: &Target) -> Option<bool> {
    match (a, b) {
        (Target::Unknown, _) | (_, Target::Unknown) => None,
        (Target::Resource(x), Target::Resource(y)) => Some(x == y),
        (Target::Name(x), Target::Name(y)) => Some(x == y),
        (Target::Resource(resource), name @ Target::Name(_))
        | (name @ Target::Name(_), Target::Resource(resource)) => {
            match module
                .resources("aws_s3_bucket")
                .find(|bucket| bucket.name() == resource)
            {
                Some(bucket) => names_bucket(module, &bucket, name),
                // A reference to a bucket the module does not create names no bucket here.
                None => Some(false),
            }
        }
    }
}

/// The domain an `aws_opensearch_domain_policy` / `aws_elasticsearch_domain_policy` applies to:
/// by reference, or the one domain of the module with that literal `domain_name`. `None` when
/// it is not in the module or cannot be told.
fn policy_domain<'a>(module: &Module<'a>, policy: &Located<'a>) -> Option<Located<'a>> {
    let name = policy.block.body.attribute("domain_name")?;
    if let Expr::Reference { root, .. } = &name.value {
        if DOMAIN_TYPES.contains(&root.as_str()) {
            return module.referenced(&name.value, root);
        }
    }
    let name = module.eval(&name.value);
    let name = name.as_str()?;
    let mut found = None;
    for domain_type in DOMAIN_TYPES {
        for domain in module.resources(domain_type) {
            let domain_name = domain
                .block
                .body
                .attribute("domain_name")
                .map_or(Value::Unknown, |a| module.eval(&a.value));
            if domain_name.has_unknown() {
                // It might be this one.
                return None;
            }
            if domain_name.as_str() == Some(name) {
                if found.is_some() {
                    return None;
                }
                found = Some(domain);
            }
        }
    }
    found
}

/// Whether a domain's endpoint is reachable from the internet without credentials:
/// `Some(false)` in a VPC (security groups decide) or with fine-grained access control and no
/// anonymous access (every request authenticates); `None` when unknown.
fn domain_reachable_by_anyone(module: &Module<'_>, domain: &Located<'_>) -> Option<bool> {
    const SETTINGS: [&str; 2] = ["vpc_options", "advanced_security_options"];
    let body = &domain.block.body;
    if body.blocks("dynamic").any(|d| {
        d.labels
            .first()
            .is_some_and(|l| SETTINGS.contains(&l.as_str()))
    }) {
        return None;
    }
    // A plan writes a setting left out as an empty list, or as unknown.
    for setting in SETTINGS {
        if let Some(attribute) = body.attribute(setting) {
            match module.eval(&attribute.value) {
                Value::Null => {}
                Value::List(items) if items.is_empty() => {}
                _ => return None,
            }
        }
    }
    if body.blocks("vpc_options").next().is_some() {
        return Some(false);
    }
    for security in body.blocks("advanced_security_options") {
        let flag = |name: &str| {
            security
                .body
                .attribute(name)
                .map(|a| module.eval(&a.value).as_bool())
        };
        match flag("enabled") {
            Some(Some(true)) => match flag("anonymous_auth_enabled") {
                None | Some(Some(false)) => return Some(false),
                Some(Some(true)) => {}
                Some(None) => return None,
            },
            Some(Some(false)) => {}
            _ => return None,
        }
    }
    Some(true)
}

fn check_lambda_permission(
    module: &Module<'_>,
    permission: &Located<'_>,
    out: &mut ProjectEmitter<'_>,
) {
    let body = &permission.block.body;
    let Some(principal) = body.attribute("principal") else {
        return;
    };
    if module.eval(&principal.value).as_str() != Some("*") {
        return;
    }
    // A source set to anything but null (an unknown ARN too) ties the permission to it.
    if LAMBDA_SOURCES.iter().any(|source| {
        body.attribute(source)
            .is_some_and(|a| module.eval(&a.value) != Value::Null)
    }) {
        return;
    }
    let Some(action) = body
        .attribute("action")
        .and_then(|a| module.eval(&a.value).as_str().map(str::to_string))
    else {
        return;
    };
    super::report(
        out,
        &META,
        permission,
        &principal.loc,
        format!(
            "`{}` opens the Lambda function to everyone: it allows `{action}` to `principal = \"*\"` with no `source_arn`, `source_account` or `principal_org_id`",
            permission.address()
        ),
        "",
    );
}
