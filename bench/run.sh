#!/usr/bin/env bash
# Benchmark factorguard against the cost of reading the tree once (cat), a literal keyword search
# (rg) and, with --peers, kingfisher and betterleaks; all on a generated corpus, in the same run.
# See bench/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/run.sh [--size tiny|small|full] [--runs N] [--jobs N] [--peers] [--tools LIST] [--seed N]

  --size S      corpus size: tiny (~5 MiB, 1k files), small (~50 MiB, 10k files, default),
                full (~1 GiB, 200k files)
  --runs N      timed runs per tool (default 3); the median is reported
  --jobs N      threads for every parallel tool: rg -j, factorguard --jobs, kingfisher --jobs,
                betterleaks --jobs (default: each tool's own default, i.e. all cores);
                --jobs 1 compares the tools per core
  --peers       also time the peer scanners installed by ../shared/peers/install.sh
                (kingfisher, betterleaks; looked up in ${FACTORGUARD_PEERS_DIR:-~/.cache/factorguard-peers}/bin)
  --tools LIST  comma-separated subset of: cat,rg,factorguard,kingfisher,betterleaks
                (cat, the floor, is always timed; default: cat,rg,factorguard)
  --seed N      corpus seed (default 1)

environment:
  CARGO_TARGET_DIR        default ~/.cache/factorguard-target
  FACTORGUARD_BENCH_DIR   where corpora live, default ~/.cache/factorguard-bench
  FACTORGUARD_PEERS_DIR   peer tools venv, default ~/.cache/factorguard-peers
EOF
}

BENCH_NAME=bench
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

size=small
runs=3
jobs=""
seed=1
tools="cat,rg,factorguard"
peers=0
while (($#)); do
  case "$1" in
    --size) size=${2:?--size needs a value}; shift 2 ;;
    --size=*) size=${1#*=}; shift ;;
    --runs) runs=${2:?--runs needs a value}; shift 2 ;;
    --runs=*) runs=${1#*=}; shift ;;
    --jobs) jobs=${2:?--jobs needs a value}; shift 2 ;;
    --jobs=*) jobs=${1#*=}; shift ;;
    --seed) seed=${2:?--seed needs a value}; shift 2 ;;
    --seed=*) seed=${1#*=}; shift ;;
    --tools) tools=${2:?--tools needs a value}; shift 2 ;;
    --tools=*) tools=${1#*=}; shift ;;
    --peers) peers=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
case "$size" in tiny | small | full) ;; *) die "--size must be tiny, small or full (got '$size')" ;; esac
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer (got '$runs')"
[[ -z $jobs || $jobs =~ ^[1-9][0-9]*$ ]] || die "--jobs must be a positive integer (got '$jobs')"
[[ $seed =~ ^[0-9]+$ ]] || die "--seed must be a non-negative integer (got '$seed')"
if ((peers)); then tools="$tools,kingfisher,betterleaks"; fi

# cat first (the floor), then the others in a fixed order, each once
want=()
for t in cat rg factorguard kingfisher betterleaks; do
  if [[ $t == cat || ",$tools," == *",$t,"* ]]; then want+=("$t"); fi
done
IFS=, read -r -a asked <<<"$tools"
for t in "${asked[@]}"; do
  case "$t" in cat | rg | factorguard | kingfisher | betterleaks) ;; *) die "unknown tool in --tools: '$t'" ;; esac
done

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$script_dir/.." && pwd)
gen="$script_dir/gen_corpus.py"
[[ -f $gen ]] || die "missing $gen"

has() { [[ " ${want[*]} " == *" $1 "* ]]; }

# ---- tools ---------------------------------------------------------------------------------
missing=()
if has rg && ! command -v rg >/dev/null 2>&1; then missing+=(ripgrep); fi
if [[ ! -x /usr/bin/time ]]; then missing+=(time); fi
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${missing[*]} with apt-get"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >&2 ||
      die "apt-get install -y ${missing[*]} failed"
  else
    die "missing ${missing[*]}: install them (e.g. sudo apt-get install -y ${missing[*]})"
  fi
fi
command -v python3 >/dev/null 2>&1 || die "python3 is required (corpus generator and result table)"
require_gnu_time

fg=""
if has factorguard; then
  command -v cargo >/dev/null 2>&1 || die "cargo is required to build factorguard"
  export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/factorguard-target}
  log "building factorguard (cargo build --release -p factorguard, CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
  (cd "$repo" && cargo build --release -p factorguard) || die "cargo build --release -p factorguard failed (see above)"
  fg="$CARGO_TARGET_DIR/release/factorguard"
  [[ -x $fg ]] || die "build succeeded but $fg is missing"
  "$fg" scan --help >/dev/null 2>&1 ||
    die "'$fg scan --help' fails: the scan subcommand is not there yet (time the floor only with --tools cat,rg)"
fi

peers_bin="${FACTORGUARD_PEERS_DIR:-$HOME/.cache/factorguard-peers}/bin"
for t in kingfisher betterleaks; do
  if has "$t" && [[ ! -x $peers_bin/$t ]]; then
    die "$t not found in $peers_bin: install the peers with ${repo%/*}/shared/peers/install.sh (benchmarking only)"
  fi
done

# ---- corpus --------------------------------------------------------------------------------
bench_dir=${FACTORGUARD_BENCH_DIR:-$HOME/.cache/factorguard-bench}
corpus="$bench_dir/corpus-$size"
stamp="$bench_dir/corpus-$size.stamp"
manifest="$bench_dir/corpus-$size.manifest.json"
gen_hash=$(sha256sum "$gen" | cut -d' ' -f1)
want_stamp="gen_corpus.py sha256=$gen_hash size=$size seed=$seed"
mkdir -p "$bench_dir"
if [[ -d $corpus && -f $stamp && "$(cat "$stamp")" == "$want_stamp" ]]; then
  log "reusing corpus $corpus (stamp matches)"
else
  if [[ -e $corpus ]]; then
    log "corpus $corpus is stale or incomplete: regenerating"
    rm -rf -- "$corpus" "$stamp"
  fi
  case "$size" in tiny) need_kib=$((16 * 1024)) ;; small) need_kib=$((128 * 1024)) ;; full) need_kib=$((1536 * 1024)) ;; esac
  avail_kib=$(df -Pk "$bench_dir" | awk 'NR == 2 { print $4 }')
  ((avail_kib > need_kib)) || die "not enough disk space in $bench_dir: need ~$((need_kib / 1024)) MiB, have $((avail_kib / 1024)) MiB"
  log "generating corpus ($size, seed $seed) into $corpus"
  python3 "$gen" --size "$size" --seed "$seed" --out "$corpus" --manifest "$manifest" >&2 || die "corpus generation failed"
  printf '%s\n' "$want_stamp" >"$stamp"
fi

files=$(find "$corpus" -type f | wc -l)
bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s }')
((files > 0)) || die "corpus $corpus is empty"

work=$(mktemp -d "${TMPDIR:-/tmp}/factorguard-bench.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

# ---- commands ------------------------------------------------------------------------------
# Keywords typical of the secret rules' literal prefilter; -F: literals, no regex engine.
rg_keywords=(-e 'PRIVATE KEY' -e password -e PASSWORD -e secret -e SECRET -e token -e TOKEN -e AKIA
  -e aws_secret_access_key -e _authToken -e ghp_ -e glpat- -e xoxb- -e sk_live_ -e AIza)

cmd_for() {
  local target=${2:-$corpus}
  case "$1" in
    cat)
      # shellcheck disable=SC2016 # $1 is expanded by the inner bash
      cmd=(bash -c 'find "$1" -type f -print0 | xargs -0 cat >/dev/null' bash "$target")
      ;;
    # output goes to a file, not /dev/null: some greps stop at the first match when it is /dev/null
    rg)
      cmd=(rg -c -F --no-ignore --hidden --no-messages "${rg_keywords[@]}" "$target")
      if [[ -n $jobs ]]; then cmd+=(-j "$jobs"); fi
      ;;
    factorguard)
      cmd=("$fg" scan "$target" --format json --output "$work/factorguard.json" --no-progress --fail-on never)
      if [[ -n $jobs ]]; then cmd+=(--jobs "$jobs"); fi
      ;;
    kingfisher)
      cmd=("$peers_bin/kingfisher" scan "$target" --no-validate --format json --output "$work/kingfisher.json"
        --no-update-check --quiet)
      if [[ -n $jobs ]]; then cmd+=(--jobs "$jobs"); fi
      ;;
    betterleaks)
      # the filesystem command is betterleaks' no-git mode; validation is off unless --validate
      cmd=("$peers_bin/betterleaks" filesystem "$target" --silent --output "$work/betterleaks.json"
        --exit-code 0 --log-level warn)
      if [[ -n $jobs ]]; then cmd+=(--jobs "$jobs"); fi
      ;;
  esac
}

# exit codes that mean "ran fine" (rg: 1 = no match; peers: findings)
ok_exit() {
  case "$1:$2" in
    cat:0 | rg:0 | rg:1 | factorguard:0 | kingfisher:0 | kingfisher:200 | kingfisher:205 | betterleaks:0 | betterleaks:1) return 0 ;;
    *) return 1 ;;
  esac
}

results="$work/runs.tsv"
: >"$results"
log "corpus: $files files, $bytes bytes; nproc $(nproc); tools: ${want[*]}"
log "warming the page cache (one cat pass)"
find "$corpus" -type f -print0 | xargs -0 cat >/dev/null
# one untimed run of each tool on a one-file tree: loads the binary, builds rule caches (kingfisher)
mkdir -p "$work/warm"
printf 'hello\n' >"$work/warm/README.md"
for t in "${want[@]}"; do
  cmd_for "$t" "$work/warm"
  "${cmd[@]}" >/dev/null 2>&1 || true
done

run_rounds "$runs" "${want[@]}"

# ---- report --------------------------------------------------------------------------------
versions="$work/versions.tsv"
{
  printf 'cat\t%s\n' "$(cat --version | sed -n 1p)"
  if has rg; then printf 'rg\t%s\n' "$(rg --version | sed -n 1p)"; fi
  if has factorguard; then
    printf 'factorguard\t%s (git %s%s)\n' "$("$fg" --version 2>/dev/null | sed -n 1p)" \
      "$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
      "$([[ -n $(git -C "$repo" status --porcelain -- crates Cargo.toml Cargo.lock 2>/dev/null) ]] && echo ', dirty' || true)"
  fi
  for t in kingfisher betterleaks; do
    if has "$t"; then printf '%s\t%s\n' "$t" "$("$peers_bin/$t" --version 2>&1 | sed -n 1p)"; fi
  done
} >"$versions"

mkdir -p "$script_dir/results"
out_json="$script_dir/results/latest-$size${jobs:+-jobs$jobs}.json"
python3 - "$results" "$versions" "$out_json" "$size" "$seed" "$corpus" "$files" "$bytes" "$runs" \
  "$gen_hash" "$manifest" "$work" "${jobs:-default}" <<'PY'
import json, os, platform, statistics, sys, time
(runs_tsv, versions_tsv, out_json, size, seed, corpus, files, bytes_, nruns, gen_hash, manifest, work,
 jobs) = sys.argv[1:]
files, bytes_ = int(files), int(bytes_)
rows = {}
for line in open(runs_tsv):
    tool, rnd, us, rss, rc, _user, _sys = line.rstrip("\n").split("\t")
    rows.setdefault(tool, []).append({"run": int(rnd), "seconds": int(us) / 1e6, "max_rss_kib": int(rss), "exit": int(rc)})
versions = dict(l.rstrip("\n").split("\t", 1) for l in open(versions_tsv))
planted = []
if os.path.exists(manifest):
    planted = [p["path"] for p in json.load(open(manifest)).get("planted", [])]

def report_info(tool):
    """Findings count and planted paths named in the tool's JSON report (a recall sanity check)."""
    path = os.path.join(work, f"{tool}.json")
    if not os.path.exists(path):
        return None
    text = open(path, errors="replace").read()
    info = {"report_bytes": len(text), "planted_named": sum(1 for p in planted if p in text), "planted_total": len(planted)}
    try:
        doc = json.loads(text)
    except ValueError:
        doc = None
        try:  # JSON lines
            info["findings"] = sum(1 for l in text.splitlines() if l.strip())
        except Exception:
            pass
    if isinstance(doc, list):
        info["findings"] = len(doc)
    elif isinstance(doc, dict):
        for key in ("findings", "results", "leaks", "matches"):
            if isinstance(doc.get(key), list):
                info["findings"] = len(doc[key])
                break
        for key in ("stats", "summary", "skipped", "counts"):
            if key in doc and not isinstance(doc[key], list):
                info[key] = doc[key]
    return info

floor = statistics.median(r["seconds"] for r in rows["cat"])
table = []
for tool, rs in rows.items():
    med = statistics.median(r["seconds"] for r in rs)
    entry = {
        "tool": tool, "version": versions.get(tool, ""), "median_seconds": round(med, 4),
        "min_seconds": round(min(r["seconds"] for r in rs), 4), "max_seconds": round(max(r["seconds"] for r in rs), 4),
        "ratio_to_cat": round(med / floor, 3) if floor > 0 else None,
        "mib_per_second": round(bytes_ / 2**20 / med, 1) if med > 0 else None,
        "peak_rss_mib": round(max(r["max_rss_kib"] for r in rs) / 1024, 1), "runs": rs,
    }
    info = report_info(tool)
    if info:
        entry["report"] = info
    table.append(entry)

cpu = ""
try:
    cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
except (OSError, StopIteration):
    pass
doc = {
    "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "size": size, "seed": int(seed),
    "corpus": {"path": corpus, "files": files, "bytes": bytes_, "generator_sha256": gen_hash},
    "machine": {"nproc": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
                "mem_total_kib": next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), None)},
    "runs_per_tool": int(nruns), "jobs": jobs, "results": table,
}
with open(out_json, "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")

print(f"\ncorpus {size}: {files:,} files, {bytes_:,} bytes ({bytes_ / 2**20:.1f} MiB); nproc {os.cpu_count()}; "
      f"{nruns} runs each, median wall time" + ("" if jobs == "default" else f", --jobs {jobs}"))
print(f"{'tool':<13} {'median s':>9} {'x cat':>7} {'MiB/s':>8} {'peak RSS MiB':>13}  notes")
for e in table:
    note = ""
    if "report" in e:
        r = e["report"]
        note = (f"{r['findings']} findings, " if "findings" in r else "") + f"planted named {r['planted_named']}/{r['planted_total']}"
    print(f"{e['tool']:<13} {e['median_seconds']:>9.3f} {e['ratio_to_cat']:>7.2f} {e['mib_per_second']:>8.1f} "
          f"{e['peak_rss_mib']:>13.1f}  {note}")
print(f"written to {out_json}")
PY

if has factorguard && [[ -n ${FACTORGUARD_BENCH_KEEP_REPORT:-} ]]; then
  cp "$work/factorguard.json" "$FACTORGUARD_BENCH_KEEP_REPORT"
  log "factorguard report copied to $FACTORGUARD_BENCH_KEEP_REPORT"
fi
