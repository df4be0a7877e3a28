//! FG3062 `ecr-scan-on-push-disabled`: an ECR repository whose images are not scanned on push.

use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3062",
    slug: "ecr-scan-on-push-disabled",
    title: "ECR image scanning on push is disabled",
    factor: Factor::V,
    stride: &[Stride::Tampering, Stride::ElevationOfPrivilege],
    cia: &[Cia::Integrity],
    default_severity: Severity::Medium,
    remediation: "Add `image_scanning_configuration { scan_on_push = true }` or configure registry-wide scanning.",
    spec: "V. Build, release, run — ECR scan-on-push off",
    references: &[
        "https://cwe.mitre.org/data/definitions/1104.html",
        "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html",
    ],
    doc: r#"## What it does
Finds `aws_ecr_repository` resources without an `image_scanning_configuration` block, or whose
`scan_on_push` is missing or evaluates to `false`. A module that declares
`aws_ecr_registry_scanning_configuration` (registry-wide scanning) is not checked, nor is an
unknown `scan_on_push`.

## Why is this bad?
The image is the release artefact. Without a scan at push time, images with known-vulnerable
packages are deployed and nobody is told.

## How to fix
Scan on push (basic scanning), or enable enhanced scanning for the registry.

## Example
```hcl
resource "aws_ecr_repository" "app" {
  name = "app"
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
    if module
        .resources("aws_ecr_registry_scanning_configuration")
        .next()
        .is_some()
    {
        return;
    }
    for repository in module.resources("aws_ecr_repository") {
        let Some(scanning) = repository
            .block
            .body
            .blocks("image_scanning_configuration")
            .next()
        else {
            super::report(
                out,
                &META,
                &repository,
                &repository.block.header,
                format!(
                    "`{}` has no `image_scanning_configuration`: pushed images are not scanned",
                    repository.address()
                ),
                "",
            );
            continue;
        };
        let (loc, scan) = match scanning.body.attribute("scan_on_push") {
            None => (&scanning.header, Some(false)),
            Some(attribute) => (&attribute.loc, module.eval(&attribute.value).as_bool()),
        };
        if scan == Some(false) {
            super::report(
                out,
                &META,
                &repository,
                loc,
                format!("`{}` does not scan images on push", repository.address()),
                "",
            );
        }
    }
}
