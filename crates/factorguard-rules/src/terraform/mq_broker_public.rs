//! FG3081 `mq-broker-public`: an Amazon MQ broker reachable from the internet.

use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3081",
    slug: "mq-broker-public",
    title: "Amazon MQ broker publicly accessible",
    factor: Factor::IV,
    stride: &[
        Stride::Spoofing,
        Stride::InformationDisclosure,
        Stride::DenialOfService,
    ],
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    default_severity: Severity::High,
    remediation: "Set `publicly_accessible = false` and place the broker in private subnets with a security group that admits only the application.",
    spec: "IV. Backing services — brokers publicly accessible",
    references: &[
        "https://cwe.mitre.org/data/definitions/284.html",
        "https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/accessing-web-console-of-broker-without-public-accessibility.html",
    ],
    doc: r#"## What it does
Finds `aws_mq_broker` resources with `publicly_accessible = true`. The default is `false`; an
unknown value is not reported.

## Why is this bad?
A public broker exposes its AMQP/OpenWire/MQTT endpoints and web console to the internet,
where credential stuffing against the broker users and protocol vulnerabilities can be tried by
anyone. A queue is a backing service for the application only.

## How to fix
Keep the broker private; reach its console through a bastion, VPN or SSM port forwarding.

## Example
```hcl
resource "aws_mq_broker" "jobs" {
  broker_name         = "jobs"
  engine_type         = "RabbitMQ"
  engine_version      = "3.13"
  host_instance_type  = "mq.t3.micro"
  publicly_accessible = true
}
```
Use instead:
```hcl
resource "aws_mq_broker" "jobs" {
  broker_name         = "jobs"
  engine_type         = "RabbitMQ"
  engine_version      = "3.13"
  host_instance_type  = "mq.t3.micro"
  publicly_accessible = false
  subnet_ids          = [aws_subnet.private_a.id]
  security_groups     = [aws_security_group.mq.id]
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for broker in module.resources("aws_mq_broker") {
        let Some(public) = broker.block.body.attribute("publicly_accessible") else {
            continue;
        };
        if module.eval(&public.value).as_bool() == Some(true) {
            super::report(
                out,
                &META,
                &broker,
                &public.loc,
                format!(
                    "`{}` has `publicly_accessible = true`: its endpoints and console are on the internet",
                    broker.address()
                ),
                "",
            );
        }
    }
}
