//! Shared by rules that report a resource leaving an attribute unset: missing, `null` or `""`
//! all mean the provider's default (no key, no log group); an unknown value is not reported.

use super::eval::{Located, Module, Value};
use factorguard_core::{ProjectEmitter, RuleMeta};

/// Reports `resource` when `attribute` is missing (at the block header) or known to be `null`
/// or empty (at the attribute); `consequence` ends the message.
pub(crate) fn report_unset(
    module: &Module<'_>,
    out: &mut ProjectEmitter<'_>,
    meta: &'static RuleMeta,
    resource: &Located<'_>,
    attribute: &str,
    consequence: &str,
) {
    report_default_or(
        module,
        out,
        meta,
        resource,
        attribute,
        consequence,
        |value| {
            (matches!(value, Value::Null) || value.as_str() == Some(""))
                .then(|| format!("has an empty `{attribute}`"))
        },
    );
}

/// Reports `resource` when `attribute` is missing (at the block header), or at the attribute
/// when `written` says what is wrong with its value ("has an empty `kms_key_id`").
pub(crate) fn report_default_or(
    module: &Module<'_>,
    out: &mut ProjectEmitter<'_>,
    meta: &'static RuleMeta,
    resource: &Located<'_>,
    attribute: &str,
    consequence: &str,
    written: impl Fn(&Value) -> Option<String>,
) {
    match resource.block.body.attribute(attribute) {
        None => super::report(
            out,
            meta,
            resource,
            &resource.block.header,
            format!(
                "`{}` does not set `{attribute}`: {consequence}",
                resource.address()
            ),
            "",
        ),
        Some(set) => {
            if let Some(what) = written(&module.eval(&set.value)) {
                super::report(
                    out,
                    meta,
                    resource,
                    &set.loc,
                    format!("`{}` {what}: {consequence}", resource.address()),
                    "",
                );
            }
        }
    }
}
