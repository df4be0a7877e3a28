//! FG3065 `eks-secrets-unencrypted`: an EKS cluster without envelope encryption of Kubernetes
//! secrets.

use super::eval::{Module, Value};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3065",
    slug: "eks-secrets-unencrypted",
    title: "EKS cluster does not encrypt Kubernetes secrets with KMS",
    factor: Factor::III,
    stride: &[Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::Medium,
    remediation:
        "Add an `encryption_config` block with `resources = [\"secrets\"]` and a KMS key ARN.",
    spec: "III. Config — EKS without secrets encryption",
    references: &[
        "https://cwe.mitre.org/data/definitions/311.html",
        "https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html",
    ],
    doc: r#"## What it does
Finds `aws_eks_cluster` resources without an `encryption_config` block whose `resources` list
contains `"secrets"`. A block whose `resources` is unknown, or a `dynamic "encryption_config"`
block, is not reported.

## Why is this bad?
Kubernetes secrets — database passwords, API tokens the workloads read as config — are stored in
etcd. Without envelope encryption with a key you control, anyone who gets at etcd data or its
backups reads them, and you cannot revoke access by disabling a key.

## How to fix
Encrypt secrets with a customer-managed KMS key with rotation enabled.

## Example
```hcl
resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = aws_iam_role.eks.arn

  vpc_config {
    subnet_ids = var.private_subnets
  }
}
```
Use instead:
```hcl
resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = aws_iam_role.eks.arn

  vpc_config {
    subnet_ids = var.private_subnets
  }

  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = aws_kms_key.eks.arn
    }
  }
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    'clusters: for cluster in module.resources("aws_eks_cluster") {
        let body = &cluster.block.body;
        if body
            .blocks("dynamic")
            .any(|d| d.labels.first().map(String::as_str) == Some("encryption_config"))
        {
            continue;
        }
        for config in body.blocks("encryption_config") {
            let Some(resources) = config.body.attribute("resources") else {
                continue;
            };
            let covers_secrets = match module.eval(&resources.value) {
                Value::List(items) => items
                    .iter()
                    .any(|i| i.as_str() == Some("secrets") || i.has_unknown()),
                Value::Unknown => true,
                _ => false,
            };
            if covers_secrets {
                continue 'clusters;
            }
        }
        super::report(
            out,
            &META,
            &cluster,
            &cluster.block.header,
            format!(
                "`{}` does not encrypt Kubernetes secrets with a KMS key",
                cluster.address()
            ),
            "",
        );
    }
}
