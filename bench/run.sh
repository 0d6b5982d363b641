#!/usr/bin/env bash
# The issue-8 benchmark: one simulator day of EVENTS ~1 KB events against a real Elasticsearch (es-local), measuring
#   (1) the Elasticsearch ceiling: the connector's own documents as prebuilt _bulk bodies (bench/BulkCeiling.java),
#   (2) at-connector end to end, events/s and the ratio to (1),
#   (3) at-connector with indexing off (--sink discard): events/s and CPU seconds per million events,
#   (4) the connector's peak RSS and heap with -Xmx128m, at EVENTS/10 and at EVENTS.
# Writes bench/results/<timestamp>.json and prints a table. See bench/README.md.
#   bench/run.sh [EVENTS]        default 1000000
# Environment: CONCURRENCY (2) and BATCH_DOCS (2000): bulk requests in flight and documents per request, for both
# (1) and (2); ES_HEAP (512m); START_TIMEOUT (900 s for ES and the simulators); KEEP=1 keeps the bulk bodies.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
events="${1:-1000000}"
small=$((events / 10))
concurrency="${CONCURRENCY:-2}"
batch_docs="${BATCH_DOCS:-2000}"
batch_bytes=$((5 * 1024 * 1024))
connector=connector/target/at-connector.jar
simulator=simulator/target/at-simulator.jar
eslocal=es-local/target/es-local.jar
work="$root/target/bench"
results="$root/bench/results"
token=bench-token
space=bench-space

# always (re)build: jars left from an older checkout would measure old code (SKIP_BUILD=1 to reuse them)
if [[ "${SKIP_BUILD:-}" != 1 || ! -f $connector || ! -f $simulator || ! -f $eslocal ]]; then
  echo "bench: building the jars (./mvnw -B -q package -DskipTests)" >&2
  ./mvnw -B -q package -DskipTests
fi
rm -rf "$work"; mkdir -p "$work" "$results"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [[ ${KEEP:-0} == 1 ]] || rm -rf "$work/bodies" "$work/download.gz"
}
trap cleanup EXIT

wait_for() { # FILE REGEX PID: prints the first match once it appears (Elasticsearch may take minutes under load)
  local deadline=$((SECONDS + ${START_TIMEOUT:-900}))
  while ((SECONDS < deadline)); do
    grep -m1 -oE "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: '$2' not seen in $1" >&2; tail -20 "$1" >&2; return 1
}
say() { echo "bench: $*" >&2; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

start_simulator() { # EVENTS_PER_DAY NAME (not in a subshell: the pid must reach the cleanup)
  java -Xmx128m -jar "$simulator" --port 0 --token "$token" --events-per-day "$1" >"$work/$2.out" 2>"$work/$2.log" &
  pids+=($!)
}

pick_day() { # SIM_URL MIN_EVENTS -> "DAY COUNT": the catalog's day count varies (0.8..1.2 x events per day)
  local day count
  for back in $(seq 0 60); do
    day=$(date -u -d "2019-06-01 +$back day" +%F)
    count=$(curl -sf -H "X-Auth-Token: bearer $token" -H "X-Auth-Project-Id: $space" \
      "$1/v3/events?start=$day&end=$day" | json 'd[0]["count"]')
    if [[ $count -ge $2 ]]; then echo "$day $count"; return 0; fi
  done
  echo "bench: no day with $2 events" >&2; return 1
}

ingest() { # NAME SIM_URL DAY PREFIX [extra ingest args...]: runs the connector under measure.py
  local name=$1 sim=$2 day=$3 prefix=$4; shift 4
  AT_TOKEN=$token python3 bench/measure.py "$work/$name.json" --gc-log "$work/$name.gc.log" -- \
    java -Xmx128m -Xlog:gc:file="$work/$name.gc.log" -jar "$connector" ingest --endpoint "$sim" --space "$space" \
    --es-url "$es_url" --start "$day" --end "$day" --index-prefix "$prefix" --no-es-compress \
    --batch-docs "$batch_docs" --concurrency "$concurrency" "$@" >"$work/$name.summary" 2>"$work/$name.log" \
    || { say "$name failed:"; tail -5 "$work/$name.log" "$work/$name.summary" >&2; return 1; }
  sed -n 's/.*events_per_s=\([0-9]*\).*/\1/p' "$work/$name.summary" >"$work/$name.rate"
  sed -n 's/.* read=\([0-9]*\) .*/\1/p' "$work/$name.summary" >"$work/$name.read"
}

doc_count() { # INDEX_PATTERN
  curl -sf -XPOST "$es_url/$1/_refresh" >/dev/null
  curl -sf "$es_url/$1/_count" | json 'd["count"]'
}

delete_indices() { # PATTERN: by exact names (wildcard deletes are refused by default)
  for index in $(curl -sf "$es_url/_cat/indices/$1?h=index"); do
    curl -sf -XDELETE "$es_url/$index" >/dev/null
  done
}

say "starting Elasticsearch (es-local) and the simulators ($events and $small events per day)"
java -jar "$eslocal" start --dir "$work/es" --fresh --heap "${ES_HEAP:-512m}" >"$work/es.out" 2>"$work/es.log" &
pids+=($!)
es_url=$(wait_for "$work/es.out" 'http://[0-9.:]+' "$!")
start_simulator "$events" sim
sim_url=$(wait_for "$work/sim.out" 'http://[0-9.:]+' "${pids[-1]}")
start_simulator "$small" sim-small
small_url=$(wait_for "$work/sim-small.out" 'http://[0-9.:]+' "${pids[-1]}")
read -r day count <<<"$(pick_day "$sim_url" "$events")"
read -r small_day small_count <<<"$(pick_day "$small_url" "$small")"
load_start=$(cut -d' ' -f1 /proc/loadavg)
say "day $day: $count events; small day $small_day: $small_count events; load $load_start on $(nproc) cores"

say "(3) connector only, --sink discard: the small day (its CPU is the fixed cost of a run), then the full day"
ingest discard-small "$small_url" "$small_day" bench-discard- --sink discard
ingest discard "$sim_url" "$day" bench-discard- --sink discard

say "(2) connector end to end into prefix bench-e2e- (and the small day into bench-small-)"
ingest e2e-small "$small_url" "$small_day" bench-small-
ingest e2e "$sim_url" "$day" bench-e2e-
e2e_docs=$(doc_count 'bench-e2e-2*')

say "(1) ceiling: the same documents as prebuilt bulk bodies, into the same (emptied) indices and templates"
id=$(curl -sf -XPOST -H "X-Auth-Token: bearer $token" -H "X-Auth-Project-Id: $space" \
  -d "{\"start\":\"$day\",\"end\":\"$day\"}" "$sim_url/v3/sessions" | json 'd["id"]')
curl -sf -H "X-Auth-Token: bearer $token" -H "X-Auth-Project-Id: $space" -H "SESSIONID: $id" \
  "$sim_url/v3/events/download" -o "$work/download.gz"
curl -sf -XDELETE -H "X-Auth-Token: bearer $token" -H "X-Auth-Project-Id: $space" "$sim_url/v3/sessions/$id" >/dev/null
java -Xmx1g -cp "$connector" bench/BulkCeiling.java prepare "$work/download.gz" "$work/bodies" bench-e2e- \
  "$batch_docs" "$batch_bytes" >"$work/prepare.json"
delete_indices 'bench-e2e-2*'
java -cp "$connector" bench/BulkCeiling.java send "$es_url" "$work/bodies" "$concurrency" >"$work/ceiling.json"
ceiling_docs=$(doc_count 'bench-e2e-2*')
load_end=$(cut -d' ' -f1 /proc/loadavg)

stamp=$(date -u +%Y%m%dT%H%M%SZ)
python3 - "$work" "$results/$stamp.json" "$events" "$count" "$small_count" "$e2e_docs" "$ceiling_docs" \
  "$load_start" "$load_end" "$concurrency" "$batch_docs" <<'PY'
import json, os, sys
work, out = sys.argv[1], sys.argv[2]
events, count, small_count, e2e_docs, ceiling_docs = map(int, sys.argv[3:8])
def load(name):
    with open(os.path.join(work, name)) as f:
        return json.load(f)
def rate(name):
    with open(os.path.join(work, name + ".rate")) as f:
        return int(f.read().strip())
ceiling = load("ceiling.json")
e2e, e2e_small, discard, discard_small = (load(n + ".json") for n in ("e2e", "e2e-small", "discard", "discard-small"))
r = {
    "events_requested": events, "events": count, "events_small": small_count,
    "cores": os.cpu_count(), "load_avg_start": float(sys.argv[8]), "load_avg_end": float(sys.argv[9]),
    "concurrency": int(sys.argv[10]), "batch_docs": int(sys.argv[11]),
    "ceiling": {**ceiling, "docs_in_index": ceiling_docs, "prepare": load("prepare.json")},
    "end_to_end": {"events_per_s": rate("e2e"), "ratio_to_ceiling": round(rate("e2e") / ceiling["events_per_s"], 3),
                   "docs_in_index": e2e_docs, **e2e},
    "connector_only": {"events_per_s": rate("discard"),
                       "cpu_s_per_million": round(discard["cpu_s"] * 1e6 / count, 2),
                       # the small run's CPU is the fixed cost (JVM start, JIT, session): the rest is per event
                       "marginal_cpu_s_per_million": round((discard["cpu_s"] - discard_small["cpu_s"]) * 1e6
                                                           / (count - small_count), 2), **discard},
    "connector_only_small": {"events_per_s": rate("discard-small"), **discard_small},
    "memory": {str(small_count): {k: e2e_small.get(k) for k in ("peak_rss_mb", "peak_heap_mb", "peak_heap_after_gc_mb")},
               str(count): {k: e2e.get(k) for k in ("peak_rss_mb", "peak_heap_mb", "peak_heap_after_gc_mb")},
               "discard_" + str(small_count): {k: discard_small.get(k) for k in ("peak_rss_mb", "peak_heap_mb")},
               "discard_" + str(count): {k: discard.get(k) for k in ("peak_rss_mb", "peak_heap_mb")}},
}
with open(out, "w") as f:
    json.dump(r, f, indent=2)
c, e, d = r["ceiling"], r["end_to_end"], r["connector_only"]
print(f"at-connector benchmark: {count:,} events (~1 KB), {r['cores']} cores, load {r['load_avg_start']} -> {r['load_avg_end']}")
print(f"{'measure':44} {'events/s':>10}  notes")
print(f"{'(1) ES ceiling, prebuilt _bulk bodies':44} {c['events_per_s']:>10,.0f}  {c['docs']:,} docs, {c['requests']} requests, concurrency {c['concurrency']}")
print(f"{'(2) at-connector end to end':44} {e['events_per_s']:>10,}  ratio {e['ratio_to_ceiling']} (target >= 0.9), {e2e_docs:,} docs")
print(f"{'(3) at-connector, indexing off':44} {d['events_per_s']:>10,}  {d['cpu_s_per_million']} CPU s per million events "
      f"({d['marginal_cpu_s_per_million']} beyond the fixed cost of a run; 150,000 ev/s = 6.7)")
print(f"{'    CPU s by thread group':44} {'':>10}  {d.get('cpu_s_by_thread_group')}")
for label, m in (("(4) memory, end to end, %d events" % small_count, e2e_small), ("(4) memory, end to end, %d events" % count, e2e)):
    print(f"{label:44} {'':>10}  peak RSS {m['peak_rss_mb']} MB (target <= 300), peak heap {m.get('peak_heap_mb')} MB of -Xmx128m")
print(f"results: {out}")
PY
