//! Shared checks for the detector groups' fixture tables: every `fires` text yields exactly one
//! secret through the reference matcher, not cut short, with a keyword on the match's lines, and
//! that secret is the intended one; every `clean` text yields nothing; ids ascend within the
//! group's range; every detector has at least two `fires` and three `clean` fixtures.

use crate::secrets::detector::{compile, reference_matches, Detector};
use regex::bytes::Regex;
use std::ops::{Range, RangeInclusive};

/// What the secret reported for every `fires` text of one detector looks like.
pub(super) struct Expect {
    pub id: &'static str,
    pub prefix: &'static str,
    pub len: RangeInclusive<usize>,
}

/// Check `group` against the shape each detector's secrets must have.
pub(super) fn check_group(group: &[Detector], expect: &[Expect], ids: RangeInclusive<u32>) {
    check_ids(group, expect.iter().map(|e| e.id), ids);
    for (detector, expect) in group.iter().zip(expect) {
        let id = detector.meta.id;
        let regex = compile(detector);
        for text in detector.fires {
            let secret = &text[fired_secret(detector, &regex, text)];
            assert!(
                secret.starts_with(expect.prefix),
                "{id}: {secret:?} starts with {:?}",
                expect.prefix
            );
            assert!(
                expect.len.contains(&secret.len()),
                "{id}: {secret:?} has length {} outside {:?}",
                secret.len(),
                expect.len
            );
        }
        check_clean(detector, &regex);
    }
}

/// Check `group` against the exact secret each `fires` text holds, in order.
pub(super) fn check_exact(
    group: &[Detector],
    expect: &[(&'static str, &[&'static str])],
    ids: RangeInclusive<u32>,
) {
    check_ids(group, expect.iter().map(|(id, _)| *id), ids);
    for (detector, (id, secrets)) in group.iter().zip(expect) {
        assert_eq!(
            detector.fires.len(),
            secrets.len(),
            "{id}: one secret per fires text"
        );
        let regex = compile(detector);
        for (text, secret) in detector.fires.iter().zip(secrets.iter()) {
            let found = &text[fired_secret(detector, &regex, text)];
            assert_eq!(found, *secret, "{id} on {text:?}");
        }
        check_clean(detector, &regex);
    }
}

fn id_number(id: &str) -> u32 {
    id.strip_prefix("FG")
        .and_then(|digits| digits.parse().ok())
        .unwrap_or_else(|| panic!("{id}: ids are FG + digits"))
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn check_ids<'a>(
    group: &[Detector],
    expected: impl Iterator<Item = &'a str>,
    ids: RangeInclusive<u32>,
) {
    assert_eq!(
        group.iter().map(|d| d.meta.id).collect::<Vec<_>>(),
        expected.collect::<Vec<_>>(),
        "one expectation per detector, in order"
    );
    let mut previous = 0;
    for detector in group {
        let id = detector.meta.id;
        let number = id_number(id);
        assert!(ids.contains(&number), "{id} is outside {ids:?}");
        assert!(number > previous, "{id}: ids increase");
        previous = number;
        assert!(detector.fires.len() >= 2, "{id}: at least two fires");
        assert!(detector.clean.len() >= 3, "{id}: at least three clean");
        assert!(
            detector.pattern.contains("(?P<secret>"),
            "{id}: the pattern names its secret group"
        );
    }
}

/// The one secret `text` yields, checked: exactly one match, not cut short, and a keyword on the
/// match's lines (the engine only looks for keywords within a match or on its lines).
fn fired_secret(detector: &Detector, regex: &Regex, text: &str) -> Range<usize> {
    let id = detector.meta.id;
    let bytes = text.as_bytes();
    let found = reference_matches(detector, regex, bytes);
    assert_eq!(found.len(), 1, "{id}: one match in {text:?}, got {found:?}");
    let range = found[0].clone();
    assert!(
        bytes.get(range.end).is_none_or(|b| !is_token_byte(*b)),
        "{id}: {:?} is cut short in {text:?}",
        &text[range.clone()]
    );
    let whole = regex
        .captures_iter(bytes)
        .filter_map(|caps| {
            let secret = caps.name("secret").or_else(|| caps.get(0))?;
            (secret.range() == range).then(|| caps.get(0))?
        })
        .next()
        .map_or(range.clone(), |m| m.range());
    let line_start = text[..whole.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[whole.end..]
        .find('\n')
        .map_or(text.len(), |i| whole.end + i);
    let lines = text[line_start..line_end].to_ascii_lowercase();
    assert!(
        detector
            .keywords
            .iter()
            .any(|k| lines.contains(&k.to_ascii_lowercase())),
        "{id}: no keyword on the line of the match in {text:?}"
    );
    range
}

fn check_clean(detector: &Detector, regex: &Regex) {
    for text in detector.clean {
        let found = reference_matches(detector, regex, text.as_bytes());
        assert!(
            found.is_empty(),
            "{}: {text:?} must not fire, got {found:?}",
            detector.meta.id
        );
    }
}
