//! FG3063 `ecr-tags-mutable`: an ECR repository whose tags can be moved to another image.

use super::eval::{Module, Value};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3063",
    slug: "ecr-tags-mutable",
    title: "ECR image tags are mutable",
    factor: Factor::V,
    stride: &[Stride::Tampering],
    cia: &[Cia::Integrity],
    default_severity: Severity::Medium,
    remediation:
        "Set `image_tag_mutability = \"IMMUTABLE\"` and tag each build uniquely (commit SHA).",
    spec: "V. Build, release, run — ECR mutable tags",
    references: &[
        "https://cwe.mitre.org/data/definitions/494.html",
        "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html",
    ],
    doc: r#"## What it does
Finds `aws_ecr_repository` resources whose `image_tag_mutability` is missing (the default is
`MUTABLE`) or evaluates to a value other than `IMMUTABLE` / `IMMUTABLE_WITH_EXCLUSION`. An unknown
value is not reported.

## Why is this bad?
A release must be immutable (factor V). With mutable tags, pushing to an existing tag silently
replaces what `app:1.4.2` means: a rollback deploys something else, two nodes run different code
under one tag, and anyone able to push can swap a running release.

## How to fix
Make tags immutable and give every build its own tag.

## Example
```hcl
resource "aws_ecr_repository" "app" {
  name = "app"

  image_scanning_configuration {
    scan_on_push = true
  }
}
```
Use instead:
```hcl
resource "aws_ecr_repository" "app" {
  name                 = "app"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for repository in module.resources("aws_ecr_repository") {
        let (loc, mutability) = match repository.block.body.attribute("image_tag_mutability") {
            None => (&repository.block.header, Value::Null),
            Some(attribute) => (&attribute.loc, module.eval(&attribute.value)),
        };
        let mutable = match &mutability {
            Value::Null => true,
            Value::String(value) => !value.starts_with("IMMUTABLE"),
            _ => false,
        };
        if mutable {
            super::report(
                out,
                &META,
                &repository,
                loc,
                format!(
                    "`{}` has mutable tags: a pushed image can replace what a release tag points to",
                    repository.address()
                ),
                "",
            );
        }
    }
}
