//! Rules: static metadata, the document kinds they check, and the trait every check implements.

use crate::finding::{FileEmitter, ProjectEmitter};
use crate::model::{Cia, Factor, Severity, Stride};
use crate::project::ProjectIndex;
use crate::source::SourceFile;
use schemars::JsonSchema;
use serde::Serialize;

/// What a file is. A file may be several kinds at once (every text file is also `Text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[repr(u8)]
pub enum DocKind {
    /// Any readable, non-binary file.
    Text,
    /// A dotenv file (`.env`, `.env.production`, `prod.env`).
    Dotenv,
    /// A `.gitignore` file.
    Gitignore,
    /// A file whose content is a private key (PEM, OpenSSH, PuTTY) or a PKCS#12 bundle.
    PrivateKey,
    /// Terraform state (`*.tfstate`, `*.tfstate.backup`).
    TerraformState,
    /// Terraform configuration (`*.tf`).
    Terraform,
    /// Terraform JSON configuration (`*.tf.json`).
    TerraformJson,
    /// Terraform variable files (`*.tfvars`, `*.tfvars.json`).
    TerraformVars,
    /// A `terraform show -json` plan.
    TerraformPlan,
    /// A Dockerfile / Containerfile.
    Dockerfile,
    /// A docker compose file.
    Compose,
    /// A Kubernetes manifest (YAML with `apiVersion` and `kind`).
    Kubernetes,
    /// A kubeconfig (`kind: Config` with clusters/users).
    Kubeconfig,
    /// A GitHub Actions workflow.
    GithubWorkflow,
    /// A GitLab CI pipeline.
    GitlabCi,
    /// A systemd unit.
    Systemd,
    /// A Procfile.
    Procfile,
    /// An `.npmrc`.
    Npmrc,
    /// A `.pypirc`.
    Pypirc,
    /// A docker client `config.json`.
    DockerConfig,
    /// An AWS shared credentials or config file.
    AwsCredentials,
    /// A Google Cloud service-account key (JSON).
    GcpServiceAccount,
    /// Any YAML document.
    Yaml,
    /// Any JSON document.
    Json,
    /// Any TOML document.
    Toml,
    /// A dependency lockfile.
    Lockfile,
    /// A dependency manifest (package.json, Cargo.toml, requirements.txt, ...).
    DependencyManifest,
    /// Source code in a programming language.
    SourceCode,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Text => "text",
            DocKind::Dotenv => "dotenv",
            DocKind::Gitignore => "gitignore",
            DocKind::PrivateKey => "private-key",
            DocKind::TerraformState => "terraform-state",
            DocKind::Terraform => "terraform",
            DocKind::TerraformJson => "terraform-json",
            DocKind::TerraformVars => "terraform-vars",
            DocKind::TerraformPlan => "terraform-plan",
            DocKind::Dockerfile => "dockerfile",
            DocKind::Compose => "compose",
            DocKind::Kubernetes => "kubernetes",
            DocKind::Kubeconfig => "kubeconfig",
            DocKind::GithubWorkflow => "github-workflow",
            DocKind::GitlabCi => "gitlab-ci",
            DocKind::Systemd => "systemd",
            DocKind::Procfile => "procfile",
            DocKind::Npmrc => "npmrc",
            DocKind::Pypirc => "pypirc",
            DocKind::DockerConfig => "docker-config",
            DocKind::AwsCredentials => "aws-credentials",
            DocKind::GcpServiceAccount => "gcp-service-account",
            DocKind::Yaml => "yaml",
            DocKind::Json => "json",
            DocKind::Toml => "toml",
            DocKind::Lockfile => "lockfile",
            DocKind::DependencyManifest => "dependency-manifest",
            DocKind::SourceCode => "source-code",
        }
    }
}

/// A small set of document kinds (a bit set; there are fewer than 64 kinds).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct KindSet(u64);

impl KindSet {
    pub const EMPTY: KindSet = KindSet(0);

    pub fn insert(&mut self, kind: DocKind) {
        self.0 |= 1 << kind as u8;
    }

    pub fn contains(self, kind: DocKind) -> bool {
        self.0 & (1 << kind as u8) != 0
    }

    pub fn intersects(self, kinds: &[DocKind]) -> bool {
        kinds.iter().any(|k| self.contains(*k))
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = DocKind> {
        ALL_KINDS.iter().copied().filter(move |k| self.contains(*k))
    }
}

impl FromIterator<DocKind> for KindSet {
    fn from_iter<T: IntoIterator<Item = DocKind>>(iter: T) -> Self {
        let mut set = KindSet::EMPTY;
        for k in iter {
            set.insert(k);
        }
        set
    }
}

const ALL_KINDS: [DocKind; 28] = [
    DocKind::Text,
    DocKind::Dotenv,
    DocKind::Gitignore,
    DocKind::PrivateKey,
    DocKind::TerraformState,
    DocKind::Terraform,
    DocKind::TerraformJson,
    DocKind::TerraformVars,
    DocKind::TerraformPlan,
    DocKind::Dockerfile,
    DocKind::Compose,
    DocKind::Kubernetes,
    DocKind::Kubeconfig,
    DocKind::GithubWorkflow,
    DocKind::GitlabCi,
    DocKind::Systemd,
    DocKind::Procfile,
    DocKind::Npmrc,
    DocKind::Pypirc,
    DocKind::DockerConfig,
    DocKind::AwsCredentials,
    DocKind::GcpServiceAccount,
    DocKind::Yaml,
    DocKind::Json,
    DocKind::Toml,
    DocKind::Lockfile,
    DocKind::DependencyManifest,
    DocKind::SourceCode,
];

/// Static description of a rule. Ids are stable and never reused; slugs are readable aliases.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RuleMeta {
    /// Stable code, e.g. `FG1001`.
    pub id: &'static str,
    /// Readable alias, e.g. `private-key-file`.
    pub slug: &'static str,
    /// One-line title.
    pub title: &'static str,
    pub factor: Factor,
    pub stride: &'static [Stride],
    pub cia: &'static [Cia],
    pub default_severity: Severity,
    /// One-line remediation shown with each finding.
    pub remediation: &'static str,
    /// The item of SPEC.md this rule implements.
    pub spec: &'static str,
    /// CWE and other references.
    pub references: &'static [&'static str],
    /// User documentation in Markdown with the headings `## What it does`,
    /// `## Why is this bad?`, `## How to fix` and `## Example`.
    pub doc: &'static str,
}

/// The headings every rule's documentation must carry (checked by a test).
pub const REQUIRED_DOC_HEADINGS: [&str; 4] = [
    "## What it does",
    "## Why is this bad?",
    "## How to fix",
    "## Example",
];

impl RuleMeta {
    /// The section of the docs under `heading` (without the heading line).
    pub fn doc_section(&self, heading: &str) -> Option<&'static str> {
        let doc: &'static str = self.doc;
        let start = doc.find(heading)? + heading.len();
        let rest = &doc[start..];
        let end = rest.find("\n## ").unwrap_or(rest.len());
        Some(rest[..end].trim())
    }
}

/// A check. Per-file checks run on every file that has one of `kinds()`; project checks run
/// once after every file, over the index the file phase built. Rules never read files or walk.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Further rule ids this check reports under. An engine that runs many detectors in one pass
    /// over a file (the secrets scanner) is one `Rule` whose detectors are each a rule of their
    /// own for selection, docs and SARIF: the pipeline runs it once per file when any of its ids
    /// is enabled, and drops findings of ids that are not.
    fn also_reports(&self) -> &'static [&'static RuleMeta] {
        &[]
    }

    /// Document kinds the per-file check runs on. Empty means the rule is project-level only.
    fn kinds(&self) -> &'static [DocKind] {
        &[]
    }

    fn check_file(&self, _file: &SourceFile, _out: &mut FileEmitter<'_>) {}

    fn check_project(&self, _index: &ProjectIndex, _out: &mut ProjectEmitter<'_>) {}
}
