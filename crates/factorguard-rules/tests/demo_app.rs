//! The demo app `examples/insecure-app`, scanned with every rule: each planted Factor I
//! problem is found, at the right file, and nothing in it fails to parse.

use factorguard_rules::all_rules;
use factorguard_scan::testing::scan_dir;
use std::path::Path;

#[test]
fn every_planted_factor_one_problem_is_found() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/insecure-app");
    let report = scan_dir(&root, all_rules());
    let found = |rule: &str, path: &str| {
        report
            .findings
            .iter()
            .filter(|f| f.rule_id == rule && f.location.path == path)
            .count()
    };
    assert_eq!(found("FG1001", "deploy/id_ed25519"), 1, "deploy key");
    assert_eq!(found("FG1002", ".env"), 1, "committed .env");
    assert_eq!(
        found("FG1003", "infra/terraform.tfstate"),
        1,
        "committed state"
    );
    assert_eq!(found("FG1005", ".npmrc"), 1, "npm token");
    // The weak .gitignore misses all three groups.
    assert_eq!(found("FG1010", ".gitignore"), 3, "weak .gitignore");

    // The example files and the public key are not findings; nothing fails to parse.
    for f in &report.findings {
        assert_ne!(f.location.path, ".env.example");
        assert_ne!(f.location.path, "deploy/id_ed25519.pub");
        assert_ne!(f.rule_id, "FG0001", "parse error: {}", f.message);
    }
    assert!(report.errors.is_empty(), "{:?}", report.errors);
}
