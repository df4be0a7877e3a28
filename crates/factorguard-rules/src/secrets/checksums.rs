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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_checksum_round_trips() {
        let random = "Zq7Wm2Kd9Lx4Pn8Rt3Vb6Yc1Hf5Js0";
        let token = format!("ghp_{random}{}", base62(crc32fast::hash(random.as_bytes()), 6));
        assert!(github_token(token.as_bytes()));
        let mut broken = token.clone().into_bytes();
        broken[10] = if broken[10] == b'a' { b'b' } else { b'a' };
        assert!(!github_token(&broken));
        assert!(!github_token(b"ghp_short"));
    }
}
