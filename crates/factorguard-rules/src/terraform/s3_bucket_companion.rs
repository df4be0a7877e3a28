//! Since AWS provider v4 a bucket's settings live in companion resources
//! (`aws_s3_bucket_versioning`, `aws_s3_bucket_logging`, ...) that point at the bucket by
//! reference or by name. This finds, for a bucket, the companions of one type that apply to it.

use super::eval::{Located, Module, Value};
use super::model::{Expr, Step};

/// Which bucket an expression (a companion's `bucket`, a logging `target_bucket`) names.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Target {
    /// `aws_s3_bucket.<name>...`
    Resource(String),
    /// A known bucket name.
    Name(String),
    Unknown,
}

/// The bucket `attribute` of `resource` names; a missing attribute is unknown.
pub(crate) fn target(module: &Module<'_>, resource: &Located<'_>, attribute: &str) -> Target {
    let Some(bucket) = resource.block.body.attribute(attribute) else {
        return Target::Unknown;
    };
    if let Expr::Reference { root, steps } = &bucket.value {
        if root == "aws_s3_bucket" {
            return match steps.first() {
                Some(Step::Attr(name)) => Target::Resource(name.clone()),
                _ => Target::Unknown,
            };
        }
    }
    match module.eval(&bucket.value).to_text() {
        Some(name) => Target::Name(name),
        None => Target::Unknown,
    }
}

/// Every companion of `resource_type` in the module with the bucket it names.
pub(crate) fn companions<'a>(
    module: &Module<'a>,
    resource_type: &str,
) -> Vec<(Located<'a>, Target)> {
    module
        .resources(resource_type)
        .map(|companion| {
            let target = target(module, &companion, "bucket");
            (companion, target)
        })
        .collect()
}

/// Whether `target` names `bucket`: `Some(true)` / `Some(false)` when known, `None` when it
/// might (an unknown target, or a literal name compared with an unknown bucket name).
pub(crate) fn names_bucket(
    module: &Module<'_>,
    bucket: &Located<'_>,
    target: &Target,
) -> Option<bool> {
    match target {
        Target::Resource(name) => Some(name == bucket.name()),
        Target::Unknown => None,
        Target::Name(literal) => {
            let name = bucket
                .block
                .body
                .attribute("bucket")
                .map(|b| module.eval(&b.value));
            match name {
                // Without `bucket` AWS generates a name no literal can match.
                None | Some(Value::Null) => Some(false),
                Some(value) if value.has_unknown() => None,
                Some(value) => Some(value.to_text().as_deref() == Some(literal.as_str())),
            }
        }
    }
}

/// The companions that apply to `bucket`, and whether some other companion might apply but it is
/// unknown whether it does (then a missing setting is not reported).
pub(crate) fn for_bucket<'c, 'a>(
    module: &Module<'_>,
    bucket: &Located<'_>,
    companions: &'c [(Located<'a>, Target)],
) -> (Vec<&'c Located<'a>>, bool) {
    let mut found = Vec::new();
    let mut uncertain = false;
    for (companion, target) in companions {
        match names_bucket(module, bucket, target) {
            Some(true) => found.push(companion),
            Some(false) => {}
            None => uncertain = true,
        }
    }
    (found, uncertain)
}
