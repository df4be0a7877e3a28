//! Secret detectors: cloud.

use crate::secrets::detector::Detector;

pub static DETECTORS: &[Detector] = &[];
