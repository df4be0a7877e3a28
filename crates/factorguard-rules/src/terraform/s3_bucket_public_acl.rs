//! FG3041 `s3-bucket-public-acl`: a bucket ACL that grants access to everyone.

use super::eval::{Located, Module};
use super::model::Block;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3041",
    slug: "s3-bucket-public-acl",
    title: "S3 bucket ACL grants access to everyone",
    factor: Factor::IV,
    stride: &[Stride::InformationDisclosure, Stride::Tampering],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::High,
    remediation: "Use `acl = \"private\"` (or no ACL, with object ownership `BucketOwnerEnforced`) and share objects through CloudFront or presigned URLs.",
    spec: "IV. Backing services — stores publicly reachable (S3 public ACLs)",
    references: &[
        "https://cwe.mitre.org/data/definitions/732.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl",
    ],
    doc: r#"## What it does
Finds the canned ACLs `public-read`, `public-read-write` and `authenticated-read` (every AWS
account in the world) in the `acl` of an `aws_s3_bucket` (the provider's pre-v4 form) or of an
`aws_s3_bucket_acl`, and `aws_s3_bucket_acl` resources whose `access_control_policy` has a
`grant` to the `AllUsers` or `AuthenticatedUsers` group. An unknown value is not reported.

## Why is this bad?
`public-read` lets anyone on the internet list the bucket and read its objects;
`public-read-write` also lets anyone upload, overwrite and delete them. `authenticated-read` is
no narrower in practice: anyone can create an AWS account. Buckets made public this way are one
of the most common sources of data leaks.

## How to fix
Keep buckets private, with object ownership `BucketOwnerEnforced` (ACLs disabled) and a public
access block; publish content through CloudFront with origin access control, or hand out
presigned URLs.

## Example
```hcl
resource "aws_s3_bucket_acl" "assets" {
  bucket = aws_s3_bucket.assets.id
  acl    = "public-read"
}
```
Use instead:
```hcl
resource "aws_s3_bucket_ownership_controls" "assets" {
  bucket = aws_s3_bucket.assets.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
```
"#,
};

const PUBLIC_CANNED_ACLS: [&str; 3] = ["public-read", "public-read-write", "authenticated-read"];

const PUBLIC_GROUPS: [&str; 2] = [
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
];

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    let holders = module
        .resources("aws_s3_bucket")
        .chain(module.resources("aws_s3_bucket_acl"));
    for resource in holders {
        check_canned(module, &resource, out);
        for policy in resource.block.body.blocks("access_control_policy") {
            check_grants(module, &resource, policy, out);
        }
    }
}

fn check_canned(module: &Module<'_>, resource: &Located<'_>, out: &mut ProjectEmitter<'_>) {
    let Some(acl) = resource.block.body.attribute("acl") else {
        return;
    };
    let value = module.eval(&acl.value);
    let Some(canned) = value.as_str() else {
        return;
    };
    if PUBLIC_CANNED_ACLS.contains(&canned) {
        super::report(
            out,
            &META,
            resource,
            &acl.loc,
            format!(
                "`{}` has `acl = \"{canned}\"`: {}",
                resource.address(),
                consequence(canned)
            ),
            "",
        );
    }
}

fn consequence(canned: &str) -> &'static str {
    match canned {
        "public-read-write" => "anyone can read, overwrite and delete its objects",
        "authenticated-read" => "any AWS account in the world can read its objects",
        _ => "anyone on the internet can list and read its objects",
    }
}

fn check_grants(
    module: &Module<'_>,
    resource: &Located<'_>,
    policy: &Block,
    out: &mut ProjectEmitter<'_>,
) {
    for grant in policy.body.blocks("grant") {
        for grantee in grant.body.blocks("grantee") {
            let Some(uri) = grantee.body.attribute("uri") else {
                continue;
            };
            let value = module.eval(&uri.value);
            let Some(group) = value.as_str().filter(|u| PUBLIC_GROUPS.contains(u)) else {
                continue;
            };
            let permission = grant
                .body
                .attribute("permission")
                .and_then(|p| module.eval(&p.value).to_text())
                .unwrap_or_else(|| "a permission".to_string());
            let who = group.rsplit('/').next().unwrap_or(group);
            super::report(
                out,
                &META,
                resource,
                &uri.loc,
                format!(
                    "`{}` grants {permission} to the `{who}` group: its objects are open to everyone",
                    resource.address()
                ),
                &format!("{who} {permission}"),
            );
        }
    }
}
