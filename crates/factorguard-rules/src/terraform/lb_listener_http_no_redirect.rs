//! FG3057 `lb-listener-http-no-redirect`: a load balancer listener serving plain HTTP instead of
//! redirecting to HTTPS.

use super::eval::{Module, Value};
use super::model::Block;
use factorguard_core::{Cia, Factor, ProjectEmitter, RuleMeta, Severity, Stride};

pub static META: RuleMeta = RuleMeta {
    id: "FG3057",
    slug: "lb-listener-http-no-redirect",
    title: "Load balancer HTTP listener does not redirect to HTTPS",
    factor: Factor::VII,
    stride: &[Stride::InformationDisclosure, Stride::Tampering],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::High,
    remediation: "Make the HTTP listener's `default_action` a `redirect` to `HTTPS` (status `HTTP_301`) and serve the application on an HTTPS listener.",
    spec: "VII. Port binding — edge: HTTP listeners without redirect",
    references: &[
        "https://cwe.mitre.org/data/definitions/319.html",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html",
    ],
    doc: r#"## What it does
Finds `aws_lb_listener` / `aws_alb_listener` resources whose `protocol` evaluates to `HTTP` and
none of whose `default_action` blocks is a `redirect` with `protocol = "HTTPS"`. A listener
without `protocol` is not reported (its protocol depends on the load balancer type), and neither
is one whose action type or redirect protocol is unknown.

## Why is this bad?
Requests served over plain HTTP travel in clear text: session cookies, tokens and form data can
be read and altered by anyone on the path. A listener that forwards HTTP to the application keeps
that path open even when an HTTPS listener exists.

## How to fix
Answer HTTP with a permanent redirect to HTTPS and forward only from the HTTPS listener.

## Example
```hcl
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}
```
Use instead:
```hcl
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}
```
"#,
};

pub fn check(module: &Module<'_>, out: &mut ProjectEmitter<'_>) {
    for resource_type in ["aws_lb_listener", "aws_alb_listener"] {
        for listener in module.resources(resource_type) {
            let body = &listener.block.body;
            let Some(protocol) = body.attribute("protocol") else {
                continue;
            };
            if module.eval(&protocol.value).as_str() != Some("HTTP") {
                continue;
            }
            let mut redirects = None;
            for action in body.blocks("default_action") {
                match redirects_to_https(module, action) {
                    Some(true) => redirects = Some(true),
                    None => {
                        redirects.get_or_insert(true);
                    }
                    Some(false) => {
                        redirects.get_or_insert(false);
                    }
                }
            }
            // A `dynamic "default_action"` block is not expanded: its actions are unknown.
            let dynamic = body
                .blocks("dynamic")
                .any(|d| d.labels.first().map(String::as_str) == Some("default_action"));
            if redirects != Some(false) || dynamic {
                continue;
            }
            super::report(
                out,
                &META,
                &listener,
                &protocol.loc,
                format!(
                    "`{}` serves plain HTTP without redirecting to HTTPS",
                    listener.address()
                ),
                "",
            );
        }
    }
}

/// `Some(true)` for a redirect to HTTPS, `Some(false)` for any other known action, `None` when
/// unknown.
fn redirects_to_https(module: &Module<'_>, action: &Block) -> Option<bool> {
    let kind = action.body.attribute("type")?;
    match module.eval(&kind.value) {
        Value::String(kind) if kind == "redirect" => {}
        Value::String(_) => return Some(false),
        _ => return None,
    }
    let Some(redirect) = action.body.blocks("redirect").next() else {
        return Some(false);
    };
    // The redirect keeps the request's protocol (`#{protocol}`) when none is given.
    let Some(protocol) = redirect.body.attribute("protocol") else {
        return Some(false);
    };
    match module.eval(&protocol.value) {
        Value::String(protocol) => Some(protocol == "HTTPS"),
        _ => None,
    }
}
