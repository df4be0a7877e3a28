# Shared by the timing scripts (run.sh, history.sh, terraform.sh); sourced, not run.
# The caller sets BENCH_NAME before sourcing, and before calling `measure` defines
# `cmd_for TOOL` (fills the array `cmd`), `ok_exit TOOL STATUS`, `$work` and `$results`.

log() { printf '%s: %s\n' "$BENCH_NAME" "$*" >&2; }
die() {
  printf '%s: error: %s\n' "$BENCH_NAME" "$*" >&2
  exit 1
}

# GNU time (for `-v`: peak RSS, user and system time), installed with apt-get when running as
# root on Debian/Ubuntu.
require_gnu_time() {
  /usr/bin/time -v true >/dev/null 2>&1 && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing GNU time with apt-get"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time; } >&2 ||
      die "apt-get install -y time failed"
  else
    die "/usr/bin/time is missing or not GNU time (need -v): apt-get install -y time"
  fi
}

# One timed run of TOOL, appended to $results as
# tool, round, wall microseconds, peak RSS KiB, exit status, user seconds, system seconds.
measure() {
  local tool=$1 round=$2 t0 t1 rc=0 rss user sys
  cmd_for "$tool"
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$work/time.txt" "${cmd[@]}" >"$work/$tool.stdout" 2>"$work/$tool.stderr" || rc=$?
  t1=$(date +%s%N)
  if ! ok_exit "$tool" "$rc"; then
    echo "--- $tool stderr (last 20 lines):" >&2
    tail -n 20 "$work/$tool.stderr" >&2 || true
    die "$tool exited with status $rc: ${cmd[*]}"
  fi
  rss=$(awk -F': *' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
  user=$(awk -F': *' '/User time/ { print $2 }' "$work/time.txt")
  sys=$(awk -F': *' '/System time/ { print $2 }' "$work/time.txt")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$round" "$(((t1 - t0) / 1000))" "${rss:-0}" "$rc" \
    "${user:-0}" "${sys:-0}" >>"$results"
  log "  $tool run $round: $(awk -v us=$(((t1 - t0) / 1000)) 'BEGIN { printf "%.3f", us / 1e6 }')s, rss ${rss:-?} KiB"
}

# ROUNDS interleaved rounds over the tools given: a slow phase of a shared machine hits every
# tool, not one.
run_rounds() {
  local rounds=$1 r t
  shift
  for ((r = 1; r <= rounds; r++)); do
    for t in "$@"; do measure "$t" "$r"; done
  done
}
