//! Secrets: provider-specific and generic credential detectors, run by one engine in one pass
//! per file. Each detector is a rule of its own (FG2xxx) for selection, docs and SARIF.

pub mod checksums;
pub mod detector;
pub mod detectors;
pub mod engine;
pub mod rule;

pub use engine::{scan, Engine, ScanStats, Scratch, SecretMatch};
pub use rule::SecretsRule;

use detector::Detector;
use std::sync::LazyLock;

/// Every detector, in id order.
pub fn all_detectors() -> &'static [&'static Detector] {
    static ALL: LazyLock<Vec<&'static Detector>> = LazyLock::new(|| {
        let mut all: Vec<&'static Detector> =
            detectors::GROUPS.iter().flat_map(|g| g.iter()).collect();
        all.sort_by_key(|d| d.meta.id);
        all
    });
    &ALL
}
