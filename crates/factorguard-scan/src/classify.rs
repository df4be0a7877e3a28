//! Classification: which document kinds a file is, from its path and, for formats that share an
//! extension (YAML, JSON, INI), a cheap look at its content. Each check is a name comparison or a
//! substring search, so classifying costs little next to reading the file.

use factorguard_core::{DocKind, KindSet};
use memchr::memmem;
use std::sync::LazyLock;

/// Markers looked for in every text file. Each is a long literal with rare bytes, so one SIMD
/// `memmem` pass per marker (finders built once) measured faster than a single Aho-Corasick pass,
/// whose Teddy prefilter keys on common leading bytes (`a`, `f`) and verifies too many candidates.
const MARKERS: [&str; 4] = [
    "PRIVATE KEY",
    "PuTTY-User-Key-File-",
    "aws_secret_access_key",
    "factorguard:ignore",
];
const PRIVATE_KEY: u8 = 1 << 0;
const PUTTY_KEY: u8 = 1 << 1;
const AWS_SECRET: u8 = 1 << 2;
const SUPPRESSION: u8 = 1 << 3;

static MARKER_FINDERS: LazyLock<Vec<memmem::Finder<'static>>> = LazyLock::new(|| {
    MARKERS
        .iter()
        .map(|m| memmem::Finder::new(m.as_bytes()))
        .collect()
});

/// Which markers a text file holds (a bit per entry of `MARKERS`).
fn markers(bytes: &[u8]) -> u8 {
    let mut seen = 0u8;
    for (n, finder) in MARKER_FINDERS.iter().enumerate() {
        let bit = 1u8 << n;
        let found = if bit == PRIVATE_KEY {
            // An armour line: `PRIVATE KEY-----` or PGP's `PRIVATE KEY BLOCK-----`.
            finder.find_iter(bytes).any(|at| {
                let rest = &bytes[at + MARKERS[n].len()..];
                rest.starts_with(b"-----") || rest.starts_with(b" BLOCK-----")
            })
        } else {
            finder.find(bytes).is_some()
        };
        if found {
            seen |= bit;
        }
    }
    seen
}

/// A file's kinds and whether it holds a suppression comment worth parsing.
pub struct Classification {
    pub kinds: KindSet,
    pub has_suppressions: bool,
}

/// Kinds of a file that is not binary (or is a binary format we understand).
pub fn classify(path: &str, bytes: &[u8], binary: bool) -> KindSet {
    classify_file(path, bytes, binary).kinds
}

/// [`classify`], plus the hint the pipeline uses to skip the suppression parser.
pub fn classify_file(path: &str, bytes: &[u8], binary: bool) -> Classification {
    let markers = if binary { 0 } else { markers(bytes) };
    Classification {
        kinds: kinds_of(path, bytes, binary, markers),
        has_suppressions: markers & SUPPRESSION != 0,
    }
}

fn kinds_of(path: &str, bytes: &[u8], binary: bool, markers: u8) -> KindSet {
    let mut kinds = KindSet::EMPTY;
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let parent = parent_dir_name(path);

    if binary {
        if lower.ends_with(".p12") || lower.ends_with(".pfx") || looks_like_pkcs12(bytes) {
            kinds.insert(DocKind::PrivateKey);
        }
        return kinds;
    }
    kinds.insert(DocKind::Text);
    let ext = extension(&lower);

    // Structured formats by extension.
    match ext {
        "yml" | "yaml" => kinds.insert(DocKind::Yaml),
        "json" => kinds.insert(DocKind::Json),
        "toml" => kinds.insert(DocKind::Toml),
        "tf" => kinds.insert(DocKind::Terraform),
        "tfvars" => kinds.insert(DocKind::TerraformVars),
        "service" | "socket" | "timer" | "mount" | "path" | "target"
            if !path.contains("/.git/") =>
        {
            kinds.insert(DocKind::Systemd)
        }
        _ => {}
    }
    if lower.ends_with(".tf.json") {
        kinds.insert(DocKind::TerraformJson);
    }
    if lower.ends_with(".tfvars.json") {
        kinds.insert(DocKind::TerraformVars);
    }
    if lower.ends_with(".tfstate") || lower.ends_with(".tfstate.backup") {
        kinds.insert(DocKind::TerraformState);
    }

    // Files known by name.
    match lower.as_str() {
        ".gitignore" => kinds.insert(DocKind::Gitignore),
        ".npmrc" => kinds.insert(DocKind::Npmrc),
        ".pypirc" => kinds.insert(DocKind::Pypirc),
        ".dockercfg" => kinds.insert(DocKind::DockerConfig),
        "procfile" => kinds.insert(DocKind::Procfile),
        "kubeconfig" => kinds.insert(DocKind::Kubeconfig),
        ".gitlab-ci.yml" | ".gitlab-ci.yaml" => kinds.insert(DocKind::GitlabCi),
        "package-lock.json"
        | "npm-shrinkwrap.json"
        | "yarn.lock"
        | "pnpm-lock.yaml"
        | "cargo.lock"
        | "poetry.lock"
        | "pipfile.lock"
        | "uv.lock"
        | "go.sum"
        | "gemfile.lock"
        | "composer.lock"
        | "gradle.lockfile"
        | "packages.lock.json" => kinds.insert(DocKind::Lockfile),
        "package.json" | "cargo.toml" | "pyproject.toml" | "pipfile" | "go.mod" | "gemfile"
        | "composer.json" | "pom.xml" | "build.gradle" | "build.gradle.kts" | "setup.py"
        | "setup.cfg" => kinds.insert(DocKind::DependencyManifest),
        _ => {}
    }
    if (lower.starts_with("requirements") && lower.ends_with(".txt"))
        || lower.ends_with(".requirements.txt")
    {
        kinds.insert(DocKind::DependencyManifest);
    }
    if is_dockerfile(&lower) {
        kinds.insert(DocKind::Dockerfile);
    }
    if is_dotenv(&lower) {
        kinds.insert(DocKind::Dotenv);
    }
    if lower.ends_with(".kubeconfig") || (parent == ".kube" && lower == "config") {
        kinds.insert(DocKind::Kubeconfig);
    }
    if parent == ".docker" && lower == "config.json" {
        kinds.insert(DocKind::DockerConfig);
    }
    if parent == ".aws" && (lower == "credentials" || lower == "config") {
        kinds.insert(DocKind::AwsCredentials);
    }
    if is_compose(&lower) {
        kinds.insert(DocKind::Compose);
    }
    if (ext == "yml" || ext == "yaml") && path.contains(".github/workflows/") {
        kinds.insert(DocKind::GithubWorkflow);
    }
    if is_source_code(ext) {
        kinds.insert(DocKind::SourceCode);
    }

    // Content sniffing: cheap substring searches, only where the name leaves the kind open.
    if kinds.contains(DocKind::Json) {
        if contains(bytes, b"\"auths\"") {
            kinds.insert(DocKind::DockerConfig);
        }
        if contains(bytes, b"\"service_account\"") && contains(bytes, b"\"private_key\"") {
            kinds.insert(DocKind::GcpServiceAccount);
        }
        if contains(bytes, b"\"format_version\"") && contains(bytes, b"\"planned_values\"") {
            kinds.insert(DocKind::TerraformPlan);
        }
    }
    if kinds.contains(DocKind::Yaml) && !kinds.contains(DocKind::Compose) {
        if has_line_starting(bytes, b"kind: Config")
            && contains(bytes, b"clusters:")
            && contains(bytes, b"users:")
        {
            kinds.insert(DocKind::Kubeconfig);
        } else if has_line_starting(bytes, b"apiVersion:") && has_line_starting(bytes, b"kind:") {
            kinds.insert(DocKind::Kubernetes);
        }
    }
    if markers & AWS_SECRET != 0 && has_line_starting(bytes, b"[") {
        kinds.insert(DocKind::AwsCredentials);
    }
    if markers & (PRIVATE_KEY | PUTTY_KEY) != 0 {
        kinds.insert(DocKind::PrivateKey);
    }
    kinds
}

/// Whether a file's first bytes look binary (a NUL byte, as git and ripgrep judge it). Text in
/// UTF-16 with a byte-order mark is full of NULs but is text: see [`decode_utf16`].
pub fn looks_binary(head: &[u8]) -> bool {
    utf16_order(head).is_none() && memchr::memchr(0, head).is_some()
}

/// Byte order of a UTF-16 text from its byte-order mark: `Some(true)` little-endian.
fn utf16_order(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(true),
        [0xFE, 0xFF, ..] => Some(false),
        _ => None,
    }
}

/// A UTF-16 file (with a byte-order mark: Windows tools write these, PowerShell scripts and
/// `.reg` exports among them) as UTF-8, so rules read it like any text; lines are unchanged.
/// Unpaired surrogates become U+FFFD. `None` for anything that is not UTF-16 with a BOM.
pub fn decode_utf16(bytes: &[u8]) -> Option<Vec<u8>> {
    let little_endian = utf16_order(bytes)?;
    let units = bytes[2..].chunks_exact(2).map(|pair| {
        if little_endian {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    let text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    Some(text.into_bytes())
}

/// PKCS#12: a DER SEQUENCE, `INTEGER 3` (the PFX version), then PKCS#7 `data` content.
fn looks_like_pkcs12(bytes: &[u8]) -> bool {
    const PKCS7_DATA_OID: &[u8] = &[
        0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01,
    ];
    let head = &bytes[..bytes.len().min(64)];
    head.first() == Some(&0x30)
        && contains(head, &[0x02, 0x01, 0x03])
        && contains(head, PKCS7_DATA_OID)
}

fn extension(lower_name: &str) -> &str {
    match lower_name.rfind('.') {
        Some(i) if i > 0 => &lower_name[i + 1..],
        _ => "",
    }
}

fn parent_dir_name(path: &str) -> &str {
    let mut parts = path.rsplit('/');
    parts.next();
    parts.next().unwrap_or("")
}

fn is_dockerfile(lower: &str) -> bool {
    lower == "dockerfile"
        || lower == "containerfile"
        || lower.starts_with("dockerfile.")
        || lower.ends_with(".dockerfile")
        || lower.starts_with("containerfile.")
}

fn is_dotenv(lower: &str) -> bool {
    lower == ".env" || lower.starts_with(".env.") || (lower.ends_with(".env") && lower.len() > 4)
}

fn is_compose(lower: &str) -> bool {
    let stem = lower.trim_end_matches(".yml").trim_end_matches(".yaml");
    (lower.ends_with(".yml") || lower.ends_with(".yaml"))
        && (stem == "docker-compose"
            || stem == "compose"
            || stem.starts_with("docker-compose.")
            || stem.starts_with("compose."))
}

fn is_source_code(ext: &str) -> bool {
    matches!(
        ext,
        "py" | "js"
            | "mjs"
            | "cjs"
            | "jsx"
            | "ts"
            | "tsx"
            | "go"
            | "java"
            | "kt"
            | "kts"
            | "scala"
            | "rb"
            | "rs"
            | "php"
            | "cs"
            | "c"
            | "h"
            | "cc"
            | "cpp"
            | "hpp"
            | "swift"
            | "sh"
            | "bash"
            | "zsh"
            | "ps1"
            | "pl"
            | "ex"
            | "exs"
            | "erl"
            | "clj"
            | "groovy"
            | "lua"
            | "r"
            | "dart"
    )
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memmem::find(haystack, needle).is_some()
}

/// A line that starts (column 1) with `prefix`.
fn has_line_starting(bytes: &[u8], prefix: &[u8]) -> bool {
    if bytes.starts_with(prefix) {
        return true;
    }
    let mut needle = Vec::with_capacity(prefix.len() + 1);
    needle.push(b'\n');
    needle.extend_from_slice(prefix);
    contains(bytes, &needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(path: &str, text: &str) -> Vec<DocKind> {
        classify(path, text.as_bytes(), false).iter().collect()
    }

    #[test]
    fn names_and_paths() {
        assert!(kinds(".env", "A=1").contains(&DocKind::Dotenv));
        assert!(kinds("config/.env.production", "").contains(&DocKind::Dotenv));
        assert!(kinds("deploy/prod.env", "").contains(&DocKind::Dotenv));
        assert!(!kinds("src/env.rs", "").contains(&DocKind::Dotenv));
        assert!(kinds("infra/terraform.tfstate", "{}").contains(&DocKind::TerraformState));
        assert!(kinds("infra/terraform.tfstate.backup", "{}").contains(&DocKind::TerraformState));
        assert!(kinds("home/.docker/config.json", "{}").contains(&DocKind::DockerConfig));
        assert!(kinds("home/.aws/credentials", "").contains(&DocKind::AwsCredentials));
        assert!(kinds("home/.kube/config", "").contains(&DocKind::Kubeconfig));
        assert!(kinds("Dockerfile.prod", "").contains(&DocKind::Dockerfile));
        assert!(kinds("docker-compose.override.yml", "").contains(&DocKind::Compose));
        assert!(kinds(".github/workflows/ci.yml", "").contains(&DocKind::GithubWorkflow));
        assert!(kinds("main.tf", "").contains(&DocKind::Terraform));
        assert!(kinds("main.tf.json", "{}").contains(&DocKind::TerraformJson));
    }

    #[test]
    fn content_sniffing() {
        let sa = r#"{"type": "service_account", "private_key": "x"}"#;
        assert!(kinds("keys/deployer.json", sa).contains(&DocKind::GcpServiceAccount));
        assert!(kinds("any.json", r#"{"auths": {}}"#).contains(&DocKind::DockerConfig));
        let kube = "apiVersion: v1\nkind: Config\nclusters: []\nusers: []\n";
        let k = kinds("admin.yaml", kube);
        assert!(k.contains(&DocKind::Kubeconfig) && !k.contains(&DocKind::Kubernetes));
        let deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {}\n";
        assert!(kinds("k8s/web.yaml", deploy).contains(&DocKind::Kubernetes));
        assert!(kinds("id_rsa", "-----BEGIN RSA PRIVATE KEY-----\n").contains(&DocKind::PrivateKey));
        assert!(
            kinds("release.asc", "-----BEGIN PGP PRIVATE KEY BLOCK-----\n")
                .contains(&DocKind::PrivateKey)
        );
        assert!(kinds("creds.ini", "[default]\naws_secret_access_key = x\n")
            .contains(&DocKind::AwsCredentials));
    }

    #[test]
    fn one_pass_finds_every_marker() {
        let text = b"x factorguard:ignore[FG1] y\n-----BEGIN PGP PRIVATE KEY BLOCK-----\n[p]\naws_secret_access_key=1\nPuTTY-User-Key-File-3: x";
        assert_eq!(
            markers(text),
            PRIVATE_KEY | PUTTY_KEY | AWS_SECRET | SUPPRESSION
        );
        assert_eq!(markers(b"nothing to see"), 0);
        let c = classify_file("notes.sh", b"# factorguard:ignore[FG1] reason=x\n", false);
        assert!(c.has_suppressions);
    }

    #[test]
    fn utf16_text_is_decoded_not_skipped() {
        let mut le = vec![0xFF, 0xFE];
        for unit in "A=ß\r\n".encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
        }
        assert!(!looks_binary(&le));
        assert_eq!(decode_utf16(&le).unwrap(), "A=ß\r\n".as_bytes());
        let mut be = vec![0xFE, 0xFF];
        for unit in "x\u{1F600}".encode_utf16() {
            be.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode_utf16(&be).unwrap(), "x\u{1F600}".as_bytes());
        // An unpaired surrogate and an odd trailing byte do not panic.
        assert_eq!(
            decode_utf16(&[0xFF, 0xFE, 0x00, 0xD8, 0x41]).unwrap(),
            "\u{FFFD}".as_bytes()
        );
        assert!(decode_utf16(b"plain").is_none());
    }

    #[test]
    fn binary_kinds() {
        let pfx = [
            0x30, 0x82, 0x09, 0x61, 0x02, 0x01, 0x03, 0x30, 0x82, 0x09, 0x27, 0x06, 0x09, 0x2A,
            0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01, 0x00,
        ];
        assert!(classify("cert.bin", &pfx, true).contains(DocKind::PrivateKey));
        assert!(classify("bundle.p12", b"\0\0", true).contains(DocKind::PrivateKey));
        assert!(classify("logo.png", b"\x89PNG\0\0", true).is_empty());
        assert!(looks_binary(b"ab\0c"));
        assert!(!classify("k.txt", b"PRIVATE KEY mentioned in prose", false)
            .contains(DocKind::PrivateKey));
        assert!(!looks_binary(b"plain text"));
    }
}
