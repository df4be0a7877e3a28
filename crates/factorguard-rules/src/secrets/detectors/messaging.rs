//! Secret detectors: messaging.

use crate::secrets::detector::Detector;

pub static DETECTORS: &[Detector] = &[];
