#!/usr/bin/env bash
# Usage: scripts/verdict-soak.sh [--conditions LIST] [--default-tours N] [--quick-tours N] [--other-tours N] [--out DIR]
#
# Runs the lab's tour (`client run all --embedded --json`) under hostile conditions and tallies every experiment's
# verdict: holds, not judged (with its reason) or DOES NOT HOLD. Every claim is true on every one of these machines,
# so a DOES NOT HOLD is a false one: the goal is none. Noise may only make a check not judged.
#
#   --conditions LIST  comma-separated, default all of: quiet,hog,one-core,quota,pgo-off,release
#                        quiet     nothing else running (Debug build)
#                        hog       a CPU-bound neighbour (python3 busy loop) pinned to core 0
#                        one-core  the client (and its embedded silo) on core 0 alone (taskset -c 0)
#                        quota     a CPU quota of 1.5 cores (cgroup v1 cpu.cfs_quota_us; cgroup v2 cpu.max)
#                        pgo-off   DOTNET_TieredPGO=0
#                        release   the Release build, otherwise quiet
#   --default-tours N  tours at the default sizes under quiet (default 10)
#   --quick-tours N    --quick tours under quiet (default 20)
#   --other-tours N    --quick tours under every other condition (default 3)
#   --out DIR          where each tour's JSON and the summary go (default: a new folder under /tmp)
#
# The summary (DIR/summary.md) has one row per condition and kind of tour: tours run, experiment verdicts that held,
# were not judged (each reason counted) and did not hold; then every DOES NOT HOLD with its failing check's line.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
conditions="quiet,hog,one-core,quota,pgo-off,release"
default_tours=10
quick_tours=20
other_tours=3
out=""
usage() { sed -n '2,3p' "$0" >&2; exit 2; }
count() { [[ "$2" =~ ^[0-9]+$ ]] || { echo "verdict-soak.sh: $1 needs a whole number, not '$2'." >&2; exit 2; }; }
while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 ]] || usage
  case "$1" in
    --conditions) conditions=$2 ;;
    --default-tours) count "$1" "$2"; default_tours=$2 ;;
    --quick-tours) count "$1" "$2"; quick_tours=$2 ;;
    --other-tours) count "$1" "$2"; other_tours=$2 ;;
    --out) out=$2 ;;
    *) usage ;;
  esac
  shift 2
done
for c in ${conditions//,/ }; do
  [[ "$c" =~ ^(quiet|hog|one-core|quota|pgo-off|release)$ ]] || { echo "verdict-soak.sh: no condition named '$c'." >&2; exit 2; }
done
command -v python3 >/dev/null || { echo "verdict-soak.sh: needs python3 (for the hog and the tally)." >&2; exit 2; }
out=${out:-$(mktemp -d /tmp/verdict-soak-XXXX)}
mkdir -p "$out"

build() {
  local dll="$root/client/bin/$1/net10.0/Concurrency.Client.dll"
  [[ -f "$dll" ]] || dotnet build "$root/client" -c "$1" -v quiet -nologo >&2
  echo "$dll"
}

hog_pid=""
cgroup=""
cleanup() {
  [[ -n "$hog_pid" ]] && kill "$hog_pid" 2>/dev/null || true
  if [[ -n "$cgroup" && -d "$cgroup" ]]; then
    while read -r pid; do echo "$pid" >"$(dirname "$cgroup")/cgroup.procs" 2>/dev/null || true; done <"$cgroup/cgroup.procs"
    rmdir "$cgroup" 2>/dev/null || true
  fi
}
trap cleanup EXIT

# quota_cgroup: a cgroup holding 1.5 cores' worth of CPU time a period, v2 where mounted, else v1; prints its folder.
quota_cgroup() {
  local dir
  if [[ -f /sys/fs/cgroup/cgroup.controllers ]] && grep -qw cpu /sys/fs/cgroup/cgroup.controllers; then
    dir=/sys/fs/cgroup/verdict-soak-$$
    mkdir "$dir" && echo "150000 100000" >"$dir/cpu.max"
  elif [[ -d /sys/fs/cgroup/cpu ]]; then
    dir=/sys/fs/cgroup/cpu/verdict-soak-$$
    mkdir "$dir" && echo 100000 >"$dir/cpu.cfs_period_us" && echo 150000 >"$dir/cpu.cfs_quota_us"
  else
    return 1
  fi
  echo "$dir"
}

# tour CONDITION KIND INDEX: one tour, its JSON kept as DIR/CONDITION-KIND-INDEX.json (stderr beside it).
tour() {
  local condition=$1 kind=$2 index=$3 dll prefix=() env=()
  dll=$(build "$([[ $condition == release ]] && echo Release || echo Debug)")
  local args=(run all --embedded --json)
  [[ $kind == quick ]] && args+=(--quick)
  case "$condition" in
    one-core) prefix=(taskset -c 0) ;;
    pgo-off) env=(DOTNET_TieredPGO=0) ;;
  esac
  local file="$out/$condition-$kind-$index"
  local started=$SECONDS status=0
  if [[ $condition == quota ]]; then
    # The tour's shell joins the cgroup, and the client with it.
    env "${env[@]}" bash -c 'echo $$ >"$1/cgroup.procs"; shift; exec "$@"' _ "$cgroup" dotnet "$dll" "${args[@]}" >"$file.json" 2>"$file.err" || status=$?
  else
    env "${env[@]}" "${prefix[@]}" dotnet "$dll" "${args[@]}" >"$file.json" 2>"$file.err" || status=$?
  fi
  echo "$condition $kind tour $index: exit $status in $((SECONDS - started)) s" >&2
}

for condition in ${conditions//,/ }; do
  case "$condition" in
    hog)
      python3 -c 'while True: pass' &
      hog_pid=$!
      taskset -pc 0 "$hog_pid" >/dev/null
      ;;
    quota)
      cgroup=$(quota_cgroup) || { echo "verdict-soak.sh: no cgroup cpu controller here: the quota condition is skipped." >&2; continue; }
      ;;
  esac

  if [[ $condition == quiet ]]; then
    for i in $(seq 1 "$default_tours"); do tour quiet default "$i"; done
    for i in $(seq 1 "$quick_tours"); do tour quiet quick "$i"; done
  else
    for i in $(seq 1 "$other_tours"); do tour "$condition" quick "$i"; done
  fi

  [[ -n "$hog_pid" ]] && { kill "$hog_pid" 2>/dev/null || true; wait "$hog_pid" 2>/dev/null || true; hog_pid=""; }
  [[ -n "$cgroup" ]] && { cleanup; cgroup=""; }
done

python3 "$root/scripts/verdict-tally.py" "$out" | tee "$out/summary.md"
echo "tours and summary in $out" >&2
