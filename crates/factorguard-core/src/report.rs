//! The result of a scan: what renderers and the gate consume. Pure data.

use crate::finding::Finding;
use crate::model::{Cia, Factor, Severity, Stride};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Bumped whenever a field changes meaning or disappears (additions keep the version).
pub const REPORT_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
}

/// A file the scan could not read or understand; the scan went on without it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub struct FileError {
    pub path: String,
    pub message: String,
}

/// Why a walked file was not scanned.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum SkipReason {
    /// Looks binary (NUL bytes) and is not a kind we parse as binary.
    Binary,
    /// Larger than the size limit.
    TooLarge,
    /// Matched `scan.exclude` in the configuration.
    Excluded,
    /// In a vendored or generated tree (`node_modules`, `vendor`, `target`, ...).
    Vendored,
    /// Could not be read (see `errors`).
    Unreadable,
    /// A symbolic link: never followed, so a link cannot leave the tree or loop.
    Symlink,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Binary => "binary",
            SkipReason::TooLarge => "too-large",
            SkipReason::Excluded => "excluded",
            SkipReason::Vendored => "vendored",
            SkipReason::Unreadable => "unreadable",
            SkipReason::Symlink => "symlink",
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct ScanStats {
    pub files_scanned: u64,
    pub bytes_scanned: u64,
    /// Files and directories walked but not scanned, by reason.
    pub skipped: BTreeMap<SkipReason, u64>,
    pub rules_enabled: u64,
    pub duration_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    pub schema_version: u32,
    pub tool: ToolInfo,
    /// The scanned root as given on the command line.
    pub root: String,
    /// Active findings, sorted by path, position, rule.
    pub findings: Vec<Finding>,
    /// Findings hidden by an inline suppression, the baseline or the config, with why.
    pub suppressed: Vec<Finding>,
    /// Files that could not be scanned, with what went wrong.
    pub errors: Vec<FileError>,
    pub stats: ScanStats,
}

impl Report {
    pub fn new(root: impl Into<String>) -> Self {
        Report {
            schema_version: REPORT_SCHEMA_VERSION,
            tool: ToolInfo {
                name: "factorguard".into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            root: root.into(),
            findings: Vec::new(),
            suppressed: Vec::new(),
            errors: Vec::new(),
            stats: ScanStats::default(),
        }
    }

    pub fn count_by_severity(&self) -> BTreeMap<Severity, usize> {
        let mut counts = BTreeMap::new();
        for f in &self.findings {
            *counts.entry(f.severity).or_insert(0) += 1;
        }
        counts
    }

    pub fn count_by_factor(&self) -> BTreeMap<Factor, usize> {
        let mut counts = BTreeMap::new();
        for f in &self.findings {
            *counts.entry(f.factor).or_insert(0) += 1;
        }
        counts
    }

    pub fn count_by_stride(&self) -> BTreeMap<Stride, usize> {
        let mut counts = BTreeMap::new();
        for f in &self.findings {
            for s in &f.stride {
                *counts.entry(*s).or_insert(0) += 1;
            }
        }
        counts
    }

    pub fn count_by_cia(&self) -> BTreeMap<Cia, usize> {
        let mut counts = BTreeMap::new();
        for f in &self.findings {
            for c in &f.cia {
                *counts.entry(*c).or_insert(0) += 1;
            }
        }
        counts
    }

    /// Active findings at or above `gate`.
    pub fn gated(&self, gate: Option<Severity>) -> usize {
        match gate {
            Some(gate) => self.findings.iter().filter(|f| f.severity >= gate).count(),
            None => 0,
        }
    }
}

/// Exit codes, documented in the README and `--help`.
pub mod exit_code {
    /// No active finding at or above the gate.
    pub const CLEAN: i32 = 0;
    /// At least one active finding at or above the gate.
    pub const FINDINGS: i32 = 1;
    /// Usage, configuration or runtime error.
    pub const ERROR: i32 = 2;
}

impl Report {
    /// The exit code the policy gives this report: per-file errors do not change it.
    pub fn exit_code(&self, gate: Option<Severity>) -> i32 {
        if self.gated(gate) > 0 {
            exit_code::FINDINGS
        } else {
            exit_code::CLEAN
        }
    }
}
