//! Secret detectors: generic.

use crate::secrets::detector::Detector;

pub static DETECTORS: &[Detector] = &[];
