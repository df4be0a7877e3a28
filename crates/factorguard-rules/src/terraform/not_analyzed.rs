//! FG3086 `terraform-not-analyzed`: part of a Terraform configuration factorguard cannot check —
//! a `module` call it cannot follow (a registry or git source, a local path without Terraform
//! files, a cycle of calls) or locals that refer to each other in a cycle. Reported by the
//! deployment walk, which is where calls are followed and locals resolved.

use super::eval::Located;
use super::model::{Attribute, Step};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};
use std::collections::{HashMap, HashSet};

pub static META: RuleMeta = RuleMeta {
    id: "FG3086",
    slug: "terraform-not-analyzed",
    title: "Part of the Terraform configuration not analyzed",
    factor: Factor::V,
    stride: &[Stride::Tampering],
    cia: &[Cia::Integrity],
    // Info: a gap in what the scan covers, not a defect of the configuration.
    default_severity: Severity::Info,
    remediation: "Vendor the module into the repository (or scan the repository that holds it), fix a wrong local `source`, or break the cycle of module calls or locals.",
    spec: "Infrastructure as code in general — remote registry modules are skipped with a note, never fetched; cyclic locals get a clear message",
    references: &["https://developer.hashicorp.com/terraform/language/modules/sources"],
    doc: r#"## What it does
Notes what of a Terraform configuration is not checked, and why:
- each `module` call whose resources are not checked, at its `source` line: a source from the
  Terraform Registry, a git or HTTP URL, or an S3/GCS bucket (factorguard never fetches code
  while scanning); a local path (`./modules/db`) with no `.tf` files in the scanned tree; a call
  that would recurse into a module already being called above it, or nest more than 16 calls
  deep;
- locals that refer to each other in a cycle (`a = local.b`, `b = local.a`), at the first of
  them, once per directory: Terraform rejects such a configuration, and whatever depends on
  them is unknown to the checks.

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
and call it with a local path. A wrong local path is usually a typo. Break a cycle of locals by
computing the shared part once.

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

/// Reports the locals of `dir` that refer to each other in a cycle, once per cycle, at the local
/// of the cycle that comes first in the files.
pub(crate) fn report_local_cycles(out: &mut ProjectEmitter<'_>, blocks: &[Located<'_>]) {
    let mut locals: Vec<(&Located<'_>, &Attribute)> = Vec::new();
    for located in blocks.iter().filter(|l| l.block.kind == "locals") {
        locals.extend(located.block.body.attributes.iter().map(|a| (located, a)));
    }
    let index: HashMap<&str, usize> = locals
        .iter()
        .enumerate()
        .map(|(i, (_, a))| (a.name.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = locals
        .iter()
        .map(|(_, attribute)| {
            let mut targets = Vec::new();
            attribute.value.for_each_reference(&mut |root, steps| {
                if let (Some(Step::Attr(name)), "local") = (steps.first(), root) {
                    if let Some(&target) = index.get(name.as_str()) {
                        targets.push(target);
                    }
                }
            });
            targets
        })
        .collect();
    let mut reported: HashSet<usize> = HashSet::new();
    for start in 0..locals.len() {
        if reported.contains(&start) {
            continue;
        }
        let Some(cycle) = cycle_through(start, &edges) else {
            continue;
        };
        reported.extend(cycle.iter().copied());
        let first = *cycle.iter().min().expect("a cycle has a member");
        let (located, attribute) = locals[first];
        let mut names: Vec<String> = cycle
            .iter()
            .map(|&i| format!("local.{}", locals[i].1.name))
            .collect();
        names.push(names[0].clone());
        super::report(
            out,
            &META,
            located,
            &attribute.loc,
            format!(
                "{} form a cycle: Terraform rejects this configuration, and nothing that depends on them is checked",
                names.join(" → ")
            ),
            &format!("local.{}", attribute.name),
        );
    }
}

/// The locals on a path from `start` back to itself, if there is one.
fn cycle_through(start: usize, edges: &[Vec<usize>]) -> Option<Vec<usize>> {
    // Depth-first, keeping the path; a node is explored once.
    let mut path = vec![start];
    let mut next = vec![0usize];
    let mut seen = HashSet::from([start]);
    while let Some(&node) = path.last() {
        let position = next.last_mut().expect("as long as path");
        match edges[node].get(*position) {
            Some(&target) => {
                *position += 1;
                if target == start {
                    return Some(path);
                }
                if seen.insert(target) {
                    path.push(target);
                    next.push(0);
                }
            }
            None => {
                path.pop();
                next.pop();
            }
        }
    }
    None
}
