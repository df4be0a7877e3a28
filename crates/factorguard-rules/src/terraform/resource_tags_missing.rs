//! FG3085 `resource-tags-missing`: a taggable AWS resource without the tags the project requires
//! (`[terraform] required-tags`), counting the AWS provider's `default_tags`.

use super::eval::{Located, Module, Value};
use super::model::{Block, Expr, Step};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3085",
    slug: "resource-tags-missing",
    title: "AWS resource lacks the required tags",
    factor: Factor::XI,
    stride: &[Stride::Repudiation],
    cia: &[Cia::Integrity],
    default_severity: Severity::Low,
    remediation: "Add the required tags (`owner` by default) to the AWS provider's `default_tags`, or to the resource's `tags`.",
    spec: "Infrastructure as code — tags for ownership recorded for audit",
    references: &[
        "https://docs.aws.amazon.com/whitepapers/latest/tagging-best-practices/tagging-best-practices.html",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/resource-tagging",
    ],
    doc: r#"## What it does
Finds AWS resources of a taggable type that lack any of the tags the project requires: `owner`
unless `[terraform] required-tags` in `factorguard.toml` says otherwise. Tag keys are compared
case-insensitively (`Owner` is `owner`). A resource's tags are its own `tags` plus the
`default_tags { tags = { ... } }` of the AWS provider configuration it uses (the default one, or
the alias its `provider` argument names), configured in its module or, for a module called by
another, in the calling modules up to the root of the deployment. In a plan, the provider's
merge is already done: the resource's `tags_all` is read.

The finding is on `tags` when the resource has it, on the resource's header when not, and names
every missing tag. Nothing is reported when `tags` or `default_tags` is not known before apply
(a variable without value, `merge(var.tags, ...)`, `each.value`), when the provider
configuration is not known (a directory with no `provider "aws"` block, likely a module whose
caller configures it; an alias passed down through a module call's `providers`), or in a plan
without `tags_all`.

Types that are checked: the common ones that take a `tags` argument — networking (VPC, subnets,
gateways, route tables, NACLs, security groups and their per-rule resources, endpoints, flow
logs, EIPs), compute (instances, launch templates, volumes and snapshots, AMIs, Lambda, ECS, EKS,
ECR), load balancers, data stores (S3 buckets, RDS, DynamoDB, ElastiCache, OpenSearch, EFS,
Kinesis, MSK, MQ, SNS, SQS), and security and operations (KMS keys, IAM roles, users, policies
and instance profiles, Secrets Manager, SSM parameters, ACM, WAF, CloudTrail, log groups,
alarms, GuardDuty, CloudFront, Route 53 zones, API Gateway, Step Functions, CodeBuild, Backup).
Resources that cannot carry tags (`aws_s3_bucket_policy`, `aws_iam_role_policy_attachment`,
`aws_security_group_rule`, `aws_s3_bucket_public_access_block`, `aws_route`, ...) are not
checked, nor is `aws_autoscaling_group`: it is tagged with `tag` blocks, and the provider's
`default_tags` do not apply to it.

## Why is this bad?
An untagged resource has no one on record as answerable for it. During an incident nobody knows
whom to call about the open bucket or the instance talking to an unknown address; cleanups leave
it running because nobody dares remove it; and cost or access reviews cannot attribute it. Tags
are also what tag-based IAM conditions and AWS Config rules select on.

## How to fix
Set the tags every resource of the deployment shares once, in the AWS provider's `default_tags`,
and add resource-specific ones in `tags`.

## Example
```hcl
provider "aws" {
  region = "eu-west-1"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}
```
Use instead:
```hcl
provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = {
      owner = "payments-team"
    }
  }
}

resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}
```

## Options
The tags to require are set in `factorguard.toml`; an empty list turns the rule off:
```toml
[terraform]
required-tags = ["owner", "cost-center"]   # default: ["owner"]
```
"#,
};

/// The resource types checked: common AWS resources that take a `tags` argument.
const TAGGABLE: &[&str] = &[
    "aws_acm_certificate",
    "aws_alb",
    "aws_ami",
    "aws_api_gateway_rest_api",
    "aws_apigatewayv2_api",
    "aws_backup_vault",
    "aws_cloudfront_distribution",
    "aws_cloudtrail",
    "aws_cloudwatch_event_rule",
    "aws_cloudwatch_log_group",
    "aws_cloudwatch_metric_alarm",
    "aws_codebuild_project",
    "aws_customer_gateway",
    "aws_db_instance",
    "aws_db_parameter_group",
    "aws_db_subnet_group",
    "aws_default_security_group",
    "aws_default_vpc",
    "aws_dynamodb_table",
    "aws_ebs_snapshot",
    "aws_ebs_volume",
    "aws_ec2_transit_gateway",
    "aws_ecr_repository",
    "aws_ecs_cluster",
    "aws_ecs_service",
    "aws_ecs_task_definition",
    "aws_efs_file_system",
    "aws_eip",
    "aws_eks_cluster",
    "aws_eks_node_group",
    "aws_elasticache_cluster",
    "aws_elasticache_replication_group",
    "aws_elasticache_subnet_group",
    "aws_elasticsearch_domain",
    "aws_elb",
    "aws_flow_log",
    "aws_guardduty_detector",
    "aws_iam_instance_profile",
    "aws_iam_policy",
    "aws_iam_role",
    "aws_iam_user",
    "aws_instance",
    "aws_internet_gateway",
    "aws_key_pair",
    "aws_kinesis_stream",
    "aws_kms_key",
    "aws_lambda_function",
    "aws_launch_template",
    "aws_lb",
    "aws_lb_listener",
    "aws_lb_target_group",
    "aws_mq_broker",
    "aws_msk_cluster",
    "aws_nat_gateway",
    "aws_network_acl",
    "aws_network_interface",
    "aws_opensearch_domain",
    "aws_rds_cluster",
    "aws_rds_cluster_instance",
    "aws_rds_cluster_parameter_group",
    "aws_route53_zone",
    "aws_route_table",
    "aws_s3_bucket",
    "aws_secretsmanager_secret",
    "aws_security_group",
    "aws_sfn_state_machine",
    "aws_sns_topic",
    "aws_sqs_queue",
    "aws_ssm_parameter",
    "aws_subnet",
    "aws_vpc",
    "aws_vpc_endpoint",
    "aws_vpc_peering_connection",
    "aws_vpc_security_group_egress_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpn_connection",
    "aws_vpn_gateway",
    "aws_wafv2_web_acl",
];

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    let required = required_tags(&module.settings.required_tags);
    if required.is_empty() {
        return;
    }
    for resource_type in TAGGABLE {
        for resource in module.resources(resource_type) {
            let Some(keys) = tag_keys(module, &resource) else {
                continue;
            };
            let missing: Vec<String> = required
                .iter()
                .filter(|tag| !keys.contains(&tag.to_lowercase()))
                .map(|tag| format!("`{tag}`"))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let tags = resource.block.body.attribute("tags");
            super::report(
                out,
                &META,
                &resource,
                tags.map_or(&resource.block.header, |t| &t.loc),
                format!(
                    "`{}` lacks the required tag(s) {} (neither its `tags` nor the provider's `default_tags` set them): nobody is on record as answerable for it",
                    resource.address(),
                    missing.join(", ")
                ),
                "",
            );
        }
    }
}

/// The configured tags, blanks left out and each key once (case-insensitively).
fn required_tags(configured: &[String]) -> Vec<&str> {
    let mut required: Vec<&str> = Vec::new();
    for tag in configured.iter().map(|t| t.trim()) {
        if !tag.is_empty()
            && !required
                .iter()
                .any(|r| r.to_lowercase() == tag.to_lowercase())
        {
            required.push(tag);
        }
    }
    required
}

/// The lowercased keys of every tag `resource` gets, when they are all known.
fn tag_keys(module: &Module<'_>, resource: &Located<'_>) -> Option<Vec<String>> {
    let body = &resource.block.body;
    // A plan has the provider's tags merged in already, and no provider block to read them from.
    if body.from_plan {
        let all = body.attribute("tags_all")?;
        return keys_of(module.eval(&all.value));
    }
    let mut keys = match body.attribute("tags") {
        None => Vec::new(),
        Some(tags) => keys_of(module.eval(&tags.value))?,
    };
    keys.extend(default_tag_keys(module, resource)?);
    Some(keys)
}

/// The lowercased keys of a known map of tags; `null` is no tags.
fn keys_of(tags: Value) -> Option<Vec<String>> {
    match tags {
        Value::Object(map) => Some(map.keys().map(|k| k.to_lowercase()).collect()),
        Value::Null => Some(Vec::new()),
        _ => None,
    }
}

/// The lowercased keys of the `default_tags` of the AWS provider configuration `resource` uses,
/// when it is known which one that is and what they are.
fn default_tag_keys(module: &Module<'_>, resource: &Located<'_>) -> Option<Vec<String>> {
    let alias = match resource.block.body.attribute("provider") {
        None => None,
        Some(provider) => match &provider.value {
            Expr::Reference { root, steps } if root == "aws" => match steps.as_slice() {
                [Step::Attr(alias)] => Some(alias.as_str()),
                _ => return None,
            },
            _ => return None,
        },
    };
    // Provider configurations live in the root module (in old code, possibly in a module
    // between); a module without any inherits its caller's.
    let mut holder = module;
    let providers = loop {
        let providers: Vec<&Block> = holder
            .blocks
            .iter()
            .filter(|b| {
                b.block.kind == "provider"
                    && b.block.labels.first().map(String::as_str) == Some("aws")
            })
            .map(|b| b.block)
            .collect();
        if !providers.is_empty() {
            break providers;
        }
        holder = holder.caller?;
    };
    // Which configuration a module call's `providers` map passes down is not followed.
    let inherited = !std::ptr::eq(holder, module);
    let mut chosen = Vec::new();
    for provider in providers {
        let provider_alias = match provider.body.attribute("alias") {
            None => None,
            Some(_) if inherited => return None,
            Some(a) => match holder.eval(&a.value) {
                Value::String(name) => Some(name),
                _ => return None,
            },
        };
        if provider_alias.as_deref() == alias {
            chosen.push(provider);
        }
    }
    let provider = match chosen.as_slice() {
        // Only aliased configurations: the resource gets the implicit, empty default one.
        [] if alias.is_none() => return Some(Vec::new()),
        [provider] => *provider,
        _ => return None,
    };
    if provider
        .body
        .blocks("dynamic")
        .any(|d| d.labels.first().map(String::as_str) == Some("default_tags"))
    {
        return None;
    }
    let mut keys = Vec::new();
    for default_tags in provider.body.blocks("default_tags") {
        if let Some(tags) = default_tags.body.attribute("tags") {
            keys.extend(keys_of(holder.eval(&tags.value))?);
        }
    }
    Some(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_tags_are_deduplicated_case_insensitively_and_blanks_dropped() {
        let configured = ["Owner", "owner", " ", "cost-center", "COST-CENTER"].map(String::from);
        assert_eq!(required_tags(&configured), ["Owner", "cost-center"]);
        assert!(required_tags(&[]).is_empty());
    }

    #[test]
    fn the_list_is_sorted_and_leaves_out_what_cannot_be_tagged() {
        assert!(TAGGABLE.windows(2).all(|w| w[0] < w[1]));
        for untaggable in [
            "aws_s3_bucket_policy",
            "aws_iam_role_policy_attachment",
            "aws_security_group_rule",
            "aws_s3_bucket_public_access_block",
            "aws_autoscaling_group",
        ] {
            assert!(!TAGGABLE.contains(&untaggable), "{untaggable}");
        }
    }
}
