//! Rules the pipeline itself reports: unparseable files and suppressions that are not accountable.

use crate::model::{Cia, Factor, Severity, Stride};
use crate::rule::{Rule, RuleMeta};

macro_rules! pipeline_rule {
    ($ty:ident, $meta:ident) => {
        pub struct $ty;
        impl Rule for $ty {
            fn meta(&self) -> &'static RuleMeta {
                &$meta
            }
        }
    };
}

pub static PARSE_ERROR: RuleMeta = RuleMeta {
    id: "FG0001",
    slug: "parse-error",
    title: "File could not be parsed",
    factor: Factor::V,
    stride: &[Stride::Tampering],
    cia: &[Cia::Integrity],
    default_severity: Severity::Info,
    remediation:
        "Fix the syntax error so the file can be checked, or exclude the file in factorguard.toml.",
    spec: "V. Build, release, run — the gate itself",
    references: &[],
    doc: r#"## What it does
Reports a file that factorguard recognised (for example a kubeconfig, a GCP service-account key or a
`.npmrc`) but could not parse, with the parser's message and position.

## Why is this bad?
A file that cannot be parsed cannot be checked: whatever it configures is invisible to every other
rule. It is usually also broken for the tool that consumes it. The scan goes on with the other files.

## How to fix
Fix the syntax at the reported position. If the file is deliberately invalid (a test fixture), exclude it
with `scan.exclude` in `factorguard.toml`.

## Example
```json
{ "type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\n...
```
Use instead: a complete, valid JSON document.
"#,
};
pipeline_rule!(ParseErrorRule, PARSE_ERROR);

pub static SUPPRESSION_WITHOUT_REASON: RuleMeta = RuleMeta {
    id: "FG0002",
    slug: "suppression-without-reason",
    title: "Inline suppression without a reason",
    factor: Factor::V,
    stride: &[Stride::Repudiation],
    cia: &[Cia::Integrity],
    default_severity: Severity::Medium,
    remediation: "Add reason=\"...\" (and until=YYYY-MM-DD) to the factorguard:ignore comment.",
    spec: "V. Build, release, run — the gate itself; accountable suppressions",
    references: &[],
    doc: r#"## What it does
Reports a `factorguard:ignore[...]` comment that gives no `reason="..."`. Such a comment does **not**
suppress anything: the findings it names stay active.

## Why is this bad?
A suppression is a risk accepted by someone. Without a reason, reviewers and auditors cannot tell
whether the finding was a false positive, an accepted risk or a shortcut, and nobody can revisit it.

## How to fix
Say why the finding does not apply or why the risk is accepted, and preferably until when.

## Example
```hcl
cidr_blocks = ["0.0.0.0/0"] # factorguard:ignore[FG3001]
```
Use instead:
```hcl
cidr_blocks = ["0.0.0.0/0"] # factorguard:ignore[FG3001] reason="public SFTP drop, key-only auth, see SEC-142" until=2027-03-31
```
"#,
};
pipeline_rule!(SuppressionWithoutReasonRule, SUPPRESSION_WITHOUT_REASON);

pub static SUPPRESSION_EXPIRED: RuleMeta = RuleMeta {
    id: "FG0003",
    slug: "suppression-expired",
    title: "Inline suppression has expired",
    factor: Factor::V,
    stride: &[Stride::Repudiation],
    cia: &[Cia::Integrity],
    default_severity: Severity::Medium,
    remediation:
        "Fix the suppressed finding, or renew the suppression with a new until= date and reason.",
    spec: "V. Build, release, run — the gate itself; accountable suppressions",
    references: &[],
    doc: r#"## What it does
Reports a `factorguard:ignore[...]` comment whose `until=YYYY-MM-DD` date has passed (or is not a valid
date). An expired suppression no longer suppresses: the findings it named are active again.

## Why is this bad?
Accepted risks are accepted for a time. When the time is up, the decision must be made again
rather than silently extended forever.

## How to fix
Fix the finding and delete the comment, or, if the risk is still accepted, renew it with a new date
and an up-to-date reason.

## Example
```hcl
publicly_accessible = true # factorguard:ignore[FG3002] reason="migration pending" until=2024-01-31
```
Use instead: make the database private, or set a future `until=` with a reason that is still true.
"#,
};
pipeline_rule!(SuppressionExpiredRule, SUPPRESSION_EXPIRED);

pub static SUPPRESSION_UNUSED: RuleMeta = RuleMeta {
    id: "FG0004",
    slug: "suppression-unused",
    title: "Inline suppression matches nothing",
    factor: Factor::V,
    stride: &[Stride::Repudiation],
    cia: &[Cia::Integrity],
    default_severity: Severity::Low,
    remediation: "Delete the factorguard:ignore comment, or correct the rule it names.",
    spec: "V. Build, release, run — the gate itself; accountable suppressions",
    references: &[],
    doc: r#"## What it does
Reports a `factorguard:ignore[...]` comment that suppresses no finding on its own line or the next
one, names a rule that does not exist, or cannot be read.

## Why is this bad?
Stale suppressions accumulate: they hide the next real finding that lands on that line, and they
make the list of accepted risks longer than the real one.

## How to fix
Remove the comment, or fix the rule id or slug it names.

## Example
```sh
# factorguard:ignore[FG1002] reason="dev only"
echo "this line has no finding"
```
Use instead: no comment.
"#,
};
pipeline_rule!(SuppressionUnusedRule, SUPPRESSION_UNUSED);

/// The rules the pipeline reports itself.
pub fn pipeline_rules() -> Vec<&'static dyn Rule> {
    vec![
        &ParseErrorRule,
        &SuppressionWithoutReasonRule,
        &SuppressionExpiredRule,
        &SuppressionUnusedRule,
    ]
}
