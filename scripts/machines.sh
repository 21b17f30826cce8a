#!/usr/bin/env bash
# Usage: scripts/machines.sh N [--cores LIST] [-- COMMAND...]
#
# N "machines" on this one box: each is a Linux network namespace with an address of its own (10.77.0.1, .2, ...)
# and a CPU set of its own (taskset), joined by a bridge that lives in a namespace of its own too, so nothing on the
# host's network is touched. A silo runs in each machine, binding and advertising its own address; machine 1 is the
# primary. The client namespace (10.77.0.100) is where COMMAND runs; without COMMAND the script waits for Ctrl+C.
# Everything (processes, namespaces, links) is removed on exit, whatever the exit. Needs root (ip netns).
#
#   --cores LIST   the core of each machine, comma-separated (default: machine i gets core (i-1) mod nproc)
#   MACHINES_ID    names this run's namespaces (default: the script's pid), so parallel runs never collide
#   CONFIGURATION  Debug or Release build of silo/ (default Debug; build it first)
#
# Inside COMMAND: $MACHINES_PREFIX names the namespaces (${MACHINES_PREFIX}m1 ... , ${MACHINES_PREFIX}c for the
# client), ${MACHINES_PREFIX}p<i> is machine i's port on the bridge: `ip netns exec ${MACHINES_PREFIX}sw ip link set
# ${MACHINES_PREFIX}p2 down` cuts machine 2 off while its process lives on. Gateways: 10.77.0.<i>:30000.
# $MACHINES_LOGS is the folder of the silos' logs, $MACHINES_PIDS their process ids (machine i's is word i).
set -euo pipefail

usage() { echo "usage: scripts/machines.sh N [--cores LIST] [-- COMMAND...]" >&2; exit 2; }
[[ $# -ge 1 && "$1" =~ ^[1-9][0-9]?$ ]] || usage
count=$1; shift
cores=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cores) [[ $# -ge 2 ]] || usage; cores=$2; shift 2 ;;
    --) shift; break ;;
    *) usage ;;
  esac
done
[[ $(id -u) -eq 0 ]] || { echo "machines.sh: needs root for network namespaces (ip netns)." >&2; exit 2; }
(( count <= 90 )) || { echo "machines.sh: at most 90 machines." >&2; exit 2; }

root=$(cd "$(dirname "$0")/.." && pwd)
silo="$root/silo/bin/${CONFIGURATION:-Debug}/net10.0/Concurrency.Silo.dll"
[[ -f "$silo" ]] || { echo "machines.sh: $silo is missing; run 'dotnet build' first." >&2; exit 2; }

id=${MACHINES_ID:-$$}
prefix="cl${id}"
(( ${#prefix} <= 10 )) || { echo "machines.sh: MACHINES_ID '$id' is too long (interface names are at most 15 characters)." >&2; exit 2; }
export MACHINES_PREFIX=$prefix
logs=$(mktemp -d "/tmp/machines-${id}-XXXX")
pids=()

cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for ns in $(ip netns list | awk '{print $1}' | grep -E "^${prefix}(m[0-9]+|c|sw)$" || true); do
    ip netns del "$ns" 2>/dev/null || true
  done
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The switch: a namespace holding only the bridge.
ip netns add "${prefix}sw"
ip -n "${prefix}sw" link add br0 type bridge
ip -n "${prefix}sw" link set br0 up

# join NAMESPACE INDEX ADDRESS: a veth pair from the namespace to the bridge.
join() {
  local ns=$1 index=$2 address=$3
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip link add "${prefix}v${index}" netns "$ns" type veth peer name "${prefix}p${index}" netns "${prefix}sw"
  ip -n "$ns" link set "${prefix}v${index}" name eth0
  ip -n "$ns" addr add "$address/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "${prefix}sw" link set "${prefix}p${index}" master br0
  ip -n "${prefix}sw" link set "${prefix}p${index}" up
}

join "${prefix}c" 0 10.77.0.100
IFS=, read -r -a coreList <<<"$cores"
nproc=$(nproc)
for i in $(seq 1 "$count"); do
  join "${prefix}m$i" "$i" "10.77.0.$i"
  core=${coreList[$((i - 1))]:-$(( (i - 1) % nproc ))}
  primary=()
  (( i == 1 )) || primary=(--primary 10.77.0.1:11111)
  # A UTS namespace of its own too, so each machine has its own host name (the cluster tally counts machines by it).
  ip netns exec "${prefix}m$i" unshare --uts sh -c 'hostname "$0" && exec "$@"' "${prefix}-machine$i" taskset -c "$core" dotnet "$silo" --address "10.77.0.$i" --no-dashboard "${primary[@]}" \
    >"$logs/silo$i.out" 2>"$logs/silo$i.err" &
  pids+=($!)
  # Each silo joins once the one before it is ready: the primary first, then the others.
  for _ in $(seq 1 120); do
    grep -q "^Silo ready" "$logs/silo$i.out" 2>/dev/null && break
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "machines.sh: the silo on machine $i exited: $(tail -n 3 "$logs/silo$i.err")" >&2; exit 1; }
    sleep 0.5
  done
  grep -q "^Silo ready" "$logs/silo$i.out" || { echo "machines.sh: the silo on machine $i did not start within 60 s." >&2; exit 1; }
  echo "machine $i: ${prefix}m$i, 10.77.0.$i, core $core: $(head -n 1 "$logs/silo$i.out")" >&2
done
echo "client namespace: ${prefix}c (10.77.0.100); gateway 10.77.0.1:30000; logs in $logs" >&2
# For COMMAND: the silos' logs (silo<i>.out, silo<i>.err) and process ids (machine i's is word i), to watch a silo from outside.
export MACHINES_LOGS=$logs
export MACHINES_PIDS="${pids[*]}"

if [[ $# -gt 0 ]]; then
  ip netns exec "${prefix}c" "$@"
else
  echo "Ctrl+C removes everything." >&2
  wait "${pids[0]}"
fi
