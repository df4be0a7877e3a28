//! Secret detectors: vcs.

use crate::secrets::detector::Detector;

pub static DETECTORS: &[Detector] = &[];
