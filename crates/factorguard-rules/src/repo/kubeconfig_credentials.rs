//! FG1004 `kubeconfig-credentials`: a kubeconfig whose users carry inline credentials.

use crate::documents::{Entry, Node, YamlDocument};
use crate::values::is_placeholder;
use factorguard_core::{
    redact_secret, Cia, DocKind, Factor, FileEmitter, Rule, RuleMeta, Severity, SourceFile, Stride,
};

pub static META: RuleMeta = RuleMeta {
    id: "FG1004",
    slug: "kubeconfig-credentials",
    title: "kubeconfig with inline credentials committed",
    factor: Factor::I,
    stride: &[Stride::Spoofing, Stride::ElevationOfPrivilege],
    cia: &[Cia::Confidentiality, Cia::Integrity, Cia::Availability],
    default_severity: Severity::High,
    remediation: "Revoke the credential, remove the kubeconfig from git, and authenticate with an exec plugin (cloud CLI, OIDC) instead of inline secrets.",
    spec: "I. Codebase — files that must never be committed: kubeconfigs",
    references: &[
        "https://cwe.mitre.org/data/definitions/522.html",
        "https://cwe.mitre.org/data/definitions/798.html",
        "https://kubernetes.io/docs/reference/access-authn-authz/authentication/",
    ],
    doc: r#"## What it does
Finds kubeconfig files (`kind: Config` with a `users:` list) whose users carry credentials inline:

- `client-key-data` (the client certificate's private key),
- `token` (a bearer or service-account token),
- `password` (basic auth),
- `auth-provider.config` with `client-secret`, `id-token`, `refresh-token` or `access-token`.

One finding per credential, on its key, addressed `users[<name>].user.<field>`. Users that
authenticate through an `exec:` plugin, a `tokenFile`, or `client-key` / `client-certificate`
*paths* are not reported, nor are empty or placeholder values. A kubeconfig that is not valid YAML
is reported as a parse error (FG0001).

## Why is this bad?
A kubeconfig with inline credentials is a ready-to-use login to the cluster. Client certificates
cannot be revoked in Kubernetes short of rotating the cluster CA, service-account tokens often
never expire, and admin kubeconfigs written by installers (`kubeadm`, `k3s`, `kind`) carry
`system:masters` certificates that bypass RBAC entirely.

## How to fix
1. Revoke what leaked: delete and recreate the service account or its token secret, rotate the
   user's password or OIDC client secret; for a client certificate, remove the user's RBAC
   bindings and plan a CA rotation if it belongs to `system:masters`.
2. Remove the file from git and history; keep kubeconfigs in `~/.kube/` or in CI secrets.
3. Prefer short-lived credentials from an exec plugin (`aws eks get-token`,
   `gke-gcloud-auth-plugin`, `kubelogin`).

## Example
```yaml
apiVersion: v1
kind: Config
users:
- name: deployer
  user:
    token: eyJhbGciOiJSUzI1NiIsImtpZCI6Ik...
```
Use instead:
```yaml
users:
- name: deployer
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: ["eks", "get-token", "--cluster-name", "prod"]
```
"#,
};

pub struct KubeconfigCredentials;

/// Inline credential fields of `users[].user`.
const USER_FIELDS: &[(&str, &str)] = &[
    ("client-key-data", "client private key"),
    ("token", "bearer token"),
    ("password", "basic-auth password"),
];

/// Credential fields of `users[].user.auth-provider.config`.
const PROVIDER_FIELDS: &[(&str, &str)] = &[
    ("client-secret", "OIDC client secret"),
    ("id-token", "OIDC ID token"),
    ("refresh-token", "OIDC refresh token"),
    ("access-token", "access token"),
];

impl Rule for KubeconfigCredentials {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn kinds(&self) -> &'static [DocKind] {
        &[DocKind::Kubeconfig]
    }

    fn check_file(&self, file: &SourceFile, out: &mut FileEmitter<'_>) {
        let Ok(doc) = file.parsed::<YamlDocument>() else {
            return;
        };
        let mut found = Vec::new();
        for root in &doc.documents {
            if root.get_str("kind").is_some_and(|k| k != "Config") {
                continue;
            }
            let Some(users) = root.get("users").and_then(Node::as_sequence) else {
                continue;
            };
            for (i, user) in users.iter().enumerate() {
                let name = user
                    .get("name")
                    .and_then(Node::as_scalar_str)
                    .map_or_else(|| i.to_string(), str::to_string);
                let Some(spec) = user.get("user") else {
                    continue;
                };
                for (field, what) in USER_FIELDS {
                    if let Some(entry) = spec.entry(field) {
                        found.push(Credential {
                            entry,
                            user: name.clone(),
                            field: (*field).to_string(),
                            what,
                        });
                    }
                }
                let config = spec.get("auth-provider").and_then(|p| p.get("config"));
                for (field, what) in PROVIDER_FIELDS {
                    if let Some(entry) = config.and_then(|c| c.entry(field)) {
                        found.push(Credential {
                            entry,
                            user: name.clone(),
                            field: format!("auth-provider.config.{field}"),
                            what,
                        });
                    }
                }
            }
        }
        // Every credential value, reported or not, is masked wherever a snippet shows it.
        let values: Vec<_> = found.iter().map(|c| c.entry.value.span.clone()).collect();
        for credential in &found {
            report(file, out, credential, &values);
        }
    }
}

struct Credential<'d> {
    entry: &'d Entry,
    user: String,
    field: String,
    what: &'static str,
}

fn report(
    file: &SourceFile,
    out: &mut FileEmitter<'_>,
    credential: &Credential<'_>,
    values: &[std::ops::Range<usize>],
) {
    let Credential {
        entry,
        user,
        field,
        what,
    } = credential;
    let field = field.as_str();
    let Some(value) = entry.value.as_scalar_str() else {
        return;
    };
    if is_placeholder(value) {
        return;
    }
    let address = format!("users[{user}].user.{field}");
    let evidence = if field == "client-key-data" {
        format!("base64 client key, {} chars", value.len())
    } else {
        format!("{what}: {}", redact_secret(value))
    };
    let span = entry.line_span(file.bytes);
    let mut finding = out
        .finding(&META, span.clone())
        .message(format!(
            "kubeconfig user `{user}` carries an inline {what} (`{field}`)"
        ))
        .evidence(evidence)
        .address(address);
    for range in super::values_near(file, &span, values.iter().cloned()) {
        finding = finding.redact(range);
    }
    finding.emit();
}
