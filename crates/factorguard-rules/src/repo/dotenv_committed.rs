//! FG1002 `dotenv-committed`: a dotenv file holding real credentials is committed.

use crate::documents::dotenv::{DotenvDocument, DotenvEntry};
use crate::values::{
    has_credential_prefix, is_harmless, is_placeholder, is_secret_name, parse_url, redact_url,
    url_has_credentials,
};
use factorguard_core::{
    redact_secret, Cia, DocKind, Factor, FileEmitter, Rule, RuleMeta, Severity, SourceFile, Stride,
};

pub static META: RuleMeta = RuleMeta {
    id: "FG1002",
    slug: "dotenv-committed",
    title: "dotenv file with credentials committed",
    factor: Factor::I,
    stride: &[Stride::InformationDisclosure, Stride::Spoofing],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::High,
    remediation: "Rotate the listed credentials, remove the file from git, ignore `.env`, and commit a `.env.example` with placeholders instead.",
    spec: "I. Codebase — files that must never be committed: `.env` files with values (not `.env.example`)",
    references: &[
        "https://cwe.mitre.org/data/definitions/798.html",
        "https://cwe.mitre.org/data/definitions/540.html",
        "https://12factor.net/config",
    ],
    doc: r#"## What it does
Finds committed dotenv files (`.env`, `.env.production`, `prod.env`, ...) that hold at least one
real credential. Files meant to be committed are skipped by name: any name with an `example`,
`sample`, `template`, `tmpl`, `tpl`, `dist`, `defaults` or `schema` part (`.env.example`,
`.env.local.sample`, `example.env`).

A value counts as a **credential** when it is real (see below) and either
- its name says so: it contains `KEY` (as a word: `API_KEY`, `APIKEY`), `SECRET`, `TOKEN`,
  `PASSWORD`, `PASS`, `PWD`, `AUTH`, `CREDENTIAL`, `PRIVATE`, `DSN`, `DATABASE_URL`,
  `CONNECTION_STRING`, `SIGNING`, `SALT`, `COOKIE` or `SESSION` — public identifiers such as
  `AWS_ACCESS_KEY_ID`, `*_PUBLISHABLE_KEY`, `*_PUBLIC_KEY`, `*_KEY_PATH` excepted; or
- it is a URL with a password (`postgres://app:s3cret@db/app`) or a token as its user name
  (`https://<token>@host/`, a Sentry DSN), whatever its name; or
- it has the prefix of a well-known credential format (`ghp_`, `glpat-`, `sk_live_`, `AKIA`,
  `xoxb-`, `npm_`, `pypi-`, ...).

A value is **not real** when it is empty, a placeholder (`changeme`, `xxx`, `****`, `<api-key>`,
`your-key-here`, `${VAR}`, `$VAR`, `{{ var }}`, `TODO`, `dummy`, anything containing `example`
or `placeholder`), or obviously not secret (`true`/`false`, numbers, `development`/`production`,
log levels, `localhost` URLs without a password). A URL's credential is judged by its password
alone.

**Choice:** the rule fires only when the file holds at least one credential. A committed `.env`
with only `PORT=8080` and `LOG_LEVEL=debug` is a config smell, not a leak, and reporting it
would drown the real leaks; FG1010 makes sure `.env` is ignored in the first place. The one
finding per file points at the first credential line (the line a reviewer must act on), names
every credential key and counts all real values; values are masked in the snippet and never
appear in the message.

## Why is this bad?
A dotenv file is where an app's real configuration lives: database passwords, API keys, signing
secrets. Committed, every clone, fork, CI log and backup carries them, and they stay in git history
after the file is deleted. Twelve-factor config belongs in the environment, not in the codebase.

## How to fix
1. Rotate every credential the finding lists: change the database password, revoke and reissue
   the API keys and tokens, replace signing secrets (which also logs users out).
2. `git rm --cached .env`, add `.env` and `.env.*` (with `!.env.example`) to `.gitignore`, and
   purge the file from history (`git filter-repo --path .env --invert-paths`).
3. Commit a `.env.example` with the same keys and placeholder values, and have each environment
   (CI secrets, the platform's config, a secret manager) provide the real values.

## Example
`.env`, committed:
```sh
FLASK_ENV=production
SECRET_KEY=9f1c0e7a2b8d4f6e3a5c7b9d1e2f4a6c
DATABASE_URL=postgres://app:Tr1cky-Pa55@db.internal:5432/app
```
Use instead: `.env.example`, committed, with `.env` ignored:
```sh
FLASK_ENV=development
SECRET_KEY=changeme
DATABASE_URL=postgres://app:${DB_PASSWORD}@localhost:5432/app
```
"#,
};

pub struct DotenvCommitted;

/// Name parts of dotenv files meant to be committed.
const TEMPLATE_PARTS: &[&str] = &[
    "example",
    "examples",
    "sample",
    "samples",
    "template",
    "templates",
    "tmpl",
    "tpl",
    "dist",
    "defaults",
    "default",
    "schema",
];

/// Is this a template dotenv file, meant to be committed (`.env.example`, `example.env`)?
pub fn is_template_name(file_name: &str) -> bool {
    file_name
        .to_ascii_lowercase()
        .split(['.', '-', '_'])
        .any(|part| TEMPLATE_PARTS.contains(&part))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    NotReal,
    Real,
    Credential,
}

fn classify(entry: &DotenvEntry) -> Class {
    let value = entry.value.trim();
    if let Some(url) = parse_url(value) {
        if url_has_credentials(value) {
            return Class::Credential;
        }
        // A token as the user name (`https://<token>@host`, a Sentry DSN's key).
        let token_user = url.user.is_some_and(|u| {
            u.len() >= 16
                && !is_placeholder(u)
                && u.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        });
        if url.password.is_none() && token_user {
            return Class::Credential;
        }
        if url.password.is_some() || is_harmless(value) {
            // A placeholder password, or a local URL without one.
            return Class::NotReal;
        }
        return Class::Real;
    }
    if is_placeholder(value) || is_harmless(value) {
        return Class::NotReal;
    }
    if is_secret_name(&entry.key) || has_credential_prefix(value) {
        Class::Credential
    } else {
        Class::Real
    }
}

/// How many names the message lists before summarising.
const MAX_NAMES: usize = 8;

impl Rule for DotenvCommitted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn kinds(&self) -> &'static [DocKind] {
        &[DocKind::Dotenv]
    }

    fn check_file(&self, file: &SourceFile, out: &mut FileEmitter<'_>) {
        if is_template_name(file.file_name()) {
            return;
        }
        let Ok(doc) = file.parsed::<DotenvDocument>() else {
            return;
        };
        let classes: Vec<Class> = doc.entries.iter().map(classify).collect();
        let credentials: Vec<&DotenvEntry> = doc
            .entries
            .iter()
            .zip(&classes)
            .filter(|(_, c)| **c == Class::Credential)
            .map(|(e, _)| e)
            .collect();
        let Some(first) = credentials.first() else {
            return;
        };
        let real = classes.iter().filter(|c| **c != Class::NotReal).count();
        let mut names: Vec<&str> = Vec::new();
        for entry in &credentials {
            if !names.contains(&entry.key.as_str()) {
                names.push(&entry.key);
            }
        }
        let mut listed = names
            .iter()
            .take(MAX_NAMES)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if names.len() > MAX_NAMES {
            listed.push_str(&format!(" and {} more", names.len() - MAX_NAMES));
        }
        let message = format!(
            "committed dotenv file holds {real} real value{}, {} of them credential{}: {listed}",
            if real == 1 { "" } else { "s" },
            credentials.len(),
            if credentials.len() == 1 { "" } else { "s" },
        );
        let evidence = if parse_url(first.value.trim()).is_some() {
            format!("{}={}", first.key, redact_url(first.value.trim()))
        } else {
            format!("{}={}", first.key, redact_secret(first.value.trim()))
        };
        // Mask every real value the snippet can show (the flagged line and its neighbours).
        let index = file.line_index();
        let line = index.line_of(first.span.start);
        let mut finding = out
            .finding(&META, first.span.clone())
            .message(message)
            .evidence(evidence)
            .address(format!("key {}", first.key))
            .fingerprint_key("committed dotenv file");
        for (entry, class) in doc.entries.iter().zip(&classes) {
            let near = index.line_of(entry.value_span.start).abs_diff(line) <= 3
                || index.line_of(entry.value_span.end).abs_diff(line) <= 3;
            if *class != Class::NotReal && near && !entry.value_span.is_empty() {
                finding = finding.redact(entry.value_span.clone());
            }
        }
        finding.emit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_names() {
        for name in [
            ".env.example",
            ".env.sample",
            ".env.local.template",
            "example.env",
            ".env.dist",
            ".env.defaults",
            ".env-sample",
        ] {
            assert!(is_template_name(name), "{name}");
        }
        for name in [".env", ".env.production", "prod.env", ".env.local"] {
            assert!(!is_template_name(name), "{name}");
        }
    }
}
