#!/usr/bin/env bash
# Times factorguard against checkov on a generated AWS Terraform corpus, in one run (issue 4:
# "at least 50x faster than checkov on the same files"), with `cat` as the floor.
# Usage: bench/terraform.sh [--resources N] [--runs N] [--seed S]
# See bench/README.md, section "Terraform (`terraform.sh`)".
set -euo pipefail

BENCH_NAME=terraform-bench
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
usage() {
  cat <<'EOF'
usage: bench/terraform.sh [--resources N] [--runs N] [--seed S]
  --resources N  resources in the generated corpus (default 500)
  --runs N       timed runs per tool, interleaved; the median is reported (default 3)
  --seed S       generator seed (default 1)
Needs python3, cargo, GNU time and checkov in ${FACTORGUARD_PEERS_DIR:-~/.cache/factorguard-peers}/bin
(install it with ../shared/peers/install.sh). Writes bench/results/terraform-<N>.json.
EOF
}

resources=500 runs=3 seed=1
while (($#)); do
  case "$1" in
    --resources) resources=${2:-}; shift 2 || die "--resources needs a value" ;;
    --runs) runs=${2:-}; shift 2 || die "--runs needs a value" ;;
    --seed) seed=${2:-}; shift 2 || die "--seed needs a value" ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
[[ $resources =~ ^[1-9][0-9]*$ ]] || die "--resources must be a positive integer (got '$resources')"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer (got '$runs')"
[[ $seed =~ ^[0-9]+$ ]] || die "--seed must be a non-negative integer (got '$seed')"

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$script_dir/.." && pwd)
gen="$script_dir/gen_terraform.py"
[[ -f $gen ]] || die "missing $gen"

# ---- tools ---------------------------------------------------------------------------------
command -v python3 >/dev/null 2>&1 || die "python3 is required (corpus generator and result table)"
require_gnu_time
peers_bin="${FACTORGUARD_PEERS_DIR:-$HOME/.cache/factorguard-peers}/bin"
checkov="$peers_bin/checkov"
[[ -x $checkov ]] || die "checkov not found in $peers_bin: install it with ${repo%/*}/shared/peers/install.sh (benchmarking only)"
command -v cargo >/dev/null 2>&1 || die "cargo is required to build factorguard"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/factorguard-target}
log "building factorguard (cargo build --release -p factorguard, CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
(cd "$repo" && cargo build --release -p factorguard) || die "cargo build --release -p factorguard failed (see above)"
fg="$CARGO_TARGET_DIR/release/factorguard"
[[ -x $fg ]] || die "build succeeded but $fg is missing"
"$fg" scan --help >/dev/null 2>&1 || die "'$fg scan --help' fails"

# checkov offline: no platform download (--skip-download), no guideline mapping fetch
# (BC_SKIP_MAPPING), no PyPI update check; no API key is ever given, so nothing is uploaded.
export BC_SKIP_MAPPING=TRUE CKV_SKIP_PACKAGE_UPDATE_CHECK=TRUE

# ---- corpus --------------------------------------------------------------------------------
bench_dir=${FACTORGUARD_BENCH_DIR:-$HOME/.cache/factorguard-bench}
corpus="$bench_dir/terraform-$resources"
stamp="$bench_dir/terraform-$resources.stamp"
manifest="$bench_dir/terraform-$resources.manifest.json"
gen_hash=$(sha256sum "$gen" | cut -d' ' -f1)
want_stamp="gen_terraform.py sha256=$gen_hash resources=$resources seed=$seed"
mkdir -p "$bench_dir"
if [[ -d $corpus && -f $stamp && -f $manifest && "$(cat "$stamp")" == "$want_stamp" ]]; then
  log "reusing corpus $corpus (stamp matches)"
else
  [[ -e $corpus ]] && log "corpus $corpus is stale or incomplete: regenerating"
  rm -rf -- "$corpus" "$stamp"
  log "generating corpus ($resources resources, seed $seed) into $corpus"
  python3 "$gen" --resources "$resources" --seed "$seed" --out "$corpus" --manifest "$manifest" >&2 ||
    die "corpus generation failed"
  printf '%s\n' "$want_stamp" >"$stamp"
fi
files=$(find "$corpus" -type f | wc -l)
bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s }')
((files > 0)) || die "corpus $corpus is empty"

work=$(mktemp -d "${TMPDIR:-/tmp}/factorguard-tfbench.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

# ---- commands ------------------------------------------------------------------------------
tools=(cat factorguard checkov)
cmd_for() {
  local target=${2:-$corpus}
  case "$1" in
    cat)
      # shellcheck disable=SC2016 # $1 is expanded by the inner bash
      cmd=(bash -c 'find "$1" -type f -print0 | xargs -0 cat >/dev/null' bash "$target")
      ;;
    factorguard)
      cmd=("$fg" scan "$target" --format json --output "$work/factorguard.json" --no-progress --fail-on never)
      ;;
    checkov)
      # -o json goes to stdout, which measure() sends to $work/checkov.stdout
      cmd=("$checkov" -d "$target" --framework terraform --quiet --compact -o json --skip-download)
      ;;
  esac
}
# checkov exits 1 when a check failed
ok_exit() {
  case "$1:$2" in cat:0 | factorguard:0 | checkov:0 | checkov:1) return 0 ;; *) return 1 ;; esac
}

results="$work/runs.tsv"
: >"$results"
log "corpus: $files files, $bytes bytes; nproc $(nproc)"
log "warming the page cache (one cat pass)"
find "$corpus" -type f -print0 | xargs -0 cat >/dev/null
# one untimed run of each tool on a one-file tree: loads the binaries and Python's module cache
mkdir -p "$work/warm"
printf 'resource "aws_s3_bucket" "warm" {\n  bucket = "warm"\n}\n' >"$work/warm/main.tf"
for t in "${tools[@]}"; do
  cmd_for "$t" "$work/warm"
  "${cmd[@]}" >/dev/null 2>&1 || true
done

run_rounds "$runs" "${tools[@]}"

# ---- report --------------------------------------------------------------------------------
versions="$work/versions.tsv"
{
  printf 'cat\t%s\n' "$(cat --version | sed -n 1p)"
  printf 'factorguard\t%s (git %s%s)\n' "$("$fg" --version 2>/dev/null | sed -n 1p)" \
    "$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    "$([[ -n $(git -C "$repo" status --porcelain -- crates Cargo.toml Cargo.lock 2>/dev/null) ]] && echo ', dirty' || true)"
  printf 'checkov\t%s\n' "$("$checkov" --version 2>&1 | sed -n 1p)"
} >"$versions"

mkdir -p "$script_dir/results"
out_json="$script_dir/results/terraform-$resources.json"
python3 - "$results" "$versions" "$out_json" "$resources" "$seed" "$corpus" "$files" "$bytes" "$runs" \
  "$gen_hash" "$manifest" "$work" <<'PY'
import collections, json, os, platform, statistics, sys, time
(runs_tsv, versions_tsv, out_json, resources, seed, corpus, files, bytes_, nruns, gen_hash, manifest,
 work) = sys.argv[1:]
files, bytes_ = int(files), int(bytes_)
rows = {}
for line in open(runs_tsv):
    tool, rnd, us, rss, rc, _user, _sys = line.rstrip("\n").split("\t")
    rows.setdefault(tool, []).append({"run": int(rnd), "seconds": int(us) / 1e6, "max_rss_kib": int(rss), "exit": int(rc)})
versions = dict(l.rstrip("\n").split("\t", 1) for l in open(versions_tsv))
man = json.load(open(manifest))

def factorguard_report():
    doc = json.load(open(os.path.join(work, "factorguard.json")))
    by_rule = collections.Counter(f.get("rule_id", "?") for f in doc.get("findings", []))
    tf = sum(n for r, n in by_rule.items() if r.startswith("FG3"))
    return {"findings": len(doc.get("findings", [])), "terraform_findings": tf, "by_rule": dict(sorted(by_rule.items())),
            "files_scanned": (doc.get("stats") or {}).get("files_scanned"), "errors": len(doc.get("errors", []))}

def checkov_report():
    text = open(os.path.join(work, "checkov.stdout"), errors="replace").read()
    doc = json.loads(text[min(i for i in (text.find("{"), text.find("[")) if i >= 0):])
    reports = doc if isinstance(doc, list) else [doc]
    summary = collections.Counter()
    failed_ids = collections.Counter()
    for rep in reports:
        for k in ("passed", "failed", "skipped", "parsing_errors", "resource_count"):
            summary[k] += (rep.get("summary") or {}).get(k, 0)
        for f in (rep.get("results") or {}).get("failed_checks", []):
            failed_ids[f.get("check_id", "?")] += 1
    return {"findings": summary["failed"], "passed_checks": summary["passed"], "parsing_errors": summary["parsing_errors"],
            "resource_count": summary["resource_count"], "distinct_failed_check_ids": len(failed_ids)}

floor = statistics.median(r["seconds"] for r in rows["cat"])
table = {}
for tool, rs in rows.items():
    med = statistics.median(r["seconds"] for r in rs)
    table[tool] = {
        "tool": tool, "version": versions.get(tool, ""), "median_seconds": round(med, 4),
        "min_seconds": round(min(r["seconds"] for r in rs), 4), "max_seconds": round(max(r["seconds"] for r in rs), 4),
        "ratio_to_cat": round(med / floor, 2) if floor > 0 else None,
        "peak_rss_mib": round(max(r["max_rss_kib"] for r in rs) / 1024, 1), "runs": rs,
    }
table["factorguard"]["report"] = factorguard_report()
table["checkov"]["report"] = checkov_report()
fg_s, ck_s = table["factorguard"]["median_seconds"], table["checkov"]["median_seconds"]
speedup = round(ck_s / fg_s, 1) if fg_s > 0 else None
cpu = ""
try:
    cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
except (OSError, StopIteration):
    pass
doc = {
    "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "resources_requested": int(resources), "seed": int(seed),
    "corpus": {"path": corpus, "files": files, "bytes": bytes_, "generator_sha256": gen_hash,
               "resources": man["resources"], "module_directories": len(man["stacks"]),
               "resource_types": len(man["resource_types"]), "insecure_settings_planted": len(man["insecure"])},
    "machine": {"nproc": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
                "mem_total_kib": next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), None)},
    "runs_per_tool": int(nruns), "checkov_over_factorguard": speedup, "results": list(table.values()),
}
with open(out_json, "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")

c = doc["corpus"]
print(f"\nterraform corpus: {c['resources']} resources ({c['resource_types']} types) in {c['module_directories']} module "
      f"directories, {files} files, {bytes_ / 1024:.0f} KiB; {c['insecure_settings_planted']} insecure settings planted; "
      f"nproc {os.cpu_count()}; {nruns} runs each, median wall time")
print(f"{'tool':<12} {'median s':>9} {'x cat':>8} {'peak RSS MiB':>13}  notes")
for e in table.values():
    r = e.get("report")
    if e["tool"] == "factorguard":
        note = f"{r['findings']} findings ({r['terraform_findings']} Terraform, {len(r['by_rule'])} rule ids)"
    elif e["tool"] == "checkov":
        note = (f"{r['findings']} failed checks ({r['distinct_failed_check_ids']} check ids), {r['passed_checks']} passed, "
                f"{r['resource_count']} resources")
    else:
        note = "the floor"
    print(f"{e['tool']:<12} {e['median_seconds']:>9.3f} {e['ratio_to_cat']:>8.2f} {e['peak_rss_mib']:>13.1f}  {note}")
print(f"checkov / factorguard: {speedup}x (issue 4 asks for at least 50x)")
print(f"written to {out_json}")
PY
