//! Secret detectors: infra.

use crate::secrets::detector::Detector;

pub static DETECTORS: &[Detector] = &[];
