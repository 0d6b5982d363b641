#!/usr/bin/env bash
# Memory and throughput benchmark of the whole pipeline against a real Elasticsearch:
# ingests EVENTS events (one day of the simulator) with the connector limited to -Xmx96m, and prints the summary,
# events/s and the connector's peak heap after GC (from its GC log).
#
#   connector/bench/ingest-bench.sh [EVENTS] [CONNECTOR_HEAP]      defaults: 1000000 96m
# Needs the jars: ./mvnw -B -DskipTests package
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
events="${1:-1000000}"
heap="${2:-96m}"
work="$here/target/ingest-bench"
rm -rf "$work"; mkdir -p "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_for() { # FILE PATTERN PID
  for ((i = 0; i < 1800; i++)); do
    grep -m1 -oE "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: '$2' not seen in $1" >&2; tail -20 "$1" "${1%.out}.log" >&2; return 1
}

java -jar es-local/target/es-local.jar start --dir "$work/es" --fresh >"$work/es.out" 2>"$work/es.log" &
pids+=($!)
es_url="$(wait_for "$work/es.out" 'http://[0-9.:]+' "${pids[-1]}")"
java -Xmx128m -jar simulator/target/at-simulator.jar --port 0 --token bench-token --events-per-day "$events" \
  >"$work/sim.out" 2>"$work/sim.log" &
pids+=($!)
sim_url="$(wait_for "$work/sim.out" 'http://[0-9.:]+' "${pids[-1]}")"
echo "elasticsearch $es_url, simulator $sim_url, connector -Xmx$heap, $events events/day" >&2

day=2019-06-03
start_ns=$(date +%s%N)
AT_TOKEN=bench-token java -Xmx"$heap" -Xlog:gc:file="$work/gc.log" -jar connector/target/at-connector.jar ingest \
  --endpoint "$sim_url" --space bench-space --es-url "$es_url" --start "$day" --end "$day" ${BENCH_ARGS:---no-es-compress} \
  | tee "$work/summary.txt"
end_ns=$(date +%s%N)

peak_after=$(grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$work/gc.log" | sed -E 's/.*->([0-9]+)M.*/\1/' | sort -n | tail -1)
peak_before=$(grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$work/gc.log" | sed -E 's/([0-9]+)M->.*/\1/' | sort -n | tail -1)
gcs=$(grep -c 'Pause' "$work/gc.log" || true)
curl -s -XPOST "$es_url/activity-tracker-*/_refresh" >/dev/null
docs=$(curl -s "$es_url/activity-tracker-*/_count" | grep -oE '"count":[0-9]+' | cut -d: -f2 || echo '?')
echo "connector heap: max -Xmx$heap, peak occupancy before GC ${peak_before:-?} MB, peak live after GC ${peak_after:-?} MB, $gcs GC pauses"
echo "documents in Elasticsearch: $docs; wall $(( (end_ns - start_ns) / 1000000 )) ms"
