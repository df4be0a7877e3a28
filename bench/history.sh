#!/usr/bin/env bash
# Benchmark `factorguard scan --history` against reading every object of the repository once
# (`git cat-file --batch-all-objects --batch`, the floor) and, when installed, kingfisher's
# git-history mode; all on a generated repository with a long history, in the same run.
# See bench/README.md ("Git history").
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/history.sh [--commits N] [--runs N] [--jobs N] [--no-peers] [--seed N]

  --commits N   commits after the initial import (default 3000)
  --runs N      timed runs per tool (default 3); the median is reported
  --jobs N      threads for factorguard and kingfisher (default: all cores)
  --no-peers    do not time kingfisher even when it is installed
  --seed N      history seed (default 1)

environment:
  CARGO_TARGET_DIR        default ~/.cache/factorguard-target
  FACTORGUARD_BENCH_DIR   where corpora and the repository live, default ~/.cache/factorguard-bench
  FACTORGUARD_PEERS_DIR   peer tools, default ~/.cache/factorguard-peers
EOF
}

BENCH_NAME=bench
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

commits=3000
runs=3
jobs=""
seed=1
peers=1
while (($#)); do
  case "$1" in
    --commits) commits=${2:?--commits needs a value}; shift 2 ;;
    --runs) runs=${2:?--runs needs a value}; shift 2 ;;
    --jobs) jobs=${2:?--jobs needs a value}; shift 2 ;;
    --seed) seed=${2:?--seed needs a value}; shift 2 ;;
    --no-peers) peers=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
[[ $commits =~ ^[1-9][0-9]*$ ]] || die "--commits must be a positive integer (got '$commits')"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer (got '$runs')"
[[ -z $jobs || $jobs =~ ^[1-9][0-9]*$ ]] || die "--jobs must be a positive integer (got '$jobs')"
[[ $seed =~ ^[0-9]+$ ]] || die "--seed must be a non-negative integer (got '$seed')"

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$script_dir/.." && pwd)
command -v git >/dev/null 2>&1 || die "git is required"
command -v python3 >/dev/null 2>&1 || die "python3 is required (history generator and result table)"
require_gnu_time

# ---- factorguard ---------------------------------------------------------------------------
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/factorguard-target}
log "building factorguard (cargo build --release -p factorguard, CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
(cd "$src" && cargo build --release -p factorguard) || die "cargo build --release -p factorguard failed"
fg="$CARGO_TARGET_DIR/release/factorguard"
"$fg" scan --help | grep -q -- --history || die "$fg has no --history flag"

kingfisher="${FACTORGUARD_PEERS_DIR:-$HOME/.cache/factorguard-peers}/bin/kingfisher"
if ((peers)) && [[ ! -x $kingfisher ]]; then
  log "kingfisher not installed in ${kingfisher%/*}: timing factorguard and the floor only"
  peers=0
fi

# ---- the repository ------------------------------------------------------------------------
bench_dir=${FACTORGUARD_BENCH_DIR:-$HOME/.cache/factorguard-bench}
corpus="$bench_dir/corpus-small"
if [[ ! -d $corpus ]]; then
  log "no $corpus yet: generating it with bench/run.sh"
  "$script_dir/run.sh" --size small --runs 1 --tools cat >/dev/null || die "bench/run.sh could not generate the corpus"
fi
repo="$bench_dir/history-$commits-seed$seed"
stamp="$repo.stamp"
want_stamp="history.sh sha256=$(sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1) corpus=$(cat "$bench_dir/corpus-small.stamp" 2>/dev/null) commits=$commits seed=$seed"
if [[ -d $repo && -f $stamp && "$(cat "$stamp")" == "$want_stamp" ]]; then
  log "reusing repository $repo (stamp matches)"
else
  rm -rf -- "$repo" "$stamp"
  log "building repository $repo: corpus-small, then $commits commits (a minute or two)"
  git init -q --bare -b main "$repo"
  python3 - "$corpus" "$commits" "$seed" <<'PY' | git -C "$repo" fast-import --quiet
# A deterministic history over the corpus: the corpus as the first commit, then commits that
# edit, add and delete a few files each, a side branch, tags, and a planted credential that is
# added in one commit and removed later (so it lives only in history).
import os, random, sys
corpus, commits, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
out = sys.stdout.buffer
files = {}
for dirpath, dirnames, names in os.walk(corpus):
    dirnames.sort()
    for name in sorted(names):
        path = os.path.join(dirpath, name)
        if os.path.islink(path):
            continue
        with open(path, "rb") as f:
            files[os.path.relpath(path, corpus).replace(os.sep, "/")] = f.read()
mark = 0
def blob(data):
    global mark
    mark += 1
    out.write(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)) + data + b"\n")
    return mark
def commit(ref, n, message, changes, parent=None):
    global mark
    for path, data in changes:
        if data is not None:
            changes_marks[path] = blob(data)
    mark += 1
    when = 1_600_000_000 + n * 3600
    msg = message.encode()
    out.write(b"commit %s\nmark :%d\n" % (ref.encode(), mark))
    out.write(b"author Bench Author <bench@example.com> %d +0000\n" % when)
    out.write(b"committer Bench Author <bench@example.com> %d +0000\n" % when)
    out.write(b"data %d\n%s\n" % (len(msg), msg))
    if parent:
        out.write(b"from :%d\n" % parent)
    for path, data in changes:
        if data is None:
            out.write(b"D %s\n" % path.encode())
        else:
            out.write(b"M 100644 :%d %s\n" % (changes_marks[path], path.encode()))
    out.write(b"\n")
    return mark
changes_marks = {}
words = b"alpha beta gamma delta config service handler request response cache token value".split()
def edited(data):
    lines = data.split(b"\n")
    at = rng.randrange(len(lines) + 1)
    new = b" ".join(rng.choice(words) for _ in range(rng.randrange(4, 12)))
    lines.insert(at, b"# " + new)
    return b"\n".join(lines)
head = commit("refs/heads/main", 0, "import", sorted(files.items()))
plant_at, unplant_at, branch_at = commits // 3, commits // 2, (commits * 3) // 4
letters = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
planted = "".join(rng.choice(letters) for _ in range(24))
branch_head = None
paths = sorted(files)
for n in range(1, commits + 1):
    changes = []
    for _ in range(rng.randrange(1, 6)):
        roll = rng.random()
        path = rng.choice(paths)
        if roll < 0.75 and len(files.get(path, b"")) < (1 << 20):
            files[path] = edited(files[path])
            changes.append((path, files[path]))
        elif roll < 0.9:
            new_path = path.rsplit("/", 1)[0] + "/copy%d-" % n + path.rsplit("/", 1)[-1]
            files[new_path] = edited(files[path])
            paths.append(new_path)
            changes.append((new_path, files[new_path]))
        elif len(paths) > 100:
            paths.remove(path)
            del files[path]
            changes.append((path, None))
    if n == plant_at:
        changes.append(("services/billing/.env.production",
                        b"DATABASE_URL=postgres://db.internal:5432/billing\nDATABASE_PASSWORD=" + planted.encode() + b"\n"))
    if n == unplant_at:
        changes.append(("services/billing/.env.production", None))
    # one change per path per commit
    seen, unique = set(), []
    for path, data in reversed(changes):
        if path not in seen:
            seen.add(path)
            unique.append((path, data))
    head = commit("refs/heads/main", n, "change %d" % n, list(reversed(unique)), head)
    if n % 500 == 0:
        out.write(b"reset refs/tags/v%d\nfrom :%d\n\n" % (n // 500, head))
    if n == branch_at:
        branch_head = head
for k in range(1, 21):
    path = rng.choice(paths)
    files[path] = edited(files[path])
    branch_head = commit("refs/heads/release", commits + k, "release fix %d" % k, [(path, files[path])], branch_head)
PY
  log "repacking (git repack -adq, default window and depth)"
  git -C "$repo" repack -adq
  git -C "$repo" gc -q --prune=now
  echo "$want_stamp" >"$stamp"
fi
# A bare repository has no working tree: --history then reads only git objects. Check out a
# worktree so factorguard's walk and kingfisher see a normal clone.
checkout="$repo.worktree"
if [[ ! -d $checkout/.git ]]; then
  rm -rf -- "$checkout"
  git clone -q --no-local "$repo" "$checkout"
  git -C "$checkout" fetch -q origin 'refs/heads/*:refs/remotes/origin/*' 'refs/tags/*:refs/tags/*'
  git -C "$checkout" repack -adq
fi
objects=$(git -C "$checkout" count-objects -v | awk '/^count|^in-pack/ { n += $2 } END { print n }')
blob_bytes=$(git -C "$checkout" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' |
  awk '{ t += $2 } END { print t }')
commit_count=$(git -C "$checkout" rev-list --all | wc -l)
pack_bytes=$(du -sb "$checkout/.git/objects/pack" | cut -f1)
log "repository: $commit_count commits, $objects objects, $((blob_bytes >> 20)) MiB uncompressed, $((pack_bytes >> 20)) MiB packed"

# ---- timing --------------------------------------------------------------------------------
work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT
jobs_flag=()
[[ -n $jobs ]] && jobs_flag=(--jobs "$jobs")
tools=(floor factorguard)
((peers)) && tools+=(kingfisher)
cmd_for() {
  case "$1" in
    floor) cmd=(sh -c 'git -C "$1" cat-file --batch-all-objects --batch >/dev/null' floor "$checkout") ;;
    factorguard) cmd=("$fg" scan "$checkout" --history --format json --output "$work/fg.json"
      --no-progress --fail-on never "${jobs_flag[@]}") ;;
    kingfisher) cmd=("$kingfisher" scan "$checkout" --no-validate --git-history full --format json
      --output "$work/kingfisher.json" --no-update-check --quiet "${jobs_flag[@]}") ;;
  esac
}
ok_exit() {
  case "$1:$2" in floor:0 | factorguard:0 | kingfisher:0 | kingfisher:200 | kingfisher:205) return 0 ;; *) return 1 ;; esac
}
results="$work/runs.tsv"
: >"$results"
log "warming up (one untimed run of each tool)"
for t in "${tools[@]}"; do measure "$t" warmup; done
: >"$results"
run_rounds "$runs" "${tools[@]}"

# The planted credential must be found, from history, with its commit.
python3 - "$work/fg.json" <<'PY' || die "factorguard did not report the planted history-only credential"
import json, sys
report = json.load(open(sys.argv[1]))
hits = [f for f in report["findings"]
        if f["location"]["path"].endswith("services/billing/.env.production")
        and f.get("commit") and not f["commit"]["in_head"]]
assert hits, "planted credential missing"
PY

python3 - "$results" "$blob_bytes" "$commit_count" "$objects" "$(nproc)" "${jobs:-default}" <<'PY'
import collections, statistics, sys
path, size, commits, objects, cores, jobs = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
rows = collections.defaultdict(list)
for line in open(path):
    tool, _, micros, rss, _rc, user, sys_ = line.rstrip("\n").split("\t")
    rows[tool].append((int(micros) / 1e6, int(rss) / 1024, float(user) + float(sys_)))
mib = size / (1 << 20)
floor = statistics.median(r[0] for r in rows["floor"])
print(f"history: {commits} commits, {objects} objects, {mib:.0f} MiB of object data; "
      f"{cores} cores, --jobs {jobs}; median of {len(rows['floor'])} runs")
print(f"{'tool':<12} {'median s':>9} {'x floor':>8} {'MiB/s':>8} {'MiB/s/core':>11} {'peak RSS MiB':>13}")
for tool, rs in rows.items():
    wall = statistics.median(r[0] for r in rs)
    cpu = statistics.median(r[2] for r in rs)
    rss = max(r[1] for r in rs)
    # per core: object data over CPU seconds (user + system), whatever the thread count
    print(f"{tool:<12} {wall:>9.3f} {wall / floor:>8.2f} {mib / wall:>8.1f} {mib / max(cpu, 1e-9):>11.1f} {rss:>13.1f}")
PY
