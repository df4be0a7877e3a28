//! Every `factorguard` command the README shows runs as documented (exit 0 or 1, no error),
//! in order, in a copy of the demo app made a git repository.

use std::path::Path;
use std::process::Command;

fn repo_root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Command lines in the README's fenced shell blocks that invoke `factorguard`.
fn readme_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let mut in_shell = false;
    let mut commands = Vec::new();
    for line in readme.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            in_shell = !in_shell && (trimmed == "```sh" || trimmed == "```bash");
            continue;
        }
        if in_shell && trimmed.starts_with("factorguard ") {
            let without_comment = trimmed.split(" #").next().unwrap();
            let without_redirect = without_comment.split(" >").next().unwrap();
            commands.push(without_redirect.trim().to_string());
        }
    }
    commands
}

#[test]
fn every_readme_command_runs() {
    let commands = readme_commands();
    assert!(
        commands.len() >= 10,
        "README commands not found: {commands:?}"
    );
    let work = tempfile::tempdir().unwrap();
    let status = Command::new("cp")
        .arg("-a")
        .arg(repo_root().join("examples/insecure-app"))
        .arg(work.path())
        .status()
        .unwrap();
    assert!(status.success());
    let app = work.path().join("insecure-app");
    // The history commands need a repository: the demo as one commit, with a remote-tracking
    // branch as a clone would have.
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "-A"],
        &["commit", "-q", "-m", "demo app"],
        &["update-ref", "refs/remotes/origin/main", "HEAD"],
    ] {
        let status = Command::new("git")
            .args([
                "-c",
                "user.name=factorguard",
                "-c",
                "user.email=demo@example.com",
            ])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(&app)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }
    let binary = assert_cmd::cargo::cargo_bin("factorguard");
    for command in &commands {
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let out = Command::new(&binary)
            .args(&args)
            .current_dir(&app)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let code = out.status.code().unwrap_or(-1);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            code == 0 || code == 1,
            "`{command}` exited {code}: {stderr}"
        );
        assert!(
            !stderr.contains("error"),
            "`{command}` printed an error: {stderr}"
        );
    }
    // The commands did what they say.
    assert!(app.join("fg.sarif").is_file());
    assert!(app.join("summary.md").is_file());
    assert!(app.join(".factorguard-baseline.json").is_file());
    assert!(app.join("docs/rules/README.md").is_file());
    assert!(app.join("factorguard.toml").is_file());
}
