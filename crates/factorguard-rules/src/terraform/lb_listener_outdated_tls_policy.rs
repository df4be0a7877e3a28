//! FG3058 `lb-listener-outdated-tls-policy`: an HTTPS/TLS listener whose security policy still
//! accepts TLS 1.0 or 1.1.

use super::eval::Module;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3058",
    slug: "lb-listener-outdated-tls-policy",
    title: "Load balancer listener uses an outdated TLS policy",
    factor: Factor::VII,
    stride: &[Stride::InformationDisclosure, Stride::Tampering],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::Medium,
    remediation: "Set `ssl_policy` to a TLS 1.2+ policy such as `ELBSecurityPolicy-TLS13-1-2-2021-06`.",
    spec: "VII. Port binding — edge: outdated TLS policies",
    references: &[
        "https://cwe.mitre.org/data/definitions/326.html",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html",
    ],
    doc: r#"## What it does
Finds `aws_lb_listener` / `aws_alb_listener` resources whose `ssl_policy` evaluates to a policy
that accepts TLS 1.0 or 1.1 — every ELB policy whose name does not carry a TLS 1.2+ minimum
(`TLS-1-2`, `FS-1-2`, `TLS13-1-2`, `TLS13-1-3`), such as `ELBSecurityPolicy-2016-08`,
`ELBSecurityPolicy-TLS-1-1-2017-01` or `ELBSecurityPolicy-TLS13-1-0-2021-06`. A listener without
`ssl_policy`, or with an unknown one, is not reported.

## Why is this bad?
TLS 1.0 and 1.1 are deprecated (RFC 8996): they rely on weak constructions and ciphers, and a
client can be pushed down to them. Compliance baselines (PCI DSS, CIS) require TLS 1.2 or later.

## How to fix
Choose a policy with a TLS 1.2 minimum; `ELBSecurityPolicy-TLS13-1-2-2021-06` also offers TLS 1.3.

## Example
```hcl
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-2016-08"
  certificate_arn   = aws_acm_certificate.web.arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}
```
Use instead:
```hcl
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = aws_acm_certificate.web.arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}
```
"#,
};

/// Name fragments of the ELB policies whose minimum protocol is TLS 1.2 or later.
const TLS12_MINIMUM_MARKERS: [&str; 4] = ["TLS-1-2", "FS-1-2", "TLS13-1-2", "TLS13-1-3"];

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for resource_type in ["aws_lb_listener", "aws_alb_listener"] {
        for listener in module.resources(resource_type) {
            let Some(attribute) = listener.block.body.attribute("ssl_policy") else {
                continue;
            };
            let value = module.eval(&attribute.value);
            let Some(policy) = value.as_str().filter(|p| !p.is_empty()) else {
                continue;
            };
            if is_tls12_minimum(policy) {
                continue;
            }
            super::report(
                out,
                &META,
                &listener,
                &attribute.loc,
                format!(
                    "`{}` uses `{policy}`, which still accepts TLS 1.0/1.1",
                    listener.address()
                ),
                "",
            );
        }
    }
}

fn is_tls12_minimum(policy: &str) -> bool {
    TLS12_MINIMUM_MARKERS
        .iter()
        .any(|marker| policy.contains(marker))
}

#[cfg(test)]
mod tests {
    use super::is_tls12_minimum;

    #[test]
    fn policy_names_are_classified_by_their_minimum_protocol() {
        assert!(is_tls12_minimum("ELBSecurityPolicy-TLS13-1-2-2021-06"));
        assert!(is_tls12_minimum("ELBSecurityPolicy-TLS-1-2-Ext-2018-06"));
        assert!(is_tls12_minimum("ELBSecurityPolicy-FS-1-2-Res-2020-10"));
        assert!(is_tls12_minimum("ELBSecurityPolicy-TLS13-1-3-2021-06"));
        assert!(!is_tls12_minimum("ELBSecurityPolicy-2016-08"));
        assert!(!is_tls12_minimum("ELBSecurityPolicy-TLS-1-1-2017-01"));
        assert!(!is_tls12_minimum("ELBSecurityPolicy-TLS13-1-0-2021-06"));
        assert!(!is_tls12_minimum("ELBSecurityPolicy-FS-2018-06"));
    }
}
