//! FG1009 `gcp-service-account-key`: a Google Cloud service-account JSON key is committed.

use crate::documents::{JsonDocument, Node};
use factorguard_core::{
    Cia, DocKind, Factor, FileEmitter, Rule, RuleMeta, Severity, SourceFile, Stride,
};

pub static META: RuleMeta = RuleMeta {
    id: "FG1009",
    slug: "gcp-service-account-key",
    title: "Google Cloud service-account key committed",
    factor: Factor::I,
    stride: &[Stride::Spoofing, Stride::ElevationOfPrivilege, Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    default_severity: Severity::Critical,
    remediation: "Delete the key in IAM (`gcloud iam service-accounts keys delete`), remove the file from git, and use workload identity instead of key files.",
    spec: "I. Codebase — files that must never be committed: cloud credential files",
    references: &[
        "https://cwe.mitre.org/data/definitions/798.html",
        "https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys",
    ],
    doc: r#"## What it does
Finds Google Cloud service-account keys: JSON files with `"type": "service_account"` and a
non-empty `"private_key"` that holds a real PEM key (a `...` stub does not count). The finding
points at the `"private_key"` key; the evidence gives the service account's domain (its project)
and the first characters of `private_key_id`, never the key. A file the scanner recognised as a
key but that is not valid JSON is reported as a parse error (FG0001).

## Why is this bad?
The file is a complete, non-expiring credential for the service account: anyone holding it acts
with every role the account has, from anywhere, until the key is deleted. Service accounts
often carry broad project roles (Editor, Storage Admin).

## How to fix
1. Delete the key now: `gcloud iam service-accounts keys delete <private_key_id> --iam-account <client_email>`,
   then review the account's activity in Cloud Audit Logs.
2. Remove the file from git and history.
3. Avoid key files: workload identity (GKE, Cloud Run), workload identity federation for CI and
   other clouds, `gcloud auth application-default login` for people. If a key is unavoidable,
   keep it in a secret manager and enforce `iam.disableServiceAccountKeyCreation` elsewhere.

## Example
```json
{
  "type": "service_account",
  "project_id": "acme-prod",
  "private_key_id": "3f9c...",
  "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg...\n-----END PRIVATE KEY-----\n",
  "client_email": "deployer@acme-prod.iam.gserviceaccount.com"
}
```
Use instead: no key file; the workload runs as the service account through workload identity.
"#,
};

pub struct GcpServiceAccountKey;

/// A PEM key with a real body (not `...`).
fn is_real_key(pem: &str) -> bool {
    let body: usize = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .map(|l| {
            l.trim()
                .bytes()
                .filter(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/'))
                .count()
        })
        .sum();
    pem.contains("PRIVATE KEY-----") && body >= 60
}

impl Rule for GcpServiceAccountKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn kinds(&self) -> &'static [DocKind] {
        &[DocKind::GcpServiceAccount]
    }

    fn check_file(&self, file: &SourceFile, out: &mut FileEmitter<'_>) {
        let Ok(doc) = file.parsed::<JsonDocument>() else {
            return;
        };
        let root: &Node = &doc.root;
        if root.get_str("type") != Some("service_account") {
            return;
        }
        let Some(entry) = root.entry("private_key") else {
            return;
        };
        if !entry.value.as_str().is_some_and(is_real_key) {
            return;
        }
        let email = root.get_str("client_email").unwrap_or("");
        let (account, domain) = email.split_once('@').unwrap_or(("", ""));
        let project = root.get_str("project_id").unwrap_or("");
        let mut evidence = Vec::new();
        if !domain.is_empty() {
            evidence.push(format!("client_email domain {domain}"));
        }
        if let Some(id) = root.get_str("private_key_id").filter(|id| !id.is_empty()) {
            let prefix: String = id.chars().take(8).collect();
            evidence.push(format!("private_key_id {prefix}…"));
        }
        let who = if account.is_empty() {
            String::from("a service account")
        } else {
            format!("service account `{account}`")
        };
        let whose = if project.is_empty() {
            who
        } else {
            format!("{who} in project `{project}`")
        };
        let value = &entry.value.span;
        let inside = if value.len() >= 2 {
            value.start + 1..value.end - 1
        } else {
            value.clone()
        };
        let mut finding = out
            .finding(&META, entry.key.span.clone())
            .message(format!(
                "committed Google Cloud service-account key for {whose}"
            ))
            .address("private_key")
            .redact(inside);
        if !evidence.is_empty() {
            finding = finding.evidence(evidence.join(", "));
        }
        finding.emit();
    }
}
