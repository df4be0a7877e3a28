//! Secret detectors: registries.

use crate::secrets::detector::Detector;

pub static DETECTORS: &[Detector] = &[];
