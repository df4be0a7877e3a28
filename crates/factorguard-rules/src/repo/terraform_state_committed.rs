//! FG1003 `terraform-state-committed`: Terraform state is committed.

use crate::documents::{JsonDocument, Node, Value};
use factorguard_core::{
    Cia, DocKind, Factor, FileEmitter, Rule, RuleMeta, Severity, SourceFile, Stride,
};

pub static META: RuleMeta = RuleMeta {
    id: "FG1003",
    slug: "terraform-state-committed",
    title: "Terraform state file committed",
    factor: Factor::I,
    stride: &[Stride::InformationDisclosure, Stride::Tampering],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::Critical,
    remediation: "Move state to an encrypted remote backend, delete the file from git and history, and rotate every secret the state holds.",
    spec: "I. Codebase — files that must never be committed: `terraform.tfstate` (it holds secrets in clear)",
    references: &[
        "https://cwe.mitre.org/data/definitions/312.html",
        "https://cwe.mitre.org/data/definitions/540.html",
        "https://developer.hashicorp.com/terraform/language/state/sensitive-data",
    ],
    doc: r#"## What it does
Finds committed Terraform state: `*.tfstate` and `*.tfstate.backup` files. When the state parses
as JSON the finding's evidence gives its `serial`, `terraform_version` and how many resources
and outputs it tracks, never a value. A state that tracks nothing yet is still reported, at low
severity. State that is not JSON is also reported as a parse error (FG0001).

## Why is this bad?
Terraform writes every attribute of every resource into state **in clear text**, including values
marked `sensitive`: database master passwords, generated `random_password`s, IAM access key
secrets, TLS private keys, connection strings. Anyone with read access to the repository reads
them. Committed state also breaks locking: two people applying from their own copies will
overwrite each other's infrastructure changes.

## How to fix
1. Configure a remote backend with encryption and locking (S3 with `encrypt = true` and a
   DynamoDB lock table or `use_lockfile`, GCS, Azure Storage, Terraform Cloud) and run
   `terraform init -migrate-state`.
2. `git rm --cached` the state files, add `*.tfstate` and `*.tfstate.*` to `.gitignore`, and purge
   them from history.
3. Rotate every secret the state held: look for `password`, `secret`, `private_key`, `token`
   attributes and generated credentials, and change them.

## Example
`infra/terraform.tfstate`, committed next to `infra/main.tf`.

Use instead:
```hcl
terraform {
  backend "s3" {
    bucket       = "acme-terraform-state"
    key          = "app/prod.tfstate"
    region       = "eu-west-1"
    encrypt      = true
    use_lockfile = true
  }
}
```
"#,
};

pub struct TerraformStateCommitted;

/// What the state tracks, without any value.
struct Summary {
    serial: Option<String>,
    version: Option<String>,
    resources: usize,
    instances: usize,
    outputs: usize,
}

fn summarise(root: &Node) -> Summary {
    let scalar = |key: &str| {
        root.get(key).and_then(|n| match &n.value {
            Value::Number(s) | Value::String(s) => Some(s.clone()),
            _ => None,
        })
    };
    let resources = root.get("resources").and_then(Node::as_sequence);
    // Version 3 and older states keep resources under `modules[].resources` (a mapping).
    let legacy: usize = root
        .get("modules")
        .and_then(Node::as_sequence)
        .map(|modules| {
            modules
                .iter()
                .filter_map(|m| m.get("resources").and_then(Node::as_mapping))
                .map(<[_]>::len)
                .sum()
        })
        .unwrap_or(0);
    let instances = resources.map_or(0, |rs| {
        rs.iter()
            .map(|r| {
                r.get("instances")
                    .and_then(Node::as_sequence)
                    .map_or(0, <[_]>::len)
            })
            .sum()
    });
    Summary {
        serial: scalar("serial"),
        version: scalar("terraform_version"),
        resources: resources.map_or(0, <[_]>::len) + legacy,
        instances,
        outputs: root
            .get("outputs")
            .and_then(Node::as_mapping)
            .map_or(0, <[_]>::len),
    }
}

impl Rule for TerraformStateCommitted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn kinds(&self) -> &'static [DocKind] {
        &[DocKind::TerraformState]
    }

    fn check_file(&self, file: &SourceFile, out: &mut FileEmitter<'_>) {
        let backup = file.file_name().ends_with(".backup");
        let what = if backup {
            "Terraform state backup"
        } else {
            "Terraform state"
        };
        let blank = file.bytes.iter().all(u8::is_ascii_whitespace);
        let summary = if blank {
            None
        } else {
            file.parsed::<JsonDocument>()
                .ok()
                .map(|doc| summarise(&doc.root))
        };
        let (message, evidence, severity) = match &summary {
            Some(s) if s.resources == 0 && s.outputs == 0 => (
                format!("committed {what} tracks no resources yet; the next apply will write every resource attribute, secrets included, into it"),
                Some(evidence_of(s)),
                Severity::Low,
            ),
            Some(s) => (
                format!(
                    "committed {what} holds {} resource{} and {} output{} in clear text, secrets included",
                    s.resources,
                    if s.resources == 1 { "" } else { "s" },
                    s.outputs,
                    if s.outputs == 1 { "" } else { "s" },
                ),
                Some(evidence_of(s)),
                Severity::Critical,
            ),
            None if blank => (
                format!("committed {what} is empty; the next apply will write secrets into it"),
                None,
                Severity::Low,
            ),
            None => (
                format!("committed {what} (not readable as JSON) may hold secrets in clear text"),
                None,
                Severity::Critical,
            ),
        };
        // Minified state puts every value on the first line: mask what the snippet would show.
        let index = file.line_index();
        let mut masked = Vec::new();
        for (line, keep) in [(0, 1), (1, 0)] {
            let range = index.line_range(line, file.bytes);
            if range.len() > 80 || (line == 0 && range.len() > 16) {
                masked.push(range.start + keep..range.end);
            }
        }
        let mut finding = out
            .file_finding(&META)
            .message(message)
            .severity(severity)
            .address(what.to_ascii_lowercase());
        for range in masked {
            finding = finding.redact(range);
        }
        if let Some(evidence) = evidence {
            finding = finding.evidence(evidence);
        }
        finding.emit();
    }
}

fn evidence_of(s: &Summary) -> String {
    let mut parts = Vec::new();
    if let Some(serial) = &s.serial {
        parts.push(format!("serial {serial}"));
    }
    if let Some(version) = &s.version {
        parts.push(format!("terraform_version {version}"));
    }
    parts.push(format!(
        "{} resources ({} instances), {} outputs",
        s.resources, s.instances, s.outputs
    ));
    parts.join(", ")
}
