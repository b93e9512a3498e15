#!/usr/bin/env bash
# Where the API's CPU time goes while wrk asks one read: starts the built API (Release) on a copy of a database kept by
# the reads mode (--keep or --generate-only), warms the read up, then samples the API's process with perf for 8 s of a
# 12 s wrk run, and sorts the samples by part (reads-stages.py). Needs Debian's linux-perf and wrk.
# Usage: benchmarks/Sweep/profile/reads-profile.sh DATABASE PATH [--no-cache]
#   e.g. benchmarks/Sweep/profile/reads-profile.sh /tmp/reads/reads.db /api/documents/1/report
set -euo pipefail
cd "$(dirname "$0")/../../.."
database=$1
path=$2
extra=()
[ "${3:-}" = "--no-cache" ] && extra=(--Monitor:ReadCache:MaxBytes=0)
out=$(mktemp -d)
cp "$database" "$out/reads.db"
port=5099
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 dotnet src/Api/bin/Release/net10.0/CitationMonitor.Api.dll \
  --urls "http://127.0.0.1:$port" --Monitor:DatabasePath="$out/reads.db" --Monitor:SeedDefaultCitations=false \
  --Monitor:Archive:Enabled=false --Monitor:Worker:Enabled=false --Monitor:RateLimit:RequestsPerMinute=1000000000 \
  --Serilog:MinimumLevel:Default=Warning "${extra[@]}" > "$out/api.log" 2>&1 &
api=$!
trap 'kill $api 2>/dev/null; rm -rf "$out"' EXIT
until curl -sf "http://127.0.0.1:$port/healthz" > /dev/null; do sleep 0.5; done
url="http://127.0.0.1:$port$path"
wrk -t2 -c32 -d4s -H 'Accept-Encoding: gzip, deflate' "$url" > /dev/null
wrk -t2 -c32 -d12s --latency -H 'Accept-Encoding: gzip, deflate' "$url" > "$out/wrk.txt" &
sleep 2
perf record -p "$api" -e cpu-clock -F 999 -g -o "$out/api.data" -- sleep 8 > /dev/null 2>&1
wait %2 2>/dev/null || true
sleep 3
grep -E "Requests/sec|  50%|  99%" "$out/wrk.txt"
perf script -i "$out/api.data" 2> /dev/null > "$out/api.txt"
echo "API's CPU samples by part, GET $path:"
python3 "$(dirname "$0")/reads-stages.py" "$out/api.txt"
