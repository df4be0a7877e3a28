//! FG1007 `docker-config-auth`: a docker client config with stored registry credentials.

use crate::documents::{JsonDocument, Node};
use crate::values::{decode_base64, is_placeholder};
use factorguard_core::{
    redact_secret, Cia, DocKind, Factor, FileEmitter, Rule, RuleMeta, Severity, SourceFile, Stride,
};

pub static META: RuleMeta = RuleMeta {
    id: "FG1007",
    slug: "docker-config-auth",
    title: "Docker client config with registry credentials committed",
    factor: Factor::I,
    stride: &[Stride::Spoofing, Stride::Tampering],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::High,
    remediation: "Revoke the registry password or token, remove the file from git, and use a credential helper (`credsStore`/`credHelpers`) or CI secrets.",
    spec: "I. Codebase — files that must never be committed: docker `config.json` with credentials",
    references: &[
        "https://cwe.mitre.org/data/definitions/522.html",
        "https://docs.docker.com/reference/cli/docker/login/#credential-stores",
    ],
    doc: r#"## What it does
Finds docker client configurations (`.docker/config.json`, `.dockercfg`, or any JSON file with an
`auths` object) that store registry credentials in the file: `auths.<registry>.auth` (base64
`user:password`), `identitytoken`, `registrytoken` or `password`. One finding per registry,
addressed `auths["<registry>"]`, on the first credential key; the evidence names the user
(decoded from `auth`), never the password. Configs that only name a `credsStore` or
`credHelpers`, or whose `auths` entries are empty, are not reported. A file that is not valid JSON
is reported as a parse error (FG0001).

## Why is this bad?
`docker login` without a credential helper writes the password, base64-encoded (not encrypted),
into this file. Whoever reads it can pull private images (and the secrets baked into them) and
push images that your deployments will then run.

## How to fix
1. Revoke the password or token at the registry (Docker Hub access tokens, the cloud registry's
   service account) and issue a new, narrowly scoped one.
2. Remove the file from git and history.
3. Configure a credential helper (`"credsStore": "desktop"`, `"credHelpers": {"123456789012.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login"}`)
   and, in CI, log in from CI secrets at job time.

## Example
```json
{ "auths": { "registry.example.com": { "auth": "Y2ktYm90OnMzY3JldA==" } } }
```
Use instead:
```json
{ "credHelpers": { "registry.example.com": "secretservice" } }
```
"#,
};

pub struct DockerConfigAuth;

const FIELDS: &[&str] = &["auth", "identitytoken", "registrytoken", "password"];

impl Rule for DockerConfigAuth {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn kinds(&self) -> &'static [DocKind] {
        &[DocKind::DockerConfig]
    }

    fn check_file(&self, file: &SourceFile, out: &mut FileEmitter<'_>) {
        let Ok(doc) = file.parsed::<JsonDocument>() else {
            return;
        };
        // `config.json` nests registries under `auths`; the legacy `.dockercfg` is the map itself.
        let registries = match doc.root.get("auths") {
            Some(auths) => auths,
            None if file.file_name() == ".dockercfg" => &doc.root,
            None => return,
        };
        let Some(registries) = registries.as_mapping() else {
            return;
        };
        let values: Vec<_> = registries
            .iter()
            .flat_map(|r| FIELDS.iter().filter_map(|f| r.value.get(f)))
            .map(string_inside)
            .collect();
        for registry in registries {
            let Some(name) = registry.key_str() else {
                continue;
            };
            let found: Vec<_> = FIELDS
                .iter()
                .filter_map(|field| {
                    let entry = registry.value.entry(field)?;
                    let value = entry.value.as_str()?;
                    (!is_placeholder(value)).then_some((*field, entry, value))
                })
                .collect();
            let Some((_, first_entry, _)) = found.first() else {
                continue;
            };
            let mut evidence = Vec::new();
            for (field, _, value) in &found {
                evidence.push(match *field {
                    "auth" => describe_auth(value),
                    _ => format!("{field}: {}", redact_secret(value)),
                });
            }
            let fields: Vec<&str> = found.iter().map(|(f, _, _)| *f).collect();
            let span = first_entry.line_span(file.bytes);
            let mut finding = out
                .finding(&META, span.clone())
                .message(format!(
                    "docker config stores credentials for registry `{name}` ({})",
                    fields.join(", ")
                ))
                .evidence(evidence.join("; "))
                .address(format!("auths[{name:?}]"));
            for range in super::values_near(file, &span, values.iter().cloned()) {
                finding = finding.redact(range);
            }
            finding.emit();
        }
    }
}

/// The bytes inside a JSON string's quotes.
fn string_inside(node: &Node) -> std::ops::Range<usize> {
    if node.span.len() >= 2 {
        node.span.start + 1..node.span.end - 1
    } else {
        node.span.clone()
    }
}

/// `auth` is base64 `user:password`: name the user, measure the password.
fn describe_auth(value: &str) -> String {
    let decoded = decode_base64(value).map(|b| String::from_utf8_lossy(&b).into_owned());
    match decoded.as_deref().and_then(|d| d.split_once(':')) {
        Some((user, password)) if !user.is_empty() && user.chars().all(|c| !c.is_control()) => {
            let user: String = user.chars().take(64).collect();
            format!(
                "auth for user `{user}`, password {} chars",
                password.chars().count()
            )
        }
        _ => format!("auth: {}", redact_secret(value)),
    }
}
