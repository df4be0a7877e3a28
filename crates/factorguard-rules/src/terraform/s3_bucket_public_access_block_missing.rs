//! FG3005 `s3-bucket-public-access-block-missing`: a bucket without a public access block that
//! blocks everything (a cross-resource check).

use super::eval::{Located, Module, Value};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3005",
    slug: "s3-bucket-public-access-block-missing",
    title: "S3 bucket has no complete public access block",
    factor: Factor::IV,
    stride: &[Stride::InformationDisclosure, Stride::Tampering],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::High,
    remediation: "Add an `aws_s3_bucket_public_access_block` for the bucket with `block_public_acls`, `block_public_policy`, `ignore_public_acls` and `restrict_public_buckets` all `true`.",
    spec: "IV. Backing services — stores publicly reachable (S3 buckets without a public access block)",
    references: &[
        "https://cwe.mitre.org/data/definitions/732.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    ],
    doc: r#"## What it does
Finds `aws_s3_bucket` resources that no `aws_s3_bucket_public_access_block` of the same module
points at, by reference (`bucket = aws_s3_bucket.data.id`) or by the same literal bucket name.
An account-wide `aws_s3_account_public_access_block` in the module counts as a block for every
bucket. It also finds public access blocks (bucket or account) that leave one of the four flags
`block_public_acls`, `block_public_policy`, `ignore_public_acls`, `restrict_public_buckets`
missing (the default is `false`) or `false`. A block whose `bucket` is unknown could belong to any
bucket, so no bucket of that module is reported as missing one; an unknown flag is not reported.

## Why is this bad?
Without the block, one public ACL or one bucket policy with `"Principal": "*"` — written by
mistake, by a tool, or by an attacker with limited rights — publishes the bucket's objects to the
internet. The block makes S3 refuse and ignore such grants whatever the ACLs and policies say.

## How to fix
Add a public access block for every bucket (or one for the account) with the four flags `true`;
share objects through CloudFront with origin access control or presigned URLs instead.

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

resource "aws_s3_bucket_public_access_block" "uploads" {
  bucket                  = aws_s3_bucket.uploads.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
```
"#,
};

const FLAGS: [&str; 4] = [
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
];

/// Which bucket a public access block applies to, as far as it is known.
enum Target {
    /// `bucket = aws_s3_bucket.<name>...`
    Resource(String),
    /// A known bucket name.
    Name(String),
    Unknown,
}

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    let blocks: Vec<Located<'_>> = module
        .resources("aws_s3_bucket_public_access_block")
        .collect();
    let account_blocks: Vec<Located<'_>> = module
        .resources("aws_s3_account_public_access_block")
        .collect();
    for block in blocks.iter().chain(&account_blocks) {
        check_flags(module, block, out);
    }
    let targets: Vec<Target> = blocks.iter().map(|b| target(module, b)).collect();
    if !account_blocks.is_empty() || targets.iter().any(|t| matches!(t, Target::Unknown)) {
        return;
    }
    for bucket in module.resources("aws_s3_bucket") {
        let name = bucket
            .block
            .body
            .attribute("bucket")
            .map(|b| module.eval(&b.value));
        if name.as_ref().is_some_and(|n| n.has_unknown()) {
            // A block naming a bucket literally might be naming this one.
            if targets.iter().any(|t| matches!(t, Target::Name(_))) {
                continue;
            }
        }
        let name = name.as_ref().and_then(Value::to_text);
        let covered = targets.iter().any(|t| match t {
            Target::Resource(resource) => resource == bucket.name(),
            Target::Name(literal) => name.as_deref() == Some(literal.as_str()),
            Target::Unknown => true,
        });
        if !covered && !module.may_be_elsewhere(&bucket) {
            super::report(
                out,
                &META,
                &bucket,
                &bucket.block.header,
                format!(
                    "`{}` has no `aws_s3_bucket_public_access_block`: one public ACL or bucket policy publishes its objects",
                    bucket.address()
                ),
                "",
            );
        }
    }
}

fn target(module: &Module<'_>, block: &Located<'_>) -> Target {
    let Some(bucket) = block.block.body.attribute("bucket") else {
        return Target::Unknown;
    };
    if let super::model::Expr::Reference { root, steps } = &bucket.value {
        if root == "aws_s3_bucket" {
            return match steps.first() {
                Some(super::model::Step::Attr(name)) => Target::Resource(name.clone()),
                _ => Target::Unknown,
            };
        }
    }
    match module.eval(&bucket.value).to_text() {
        Some(name) => Target::Name(name),
        None => Target::Unknown,
    }
}

/// Reports a block whose flags are not all `true`: missing ones default to `false`.
fn check_flags(module: &Module<'_>, block: &Located<'_>, out: &mut ProjectEmitter<'_>) {
    let body = &block.block.body;
    let mut off = Vec::new();
    let mut first_loc = None;
    for flag in FLAGS {
        match body.attribute(flag) {
            None => off.push(format!("`{flag}` is not set")),
            Some(attribute) => {
                if module.eval(&attribute.value).as_bool() == Some(false) {
                    off.push(format!("`{flag} = false`"));
                    first_loc.get_or_insert(&attribute.loc);
                }
            }
        }
    }
    if off.is_empty() {
        return;
    }
    super::report(
        out,
        &META,
        block,
        first_loc.unwrap_or(&block.block.header),
        format!(
            "`{}` does not block all public access: {}",
            block.address(),
            off.join(", ")
        ),
        "",
    );
}
