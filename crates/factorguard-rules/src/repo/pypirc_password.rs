//! FG1006 `pypirc-password`: a `.pypirc` with a literal password or API token.

use crate::documents::ini::IniDocument;
use crate::values::is_placeholder;
use factorguard_core::{
    redact_secret, Cia, DocKind, Factor, FileEmitter, Rule, RuleMeta, Severity, SourceFile, Stride,
};

pub static META: RuleMeta = RuleMeta {
    id: "FG1006",
    slug: "pypirc-password",
    title: ".pypirc with a password committed",
    factor: Factor::I,
    stride: &[Stride::Spoofing, Stride::Tampering],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::High,
    remediation: "Revoke the token or password, delete it from `.pypirc`, and pass it through `TWINE_PASSWORD` or trusted publishing instead.",
    spec: "I. Codebase — files that must never be committed: `.pypirc` with credentials",
    references: &[
        "https://cwe.mitre.org/data/definitions/798.html",
        "https://packaging.python.org/en/latest/specifications/pypirc/",
    ],
    doc: r#"## What it does
Finds `.pypirc` files whose repository sections (`[pypi]`, `[testpypi]`, a private index) carry a
literal `password`. With `username = __token__` (or a value starting with `pypi-`) it is a PyPI
API token, the common case. Empty and placeholder values (`<token>`, `${PYPI_TOKEN}`) are not
reported. One finding per section, on the `password` line, with the value masked.

## Why is this bad?
The credential can upload releases: whoever reads it can publish a malicious version of your
package to everyone who installs it, or delete releases.

## How to fix
1. Revoke the token on the index's account page (or change the password) and create a
   project-scoped token.
2. Remove `password` from `.pypirc`; give twine the token through `TWINE_PASSWORD` from CI
   secrets, a keyring (`keyring set https://upload.pypi.org/legacy/ __token__`), or better,
   PyPI trusted publishing from CI (no long-lived token at all).
3. Purge the old value from git history.

## Example
```ini
[pypi]
username = __token__
password = pypi-AgEIcHlwaS5vcmcC...
```
Use instead:
```ini
[pypi]
username = __token__
```
with `TWINE_PASSWORD` set by the CI job.
"#,
};

pub struct PypircPassword;

impl Rule for PypircPassword {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn kinds(&self) -> &'static [DocKind] {
        &[DocKind::Pypirc]
    }

    fn check_file(&self, file: &SourceFile, out: &mut FileEmitter<'_>) {
        let Ok(doc) = file.parsed::<IniDocument>() else {
            return;
        };
        let values: Vec<_> = doc
            .entries_named("password")
            .map(|e| e.value_span.clone())
            .collect();
        for entry in doc.entries_named("password") {
            let Some(section) = entry.section.as_deref() else {
                continue;
            };
            if is_placeholder(&entry.value) {
                continue;
            }
            let username = doc.get(Some(section), "username").map(|u| u.value.as_str());
            let what = if username == Some("__token__") || entry.value.starts_with("pypi-") {
                "API token"
            } else {
                "password"
            };
            let mut message = format!("`.pypirc` section [{section}] holds a literal {what}");
            if let Some(user) = username.filter(|u| *u != "__token__" && !u.is_empty()) {
                message.push_str(&format!(" for user `{user}`"));
            }
            let mut finding = out
                .finding(&META, entry.span.clone())
                .message(message)
                .evidence(format!("{what}: {}", redact_secret(&entry.value)))
                .address(format!("[{section}] password"));
            for range in super::values_near(file, &entry.span, values.iter().cloned()) {
                finding = finding.redact(range);
            }
            finding.emit();
        }
    }
}
