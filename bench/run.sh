#!/usr/bin/env bash
# The benchmark of issues 8 and 13: one simulator day of EVENTS ~1 KB events, one real Elasticsearch (es-local), the
# connector's own index templates for every index, and in one run:
#   ceiling-raw   prebuilt _bulk bodies of the raw downloaded events (each gunzipped line as-is)
#   ceiling-ours  prebuilt _bulk bodies of the documents the connector wrote (read back from its index)
#   node-peer     Elastic's Node.js client helpers.bulk fed by zlib gunzip + readline (bench/node-peer/peer.js)
#   java-peer     the official Java client's BulkIngester fed by GZIPInputStream + readTree (bench/BulkIngesterPeer.java)
#   connector     at-connector ingest end to end, -Xmx128m; and with indexing off (--sink discard); at EVENTS and EVENTS/10
# then prints one table with every rate and every ratio issue 13 sets a target for, and writes
# bench/results/<timestamp>.json. See bench/README.md.
#   bench/run.sh [EVENTS]        default 1000000 (issue 13's targets: at least 300000; its RSS target: 1000000)
# Environment: CONCURRENCY (2) and BATCH_DOCS (2000): bulk requests in flight and documents per request, for the
# connector and both ceilings (the peers keep their clients' defaults); ES_HEAP (512m); START_TIMEOUT (900 s for
# ES and the simulators); SKIP_BUILD=1 reuses the jars and node_modules; KEEP=1 keeps the bulk bodies and download.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
events="${1:-1000000}"
if ! [[ $events =~ ^[1-9][0-9]*$ && $events -ge 1000 ]]; then
  echo "bench: EVENTS '$events' is not a whole number of at least 1000: run bench/run.sh [EVENTS], e.g. 300000" >&2
  exit 2
fi
small=$((events / 10))
concurrency="${CONCURRENCY:-2}"
batch_docs="${BATCH_DOCS:-2000}"
batch_bytes=$((5 * 1024 * 1024))
connector=connector/target/at-connector.jar
simulator=simulator/target/at-simulator.jar
eslocal=es-local/target/es-local.jar
classpath_file=connector/target/bench-classpath.txt # the connector's runtime jars: ES Java client, Jackson
work="$root/target/bench"
results="$root/bench/results"
token=bench-token
space=bench-space

say() { echo "bench: [$(date -u +%T)] $*" >&2; }
for tool in java javac node npm curl python3; do
  command -v "$tool" >/dev/null || { say "needs $tool on the PATH (java 17, node 18+ with npm, curl, python3)"; exit 2; }
done

# always (re)build: jars left from an older checkout would measure old code (SKIP_BUILD=1 to reuse them)
if [[ "${SKIP_BUILD:-}" != 1 || ! -f $connector || ! -f $simulator || ! -f $eslocal || ! -f $classpath_file ]]; then
  say "building the jars and the peers' classpath (./mvnw -B -q package -DskipTests dependency:build-classpath)"
  ./mvnw -B -q package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
    -Dmdep.includeScope=runtime
fi
if [[ "${SKIP_BUILD:-}" != 1 || ! -d bench/node-peer/node_modules ]]; then
  say "installing the Node.js peer's client from the npm registry (npm ci in bench/node-peer)"
  (cd bench/node-peer && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
    || { say "npm ci failed in bench/node-peer: is the npm registry reachable (npm ping)?"; exit 1; }
fi
rm -rf "$work"; mkdir -p "$work/classes" "$results"
# the connector's runtime jars without logback: with logback and no logback.xml (the connector's own is in its jar,
# not here) the Java peer would log every byte on the wire at DEBUG; without it SLF4J stays silent, as in a script
libraries=$(tr ':' '\n' <"$classpath_file" | grep -v '/logback-' | paste -sd: -)
# compiled once, before anything starts: a mistake fails here, and no measured CPU goes to compiling source files
javac -cp "$libraries" -d "$work/classes" bench/BulkCeiling.java bench/BulkIngesterPeer.java
classpath="$work/classes:$libraries"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [[ ${KEEP:-0} == 1 ]] || rm -rf "$work/bodies-raw" "$work/bodies-ours" "$work/download.gz"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for() { # FILE REGEX PID: prints the first match once it appears (Elasticsearch may take minutes under load)
  local deadline=$((SECONDS + ${START_TIMEOUT:-900}))
  while ((SECONDS < deadline)); do
    grep -m1 -oE "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || break
    sleep 0.1
  done
  say "'$2' not seen in $1"; tail -20 "$1" >&2; return 1
}
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
  say "no day with $2 events"; return 1
}

es_cpu_ms() { # Elasticsearch's process CPU so far, milliseconds (one node)
  curl -sf "$es_url/_nodes/_local/stats/process" | json 'list(d["nodes"].values())[0]["process"]["cpu"]["total_in_millis"]'
}

measured() { # NAME command...: runs it under measure.py (its CPU, peak RSS, GC peak), stdout to NAME.out, and
  # records Elasticsearch's CPU during it in NAME.es_cpu_ms
  local name=$1 cpu0; shift
  cpu0=$(es_cpu_ms)
  python3 bench/measure.py "$work/$name.json" --gc-log "$work/$name.gc.log" -- "$@" >"$work/$name.out" \
    2>"$work/$name.log" || { say "$name failed: see $work/$name.log"; tail -5 "$work/$name.log" "$work/$name.out" >&2; return 1; }
  echo $(($(es_cpu_ms) - cpu0)) >"$work/$name.es_cpu_ms"
}

ingest() { # NAME SIM_URL DAY PREFIX [extra ingest args...]: the connector, -Xmx128m, under measure.py; through
  # its launcher, as users run it (its JVM memory defaults; it execs java, so measure.py sees the JVM's own rusage)
  local name=$1 sim=$2 day=$3 prefix=$4; shift 4
  AT_TOKEN=$token AT_JAVA_OPTS="-Xmx128m -Xlog:gc:file=$work/$name.gc.log" measured "$name" bin/at-connector ingest \
    --endpoint "$sim" --space "$space" --es-url "$es_url" --start "$day" --end "$day" --index-prefix "$prefix" \
    --destination monthly --no-es-compress --batch-docs "$batch_docs" --concurrency "$concurrency" "$@"
  grep -q ' events_per_s=' "$work/$name.out" || { say "$name printed no summary: see $work/$name.out"; return 1; }
}

index_stats() { # NAME PATTERN [merge]: docs and primary store bytes after refresh + flush (and after a force merge
  # to one segment with 'merge': a figure that does not depend on when merges happened to run) -> NAME.store.json
  local name=$1 pattern=$2 merged=None stats
  curl -sf -XPOST "$es_url/$pattern/_refresh" >/dev/null
  curl -sf -XPOST "$es_url/$pattern/_flush" >/dev/null
  stats=$(curl -sf "$es_url/$pattern/_stats/docs,store")
  if [[ ${3:-} == merge ]]; then
    curl -sf -XPOST "$es_url/$pattern/_forcemerge?max_num_segments=1" >/dev/null
    merged=$(curl -sf "$es_url/$pattern/_stats/store" | json 'd["_all"]["primaries"]["store"]["size_in_bytes"]')
  fi
  echo "$stats" | json "json.dumps({'docs': d['_all']['primaries']['docs']['count'],
    'store_bytes': d['_all']['primaries']['store']['size_in_bytes'], 'merged_store_bytes': $merged})" \
    >"$work/$name.store.json"
  local docs; docs=$(json 'd["docs"]' <"$work/$name.store.json")
  [[ $docs == "$count" ]] || say "WARNING: $pattern holds $docs documents, not the day's $count (see $work/$name.log)"
}

delete_indices() { # PATTERN: by exact names (wildcard deletes are refused by default)
  for index in $(curl -sf "$es_url/_cat/indices/$1?h=index"); do
    curl -sf -XDELETE "$es_url/$index" >/dev/null
  done
}

install_templates() { # PREFIX: the connector's own templates for PREFIX, as `at-connector setup` installs them
  java -jar "$connector" setup --es-url "$es_url" --index-prefix "$1" --destination monthly >"$work/setup-$1.log" 2>&1 \
    || { say "at-connector setup --index-prefix $1 failed:"; tail -5 "$work/setup-$1.log" >&2; return 1; }
}
# The raw events' fields indexed, for the raw ceiling and both peers (PEER_MAPPING=indexed, the default): since template
# version 3 the template maps the ECS-first document only (root `dynamic: false`), so a raw CADF event put through it
# as is gets nothing but its _id indexed, and "the same mapping" of issue 13 (measured on template version 2, which
# mapped the CADF fields at the root) would compare a document that is searched with one that is merely stored. The
# user's own hook, <name>@custom, turns the root dynamic again: every raw field is then indexed under the template's
# own rule (strings as keyword, ignore_above 1024), as version 2 did, which also kept requestData and responseData as
# disabled objects (they are a JSON object in some events and a JSON string in others, so no dynamic mapping takes both;
# ours index them, so this errs in the peers' favour). PEER_MAPPING=stored keeps the template as is.
peer_mapping="${PEER_MAPPING:-indexed}"
index_raw_fields() { # PREFIX
  [[ $peer_mapping == indexed ]] || return 0
  curl -sf -XPUT "$es_url/_component_template/${1%-}@custom" -H 'Content-Type: application/json' \
    -d '{"template":{"mappings":{"dynamic":true,"properties":{"requestData":{"type":"object","enabled":false},
"responseData":{"type":"object","enabled":false}}}},"_meta":{"managed_by":"bench/run.sh"}}' >/dev/null \
    || { say "could not put ${1%-}@custom (dynamic root mapping for the raw events)"; return 1; }
}

say "starting Elasticsearch (es-local) and the simulators ($events and $small events per day)"
java -jar "$eslocal" start --dir "$work/es" --fresh --heap "${ES_HEAP:-512m}" --timeout-seconds "${START_TIMEOUT:-900}" >"$work/es.out" 2>"$work/es.log" &
pids+=($!)
es_url=$(wait_for "$work/es.out" 'http://[0-9.:]+' "$!")
start_simulator "$events" sim
sim_url=$(wait_for "$work/sim.out" 'http://[0-9.:]+' "${pids[-1]}")
start_simulator "$small" sim-small
small_url=$(wait_for "$work/sim-small.out" 'http://[0-9.:]+' "${pids[-1]}")
read -r day count <<<"$(pick_day "$sim_url" "$events")"
read -r small_day small_count <<<"$(pick_day "$small_url" "$small")"
month="${day:0:4}.${day:5:2}" # the connector's monthly index suffix; the peers and the raw ceiling write there too
load_start=$(cut -d' ' -f1 /proc/loadavg)
say "day $day: $count events; small day $small_day: $small_count events; load $load_start on $(nproc) cores"

say "at-connector, indexing off (--sink discard): the small day (its CPU is the fixed cost of a run), then the day"
ingest discard-small "$small_url" "$small_day" bench-discard- --sink discard
ingest discard "$sim_url" "$day" bench-discard- --sink discard

say "at-connector end to end: the small day into bench-small-, then the day into bench-e2e-"
ingest e2e-small "$small_url" "$small_day" bench-small-
delete_indices 'bench-small-2*'
ingest e2e "$sim_url" "$day" bench-e2e-
index_stats e2e 'bench-e2e-2*'
if [[ $(json 'd["docs"]' <"$work/e2e.store.json") == 0 ]]; then
  say "the connector's documents are not in bench-e2e-2* (did its index names change?): cannot build our ceiling"
  exit 1
fi

say "ceiling of our documents: the connector's _sources read back, then bulk-loaded again into its emptied indices"
java -cp "$classpath" BulkCeiling export "$es_url" 'bench-e2e-2*' "$work/bodies-ours" "$batch_docs" \
  "$batch_bytes" >"$work/bodies-ours.json"
delete_indices 'bench-e2e-2*'
measured ceiling-ours java -cp "$classpath" BulkCeiling send "$es_url" "$work/bodies-ours" "$concurrency"
index_stats ceiling-ours 'bench-e2e-2*' merge
delete_indices 'bench-e2e-2*'
[[ ${KEEP:-0} == 1 ]] || rm -rf "$work/bodies-ours"

say "ceiling of the raw events: the day's download, each line as-is, into bench-raw-$month"
id=$(curl -sf -XPOST -H "X-Auth-Token: bearer $token" -H "X-Auth-Project-Id: $space" \
  -d "{\"start\":\"$day\",\"end\":\"$day\"}" "$sim_url/v3/sessions" | json 'd["id"]')
curl -sf -H "X-Auth-Token: bearer $token" -H "X-Auth-Project-Id: $space" -H "SESSIONID: $id" \
  "$sim_url/v3/events/download" -o "$work/download.gz"
curl -sf -XDELETE -H "X-Auth-Token: bearer $token" -H "X-Auth-Project-Id: $space" "$sim_url/v3/sessions/$id" >/dev/null
java -cp "$classpath" BulkCeiling raw "$work/download.gz" "$work/bodies-raw" "bench-raw-$month" \
  "$batch_docs" "$batch_bytes" >"$work/bodies-raw.json"
install_templates bench-raw-
index_raw_fields bench-raw-
measured ceiling-raw java -cp "$classpath" BulkCeiling send "$es_url" "$work/bodies-raw" "$concurrency"
index_stats ceiling-raw 'bench-raw-2*' merge
delete_indices 'bench-raw-2*'

say "peer A: the Java client's BulkIngester, into bench-java-$month"
install_templates bench-java-
index_raw_fields bench-java-
measured java-peer java -cp "$classpath" BulkIngesterPeer "$sim_url" "$token" "$space" "$day" "$es_url" \
  "bench-java-$month"
index_stats java-peer 'bench-java-2*'
delete_indices 'bench-java-2*'

say "peer B: the Node.js client's helpers.bulk, into bench-node-$month"
install_templates bench-node-
index_raw_fields bench-node-
measured node-peer node bench/node-peer/peer.js "$sim_url" "$token" "$space" "$day" "$es_url" "bench-node-$month"
index_stats node-peer 'bench-node-2*'
delete_indices 'bench-node-2*'
load_end=$(cut -d' ' -f1 /proc/loadavg)

stamp=$(date -u +%Y%m%dT%H%M%SZ)
python3 bench/report.py "$work" "$results/$stamp.json" "$events" "$count" "$small_count" "$load_start" "$load_end" \
  "$concurrency" "$batch_docs" "$peer_mapping"
say "done in $((SECONDS / 60)) min $((SECONDS % 60)) s"
