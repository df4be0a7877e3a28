//! The one scan pipeline: walk → classify → parse → rules → findings → suppress → report.
//!
//! Only this crate walks and reads files. Rules get each file's bytes, read once, and its kinds;
//! project-level rules run after every file over an index; suppression runs once at the end.

mod classify;
mod history;
mod pipeline;
mod progress;

pub use classify::{classify, classify_file, decode_utf16, looks_binary, Classification};
pub use history::ONLY_IN_HISTORY;
pub use pipeline::{scan, GitScope, ScanError, ScanOptions, DEFAULT_MAX_FILE_SIZE, VENDORED_DIRS};

/// Helpers for rule tests: run the real pipeline over a fixture tree with chosen rules.
pub mod testing {
    use factorguard_core::{builtin, policy::Policy, Registry, Report, Rule};
    use std::path::Path;

    /// Scan `root` with `rules` (plus the pipeline's own rules), every rule enabled, no config,
    /// no baseline. Panics on a scan error: fixtures must exist.
    pub fn scan_dir(root: &Path, rules: Vec<&'static dyn Rule>) -> Report {
        let mut all = builtin::pipeline_rules();
        for rule in rules {
            if !all.iter().any(|r| r.meta().id == rule.meta().id) {
                all.push(rule);
            }
        }
        let registry = Registry::new(all);
        let policy = Policy::all(&registry);
        let options = super::ScanOptions::new(root);
        super::scan(&options, &registry, &policy, None)
            .unwrap_or_else(|e| panic!("scan of {} failed: {e}", root.display()))
    }
}
