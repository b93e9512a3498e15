#!/usr/bin/env bash
# Where a check's CPU time goes: runs the sweep and samples the monitor process (not the sites) with perf for 20 s
# (8 s in the short third sweep), 4 s after each of the three sweeps starts, then sorts the samples by the nearest
# frame of the monitor's own stages.
# Needs Debian's linux-perf. Usage: benchmarks/Sweep/profile/profile.sh [sweep switches...]
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=$(mktemp -d)
switches=("$@")
[ ${#switches[@]} -eq 0 ] && switches=(--citations 10000 --hosts 100 --max-concurrency 64 --per-host-delay 00:00:00)
# Perf maps name the JIT's code; without W^X the mapped code is where the maps say it is.
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \
  dotnet run -c Release --project benchmarks/Sweep -- "${switches[@]}" --work-folder "$out/work" > "$out/sweep.log" 2>&1 &
sweep=$!
for s in 1 2 3; do
  until grep -q "sweep $s: started" "$out/sweep.log"; do
    kill -0 "$sweep" 2>/dev/null || { cat "$out/sweep.log"; exit 1; }
    sleep 0.5
  done
  sleep 4
  seconds=20; [ "$s" = 3 ] && seconds=8
  pid=$(pgrep -f "monitor --Monitor:DatabasePath" | head -1)
  # Sweep 3 is short: the samples are turned into text once every sweep is recorded, not between sweeps.
  perf record -p "$pid" -e cpu-clock -F 999 -g -o "$out/sweep$s.data" -- sleep "$seconds" > /dev/null 2>&1
done
wait "$sweep"
for s in 1 2 3; do
  perf script -i "$out/sweep$s.data" 2> /dev/null > "$out/sweep$s.txt"
done
grep -E '^\|' "$out/sweep.log"
for s in 1 2 3; do
  echo; echo "Sweep $s, CPU samples of the monitor by stage:"
  python3 "$(dirname "$0")/stages.py" "$out/sweep$s.txt"
done
rm -rf "$out"
