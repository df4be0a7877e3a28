//! FG3083 `eks-control-plane-logging-disabled`: an EKS cluster that does not send its API,
//! audit and authenticator logs to CloudWatch.

use super::eval::{Module, Value};
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3083",
    slug: "eks-control-plane-logging-disabled",
    title: "EKS cluster does not log its API, audit and authenticator events",
    factor: Factor::XI,
    stride: &[Stride::Repudiation],
    cia: &[Cia::Integrity],
    default_severity: Severity::Medium,
    remediation:
        "Set `enabled_cluster_log_types` to include `\"api\"`, `\"audit\"` and `\"authenticator\"`.",
    spec: "XI. Logs — audit trails for incident response",
    references: &[
        "https://cwe.mitre.org/data/definitions/778.html",
        "https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html",
    ],
    doc: r#"## What it does
Finds `aws_eks_cluster` resources whose `enabled_cluster_log_types` is missing, `null`, or a list
that lacks any of `"api"`, `"audit"` and `"authenticator"`, and names the types missing. An
unknown value, or a list with an element not known before apply, is not reported.

## Why is this bad?
Control plane logging is off by default. Without the `audit` log there is no record of who read
a secret, created a pod or changed an RBAC binding through the Kubernetes API; without
`authenticator` no record of which IAM identity stood behind a Kubernetes user; without `api`
no record of the requests the API server served. After an intrusion into the cluster, nothing
tells what was done, or by whom.

## How to fix
Enable at least the `api`, `audit` and `authenticator` log types. EKS writes them to the log group
`/aws/eks/<cluster name>/cluster`: create that group in Terraform too, to give it a retention and
a KMS key.

## Example
```hcl
resource "aws_eks_cluster" "main" {
  name                      = "main"
  role_arn                  = aws_iam_role.eks.arn
  enabled_cluster_log_types = ["api"]

  vpc_config {
    subnet_ids = var.private_subnets
  }
}
```
Use instead:
```hcl
resource "aws_cloudwatch_log_group" "eks" {
  name              = "/aws/eks/main/cluster"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_eks_cluster" "main" {
  name                      = "main"
  role_arn                  = aws_iam_role.eks.arn
  enabled_cluster_log_types = ["api", "audit", "authenticator"]

  vpc_config {
    subnet_ids = var.private_subnets
  }

  depends_on = [aws_cloudwatch_log_group.eks]
}
```
"#,
};

/// The log types an investigation needs: requests, the audit trail, and who authenticated.
const REQUIRED_LOG_TYPES: [&str; 3] = ["api", "audit", "authenticator"];

const CONSEQUENCE: &str = "what was done through the Kubernetes API, and by whom, is not recorded";

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for cluster in module.resources("aws_eks_cluster") {
        let (loc, enabled) = match cluster.block.body.attribute("enabled_cluster_log_types") {
            None => (&cluster.block.header, Vec::new()),
            Some(attribute) => match module.eval(&attribute.value) {
                Value::Null => (&attribute.loc, Vec::new()),
                Value::List(items) if !items.iter().any(Value::has_unknown) => (
                    &attribute.loc,
                    items.iter().filter_map(Value::to_text).collect(),
                ),
                _ => continue,
            },
        };
        let missing: Vec<String> = REQUIRED_LOG_TYPES
            .iter()
            .filter(|required| !enabled.iter().any(|e| e == *required))
            .map(|required| format!("`{required}`"))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let message = if enabled.is_empty() {
            format!(
                "`{}` enables no control plane log ({} missing): {CONSEQUENCE}",
                cluster.address(),
                missing.join(", ")
            )
        } else {
            format!(
                "`{}` does not enable the {} control plane log(s): {CONSEQUENCE}",
                cluster.address(),
                missing.join(", ")
            )
        };
        super::report(out, &META, &cluster, loc, message, "");
    }
}
