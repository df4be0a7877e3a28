//! FG1005 `npmrc-auth-token`: an `.npmrc` with a literal registry credential.

use crate::documents::ini::{parse_ini, Delimiters};
use crate::values::is_placeholder;
use factorguard_core::{
    redact_secret, Cia, DocKind, Factor, FileEmitter, Rule, RuleMeta, Severity, SourceFile, Stride,
};

pub static META: RuleMeta = RuleMeta {
    id: "FG1005",
    slug: "npmrc-auth-token",
    title: ".npmrc with a registry credential committed",
    factor: Factor::I,
    stride: &[Stride::Spoofing, Stride::Tampering],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::High,
    remediation: "Revoke the token, and reference it from the environment instead: `//registry.npmjs.org/:_authToken=${NPM_TOKEN}`.",
    spec: "I. Codebase — files that must never be committed: `.npmrc` with credentials",
    references: &[
        "https://cwe.mitre.org/data/definitions/798.html",
        "https://docs.npmjs.com/cli/configuring-npm/npmrc",
    ],
    doc: r#"## What it does
Finds `.npmrc` files with a literal registry credential: `_authToken`, `_auth` (base64
`user:password`) or `_password`, whether global or scoped to a registry
(`//registry.npmjs.org/:_authToken=...`). Values that reference the environment
(`${NPM_TOKEN}`), and empty or placeholder values, are not reported. One finding per credential,
on its line, with the value masked.

## Why is this bad?
An npm token usually has publish rights. Whoever reads it can publish a malicious version of
your packages (a supply-chain attack on every user) or read your private packages.

## How to fix
1. Revoke the token (`npm token revoke <id>` or the registry's web UI) and create a new,
   narrowly scoped one (read-only or granular, limited to the packages it needs).
2. Replace the literal with `${NPM_TOKEN}` and set `NPM_TOKEN` in CI secrets or your shell;
   npm expands environment variables in `.npmrc`.
3. Purge the old value from git history.

## Example
```ini
//registry.npmjs.org/:_authToken=npm_8fK2x...
```
Use instead:
```ini
//registry.npmjs.org/:_authToken=${NPM_TOKEN}
```
"#,
};

pub struct NpmrcAuthToken;

const CREDENTIAL_KEYS: &[(&str, &str)] = &[
    ("_authToken", "auth token"),
    ("_auth", "base64 user:password"),
    ("_password", "password"),
];

impl Rule for NpmrcAuthToken {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn kinds(&self) -> &'static [DocKind] {
        &[DocKind::Npmrc]
    }

    fn check_file(&self, file: &SourceFile, out: &mut FileEmitter<'_>) {
        let Some(text) = file.text() else { return };
        let doc = parse_ini(text, file.text_offset(), Delimiters::Equals);
        let is_credential = |key: &str| {
            let setting = key.rsplit_once(':').map_or(key, |(_, s)| s);
            CREDENTIAL_KEYS.iter().any(|(k, _)| *k == setting)
        };
        let values: Vec<_> = doc
            .entries
            .iter()
            .filter(|e| is_credential(&e.key))
            .map(|e| e.value_span.clone())
            .collect();
        for entry in &doc.entries {
            // `//host/path/:_authToken` or a bare `_authToken`.
            let (scope, setting) = match entry.key.rsplit_once(':') {
                Some((scope, setting)) => (Some(scope), setting),
                None => (None, entry.key.as_str()),
            };
            let Some((_, what)) = CREDENTIAL_KEYS.iter().find(|(k, _)| *k == setting) else {
                continue;
            };
            if is_placeholder(&entry.value) || entry.value.contains("${") {
                continue;
            }
            let registry = scope.unwrap_or("the default registry");
            let mut finding = out
                .finding(&META, entry.span.clone())
                .message(format!(
                    "`.npmrc` holds a literal {what} (`{setting}`) for {registry}"
                ))
                .evidence(format!("{setting}={}", redact_secret(&entry.value)))
                .address(entry.key.clone());
            for range in super::values_near(file, &entry.span, values.iter().cloned()) {
                finding = finding.redact(range);
            }
            finding.emit();
        }
    }
}
