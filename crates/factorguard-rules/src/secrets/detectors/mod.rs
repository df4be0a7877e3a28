//! Every secret detector, grouped by kind of provider. Each group is a table of `detector!`s.

use super::detector::Detector;

mod ai;
mod cloud;
mod generic;
mod infra;
mod messaging;
mod payments;
mod registries;
mod saas;
mod vcs;

#[cfg(test)]
mod fixture_checks;

/// The groups in id order.
pub static GROUPS: &[&[Detector]] = &[
    generic::DETECTORS,
    cloud::DETECTORS,
    vcs::DETECTORS,
    registries::DETECTORS,
    infra::DETECTORS,
    messaging::DETECTORS,
    payments::DETECTORS,
    saas::DETECTORS,
    ai::DETECTORS,
];
