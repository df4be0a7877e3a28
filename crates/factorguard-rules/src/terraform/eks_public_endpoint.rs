//! FG3064 `eks-public-endpoint`: an EKS API server endpoint reachable from the whole internet.

use super::eval::{Module, Value};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3064",
    slug: "eks-public-endpoint",
    title: "EKS cluster endpoint is public to the internet",
    factor: Factor::XII,
    stride: &[Stride::Spoofing, Stride::ElevationOfPrivilege],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::High,
    remediation: "Set `endpoint_public_access = false` (with `endpoint_private_access = true`) or restrict `public_access_cidrs` to your networks.",
    spec: "XII. Admin processes — EKS public endpoint",
    references: &[
        "https://cwe.mitre.org/data/definitions/284.html",
        "https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html",
    ],
    doc: r#"## What it does
Finds `aws_eks_cluster` resources whose `vpc_config` leaves `endpoint_public_access` missing (the
default is `true`) or `true`, while `public_access_cidrs` is missing (the default is
`0.0.0.0/0`) or contains `0.0.0.0/0` or `::/0`. Unknown values are not reported.

## Why is this bad?
The Kubernetes API server is the cluster's admin interface. Open to the internet it is exposed to
credential stuffing with leaked kubeconfigs and tokens, and to every API server vulnerability
before the cluster is patched.

## How to fix
Use the private endpoint from inside the VPC (VPN, bastion, CI runners in the VPC), or allow only
known CIDR ranges on the public one.

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
    subnet_ids              = var.private_subnets
    endpoint_private_access = true
    endpoint_public_access  = false
  }
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for cluster in module.resources("aws_eks_cluster") {
        let Some(vpc) = cluster.block.body.blocks("vpc_config").next() else {
            continue;
        };
        let (public_loc, public) = match vpc.body.attribute("endpoint_public_access") {
            None => (&vpc.header, Some(true)),
            Some(attribute) => (&attribute.loc, module.eval(&attribute.value).as_bool()),
        };
        if public != Some(true) {
            continue;
        }
        let (loc, open) = match vpc.body.attribute("public_access_cidrs") {
            None => (public_loc, true),
            Some(attribute) => match module.eval(&attribute.value) {
                Value::Null => (public_loc, true),
                Value::List(cidrs) if !cidrs.iter().any(Value::has_unknown) => (
                    &attribute.loc,
                    cidrs
                        .iter()
                        .any(|c| matches!(c.as_str(), Some("0.0.0.0/0") | Some("::/0"))),
                ),
                _ => (&attribute.loc, false),
            },
        };
        if open {
            super::report(
                out,
                &META,
                &cluster,
                loc,
                format!(
                    "`{}` exposes its Kubernetes API endpoint to the whole internet",
                    cluster.address()
                ),
                "",
            );
        }
    }
}
