//! FG3086 `module-source-not-analyzed`: a `module` call whose resources factorguard cannot
//! check (a registry or git source, a local path without Terraform files, a cycle). Reported by
//! the deployment walk, which is where calls are followed.

use super::eval::Located;
use super::model::Attribute;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3086",
    slug: "module-source-not-analyzed",
    title: "Terraform module call not analyzed",
    factor: Factor::V,
    stride: &[Stride::Tampering],
    cia: &[Cia::Integrity],
    // Info: a gap in what the scan covers, not a defect of the configuration.
    default_severity: Severity::Info,
    remediation: "Vendor the module into the repository (or scan the repository that holds it), fix a wrong local `source`, or break the cycle of module calls.",
    spec: "Infrastructure as code in general — remote registry modules are skipped with a note, never fetched",
    references: &["https://developer.hashicorp.com/terraform/language/modules/sources"],
    doc: r#"## What it does
Notes each `module` call whose resources are not checked, at its `source` line:
- a source from the Terraform Registry, a git or HTTP URL, or an S3/GCS bucket — factorguard
  never fetches code while scanning;
- a local path (`./modules/db`) with no `.tf` files in the scanned tree;
- a call that would recurse into a module already being called above it, or nest more than 16
  calls deep.

Local modules that are found are evaluated with the inputs of each call (and of each
`count`/`for_each` instance of the call); their findings carry the instance address
(`module.app.module.db.aws_db_instance.main`) and the chain of calls that leads to them.

Questions about the whole deployment (is there a CloudTrail trail, a password policy, GuardDuty)
are not answered for a deployment with a call that is not analyzed: the missing piece may be in
the module that was not read.

## Why is this bad?
A scan that silently skips part of the infrastructure reads as a clean bill of health for code
it never saw. The note says exactly what was left out, so a reviewer can scan the module's own
repository, pin and vendor it, or accept the gap knowingly.

## How to fix
Scan the module's repository separately, or vendor the module (for example under `modules/`)
and call it with a local path. A wrong local path is usually a typo.

## Example
```hcl
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"
}
```
Use instead (the module's code is in the repository and checked):
```hcl
module "vpc" {
  source = "./modules/vpc"
}
```
"#,
};

/// Reports `call` at its `source` (or its header when it has none) with why it is not analyzed.
pub(crate) fn report(
    out: &mut ProjectEmitter<'_>,
    call: &Located<'_>,
    source: Option<&Attribute>,
    message: String,
) {
    let at = source.map_or(&call.block.header, |s| &s.loc);
    super::report(out, &META, call, at, message, "");
}
