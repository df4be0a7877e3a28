//! Judging configuration values: is this a placeholder, a reference to somewhere else, an
//! obviously harmless setting, or something that may be a real credential?

/// A reference resolved elsewhere (`${VAR}`, `$VAR`, `{{ .Values.x }}`, `%(x)s`, `@Microsoft…`).
pub fn is_reference(value: &str) -> bool {
    let v = value.trim();
    if v.starts_with("${") && v.ends_with('}') {
        return true;
    }
    if let Some(name) = v.strip_prefix('$') {
        return !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    }
    (v.starts_with("{{") && v.ends_with("}}"))
        || (v.starts_with("%(") && v.ends_with(")s"))
        || (v.starts_with("#{") && v.ends_with('}'))
}

/// Words that mark a value as a stand-in, wherever they appear in it.
const PLACEHOLDER_WORDS: &[&str] = &[
    "changeme",
    "change-me",
    "change_me",
    "changeit",
    "placeholder",
    "dummy",
    "example",
    "redacted",
    "replace-me",
    "replace_me",
    "replaceme",
    "insert-",
    "insert_",
    "fixme",
    "todo",
    "not-a-real",
    "not_a_real",
    "notreal",
];

/// Whole values that are stand-ins.
const PLACEHOLDER_VALUES: &[&str] = &[
    "tbd",
    "none",
    "null",
    "nil",
    "n/a",
    "na",
    "undefined",
    "secret",
    "password",
    "token",
    "test",
    "fake",
    "sample",
    "value",
    "xxx",
    "empty",
];

/// An empty value or a stand-in for one: `changeme`, `xxx`, `<api-key>`, `your-key-here`,
/// `${VAR}`, `TODO`, `dummy`, `****`.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() || is_reference(v) {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    if lower.starts_with('<') && lower.ends_with('>') {
        return true;
    }
    if (lower.starts_with('[') && lower.ends_with(']'))
        || (lower.starts_with('{') && lower.ends_with('}') && !lower.contains(':'))
    {
        return true;
    }
    // `xxxx`, `****`, `....`, `----`, `0000`: one repeated character.
    let first = lower.chars().next().unwrap_or(' ');
    if lower.chars().all(|c| c == first) && matches!(first, 'x' | '*' | '.' | '-' | '_' | '0' | '#')
    {
        return true;
    }
    if lower.starts_with("your") || lower.starts_with("my-") || lower.starts_with("my_") {
        return true;
    }
    if lower.ends_with("-here") || lower.ends_with("_here") || lower.ends_with(" here") {
        return true;
    }
    if PLACEHOLDER_VALUES.contains(&lower.as_str()) {
        return true;
    }
    PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w))
}

/// Obviously not a secret: booleans, numbers, environment names, log levels, local URLs
/// without credentials.
pub fn is_harmless(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    const WORDS: &[&str] = &[
        "true",
        "false",
        "yes",
        "no",
        "on",
        "off",
        "enabled",
        "disabled",
        "development",
        "dev",
        "production",
        "prod",
        "staging",
        "stage",
        "test",
        "testing",
        "local",
        "debug",
        "info",
        "warn",
        "warning",
        "error",
        "trace",
        "localhost",
        "0.0.0.0",
        "127.0.0.1",
        "::1",
    ];
    if WORDS.contains(&lower.as_str()) {
        return true;
    }
    if !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | '_'))
        && v.chars().any(|c| c.is_ascii_digit())
    {
        return true;
    }
    if let Some(url) = parse_url(v) {
        if url.password.is_none() && is_local_host(url.host) {
            return true;
        }
    }
    false
}

fn is_local_host(host: &str) -> bool {
    matches!(
        host.to_ascii_lowercase().as_str(),
        "localhost" | "127.0.0.1" | "[::1]" | "0.0.0.0" | "host.docker.internal"
    )
}

/// The pieces of `scheme://[user[:password]@]host...` this crate cares about.
#[derive(Debug, PartialEq, Eq)]
pub struct UrlParts<'a> {
    pub scheme: &'a str,
    pub user: Option<&'a str>,
    pub password: Option<&'a str>,
    pub host: &'a str,
}

pub fn parse_url(value: &str) -> Option<UrlParts<'_>> {
    let (scheme, rest) = value.split_once("://")?;
    if scheme.is_empty()
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    {
        return None;
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let (userinfo, hostport) = match authority.rfind('@') {
        Some(at) => (Some(&authority[..at]), &authority[at + 1..]),
        None => (None, authority),
    };
    let (user, password) = match userinfo {
        Some(info) => match info.split_once(':') {
            Some((u, p)) => (Some(u), Some(p)),
            None => (Some(info), None),
        },
        None => (None, None),
    };
    let host = if hostport.starts_with('[') {
        hostport.split_inclusive(']').next().unwrap_or(hostport)
    } else {
        hostport.split(':').next().unwrap_or(hostport)
    };
    Some(UrlParts {
        scheme,
        user,
        password: password.filter(|p| !p.is_empty()),
        host,
    })
}

/// A URL carrying a real password (`postgres://app:s3cr3t@db/app`).
pub fn url_has_credentials(value: &str) -> bool {
    parse_url(value.trim())
        .and_then(|u| u.password)
        .is_some_and(|p| !is_placeholder(p))
}

/// Name fragments of keys that hold credentials.
const SECRET_NAME_PARTS: &[&str] = &[
    "KEY",
    "SECRET",
    "TOKEN",
    "PASSWORD",
    "PASSWD",
    "PASS",
    "PWD",
    "AUTH",
    "CREDENTIAL",
    "PRIVATE",
    "DSN",
    "DATABASE_URL",
    "CONNECTION_STRING",
    "SIGNING",
    "SALT",
    "COOKIE",
    "SESSION",
];

/// Names that contain a fragment above but are public identifiers, not secrets.
const PUBLIC_NAME_SUFFIXES: &[&str] = &[
    "_KEY_ID",
    "_KEYID",
    "PUBLIC_KEY",
    "PUBLISHABLE_KEY",
    "_KEY_PATH",
    "_KEY_FILE",
    "_TOKEN_URL",
    "_AUTH_URL",
    "_AUTH_DOMAIN",
    "_PASSWORD_FILE",
    "_SECRET_NAME",
    "_TOKEN_FILE",
    "_SESSION_TIMEOUT",
    "_SESSION_LIFETIME",
    "_KEY_PREFIX",
];

/// A variable name that says it holds a credential: `STRIPE_SECRET_KEY`, `DB_PASSWORD`,
/// `SENTRY_DSN`, `DATABASE_URL` (but not `AWS_ACCESS_KEY_ID` or `STRIPE_PUBLISHABLE_KEY`).
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase().replace(['-', '.'], "_");
    if PUBLIC_NAME_SUFFIXES.iter().any(|s| upper.ends_with(s)) {
        return false;
    }
    // `KEY` must be a word of the name: `API_KEY`, `APIKEY`, not `MONKEY` or `KEYBOARD_LAYOUT`.
    SECRET_NAME_PARTS.iter().any(|part| {
        if *part == "KEY" {
            upper
                .split('_')
                .any(|w| w == "KEY" || w.ends_with("APIKEY") || w == "KEYS")
        } else if *part == "PASS" {
            upper
                .split('_')
                .any(|w| w == "PASS" || w.starts_with("PASSW"))
        } else {
            upper.contains(part)
        }
    })
}

/// Prefixes of well-known credential formats, recognised whatever the variable is called.
const CREDENTIAL_PREFIXES: &[&str] = &[
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "github_pat_",
    "glpat-",
    "sk_live_",
    "rk_live_",
    "sk-",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "AKIA",
    "ASIA",
    "AIza",
    "npm_",
    "pypi-",
    "SG.",
    "-----BEGIN",
];

/// A value in a well-known credential format (a GitHub token, an AWS key id, a Stripe key).
pub fn has_credential_prefix(value: &str) -> bool {
    let v = value.trim();
    v.len() >= 16
        && !v.contains(char::is_whitespace)
        && CREDENTIAL_PREFIXES.iter().any(|p| v.starts_with(p))
}

/// Standard base64 decoding (padding optional, whitespace skipped); `None` on other bytes.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0;
    for b in text.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            b' ' | b'\n' | b'\r' | b'\t' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// A URL with its password masked: `postgres://app:****@db/app`.
pub fn redact_url(value: &str) -> String {
    let Some((scheme, rest)) = value.split_once("://") else {
        return factorguard_core::redact_secret(value);
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rfind('@') {
        Some(at) => {
            let (userinfo, host) = authority.split_at(at);
            let user = userinfo.split(':').next().unwrap_or("");
            // A user name alone may be the token itself (`https://<token>@host`).
            let masked = if userinfo.contains(':') {
                format!("{user}:****")
            } else {
                "****".to_string()
            };
            let tail = if tail.contains('=') { "/…" } else { tail };
            format!("{scheme}://{masked}{host}{tail}")
        }
        None => format!("{scheme}://{authority}/…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_references() {
        for v in [
            "",
            "changeme",
            "xxx",
            "XXXXXXXX",
            "<your-api-key>",
            "${DB_PASSWORD}",
            "$TOKEN",
            "your-secret-here",
            "Todo",
            "dummy",
            "****",
            "sk_test_placeholder",
            "{{ .Values.token }}",
            "replace_me_with_a_key",
            "[secret]",
        ] {
            assert!(is_placeholder(v), "{v:?} is a placeholder");
        }
        for v in ["s3cr3t-Pa55w0rd", "ghp_1234567890abcdefABCDEF", "hunter22x"] {
            assert!(!is_placeholder(v), "{v:?} is not a placeholder");
        }
    }

    #[test]
    fn harmless_values() {
        for v in [
            "true",
            "8080",
            "1.5",
            "development",
            "http://localhost:3000",
            "redis://127.0.0.1:6379/0",
        ] {
            assert!(is_harmless(v), "{v:?} is harmless");
        }
        for v in [
            "postgres://app:pw@localhost/db",
            "https://api.example.com",
            "abc123",
        ] {
            assert!(!is_harmless(v), "{v:?} is not harmless");
        }
    }

    #[test]
    fn secret_names() {
        for n in [
            "API_KEY",
            "STRIPE_SECRET_KEY",
            "DB_PASSWORD",
            "SENTRY_DSN",
            "DATABASE_URL",
            "GITHUB_TOKEN",
            "SMTP_PASS",
            "apikey",
            "OPENAI_APIKEY",
        ] {
            assert!(is_secret_name(n), "{n} is a secret name");
        }
        for n in [
            "AWS_ACCESS_KEY_ID",
            "STRIPE_PUBLISHABLE_KEY",
            "PORT",
            "MONKEY",
            "KEYBOARD",
            "PASSENGER_MODE",
            "SSL_KEY_PATH",
        ] {
            assert!(!is_secret_name(n), "{n} is not a secret name");
        }
    }

    #[test]
    fn urls() {
        let u = parse_url("postgres://app:pw@db.internal:5432/app").unwrap();
        assert_eq!(
            (u.user, u.password, u.host),
            (Some("app"), Some("pw"), "db.internal")
        );
        assert!(url_has_credentials("amqp://user:s3cret@mq/"));
        assert!(!url_has_credentials("amqp://user:${MQ_PASSWORD}@mq/"));
        assert!(!url_has_credentials("https://example.com/a@b"));
        assert!(parse_url("not a url").is_none());
    }

    #[test]
    fn url_redaction() {
        assert_eq!(
            redact_url("postgres://app:s3cret@db:5432/app"),
            "postgres://app:****@db:5432/app"
        );
        assert_eq!(redact_url("https://tok@host/x?k=v"), "https://****@host/…");
    }

    #[test]
    fn base64() {
        assert_eq!(
            decode_base64("Y2ktYm90OnMzY3JldA==").unwrap(),
            b"ci-bot:s3cret"
        );
        assert_eq!(decode_base64("bad!").as_deref(), None);
    }
}
