//! FG3019 `vpc-flow-logs-missing`: a VPC that no flow log records (a cross-resource check).

use super::eval::Module;
use super::model::{Expr, Step};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3019",
    slug: "vpc-flow-logs-missing",
    title: "VPC has no flow logs",
    factor: Factor::XI,
    stride: &[Stride::Repudiation, Stride::InformationDisclosure],
    cia: &[Cia::Integrity, Cia::Confidentiality],
    default_severity: Severity::Medium,
    remediation: "Add an `aws_flow_log` with `vpc_id = aws_vpc.<name>.id` and `traffic_type = \"ALL\"`, delivered to an encrypted log group or bucket.",
    spec: "XI. Logs — VPC flow logs missing",
    references: &[
        "https://cwe.mitre.org/data/definitions/778.html",
        "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html",
    ],
    doc: r#"## What it does
Finds `aws_vpc` resources that no `aws_flow_log` of the same module points at with
`vpc_id = aws_vpc.<name>.id` (an index such as `aws_vpc.<name>[0].id` counts too). A flow log
whose `vpc_id` is anything else that is not known before apply — a variable, a module output, a
data source, `each.value` — could record any of the VPCs, so no VPC of that module is reported.
A literal VPC id cannot name a VPC this module creates, so it covers none of them.

## Why is this bad?
Without flow logs there is no record of which addresses talked to which, on which port, and
whether the traffic was accepted. Data exfiltration, scanning from a compromised host, and
connections to a command-and-control server leave no trace to investigate.

## How to fix
Attach a flow log to every VPC, recording `ALL` traffic, into a CloudWatch log group with a KMS
key and a retention, or into an S3 bucket with a lifecycle rule.

## Example
```hcl
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
```
Use instead:
```hcl
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "main" {
  vpc_id          = aws_vpc.main.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow.arn
  iam_role_arn    = aws_iam_role.flow.arn
}
```
"#,
};

/// What a flow log's `vpc_id` points at.
enum Target {
    /// `aws_vpc.<name>...`
    Vpc(String),
    /// A literal id, or no `vpc_id` (a subnet or interface flow log): covers no VPC here.
    Other,
    /// Not known before apply: might be any VPC.
    Unknown,
}

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    let mut covered = Vec::new();
    for flow_log in module.resources("aws_flow_log") {
        match target(
            module,
            flow_log.block.body.attribute("vpc_id").map(|a| &a.value),
        ) {
            Target::Vpc(name) => covered.push(name),
            Target::Other => {}
            Target::Unknown => return,
        }
    }
    for vpc in module.resources("aws_vpc") {
        if covered.iter().any(|name| name == vpc.name()) || module.may_be_elsewhere(&vpc) {
            continue;
        }
        super::report(
            out,
            &META,
            &vpc,
            &vpc.block.header,
            format!(
                "`{}` has no `aws_flow_log`: its network traffic is not recorded",
                vpc.address()
            ),
            "",
        );
    }
}

fn target(module: &Module<'_>, vpc_id: Option<&Expr>) -> Target {
    let Some(vpc_id) = vpc_id else {
        return Target::Other;
    };
    if let Expr::Reference { root, steps } = vpc_id {
        if root == "aws_vpc" {
            return match steps.first() {
                Some(Step::Attr(name)) => Target::Vpc(name.clone()),
                _ => Target::Unknown,
            };
        }
    }
    match module.eval(vpc_id) {
        super::eval::Value::String(_) | super::eval::Value::Null => Target::Other,
        _ => Target::Unknown,
    }
}
