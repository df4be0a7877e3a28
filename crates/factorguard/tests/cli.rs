//! The binary end to end: exit codes, formats, config errors, suppression, baseline, docs.

use assert_cmd::Command;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

fn factorguard() -> Command {
    let mut cmd = Command::cargo_bin("factorguard").unwrap();
    cmd.env_remove("NO_COLOR").arg("--color").arg("never");
    cmd
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A fake OpenSSH key: the real armour around a random-looking body (not a usable key).
fn fake_key() -> String {
    let body = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n\
                QyNTUxOQAAACDk3q8Yc1Vx0M2pFz7K9wLrT4uHgN6bJm0aXsQeWvD2oAAAAJgbN9cPGzfX\n\
                DwAAAAtzc2gtZWQyNTUxOQAAACDk3q8Yc1Vx0M2pFz7K9wLrT4uHgN6bJm0aXsQeWvD2oA\n";
    format!("-----BEGIN OPENSSH PRIVATE KEY-----\n{body}-----END OPENSSH PRIVATE KEY-----\n")
}

fn json_scan(root: &Path, extra: &[&str]) -> (i32, Value) {
    let out = factorguard()
        .arg("scan")
        .arg(root)
        .args(["--format", "json", "--no-progress"])
        .args(extra)
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (code, json)
}

fn rule_ids(report: &Value, key: &str) -> Vec<String> {
    report[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn clean_tree_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        ".gitignore",
        ".env\n*.tfstate\n*.pem\n*.key\nid_*\n",
    );
    write(dir.path(), "src/app.py", "print('hello')\n");
    factorguard()
        .arg("scan")
        .arg(dir.path())
        .arg("--no-progress")
        .assert()
        .code(0);
}

#[test]
fn findings_at_or_above_the_gate_exit_one_and_below_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    // Not ignoring the key: gitignored files are not committed, so they are not scanned.
    write(dir.path(), ".gitignore", ".env\n*.tfstate\n");
    write(dir.path(), "deploy/id_ed25519", &fake_key());
    let (code, report) = json_scan(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(rule_ids(&report, "findings").contains(&"FG1001".to_string()));
    let (code, _) = json_scan(dir.path(), &["--fail-on", "never"]);
    assert_eq!(code, 0);
    let (code, _) = json_scan(dir.path(), &["--ignore", "FG1001"]);
    assert_eq!(code, 0);
    let (code, report) = json_scan(dir.path(), &["--select", "factor:XII"]);
    assert_eq!(code, 0);
    assert!(rule_ids(&report, "findings").is_empty());
    // The missing key patterns in .gitignore are a low finding: --fail-on low catches it.
    let (code, report) = json_scan(dir.path(), &["--ignore", "FG1001", "--fail-on", "low"]);
    assert_eq!(code, 1);
    assert_eq!(rule_ids(&report, "findings"), vec!["FG1010"]);
}

#[test]
fn gitignored_files_are_not_scanned_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        ".gitignore",
        ".env\n*.tfstate\n*.pem\n*.key\nid_*\n",
    );
    write(dir.path(), "deploy/id_ed25519", &fake_key());
    let (code, _) = json_scan(dir.path(), &[]);
    assert_eq!(code, 0, "an ignored key is not committed");
    let (code, report) = json_scan(dir.path(), &["--no-ignore"]);
    assert_eq!(code, 1);
    assert!(rule_ids(&report, "findings").contains(&"FG1001".to_string()));
}

#[test]
fn usage_and_configuration_errors_exit_two_with_a_located_message() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "factorguard.toml",
        "[scan]\nexclude = []\n\n[gate]\nfail_on = \"high\"\n",
    );
    let out = factorguard().arg("scan").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("factorguard.toml:5:1"), "{stderr}");
    assert!(stderr.contains("fail_on"), "{stderr}");

    write(
        dir.path(),
        "factorguard.toml",
        "[rules]\nignore = [\"FG1001\", \"no-such-rule\"]\n",
    );
    let out = factorguard().arg("scan").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("factorguard.toml:2:") && stderr.contains("no-such-rule"),
        "{stderr}"
    );

    let out = factorguard()
        .args(["scan", "/definitely/not/here"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("/definitely/not/here: no such file or directory"));

    factorguard()
        .args(["scan", ".", "--fail-on", "urgent"])
        .assert()
        .code(2);
    factorguard()
        .args(["scan", ".", "--select", "FG77"])
        .assert()
        .code(2);
    factorguard()
        .args(["scan", "--bogus-flag"])
        .assert()
        .code(2);
}

#[test]
fn one_run_writes_several_formats() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    write(dir.path(), "keys/deploy.pem", &fake_key());
    let sarif = out_dir.path().join("r.sarif");
    let md = out_dir.path().join("r.md");
    let out = factorguard()
        .arg("scan")
        .arg(dir.path())
        .args(["--no-progress", "--format", "sarif", "--output"])
        .arg(&sarif)
        .args(["--format", "text", "--format", "markdown", "--output"])
        .arg(&md)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("FG1001"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour when not a terminal");
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(std::fs::read_to_string(&md).unwrap().contains("FG1001"));

    // Two formats on stdout is a usage error.
    factorguard()
        .arg("scan")
        .arg(dir.path())
        .args(["--format", "json", "--format", "text"])
        .assert()
        .code(2);
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema_path =
        repo_root().join("crates/factorguard-report/tests/data/sarif-schema-2.1.0.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    let out = factorguard()
        .arg("scan")
        .arg(repo_root().join("examples/insecure-app"))
        .args(["--no-progress", "--format", "sarif"])
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());
}

#[test]
fn inline_suppressions_need_a_reason_and_expire() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a/.env",
        "# factorguard:ignore[FG1002] reason=\"local dev stack only\" until=2999-12-31\nDATABASE_PASSWORD=Vx9q2LmZ7tRw4KpN\n",
    );
    write(
        dir.path(),
        "b/.env",
        "# factorguard:ignore[dotenv-committed]\nSTRIPE_SECRET_KEY=Vx9q2LmZ7tRw4KpNa8\n",
    );
    write(
        dir.path(),
        "c/.env",
        "API_TOKEN=Qw3rTy7UiOp9AsDf # factorguard:ignore[FG1002] reason=\"old\" until=2020-01-01\n",
    );
    write(
        dir.path(),
        "d/notes.sh",
        "# factorguard:ignore[FG1001] reason=\"nothing here\"\necho hi\n",
    );
    write(
        dir.path(),
        "e/config.yml",
        "# factorguard:ignore[FG9999] reason=\"typo\"\nx: 1\n",
    );
    let (_, report) = json_scan(dir.path(), &[]);
    let active = report["findings"].as_array().unwrap();
    let find = |rule: &str, path: &str| {
        active
            .iter()
            .any(|f| f["rule_id"] == rule && f["location"]["path"] == path)
    };
    assert!(!find("FG1002", "a/.env"), "a reasoned suppression applies");
    assert!(
        find("FG1002", "b/.env") && find("FG0002", "b/.env"),
        "no reason: reported, not applied"
    );
    assert!(
        find("FG1002", "c/.env") && find("FG0003", "c/.env"),
        "expired: reported, not applied"
    );
    assert!(find("FG0004", "d/notes.sh"), "matches nothing");
    assert!(find("FG0004", "e/config.yml"), "unknown rule");
    let suppressed = report["suppressed"].as_array().unwrap();
    let a = suppressed
        .iter()
        .find(|f| f["location"]["path"] == "a/.env")
        .expect("kept as suppressed");
    assert_eq!(a["suppression"]["kind"], "inline");
    assert_eq!(a["suppression"]["reason"], "local dev stack only");
    assert_eq!(a["suppression"]["until"], "2999-12-31");
}

#[test]
fn baseline_round_trip_is_stable_and_suppresses() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    write(dir.path(), "deploy/id_ed25519", &fake_key());
    let baseline = out_dir.path().join("baseline.json");
    factorguard()
        .arg("scan")
        .arg(dir.path())
        .args(["--no-progress", "--quiet", "--write-baseline"])
        .arg(&baseline)
        .assert()
        .code(0);
    let first = std::fs::read_to_string(&baseline).unwrap();
    assert!(
        first.contains("FG1001") && !first.contains("line"),
        "{first}"
    );
    // Move the key down: the baseline still matches.
    write(
        dir.path(),
        "deploy/id_ed25519",
        &format!("\n\n\n{}", fake_key()),
    );
    let (code, report) = json_scan(dir.path(), &["--baseline", baseline.to_str().unwrap()]);
    assert_eq!(code, 0, "{report:#}");
    let suppressed = report["suppressed"].as_array().unwrap();
    assert!(suppressed
        .iter()
        .any(|f| f["rule_id"] == "FG1001" && f["suppression"]["kind"] == "baseline"));
    // Rewriting the baseline keeps baselined findings: no churn.
    factorguard()
        .arg("scan")
        .arg(dir.path())
        .args(["--no-progress", "--quiet", "--baseline"])
        .arg(&baseline)
        .arg("--write-baseline")
        .arg(&baseline)
        .assert()
        .code(0);
    assert_eq!(std::fs::read_to_string(&baseline).unwrap(), first);

    std::fs::write(&baseline, "{ not json").unwrap();
    let out = factorguard()
        .arg("scan")
        .arg(dir.path())
        .arg("--baseline")
        .arg(&baseline)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("baseline.json:1:"));
}

fn hash_tree(root: &Path) -> Vec<(PathBuf, String)> {
    let mut entries = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path.clone());
                entries.push((path, "dir".into()));
            } else {
                let digest = Sha256::digest(std::fs::read(&path).unwrap_or_default());
                let mtime = format!("{:?}", meta.modified().ok());
                entries.push((path, format!("{}:{mtime}", hex::encode(digest))));
            }
        }
    }
    entries.sort();
    entries
}

#[test]
fn scanning_never_writes_into_the_scanned_tree() {
    let copy = tempfile::tempdir().unwrap();
    let src = repo_root().join("examples/insecure-app");
    let status = std::process::Command::new("cp")
        .arg("-a")
        .arg(&src)
        .arg(copy.path())
        .status()
        .unwrap();
    assert!(status.success());
    let root = copy.path().join("insecure-app");
    let before = hash_tree(&root);
    factorguard()
        .arg("scan")
        .arg(&root)
        .args(["--no-progress", "--format", "json"])
        .assert()
        .code(1);
    factorguard()
        .arg("scan")
        .arg(&root)
        .args(["--no-progress", "--format", "sarif", "--show-suppressed"])
        .assert()
        .code(1);
    assert_eq!(before, hash_tree(&root));
}

#[test]
fn rules_list_explain_and_filter() {
    let out = factorguard()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let rules: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<_> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"FG1001") && ids.contains(&"FG0001"));
    let out = factorguard()
        .args(["rules", "--factor", "I"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("FG1001") && !text.contains("FG0001"),
        "{text}"
    );
    let out = factorguard()
        .args(["rules", "explain", "private-key-file"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("## How to fix") && text.contains("FG1001"),
        "{text}"
    );
    factorguard()
        .args(["rules", "explain", "FG0000"])
        .assert()
        .code(2);
}

#[test]
fn committed_docs_are_up_to_date() {
    let root = repo_root();
    let update = std::env::var_os("FACTORGUARD_UPDATE_DOCS").is_some();
    let generated = tempfile::tempdir().unwrap();
    factorguard()
        .arg("rules")
        .arg("--docs")
        .arg(generated.path())
        .assert()
        .code(0);
    let committed = root.join("docs/rules");
    if update {
        let _ = std::fs::remove_dir_all(&committed);
        std::fs::create_dir_all(&committed).unwrap();
    }
    let mut names: Vec<_> = std::fs::read_dir(generated.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    for name in &names {
        let fresh = std::fs::read_to_string(generated.path().join(name)).unwrap();
        if update {
            std::fs::write(committed.join(name), &fresh).unwrap();
            continue;
        }
        let old = std::fs::read_to_string(committed.join(name)).unwrap_or_default();
        assert_eq!(old, fresh, "docs/rules/{} is stale: run FACTORGUARD_UPDATE_DOCS=1 cargo test -p factorguard --test cli", name.to_string_lossy());
    }
    let committed_count = std::fs::read_dir(&committed).unwrap().count();
    assert_eq!(
        committed_count,
        names.len(),
        "docs/rules has pages for rules that no longer exist"
    );

    let schema = serde_json::to_string_pretty(&factorguard_core::config::config_json_schema())
        .unwrap()
        + "\n";
    let schema_path = root.join("docs/config-schema.json");
    if update {
        std::fs::write(&schema_path, &schema).unwrap();
    } else {
        assert_eq!(std::fs::read_to_string(&schema_path).unwrap_or_default(), schema, "docs/config-schema.json is stale: run FACTORGUARD_UPDATE_DOCS=1 cargo test -p factorguard --test cli");
    }
}

#[test]
fn init_writes_a_config_that_loads_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    factorguard().arg("init").arg(dir.path()).assert().code(0);
    let path = dir.path().join("factorguard.toml");
    assert!(std::fs::read_to_string(&path).unwrap().contains("fail-on"));
    // The written config is valid: a scan with it runs.
    factorguard()
        .arg("scan")
        .arg(dir.path())
        .arg("--no-progress")
        .assert()
        .code(0);
    factorguard().arg("init").arg(dir.path()).assert().code(2);
    factorguard()
        .arg("init")
        .arg(dir.path())
        .arg("--force")
        .assert()
        .code(0);
}

#[test]
fn completions_and_version() {
    let out = factorguard()
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("factorguard"));
    let out = factorguard().arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("factorguard "));
    let out = factorguard().args(["scan", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Exit codes:"));
}

#[test]
fn config_overrides_suppress_by_path_with_reason() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "fixtures/keys/test.pem", &fake_key());
    write(
        dir.path(),
        "factorguard.toml",
        "[[overrides]]\npaths = [\"fixtures/\"]\nignore = [\"FG1001\"]\nreason = \"fake keys for tests\"\n",
    );
    let (code, report) = json_scan(dir.path(), &[]);
    assert_eq!(code, 0, "{report:#}");
    let s = &report["suppressed"][0];
    assert_eq!(s["rule_id"], "FG1001");
    assert_eq!(s["suppression"]["kind"], "config");
    assert_eq!(s["suppression"]["reason"], "fake keys for tests");
}

#[test]
fn configured_terraform_variable_files_are_applied_and_checked_to_exist() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "infra/main.tf",
        "variable \"public\" {\n  default = false\n}\n\nresource \"aws_db_instance\" \"main\" {\n  engine              = \"postgres\"\n  engine_version      = \"16\"\n  storage_encrypted   = true\n  publicly_accessible = var.public\n}\n",
    );
    write(dir.path(), "infra/env/prod.tfvars", "public = true\n");
    let fg3002 = |report: &Value| {
        rule_ids(report, "findings")
            .iter()
            .filter(|id| *id == "FG3002")
            .count()
    };
    // Not named in the configuration: Terraform would not load it either.
    let (_, report) = json_scan(dir.path(), &["--select", "FG3002"]);
    assert_eq!(fg3002(&report), 0, "{report:#}");

    write(
        dir.path(),
        "factorguard.toml",
        "[terraform]\nvar-files = { \"./infra\" = [\"infra/env/prod.tfvars\"] }\n",
    );
    let (code, report) = json_scan(dir.path(), &["--select", "FG3002"]);
    assert_eq!((code, fg3002(&report)), (1, 1), "{report:#}");

    write(
        dir.path(),
        "factorguard.toml",
        "[terraform]\nvar-files = { \"infra\" = [\"infra/env/staging.tfvars\"] }\n",
    );
    let out = factorguard()
        .arg("scan")
        .arg(dir.path())
        .arg("--no-progress")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("factorguard.toml") && stderr.contains("infra/env/staging.tfvars"),
        "{stderr}"
    );
}

#[test]
fn terraform_required_tags_come_from_the_config() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "infra/main.tf",
        "provider \"aws\" {\n  region = \"eu-west-1\"\n\n  default_tags {\n    tags = {\n      Owner = \"platform-team\"\n    }\n  }\n}\n\nresource \"aws_sqs_queue\" \"jobs\" {\n  name = \"jobs\"\n  tags = {\n    Team = \"jobs\"\n  }\n}\n",
    );
    let tag_messages = |report: &Value| -> Vec<String> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule_id"] == "FG3085")
            .map(|f| f["message"].as_str().unwrap().to_string())
            .collect()
    };
    // The default, `owner`, comes from the provider's default tags.
    let (_, report) = json_scan(dir.path(), &["--select", "FG3085"]);
    assert!(tag_messages(&report).is_empty(), "{report:#}");

    write(
        dir.path(),
        "factorguard.toml",
        "[terraform]\nrequired-tags = [\"owner\", \"team\", \"cost-center\"]\n",
    );
    let (_, report) = json_scan(dir.path(), &["--select", "FG3085"]);
    let messages = tag_messages(&report);
    assert_eq!(messages.len(), 1, "{report:#}");
    assert!(
        messages[0].contains("`aws_sqs_queue.jobs` lacks the required tag(s) `cost-center` ("),
        "{messages:?}"
    );

    write(
        dir.path(),
        "factorguard.toml",
        "[terraform]\nrequired-tags = []\n",
    );
    let (_, report) = json_scan(dir.path(), &["--select", "FG3085"]);
    assert!(tag_messages(&report).is_empty(), "{report:#}");
}
