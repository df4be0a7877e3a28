//! Secret detectors: saas.

use crate::secrets::detector::Detector;

pub static DETECTORS: &[Detector] = &[];
