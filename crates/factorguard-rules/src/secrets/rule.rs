//! The rule that runs the secrets engine over every text file. It is one check reporting under
//! every detector's id (FG2xxx), so each detector is selected, documented and shown in SARIF as
//! a rule of its own while the file is scanned once.

use super::detector::Detector;
use super::engine::{Engine, SecretMatch};
use super::Scratch;
use factorguard_core::{DocKind, FileEmitter, Rule, RuleMeta, SourceFile};
use std::cell::RefCell;
use std::sync::LazyLock;

pub struct SecretsRule;

/// Detectors of whole private keys. A file that *is* a key is FG1001's finding; these report
/// keys embedded in other files.
const KEY_FAMILY_IDS: &[&str] = &["FG2001", "FG2002", "FG2003", "FG2004"];

impl Rule for SecretsRule {
    fn meta(&self) -> &'static RuleMeta {
        &super::all_detectors()
            .first()
            .expect("the generic detectors are never empty")
            .meta
    }

    fn also_reports(&self) -> &'static [&'static RuleMeta] {
        static REST: LazyLock<Vec<&'static RuleMeta>> = LazyLock::new(|| {
            super::all_detectors()
                .iter()
                .skip(1)
                .map(|d| &d.meta)
                .collect()
        });
        &REST
    }

    fn kinds(&self) -> &'static [DocKind] {
        &[DocKind::Text]
    }

    fn check_file(&self, file: &SourceFile, out: &mut FileEmitter<'_>) {
        thread_local! {
            static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
        }
        let matches = SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => Engine::global().scan_with(file.bytes, &mut scratch),
            Err(_) => Engine::global().scan_with(file.bytes, &mut Scratch::default()),
        });
        if matches.is_empty() {
            return;
        }
        let key_file =
            file.is(DocKind::PrivateKey) && crate::repo::private_key_file::detect(file).is_some();
        for SecretMatch { detector, range } in &matches {
            let (detector, range) = (*detector, range.clone());
            if key_file && KEY_FAMILY_IDS.contains(&detector.meta.id) {
                continue;
            }
            let address = assigned_name(file.bytes, range.start);
            let message = message(detector, address.as_deref());
            // A key's finding points at its armor line, as FG1001's does; the secret stays the body.
            let span = if KEY_FAMILY_IDS.contains(&detector.meta.id) {
                armor_start(file.bytes, range.start)..range.end
            } else {
                range.clone()
            };
            let mut finding = out
                .finding(&detector.meta, span)
                .secret(range.clone())
                .message(message);
            // The snippet's neighbouring lines may hold other secrets (an AWS key id's line is
            // followed by its secret key): mask them too.
            let others = matches
                .iter()
                .filter(|m| m.range != range)
                .map(|m| m.range.clone());
            for other in crate::repo::values_near(file, &range, others) {
                finding = finding.redact(other);
            }
            if let Some(address) = address {
                finding = finding.address(address);
            }
            finding.emit();
        }
    }
}

/// Where the armor (`-----BEGIN`, `PuTTY-User-Key-File-`) of a key whose body starts at
/// `body_start` begins; `body_start` itself when it is not within reach.
fn armor_start(bytes: &[u8], body_start: usize) -> usize {
    const REACH: usize = 2048;
    let floor = body_start.saturating_sub(REACH);
    let before = &bytes[floor..body_start];
    [b"-----BEGIN".as_slice(), b"PuTTY-User-Key-File-".as_slice()]
        .iter()
        .filter_map(|armor| memchr::memmem::rfind(before, armor))
        .max()
        .map_or(body_start, |at| floor + at)
}

/// What was found, by provider and kind, never by value.
fn message(detector: &Detector, address: Option<&str>) -> String {
    let what = detector.meta.title;
    let whose = if detector.provider == "generic" {
        String::new()
    } else {
        format!(" ({} credential)", detector.provider)
    };
    match address {
        Some(name) => format!("{what}{whose} hard-coded as the value of `{name}`"),
        None => format!("{what}{whose} hard-coded in this file"),
    }
}

/// The name a secret at `start` is assigned to on its line (`API_KEY=`, `"token":`,
/// `password:`, `ENV DB_PASSWORD `), or for a Kubernetes `value:` the `name:` on the line
/// before. Cheap and conservative: `None` when the line does not read as an assignment.
pub fn assigned_name(bytes: &[u8], start: usize) -> Option<String> {
    let line_start = memchr::memrchr(b'\n', &bytes[..start]).map_or(0, |at| at + 1);
    let prefix = &bytes[line_start..start];
    let name = name_before_value(prefix)?;
    if name.eq_ignore_ascii_case(b"value") && line_start > 0 {
        let previous_start =
            memchr::memrchr(b'\n', &bytes[..line_start - 1]).map_or(0, |at| at + 1);
        let previous = trim(&bytes[previous_start..line_start - 1]);
        let previous = previous.strip_prefix(b"- ").unwrap_or(previous);
        if let Some(rest) = previous.strip_prefix(b"name:") {
            let rest = trim(rest);
            let rest = trim_matches(rest, |b| b == b'"' || b == b'\'');
            if !rest.is_empty() && rest.iter().all(|b| is_name_byte(*b)) {
                return Some(String::from_utf8_lossy(rest).into_owned());
            }
        }
    }
    Some(String::from_utf8_lossy(name).into_owned())
}

/// The identifier before the last assignment operator of `prefix` that introduces the value:
/// scanning right to left, skip operators inside the value (`://`), and accept the first
/// separator preceded by a name that starts a word.
fn name_before_value(prefix: &[u8]) -> Option<&[u8]> {
    let mut end = prefix.len();
    while end > 0 {
        let at = prefix[..end]
            .iter()
            .rposition(|b| matches!(b, b'=' | b':'))?;
        end = at;
        if prefix.get(at + 1..at + 3) == Some(b"//") {
            continue;
        }
        // `:=`, `=>`, `==`-free operators: step over the operator's other characters.
        let mut name_end = at;
        while name_end > 0 && matches!(prefix[name_end - 1], b':' | b'=' | b'?' | b'|') {
            name_end -= 1;
        }
        while name_end > 0 && matches!(prefix[name_end - 1], b' ' | b'\t' | b'"' | b'\'' | b']') {
            name_end -= 1;
        }
        let mut name_start = name_end;
        while name_start > 0 && is_name_byte(prefix[name_start - 1]) {
            name_start -= 1;
        }
        if name_start == name_end {
            continue;
        }
        let before = name_start.checked_sub(1).map(|i| prefix[i]);
        let starts_word = match before {
            None => true,
            Some(b) => matches!(
                b,
                b' ' | b'\t'
                    | b'"'
                    | b'\''
                    | b'{'
                    | b','
                    | b'('
                    | b'['
                    | b';'
                    | b'&'
                    | b'?'
                    | b'$'
                    | b'@'
            ),
        };
        if starts_word {
            return Some(&prefix[name_start..name_end]);
        }
    }
    None
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

fn trim(bytes: &[u8]) -> &[u8] {
    bytes.trim_ascii()
}

fn trim_matches(bytes: &[u8], strip: impl Fn(u8) -> bool) -> &[u8] {
    let start = bytes.iter().position(|b| !strip(*b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !strip(*b))
        .map_or(start, |i| i + 1);
    &bytes[start..end.max(start)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_at(line: &str, secret: &str) -> Option<String> {
        let at = line.find(secret).unwrap();
        assigned_name(line.as_bytes(), at)
    }

    #[test]
    fn names_the_variable_a_secret_is_assigned_to() {
        assert_eq!(
            name_at("API_KEY=s3cr3tv4lue", "s3cr3t").as_deref(),
            Some("API_KEY")
        );
        assert_eq!(
            name_at("  \"token\": \"abc123\",", "abc123").as_deref(),
            Some("token")
        );
        assert_eq!(
            name_at("password: hunter2x", "hunter2x").as_deref(),
            Some("password")
        );
        assert_eq!(
            name_at("apiKey := \"zzz9\"", "zzz9").as_deref(),
            Some("apiKey")
        );
        assert_eq!(
            name_at("'api_key' => 'k9k9'", "k9k9").as_deref(),
            Some("api_key")
        );
        assert_eq!(
            name_at("DATABASE_URL=postgres://app:pw9x@db/app", "pw9x").as_deref(),
            Some("DATABASE_URL")
        );
        assert_eq!(
            name_at(
                "        - name: DB_PASSWORD\n          value: Zq8k2Lw",
                "Zq8k2Lw"
            )
            .as_deref(),
            Some("DB_PASSWORD")
        );
        assert_eq!(
            name_at("curl -H 'Authorization: Bearer abc9'", "abc9").as_deref(),
            Some("Authorization")
        );
        assert_eq!(name_at("see https://x.io/a b9c8", "b9c8"), None);
    }
}
