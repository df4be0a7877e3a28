//! FG3084 `vpc-flow-log-destination-unencrypted`: a flow log delivered to a log group or bucket
//! of the module that no KMS key protects (a cross-resource check).

use super::built_from::built_from;
use super::eval::{Located, Module, Value};
use super::model::{Attribute, Block};
use super::s3_bucket_companion::{companions, for_bucket, names_bucket, Target};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3084",
    slug: "vpc-flow-log-destination-unencrypted",
    title: "VPC flow log destination is not encrypted with a KMS key",
    factor: Factor::XI,
    // With the key's policy as a second gate, reading the records and forging objects in the
    // bucket both need the key too.
    stride: &[Stride::InformationDisclosure, Stride::Tampering],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    // Low, as for log groups (FG3015): both destinations always encrypt at rest with keys AWS
    // manages; a customer managed key adds access control, revocation and an audit of reads.
    default_severity: Severity::Low,
    remediation: "Give the flow log's CloudWatch log group a `kms_key_id`, or its S3 bucket an `aws_s3_bucket_server_side_encryption_configuration` with `sse_algorithm = \"aws:kms\"`.",
    spec: "XI. Logs — VPC flow logs unencrypted",
    references: &[
        "https://cwe.mitre.org/data/definitions/311.html",
        "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-cwl.html",
        "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html",
    ],
    doc: r#"## What it does
Follows each `aws_flow_log` to its destination in the same module and reports the flow log when
that destination has no customer managed KMS key:

- CloudWatch Logs (`log_destination_type` missing or `"cloud-watch-logs"`): the
  `aws_cloudwatch_log_group` that `log_destination` (an ARN) or `log_group_name` points at, by
  reference (`aws_cloudwatch_log_group.flow.arn`) or by its evaluated ARN or name, has no
  `kms_key_id` (or one known to be `null` or empty).
- S3 (`log_destination_type = "s3"`): the `aws_s3_bucket` that `log_destination` points at, by
  reference (`"${aws_s3_bucket.flow.arn}/vpc/"`) or by its evaluated ARN, is not encrypted with
  SSE-KMS: no `aws_s3_bucket_server_side_encryption_configuration` (nor inline
  `server_side_encryption_configuration`) applies to it, or the ones that do use `AES256`. Every
  bucket is encrypted with S3-managed keys (SSE-S3) by default since January 2023, so an
  S3-managed key is the finding here, the same finding as a log group without a key: the data is
  encrypted, but with a key every principal allowed to read the bucket can use.

The finding is on the flow log's destination attribute and names the log group or bucket. A
Kinesis Data Firehose destination is not checked (its encryption is the delivery stream's). A
destination outside the module (a literal ARN no resource of the module has, a variable, a data
source), a destination type, key or encryption setting not known before apply, or a bucket that
an encryption configuration with an unknown `bucket` might cover, is not reported.

The default severity is low: CloudWatch Logs and S3 always encrypt at rest. What a customer
managed key adds is a second permission to read the records (`kms:Decrypt`), the ability to
revoke it during an incident, and a CloudTrail record of every use.

## Why is this bad?
Flow logs map the network: which internal address talks to which, on which port, when, and what
was rejected. For an attacker with read access to logs that is reconnaissance done for them; for
an insider it is a record to read or, in a bucket, to overwrite. Without a KMS key, the log
group's or bucket's own permissions are the only gate, and nothing records who read the
records.

## How to fix
Create a KMS key with rotation on and use it for the destination. For a log group, allow the
`logs.<region>.amazonaws.com` service principal in the key policy and set `kms_key_id`. For a
bucket, set SSE-KMS as its default encryption and allow the `delivery.logs.amazonaws.com`
service principal to use the key (`kms:GenerateDataKey*`, `kms:Encrypt`, `kms:Decrypt`).

## Example
```hcl
resource "aws_cloudwatch_log_group" "flow" {
  name              = "/vpc/main/flow"
  retention_in_days = 365
}

resource "aws_flow_log" "main" {
  vpc_id          = aws_vpc.main.id
  traffic_type    = "ALL"
  iam_role_arn    = aws_iam_role.flow.arn
  log_destination = aws_cloudwatch_log_group.flow.arn
}
```
Use instead:
```hcl
resource "aws_cloudwatch_log_group" "flow" {
  name              = "/vpc/main/flow"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_flow_log" "main" {
  vpc_id          = aws_vpc.main.id
  traffic_type    = "ALL"
  iam_role_arn    = aws_iam_role.flow.arn
  log_destination = aws_cloudwatch_log_group.flow.arn
}
```
"#,
};

/// The algorithms that encrypt a bucket's objects with a KMS key.
const KMS_ALGORITHMS: [&str; 2] = ["aws:kms", "aws:kms:dsse"];

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    let encryption = companions(module, "aws_s3_bucket_server_side_encryption_configuration");
    for flow_log in module.resources("aws_flow_log") {
        let body = &flow_log.block.body;
        let destination_type = match body.attribute("log_destination_type") {
            None => Some("cloud-watch-logs".to_string()),
            Some(attribute) => match module.eval(&attribute.value) {
                Value::Null => Some("cloud-watch-logs".to_string()),
                value => value.to_text(),
            },
        };
        let found = match destination_type.as_deref() {
            Some("cloud-watch-logs") => log_group_without_key(module, &flow_log),
            Some("s3") => bucket_without_kms(module, &flow_log, &encryption),
            _ => None,
        };
        if let Some((attribute, message)) = found {
            super::report(
                out,
                &META,
                &flow_log,
                &attribute.loc,
                format!("`{}` delivers to {message}", flow_log.address()),
                "",
            );
        }
    }
}

/// The attribute naming the destination, when it is set to something other than `null`.
fn destination<'a>(
    module: &Module<'_>,
    flow_log: &Located<'a>,
    names: &[&str],
) -> Option<&'a Attribute> {
    names
        .iter()
        .filter_map(|name| flow_log.block.body.attribute(name))
        .find(|attribute| module.eval(&attribute.value) != Value::Null)
}

/// The destination attribute and the message tail, when the flow log delivers to a log group of
/// the module without a KMS key.
fn log_group_without_key<'a>(
    module: &Module<'_>,
    flow_log: &Located<'a>,
) -> Option<(&'a Attribute, String)> {
    let attribute = destination(module, flow_log, &["log_destination", "log_group_name"])?;
    let group = match built_from(&attribute.value, "aws_cloudwatch_log_group") {
        Some(name) => module
            .resources("aws_cloudwatch_log_group")
            .find(|g| g.name() == name)?,
        None => {
            let text = module.eval(&attribute.value).to_text()?;
            let name = if attribute.name == "log_destination" {
                log_group_name_of_arn(&text)?
            } else {
                text.as_str()
            };
            module.resources("aws_cloudwatch_log_group").find(|g| {
                g.block
                    .body
                    .attribute("name")
                    .is_some_and(|n| module.eval(&n.value).as_str() == Some(name))
            })?
        }
    };
    let unset = match group.block.body.attribute("kms_key_id") {
        None => true,
        Some(key) => {
            let value = module.eval(&key.value);
            value == Value::Null || value.as_str() == Some("")
        }
    };
    unset.then(|| {
        (
            attribute,
            format!(
                "`{}`, which has no `kms_key_id`: its traffic records are readable by any principal with `logs:GetLogEvents`, with no key to revoke",
                group.address()
            ),
        )
    })
}

/// The service, region, account and resource of an ARN (`arn:<partition>:<service>:...`).
pub(crate) fn arn_parts(arn: &str) -> Option<(&str, &str, &str, &str)> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(_partition), Some(service), Some(region), Some(account), Some(rest)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    Some((service, region, account, rest))
}

/// `/vpc/flow` of `arn:aws:logs:eu-west-1:111122223333:log-group:/vpc/flow` (or `...:*`).
fn log_group_name_of_arn(arn: &str) -> Option<&str> {
    let ("logs", _, _, rest) = arn_parts(arn)? else {
        return None;
    };
    let name = rest.strip_prefix("log-group:")?;
    let name = name.strip_suffix(":*").unwrap_or(name);
    (!name.is_empty()).then_some(name)
}

/// `flow-archive` of `arn:aws:s3:::flow-archive/vpc/` (any partition).
fn bucket_name_of_arn(arn: &str) -> Option<&str> {
    let ("s3", "", "", resource) = arn_parts(arn)? else {
        return None;
    };
    let name = resource.split('/').next().unwrap_or(resource);
    (!name.is_empty()).then_some(name)
}

/// How a bucket's objects are encrypted by default, as far as its configurations tell.
enum BucketEncryption {
    Kms,
    /// S3-managed keys: no configuration, or `AES256`.
    S3Managed {
        configured: bool,
    },
    Unknown,
}

/// The destination attribute and the message tail, when the flow log delivers to a bucket of
/// the module that is not encrypted with SSE-KMS.
fn bucket_without_kms<'a>(
    module: &Module<'_>,
    flow_log: &Located<'a>,
    encryption: &[(Located<'_>, Target)],
) -> Option<(&'a Attribute, String)> {
    let attribute = destination(module, flow_log, &["log_destination"])?;
    let bucket = match built_from(&attribute.value, "aws_s3_bucket") {
        Some(name) => module
            .resources("aws_s3_bucket")
            .find(|b| b.name() == name)?,
        None => {
            let text = module.eval(&attribute.value).to_text()?;
            let name = Target::Name(bucket_name_of_arn(&text)?.to_string());
            module
                .resources("aws_s3_bucket")
                .find(|b| names_bucket(module, b, &name) == Some(true))?
        }
    };
    let (configurations, uncertain) = for_bucket(module, &bucket, encryption);
    if uncertain {
        return None;
    }
    let blocks = bucket
        .block
        .body
        .blocks("server_side_encryption_configuration")
        .chain(configurations.iter().map(|c| c.block));
    let configured = match encryption_of(module, blocks) {
        BucketEncryption::Kms | BucketEncryption::Unknown => return None,
        BucketEncryption::S3Managed { configured } => configured,
    };
    let how = if configured {
        "whose default encryption is `AES256` (S3-managed keys)"
    } else {
        "which has no server-side encryption configuration (S3-managed keys)"
    };
    Some((
        attribute,
        format!(
            "`{}`, {how}: its traffic records are readable by any principal allowed to read the bucket, with no key to revoke",
            bucket.address()
        ),
    ))
}

/// What the encryption configurations of a bucket (inline blocks or companion resources) set.
fn encryption_of<'b>(
    module: &Module<'_>,
    configurations: impl Iterator<Item = &'b Block>,
) -> BucketEncryption {
    let mut configured = false;
    for configuration in configurations {
        let body = &configuration.body;
        if body.blocks("dynamic").next().is_some() {
            return BucketEncryption::Unknown;
        }
        for rule in body.blocks("rule") {
            if rule.body.blocks("dynamic").next().is_some() {
                return BucketEncryption::Unknown;
            }
            for default in rule.body.blocks("apply_server_side_encryption_by_default") {
                let Some(algorithm) = default.body.attribute("sse_algorithm") else {
                    continue;
                };
                match module.eval(&algorithm.value).as_str() {
                    Some(a) if KMS_ALGORITHMS.contains(&a) => return BucketEncryption::Kms,
                    Some(_) => configured = true,
                    None => return BucketEncryption::Unknown,
                }
            }
        }
    }
    BucketEncryption::S3Managed { configured }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_group_names_come_out_of_their_arns() {
        assert_eq!(
            log_group_name_of_arn("arn:aws:logs:eu-west-1:111122223333:log-group:/vpc/flow:*"),
            Some("/vpc/flow")
        );
        assert_eq!(
            log_group_name_of_arn("arn:aws:logs:eu-west-1:111122223333:log-group:/vpc/flow"),
            Some("/vpc/flow")
        );
        assert_eq!(log_group_name_of_arn("/vpc/flow"), None);
        assert_eq!(
            log_group_name_of_arn("arn:aws:s3:::log-group:/vpc/flow"),
            None
        );
        assert_eq!(
            log_group_name_of_arn("arn:aws:logs:eu-west-1:111122223333:log-group:"),
            None
        );
    }

    #[test]
    fn bucket_names_come_out_of_their_arns() {
        assert_eq!(
            bucket_name_of_arn("arn:aws:s3:::flow-archive/vpc/"),
            Some("flow-archive")
        );
        assert_eq!(
            bucket_name_of_arn("arn:aws-us-gov:s3:::flow-archive"),
            Some("flow-archive")
        );
        assert_eq!(bucket_name_of_arn("arn:aws:s3:::"), None);
        assert_eq!(
            bucket_name_of_arn("arn:aws:logs:eu-west-1:111122223333:log-group:x"),
            None
        );
        assert_eq!(bucket_name_of_arn("flow-archive"), None);
    }
}
