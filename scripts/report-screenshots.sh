#!/usr/bin/env bash
# Remakes docs/report.png and docs/timeline.png from a real run: `client run all --quick` with --trace and --report,
# then headless Chromium (apt-get install -y chromium) screenshots the report. Build the solution first (dotnet build).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet client/bin/Debug/net10.0/Concurrency.Client.dll run all --quick --embedded --trace "$out/quick.trace.json" --report "$out/report.html" >/dev/null
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot=docs/report.png --window-size=1280,1500 "file://$out/report.html" >/dev/null 2>&1
playwright=$(ls -d tests/bin/*/net10.0/.playwright | head -n 1)
"$playwright/node/linux-x64/node" scripts/timeline-screenshot.js "$PWD/$playwright/package" docs/timeline.png "file://$out/report.html"
echo "docs/report.png and docs/timeline.png remade"
