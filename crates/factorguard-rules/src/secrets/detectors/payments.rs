//! Secret detectors: payments.

use crate::secrets::detector::Detector;

pub static DETECTORS: &[Detector] = &[];
