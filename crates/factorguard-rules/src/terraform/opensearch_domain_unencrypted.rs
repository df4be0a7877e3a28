//! FG3079 `opensearch-domain-unencrypted`: an OpenSearch / Elasticsearch domain without
//! encryption at rest or node-to-node encryption.

use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3079",
    slug: "opensearch-domain-unencrypted",
    title: "OpenSearch domain without encryption at rest or between nodes",
    factor: Factor::IV,
    stride: &[Stride::InformationDisclosure, Stride::Tampering],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::Medium,
    remediation: "Add `encrypt_at_rest { enabled = true }` and `node_to_node_encryption { enabled = true }` to the domain.",
    spec: "Infrastructure as code — OpenSearch encryption",
    references: &[
        "https://cwe.mitre.org/data/definitions/311.html",
        "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html",
    ],
    doc: r#"## What it does
Finds `aws_opensearch_domain` and `aws_elasticsearch_domain` resources whose
`encrypt_at_rest` or `node_to_node_encryption` block is missing, or whose `enabled` is missing
or `false`; each missing part is a finding of its own. An unknown value is not reported.

## Why is this bad?
Search domains hold copies of application data, often logs with tokens and personal data.
Without encryption at rest, indices, snapshots and swap are stored in clear; without
node-to-node encryption, shard traffic between data nodes crosses the VPC in plaintext.

## How to fix
Enable both; they can only be turned on for an existing domain on recent engine versions, so
set them at creation.

## Example
```hcl
resource "aws_opensearch_domain" "search" {
  domain_name    = "search"
  engine_version = "OpenSearch_2.13"
}
```
Use instead:
```hcl
resource "aws_opensearch_domain" "search" {
  domain_name    = "search"
  engine_version = "OpenSearch_2.13"

  encrypt_at_rest {
    enabled = true
  }

  node_to_node_encryption {
    enabled = true
  }
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for resource_type in ["aws_opensearch_domain", "aws_elasticsearch_domain"] {
        for domain in module.resources(resource_type) {
            let address = domain.address();
            for (part, consequence) in [
                (
                    "encrypt_at_rest",
                    "indices and snapshots are stored in clear",
                ),
                (
                    "node_to_node_encryption",
                    "traffic between its nodes is plaintext",
                ),
            ] {
                let (at, why) = match domain.block.body.blocks(part).next() {
                    None => (&domain.block.header, format!("has no `{part}`")),
                    Some(block) => match block.body.attribute("enabled") {
                        None => (&block.header, format!("does not set `{part}.enabled`")),
                        Some(enabled) => match module.eval(&enabled.value).as_bool() {
                            Some(false) => (&enabled.loc, format!("has `{part}.enabled = false`")),
                            _ => continue,
                        },
                    },
                };
                super::report(
                    out,
                    &META,
                    &domain,
                    at,
                    format!("`{address}` {why}: {consequence}"),
                    part,
                );
            }
        }
    }
}
