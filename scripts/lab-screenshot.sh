#!/usr/bin/env bash
# Remakes docs/lab.png: a silo process, the lab page open in headless Chromium (apt-get install -y chromium), and a
# client run of `blocking` against the silo; the picture is taken while blocking-many runs. Build first (dotnet build).
set -euo pipefail
cd "$(dirname "$0")/.."
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
http=$(port); gateway=$(port); silo_port=$(port)
dotnet silo/bin/Debug/net10.0/Concurrency.Silo.dll --silo-port "$silo_port" --gateway-port "$gateway" --dashboard-port "$http" >/dev/null 2>&1 &
silo=$!
trap 'kill "$silo" 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$http/health" >/dev/null; do sleep 0.5; done
playwright=$(ls -d tests/bin/*/net10.0/.playwright | head -n 1)
"$playwright/node/linux-x64/node" scripts/lab-screenshot.js "$PWD/$playwright/package" docs/lab.png "http://127.0.0.1:$http/lab" blocking/blocking-many &
shot=$!
dotnet client/bin/Debug/net10.0/Concurrency.Client.dll run blocking --count 5 --latency 1s --grains 64 --gateway "127.0.0.1:$gateway" >/dev/null
wait "$shot"
echo "docs/lab.png remade"
