//! factorguard's model: the vocabulary of findings, rules and reports, the configuration and the
//! suppression pass. No file walking or output formatting lives here.

pub mod builtin;
pub mod config;
pub mod finding;
pub mod model;
pub mod policy;
pub mod project;
pub mod registry;
pub mod report;
pub mod rule;
pub mod source;
pub mod suppress;

pub use finding::{
    redact_secret, CommitInfo, FileEmitter, Finding, FindingBuilder, Location, ProjectEmitter,
    ProjectFindingBuilder, Region, RelatedLocation, SecretInfo, Snippet, Suppression,
    SuppressionKind,
};
pub use model::{Cia, Confidence, Factor, Severity, Stride};
pub use project::{Facts, IndexedFile, ProjectIndex};
pub use registry::Registry;
pub use report::{exit_code, FileError, Report, ScanStats, SkipReason};
pub use rule::{DocKind, KindSet, Rule, RuleMeta, REQUIRED_DOC_HEADINGS};
pub use source::{ParseError, ParsedDocument, SourceFile};
