//! Git history and the index as sources of files: throwaway repositories built with the `git`
//! CLI, scanned with small test rules. Each blob is read once, findings name the commit that
//! introduced them, and broken or shallow repositories are reported, never fatal.

use factorguard_core::policy::Policy;
use factorguard_core::{
    builtin, Cia, DocKind, Factor, FileEmitter, Finding, Registry, Report, Rule, RuleMeta,
    Severity, SkipReason, SourceFile, Stride,
};
use factorguard_scan::{scan, GitScope, ScanError, ScanOptions, ONLY_IN_HISTORY};
use std::path::Path;
use std::process::Command;

static TOKEN: RuleMeta = RuleMeta {
    id: "FG9101",
    slug: "test-token-assignment",
    title: "token assignment",
    factor: Factor::III,
    stride: &[Stride::InformationDisclosure],
    cia: &[Cia::Confidentiality],
    default_severity: Severity::High,
    remediation: "rotate the token",
    spec: "test",
    references: &[],
    doc: "",
};

/// Reports the value after every `TOKEN=` as a secret (up to the end of the line).
struct TokenRule;
impl Rule for TokenRule {
    fn meta(&self) -> &'static RuleMeta {
        &TOKEN
    }
    fn kinds(&self) -> &'static [DocKind] {
        &[DocKind::Text]
    }
    fn check_file(&self, file: &SourceFile<'_>, out: &mut FileEmitter<'_>) {
        let bytes = file.bytes;
        let mut from = 0;
        while let Some(at) = find(&bytes[from..], b"TOKEN=").map(|n| n + from) {
            let start = at + b"TOKEN=".len();
            let end = bytes[start..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(bytes.len(), |n| start + n);
            out.finding(&TOKEN, at..end).secret(start..end).emit();
            from = end;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A throwaway repository driven through the `git` CLI, with fixed identities and dates so
/// commits are reproducible and ordered.
struct Repo {
    dir: tempfile::TempDir,
    commits: u32,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
            commits: 0,
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn git(&self, args: &[&str]) -> String {
        self.git_in(self.root(), args)
    }

    fn git_in(&self, dir: &Path, args: &[&str]) -> String {
        let date = format!("2024-01-{:02}T10:00:00+02:00", self.commits + 1);
        let out = Command::new("git")
            .args(["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"])
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Ada Lovelace")
            .env("GIT_AUTHOR_EMAIL", "ada@example.com")
            .env("GIT_COMMITTER_NAME", "Ada Lovelace")
            .env("GIT_COMMITTER_EMAIL", "ada@example.com")
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .output()
            .expect("git is installed");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    fn write(&self, rel: &str, contents: &[u8]) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).unwrap();
    }

    /// Stage everything and commit; returns the commit id.
    fn commit(&mut self, message: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
        self.commits += 1;
        self.git(&["rev-parse", "HEAD"])
    }
}

fn scan_with(root: &Path, git: GitScope, configure: impl FnOnce(&mut ScanOptions)) -> Report {
    try_scan(root, git, configure).unwrap_or_else(|e| panic!("scan failed: {e}"))
}

fn try_scan(
    root: &Path,
    git: GitScope,
    configure: impl FnOnce(&mut ScanOptions),
) -> Result<Report, ScanError> {
    let mut rules = builtin::pipeline_rules();
    rules.push(&TokenRule);
    let registry = Registry::new(rules);
    let policy = Policy::all(&registry);
    let mut options = ScanOptions::new(root);
    options.git = git;
    configure(&mut options);
    scan(&options, &registry, &policy, None)
}

fn history(root: &Path) -> Report {
    scan_with(root, GitScope::AllRefs, |_| {})
}

fn tokens(report: &Report) -> Vec<&Finding> {
    report
        .findings
        .iter()
        .filter(|f| f.rule_id == "FG9101")
        .collect()
}

fn paths(report: &Report) -> Vec<&str> {
    tokens(report)
        .iter()
        .map(|f| f.location.path.as_str())
        .collect()
}

#[test]
fn a_secret_committed_then_deleted_is_reported_only_in_history_with_its_commit() {
    let mut repo = Repo::new();
    repo.write("README.md", b"demo\n");
    repo.write(
        "config/app.env",
        b"MODE=prod\nTOKEN=fake-token-0123456789\n",
    );
    let introduced = repo.commit("add config");
    repo.remove("config/app.env");
    repo.commit("remove config");

    let report = history(repo.root());
    let found = tokens(&report);
    assert_eq!(found.len(), 1, "{:#?}", report.findings);
    let f = found[0];
    assert_eq!(f.location.path, "config/app.env");
    assert_eq!(f.location.region.unwrap().start_line, 2);
    assert_eq!(f.factor, Factor::I, "only in history is a factor I problem");
    assert!(f.message.ends_with(ONLY_IN_HISTORY), "{}", f.message);
    let commit = f.commit.as_ref().expect("provenance");
    assert_eq!(commit.id, introduced);
    assert_eq!(commit.author, "Ada Lovelace <ada@example.com>");
    assert_eq!(commit.date, "2024-01-01T10:00:00+02:00");
    assert_eq!(commit.path, "config/app.env");
    assert!(!commit.in_head);
    // The evidence and snippet never carry the value.
    assert!(!f.evidence.as_deref().unwrap_or("").contains("0123456789"));
    assert!(!format!("{:?}", f.snippet).contains("0123456789"));
    // Without --history the deleted file is not seen.
    let tree_only = scan_with(repo.root(), GitScope::Off, |_| {});
    assert!(tokens(&tree_only).is_empty());
}

#[test]
fn fingerprints_do_not_depend_on_the_commit() {
    // Two repositories whose histories differ but hold the same file: same fingerprint.
    let mut first = Repo::new();
    first.write("a.env", b"TOKEN=fake-token-same\n");
    first.commit("one");
    first.remove("a.env");
    first.commit("two");
    let mut second = Repo::new();
    second.write("other.txt", b"x\n");
    second.commit("unrelated first commit");
    second.write("a.env", b"TOKEN=fake-token-same\n");
    second.commit("one");
    second.remove("a.env");
    second.commit("two");
    let a = history(first.root());
    let b = history(second.root());
    assert_ne!(
        tokens(&a)[0].commit.as_ref().unwrap().id,
        tokens(&b)[0].commit.as_ref().unwrap().id
    );
    assert_eq!(tokens(&a)[0].fingerprint, tokens(&b)[0].fingerprint);
}

#[test]
fn a_blob_in_many_commits_and_branches_is_read_once() {
    let mut repo = Repo::new();
    repo.write("shared.txt", b"TOKEN=fake-shared-token\n");
    repo.write("counter.txt", b"0\n");
    let first = repo.commit("c0");
    for n in 1..=10 {
        repo.write("counter.txt", format!("{n}\n").as_bytes());
        repo.commit(&format!("c{n}"));
        if n == 5 {
            repo.git(&["branch", "side"]);
        }
    }
    // A side branch and a tag that hold the same blob, once at another path.
    repo.git(&["checkout", "-q", "side"]);
    repo.write("side.txt", b"side\n");
    repo.write("copies/shared-copy.txt", b"TOKEN=fake-shared-token\n");
    repo.commit("side work");
    repo.git(&["tag", "-a", "-m", "release", "v1"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.remove("shared.txt");
    repo.commit("drop shared");

    let report = history(repo.root());
    // Walk: counter.txt. History: counter 0..9 (10 is HEAD's, read by the walk), the shared
    // blob (once, whatever its paths and commits), side.txt.
    assert_eq!(
        report.stats.files_scanned,
        1 + 10 + 1 + 1,
        "{:?}",
        report.stats
    );
    let found = tokens(&report);
    assert_eq!(found.len(), 1, "{:#?}", report.findings);
    assert_eq!(found[0].location.path, "shared.txt", "first path wins");
    assert_eq!(found[0].commit.as_ref().unwrap().id, first);
}

#[test]
fn a_renamed_file_keeps_the_path_that_introduced_it() {
    let mut repo = Repo::new();
    repo.write("old/name.env", b"TOKEN=fake-renamed-token\n");
    let introduced = repo.commit("add");
    repo.git(&["mv", "old", "new"]);
    repo.commit("rename");
    repo.remove("new/name.env");
    repo.commit("delete");
    let report = history(repo.root());
    let found = tokens(&report);
    assert_eq!(found.len(), 1, "{:#?}", report.findings);
    assert_eq!(found[0].location.path, "old/name.env");
    assert_eq!(found[0].commit.as_ref().unwrap().id, introduced);
}

#[test]
fn a_secret_still_in_the_working_tree_is_linked_not_only_in_history() {
    let mut repo = Repo::new();
    repo.write("old.env", b"TOKEN=fake-moved-token\n");
    repo.commit("add");
    repo.remove("old.env");
    repo.write("new.env", b"# moved\nTOKEN=fake-moved-token\n");
    repo.commit("move and edit");
    let report = history(repo.root());
    let found = tokens(&report);
    assert_eq!(paths(&report), vec!["new.env", "old.env"], "{found:#?}");
    let old = found[1];
    assert_eq!(old.factor, Factor::III);
    assert!(!old.message.contains(ONLY_IN_HISTORY));
    assert!(old.commit.as_ref().unwrap().in_head);
    assert_eq!(
        old.secret.as_ref().unwrap().also_found_in,
        vec!["new.env:2"]
    );
    assert!(
        found[0].commit.is_none(),
        "working-tree findings have no commit"
    );
}

#[test]
fn content_unchanged_in_head_is_left_to_the_walk() {
    let mut repo = Repo::new();
    repo.write("kept.env", b"TOKEN=fake-kept-token\n");
    repo.commit("add");
    repo.write("other.txt", b"x\n");
    repo.commit("more");
    let report = history(repo.root());
    assert_eq!(paths(&report), vec!["kept.env"]);
    assert!(tokens(&report)[0].commit.is_none());
    assert_eq!(report.stats.files_scanned, 2);
}

#[test]
fn since_scans_only_the_commits_after_the_revision() {
    let mut repo = Repo::new();
    repo.write("a.env", b"TOKEN=fake-old-token\n");
    repo.commit("old secret");
    repo.remove("a.env");
    repo.write("base.txt", b"base\n");
    repo.commit("old secret removed");
    repo.git(&["tag", "base"]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("b.env", b"TOKEN=fake-new-token\n");
    let introduced = repo.commit("new secret");
    repo.remove("b.env");
    // A file moved in the range is not new content.
    repo.git(&["mv", "base.txt", "moved.txt"]);
    repo.commit("new secret removed");

    let report = scan_with(repo.root(), GitScope::Since("base".into()), |_| {});
    assert_eq!(paths(&report), vec!["b.env"], "{:#?}", report.findings);
    assert_eq!(tokens(&report)[0].commit.as_ref().unwrap().id, introduced);
    // Walk: moved.txt. Range: b.env only (base.txt's blob predates the range).
    assert_eq!(report.stats.files_scanned, 2, "{:?}", report.stats);
    let all = history(repo.root());
    assert_eq!(paths(&all), vec!["a.env", "b.env"]);

    let error = try_scan(repo.root(), GitScope::Since("no-such-rev".into()), |_| {})
        .expect_err("unknown revision");
    assert!(error.to_string().contains("no-such-rev"), "{error}");
}

#[test]
fn staged_scans_only_what_is_staged() {
    let mut repo = Repo::new();
    repo.write("committed.env", b"TOKEN=fake-committed\n");
    repo.commit("base");
    repo.write("staged.env", b"TOKEN=fake-staged\n");
    repo.git(&["add", "staged.env"]);
    repo.write("unstaged.env", b"TOKEN=fake-unstaged\n");
    repo.write("committed.env", b"TOKEN=fake-edited-not-staged\n");
    repo.write("sub/also-staged.env", b"TOKEN=fake-staged-too\n");
    repo.git(&["add", "sub/also-staged.env"]);
    let report = scan_with(repo.root(), GitScope::Staged, |_| {});
    assert_eq!(
        paths(&report),
        vec!["staged.env", "sub/also-staged.env"],
        "{:#?}",
        report.findings
    );
    assert_eq!(report.stats.files_scanned, 2);
    assert!(tokens(&report).iter().all(|f| f.commit.is_none()));
    // Scoped to a subdirectory, paths are relative to it.
    let sub = scan_with(&repo.root().join("sub"), GitScope::Staged, |_| {});
    assert_eq!(paths(&sub), vec!["also-staged.env"]);
}

#[test]
fn a_shallow_clone_is_scanned_as_far_as_it_goes_and_says_so() {
    let mut repo = Repo::new();
    repo.write("ancient.env", b"TOKEN=fake-ancient\n");
    repo.commit("ancient");
    repo.remove("ancient.env");
    repo.commit("ancient removed");
    repo.write("recent.env", b"TOKEN=fake-recent\n");
    repo.commit("recent");
    repo.remove("recent.env");
    repo.commit("recent removed");
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.root().display());
    repo.git_in(
        clone.path(),
        &["clone", "-q", "--depth", "2", &url, "shallow"],
    );
    let report = history(&clone.path().join("shallow"));
    assert_eq!(paths(&report), vec!["recent.env"], "{:#?}", report.findings);
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.message.contains("history is truncated")),
        "{:?}",
        report.errors
    );
}

#[test]
fn a_missing_object_is_named_and_the_rest_still_scanned() {
    let mut repo = Repo::new();
    repo.write("lost.env", b"TOKEN=fake-lost\n");
    repo.write("kept.env", b"TOKEN=fake-kept\n");
    repo.commit("two secrets");
    repo.remove("lost.env");
    repo.remove("kept.env");
    repo.commit("both removed");
    let lost = repo.git(&["rev-parse", "HEAD~1:lost.env"]);
    let loose = repo
        .root()
        .join(".git/objects")
        .join(&lost[..2])
        .join(&lost[2..]);
    std::fs::remove_file(&loose).expect("commits write loose objects");

    let report = history(repo.root());
    assert_eq!(paths(&report), vec!["kept.env"]);
    let error = report
        .errors
        .iter()
        .find(|e| e.path == "lost.env")
        .unwrap_or_else(|| panic!("{:?}", report.errors));
    assert!(error.message.contains(&lost), "{}", error.message);
    assert_eq!(report.stats.skipped.get(&SkipReason::Unreadable), Some(&1));
}

#[test]
fn a_missing_commit_is_named_and_the_rest_still_scanned() {
    let mut repo = Repo::new();
    repo.write("first.env", b"TOKEN=fake-first\n");
    repo.commit("first");
    repo.write("second.env", b"TOKEN=fake-second\n");
    repo.commit("second");
    repo.remove("first.env");
    repo.remove("second.env");
    repo.commit("both removed");
    let root_commit = repo.git(&["rev-parse", "HEAD~2"]);
    std::fs::remove_file(
        repo.root()
            .join(".git/objects")
            .join(&root_commit[..2])
            .join(&root_commit[2..]),
    )
    .unwrap();
    let report = history(repo.root());
    assert!(
        paths(&report).contains(&"second.env"),
        "{:#?}",
        report.findings
    );
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.message.contains(&root_commit)),
        "{:?}",
        report.errors
    );
}

#[test]
fn oversized_and_binary_blobs_are_skipped_as_in_the_walk() {
    let mut repo = Repo::new();
    let mut big = b"TOKEN=fake-in-a-big-file\n".to_vec();
    big.extend(std::iter::repeat_n(b'x', 4096));
    repo.write("big.txt", &big);
    repo.write("blob.bin", b"TOKEN=fake-binary\0\0\0\x01\x02");
    repo.commit("big and binary");
    repo.remove("big.txt");
    repo.remove("blob.bin");
    repo.commit("removed");
    let big_id = repo.git(&["rev-parse", "HEAD~1:big.txt"]);
    let report = scan_with(repo.root(), GitScope::AllRefs, |o| o.max_file_size = 1024);
    assert!(tokens(&report).is_empty(), "{:#?}", report.findings);
    let error = report
        .errors
        .iter()
        .find(|e| e.path == "big.txt")
        .unwrap_or_else(|| panic!("{:?}", report.errors));
    assert!(error.message.contains("size limit"), "{}", error.message);
    assert!(error.message.contains(&big_id), "{}", error.message);
    assert_eq!(report.stats.skipped.get(&SkipReason::TooLarge), Some(&1));
    assert_eq!(report.stats.skipped.get(&SkipReason::Binary), Some(&1));
}

#[test]
fn a_subdirectory_scan_sees_only_its_part_of_history() {
    let mut repo = Repo::new();
    repo.write("app/service.env", b"TOKEN=fake-in-app\n");
    repo.write("other/service.env", b"TOKEN=fake-elsewhere\n");
    repo.write("app/keep.txt", b"keep\n");
    repo.commit("add");
    repo.remove("app/service.env");
    repo.remove("other/service.env");
    repo.commit("remove");
    let report = history(&repo.root().join("app"));
    assert_eq!(paths(&report), vec!["service.env"]);
    assert_eq!(
        tokens(&report)[0].commit.as_ref().unwrap().path,
        "app/service.env"
    );
}

#[test]
fn a_directory_that_is_not_a_repository_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "TOKEN=fake\n").unwrap();
    for git in [
        GitScope::AllRefs,
        GitScope::Staged,
        GitScope::Since("HEAD".into()),
    ] {
        let error = try_scan(dir.path(), git, |_| {}).expect_err("not a repository");
        assert!(
            error.to_string().contains("not a git repository"),
            "{error}"
        );
    }
}

#[test]
fn an_empty_repository_has_no_history_to_scan() {
    let repo = Repo::new();
    repo.write("a.env", b"TOKEN=fake-uncommitted\n");
    let report = history(repo.root());
    assert_eq!(paths(&report), vec!["a.env"]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let staged = scan_with(repo.root(), GitScope::Staged, |_| {});
    assert!(staged.findings.is_empty());
}
