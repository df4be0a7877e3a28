//! The secrets engine: agreement with the reference matcher, robustness on arbitrary and huge
//! input (bounded by work counters, not wall time), and cross-detector dedup.

use factorguard_core::{Cia, Factor, RuleMeta, Severity, Stride};
use factorguard_rules::secrets::detector::{compile, reference_matches, Detector};
use factorguard_rules::secrets::engine::{self, LINE_REACH};
use factorguard_rules::secrets::{all_detectors, scan, Engine, Scratch};
use proptest::prelude::*;
use std::ops::Range;

fn engine_ranges(engine: &Engine, text: &[u8]) -> Vec<Range<usize>> {
    let mut scratch = Scratch::default();
    engine
        .scan_with(text, &mut scratch)
        .into_iter()
        .map(|m| m.range)
        .collect()
}

#[test]
fn engine_agrees_with_the_reference_on_every_fixture() {
    for d in all_detectors() {
        let single = Engine::new(&[*d]);
        let regex = compile(d);
        for text in d.fires.iter().chain(d.clean.iter()) {
            let mut reference = reference_matches(d, &regex, text.as_bytes());
            reference.sort_by_key(|r| (r.start, r.end));
            assert_eq!(
                engine_ranges(&single, text.as_bytes()),
                reference,
                "{} on {text:?}",
                d.meta.id
            );
        }
    }
}

/// Deterministic pseudo-random bytes (xorshift), so big inputs need no data files.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick(&mut self, from: &[u8]) -> u8 {
        from[(self.next() % from.len() as u64) as usize]
    }
}

const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

#[test]
fn a_minified_megabyte_line_is_scanned_in_bounded_windows() {
    // One 1 MiB line of minified-looking code with a keyword every ~64 KiB.
    let mut noise = Noise(0x5eed);
    let mut line = Vec::with_capacity(1 << 20);
    while line.len() < 1 << 20 {
        if line.len() % (64 * 1024) < 8 && line.len() > 8 {
            line.extend_from_slice(b";var token=e.t;");
        }
        line.push(noise.pick(b"abcdefghijklmnopqrstuvwxyz(){};.=,:"));
    }
    let engine = Engine::global();
    let mut scratch = Scratch::default();
    engine.scan_with(&line, &mut scratch);
    let stats = scratch.stats;
    assert!(stats.keyword_hits >= 15, "{stats:?}");
    // Each hit opens at most a 2 * LINE_REACH window for each detector owning a keyword in it:
    // nowhere near the whole line per hit.
    let owners = all_detectors()
        .iter()
        .filter(|d| {
            d.keywords
                .iter()
                .any(|k| ";var token=e.t;".contains(&k.to_ascii_lowercase()))
        })
        .count() as u64;
    let bound = stats.keyword_hits * owners * (2 * LINE_REACH as u64 + 64);
    assert!(stats.regex_bytes <= bound, "{stats:?}");
    assert!(
        stats.regex_bytes < (line.len() as u64) * 8,
        "regexes re-read the line: {stats:?}"
    );
}

#[test]
fn dense_keywords_on_one_line_merge_into_one_window_per_detector() {
    let text = "token=a;".repeat(128 * 1024); // 1 MiB, a keyword every 8 bytes
    let engine = Engine::global();
    let mut scratch = Scratch::default();
    engine.scan_with(text.as_bytes(), &mut scratch);
    let stats = scratch.stats;
    let owners = all_detectors()
        .iter()
        .filter(|d| {
            d.keywords.iter().any(|k| {
                text[..64]
                    .to_ascii_lowercase()
                    .contains(&k.to_ascii_lowercase())
            })
        })
        .count() as u64;
    assert!(stats.keyword_hits >= 128 * 1024, "{stats:?}");
    // Every owning detector examines each byte at most once (windows are merged).
    assert!(stats.regex_runs <= owners, "{stats:?} owners {owners}");
    assert!(stats.regex_bytes <= owners * text.len() as u64, "{stats:?}");
}

#[test]
fn ten_megabytes_of_base64_cost_work_in_proportion_to_keyword_hits() {
    let mut noise = Noise(0xba5e64);
    let mut blob = Vec::with_capacity(10 << 20);
    while blob.len() < 10 << 20 {
        for _ in 0..76 {
            blob.push(noise.pick(BASE64));
        }
        blob.push(b'\n');
    }
    let engine = Engine::global();
    let mut scratch = Scratch::default();
    let found = engine.scan_with(&blob, &mut scratch);
    let stats = scratch.stats;
    // Random base64 holds keywords only by chance: the regexes see a sliver of it.
    assert!(
        stats.regex_bytes < blob.len() as u64,
        "regexes read more than the blob: {stats:?}"
    );
    assert!(
        found.len() < 100,
        "{} matches in random base64",
        found.len()
    );

    // The same blob as one line: windows stay bounded by the reach, not the line.
    let one_line: Vec<u8> = blob.iter().copied().filter(|b| *b != b'\n').collect();
    engine.scan_with(&one_line, &mut scratch);
    let stats = scratch.stats;
    assert!(stats.keyword_hits > 0, "{stats:?}");
    // Every window is bounded by the reach (a line's reach each side, plus the multi-line
    // reach for patterns that cross lines), however long the line is.
    let widest_window = (2 * engine::LINE_REACH + engine::MULTILINE_REACH + 64) as u64;
    assert!(
        stats.regex_bytes <= stats.regex_runs * widest_window,
        "windows grew with the line: {stats:?}"
    );
    assert!(
        stats.regex_bytes < 2 * one_line.len() as u64,
        "random base64 on one line costs more than two passes: {stats:?}"
    );
}

#[test]
fn a_file_without_keywords_runs_no_regex() {
    let text = "fn main() {\n    println!(\"hello, world\");\n}\n".repeat(10_000);
    let mut scratch = Scratch::default();
    let found = Engine::global().scan_with(text.as_bytes(), &mut scratch);
    assert!(found.is_empty());
    assert_eq!(scratch.stats.regex_runs, 0, "{:?}", scratch.stats);
}

fn leak_detector(
    id: &'static str,
    provider: &'static str,
    keyword: &'static str,
    pattern: &'static str,
) -> &'static Detector {
    Box::leak(Box::new(Detector {
        meta: RuleMeta {
            id,
            slug: id,
            title: "synthetic detector",
            factor: Factor::III,
            stride: &[Stride::InformationDisclosure],
            cia: &[Cia::Confidentiality],
            default_severity: Severity::High,
            remediation: "rotate",
            spec: "test",
            references: &[],
            doc: "",
        },
        provider,
        keywords: Box::leak(Box::new([keyword])),
        pattern,
        validate: None,
        min_entropy: 0.0,
        fires: &[],
        clean: &[],
    }))
}

#[test]
fn a_provider_detector_beats_a_generic_one_on_the_same_bytes() {
    let generic = leak_detector(
        "FG2990",
        "generic",
        "token",
        r#"token\s*=\s*"(?P<secret>[A-Za-z0-9_]{16,})""#,
    );
    let provider = leak_detector(
        "FG2991",
        "Acme",
        "acme_",
        r"(?P<secret>acme_[A-Za-z0-9]{20})",
    );
    let text = br#"token = "acme_Q7w8E9r0T1y2U3i4O5p6""#;
    for order in [[generic, provider], [provider, generic]] {
        let engine = Engine::new(&order);
        let found = engine.scan_with(text, &mut Scratch::default());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].detector.meta.id, "FG2991");
    }
}

#[test]
fn of_two_generic_detectors_the_more_specific_format_wins() {
    // A JWT assigned to `token` is the JWT detector's, not the assignment's.
    let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtYmlsbGluZyIsImlzcyI6ImF1dGguYWNtZS5pbnRlcm5hbCIsImlhdCI6MTc2NzIyNTYwMH0.EVU8hG2maXHbEdAdMGRxFcB-nlPEqQY5j_quPT5Yg9c";
    let text =
        format!("SERVICE_TOKEN = \"{jwt}\"\nheaders = {{\"Authorization\": \"Bearer {jwt}\"}}\n");
    let found = scan(text.as_bytes());
    let ids: Vec<&str> = found.iter().map(|m| m.detector.meta.id).collect();
    assert_eq!(ids, vec!["FG2005", "FG2005"], "{found:?}");
}

#[test]
fn matches_are_sorted_and_never_overlap() {
    let mut text = String::new();
    for d in all_detectors() {
        for fires in d.fires {
            text.push_str(fires);
            text.push('\n');
        }
    }
    let found = scan(text.as_bytes());
    assert!(found.len() >= all_detectors().len());
    for pair in found.windows(2) {
        assert!(pair[0].range.end <= pair[1].range.start, "{pair:?}");
    }
}

/// Every `fires` text of every detector, as (detector index, text).
fn fixtures() -> Vec<(usize, &'static str)> {
    all_detectors()
        .iter()
        .enumerate()
        .flat_map(|(i, d)| d.fires.iter().map(move |t| (i, *t)))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let found = scan(&bytes);
        for m in &found {
            prop_assert!(m.range.start <= m.range.end && m.range.end <= bytes.len());
        }
    }

    #[test]
    fn keyword_soup_never_panics(
        pieces in proptest::collection::vec(
            prop_oneof![
                Just("token"), Just("password="), Just("-----BEGIN PRIVATE KEY-----"),
                Just("-----END PRIVATE KEY-----"), Just("://"), Just("eyJ"), Just("Bearer "),
                Just("value:"), Just("\n"), Just("\\n"), Just("\""), Just(":"), Just("@"),
                Just("AbC9+/="), Just("PuTTY-User-Key-File-2: "), Just("Private-Lines: 3\n"),
                Just("jdbc:x:"), Just(";Server=a;"), Just("\u{e9}"), Just("\r\n"),
            ],
            0..200,
        )
    ) {
        let text: String = pieces.concat();
        let found = scan(text.as_bytes());
        for pair in found.windows(2) {
            prop_assert!(pair[0].range.end <= pair[1].range.start);
        }
    }

    #[test]
    fn fixtures_spliced_into_random_text_are_still_found(
        which in 0..fixtures().len(),
        before in "[a-z0-9 ,.;(){}]{0,300}",
        after in "[a-z0-9 ,.;(){}]{0,300}",
    ) {
        let (index, fires) = fixtures()[which];
        let detector = all_detectors()[index];
        let text = format!("{before}\n{fires}\n{after}");
        let offset = before.len() + 1;
        let regex = compile(detector);
        let expected: Vec<Range<usize>> = reference_matches(detector, &regex, fires.as_bytes())
            .into_iter()
            .map(|r| r.start + offset..r.end + offset)
            .collect();
        let single = Engine::new(&[detector]);
        let found = engine_ranges(&single, text.as_bytes());
        for secret in &expected {
            prop_assert!(found.contains(secret), "{} lost {secret:?} in {text:?}", detector.meta.id);
        }
    }
}
