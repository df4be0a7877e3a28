//! FG3071 `ec2-user-data-secret`: a credential in an instance's user data.

use super::eval::Module;
use super::plain_secrets::{detector_titles, report_masked};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3071",
    slug: "ec2-user-data-secret",
    title: "Credential in EC2 user data",
    factor: Factor::III,
    stride: &[Stride::Spoofing, Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::High,
    remediation: "Have the boot script fetch the credential from Secrets Manager or SSM Parameter Store with the instance role, instead of writing it into `user_data`.",
    spec: "III. Config — secrets as plain values in EC2 user_data",
    references: &[
        "https://cwe.mitre.org/data/definitions/798.html",
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html",
    ],
    doc: r#"## What it does
Evaluates the `user_data` of `aws_instance` and `aws_launch_template` resources (literals,
heredocs, templates with known variables) and runs the secrets engine's detectors over it. Each
kind of credential found is reported once per resource with the detector's title; the value is
never shown. User data built from unknown values is not reported.

## Why is this bad?
User data is not a secret store: anyone allowed `ec2:DescribeInstanceAttribute`, and every
process on the instance through the metadata service, can read it in clear text. It is also in
the repository and the Terraform state.

## How to fix
Give the instance a role allowed to read one secret, and fetch it at boot (`aws
secretsmanager get-secret-value`, `aws ssm get-parameter --with-decryption`).

## Example
```hcl
resource "aws_instance" "worker" {
  ami           = "ami-0c1a7f89451184c8b"
  instance_type = "t3.small"
  user_data     = <<-EOF
    #!/bin/sh
    export AWS_SECRET_ACCESS_KEY=Xw7Qd2Lr9Tn4Vb8Kp3Mz6Hs1Jf5Gc0Ya2Ue7Ri4O
    /opt/worker/start
  EOF
}
```
Use instead:
```hcl
resource "aws_instance" "worker" {
  ami                  = "ami-0c1a7f89451184c8b"
  instance_type        = "t3.small"
  iam_instance_profile = aws_iam_instance_profile.worker.name
  user_data            = <<-EOF
    #!/bin/sh
    export WORKER_TOKEN="$(aws secretsmanager get-secret-value --secret-id worker-token --query SecretString --output text)"
    /opt/worker/start
  EOF
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for resource_type in ["aws_instance", "aws_launch_template"] {
        for instance in module.resources(resource_type) {
            let Some(user_data) = instance.block.body.attribute("user_data") else {
                continue;
            };
            let value = module.eval(&user_data.value);
            let Some(script) = value.as_str() else {
                continue;
            };
            for title in detector_titles(script) {
                report_masked(
                    out,
                    &META,
                    &instance,
                    &user_data.loc,
                    format!(
                        "`{}` has a {title} in `user_data`: anyone who can describe the instance or reach its metadata reads it",
                        instance.address()
                    ),
                    title,
                );
            }
        }
    }
}
