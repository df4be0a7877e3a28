//! FG3008 `ec2-imdsv2-not-required`: an instance whose metadata service answers requests
//! without a session token (IMDSv1).

use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3008",
    slug: "ec2-imdsv2-not-required",
    title: "EC2 instance metadata service does not require IMDSv2",
    factor: Factor::III,
    stride: &[
        Stride::Spoofing,
        Stride::InformationDisclosure,
        Stride::ElevationOfPrivilege,
    ],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::High,
    remediation: "Add `metadata_options { http_tokens = \"required\" }` to the instance or launch template.",
    spec: "Infrastructure as code (Terraform on AWS) in general — EC2 IMDSv2",
    references: &[
        "https://cwe.mitre.org/data/definitions/918.html",
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html",
    ],
    doc: r#"## What it does
Finds `aws_instance` and `aws_launch_template` resources without
`metadata_options { http_tokens = "required" }`: no `metadata_options` block, a block without
`http_tokens` (the default allows IMDSv1), or `http_tokens` evaluating to anything but
`"required"`. A metadata service turned off (`http_endpoint = "disabled"`) and an `aws_instance`
started from a launch template (whose options it inherits) are skipped; an unknown value is not
reported.

## Why is this bad?
The role credentials of the instance are served by the metadata service. With IMDSv1 a single
plain GET to `169.254.169.254` returns them, so any server-side request forgery in the
application, or a misconfigured proxy, hands the instance's AWS identity to an attacker. IMDSv2
requires a session token obtained with a `PUT`, which such requests cannot send.

## How to fix
Require IMDSv2 and keep the hop limit at 1 unless containers on the host need the service.

## Example
```hcl
resource "aws_instance" "web" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
}
```
Use instead:
```hcl
resource "aws_instance" "web" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for resource_type in ["aws_instance", "aws_launch_template"] {
        for resource in module.resources(resource_type) {
            let body = &resource.block.body;
            let Some(options) = body.blocks("metadata_options").last() else {
                if resource_type == "aws_instance"
                    && body.blocks("launch_template").next().is_some()
                {
                    continue;
                }
                super::report(
                    out,
                    &META,
                    &resource,
                    &resource.block.header,
                    format!(
                        "`{}` has no `metadata_options`: the metadata service answers IMDSv1 requests without a token",
                        resource.address()
                    ),
                    "",
                );
                continue;
            };
            if let Some(endpoint) = options.body.attribute("http_endpoint") {
                if module.eval(&endpoint.value).as_str() != Some("enabled") {
                    // Disabled, or unknown: neither is reported.
                    continue;
                }
            }
            let (loc, tokens) = match options.body.attribute("http_tokens") {
                None => (&options.header, "`http_tokens` is not set".to_string()),
                Some(attribute) => match module.eval(&attribute.value).to_text() {
                    Some(value) if value != "required" => {
                        (&attribute.loc, format!("`http_tokens = \"{value}\"`"))
                    }
                    _ => continue,
                },
            };
            super::report(
                out,
                &META,
                &resource,
                loc,
                format!(
                    "`{}` does not require IMDSv2 ({tokens}): the metadata service answers requests without a token",
                    resource.address(),
                ),
                "",
            );
        }
    }
}
