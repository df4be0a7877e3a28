//! The CIS detective-control chain, shared by one rule per metric ([`super::cis_metrics`]): a
//! trail delivering to a CloudWatch log group → a metric filter on that group whose pattern
//! matches every event of the metric → an alarm on the filter's metric → an alarm action. The
//! first missing link is reported; anything unknown before apply stops the check.

use super::eval::{Located, Module, Value};
use super::filter_pattern::{FilterPattern, SampleEvent};
use super::model::{Expr, Loc, Step};
use factorguard_core::{Location, ProjectEmitter, RuleMeta};

/// The events one CIS metric must raise an alarm for.
pub struct Metric {
    /// Short name used in the finding's address (`aws_cloudtrail.main metric nacl-changes`).
    pub key: &'static str,
    /// What the metric watches, for messages ("NACL changes").
    pub what: &'static str,
    pub events: Events,
}

pub enum Events {
    /// Successful API calls to `source` with these event names, by an IAM user.
    Api {
        source: &'static str,
        names: &'static [&'static str],
    },
    /// Events described field by field, with the `(selector, value)` tests (`None`: any) that
    /// mark a pattern as written for this metric even when it matches none of them.
    Samples {
        samples: &'static [Sample],
        markers: &'static [(&'static str, Option<&'static str>)],
    },
}

/// One event a metric must match: `label` names it in messages, `fields` are its CloudTrail
/// record fields (selector path to value).
pub struct Sample {
    pub label: &'static str,
    pub fields: &'static [(&'static str, &'static str)],
}

/// The fields of an ordinary CloudTrail record that a pattern may test besides the event name:
/// a filter that also requires, say, a root identity does not cover IAM users' changes.
const API_CALL_FIELDS: [(&str, &str); 7] = [
    ("eventType", "AwsApiCall"),
    ("eventVersion", "1.08"),
    ("awsRegion", "eu-west-1"),
    ("sourceIPAddress", "198.51.100.20"),
    ("userAgent", "aws-cli/2.15.0"),
    ("userIdentity.type", "IAMUser"),
    ("recipientAccountId", "111122223333"),
];

impl Metric {
    /// (label, event) for every event the metric requires.
    pub fn samples(&self) -> Vec<(&'static str, SampleEvent)> {
        match &self.events {
            Events::Api { source, names } => names
                .iter()
                .map(|name| {
                    let mut event: SampleEvent = API_CALL_FIELDS.iter().copied().collect();
                    event.insert("eventName", name);
                    event.insert("eventSource", source);
                    (*name, event)
                })
                .collect(),
            Events::Samples { samples, .. } => samples
                .iter()
                .map(|s| (s.label, s.fields.iter().copied().collect()))
                .collect(),
        }
    }
}

impl Metric {
    /// Whether `pattern` was evidently written for this metric: it tests one of its event names
    /// or marker fields.
    fn is_meant_by(&self, pattern: &FilterPattern) -> bool {
        match &self.events {
            Events::Api { names, .. } => names
                .iter()
                .any(|name| pattern.mentions("eventName", Some(name))),
            Events::Samples { markers, .. } => markers
                .iter()
                .any(|(selector, value)| pattern.mentions(selector, *value)),
        }
    }
}

/// How far the chain gets for one filter, worst first; `Unknown` is never reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reach {
    NoAlarm,
    /// The alarm found, which has no action.
    NoAction,
    Unknown,
    Complete,
}

/// A metric filter known to be on the trail's log group, with a parsed pattern.
struct Filter<'a> {
    resource: Located<'a>,
    pattern: FilterPattern,
    pattern_loc: &'a Loc,
    reach: Reach,
    /// `namespace/name` of the metric it publishes, for messages.
    metric: String,
    /// The alarm without actions, when `reach` is `NoAction`.
    silent_alarm: Option<String>,
}

pub(crate) fn check(
    module: &Module<'_>,
    out: &mut ProjectEmitter<'_>,
    meta: &'static RuleMeta,
    metric: &Metric,
) {
    for trail in module.resources("aws_cloudtrail") {
        let Some(arn) = trail.block.body.attribute("cloud_watch_logs_group_arn") else {
            continue;
        };
        let Some(group_name) = log_group_reference(&arn.value) else {
            continue;
        };
        let Some(group) = module
            .resources("aws_cloudwatch_log_group")
            .find(|g| g.name() == group_name)
        else {
            continue;
        };
        // Filters and alarms on a log group handed to another module are out of sight here.
        if module.may_be_elsewhere(&group) {
            continue;
        }
        check_trail(module, out, meta, metric, &trail, &group);
    }
}

fn check_trail(
    module: &Module<'_>,
    out: &mut ProjectEmitter<'_>,
    meta: &'static RuleMeta,
    metric: &Metric,
    trail: &Located<'_>,
    group: &Located<'_>,
) {
    let Some(filters) = filters_on(module, group) else {
        return;
    };
    let samples = metric.samples();
    let address = format!("{} metric {}", trail.address(), metric.key);
    let group_address = group.address();
    // For each event, the filter that carries it furthest.
    let mut uncovered = Vec::new();
    let mut weakest: Option<&Filter<'_>> = None;
    for (label, event) in &samples {
        let best = filters
            .iter()
            .filter(|f| f.pattern.matches(event))
            .max_by_key(|f| f.reach);
        match best {
            None => uncovered.push(*label),
            Some(filter) => {
                if weakest.is_none_or(|w| filter.reach < w.reach) {
                    weakest = Some(filter);
                }
            }
        }
    }
    if !uncovered.is_empty() {
        // The filter meant for this metric is the one matching most of its events.
        let partial = filters
            .iter()
            .map(|f| {
                let matched = samples.iter().filter(|(_, e)| f.pattern.matches(e)).count();
                (matched, f)
            })
            .filter(|(matched, f)| *matched > 0 || metric.is_meant_by(&f.pattern))
            .max_by_key(|(matched, _)| *matched);
        match partial {
            Some((_, filter)) => emit(
                out,
                meta,
                &filter.resource,
                filter.pattern_loc,
                &address,
                format!(
                    "the pattern of `{}` (metric filter for {} on `{group_address}`) does not match {}",
                    filter.resource.address(),
                    metric.what,
                    listing(&uncovered)
                ),
            ),
            None => emit(
                out,
                meta,
                trail,
                &trail.block.header,
                &address,
                format!(
                    "`{}` logs to `{group_address}`, but no metric filter on it matches {}: the chain trail → metric filter → alarm → SNS stops at the filter",
                    trail.address(),
                    metric.what
                ),
            ),
        }
        return;
    }
    let Some(filter) = weakest else {
        return;
    };
    let message = match filter.reach {
        Reach::NoAlarm => format!(
            "metric `{}` of `{}` ({}) has no `aws_cloudwatch_metric_alarm`: the chain stops at the alarm",
            filter.metric,
            filter.resource.address(),
            metric.what
        ),
        Reach::NoAction => format!(
            "alarm `{}` on metric `{}` ({}) has no `alarm_actions` (or `actions_enabled = false`): nobody is notified",
            filter.silent_alarm.as_deref().unwrap_or_default(),
            filter.metric,
            metric.what
        ),
        Reach::Unknown | Reach::Complete => return,
    };
    emit(out, meta, trail, &trail.block.header, &address, message);
}

/// The filters on `group`, or `None` when some filter might be on it, with a pattern or metric
/// not known before apply: it could complete the chain.
fn filters_on<'a>(module: &Module<'a>, group: &Located<'a>) -> Option<Vec<Filter<'a>>> {
    let group_name = group
        .block
        .body
        .attribute("name")
        .map(|a| module.eval(&a.value));
    let group_has_prefix = group.block.body.attribute("name_prefix").is_some();
    let mut filters = Vec::new();
    for filter in module.resources("aws_cloudwatch_log_metric_filter") {
        let body = &filter.block.body;
        let target = body.attribute("log_group_name")?;
        if let Some(name) = log_group_reference(&target.value) {
            if name != group.name() {
                continue;
            }
        } else {
            match (module.eval(&target.value), &group_name) {
                (Value::String(name), Some(Value::String(group_name))) => {
                    if name != *group_name {
                        continue;
                    }
                }
                // A group without `name` or `name_prefix` gets a random name.
                (Value::String(_), None) if !group_has_prefix => continue,
                _ => return None,
            }
        }
        let pattern_attribute = body.attribute("pattern")?;
        let pattern = match module.eval(&pattern_attribute.value) {
            Value::String(text) => FilterPattern::parse(&text).ok()?,
            _ => return None,
        };
        let transformation = body.blocks("metric_transformation").next()?;
        let known = |name: &str| {
            transformation
                .body
                .attribute(name)
                .and_then(|a| module.eval(&a.value).to_text())
        };
        let (name, namespace) = (known("name")?, known("namespace")?);
        let (reach, silent_alarm) = alarm_reach(module, &name, &namespace);
        filters.push(Filter {
            resource: filter,
            pattern,
            pattern_loc: &pattern_attribute.loc,
            reach,
            metric: format!("{namespace}/{name}"),
            silent_alarm,
        });
    }
    Some(filters)
}

/// How far the alarms on metric `namespace/name` get, with the alarm lacking actions.
fn alarm_reach(module: &Module<'_>, name: &str, namespace: &str) -> (Reach, Option<String>) {
    let mut best = (Reach::NoAlarm, None);
    for alarm in module.resources("aws_cloudwatch_metric_alarm") {
        let reach = match watches(module, &alarm, name, namespace) {
            Some(true) => action_reach(module, &alarm),
            Some(false) => continue,
            None => Reach::Unknown,
        };
        if reach > best.0 {
            best = (reach, Some(alarm.address()));
        }
    }
    if best.0 != Reach::NoAction {
        best.1 = None;
    }
    best
}

/// Whether `alarm` watches `namespace/name`; `None` when its metric is not known.
fn watches(module: &Module<'_>, alarm: &Located<'_>, name: &str, namespace: &str) -> Option<bool> {
    let same = |body: &super::model::Body| -> Option<bool> {
        let value = |attribute: &str| {
            body.attribute(attribute)
                .map_or(Value::Null, |a| transformation_field(module, &a.value))
        };
        match (value("metric_name"), value("namespace")) {
            (Value::String(n), Value::String(ns)) => Some(n == name && ns == namespace),
            (Value::Null, _) | (_, Value::Null) => Some(false),
            _ => None,
        }
    };
    let body = &alarm.block.body;
    if body.attribute("metric_name").is_some() {
        return same(body);
    }
    // A metric math alarm: any of its queried metrics.
    let mut result = Some(false);
    for query in body.blocks("metric_query") {
        for queried in query.body.blocks("metric") {
            match same(&queried.body) {
                Some(true) => return Some(true),
                Some(false) => {}
                None => result = None,
            }
        }
    }
    result
}

/// The value of `expr`, following `aws_cloudwatch_log_metric_filter.<name>.metric_transformation[0].<field>`
/// to the filter's own attribute.
fn transformation_field(module: &Module<'_>, expr: &Expr) -> Value {
    if let Expr::Reference { root, steps } = expr {
        if root == "aws_cloudwatch_log_metric_filter" {
            let field = match steps.as_slice() {
                [Step::Attr(_), Step::Attr(block), Step::Index(_), Step::Attr(field)]
                | [Step::Attr(_), Step::Attr(block), Step::Attr(field)]
                    if block == "metric_transformation" =>
                {
                    field
                }
                _ => return Value::Unknown,
            };
            let Some(Step::Attr(name)) = steps.first() else {
                return Value::Unknown;
            };
            return module
                .resources("aws_cloudwatch_log_metric_filter")
                .find(|f| f.name() == name)
                .and_then(|f| f.block.body.blocks("metric_transformation").next())
                .and_then(|t| t.body.attribute(field))
                .map_or(Value::Unknown, |a| module.eval(&a.value));
        }
    }
    module.eval(expr)
}

fn action_reach(module: &Module<'_>, alarm: &Located<'_>) -> Reach {
    let body = &alarm.block.body;
    let enabled = body
        .attribute("actions_enabled")
        .map_or(Value::Bool(true), |a| module.eval(&a.value));
    match enabled.as_bool() {
        Some(false) => return Reach::NoAction,
        Some(true) => {}
        None => return Reach::Unknown,
    }
    let Some(actions) = body.attribute("alarm_actions") else {
        return Reach::NoAction;
    };
    match module.eval(&actions.value) {
        Value::List(items) if items.is_empty() => Reach::NoAction,
        Value::List(_) => Reach::Complete,
        Value::Null => Reach::NoAction,
        _ => Reach::Unknown,
    }
}

/// The `aws_cloudwatch_log_group` an ARN or name expression is built from, if it is built
/// directly from one (`aws_cloudwatch_log_group.x.arn`, `"${aws_cloudwatch_log_group.x.arn}:*"`,
/// `format("%s:*", aws_cloudwatch_log_group.x.arn)`). A conditional may pick something else.
fn log_group_reference(expr: &Expr) -> Option<&str> {
    super::built_from::built_from(expr, "aws_cloudwatch_log_group")
}

fn listing(labels: &[&str]) -> String {
    let shown: Vec<String> = labels.iter().take(4).map(|l| format!("`{l}`")).collect();
    let more = labels.len().saturating_sub(shown.len());
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// Like [`super::report`], under the trail-and-metric address so that each metric of each
/// trail is a finding (and a waiver) of its own.
fn emit(
    out: &mut ProjectEmitter<'_>,
    meta: &'static RuleMeta,
    resource: &Located<'_>,
    loc: &Loc,
    address: &str,
    message: String,
) {
    out.finding(
        meta,
        Location {
            path: resource.path.to_string(),
            region: Some(loc.region),
            address: Some(address.to_string()),
        },
    )
    .message(message)
    .snippet(loc.snippet())
    .emit();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terraform::model::TemplatePart;

    fn group(name: &str) -> Expr {
        Expr::Reference {
            root: "aws_cloudwatch_log_group".to_string(),
            steps: vec![Step::Attr(name.to_string()), Step::Attr("arn".to_string())],
        }
    }

    #[test]
    fn the_trail_log_group_is_found_only_when_built_directly_from_one() {
        assert_eq!(log_group_reference(&group("trail")), Some("trail"));
        let template = Expr::Template(vec![
            TemplatePart::Interpolation(group("trail")),
            TemplatePart::Literal(":*".to_string()),
        ]);
        assert_eq!(log_group_reference(&template), Some("trail"));
        let format = Expr::Call {
            name: "format".to_string(),
            args: vec![Expr::String("%s:*".to_string()), group("trail")],
        };
        assert_eq!(log_group_reference(&format), Some("trail"));
        // A conditional may send the trail elsewhere, or nowhere.
        let conditional = Expr::Conditional(
            Box::new(Expr::Bool(true)),
            Box::new(group("trail")),
            Box::new(Expr::Null),
        );
        assert_eq!(log_group_reference(&conditional), None);
        let literal = Expr::String("arn:aws:logs:eu-west-1:111122223333:log-group:x:*".into());
        assert_eq!(log_group_reference(&literal), None);
    }

    #[test]
    fn long_lists_are_shortened() {
        assert_eq!(listing(&["A", "B"]), "`A`, `B`");
        assert_eq!(
            listing(&["A", "B", "C", "D", "E", "F"]),
            "`A`, `B`, `C`, `D` and 2 more"
        );
    }
}
