#!/usr/bin/env bash
# Precision and recall of factorguard, kingfisher and betterleaks on the labelled secrets corpus
# (crates/factorguard-rules/fixtures/secrets-corpus), scored with the same labels and the same
# matching rule as the Rust accuracy test. See bench/README.md, "Secrets accuracy".
#
# Usage: bench/secrets_accuracy.sh [--tools factorguard,kingfisher,betterleaks] [--misses TOOL]...
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
corpus="$repo/crates/factorguard-rules/fixtures/secrets-corpus"
peers=${FACTORGUARD_PEERS_DIR:-$HOME/.cache/factorguard-peers}
target=${CARGO_TARGET_DIR:-$HOME/.cache/factorguard-target}
tools=factorguard,kingfisher,betterleaks
misses=()

while [ $# -gt 0 ]; do
  case "$1" in
    --tools) tools=$2; shift 2 ;;
    --misses) misses+=(--misses "$2"); shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 1; }
wants() { case ",$tools," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

if { wants kingfisher && [ ! -x "$peers/bin/kingfisher" ]; } || { wants betterleaks && [ ! -x "$peers/bin/betterleaks" ]; }; then
  installer="$repo/../shared/peers/install.sh"
  [ -x "$installer" ] || installer=/work/shared/peers/install.sh
  [ -x "$installer" ] || { echo "peers missing in $peers and no peers/install.sh found" >&2; exit 1; }
  "$installer" "$peers"
fi

if wants factorguard; then
  (cd "$repo" && CARGO_TARGET_DIR="$target" cargo build --release -q -p factorguard)
fi

# Scan a copy outside any git repository, so no tool applies the repository's .gitignore or
# reads its history, and every tool sees exactly the same files.
work=$(mktemp -d "${TMPDIR:-/tmp}/secrets-accuracy.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -R "$corpus" "$work/corpus"
root="$work/corpus"
reports=()

if wants factorguard; then
  # Only the secret detectors and FG1001 (private key files, reported there instead of by FG2xxx).
  "$target/release/factorguard" scan "$root" --format json --output "$work/factorguard.json" \
    --no-progress --fail-on never --select FG2 --select FG1001
  reports+=("factorguard=$work/factorguard.json")
fi
if wants kingfisher; then
  # --no-dedup: report every occurrence, as the others do. Exit 200/205 mean "found something".
  status=0
  "$peers/bin/kingfisher" scan "$root" --no-validate --no-dedup --format json \
    --output "$work/kingfisher.json" --no-update-check --quiet >/dev/null || status=$?
  case $status in 0|200|205) ;; *) echo "kingfisher failed with status $status" >&2; exit 1 ;; esac
  reports+=("kingfisher=$work/kingfisher.json")
fi
if wants betterleaks; then
  # filesystem mode is betterleaks' no-git mode; validation is off unless --validate is given.
  "$peers/bin/betterleaks" filesystem "$root" --output "$work/betterleaks.json" --exit-code 0 \
    --no-banner --silent --log-level error >/dev/null
  reports+=("betterleaks=$work/betterleaks.json")
fi

{
  wants factorguard && echo "$("$target/release/factorguard" --version 2>&1 | head -1)"
  wants kingfisher && echo "kingfisher $("$peers/bin/kingfisher" --version 2>&1 | head -1)"
  wants betterleaks && echo "betterleaks $("$peers/bin/betterleaks" --version 2>&1 | head -1)"
  true
} | sed 's/^/# /'
mkdir -p "$here/results"
python3 "$here/score_secrets.py" "$corpus/labels.tsv" "$root" "${reports[@]}" "${misses[@]}" \
  --json "$here/results/secrets-accuracy.json"
