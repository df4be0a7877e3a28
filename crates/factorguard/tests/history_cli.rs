//! `scan --history`, `--since` and `--staged` end to end with the real rules, on throwaway
//! repositories built with the `git` CLI; and the pre-commit hook definition we ship.

use assert_cmd::Command;
use serde_json::Value;
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

fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Grace Hopper")
        .env("GIT_AUTHOR_EMAIL", "grace@example.com")
        .env("GIT_COMMITTER_NAME", "Grace Hopper")
        .env("GIT_COMMITTER_EMAIL", "grace@example.com")
        .env("GIT_AUTHOR_DATE", "2024-03-04T05:06:07Z")
        .env("GIT_COMMITTER_DATE", "2024-03-04T05:06:07Z")
        .output()
        .expect("git is installed");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn commit_all(root: &Path, message: &str) -> String {
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", message]);
    git(root, &["rev-parse", "HEAD"])
}

/// A repository whose first commit holds a `.env` with a credential, removed in the second.
fn repo_with_deleted_env() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    write(root, "README.md", "demo\n");
    write(root, ".env", "DATABASE_PASSWORD=fake-Pa55word-for-tests\n");
    let introduced = commit_all(root, "add env");
    std::fs::remove_file(root.join(".env")).unwrap();
    write(root, ".gitignore", ".env\n*.pem\n*.key\nid_rsa\n");
    commit_all(root, "remove env");
    (dir, introduced)
}

fn json_scan(root: &Path, extra: &[&str]) -> (i32, Value, String) {
    let out = factorguard()
        .arg("scan")
        .arg(root)
        .args(["--format", "json", "--no-progress"])
        .args(extra)
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        code,
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn findings_of<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == rule)
        .collect()
}

#[test]
fn history_reports_a_deleted_env_file_with_the_commit_that_added_it() {
    let (dir, introduced) = repo_with_deleted_env();
    let (code, tree_only, _) = json_scan(dir.path(), &[]);
    assert_eq!(code, 0, "{tree_only}");
    assert!(findings_of(&tree_only, "FG1002").is_empty());

    let (code, report, stderr) = json_scan(dir.path(), &["--history"]);
    assert_eq!(code, 1, "{stderr}");
    let found = findings_of(&report, "FG1002");
    assert_eq!(found.len(), 1, "{report:#}");
    let f = found[0];
    assert_eq!(f["location"]["path"], ".env");
    assert_eq!(f["factor"], "I");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("only in git history"),
        "{f:#}"
    );
    assert_eq!(f["commit"]["id"], introduced.as_str());
    assert_eq!(f["commit"]["author"], "Grace Hopper <grace@example.com>");
    assert_eq!(f["commit"]["date"], "2024-03-04T05:06:07Z");
    assert_eq!(f["commit"]["path"], ".env");
    assert_eq!(f["commit"]["in_head"], false);
    assert!(!report.to_string().contains("fake-Pa55word-for-tests"));
    // The text report names the file too.
    let out = factorguard()
        .args(["scan", "--history", "--no-progress"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("only in git history"));
}

#[test]
fn since_limits_history_to_the_new_commits() {
    let (dir, _) = repo_with_deleted_env();
    let root = dir.path();
    git(root, &["tag", "base"]);
    let (code, report, stderr) = json_scan(root, &["--since", "base"]);
    assert_eq!(code, 0, "{report:#} {stderr}");
    write(
        root,
        "deploy/.env.production",
        "API_TOKEN=fake-Tok3n-in-a-pull-request\n",
    );
    commit_all(root, "pr adds env");
    std::fs::remove_file(root.join("deploy/.env.production")).unwrap();
    commit_all(root, "pr removes it");
    let (code, report, stderr) = json_scan(root, &["--since", "base"]);
    assert_eq!(code, 1, "{stderr}");
    let paths: Vec<_> = findings_of(&report, "FG1002")
        .iter()
        .map(|f| f["location"]["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, vec!["deploy/.env.production"], "{report:#}");

    let (code, _, stderr) = json_scan(root, &["--since", "no-such-branch"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no-such-branch"), "{stderr}");
}

#[test]
fn staged_checks_only_the_index() {
    let (dir, _) = repo_with_deleted_env();
    let root = dir.path();
    // Unstaged problems are not the hook's business.
    write(
        root,
        "config/.env.local",
        "SECRET_KEY=fake-s3cret-not-staged\n",
    );
    let (code, report, stderr) = json_scan(root, &["--staged"]);
    assert_eq!(code, 0, "{report:#} {stderr}");
    assert_eq!(report["stats"]["files_scanned"], 0);

    git(root, &["add", "-f", "config/.env.local"]);
    let (code, report, _) = json_scan(root, &["--staged"]);
    assert_eq!(code, 1);
    let found = findings_of(&report, "FG1002");
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["location"]["path"], "config/.env.local");
    assert!(found[0].get("commit").is_none());
    assert_eq!(report["stats"]["files_scanned"], 1);
}

#[test]
fn the_pre_commit_hook_blocks_a_staged_secret() {
    let hooks = std::fs::read_to_string(repo_root().join(".pre-commit-hooks.yaml")).unwrap();
    assert!(hooks.contains("- id: factorguard"), "{hooks}");
    assert!(hooks.contains("pass_filenames: false"), "{hooks}");
    assert!(hooks.contains("language: rust"), "{hooks}");
    let entry = hooks
        .lines()
        .find_map(|l| l.trim().strip_prefix("entry:"))
        .expect("an entry")
        .trim();
    let args: Vec<&str> = entry.split_whitespace().collect();
    assert_eq!(args[..2], ["factorguard", "scan"], "{entry}");

    let (dir, _) = repo_with_deleted_env();
    let root = dir.path();
    let run_hook = || {
        factorguard()
            .args(&args[1..])
            .current_dir(root)
            .output()
            .unwrap()
    };
    assert_eq!(run_hook().status.code(), Some(0));
    write(
        root,
        ".env",
        "DATABASE_PASSWORD=fake-Pa55word-staged-again\n",
    );
    git(root, &["add", "-f", ".env"]);
    let out = run_hook();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("FG1002"));
}

#[test]
fn git_modes_need_a_repository_and_one_mode_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".env", "DATABASE_PASSWORD=fake-Pa55word\n");
    for flags in [&["--history"][..], &["--staged"], &["--since", "HEAD"]] {
        let (code, _, stderr) = json_scan(dir.path(), flags);
        assert_eq!(code, 2, "{flags:?}");
        assert!(stderr.contains("not a git repository"), "{stderr}");
    }
    let (code, _, stderr) = json_scan(dir.path(), &["--history", "--staged"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot be used with"), "{stderr}");
}

#[test]
fn a_broken_repository_still_gets_a_report() {
    let (dir, introduced) = repo_with_deleted_env();
    let root = dir.path();
    let env_blob = git(root, &["rev-parse", &format!("{introduced}:.env")]);
    std::fs::remove_file(
        root.join(".git/objects")
            .join(&env_blob[..2])
            .join(&env_blob[2..]),
    )
    .unwrap();
    let (code, report, stderr) = json_scan(root, &["--history"]);
    assert_eq!(code, 0, "{report:#}");
    assert!(stderr.contains("could not be scanned fully"), "{stderr}");
    let errors = report["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["path"] == ".env" && e["message"].as_str().unwrap().contains(&env_blob)),
        "{errors:?}"
    );
}
