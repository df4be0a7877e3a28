//! Secret detectors: ai.

use crate::secrets::detector::Detector;

pub static DETECTORS: &[Detector] = &[];
