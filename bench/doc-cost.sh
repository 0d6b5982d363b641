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
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" doc-cost
events="${1:-50000}"
require_events "$events" "bench/doc-cost.sh [EVENTS], e.g. 50000"
rounds="${ROUNDS:-2}"
concurrency="${CONCURRENCY:-2}"
batch_docs="${BATCH_DOCS:-2000}"
work="$root/target/doc-cost"

require_tools "java 17, curl, python3" java javac curl python3
build_jars classpath
rm -rf "$work"; mkdir -p "$work/runs" "$work/variants" "$results"
compile_bench_classes bench/BulkCeiling.java
cleanup_paths=("$work/bodies-raw" "$work/bodies-ours" "$work/download.gz" "$work/es")

say "starting Elasticsearch (es-local) and the simulator ($events events per day)"
start_es
start_simulator "$events" sim sim_url
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
download_day "$sim_url" "$day" "$work/download.gz"
java -cp "$classpath" BulkCeiling raw "$work/download.gz" "$work/bodies-raw" "docc-raw-$month" "$batch_docs" \
  "$batch_bytes" >"$work/bodies-raw.json"
install_templates docc-raw-
index_raw_fields docc-raw- # raw fields indexed exactly as bench/run.sh does

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
