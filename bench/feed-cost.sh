#!/usr/bin/env bash
# What the lab page's live feed (no page open) and the silo's metrics cost `client bench calls`, measured in one
# Release build: each round runs the four settings (feed on/off x metrics on/off, `--no-lab`, `--no-metrics`) in an
# order that turns by one each round, then prints the median and range of every figure, and each switch's cost.
# With --parts, each round also runs each part of the metrics alone (`--metrics-part call-filter|meter-provider`).
#
#   bench/feed-cost.sh [--parts] [ROUNDS]   ROUNDS defaults to 5; MAX_LOAD (default 1.0) is the 1-minute load to wait
#                                           for; BENCH_ARGS adds options to every run (BENCH_ARGS=--quick checks the script).
#
# The figures are only worth reading on a quiet machine: before each run the script waits, 20 s at a time, until the
# 1-minute load average is at most MAX_LOAD, and prints the load each run started at. Raw JSON and stderr of every
# run are kept in OUT_DIR (default: a new directory under /tmp).
set -euo pipefail
cd "$(dirname "$0")/.."

settings=("feed-on,metrics-on" "feed-off,metrics-on" "feed-on,metrics-off" "feed-off,metrics-off")
if [[ ${1:-} == --parts ]]; then
  settings+=("feed-on,metrics-call-filter" "feed-on,metrics-meter-provider")
  shift
fi

rounds="${1:-5}"
max_load="${MAX_LOAD:-1.0}"
if ! [[ "$rounds" =~ ^[1-9][0-9]*$ ]]; then
  echo "feed-cost.sh: ROUNDS must be a whole number of rounds, at least 1 (got '$rounds')." >&2
  exit 2
fi
if ! [[ "$max_load" =~ ^[0-9]+(\.[0-9]+)?$ ]]; then
  echo "feed-cost.sh: MAX_LOAD must be a load average such as 1.0 (got '$max_load')." >&2
  exit 2
fi

out="${OUT_DIR:-$(mktemp -d /tmp/feed-cost.XXXXXX)}"
mkdir -p "$out"

echo "Building Release once..." >&2
dotnet build -c Release client -nologo -v quiet >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
client=client/bin/Release/net10.0/Concurrency.Client.dll

load1() { cut -d' ' -f1 /proc/loadavg; }

# Waits until the 1-minute load is at most MAX_LOAD; prints the load the run starts at.
wait_for_quiet() {
  local load
  load=$(load1)
  while awk -v l="$load" -v m="$max_load" 'BEGIN { exit !(l > m) }'; do
    echo "  load $load > $max_load: waiting 20 s" >&2
    sleep 20
    load=$(load1)
  done
  echo "$load"
}

echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(git log -1 --format='commit %h'), $(date -u '+%Y-%m-%d %H:%M UTC'), $rounds rounds" | tee "$out/machine.txt"
for round in $(seq 1 "$rounds"); do
  for k in "${!settings[@]}"; do
    setting=${settings[$(((k + round - 1) % ${#settings[@]}))]}
    read -r -a args <<<"${BENCH_ARGS:-}"
    [[ $setting == feed-off,* ]] && args+=(--no-lab)
    case $setting in
      *,metrics-off) args+=(--no-metrics) ;;
      *,metrics-call-filter) args+=(--metrics-part call-filter) ;;
      *,metrics-meter-provider) args+=(--metrics-part meter-provider) ;;
    esac
    load=$(wait_for_quiet)
    run="$out/$setting.$round"
    dotnet "$client" bench calls --json "${args[@]}" >"$run.json" 2>"$run.err"
    echo "$load" >"$run.load"
    stalls=$(grep -c "Timer should have fired" "$run.err" || true)
    summary=$(jq -r '[.figures[] | select(.name == "calls-in-silo-per-second" or .name == "calls-through-gateway-per-second") | (.value | floor | tostring)] | join(" / ")' "$run.json")
    echo "round $round  $setting  load before $load  in-silo / gateway calls/s: $summary$([[ $stalls -gt 0 ]] && echo "  (Orleans warned $stalls times of a timer that fired late)")"
  done
done

python3 - "$out" "$rounds" "${settings[@]}" <<'PY'
import json, statistics, sys
out, rounds, settings = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
rows = [
    ("calls-in-silo-per-second", None, "calls/s in the silo (grain to grain)"),
    ("calls-in-silo-per-second", "cpuMicrosecondsPerCall", "  CPU µs per call"),
    ("calls-from-silo-host-per-second", None, "calls/s from the silo host's grain factory"),
    ("calls-from-silo-host-per-second", "cpuMicrosecondsPerCall", "  CPU µs per call"),
    ("calls-through-gateway-per-second", None, "calls/s through the gateway"),
    ("calls-through-gateway-per-second", "cpuMicrosecondsPerCall", "  CPU µs per call"),
    ("call-latency-through-gateway-p50", None, "gateway latency p50, µs"),
]

def figure(setting, round, name, detail):
    with open(f"{out}/{setting}.{round}.json") as f:
        fig = next(x for x in json.load(f)["figures"] if x["name"] == name)
    return fig["details"][detail] if detail else fig["value"]

def fmt(v):
    return f"{v:,.0f}" if v >= 1000 else f"{v:.2f}"

values = {(s, n, d): [figure(s, r, n, d) for r in range(1, rounds + 1)] for s in settings for n, d, _ in rows}
loads = {s: [float(open(f"{out}/{s}.{r}.load").read()) for r in range(1, rounds + 1)] for s in settings}

print()
print("| figure | " + " | ".join(settings) + " |")
print("| --- |" + " --- |" * len(settings))
for n, d, label in rows:
    cells = []
    for s in settings:
        v = values[(s, n, d)]
        cells.append(f"{fmt(statistics.median(v))} ({fmt(min(v))} to {fmt(max(v))})")
    print(f"| {label} | " + " | ".join(cells) + " |")
print("| 1-minute load before the run | " + " | ".join(f"{min(loads[s]):.2f} to {max(loads[s]):.2f}" for s in settings) + " |")

# A feature's cost: how much lower (rates) or higher (CPU, latency) a figure is with it on than off, from the
# medians, and in brackets the median of the same ratio taken round by round (a round's runs are neighbours in time).
pairs = [("live feed (metrics on)", "feed-on,metrics-on", "feed-off,metrics-on"),
         ("live feed (metrics off)", "feed-on,metrics-off", "feed-off,metrics-off"),
         ("metrics (feed on)", "feed-on,metrics-on", "feed-on,metrics-off"),
         ("metrics (feed off)", "feed-off,metrics-on", "feed-off,metrics-off"),
         ("call filter alone (feed on)", "feed-on,metrics-call-filter", "feed-on,metrics-off"),
         ("meter provider alone (feed on)", "feed-on,metrics-meter-provider", "feed-on,metrics-off")]
pairs = [p for p in pairs if p[1] in settings]
print()
print("Cost of each feature: the rate lost, or the CPU and latency added, with it on; median vs median (paired by round).")
print()
print("| figure | " + " | ".join(p[0] for p in pairs) + " |")
print("| --- |" + " --- |" * len(pairs))
for n, d, label in rows:
    cells = []
    for _, on, off in pairs:
        a, b = values[(on, n, d)], values[(off, n, d)]
        rate = d is None and n.endswith("per-second")
        cost = (lambda x, y: 1 - x / y) if rate else (lambda x, y: x / y - 1)
        paired = statistics.median(cost(x, y) for x, y in zip(a, b))
        cells.append(f"{cost(statistics.median(a), statistics.median(b)):+.1%} ({paired:+.1%})")
    print(f"| {label} | " + " | ".join(cells) + " |")
print()
print(f"Raw runs: {out}")
PY
