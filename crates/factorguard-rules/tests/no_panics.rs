//! No rule panics, whatever it is fed: empty, binary, garbage, huge lines, odd UTF-8, and
//! truncated versions of the real fixtures, each file claiming every document kind.

use factorguard_core::{
    DocKind, Facts, FileEmitter, IndexedFile, KindSet, ProjectEmitter, ProjectIndex, SourceFile,
};
use factorguard_rules::all_rules;
use std::path::Path;

fn every_kind(rules: &[&'static dyn factorguard_core::Rule]) -> KindSet {
    rules
        .iter()
        .flat_map(|r| r.kinds().iter().copied())
        .chain([DocKind::Text])
        .collect()
}

fn run_all(path: &str, bytes: &[u8]) {
    let rules = all_rules();
    let kinds = every_kind(&rules);
    let file = SourceFile::new(path, bytes, kinds);
    let mut findings = Vec::new();
    let mut facts = Facts::default();
    for rule in &rules {
        let mut out = FileEmitter::new(&file, &mut findings, &mut facts);
        rule.check_file(&file, &mut out);
    }
    let _ = file.take_parse_errors();
    let index = ProjectIndex {
        files: vec![IndexedFile {
            path: path.to_string(),
            kinds,
            size: bytes.len() as u64,
        }],
        facts,
        terraform: Default::default(),
        reader: None,
    };
    let mut project = Vec::new();
    for rule in &rules {
        rule.check_project(&index, &mut ProjectEmitter::new(&mut project));
    }
}

fn inputs() -> Vec<Vec<u8>> {
    let mut inputs: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"\n".to_vec(),
        b"\xEF\xBB\xBF".to_vec(),
        (0..=255u8).collect(),
        vec![0u8; 4096],
        vec![b'A'; 1 << 20],
        b"\xff\xfe\x00K\x00E\x00Y\x00=\x00v".to_vec(),
        "é".repeat(10_000).into_bytes(),
        b"-----BEGIN RSA PRIVATE KEY-----".to_vec(),
        b"-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----".to_vec(),
        b"PuTTY-User-Key-File-3: \nPrivate-Lines: 99999999999999999999\n".to_vec(),
        b"PuTTY-User-Key-File-2:x\nPrivate-Lines: 3\nAAAA\n".to_vec(),
        b"\x30\x84\xff\xff\xff\xff\x02\x01\x03\x30".to_vec(),
        b"\x30\x82".to_vec(),
        b"KEY=\"unterminated\nSECRET=".to_vec(),
        b"[section\naws_secret_access_key = \n[x]\naws_secret_access_key=".to_vec(),
        b"{\"auths\": {\"r\": {\"auth\": \"!!!\"}}, \"type\": \"service_account\", \"private_key\": 1}"
            .to_vec(),
        b"kind: Config\nusers: [{name: [1], user: {token: {a: b}}}]\n".to_vec(),
        b"kind: Config\nusers:\n- user:\n    auth-provider: {config: [1]}\n".to_vec(),
        b"&a [*a, *a]\n".to_vec(),
        "[".repeat(100_000).into_bytes(),
        "- ".repeat(5_000).into_bytes(),
        b"!\n!!\n[\n\\\n**/\n/\n".to_vec(),
    ];
    // Every fixture, whole and cut in the middle of a line or a UTF-8 sequence.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut stack = vec![fixtures];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                for cut in [bytes.len() / 3, bytes.len() / 2 + 1] {
                    inputs.push(bytes[..cut.min(bytes.len())].to_vec());
                }
                inputs.push(bytes);
            }
        }
    }
    inputs
}

#[test]
fn rules_never_panic_on_odd_input() {
    for (i, input) in inputs().iter().enumerate() {
        for path in [
            ".gitignore",
            ".env",
            "x/.npmrc",
            ".docker/config.json",
            "a.tfstate",
        ] {
            let result = std::panic::catch_unwind(|| run_all(path, input));
            assert!(
                result.is_ok(),
                "a rule panicked on input #{i} as {path}: {:?}",
                String::from_utf8_lossy(&input[..input.len().min(120)])
            );
        }
    }
}
