//! The secrets engine: every detector in one pass over a file.
//!
//! 1. **Prefilter.** One Aho-Corasick automaton over every detector's keywords (ASCII
//!    case-insensitive, overlapping matches, so a keyword inside another is never hidden). Its
//!    cost does not depend on how many keywords there are, which keeps adding detectors cheap
//!    (see `examples/detector_scaling.rs`). A file with no keyword costs one pass and nothing else.
//! 2. **Windows.** Each keyword hit opens a window for the detectors that own the keyword: the
//!    hit's line, bounded to [`LINE_REACH`] bytes on each side so a 1 MB minified line does not
//!    make every hit scan the whole line. A detector whose pattern can cross lines (it contains
//!    the escape `\n` or the flag `(?s)`) gets the line before the hit and [`MULTILINE_REACH`]
//!    bytes after the hit's line: enough for a PEM or PGP key body. Overlapping windows of one
//!    detector are merged, so its regex examines each byte of a file at most once.
//! 3. **Verification.** The detector's regex runs over its merged windows only (with the
//!    surrounding bytes as context for `^` and `\b`), and each candidate goes through
//!    [`accept`]: placeholders, entropy floor, offline validator.
//! 4. **Dedup.** When matches of different detectors overlap, one is kept (see
//!    [`SecretMatch`] ordering in [`keep_most_specific`]).
//!
//! Working memory lives in a [`Scratch`] reused from file to file: nothing is allocated per line.

use super::detector::{accept, Detector};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::bytes::{CaptureLocations, Regex};
use std::cell::RefCell;
use std::ops::Range;
use std::sync::LazyLock;

/// How far a window reaches from a keyword hit, within its line, in each direction.
pub const LINE_REACH: usize = 4 * 1024;
/// How far past the hit's line a window reaches for a detector whose matches cross lines.
pub const MULTILINE_REACH: usize = 16 * 1024;

/// One secret found by one detector: the byte range of the secret itself.
#[derive(Clone)]
pub struct SecretMatch {
    pub detector: &'static Detector,
    pub range: Range<usize>,
}

impl std::fmt::Debug for SecretMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}@{:?}", self.detector.meta.id, self.range)
    }
}

/// Counters of the work a scan did, independent of the machine's speed (tests bound these).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ScanStats {
    /// Keyword occurrences the prefilter reported.
    pub keyword_hits: u64,
    /// Merged windows a detector's regex ran over.
    pub regex_runs: u64,
    /// Bytes handed to regexes, summed over windows.
    pub regex_bytes: u64,
    /// Candidates the regexes produced (before placeholder, entropy and validator checks).
    pub candidates: u64,
}

struct CompiledDetector {
    detector: &'static Detector,
    regex: Regex,
    /// Index of the `secret` capture group, or 0 for the whole match.
    secret_group: usize,
    multiline: bool,
    /// For a pattern whose matches have a bounded length: how far from a keyword hit a match
    /// can reach, so a hit on a long line (minified code, base64) opens a small window rather
    /// than [`LINE_REACH`] bytes each side.
    reach: Option<usize>,
}

/// The smallest reach a bounded pattern gets: room for a keyword that sits beside the match on
/// its line (`TELEGRAM_TOKEN = "..."`) rather than inside it.
const MIN_BOUNDED_REACH: usize = 256;

/// Twice the longest match `pattern` can make (at least [`MIN_BOUNDED_REACH`]), or `None` when
/// its matches are unbounded.
fn bounded_reach(pattern: &str) -> Option<usize> {
    let hir = regex_syntax::ParserBuilder::new()
        .utf8(false)
        .build()
        .parse(pattern)
        .ok()?;
    let longest = hir.properties().maximum_len()?;
    Some((2 * longest).clamp(MIN_BOUNDED_REACH, LINE_REACH))
}

/// A compiled set of detectors. Build once; share between threads.
pub struct Engine {
    detectors: Vec<CompiledDetector>,
    prefilter: Option<AhoCorasick>,
    /// For each prefilter pattern, the range of `keyword_owners` holding its detectors.
    keyword_spans: Vec<Range<u32>>,
    keyword_owners: Vec<u32>,
}

/// Reusable working memory for [`Engine::scan_with`]; one per thread.
#[derive(Default)]
pub struct Scratch {
    /// Per detector, its merged windows in this file.
    windows: Vec<Vec<Range<usize>>>,
    /// Detectors with at least one window in this file.
    touched: Vec<u32>,
    locations: Vec<Option<CaptureLocations>>,
    found: Vec<SecretMatch>,
    /// What the last scan with this scratch did.
    pub stats: ScanStats,
}

impl Engine {
    /// Compile `detectors`. Panics on an invalid pattern: a programming error the detector
    /// tests catch before anything ships.
    pub fn new(detectors: &[&'static Detector]) -> Engine {
        let compiled: Vec<CompiledDetector> = detectors
            .iter()
            .map(|detector| {
                let regex = super::detector::compile(detector);
                let secret_group = regex
                    .capture_names()
                    .position(|name| name == Some("secret"))
                    .unwrap_or(0);
                CompiledDetector {
                    detector,
                    regex,
                    secret_group,
                    multiline: crosses_lines(detector.pattern),
                    reach: bounded_reach(detector.pattern),
                }
            })
            .collect();

        // Case-folded keywords, deduplicated, each with the detectors that own it.
        let mut owned: Vec<(String, u32)> = Vec::new();
        for (index, detector) in detectors.iter().enumerate() {
            for keyword in detector.keywords {
                if !keyword.is_empty() {
                    owned.push((keyword.to_ascii_lowercase(), index as u32));
                }
            }
        }
        owned.sort();
        owned.dedup();
        let mut patterns: Vec<String> = Vec::new();
        let mut keyword_spans: Vec<Range<u32>> = Vec::new();
        let mut keyword_owners: Vec<u32> = Vec::with_capacity(owned.len());
        for (keyword, owner) in owned {
            if patterns.last() != Some(&keyword) {
                patterns.push(keyword);
                let at = keyword_owners.len() as u32;
                keyword_spans.push(at..at);
            }
            keyword_owners.push(owner);
            if let Some(span) = keyword_spans.last_mut() {
                span.end += 1;
            }
        }
        let prefilter = (!patterns.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&patterns)
                .expect("keywords are plain literals")
        });
        Engine {
            detectors: compiled,
            prefilter,
            keyword_spans,
            keyword_owners,
        }
    }

    /// The engine over [`super::all_detectors`], built on first use.
    pub fn global() -> &'static Engine {
        static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::new(super::all_detectors()));
        &ENGINE
    }

    /// Every secret in `bytes`, sorted by position, one detector per secret.
    pub fn scan_with(&self, bytes: &[u8], scratch: &mut Scratch) -> Vec<SecretMatch> {
        scratch.stats = ScanStats::default();
        scratch.found.clear();
        if scratch.windows.len() < self.detectors.len() {
            scratch.windows.resize_with(self.detectors.len(), Vec::new);
            scratch.locations.resize_with(self.detectors.len(), || None);
        }
        self.collect_windows(bytes, scratch);
        let touched = std::mem::take(&mut scratch.touched);
        for &index in &touched {
            self.verify(index as usize, bytes, scratch);
            scratch.windows[index as usize].clear();
        }
        scratch.touched = touched;
        scratch.touched.clear();
        keep_most_specific(&mut scratch.found);
        scratch.found.clone()
    }

    /// Run the prefilter and record, per detector, the merged windows its keywords open.
    fn collect_windows(&self, bytes: &[u8], scratch: &mut Scratch) {
        let Some(prefilter) = &self.prefilter else {
            return;
        };
        // The bounds of the last hit's line, reused while hits stay on it; a line cut short
        // by the reach bounds is recomputed per hit so every hit gets its full reach.
        let mut line: Option<Range<usize>> = None;
        for hit in prefilter.find_overlapping_iter(bytes) {
            scratch.stats.keyword_hits += 1;
            let (start, end) = (hit.start(), hit.end());
            let line_bounds = match &line {
                Some(known) if known.start <= start && end <= known.end => known.clone(),
                _ => {
                    let found = line_around(bytes, start, end);
                    let whole_line = (found.start == 0 || bytes[found.start - 1] == b'\n')
                        && (found.end == bytes.len() || bytes[found.end] == b'\n');
                    line = whole_line.then(|| found.clone());
                    found
                }
            };
            let span = &self.keyword_spans[hit.pattern().as_usize()];
            for &owner in &self.keyword_owners[span.start as usize..span.end as usize] {
                let compiled = &self.detectors[owner as usize];
                let window = if compiled.multiline {
                    multiline_window(bytes, &line_bounds)
                } else if let Some(reach) = compiled.reach {
                    line_bounds.start.max(start.saturating_sub(reach))
                        ..line_bounds.end.min(end.saturating_add(reach))
                } else {
                    line_bounds.clone()
                };
                let windows = &mut scratch.windows[owner as usize];
                match windows.last_mut() {
                    Some(last) if window.start <= last.end && last.start <= window.end => {
                        last.start = last.start.min(window.start);
                        last.end = last.end.max(window.end);
                    }
                    Some(_) => windows.push(window),
                    None => {
                        windows.push(window);
                        scratch.touched.push(owner);
                    }
                }
            }
        }
    }

    /// Run detector `index`'s regex over its windows and keep the accepted candidates.
    fn verify(&self, index: usize, bytes: &[u8], scratch: &mut Scratch) {
        let compiled = &self.detectors[index];
        let locations =
            scratch.locations[index].get_or_insert_with(|| compiled.regex.capture_locations());
        for window in &scratch.windows[index] {
            scratch.stats.regex_runs += 1;
            scratch.stats.regex_bytes += window.len() as u64;
            // The haystack ends at the window; the bytes before it stay visible as context.
            let haystack = &bytes[..window.end];
            let mut at = window.start;
            while at <= haystack.len() {
                let Some(whole) = compiled.regex.captures_read_at(locations, haystack, at) else {
                    break;
                };
                let secret = if compiled.secret_group == 0 {
                    Some((whole.start(), whole.end()))
                } else {
                    locations.get(compiled.secret_group)
                };
                if let Some((start, end)) = secret {
                    scratch.stats.candidates += 1;
                    if accept(compiled.detector, &bytes[start..end]) {
                        scratch.found.push(SecretMatch {
                            detector: compiled.detector,
                            range: start..end,
                        });
                    }
                }
                at = if whole.end() > whole.start() {
                    whole.end()
                } else {
                    whole.end() + 1
                };
            }
        }
    }
}

/// Every secret in `bytes` found by every detector, with a per-thread scratch.
pub fn scan(bytes: &[u8]) -> Vec<SecretMatch> {
    thread_local! {
        static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
    }
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut scratch) => Engine::global().scan_with(bytes, &mut scratch),
        Err(_) => Engine::global().scan_with(bytes, &mut Scratch::default()),
    })
}

/// Whether a pattern can match across lines: it names a newline (`\n`, but not `\\n` nor inside
/// a negated class such as `[^\n]`) or lets `.` match one (`(?s)`). Other patterns are confined
/// to the keyword's line.
fn crosses_lines(pattern: &str) -> bool {
    if pattern.contains("(?s") {
        return true;
    }
    let bytes = pattern.as_bytes();
    // Depth of character classes, and whether the outermost one is negated.
    let mut depth = 0usize;
    let mut negated = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                if bytes.get(i + 1) == Some(&b'n') && !(depth > 0 && negated) {
                    return true;
                }
                i += 2;
                continue;
            }
            b'[' => {
                if depth == 0 {
                    negated = bytes.get(i + 1) == Some(&b'^');
                }
                depth += 1;
                // A `]` right after `[` or `[^` is a literal.
                let skip = if negated && depth == 1 { 2 } else { 1 };
                if bytes.get(i + skip) == Some(&b']') {
                    i += skip;
                }
            }
            b']' if depth > 0 => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    false
}

/// The line holding `start..end`, bounded to [`LINE_REACH`] bytes each side; without the
/// newline.
fn line_around(bytes: &[u8], start: usize, end: usize) -> Range<usize> {
    let floor = start.saturating_sub(LINE_REACH);
    let line_start =
        memchr::memrchr(b'\n', &bytes[floor..start]).map_or(floor, |at| floor + at + 1);
    let ceiling = end.saturating_add(LINE_REACH).min(bytes.len());
    let line_end = memchr::memchr(b'\n', &bytes[end..ceiling]).map_or(ceiling, |at| end + at);
    line_start..line_end
}

/// A line window widened for a detector whose matches cross lines: from the start of the line
/// before to [`MULTILINE_REACH`] bytes past the line's end.
fn multiline_window(bytes: &[u8], line: &Range<usize>) -> Range<usize> {
    let start = if line.start > 0 && bytes[line.start - 1] == b'\n' {
        line_around(bytes, line.start - 1, line.start - 1).start
    } else {
        line.start
    };
    let end = line.end.saturating_add(MULTILINE_REACH).min(bytes.len());
    start..end
}

/// Specificity of a detector, higher wins an overlap: a provider's detector (a known token
/// format) beats a generic one; then a detector with an offline validator (checksum, decodable
/// structure) beats one without; then the lower id, since generic ids run from the most
/// specific formats (keys, JWTs, URLs, connection strings) to the loosest (assignments).
fn specificity(detector: &Detector) -> (bool, bool, std::cmp::Reverse<&'static str>) {
    (
        detector.provider != "generic",
        detector.validate.is_some(),
        std::cmp::Reverse(detector.meta.id),
    )
}

/// Sort `found` by position and resolve overlaps: the same detector's duplicates collapse, and
/// of overlapping matches of different detectors only the most specific survives.
pub fn keep_most_specific(found: &mut Vec<SecretMatch>) {
    found.sort_by(|a, b| {
        (a.range.start, a.range.end, a.detector.meta.id).cmp(&(
            b.range.start,
            b.range.end,
            b.detector.meta.id,
        ))
    });
    found.dedup_by(|b, a| a.range == b.range && std::ptr::eq(a.detector, b.detector));
    let mut kept: Vec<SecretMatch> = Vec::with_capacity(found.len());
    let mut cluster: Vec<SecretMatch> = Vec::new();
    let mut cluster_end = 0;
    for m in found.drain(..) {
        if !cluster.is_empty() && m.range.start >= cluster_end {
            resolve_cluster(&mut cluster, &mut kept);
        }
        cluster_end = if cluster.is_empty() {
            m.range.end
        } else {
            cluster_end.max(m.range.end)
        };
        cluster.push(m);
    }
    resolve_cluster(&mut cluster, &mut kept);
    kept.sort_by_key(|m| (m.range.start, m.range.end));
    *found = kept;
}

/// Within a run of transitively overlapping matches, keep the most specific ones that do not
/// overlap a kept one.
fn resolve_cluster(cluster: &mut Vec<SecretMatch>, kept: &mut Vec<SecretMatch>) {
    if cluster.len() <= 1 {
        kept.append(cluster);
        return;
    }
    cluster.sort_by(|a, b| {
        specificity(b.detector)
            .cmp(&specificity(a.detector))
            .then(a.range.start.cmp(&b.range.start))
    });
    let first_kept = kept.len();
    for m in cluster.drain(..) {
        let overlaps = kept[first_kept..]
            .iter()
            .any(|k| m.range.start < k.range.end && k.range.start < m.range.end);
        if !overlaps {
            kept.push(m);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_newline_escapes_make_a_pattern_multiline() {
        assert!(crosses_lines(r"BEGIN\r?\n(?P<secret>[A-Z]+)"));
        assert!(crosses_lines(r"(?s)BEGIN.*END"));
        assert!(!crosses_lines(r"token\\n[a-z]+"));
        assert!(!crosses_lines(r"token\s*=\s*(?P<secret>\w+)"));
        assert!(!crosses_lines(r"a[^;\r\n]+b(?:#[^\n]*)?$"));
        assert!(crosses_lines(r"name: x[ \t]*\r?\n[ \t]*value"));
        assert!(crosses_lines(r"[^\]]+[\s\n]"));
    }

    #[test]
    fn bounded_patterns_get_a_small_reach() {
        assert_eq!(
            bounded_reach(r"\bcio[A-Za-z0-9]{32}\b"),
            Some(MIN_BOUNDED_REACH)
        );
        assert_eq!(bounded_reach(r"x{1000}"), Some(2000));
        assert_eq!(bounded_reach(r"eyJ[A-Za-z0-9]{8,}"), None);
        assert_eq!(
            bounded_reach(r"(?-u)[\x80-\xff]{4}"),
            Some(MIN_BOUNDED_REACH)
        );
    }

    #[test]
    fn line_windows_are_bounded() {
        let long = vec![b'a'; 3 * LINE_REACH];
        let window = line_around(&long, LINE_REACH + 10, LINE_REACH + 15);
        assert_eq!(window, 10..2 * LINE_REACH + 15);
        let text = b"one\ntwo token three\nfour";
        assert_eq!(line_around(text, 8, 13), 4..19);
        assert_eq!(multiline_window(text, &(4..19)), 0..text.len());
    }
}
