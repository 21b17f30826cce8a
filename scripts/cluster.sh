#!/usr/bin/env bash
# Starts N local silos as separate processes forming one cluster, prints their addresses, and stops them all on Ctrl+C.
#
#   scripts/cluster.sh                 # 3 silos, development clustering (silo 0 is the primary)
#   scripts/cluster.sh -n 5            # 5 silos
#   scripts/cluster.sh --redis         # 3 silos with a Redis membership table (starts redis-server on 6379)
#   scripts/cluster.sh --redis 127.0.0.1:6379   # use a Redis that is already running
#
# Silo i listens on silo port 11111+i, gateway 30000+i and dashboard 8080+i, all on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."

count=3
redis=""
start_redis=false
configuration=Release
while [[ $# -gt 0 ]]; do
  case "$1" in
    -n|--silos) count="$2"; shift 2 ;;
    --redis)
      if [[ $# -gt 1 && "$2" != -* ]]; then redis="$2"; shift 2; else redis="127.0.0.1:6379"; start_redis=true; shift; fi ;;
    --debug) configuration=Debug; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "cluster.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if ! [[ "$count" =~ ^[0-9]+$ ]] || (( count < 1 || count > 16 )); then
  echo "cluster.sh: -n '$count' must be a whole number from 1 to 16" >&2; exit 2
fi

dotnet build silo -c "$configuration" --nologo -v quiet >/dev/null
silo_dll="silo/bin/$configuration/net10.0/Concurrency.Silo.dll"

logs=$(mktemp -d)
pids=()
redis_pid=""
stop() {
  trap - INT TERM EXIT
  echo "Stopping ${#pids[@]} silo(s)..."
  # SIGTERM, not SIGINT: background jobs of a script ignore SIGINT. Either way the silos leave the cluster gracefully.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n "$redis_pid" ]]; then kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; fi
  echo "Stopped. Logs were in $logs."
  exit 0
}
trap stop INT TERM EXIT

if $start_redis; then
  command -v redis-server >/dev/null || { echo "cluster.sh: redis-server is not installed (apt-get install redis-server)" >&2; exit 2; }
  # Its own session, so the terminal's Ctrl+C reaches only this script: Redis must outlive the silos' graceful
  # shutdown, which writes their departure into the membership table.
  setsid redis-server --bind 127.0.0.1 --port "${redis##*:}" --save "" --appendonly no >"$logs/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 50); do redis-cli -p "${redis##*:}" ping >/dev/null 2>&1 && break; sleep 0.1; done
  echo "Redis membership table at $redis"
fi

for ((i = 0; i < count; i++)); do
  args=(--silo-port $((11111 + i)) --gateway-port $((30000 + i)) --dashboard-port $((8080 + i)))
  if [[ -n "$redis" ]]; then
    args+=(--clustering redis --redis "$redis")
  elif (( i > 0 )); then
    args+=(--primary 127.0.0.1:11111)
  fi
  dotnet "$silo_dll" "${args[@]}" >"$logs/silo$i.log" 2>&1 &
  pids+=($!)
  # Wait for this silo's ready line before starting the next, so the primary is up before the others join.
  for _ in $(seq 600); do
    if grep -q "Silo ready" "$logs/silo$i.log"; then break; fi
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then echo "silo $i failed to start:" >&2; cat "$logs/silo$i.log" >&2; exit 1; fi
    sleep 0.1
  done
  echo "silo $i (pid ${pids[-1]}): $(grep -m1 "Silo ready" "$logs/silo$i.log" | sed 's/^Silo ready: //; s/ Ctrl+C stops it.//')"
done

gateways=$(for ((i = 0; i < count; i++)); do printf '127.0.0.1:%d ' $((30000 + i)); done)
echo
if [[ -n "$redis" ]]; then
  echo "Run the client with: dotnet run --project client -- run cpu --clustering redis --redis $redis"
else
  echo "Run the client with: dotnet run --project client -- run cpu --gateway 127.0.0.1:30000   (gateways: $gateways)"
fi
echo "Ctrl+C stops every silo."
wait -n "${pids[@]}" || true
echo "A silo exited; see its log in $logs." >&2
wait
