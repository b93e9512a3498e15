#!/bin/bash
# The outside attack round's documents against a built API (Release), on loopback only:
#   python3 benchmarks/Attack/make-documents.py   (in a scratch folder: writes big.json and spell.json)
#   benchmarks/Attack/repeated-urls.sh <path to CitationMonitor.Api.dll> <label>   (from that folder)
# Posts both documents, reads them back, then makes 25 list reads and 10 document reads at once and reports the
# process's peak resident memory (VmHWM).
dll=$1; label=$2; port=5391
rm -f b.db*
dotnet $dll --urls http://127.0.0.1:$port --Monitor:DatabasePath=$PWD/b.db --Monitor:SeedDefaultCitations=true --Monitor:Worker:Enabled=false --Monitor:Archive:Enabled=false --Monitor:RateLimit:RequestsPerMinute=100000 --Monitor:RateLimit:WritesPerMinute=1000 --Serilog:MinimumLevel:Default=Warning > bench-$label.log 2>&1 &
pid=$!
for i in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:$port/healthz && break; sleep 0.5; done
for f in big spell; do curl -s -o /dev/null -w "$label POST $f: %{http_code} %{time_total}s %{size_download}B\n" -X POST -H 'Content-Type: application/json' --data-binary @$f.json http://127.0.0.1:$port/api/documents; done
for u in /api/documents/2 "/api/documents?pageSize=500"; do curl -s -o /dev/null -w "$label GET $u: %{http_code} %{time_total}s %{size_download}B\n" "http://127.0.0.1:$port$u"; done
start=$(date +%s.%N)
pids=()
for i in $(seq 1 25); do curl -s -o /dev/null "http://127.0.0.1:$port/api/documents?pageSize=500" & pids+=($!); done
for i in $(seq 1 10); do curl -s -o /dev/null "http://127.0.0.1:$port/api/documents/2" & pids+=($!); done
wait "${pids[@]}"
end=$(date +%s.%N)
echo "$label 25 list + 10 document reads at once: $(echo "$end - $start" | bc) s, peak working set $(grep VmHWM /proc/$pid/status | awk '{print $2/1024}') MB"
kill $pid; wait $pid 2>/dev/null
