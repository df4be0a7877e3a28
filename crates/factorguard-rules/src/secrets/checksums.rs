//! Offline validation of token formats that carry a checksum or a fixed structure. A candidate
//! that fails its checksum is a look-alike, not a secret.

/// Base62 alphabet used by GitHub's token checksums.
const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Encode `n` in base62, left-padded with `0` to `width` characters.
pub fn base62(mut n: u32, width: usize) -> String {
    let mut digits = Vec::with_capacity(width);
    while n > 0 {
        digits.push(BASE62[(n % 62) as usize]);
        n /= 62;
    }
    while digits.len() < width {
        digits.push(b'0');
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

/// GitHub tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`): prefix, 30 random base62 characters,
/// then the CRC32 of those 30 characters as 6 base62 characters.
pub fn github_token(token: &[u8]) -> bool {
    let Some(body) = token.get(4..) else {
        return false;
    };
    if body.len() != 36 || !body.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let (random, check) = body.split_at(30);
    base62(crc32fast::hash(random), 6).as_bytes() == check
}

/// npm tokens (`npm_`): GitHub's token format, as npm announced when it adopted it (GitHub blog,
/// "Announcing npm's new access token format", 2021): 30 random base62 characters and their
/// CRC32 as 6 base62 characters.
pub fn npm_token(token: &[u8]) -> bool {
    token.starts_with(b"npm_") && github_token(token)
}

/// Decode base64 in the standard or the URL-safe alphabet, padding optional. `None` on any
/// byte outside the alphabets or an impossible length.
pub fn base64_decode(text: &[u8]) -> Option<Vec<u8>> {
    let unpadded = text
        .strip_suffix(b"==")
        .or_else(|| text.strip_suffix(b"="))
        .unwrap_or(text);
    if unpadded.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(unpadded.len() * 3 / 4);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for &byte in unpadded {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// A DER-encoded private key (PKCS#1, PKCS#8 or SEC1): one SEQUENCE spanning exactly the whole
/// input, whose first element is the version INTEGER 0 or 1.
pub fn der_private_key(der: &[u8]) -> bool {
    let (Some(&0x30), Some(&first)) = (der.first(), der.get(1)) else {
        return false;
    };
    let (header, length) = match first {
        0..=0x7f => (2, usize::from(first)),
        0x81..=0x83 => {
            let width = usize::from(first - 0x80);
            let Some(digits) = der.get(2..2 + width) else {
                return false;
            };
            (
                2 + width,
                digits.iter().fold(0, |n, d| (n << 8) | usize::from(*d)),
            )
        }
        _ => return false,
    };
    der.len() >= 64
        && header + length == der.len()
        && matches!(der.get(header..header + 3), Some([0x02, 0x01, 0x00 | 0x01]))
}

/// A PEM private key whose body decodes to a DER private key. The body may use real line
/// breaks or the `\n` escapes of a JSON or HCL string.
pub fn pem_private_key(pem: &[u8]) -> bool {
    let Some(begin) = memchr::memmem::find(pem, b"-----BEGIN ") else {
        return false;
    };
    let Some(header_end) =
        memchr::memmem::find(&pem[begin..], b"KEY-----").map(|at| begin + at + 8)
    else {
        return false;
    };
    let Some(footer) =
        memchr::memmem::find(&pem[header_end..], b"-----END ").map(|at| header_end + at)
    else {
        return false;
    };
    let mut body = Vec::with_capacity(footer - header_end);
    let mut bytes = pem[header_end..footer].iter().peekable();
    while let Some(&byte) = bytes.next() {
        match byte {
            // A `\n`, `\r` or `\t` escape inside a quoted string.
            b'\\' if matches!(bytes.peek(), Some(b'n' | b'r' | b't')) => {
                bytes.next();
            }
            _ if byte.is_ascii_whitespace() => {}
            _ => body.push(byte),
        }
    }
    base64_decode(&body).is_some_and(|der| der_private_key(&der))
}

/// Base64 of a whole PEM private key (kubeconfig `client-key-data`).
pub fn base64_pem_private_key(text: &[u8]) -> bool {
    base64_decode(text).is_some_and(|pem| pem.starts_with(b"-----BEGIN ") && pem_private_key(&pem))
}

/// Account keys published for the local Azure Storage emulator (Azurite) and the Cosmos DB
/// emulator: documented, shared by every developer, not credentials.
const AZURE_EMULATOR_KEYS: &[&[u8]] = &[
    b"Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
    b"C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
];

/// An Azure Storage / Cosmos DB account key: 512 bits in base64, not an emulator's public key.
pub fn azure_account_key(key: &[u8]) -> bool {
    !AZURE_EMULATOR_KEYS.contains(&key) && base64_decode(key).is_some_and(|raw| raw.len() == 64)
}

/// An Azure SAS `sig`: an HMAC-SHA256 (32 bytes) in base64, usually percent-encoded in a URL.
pub fn azure_sas_signature(sig: &[u8]) -> bool {
    let mut decoded = Vec::with_capacity(sig.len());
    let mut i = 0;
    while i < sig.len() {
        if sig[i] == b'%' {
            let escaped = sig.get(i + 1..i + 3).map(<[u8]>::to_ascii_uppercase);
            decoded.push(match escaped.as_deref() {
                Some(b"2B") => b'+',
                Some(b"2F") => b'/',
                Some(b"3D") => b'=',
                _ => return false,
            });
            i += 3;
        } else {
            decoded.push(sig[i]);
            i += 1;
        }
    }
    base64_decode(&decoded).is_some_and(|raw| raw.len() == 32)
}

/// Base64 of `user:password` (npm `_auth`, Docker `auths`), printable, with a non-empty user and a
/// password that is not a stand-in.
pub fn base64_basic_auth(text: &[u8]) -> bool {
    let Some(raw) = base64_decode(text) else {
        return false;
    };
    let Ok(pair) = std::str::from_utf8(&raw) else {
        return false;
    };
    let Some((user, password)) = pair.split_once(':') else {
        return false;
    };
    !user.is_empty()
        && !password.is_empty()
        && pair.bytes().all(|b| (0x20..0x7f).contains(&b))
        && !crate::values::is_placeholder(password)
}

/// Read one macaroon v2 packet: (field type, data), and the rest of the input.
fn macaroon_packet(bytes: &[u8]) -> Option<(u64, &[u8], &[u8])> {
    let (kind, rest) = varint(bytes)?;
    let (length, rest) = varint(rest)?;
    let length = usize::try_from(length).ok()?;
    (rest.len() >= length).then(|| (kind, &rest[..length], &rest[length..]))
}

/// A little-endian base-128 varint, at most 9 bytes.
fn varint(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let mut value = 0u64;
    for (i, &byte) in bytes.iter().enumerate().take(9) {
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((value, &bytes[i + 1..]));
        }
    }
    None
}

/// A PyPI upload token: `pypi-` then a base64url macaroon (binary format v2) whose location
/// packet is `location` and which carries a non-empty identifier packet.
fn pypi_macaroon(token: &[u8], location: &[u8]) -> bool {
    let Some(raw) = token.strip_prefix(b"pypi-").and_then(base64_decode) else {
        return false;
    };
    let Some((&2, packets)) = raw.split_first() else {
        return false;
    };
    let Some((1, found_location, rest)) = macaroon_packet(packets) else {
        return false;
    };
    found_location == location
        && matches!(macaroon_packet(rest), Some((2, identifier, _)) if !identifier.is_empty())
}

/// A pypi.org upload token (`pypi-` macaroon located at `pypi.org`).
pub fn pypi_token(token: &[u8]) -> bool {
    pypi_macaroon(token, b"pypi.org")
}

/// A test.pypi.org upload token.
pub fn testpypi_token(token: &[u8]) -> bool {
    pypi_macaroon(token, b"test.pypi.org")
}

/// A JFrog reference token: base64 of `reftkn:01:` and printable text.
pub fn jfrog_reference_token(token: &[u8]) -> bool {
    base64_decode(token).is_some_and(|raw| {
        raw.len() > 20
            && raw.starts_with(b"reftkn:01:")
            && raw.iter().all(|b| (0x21..0x7f).contains(b))
    })
}

/// Both an upper- and a lower-case letter: random base62/base64 keys of 30+ characters have
/// them; hex digests, lower-case identifiers and constants do not.
pub fn has_upper_and_lower(secret: &[u8]) -> bool {
    secret.iter().any(u8::is_ascii_uppercase) && secret.iter().any(u8::is_ascii_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_checksum_round_trips() {
        let random = "Zq7Wm2Kd9Lx4Pn8Rt3Vb6Yc1Hf5Js0";
        let token = format!(
            "ghp_{random}{}",
            base62(crc32fast::hash(random.as_bytes()), 6)
        );
        assert!(github_token(token.as_bytes()));
        let mut broken = token.clone().into_bytes();
        broken[10] = if broken[10] == b'a' { b'b' } else { b'a' };
        assert!(!github_token(&broken));
        assert!(!github_token(b"ghp_short"));
    }

    #[test]
    fn npm_tokens_carry_the_github_checksum() {
        let random = "Hq3Zt8Vn0Wk5Rb2Yp7Lc4Xj9Md6Sf1";
        let token = format!(
            "npm_{random}{}",
            base62(crc32fast::hash(random.as_bytes()), 6)
        );
        assert!(npm_token(token.as_bytes()));
        assert!(!npm_token(flip(&token, 12).as_bytes()));
        assert!(!npm_token(token.replacen("npm_", "ghp_", 1).as_bytes()));
    }

    /// Replace the byte at `at` with another character of the same alphabet.
    fn flip(text: &str, at: usize) -> String {
        let mut bytes = text.as_bytes().to_vec();
        bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
        String::from_utf8(bytes).unwrap_or_default()
    }

    #[test]
    fn base64_decodes_both_alphabets_with_or_without_padding() {
        assert_eq!(base64_decode(b"aGVsbG8=").as_deref(), Some(&b"hello"[..]));
        assert_eq!(base64_decode(b"aGVsbG8").as_deref(), Some(&b"hello"[..]));
        assert_eq!(
            base64_decode(b"-_8").as_deref(),
            base64_decode(b"+/8").as_deref()
        );
        assert_eq!(base64_decode(b"").as_deref(), Some(&b""[..]));
        assert!(base64_decode(b"aGV*bG8=").is_none());
        assert!(base64_decode(b"aGVsb").is_none());
    }

    /// A PKCS#8 structure (SEQUENCE, version 0, rsaEncryption, OCTET STRING) around random bytes.
    const SMALL_DER_BASE64: &str = "MGQCAQAwDQYJKoZIhvcNAQEBBQAEUBOSvgSlNg7YJDQZqXaoQZnW1ZWBsM05WW6CKoot2i64iOVoCKfQjt9kTbHVNz+kpPQrISnBjfaLlcNHJGPD/sZ6aqlr1/Tn2WWp2S7em+bu";

    #[test]
    fn der_private_key_needs_a_sequence_spanning_the_input_and_version_0_or_1() {
        let der = base64_decode(SMALL_DER_BASE64.as_bytes()).unwrap_or_default();
        assert!(der_private_key(&der));
        assert!(!der_private_key(&der[..der.len() - 1]));
        let mut set = der.clone();
        set[0] = 0x31;
        assert!(!der_private_key(&set));
        let mut version_5 = der.clone();
        version_5[4] = 5;
        assert!(!der_private_key(&version_5));
        assert!(!der_private_key(&[0x30, 0x83, 0xff]));
        assert!(!der_private_key(&[]));
    }

    const PEM: &str = "-----BEGIN PRIVATE KEY-----\nMIIBQgIBADANBgkqhkiG9w0BAQEFAASCASzgKgvGXtkwRQeNGJsw87OSD3Xc7mRU\ngLi5KTbU8P/Fxojc0G2njOS8TCSsVHZIKzVOu2ED077txlz99sS+3XZCUq5QSfU7\npFw4hnnTaWBK0DMbKN+zQjDFzim3tOQGDHkr8NRQwo/Ae79kJhloAykqVdEnbVbc\n3ZQyZAMgMVP7E1bRxVFlqxKZf8Orn9+pj9LZXvV7cC4rflGDLdUNfvJkD+/gH6UQ\nEaaml5ZWmFuqq0njKmoETbzjxaFZiTjOoVy4IgJXvduNO00abexofzxfxmU68e3D\ng19h4O7fbZftCbqvx3Mz0T4RyKFDMOeAmDKELNt8yANhASiqV8H+THfst7S9R2Kd\n0UX5XB1da1DHuIPApWGyW/zz+V/240R14k5zm611fSF2L/i+CG8=\n-----END PRIVATE KEY-----\n";

    #[test]
    fn pem_private_key_reads_real_and_escaped_line_breaks() {
        assert!(pem_private_key(PEM.as_bytes()));
        assert!(pem_private_key(PEM.replace('\n', "\\n").as_bytes()));
        assert!(pem_private_key(PEM.replace('\n', "\n    ").as_bytes()));
        // The second base64 character carries the DER length.
        assert!(!pem_private_key(flip(PEM, 29).as_bytes()));
        assert!(!pem_private_key(PEM.replace("-----END", "").as_bytes()));
        assert!(!pem_private_key(
            b"-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----"
        ));
    }

    #[test]
    fn base64_pem_private_key_decodes_then_reads_the_pem() {
        let encoded = |pem: &str| {
            const ALPHABET: &[u8; 64] =
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            let mut out = String::new();
            for chunk in pem.as_bytes().chunks(3) {
                let n = chunk
                    .iter()
                    .enumerate()
                    .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
                for i in 0..=chunk.len() {
                    out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
                }
            }
            out
        };
        assert!(base64_pem_private_key(encoded(PEM).as_bytes()));
        assert!(!base64_pem_private_key(encoded(&flip(PEM, 29)).as_bytes()));
        assert!(!base64_pem_private_key(
            encoded("-----BEGIN CERTIFICATE-----\nMIIB\n").as_bytes()
        ));
    }

    #[test]
    fn azure_account_key_is_512_bits_and_not_an_emulator_key() {
        let key = "W8vH3FVEjy+6gi9PigKtkU4mASpn31t9Ood4rRiaEGYQm7L2GYl1v0Jy8lpTXfJFHOp1FJDTJHiCXqOlbRS8FQ==";
        assert!(azure_account_key(key.as_bytes()));
        assert!(!azure_account_key(&key.as_bytes()[4..]));
        for emulator in AZURE_EMULATOR_KEYS {
            assert!(!azure_account_key(emulator));
        }
    }

    #[test]
    fn azure_sas_signature_is_a_256_bit_mac_percent_encoded_or_not() {
        let sig = "Om06jFe7ig8Kd3Y67YbFJ%2FOBLvl%2BZfutRP0qCdQJfUg%3D";
        assert!(azure_sas_signature(sig.as_bytes()));
        assert!(azure_sas_signature(
            sig.replace("%2F", "/")
                .replace("%2B", "+")
                .replace("%3D", "=")
                .as_bytes()
        ));
        assert!(azure_sas_signature(sig.replace("%2F", "%2f").as_bytes()));
        assert!(!azure_sas_signature(&sig.as_bytes()[2..]));
        assert!(!azure_sas_signature(sig.replace("%2F", "%ZZ").as_bytes()));
        assert!(!azure_sas_signature(b"abc%2"));
    }

    #[test]
    fn basic_auth_needs_a_user_and_a_real_password() {
        assert!(base64_basic_auth(b"ZGVwbG95OnMzY3IzdC1QYTU1")); // deploy:s3cr3t-Pa55
        assert!(!base64_basic_auth(b"ZGVwbG95czNjcjN0")); // no colon
        assert!(!base64_basic_auth(b"OnMzY3IzdA==")); // empty user
        assert!(!base64_basic_auth(b"Y2k6Y2hhbmdlbWU=")); // ci:changeme
        assert!(!base64_basic_auth(b"dXNlcjoACg==")); // control characters
        assert!(!base64_basic_auth(b"not base64!"));
    }

    const PYPI: &str = "pypi-AgEIcHlwaS5vcmcCMBswgl6NGm0zxyl_xzsQQTQwZuPYMy29JWwlmuw8zw6-cuEoqoZcvULfK-gKp6gY7QACJXsidmVyc2lvbiI6IDEsICJwZXJtaXNzaW9ucyI6ICJ1c2VyIn0AAAYgVc7CjXpWGbNXxdcQmxa-RNo400v5xC8y5xzMQj-llVY";
    const TESTPYPI: &str = "pypi-AgENdGVzdC5weXBpLm9yZwIwDyWddPs-V4pfADxhVV7yhQScEKLzUTuSolT-FEUgzCqjSOvnmcXKBy-umoFxeU0mAAIleyJ2ZXJzaW9uIjogMSwgInBlcm1pc3Npb25zIjogInVzZXIifQAABiA1R_CbZ_G6LsUzeG2GZiXHbGxuOweowKRLeFxgPtRCDQ";

    #[test]
    fn pypi_tokens_are_v2_macaroons_located_at_their_index() {
        assert!(pypi_token(PYPI.as_bytes()));
        assert!(testpypi_token(TESTPYPI.as_bytes()));
        assert!(!testpypi_token(PYPI.as_bytes()));
        assert!(!pypi_token(TESTPYPI.as_bytes()));
        // Version byte, location and identifier packet each broken by one character.
        assert!(!pypi_token(flip(PYPI, 5).as_bytes()));
        assert!(!pypi_token(flip(PYPI, 12).as_bytes()));
        assert!(!pypi_token(PYPI.replacen("cmcC", "cmcE", 1).as_bytes()));
        assert!(!pypi_token(&PYPI.as_bytes()[..40]));
        assert!(!pypi_token(b"pypi-"));
    }

    #[test]
    fn jfrog_reference_tokens_decode_to_reftkn() {
        let token = "cmVmdGtuOjAxOjE3NjcyMjU2MDA6WVFWWkNtWWtzQnhVbkl0bGQ3U1R6Z0V1VmlB";
        assert!(jfrog_reference_token(token.as_bytes()));
        assert!(!jfrog_reference_token(flip(token, 3).as_bytes()));
        assert!(!jfrog_reference_token(b"cmVmdGtuOjAxOg=="));
    }

    #[test]
    fn upper_and_lower_case_letters_are_both_required() {
        assert!(has_upper_and_lower(b"aB3"));
        assert!(!has_upper_and_lower(
            b"da39a3ee5e6b4b0d3255bfef95601890afd80709"
        ));
        assert!(!has_upper_and_lower(b"ABC123"));
    }
}
