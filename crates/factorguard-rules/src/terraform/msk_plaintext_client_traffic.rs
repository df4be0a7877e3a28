//! FG3080 `msk-plaintext-client-traffic`: an MSK cluster accepting plaintext client traffic.

use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3080",
    slug: "msk-plaintext-client-traffic",
    title: "MSK cluster accepts plaintext client traffic",
    factor: Factor::IV,
    stride: &[Stride::InformationDisclosure, Stride::Tampering],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::Medium,
    remediation: "Set `encryption_info.encryption_in_transit.client_broker = \"TLS\"` (the default) and point clients at the TLS bootstrap brokers.",
    spec: "IV. Backing services — TLS on every connection; MSK encryption",
    references: &[
        "https://cwe.mitre.org/data/definitions/319.html",
        "https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html",
    ],
    doc: r#"## What it does
Finds `aws_msk_cluster` resources whose
`encryption_info.encryption_in_transit.client_broker` is `PLAINTEXT` or `TLS_PLAINTEXT`.
Without the block the provider's default is `TLS`, which is not reported; an unknown value is
not reported either.

## Why is this bad?
Backing services are reached over TLS (factor IV). With plaintext allowed, producers and
consumers can send messages, and SASL/SCRAM credentials, unencrypted across the network,
readable and alterable by anything on the path.

## How to fix
Accept only TLS from clients, and move clients to the TLS bootstrap broker string before
switching from `TLS_PLAINTEXT`.

## Example
```hcl
resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3

  encryption_info {
    encryption_in_transit {
      client_broker = "TLS_PLAINTEXT"
    }
  }
}
```
Use instead:
```hcl
resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3

  encryption_info {
    encryption_in_transit {
      client_broker = "TLS"
      in_cluster    = true
    }
  }
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for cluster in module.resources("aws_msk_cluster") {
        let settings = cluster
            .block
            .body
            .blocks("encryption_info")
            .flat_map(|info| info.body.blocks("encryption_in_transit"))
            .filter_map(|transit| transit.body.attribute("client_broker"));
        for client_broker in settings {
            let Some(mode) = module.eval(&client_broker.value).to_text() else {
                continue;
            };
            let mode = mode.to_ascii_uppercase();
            if mode == "PLAINTEXT" || mode == "TLS_PLAINTEXT" {
                super::report(
                    out,
                    &META,
                    &cluster,
                    &client_broker.loc,
                    format!(
                        "`{}` has `client_broker = \"{mode}\"`: clients may talk to the brokers unencrypted",
                        cluster.address()
                    ),
                    "",
                );
            }
        }
    }
}
