//! FG3087 `kms-key-policy-wildcard-principal`: a KMS key policy that lets every AWS principal use
//! the key.

use super::eval::Module;
use super::policy_statements::{open_statements, resource_policy};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3087",
    slug: "kms-key-policy-wildcard-principal",
    title: "KMS key policy allows every principal",
    factor: Factor::XII,
    stride: &[Stride::InformationDisclosure, Stride::ElevationOfPrivilege],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::High,
    remediation: "Grant the key to the account root and named roles; where a wildcard principal is needed, add a `kms:CallerAccount` or `aws:PrincipalOrgID` condition.",
    spec: "XII. Admin processes — KMS keys with wildcard principals",
    references: &[
        "https://cwe.mitre.org/data/definitions/732.html",
        "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html",
        "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account",
    ],
    doc: r#"## What it does
Evaluates the `policy` of `aws_kms_key` and `aws_kms_key_policy` resources — `jsonencode({...})`,
heredoc or string JSON, or the `json` of an `aws_iam_policy_document` of the module — and finds
`Allow` statements whose `Principal` is `"*"` or has `"AWS": "*"` (alone or in a list), or that
use `NotPrincipal` (everyone but the listed principals), with no condition that narrows who the
caller is. Each such statement is reported at the `policy` attribute, named by its `Sid` or, without
one, by its position (`statement #2`), with the actions it allows.

A condition narrows the caller when, on a key that names the caller — `kms:CallerAccount`,
`aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalArn`,
`aws:userid`, `aws:SourceAccount`, `aws:SourceArn`, `aws:SourceOwner`, `aws:SourceOrgID`,
`aws:SourceOrgPaths`, `aws:SourceVpc`, `aws:SourceVpce`, `aws:SourceIp`,
`s3:DataAccessPointAccount`, `s3:DataAccessPointArn` — it uses `StringEquals`,
`StringEqualsIgnoreCase`, `StringLike`, `ArnEquals`, `ArnLike` or `IpAddress` (or their
`ForAnyValue:` form) with a fixed value. These do **not** narrow it:
- on those keys, a negated operator (`StringNotEquals`, `StringNotLike`, `ArnNotLike`,
  `NotIpAddress`…: anyone but a few), `Null` (only whether the key is there), a value made of
  wildcards only (`"*"`) or the range `0.0.0.0/0` / `::/0`;
- keys about the request, which any caller can meet: `kms:ViaService`, `kms:EncryptionContext:*`,
  `kms:EncryptionContextKeys`, `kms:EncryptionAlgorithm`, `kms:GrantIsForAWSResource`,
  `kms:GrantOperations`, `kms:RequestAlias`, `aws:SecureTransport`, `aws:PrincipalTag/*`,
  `aws:PrincipalType`, `aws:username`, `aws:CalledVia*`, `aws:ViaAWSService`, `aws:Referer`,
  `aws:UserAgent`, `aws:RequestedRegion`, tags, time and MFA keys. So the statement AWS writes for
  service integrations — `kms:ViaService` together with `kms:CallerAccount` — is narrowed by the
  caller account, while `kms:ViaService` alone lets any account use the key through that service.

Whatever is not judged here counts as narrowing and is not reported: other keys, `...IfExists`
and `ForAllValues:` operators, numeric, date and `Bool` tests on caller keys, an unknown condition.
A statement is not reported either when a `Deny` of the same policy may take its actions back from
callers outside a fixed set (`"Deny"` to everyone unless `aws:PrincipalOrgID` is yours). A statement
whose effect, principal, actions or condition is unknown is not reported; in `jsonencode({...})`
an unknown `Resource` does not matter, but heredoc JSON with an unknown interpolation, and an
`aws_iam_policy_document` with any unknown value (an account id read from
`aws_caller_identity`), are unknown as a whole.

## Why is this bad?
The key policy decides who may use a KMS key. With a wildcard principal, a principal of any AWS
account — including one an attacker creates — can call the allowed operations on the key, limited
only by its own IAM policies, which that attacker writes: decrypt the secrets, configuration,
snapshots and objects encrypted under it, generate data keys, and with `kms:*` change the policy
or schedule the key's deletion. Configuration encrypted so that only the app can decrypt it is
then readable by anyone who learns the key's ARN.

## How to fix
Grant the key to the account (`arn:aws:iam::<account>:root`, so IAM policies decide) and to the
roles that use it. When a statement must name every principal — for an AWS service integration —
add `kms:CallerAccount` (with `kms:ViaService`) or `aws:PrincipalOrgID`.

## Example
```hcl
resource "aws_kms_key" "config" {
  description = "application config"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "UseKey"
      Effect    = "Allow"
      Principal = "*"
      Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
      Resource  = "*"
    }]
  })
}
```
Use instead:
```hcl
resource "aws_kms_key" "config" {
  description = "application config"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "UseThroughSecretsManager"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:CallerAccount" = "111122223333"
            "kms:ViaService"    = "secretsmanager.us-east-1.amazonaws.com"
          }
        }
      },
    ]
  })
}
```
"#,
};

const KEY_POLICY_RESOURCES: [&str; 2] = ["aws_kms_key", "aws_kms_key_policy"];

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for resource_type in KEY_POLICY_RESOURCES {
        for key in module.resources(resource_type) {
            let Some(attribute) = key.block.body.attribute("policy") else {
                continue;
            };
            let Some(document) = resource_policy(module, &attribute.value) else {
                continue;
            };
            for open in open_statements(&document) {
                super::report(
                    out,
                    &META,
                    &key,
                    &attribute.loc,
                    format!(
                        "the key policy of `{}` lets any AWS principal use the key: its {} allows {} with no condition that narrows the caller's account, organization or identity",
                        key.address(),
                        open.label,
                        open.actions
                    ),
                    &open.detail,
                );
            }
        }
    }
}
