//! FG3016 `cloudwatch-log-group-no-retention`: a log group whose events never expire.

use super::eval::{Module, Value};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3016",
    slug: "cloudwatch-log-group-no-retention",
    title: "CloudWatch log group keeps its events forever",
    factor: Factor::XI,
    stride: &[Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::Low,
    remediation: "Set `retention_in_days` to the period your incident response and regulations need (for example 365 for audit logs, 30-90 for application logs).",
    spec: "XI. Logs — logs are detailed enough for incident response",
    references: &[
        "https://cwe.mitre.org/data/definitions/779.html",
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
    ],
    doc: r#"## What it does
Finds `aws_cloudwatch_log_group` resources without `retention_in_days`, or with a value known
to be `0` or `null`: all mean the events never expire. An unknown value is not reported.

## Why is this bad?
Nobody decided how long the logs are kept. Events that hold personal data, identifiers or
leaked tokens stay readable for years, beyond what data-protection law allows and beyond any
investigation's need, and the cost grows without bound until someone deletes the group — and
with it the history an investigation needed. An explicit retention is a decision that can be
reviewed.

## How to fix
Choose the retention per log group: long enough for incident response and audits (a year for
audit trails), short enough to limit exposure, and archive to S3 with a lifecycle rule if longer
storage is required.

## Example
```hcl
resource "aws_cloudwatch_log_group" "app" {
  name       = "/app/web"
  kms_key_id = aws_kms_key.logs.arn
}
```
Use instead:
```hcl
resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/web"
  kms_key_id        = aws_kms_key.logs.arn
  retention_in_days = 90
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for group in module.resources("aws_cloudwatch_log_group") {
        match group.block.body.attribute("retention_in_days") {
            None => super::report(
                out,
                &META,
                &group,
                &group.block.header,
                format!(
                    "`{}` does not set `retention_in_days`: its events never expire",
                    group.address()
                ),
                "",
            ),
            Some(retention) => {
                let value = module.eval(&retention.value);
                if matches!(value, Value::Null) || value.as_number() == Some(0.0) {
                    super::report(
                        out,
                        &META,
                        &group,
                        &retention.loc,
                        format!(
                            "`{}` has no retention (`{}`): its events never expire",
                            group.address(),
                            retention.loc.line.trim()
                        ),
                        "",
                    );
                }
            }
        }
    }
}
