//! FG1001 `private-key-file`: a committed file whose content is a private key.

use crate::values::decode_base64;
use factorguard_core::{
    Cia, DocKind, Factor, FileEmitter, Rule, RuleMeta, Severity, SourceFile, Stride,
};
use std::ops::Range;

pub static META: RuleMeta = RuleMeta {
    id: "FG1001",
    slug: "private-key-file",
    title: "Private key file committed",
    factor: Factor::I,
    stride: &[Stride::Spoofing, Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality, Cia::Integrity],
    default_severity: Severity::Critical,
    remediation: "Revoke and replace the key, delete the file, purge it from git history, and load keys from a secret store at run time.",
    spec: "I. Codebase — files that must never be committed: private keys (PEM, OpenSSH, PKCS#12)",
    references: &[
        "https://cwe.mitre.org/data/definitions/321.html",
        "https://cwe.mitre.org/data/definitions/540.html",
    ],
    doc: r#"## What it does
Finds files that *are* private keys, recognised by their content rather than their name:

- PEM private keys: `-----BEGIN RSA PRIVATE KEY-----`, `EC`, `DSA`, PKCS#8 `PRIVATE KEY` and
  `ENCRYPTED PRIVATE KEY`, and `-----BEGIN OPENSSH PRIVATE KEY-----`;
- armored PGP secret keys (`-----BEGIN PGP PRIVATE KEY BLOCK-----`);
- PuTTY keys (`PuTTY-User-Key-File-2:` / `-3:`);
- PKCS#12 bundles (`.p12`, `.pfx`, or any binary file with a PKCS#12 header).

The file must consist of PEM blocks: the first block starts the file (after blank lines, `#`
comments, or the `Bag Attributes` lines that `openssl pkcs12` writes), has a real base64 body and
its matching `END` line. A PEM bundle that holds certificates *and* a key (a `server.pem` with the
chain and the key) is reported; a certificate-only file, a public key (`ssh-rsa AAAA…`,
`BEGIN PUBLIC KEY`) or a documentation stub with `...` as its body is not. Keys embedded in other
files (source code, JSON) are the secrets scanner's job.

Passphrase-encrypted keys (`ENCRYPTED PRIVATE KEY`, `Proc-Type: 4,ENCRYPTED`, an encrypted
OpenSSH or PuTTY key) are reported at **high** instead of critical. PKCS#12 bundles stay
critical: their password cannot be checked here and is very often empty, a tool default
(`changeit`) or committed next to them. The finding points at the `BEGIN` line and names the key
type; it never shows key material.

## Why is this bad?
Anyone who can read the repository (every clone, fork, CI cache and backup, and everyone who
ever gets access later) holds the key and can impersonate the server, the deploy user or the
signer it belongs to. Deleting the file does not help: it stays in git history.
An encrypted key only buys time: the passphrase can be brute-forced offline.

## How to fix
1. Treat the key as compromised: revoke it (remove it from `authorized_keys`, the deploy-key
   settings, the certificate authority or the keyring) and issue a new one.
2. Delete the file and purge it from history (`git filter-repo --path <file> --invert-paths`),
   then force-push and have every clone re-cloned.
3. Keep keys in a secret store (Vault, AWS Secrets Manager, Kubernetes secrets, CI secrets) and
   mount or inject them at run time; add `*.pem`, `*.key` and `id_*` to `.gitignore`.

## Example
`deploy/id_ed25519`, committed:
```text
-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
...
-----END OPENSSH PRIVATE KEY-----
```
Use instead: the key lives in the CI system's secret store and is written to a temporary file
by the deploy job; only `deploy/id_ed25519.pub` is committed.
"#,
};

pub struct PrivateKeyFile;

impl Rule for PrivateKeyFile {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn kinds(&self) -> &'static [DocKind] {
        &[DocKind::PrivateKey]
    }

    fn check_file(&self, file: &SourceFile, out: &mut FileEmitter<'_>) {
        let Some(key) = detect(file) else { return };
        let mut message = format!("`{}` is a committed {}", file.path, key.kind);
        if key.encrypted {
            message.push_str(
                " (passphrase-encrypted, but the passphrase can be attacked offline and is often stored nearby)",
            );
        } else {
            message.push_str("; treat the key as compromised");
        }
        let mut evidence = format!("key type: {}", key.kind);
        if let Some(algorithm) = &key.algorithm {
            evidence.push_str(&format!(", algorithm: {algorithm}"));
        }
        evidence.push_str(if key.kind == PKCS12 {
            ", password-protected bundle (password not checked)"
        } else if key.encrypted {
            ", encrypted"
        } else {
            ", not encrypted"
        });
        let severity = if key.encrypted {
            Severity::High
        } else {
            Severity::Critical
        };
        // The lines around the BEGIN line are key material (or binary): mask them.
        let mut masked = super::context_lines(file, &key.span, 1);
        if key.span.is_empty() {
            masked.push(file.line_index().line_range(0, file.bytes));
        }
        let mut finding = out.finding(&META, key.span);
        for range in masked {
            finding = finding.redact(range);
        }
        finding
            .message(message)
            .evidence(evidence)
            .severity(severity)
            .address(key.kind)
            .emit();
    }
}

const PKCS12: &str = "PKCS#12 bundle";

/// What the file holds.
#[derive(Debug, PartialEq, Eq)]
pub struct DetectedKey {
    pub kind: &'static str,
    /// Algorithm when the key says so without decrypting it (`ssh-ed25519`).
    pub algorithm: Option<String>,
    pub encrypted: bool,
    /// The `BEGIN` (or PuTTY header) line.
    pub span: Range<usize>,
}

/// The key this file is, if it is one.
pub fn detect(file: &SourceFile) -> Option<DetectedKey> {
    if is_pkcs12(file.bytes) {
        return Some(DetectedKey {
            kind: PKCS12,
            algorithm: None,
            encrypted: false,
            span: 0..0,
        });
    }
    let text = file.text().filter(|t| !t.contains('\0'))?;
    let base = file.text_offset();
    detect_text(text).map(|mut key| {
        key.span = key.span.start + base..key.span.end + base;
        key
    })
}

/// A DER `PFX` structure: `SEQUENCE { INTEGER 3, ContentInfo, ... }`.
fn is_pkcs12(bytes: &[u8]) -> bool {
    if bytes.first() != Some(&0x30) {
        return false;
    }
    let header_len = match bytes.get(1) {
        Some(0x80) => 2,
        Some(&n) if n < 0x80 => 2,
        Some(&n @ 0x81..=0x84) => 2 + usize::from(n - 0x80),
        _ => return false,
    };
    bytes.get(header_len..header_len + 4) == Some(&[0x02, 0x01, 0x03, 0x30][..])
}

fn private_key_kind(label: &str) -> Option<&'static str> {
    Some(match label {
        "RSA PRIVATE KEY" => "RSA private key (PKCS#1)",
        "EC PRIVATE KEY" => "EC private key (SEC 1)",
        "DSA PRIVATE KEY" => "DSA private key",
        "PRIVATE KEY" => "PKCS#8 private key",
        "ENCRYPTED PRIVATE KEY" => "encrypted PKCS#8 private key",
        "OPENSSH PRIVATE KEY" => "OpenSSH private key",
        "PGP PRIVATE KEY BLOCK" => "PGP secret key block",
        "ANY PRIVATE KEY" => "private key",
        _ => return None,
    })
}

/// Lines allowed between blocks: blank lines, comments and `openssl pkcs12` attribute lines.
fn is_preamble(line: &str) -> bool {
    let t = line.trim();
    t.is_empty()
        || t.starts_with('#')
        || t.starts_with("Bag Attributes")
        || t.starts_with("Key Attributes")
        || t.starts_with("subject=")
        || t.starts_with("issuer=")
        || (line.starts_with([' ', '\t']) && t.contains(':'))
}

fn is_base64_line(line: &str) -> bool {
    !line.is_empty()
        && line
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

/// The shortest body a real key has (an Ed25519 PKCS#8 key is 64 base64 characters).
const MIN_BODY_CHARS: usize = 60;

struct Line<'t> {
    text: &'t str,
    span: Range<usize>,
}

fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |raw| {
        let start = offset;
        offset += raw.len();
        let body = raw.trim_end_matches(['\n', '\r']);
        Line {
            text: body,
            span: start..start + body.len(),
        }
    })
}

fn detect_text(text: &str) -> Option<DetectedKey> {
    let mut iter = lines(text).peekable();
    while iter.peek().is_some_and(|l| is_preamble(l.text)) {
        iter.next();
    }
    let first = iter.peek()?;
    if first.text.starts_with("PuTTY-User-Key-File-") {
        return detect_putty(iter);
    }
    // A sequence of PEM blocks; report the first private key among them.
    loop {
        while iter.peek().is_some_and(|l| is_preamble(l.text)) {
            iter.next();
        }
        let begin = iter.next()?;
        let label = begin
            .text
            .trim_end()
            .strip_prefix("-----BEGIN ")?
            .strip_suffix("-----")?
            .to_string();
        let end_line = format!("-----END {label}-----");
        let mut headers_done = false;
        let mut encrypted_header = false;
        let mut body = String::new();
        let mut closed = false;
        for line in iter.by_ref() {
            let t = line.text.trim();
            if t == end_line {
                closed = true;
                break;
            }
            if !headers_done && t.contains(':') {
                // RFC 1421 / OpenPGP armor headers (`Proc-Type: 4,ENCRYPTED`, `Version: …`).
                if t.starts_with("Proc-Type:") && t.contains("ENCRYPTED") {
                    encrypted_header = true;
                }
                continue;
            }
            headers_done = true;
            if t.is_empty() {
                continue;
            }
            if !is_base64_line(t) {
                // `...`, prose or another block's BEGIN line: not a real key.
                return None;
            }
            body.push_str(t);
        }
        if !closed {
            return None;
        }
        let Some(kind) = private_key_kind(&label) else {
            // A certificate or public key: look at the next block, if any.
            continue;
        };
        if body.len() < MIN_BODY_CHARS {
            return None;
        }
        let mut key = DetectedKey {
            kind,
            algorithm: None,
            encrypted: encrypted_header || label.starts_with("ENCRYPTED"),
            span: begin.span,
        };
        if label == "OPENSSH PRIVATE KEY" {
            if let Some((cipher, algorithm)) = openssh_header(&body) {
                key.encrypted = cipher != "none";
                key.algorithm = algorithm;
            }
        }
        return Some(key);
    }
}

/// Cipher and key algorithm from an `openssh-key-v1` body (both stored in the clear).
fn openssh_header(body: &str) -> Option<(String, Option<String>)> {
    // Enough for magic, cipher, kdf, kdf options, key count and the public key's type.
    let prefix: String = body.chars().take(400).collect();
    let usable = prefix.len() / 4 * 4;
    let bytes = decode_base64(&prefix[..usable])?;
    let rest = bytes.strip_prefix(b"openssh-key-v1\0")?;
    let mut cursor = Cursor(rest);
    let cipher = String::from_utf8_lossy(cursor.string()?).into_owned();
    let algorithm = (|| {
        cursor.string()?; // kdf name
        cursor.string()?; // kdf options
        cursor.u32()?; // number of keys
        let public = cursor.string()?;
        let mut public = Cursor(public);
        let name = public.string()?;
        Some(String::from_utf8_lossy(name).into_owned())
    })();
    Some((cipher, algorithm))
}

struct Cursor<'b>(&'b [u8]);

impl<'b> Cursor<'b> {
    fn u32(&mut self) -> Option<u32> {
        let (head, rest) = self.0.split_first_chunk::<4>()?;
        self.0 = rest;
        Some(u32::from_be_bytes(*head))
    }

    fn string(&mut self) -> Option<&'b [u8]> {
        let len = self.u32()? as usize;
        if len > self.0.len() {
            return None;
        }
        let (s, rest) = self.0.split_at(len);
        self.0 = rest;
        Some(s)
    }
}

fn detect_putty<'t>(mut iter: impl Iterator<Item = Line<'t>>) -> Option<DetectedKey> {
    let header = iter.next()?;
    let (version, algorithm) = header.text.split_once(':')?;
    if !matches!(version, "PuTTY-User-Key-File-2" | "PuTTY-User-Key-File-3") {
        return None;
    }
    let mut encrypted = false;
    let mut private_lines = None;
    let mut body = 0usize;
    while let Some(line) = iter.next() {
        if let Some(enc) = line.text.strip_prefix("Encryption:") {
            encrypted = enc.trim() != "none";
        } else if let Some(n) = line.text.strip_prefix("Private-Lines:") {
            let n: usize = n.trim().parse().ok()?;
            for _ in 0..n {
                let l = iter.next()?;
                if !is_base64_line(l.text.trim()) {
                    return None;
                }
                body += l.text.trim().len();
            }
            private_lines = Some(n);
            break;
        }
    }
    private_lines?;
    if body < 40 {
        return None;
    }
    Some(DetectedKey {
        kind: if version.ends_with('3') {
            "PuTTY private key (PPK v3)"
        } else {
            "PuTTY private key (PPK v2)"
        },
        algorithm: Some(algorithm.trim().to_string()).filter(|a| !a.is_empty()),
        encrypted,
        span: header.span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use factorguard_core::KindSet;

    fn body(n: usize) -> String {
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        (0..n)
            .map(|i| alphabet[(i * 7 + 3) % 64] as char)
            .collect::<Vec<_>>()
            .chunks(64)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn pem(label: &str, n: usize) -> String {
        format!(
            "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
            body(n)
        )
    }

    fn detect_str(text: &str) -> Option<DetectedKey> {
        let file = SourceFile::new("k", text.as_bytes(), KindSet::EMPTY);
        detect(&file)
    }

    #[test]
    fn recognises_each_key_format() {
        for (label, kind) in [
            ("RSA PRIVATE KEY", "RSA private key (PKCS#1)"),
            ("EC PRIVATE KEY", "EC private key (SEC 1)"),
            ("PRIVATE KEY", "PKCS#8 private key"),
            ("OPENSSH PRIVATE KEY", "OpenSSH private key"),
        ] {
            let key = detect_str(&pem(label, 400)).unwrap();
            assert_eq!(key.kind, kind);
            assert!(!key.encrypted);
            assert_eq!(key.span.start, 0);
        }
        assert!(
            detect_str(&pem("ENCRYPTED PRIVATE KEY", 400))
                .unwrap()
                .encrypted
        );
    }

    #[test]
    fn rejects_non_keys() {
        assert_eq!(detect_str(&pem("CERTIFICATE", 800)), None);
        assert_eq!(detect_str(&pem("PUBLIC KEY", 400)), None);
        assert_eq!(
            detect_str("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA me@host\n"),
            None
        );
        assert_eq!(
            detect_str("-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n"),
            None
        );
        assert_eq!(
            detect_str(&format!(
                "let key = \"\"\"\n{}\"\"\"",
                pem("PRIVATE KEY", 400)
            )),
            None
        );
        // Missing END line.
        assert_eq!(
            detect_str(&format!("-----BEGIN PRIVATE KEY-----\n{}\n", body(400))),
            None
        );
    }

    #[test]
    fn certificate_then_key_bundle_reports_the_key() {
        let text = format!(
            "Bag Attributes\n    friendlyName: web\nsubject=CN = web\n{}{}",
            pem("CERTIFICATE", 600),
            pem("RSA PRIVATE KEY", 900)
        );
        let key = detect_str(&text).unwrap();
        assert_eq!(&text[key.span], "-----BEGIN RSA PRIVATE KEY-----");
    }

    #[test]
    fn decodes_openssh_cipher_and_algorithm() {
        let mut raw = b"openssh-key-v1\0".to_vec();
        for s in [&b"aes256-ctr"[..], b"bcrypt", b"opts"] {
            raw.extend((s.len() as u32).to_be_bytes());
            raw.extend(s);
        }
        raw.extend(1u32.to_be_bytes());
        let public = [&11u32.to_be_bytes()[..], b"ssh-ed25519"].concat();
        raw.extend((public.len() as u32).to_be_bytes());
        raw.extend(&public);
        raw.extend([0u8; 200]);
        let encoded = encode(&raw);
        let text = format!(
            "-----BEGIN OPENSSH PRIVATE KEY-----\n{encoded}\n-----END OPENSSH PRIVATE KEY-----\n"
        );
        let key = detect_str(&text).unwrap();
        assert!(key.encrypted);
        assert_eq!(key.algorithm.as_deref(), Some("ssh-ed25519"));
    }

    fn encode(bytes: &[u8]) -> String {
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b))
                << (8 * (3 - chunk.len()));
            for i in 0..=chunk.len() {
                out.push(alphabet[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out
    }

    #[test]
    fn putty_and_pkcs12() {
        let ppk = format!(
            "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: k\nPublic-Lines: 2\n{}\nPrivate-Lines: 1\n{}\nPrivate-MAC: 00\n",
            body(128),
            body(60)
        );
        let key = detect_str(&ppk).unwrap();
        assert_eq!(key.kind, "PuTTY private key (PPK v3)");
        assert_eq!(key.algorithm.as_deref(), Some("ssh-ed25519"));
        let p12 = [
            0x30, 0x82, 0x0a, 0x00, 0x02, 0x01, 0x03, 0x30, 0x82, 0, 0xff, 0,
        ];
        let file = SourceFile::new("cert.p12", &p12, KindSet::EMPTY);
        assert_eq!(detect(&file).unwrap().kind, "PKCS#12 bundle");
        let not = SourceFile::new(
            "x.p12",
            &[0x30, 0x03, 0x02, 0x01, 0x01, 0xff],
            KindSet::EMPTY,
        );
        assert_eq!(detect(&not), None);
    }
}
