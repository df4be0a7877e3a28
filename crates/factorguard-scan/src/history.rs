//! Git objects as a second source of file bytes: every blob reachable from any ref (or from the
//! commits after a revision), each read once and checked like a working-tree file, with the
//! commit that introduced it; or the index, for a pre-commit hook.
//!
//! Provenance comes from trees alone, never from blob contents: commits are visited oldest first
//! (parents before children) and each commit's tree is walked skipping every subtree already
//! seen, so each tree object is decoded once and each blob is attributed to the first commit and
//! path that hold it. Then the blobs are read, each once, by a few threads with their own
//! repository handles; only one blob per thread is in memory at a time.

use crate::classify::{classify_file, looks_binary};
use crate::pipeline::{human_size, FileResult, GitScope, ScanError, Sources, BINARY_SNIFF_LEN};
use factorguard_core::suppress::Directive;
use factorguard_core::{CommitInfo, Factor, FileError, Finding, SkipReason};
use gix::bstr::ByteSlice;
use gix::hashtable::{HashMap, HashSet};
use gix::objs::tree::EntryKind;
use gix::ObjectId;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap as StdHashMap, HashSet as StdHashSet};
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

/// Appended to the message of a finding whose content is no longer in HEAD.
pub const ONLY_IN_HISTORY: &str = " — only in git history: rotate it, then rewrite history";

/// How many blobs a reader thread takes from the shared list at a time.
const BLOB_BATCH: usize = 16;

/// Memory for delta bases kept decoded, shared out among the threads that read objects. gix's
/// default (64 entries) misses most bases on long delta chains; this made `--history` about a
/// third faster on the bench repository. The total is bounded whatever the core count.
const DELTA_BASE_CACHE_TOTAL: usize = 192 << 20;
const DELTA_BASE_CACHE_MIN: usize = 24 << 20;

/// Give `repo` a delta-base cache of `bytes`.
fn with_delta_base_cache(repo: &mut gix::Repository, bytes: usize) {
    repo.objects.set_pack_cache(move || {
        Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(bytes))
    });
}

/// What history adds to a scan: findings with their commits, inline suppressions from the blobs
/// that carried findings, and how much was read.
#[derive(Default)]
pub(crate) struct HistoryResults {
    pub findings: Vec<Finding>,
    pub directives: Vec<Directive>,
    /// Blobs checked (binary and oversized ones are counted as skipped instead).
    pub files: u64,
    pub bytes: u64,
}

/// The repository that holds the scan root, and where the root is inside it.
struct Repository {
    shared: gix::ThreadSafeRepository,
    scope: Scope,
}

/// The part of the repository under the scan root.
struct Scope {
    /// The scan root relative to the work tree, `/`-terminated; empty at the top.
    prefix: String,
}

impl Repository {
    fn open(root: &Path) -> Result<Repository, ScanError> {
        if !root.is_dir() {
            return Err(ScanError::Git(format!(
                "{}: git history and the index are scanned from a directory of the repository",
                root.display()
            )));
        }
        let shared = gix::ThreadSafeRepository::discover(root).map_err(|_| {
            ScanError::Git(format!(
                "{}: not a git repository (nor is any parent directory); --history, --since and \
                 --staged read git objects",
                root.display()
            ))
        })?;
        let local = shared.to_thread_local();
        let prefix = match (local.workdir(), root.canonicalize()) {
            (Some(workdir), Ok(root)) => {
                let workdir = workdir
                    .canonicalize()
                    .unwrap_or_else(|_| workdir.to_path_buf());
                let relative = root.strip_prefix(&workdir).unwrap_or(Path::new(""));
                let mut prefix: String = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                if !prefix.is_empty() {
                    prefix.push('/');
                }
                prefix
            }
            _ => String::new(),
        };
        Ok(Repository {
            shared,
            scope: Scope { prefix },
        })
    }
}

impl Scope {
    /// A repository path relative to the scan root, if the scan root holds it.
    fn relative<'p>(&self, path: &'p str) -> Option<&'p str> {
        path.strip_prefix(self.prefix.as_str())
    }

    /// Whether the directory `dir` (a repository path without trailing `/`) may hold files
    /// under the scan root.
    fn enters(&self, dir: &str) -> bool {
        let root = self.prefix.trim_end_matches('/');
        if root.is_empty() {
            return true;
        }
        // An ancestor of the root, the root itself, or inside it.
        let (shorter, longer) = if dir.len() < root.len() {
            (dir, root)
        } else {
            (root, dir)
        };
        longer.starts_with(shorter)
            && (longer.len() == shorter.len() || longer.as_bytes()[shorter.len()] == b'/')
    }
}

/// One commit of the history being scanned.
struct CommitNode {
    id: ObjectId,
    tree: ObjectId,
    /// Parents that are part of the scanned history.
    parents: Vec<ObjectId>,
    /// Committer time, to order unrelated branches oldest first.
    time: i64,
}

/// The first commit and path that held a blob; `commit` is `None` for blobs that were already
/// there before the scanned range (`--since`), which are not scanned again.
struct Introduced {
    path: String,
    commit: Option<u32>,
}

/// Blob attribution state: trees already walked and the first holder of each blob.
#[derive(Default)]
struct Attribution {
    seen_trees: HashSet<ObjectId>,
    blobs: HashMap<ObjectId, Introduced>,
}

impl Attribution {
    /// Walk the tree of commit number `commit` (an index into the oldest-first order), skipping
    /// subtrees already walked, and record the blobs it holds first.
    fn walk(
        &mut self,
        repo: &gix::Repository,
        scope: &Scope,
        tree: ObjectId,
        commit: Option<(u32, ObjectId)>,
        errors: &mut Vec<FileError>,
    ) {
        let mut stack = vec![(tree, String::new())];
        while let Some((tree, dir)) = stack.pop() {
            if !self.seen_trees.insert(tree) {
                continue;
            }
            let object = match repo.find_object(tree) {
                Ok(object) => object,
                Err(e) => {
                    errors.push(object_error(&dir, "tree", tree, commit.map(|c| c.1), &e));
                    continue;
                }
            };
            for entry in gix::objs::TreeRefIter::from_bytes(&object.data, repo.object_hash()) {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(e) => {
                        errors.push(object_error(&dir, "tree", tree, commit.map(|c| c.1), &e));
                        break;
                    }
                };
                let path = format!("{dir}{}", entry.filename.to_str_lossy());
                match entry.mode.kind() {
                    EntryKind::Tree => {
                        if scope.enters(&path) {
                            stack.push((entry.oid.to_owned(), path + "/"));
                        }
                    }
                    EntryKind::Blob | EntryKind::BlobExecutable => {
                        if scope.relative(&path).is_some() {
                            self.blobs
                                .entry(entry.oid.to_owned())
                                .or_insert(Introduced {
                                    path,
                                    commit: commit.map(|c| c.0),
                                });
                        }
                    }
                    // Symbolic links are never followed; submodules are other repositories.
                    EntryKind::Link | EntryKind::Commit => {}
                }
            }
        }
    }
}

/// Every blob of HEAD's tree under the scan root, by repository path.
fn head_files(
    repo: &gix::Repository,
    scope: &Scope,
    errors: &mut Vec<FileError>,
) -> Vec<(String, ObjectId)> {
    let tree = match repo.head_tree_id_or_empty() {
        Ok(id) => id.detach(),
        Err(e) => {
            errors.push(FileError {
                path: ".".into(),
                message: format!("git: cannot read HEAD's tree: {e}"),
            });
            return Vec::new();
        }
    };
    let mut walk = Attribution::default();
    walk.walk(repo, scope, tree, Some((0, tree)), errors);
    walk.blobs
        .into_iter()
        .map(|(id, introduced)| (introduced.path, id))
        .collect()
}

/// Scan the blobs of history that the working tree does not cover. `walk` is the working-tree
/// scan's results, used to tell which findings are only in history.
pub(crate) fn scan_history(
    sources: &Sources<'_>,
    walk: &[FileResult],
    errors: &mut Vec<FileError>,
) -> Result<HistoryResults, ScanError> {
    let opened = Repository::open(&sources.options.root)?;
    let mut repo = opened.shared.to_thread_local();
    with_delta_base_cache(&mut repo, DELTA_BASE_CACHE_TOTAL / 2);
    let scope = &opened.scope;

    let shallow: StdHashSet<ObjectId> = match repo.shallow_commits() {
        Ok(Some(commits)) => commits.iter().copied().collect(),
        _ => StdHashSet::new(),
    };
    let (tips, stop) = match &sources.options.git {
        GitScope::Since(revision) => {
            let head = repo.head_id().map_err(|_| {
                ScanError::Git("--since: HEAD has no commit to compare with".into())
            })?;
            let base = repo
                .rev_parse_single(revision.as_str())
                .ok()
                .and_then(|id| id.object().ok())
                .and_then(|object| object.peel_to_commit().ok())
                .ok_or_else(|| {
                    ScanError::Git(format!(
                        "--since {revision}: not a commit of this repository"
                    ))
                })?;
            let stop = collect_commits(&repo, &[base.id], &StdHashSet::new(), &shallow, errors)
                .into_iter()
                .map(|c| c.id)
                .collect::<StdHashSet<_>>();
            (vec![head.detach()], stop)
        }
        _ => (ref_tips(&repo, errors), StdHashSet::new()),
    };
    let commits = collect_commits(&repo, &tips, &stop, &shallow, errors);
    if commits.iter().any(|c| shallow.contains(&c.id)) {
        errors.push(FileError {
            path: ".".into(),
            message: format!(
                "git history is truncated: this is a shallow clone ({} boundary commit{}); older \
                 commits are not in the repository and were not scanned (git fetch --unshallow)",
                shallow.len(),
                if shallow.len() == 1 { "" } else { "s" }
            ),
        });
    }
    let order = oldest_first(&commits);

    let mut attribution = Attribution::default();
    // With --since, what the range's first commits started from is not new: mark it seen.
    let in_range: StdHashSet<ObjectId> = commits.iter().map(|c| c.id).collect();
    let mut boundary: Vec<ObjectId> = commits
        .iter()
        .flat_map(|c| c.parents.iter())
        .filter(|p| !in_range.contains(*p))
        .copied()
        .collect();
    boundary.sort();
    boundary.dedup();
    for parent in boundary {
        match repo.find_commit(parent).and_then(|c| c.tree_id()) {
            Ok(tree) => attribution.walk(&repo, scope, tree.detach(), None, errors),
            Err(e) => errors.push(object_error(".", "commit", parent, None, &e)),
        }
    }
    for (position, &node) in order.iter().enumerate() {
        let commit = &commits[node];
        attribution.walk(
            &repo,
            scope,
            commit.tree,
            Some((position as u32, commit.id)),
            errors,
        );
    }
    drop(attribution.seen_trees);

    // HEAD's blobs at the same path are the walk's; HEAD's blobs elsewhere are still in HEAD.
    let head = head_files(&repo, scope, errors);
    let head_blobs: HashSet<ObjectId> = head.iter().map(|(_, id)| *id).collect();
    let head_paths: StdHashSet<(String, ObjectId)> = head.into_iter().collect();
    let mut jobs: Vec<Job> = Vec::new();
    for (id, introduced) in attribution.blobs {
        let Some(position) = introduced.commit else {
            continue;
        };
        if head_paths.contains(&(introduced.path.clone(), id)) {
            continue;
        }
        let Some(relative) = scope.relative(&introduced.path) else {
            continue;
        };
        if sources.leaves_out(relative) {
            continue;
        }
        jobs.push(Job {
            id,
            path: introduced.path,
            commit: Some(commits[order[position as usize]].id),
            position,
            in_head: head_blobs.contains(&id),
        });
    }
    drop(head_paths);
    // Newest first: packs hold recent versions whole and older ones as deltas against them, so
    // this order finds most delta bases still in the cache.
    jobs.sort_by_key(|job| (Reverse(job.position), job.id));
    // The readers bring their own caches.
    repo.objects.unset_pack_cache();

    let outcome = read_blobs(&opened, sources, &jobs, true);
    errors.extend(outcome.errors);
    let mut checked = outcome.checked;
    // Oldest introduction first, so it is the one kept when later versions repeat a finding.
    checked.sort_by_key(|(job, _)| jobs[*job].position);

    let in_walk: StdHashSet<(&str, &str)> = walk
        .iter()
        .flat_map(|r| r.findings.iter())
        .map(|f| (f.rule_id.as_str(), f.fingerprint.as_str()))
        .collect();
    let walk_secrets: StdHashSet<&str> = walk
        .iter()
        .flat_map(|r| r.findings.iter())
        .filter_map(|f| f.secret.as_ref().map(|s| s.sha256.as_str()))
        .collect();
    let mut reported: StdHashSet<(String, String)> = StdHashSet::new();
    let mut commit_info: StdHashMap<ObjectId, (String, String)> = StdHashMap::new();
    let mut results = HistoryResults {
        files: outcome.files,
        bytes: outcome.bytes,
        ..HistoryResults::default()
    };
    for (job, result) in checked {
        let job = &jobs[job];
        let mut kept = false;
        for mut finding in result.findings {
            // The working tree already reports it, or an older version of this file did.
            if in_walk.contains(&(finding.rule_id.as_str(), finding.fingerprint.as_str()))
                || !reported.insert((finding.rule_id.clone(), finding.fingerprint.clone()))
            {
                continue;
            }
            let in_head = job.in_head
                || finding
                    .secret
                    .as_ref()
                    .is_some_and(|s| walk_secrets.contains(s.sha256.as_str()));
            if !in_head {
                finding.factor = Factor::I;
                finding.message.push_str(ONLY_IN_HISTORY);
            }
            if let Some(commit) = job.commit {
                let (author, date) = commit_info
                    .entry(commit)
                    .or_insert_with(|| describe_commit(&repo, commit));
                finding.commit = Some(CommitInfo {
                    id: commit.to_string(),
                    author: author.clone(),
                    date: date.clone(),
                    path: job.path.clone(),
                    in_head,
                });
            }
            results.findings.push(finding);
            kept = true;
        }
        if kept {
            results.directives.extend(result.directives);
        }
    }
    Ok(results)
}

/// The blobs staged for commit that differ from HEAD, checked like working-tree files.
pub(crate) fn scan_staged(
    sources: &Sources<'_>,
    errors: &mut Vec<FileError>,
) -> Result<Vec<FileResult>, ScanError> {
    let opened = Repository::open(&sources.options.root)?;
    let repo = opened.shared.to_thread_local();
    let scope = &opened.scope;
    // A repository where nothing was ever staged has no index file: nothing to check.
    if !repo.index_path().is_file() {
        return Ok(Vec::new());
    }
    let index = repo.open_index().map_err(|e| {
        ScanError::Git(format!(
            "{}: cannot read the git index: {e}",
            repo.index_path().display()
        ))
    })?;
    let head: StdHashMap<String, ObjectId> = head_files(&repo, scope, errors).into_iter().collect();
    let mut seen = StdHashSet::new();
    let mut jobs = Vec::new();
    for entry in index.entries() {
        let regular = entry.mode == gix::index::entry::Mode::FILE
            || entry.mode == gix::index::entry::Mode::FILE_EXECUTABLE;
        if !regular {
            continue;
        }
        let path = entry.path(&index).to_str_lossy().into_owned();
        if head.get(&path) == Some(&entry.id) || !seen.insert((path.clone(), entry.id)) {
            continue;
        }
        match scope.relative(&path) {
            Some(relative) if !sources.leaves_out(relative) => {}
            _ => continue,
        }
        jobs.push(Job {
            id: entry.id,
            path,
            commit: None,
            position: 0,
            in_head: false,
        });
    }
    let outcome = read_blobs(&opened, sources, &jobs, false);
    errors.extend(outcome.errors);
    Ok(outcome.checked.into_iter().map(|(_, r)| r).collect())
}

/// A blob to read and check.
struct Job {
    id: ObjectId,
    /// Repository path it is checked under.
    path: String,
    /// The commit that introduced it (none for the index).
    commit: Option<ObjectId>,
    /// That commit's place in the oldest-first order.
    position: u32,
    /// Whether HEAD holds the same content at some path.
    in_head: bool,
}

/// What the reader threads produced: results (by job index) worth keeping, and totals.
struct ReadOutcome {
    checked: Vec<(usize, FileResult)>,
    errors: Vec<FileError>,
    files: u64,
    bytes: u64,
}

/// Read and check every job's blob once, on `jobs` threads (one per core by default), each with
/// its own repository handle and object caches. With `only_findings`, results without findings
/// or suppression comments are counted and dropped, so memory does not grow with history.
fn read_blobs(
    opened: &Repository,
    sources: &Sources<'_>,
    jobs: &[Job],
    only_findings: bool,
) -> ReadOutcome {
    let threads = match sources.options.jobs {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
    .clamp(1, jobs.len().div_ceil(BLOB_BATCH).max(1));
    let next = AtomicUsize::new(0);
    let files = AtomicU64::new(0);
    let bytes = AtomicU64::new(0);
    let checked = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let mut repo = opened.shared.to_thread_local();
                with_delta_base_cache(
                    &mut repo,
                    (DELTA_BASE_CACHE_TOTAL / threads).max(DELTA_BASE_CACHE_MIN),
                );
                let mut mine = Vec::new();
                let mut my_errors = Vec::new();
                loop {
                    let start = next.fetch_add(BLOB_BATCH, Ordering::Relaxed);
                    if start >= jobs.len() {
                        break;
                    }
                    for (n, job) in jobs.iter().enumerate().skip(start).take(BLOB_BATCH) {
                        let Some(result) =
                            check_blob(&repo, &opened.scope, sources, job, &mut my_errors)
                        else {
                            continue;
                        };
                        files.fetch_add(1, Ordering::Relaxed);
                        bytes.fetch_add(result.size, Ordering::Relaxed);
                        if !only_findings
                            || !result.findings.is_empty()
                            || !result.directives.is_empty()
                        {
                            mine.push((n, result));
                        }
                    }
                }
                if let Ok(mut all) = checked.lock() {
                    all.append(&mut mine);
                }
                if let Ok(mut all) = errors.lock() {
                    all.append(&mut my_errors);
                }
            });
        }
    });
    ReadOutcome {
        checked: checked.into_inner().unwrap_or_else(|e| e.into_inner()),
        errors: errors.into_inner().unwrap_or_else(|e| e.into_inner()),
        files: files.into_inner(),
        bytes: bytes.into_inner(),
    }
}

/// Read one blob (after checking its size from the object header) and run the file checks on
/// it under its path relative to the scan root. `None` when it is skipped or unreadable.
fn check_blob(
    repo: &gix::Repository,
    scope: &Scope,
    sources: &Sources<'_>,
    job: &Job,
    errors: &mut Vec<FileError>,
) -> Option<FileResult> {
    let relative = scope.relative(&job.path)?;
    let max = sources.options.max_file_size;
    let header = match repo.find_header(job.id) {
        Ok(header) => header,
        Err(e) => {
            sources.counters.skip(SkipReason::Unreadable);
            errors.push(object_error(relative, "blob", job.id, job.commit, &e));
            return None;
        }
    };
    if header.size() > max {
        sources.counters.skip(SkipReason::TooLarge);
        errors.push(FileError {
            path: relative.to_string(),
            message: format!(
                "{}: skipped: {} is over the {} size limit (raise scan.max-file-size to scan it)",
                describe_object("blob", job.id, job.commit),
                human_size(header.size()),
                human_size(max)
            ),
        });
        return None;
    }
    let object = match repo.find_object(job.id) {
        Ok(object) => object,
        Err(e) => {
            sources.counters.skip(SkipReason::Unreadable);
            errors.push(object_error(relative, "blob", job.id, job.commit, &e));
            return None;
        }
    };
    let bytes = &object.data;
    sources.progress.file_done(bytes.len() as u64);
    let binary = looks_binary(&bytes[..bytes.len().min(BINARY_SNIFF_LEN)]);
    let classification = classify_file(relative, bytes, binary);
    if classification.kinds.is_empty() {
        sources.counters.skip(SkipReason::Binary);
        return None;
    }
    let before = errors.len();
    let result = sources
        .checker
        .check(relative.to_string(), bytes, &classification, errors);
    for error in &mut errors[before..] {
        error.message = format!(
            "{}: {}",
            describe_object("blob", job.id, job.commit),
            error.message
        );
    }
    Some(result)
}

/// The commits to start from: every ref (branches, tags, remotes, stash, notes) and HEAD,
/// peeled to commits.
fn ref_tips(repo: &gix::Repository, errors: &mut Vec<FileError>) -> Vec<ObjectId> {
    let mut tips = Vec::new();
    if let Ok(head) = repo.head_id() {
        tips.push(head.detach());
    }
    let platform = match repo.references() {
        Ok(platform) => platform,
        Err(e) => {
            errors.push(FileError {
                path: ".".into(),
                message: format!("git: cannot list references: {e}"),
            });
            return tips;
        }
    };
    let references = match platform.all() {
        Ok(references) => references,
        Err(e) => {
            errors.push(FileError {
                path: ".".into(),
                message: format!("git: cannot list references: {e}"),
            });
            return tips;
        }
    };
    for reference in references {
        let mut reference = match reference {
            Ok(reference) => reference,
            Err(e) => {
                errors.push(FileError {
                    path: ".".into(),
                    message: format!("git: unreadable reference: {e}"),
                });
                continue;
            }
        };
        let name = reference.name().as_bstr().to_str_lossy().into_owned();
        match reference.peel_to_id() {
            Ok(id) => {
                // Tags of trees or blobs have no commit to name; they are rare and skipped.
                if repo
                    .find_header(id.detach())
                    .is_ok_and(|h| h.kind() == gix::objs::Kind::Commit)
                {
                    tips.push(id.detach());
                }
            }
            Err(e) => errors.push(FileError {
                path: ".".into(),
                message: format!("git: reference {name} cannot be resolved: {e}"),
            }),
        }
    }
    tips.sort();
    tips.dedup();
    tips
}

/// Commits reachable from `tips` without passing through `stop`, each read once. Parents of
/// shallow-boundary commits are absent by design and not followed; other missing commits are
/// named in `errors`.
fn collect_commits(
    repo: &gix::Repository,
    tips: &[ObjectId],
    stop: &StdHashSet<ObjectId>,
    shallow: &StdHashSet<ObjectId>,
    errors: &mut Vec<FileError>,
) -> Vec<CommitNode> {
    let mut seen: HashSet<ObjectId> = tips.iter().copied().collect();
    let mut queue: Vec<ObjectId> = tips
        .iter()
        .filter(|t| !stop.contains(*t))
        .copied()
        .collect();
    let mut commits = Vec::new();
    while let Some(id) = queue.pop() {
        let commit = match repo.find_commit(id) {
            Ok(commit) => commit,
            Err(e) => {
                errors.push(object_error(".", "commit", id, None, &e));
                continue;
            }
        };
        let tree = match commit.tree_id() {
            Ok(tree) => tree.detach(),
            Err(e) => {
                errors.push(object_error(".", "commit", id, None, &e));
                continue;
            }
        };
        let time = commit.time().map_or(0, |t| t.seconds);
        let parents: Vec<ObjectId> = if shallow.contains(&id) {
            Vec::new()
        } else {
            commit.parent_ids().map(|p| p.detach()).collect()
        };
        for parent in &parents {
            if !stop.contains(parent) && seen.insert(*parent) {
                queue.push(*parent);
            }
        }
        commits.push(CommitNode {
            id,
            tree,
            parents,
            time,
        });
    }
    commits
}

/// Indices of `commits` with every parent before its children, unrelated commits by committer
/// time (then id, for a deterministic order).
fn oldest_first(commits: &[CommitNode]) -> Vec<usize> {
    let index: HashMap<ObjectId, usize> =
        commits.iter().enumerate().map(|(n, c)| (c.id, n)).collect();
    let mut waiting_for = vec![0usize; commits.len()];
    let mut children = vec![Vec::new(); commits.len()];
    for (n, commit) in commits.iter().enumerate() {
        for parent in &commit.parents {
            if let Some(&p) = index.get(parent) {
                waiting_for[n] += 1;
                children[p].push(n);
            }
        }
    }
    let mut ready: BinaryHeap<Reverse<(i64, ObjectId, usize)>> = commits
        .iter()
        .enumerate()
        .filter(|(n, _)| waiting_for[*n] == 0)
        .map(|(n, c)| Reverse((c.time, c.id, n)))
        .collect();
    let mut order = Vec::with_capacity(commits.len());
    while let Some(Reverse((_, _, n))) = ready.pop() {
        order.push(n);
        for &child in &children[n] {
            waiting_for[child] -= 1;
            if waiting_for[child] == 0 {
                ready.push(Reverse((commits[child].time, commits[child].id, child)));
            }
        }
    }
    // Only a corrupt graph (a cycle) leaves commits out; they still get scanned, last.
    if order.len() < commits.len() {
        let placed: StdHashSet<usize> = order.iter().copied().collect();
        order.extend((0..commits.len()).filter(|n| !placed.contains(n)));
    }
    order
}

/// `Name <email>` and the RFC 3339 author date of a commit.
fn describe_commit(repo: &gix::Repository, id: ObjectId) -> (String, String) {
    let Ok(commit) = repo.find_commit(id) else {
        return (String::new(), String::new());
    };
    let Ok(author) = commit.author() else {
        return (String::new(), String::new());
    };
    let author = author.trim();
    let name = format!(
        "{} <{}>",
        author.name.to_str_lossy(),
        author.email.to_str_lossy()
    );
    let date = author.time().map(rfc3339).unwrap_or_default();
    (name, date)
}

fn rfc3339(time: gix::date::Time) -> String {
    let offset = time::UtcOffset::from_whole_seconds(time.offset).unwrap_or(time::UtcOffset::UTC);
    time::OffsetDateTime::from_unix_timestamp(time.seconds)
        .ok()
        .and_then(|t| {
            t.to_offset(offset)
                .format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| time.seconds.to_string())
}

fn describe_object(kind: &str, id: ObjectId, commit: Option<ObjectId>) -> String {
    match commit {
        Some(commit) => format!(
            "git {kind} {id} (introduced by commit {})",
            commit.to_hex_with_len(12)
        ),
        None => format!("git {kind} {id}"),
    }
}

fn object_error(
    path: &str,
    kind: &str,
    id: ObjectId,
    commit: Option<ObjectId>,
    error: &dyn std::fmt::Display,
) -> FileError {
    FileError {
        path: if path.is_empty() {
            "."
        } else {
            path.trim_end_matches('/')
        }
        .to_string(),
        message: format!(
            "{}: cannot read: {error} (missing object or broken pack)",
            describe_object(kind, id, commit)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(prefix: &str) -> Scope {
        Scope {
            prefix: prefix.into(),
        }
    }

    #[test]
    fn scope_prefix_limits_paths_and_directories() {
        let s = scope("app/web/");
        assert!(s.enters("app"));
        assert!(s.enters("app/web"));
        assert!(s.enters("app/web/src"));
        assert!(!s.enters("apps"));
        assert!(!s.enters("app/webx"));
        assert!(!s.enters("lib"));
        assert_eq!(s.relative("app/web/.env"), Some(".env"));
        assert_eq!(s.relative("app/.env"), None);
        let top = scope("");
        assert!(top.enters("anything"));
        assert_eq!(top.relative("a/b"), Some("a/b"));
    }

    #[test]
    fn parents_come_before_children_whatever_the_clock_says() {
        let id = |n: u8| ObjectId::from_bytes_or_panic(&[n; 20]);
        let node = |n: u8, parents: &[u8], time: i64| CommitNode {
            id: id(n),
            tree: id(0),
            parents: parents.iter().map(|p| id(*p)).collect(),
            time,
        };
        // The child's clock is behind its parent's.
        let commits = vec![node(3, &[2], 10), node(2, &[1], 50), node(1, &[], 40)];
        let order: Vec<u8> = oldest_first(&commits)
            .into_iter()
            .map(|n| commits[n].id.as_bytes()[0])
            .collect();
        assert_eq!(order, vec![1, 2, 3]);
    }

    #[test]
    fn dates_are_rfc3339_in_the_author_offset() {
        let t = gix::date::Time {
            seconds: 1_700_000_000,
            offset: 3600,
        };
        assert_eq!(rfc3339(t), "2023-11-14T23:13:20+01:00");
    }
}
