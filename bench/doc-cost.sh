#!/usr/bin/env bash
# Issue 13, "our document costs Elasticsearch <= 1.25x the raw event": where the extra cost is, field group by field
# group. One es-local, one simulator day of EVENTS events, one download; our documents written once by the connector
# (ingest --destination monthly) and read back (BulkCeiling export), the raw lines cut into bodies (BulkCeiling raw);
# then each body set bulk-loaded into a fresh index under each mapping VARIANT (bench/doc-cost.py: ours as shipped,
# and ours with one field group changed at a time; raw indexed as bench/run.sh does), ROUNDS times, alternating.
# Measures Elasticsearch's process CPU time (not wall time: the machine is shared) during bulk + refresh + flush, and
# the primary store after a force merge to one segment. Prints a table; writes bench/results/doc-cost-<stamp>.json.
#   bench/doc-cost.sh [EVENTS]     default 50000
# Environment: ROUNDS (2), WARMUP (4), CONCURRENCY (2), BATCH_DOCS (2000), ES_HEAP (512m), START_TIMEOUT (900 s),
# SKIP_BUILD=1 reuses the jars, KEEP=1 keeps target/doc-cost.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
events="${1:-50000}"
if ! [[ $events =~ ^[1-9][0-9]*$ && $events -ge 1000 ]]; then
  echo "doc-cost: EVENTS '$events' is not a whole number of at least 1000: run bench/doc-cost.sh [EVENTS], e.g. 50000" >&2
  exit 2
fi
rounds="${ROUNDS:-2}"
concurrency="${CONCURRENCY:-2}"
batch_docs="${BATCH_DOCS:-2000}"
batch_bytes=$((5 * 1024 * 1024))
connector=connector/target/at-connector.jar
simulator=simulator/target/at-simulator.jar
eslocal=es-local/target/es-local.jar
classpath_file=connector/target/bench-classpath.txt
work="$root/target/doc-cost"
results="$root/bench/results"
token=bench-token
space=bench-space

say() { echo "doc-cost: [$(date -u +%T)] $*" >&2; }
for tool in java javac curl python3; do
  command -v "$tool" >/dev/null || { say "needs $tool on the PATH (java 17, curl, python3)"; exit 2; }
done
if [[ "${SKIP_BUILD:-}" != 1 || ! -f $connector || ! -f $simulator || ! -f $eslocal || ! -f $classpath_file ]]; then
  say "building the jars (./mvnw -B -q package -DskipTests dependency:build-classpath)"
  ./mvnw -B -q package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
    -Dmdep.includeScope=runtime
fi
rm -rf "$work"; mkdir -p "$work/classes" "$work/runs" "$work/variants" "$results"
libraries=$(tr ':' '\n' <"$classpath_file" | grep -v '/logback-' | paste -sd: -)
javac -cp "$libraries" -d "$work/classes" bench/BulkCeiling.java
classpath="$work/classes:$libraries"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [[ ${KEEP:-0} == 1 ]] || rm -rf "$work/bodies-raw" "$work/bodies-ours" "$work/download.gz" "$work/es"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# the same start-up as bench/run.sh (copied, not shared: run.sh is the lead's)
wait_for() { # FILE REGEX PID
  local deadline=$((SECONDS + ${START_TIMEOUT:-900}))
  while ((SECONDS < deadline)); do
    grep -m1 -oE "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || break
    sleep 0.1
  done
  say "'$2' not seen in $1"; tail -20 "$1" >&2; return 1
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
es_cpu_ms() { curl -sf "$es_url/_nodes/_local/stats/process" | json 'list(d["nodes"].values())[0]["process"]["cpu"]["total_in_millis"]'; }
pick_day() { # SIM_URL MIN_EVENTS -> "DAY COUNT"
  local day count
  for back in $(seq 0 60); do
    day=$(date -u -d "2019-06-01 +$back day" +%F)
    count=$(curl -sf -H "X-Auth-Token: bearer $token" -H "X-Auth-Project-Id: $space" \
      "$1/v3/events?start=$day&end=$day" | json 'd[0]["count"]')
    if [[ $count -ge $2 ]]; then echo "$day $count"; return 0; fi
  done
  say "no day with $2 events"; return 1
}
delete_indices() { for index in $(curl -sf "$es_url/_cat/indices/$1?h=index"); do curl -sf -XDELETE "$es_url/$index" >/dev/null; done; }

say "starting Elasticsearch (es-local) and the simulator ($events events per day)"
java -jar "$eslocal" start --dir "$work/es" --fresh --heap "${ES_HEAP:-512m}" --timeout-seconds "${START_TIMEOUT:-900}" \
  >"$work/es.out" 2>"$work/es.log" &
pids+=($!)
es_url=$(wait_for "$work/es.out" 'http://[0-9.:]+' "$!")
java -Xmx128m -jar "$simulator" --port 0 --token "$token" --events-per-day "$events" >"$work/sim.out" 2>"$work/sim.log" &
pids+=($!)
sim_url=$(wait_for "$work/sim.out" 'http://[0-9.:]+' "$!")
read -r day count <<<"$(pick_day "$sim_url" "$events")"
month="${day:0:4}.${day:5:2}"
say "day $day: $count events; load $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores"

say "our documents: at-connector ingest into docc-ours-$month, read back into bulk bodies"
AT_TOKEN=$token java -Xmx128m -jar "$connector" ingest --endpoint "$sim_url" --space "$space" --es-url "$es_url" \
  --start "$day" --end "$day" --index-prefix docc-ours- --destination monthly --no-es-compress \
  --batch-docs "$batch_docs" --concurrency "$concurrency" >"$work/ingest.out" 2>"$work/ingest.log" \
  || { say "ingest failed: see $work/ingest.log"; tail -5 "$work/ingest.log" >&2; exit 1; }
java -cp "$classpath" BulkCeiling export "$es_url" 'docc-ours-2*' "$work/bodies-ours" "$batch_docs" "$batch_bytes" \
  >"$work/bodies-ours.json"

say "the raw events: one download, each line as-is, into bodies for docc-raw-$month"
id=$(curl -sf -XPOST -H "X-Auth-Token: bearer $token" -H "X-Auth-Project-Id: $space" \
  -d "{\"start\":\"$day\",\"end\":\"$day\"}" "$sim_url/v3/sessions" | json 'd["id"]')
curl -sf -H "X-Auth-Token: bearer $token" -H "X-Auth-Project-Id: $space" -H "SESSIONID: $id" \
  "$sim_url/v3/events/download" -o "$work/download.gz"
java -cp "$classpath" BulkCeiling raw "$work/download.gz" "$work/bodies-raw" "docc-raw-$month" "$batch_docs" \
  "$batch_bytes" >"$work/bodies-raw.json"
java -jar "$connector" setup --es-url "$es_url" --index-prefix docc-raw- --destination monthly >"$work/setup-raw.log" 2>&1 \
  || { say "at-connector setup --index-prefix docc-raw- failed:"; tail -5 "$work/setup-raw.log" >&2; exit 1; }
# raw fields indexed exactly as bench/run.sh's index_raw_fields does
curl -sf -XPUT "$es_url/_component_template/docc-raw@custom" -H 'Content-Type: application/json' \
  -d '{"template":{"mappings":{"dynamic":true,"properties":{"requestData":{"type":"object","enabled":false},
"responseData":{"type":"object","enabled":false}}}},"_meta":{"managed_by":"bench/doc-cost.sh"}}' >/dev/null

# the composed templates as the connector installed them, turned into explicit create-index bodies per variant; then
# the index templates go, so that each fresh index gets exactly its variant's mapping (no template merged into it)
for kind in ours raw; do
  curl -sf -XPOST "$es_url/_index_template/_simulate_index/docc-$kind-$month" >"$work/simulated-$kind.json"
done
# match_only_text lives in the mapper-extras module, which es-local's distribution lacks: then its docs-only stand-in
mot=no-match-only-text
if curl -sf -XPUT "$es_url/docc-probe" -H 'Content-Type: application/json' \
  -d '{"mappings":{"properties":{"m":{"type":"match_only_text"}}}}' >/dev/null 2>&1; then
  mot=; curl -sf -XDELETE "$es_url/docc-probe" >/dev/null
else
  say "this Elasticsearch has no match_only_text: message measured as text, index_options docs, no norms"
fi
read -r -a variants <<<"$(python3 bench/doc-cost.py variants "$work/simulated-ours.json" "$work/simulated-raw.json" \
  "$work/variants" $mot)"
for name in $(curl -sf "$es_url/_index_template" | json '" ".join(t["name"] for t in d["index_templates"]
  if any(p.startswith("docc-") for p in t["index_template"]["index_patterns"]))'); do
  curl -sf -XDELETE "$es_url/_index_template/$name" >/dev/null
done
delete_indices 'docc-*'

load() { # VARIANT ROUND
  local variant=$1 index bodies cpu0 cpu1 send stats merged
  if [[ $variant == raw ]]; then index="docc-raw-$month" bodies="$work/bodies-raw"
  else index="docc-ours-$month" bodies="$work/bodies-ours"; fi
  curl -sf -XPUT "$es_url/$index" -H 'Content-Type: application/json' -d @"$work/variants/$variant.json" >/dev/null \
    || { say "could not create $index for $variant:"; curl -s -XPUT "$es_url/$index" -H 'Content-Type: application/json' \
      -d @"$work/variants/$variant.json" >&2; exit 1; }
  curl -sf "$es_url/_cluster/health/$index?wait_for_status=yellow&timeout=120s" >/dev/null
  cpu0=$(es_cpu_ms)
  send=$(java -cp "$classpath" BulkCeiling send "$es_url" "$bodies" "$concurrency")
  curl -sf -XPOST "$es_url/$index/_refresh" >/dev/null
  curl -sf -XPOST "$es_url/$index/_flush" >/dev/null
  cpu1=$(es_cpu_ms)
  stats=$(curl -sf "$es_url/$index/_stats/docs,store")
  curl -sf -XPOST "$es_url/$index/_forcemerge?max_num_segments=1" >/dev/null
  merged=$(curl -sf "$es_url/$index/_stats/store" | json 'd["_all"]["primaries"]["store"]["size_in_bytes"]')
  local out="$work/runs/$variant.$2.json"
  [[ $2 != warm-up ]] || out="$work/warm-up.json"
  python3 - "$send" "$stats" "$((cpu1 - cpu0))" "$merged" >"$out" <<'PY'
import json, sys
send, stats = json.loads(sys.argv[1]), json.loads(sys.argv[2])
p = stats["_all"]["primaries"]
print(json.dumps({"docs": p["docs"]["count"], "failed_items": send["failed_items"], "send_seconds": send["seconds"],
                  "es_cpu_ms": int(sys.argv[3]), "store_bytes": p["store"]["size_in_bytes"],
                  "merged_store_bytes": int(sys.argv[4])}))
PY
  say "round $2 $variant: $(cat "$out")"
  [[ $(json 'd["docs"]' <"$out") == "$count" ]] || say "WARNING: $index holds $(json 'd["docs"]' <"$out") documents, not the day's $count"
  curl -sf -XDELETE "$es_url/$index" >/dev/null
}

# Elasticsearch's JIT warms up over the first loads: in a first try without this, the same documents cost 445 CPU-us
# per event in the first load and fell to ~100 by the sixth, whatever the variant; with two 23,576-event warm-up loads
# round 1 still fell 232 -> 89. WARMUP (4) unmeasured loads of our documents first.
say "warm-up: our documents as shipped, ${WARMUP:-4} times, not measured"
for ((w = 0; w < ${WARMUP:-4}; w++)); do load ours warm-up; done
say "variants: ${variants[*]}; $rounds rounds, alternating"
for ((r = 1; r <= rounds; r++)); do
  if ((r % 2)); then order=("${variants[@]}"); else order=(); for ((i = ${#variants[@]} - 1; i >= 0; i--)); do order+=("${variants[i]}"); done; fi
  for v in "${order[@]}"; do load "$v" "$r"; done
done
say "bulk source bytes: ours $(json 'd["source_bytes"]' <"$work/bodies-ours.json"), raw $(json 'd["source_bytes"]' <"$work/bodies-raw.json")"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
python3 bench/doc-cost.py table "$work" "$count" "$results/doc-cost-$stamp.json"
say "done in $((SECONDS / 60)) min $((SECONDS % 60)) s; $results/doc-cost-$stamp.json"
