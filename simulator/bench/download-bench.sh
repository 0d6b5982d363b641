#!/usr/bin/env bash
# Streams a 1-day session of EVENTS events from a separate simulator JVM (-Xmx128m) to a client that discards it,
# and prints events/s, MB/s and the simulator's heap (from /_sim/stats). Needs: the shaded jar, curl, python3.
# Usage: [WARMUP=seconds] simulator/bench/download-bench.sh [EVENTS] [extra simulator options...]
# WARMUP (default 0: a cold JVM, JIT compilation included in the figures): first stream the same session for that
# many seconds and drop it, so the measured download runs on compiled code (as every download after the first does).
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=simulator/target/at-simulator.jar
EVENTS=${1:-1000000}; shift || true
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -o -pl simulator package -DskipTests" >&2; exit 1; }

OUT=$(mktemp); ERR=$(mktemp)
java -Xmx128m -jar "$JAR" --port 0 --token bench-token --events-per-day "$EVENTS" "$@" >"$OUT" 2>"$ERR" &
SIM=$!
trap 'kill $SIM 2>/dev/null || true; rm -f "$OUT" "$ERR"' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$OUT" && break; sleep 0.1; done
URL=$(sed -n 's/^at-simulator listening on //p' "$OUT")
[ -n "$URL" ] || { cat "$ERR" >&2; exit 1; }
H=(-H 'X-Auth-Token: bearer bench-token' -H 'X-Auth-Project-Id: bench-space')
DAY=$(date -u +%F)

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
# (GET /v3/events walks the day once in constant memory; /_sim/expected would hold a million ids in 128 MB)
# the catalog's count varies around EVENTS per day (day factor 0.8..1.2): pick the first day with at least EVENTS
for back in $(seq 0 30); do
  DAY=$(date -u -d "-$back day" +%F)
  COUNT=$(curl -sf "${H[@]}" "$URL/v3/events?start=$DAY&end=$DAY" | json 'd[0]["count"]')
  [ "$COUNT" -ge "$EVENTS" ] && break
done
ID=$(curl -sf -X POST "${H[@]}" -d "{\"start\":\"$DAY\",\"end\":\"$DAY\"}" "$URL/v3/sessions" | json 'd["id"]')

# the samples are kept raw and parsed once at the end: a python start per sample would steal CPU from the simulator
sample() { while kill -0 "$1" 2>/dev/null; do
  { curl -sf "$URL/_sim/stats" && echo; } >>"$ERR.heap" || true; sleep 0.2; done; }
if [ "${WARMUP:-0}" != 0 ]; then
  curl -s "${H[@]}" -H "SESSIONID: $ID" "$URL/v3/events/download" -o /dev/null --max-time "$WARMUP" || true
  sleep 0.5
fi
cpu() { awk '{print $14 + $15}' "/proc/$SIM/stat"; }  # simulator user+system CPU, clock ticks
CPU0=$(cpu)
START=$(date +%s.%N)
curl -sf "${H[@]}" -H "SESSIONID: $ID" "$URL/v3/events/download" -o /dev/null -w '%{size_download}\n' >"$OUT.size" &
CURL=$!
sample $CURL &
wait $CURL
END=$(date +%s.%N)
CPU1=$(cpu)
TICKS=$(getconf CLK_TCK)
LOAD=$(cut -d' ' -f1 /proc/loadavg)
sleep 0.3
BYTES=$(cat "$OUT.size")
HEAP_MAX=$(python3 - "$ERR.heap" <<'PY'
import json, sys
peak = 0
for line in open(sys.argv[1]):
    try:
        peak = max(peak, json.loads(line)["jvm"]["heapUsedBytes"])
    except ValueError:
        pass  # an empty or cut sample
print(peak)
PY
)
STATS=$(curl -sf "$URL/_sim/stats")
curl -sf -X DELETE "${H[@]}" "$URL/v3/sessions/$ID" >/dev/null
rm -f "$OUT.size" "$ERR.heap"

python3 - "$COUNT" "$BYTES" "$START" "$END" "$HEAP_MAX" "$STATS" "$(( CPU1 - CPU0 ))" "$TICKS" "$LOAD" "$(nproc)" \
    "${WARMUP:-0}" <<'PY'
import json, sys
count, size, start, end, heap_peak = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
stats = json.loads(sys.argv[6])
secs = end - start
print(f"events        {count:,} (one day)")
print(f"gzip bytes    {size:,}")
print(f"time          {secs:.2f} s")
print(f"throughput    {count / secs:,.0f} events/s, {size / secs / 1e6:.1f} MB/s compressed")
print(f"sim heap      peak sampled {heap_peak / 2**20:.1f} MiB, now {stats['jvm']['heapUsedBytes'] / 2**20:.1f} MiB, "
      f"max {stats['jvm']['heapMaxBytes'] / 2**20:.0f} MiB (-Xmx128m)")
cpu = int(sys.argv[7]) / int(sys.argv[8])
print(f"sim CPU       {cpu:.2f} s ({count / cpu:,.0f} events per simulator CPU-second); "
      f"load average {sys.argv[9]} on {sys.argv[10]} cores")
print(f"warm-up       {sys.argv[11]} s of an aborted download first" if sys.argv[11] != "0"
      else "warm-up       none (cold JVM: JIT compilation counts in time and CPU)")
print(f"downloads     {stats['downloads']}")
PY
