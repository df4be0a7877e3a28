//! FG1008 `aws-credentials-file`: an AWS shared credentials or config file with a secret key.

use crate::documents::ini::IniDocument;
use crate::values::is_placeholder;
use factorguard_core::{
    redact_secret, Cia, DocKind, Factor, FileEmitter, Rule, RuleMeta, Severity, SourceFile, Stride,
};

pub static META: RuleMeta = RuleMeta {
    id: "FG1008",
    slug: "aws-credentials-file",
    title: "AWS credentials file with a secret access key committed",
    factor: Factor::I,
    stride: &[Stride::Spoofing, Stride::ElevationOfPrivilege, Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    default_severity: Severity::Critical,
    remediation: "Deactivate and delete the access key in IAM now, remove the file from git, and use roles or SSO (`aws configure sso`) instead of long-lived keys.",
    spec: "I. Codebase — files that must never be committed: cloud credential files",
    references: &[
        "https://cwe.mitre.org/data/definitions/798.html",
        "https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html",
    ],
    doc: r#"## What it does
Finds AWS shared credentials and config files (`.aws/credentials`, `.aws/config`, or any file
with `[profile]` sections and an `aws_secret_access_key`) holding a literal secret access key.
Temporary credentials (an `aws_session_token`, or an `ASIA` key id) are reported at high
rather than critical: they expire within hours. One finding per profile, on the
`aws_secret_access_key` line, addressed
`[<profile>] aws_secret_access_key`; the evidence shows the key id's prefix, never the secret.

Not reported: AWS's documented example credentials (`AKIAIOSFODNN7EXAMPLE` /
`wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`), placeholders, and values that do not look like a
key (no spaces, quotes or brackets, at least 16 characters of the key alphabet), so prose and code
that merely mention `aws_secret_access_key = os.environ[...]` stay quiet.

## Why is this bad?
A long-lived IAM access key works from anywhere until someone deactivates it. Automated scanners
find keys pushed to public repositories within minutes and use them for crypto-mining,
data theft and ransom; in a private repository every reader, CI job and backup holds the key.

## How to fix
1. In IAM, deactivate the key (`aws iam update-access-key --status Inactive`), check CloudTrail
   for its use, then delete it.
2. Remove the file from git and history.
3. Replace long-lived keys: IAM Identity Center (`aws configure sso`) for people, roles for
   workloads (instance profiles, IRSA, ECS task roles), OIDC federation for CI.

## Example
```ini
[deploy]
aws_access_key_id = AKIA...
aws_secret_access_key = Zk3...
```
Use instead:
```ini
[profile deploy]
sso_session = acme
sso_account_id = 123456789012
sso_role_name = Deployer
```
"#,
};

pub struct AwsCredentialsFile;

/// Values masked in every snippet of this file.
const SECRET_KEYS: &[&str] = &[
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
];

const EXAMPLE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const EXAMPLE_KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";

/// Shaped like a secret access key: a token of the key alphabet, long enough to be one.
fn looks_like_secret(value: &str) -> bool {
    value.len() >= 16
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'+' | b'='))
}

impl Rule for AwsCredentialsFile {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn kinds(&self) -> &'static [DocKind] {
        &[DocKind::AwsCredentials]
    }

    fn check_file(&self, file: &SourceFile, out: &mut FileEmitter<'_>) {
        let Ok(doc) = file.parsed::<IniDocument>() else {
            return;
        };
        let values: Vec<_> = doc
            .entries
            .iter()
            .filter(|e| SECRET_KEYS.iter().any(|k| e.key.eq_ignore_ascii_case(k)))
            .map(|e| e.value_span.clone())
            .collect();
        for entry in doc.entries_named("aws_secret_access_key") {
            let Some(section) = entry.section.as_deref() else {
                continue;
            };
            let secret = entry.value.as_str();
            if secret == EXAMPLE_SECRET
                || secret.contains("EXAMPLE")
                || is_placeholder(secret)
                || !looks_like_secret(secret)
            {
                continue;
            }
            let key_id = doc
                .get(Some(section), "aws_access_key_id")
                .map(|e| e.value.as_str());
            if key_id == Some(EXAMPLE_KEY_ID) {
                continue;
            }
            let profile = section.strip_prefix("profile ").unwrap_or(section).trim();
            let mut evidence = match key_id.filter(|k| !k.is_empty()) {
                Some(id) => format!("aws_access_key_id {}", redact_secret(id)),
                None => "no aws_access_key_id in the profile".to_string(),
            };
            evidence.push_str(&format!(", secret {} chars", secret.len()));
            // Temporary credentials (`ASIA` key ids with a session token) expire within hours.
            let temporary = doc.get(Some(section), "aws_session_token").is_some()
                || key_id.is_some_and(|k| k.starts_with("ASIA"));
            let (message, severity) = if temporary {
                (
                    format!("AWS profile `{profile}` holds literal temporary credentials (secret access key and session token)"),
                    Severity::High,
                )
            } else {
                (
                    format!("AWS profile `{profile}` holds a literal long-lived secret access key"),
                    Severity::Critical,
                )
            };
            let mut finding = out
                .finding(&META, entry.span.clone())
                .message(message)
                .severity(severity)
                .evidence(evidence)
                .address(format!("[{section}] aws_secret_access_key"));
            for range in super::values_near(file, &entry.span, values.iter().cloned()) {
                finding = finding.redact(range);
            }
            finding.emit();
        }
    }
}
