//! Shared by rules that report a boolean attribute whose default is `false`: missing (at the
//! block header) or known to be `false` (at the attribute); an unknown value is not reported.

use super::eval::{Located, Module};
use super::required_attribute::report_default_or;
use factorguard_core::{ProjectEmitter, RuleMeta};

/// Reports `resource` when `attribute` is missing or `false`; `consequence` ends the message.
pub(crate) fn report_flag_off(
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
        |value| (value.as_bool() == Some(false)).then(|| format!("has `{attribute} = false`")),
    );
}
