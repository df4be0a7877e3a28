//! Properties over arbitrary input: the parts of core that see raw file bytes never panic.

use factorguard_core::finding::FileEmitter;
use factorguard_core::source::LineIndex;
use factorguard_core::suppress::find_directives;
use factorguard_core::{Cia, Factor, Facts, KindSet, RuleMeta, Severity, SourceFile, Stride};
use proptest::prelude::*;

static RULE: RuleMeta = RuleMeta {
    id: "FG9998",
    slug: "prop-rule",
    title: "t",
    factor: Factor::I,
    stride: &[Stride::Tampering],
    cia: &[Cia::Integrity],
    default_severity: Severity::Low,
    remediation: "r",
    spec: "s",
    references: &[],
    doc: "",
};

fn bytes_with_directives() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"# factorguard:ignore[".to_vec()),
        Just(b"] reason=\"".to_vec()),
        Just(b"until=".to_vec()),
        Just(b"\n".to_vec()),
        Just("é\u{1F600}".as_bytes().to_vec()),
        proptest::collection::vec(any::<u8>(), 0..12),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn directive_parsing_never_panics(bytes in bytes_with_directives()) {
        for d in find_directives("f", &bytes) {
            prop_assert!(d.line >= 1);
        }
    }

    #[test]
    fn positions_are_monotonic(bytes in proptest::collection::vec(any::<u8>(), 0..400), cut in 0usize..400) {
        let index = LineIndex::new(&bytes);
        let a = index.position(cut.min(bytes.len()) / 2, &bytes);
        let b = index.position(cut.min(bytes.len()), &bytes);
        prop_assert!((a.line, a.column) <= (b.line, b.column));
    }

    #[test]
    fn findings_on_any_span_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300), start in 0usize..320, len in 0usize..80) {
        let file = SourceFile::new("x", &bytes, KindSet::EMPTY);
        let mut out = Vec::new();
        let mut facts = Facts::default();
        let mut emitter = FileEmitter::new(&file, &mut out, &mut facts);
        emitter.finding(&RULE, start..start + len).redact(start..start + len / 2).emit();
        prop_assert_eq!(out.len(), 1);
    }
}
