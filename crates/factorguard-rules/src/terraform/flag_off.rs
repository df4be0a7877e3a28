//! Shared by rules that report a boolean attribute whose default is `false`: missing (at the
//! block header) or known to be `false` (at the attribute); an unknown value is not reported.

use super::eval::{Located, Module};
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
        Some(flag) => {
            if module.eval(&flag.value).as_bool() == Some(false) {
                super::report(
                    out,
                    meta,
                    resource,
                    &flag.loc,
                    format!(
                        "`{}` has `{attribute} = false`: {consequence}",
                        resource.address()
                    ),
                    "",
                );
            }
        }
    }
}
