# The start-up, clean-up and Elasticsearch helpers of bench/run.sh, bench/reread.sh and bench/doc-cost.sh. Sourced,
# not run: `source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" NAME` with NAME the prefix of the script's messages. It
# cds to the repository's root and sets the paths and names the scripts share; each script then sets `work`.
# Functions that start a process run in the calling shell (never in $(...)), so that its pid reaches the clean-up.
bench_name="${1:?source bench/lib.sh with the name its messages start with, e.g. bench}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
connector=connector/target/at-connector.jar
simulator=simulator/target/at-simulator.jar
eslocal=es-local/target/es-local.jar
classpath_file=connector/target/bench-classpath.txt # the connector's runtime jars: ES Java client, Jackson
results="$root/bench/results"
token=bench-token
space=bench-space
batch_bytes=$((5 * 1024 * 1024))

say() { echo "$bench_name: [$(date -u +%T)] $*" >&2; }

require_events() { # EVENTS USAGE: EVENTS must be a whole number of at least 1000, else exit 2 with USAGE
  if ! [[ $1 =~ ^[1-9][0-9]*$ && $1 -ge 1000 ]]; then
    echo "$bench_name: EVENTS '$1' is not a whole number of at least 1000: run $2" >&2
    exit 2
  fi
}

require_tools() { # HINT TOOL...: every TOOL on the PATH, else exit 2 naming it and HINT (the versions needed)
  local hint=$1 tool; shift
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { say "needs $tool on the PATH ($hint)"; exit 2; }
  done
}

# always (re)build: jars left from an older checkout would measure old code (SKIP_BUILD=1 to reuse them)
build_jars() { # [classpath]: with 'classpath', also the connector's runtime jars listed in $classpath_file
  local with_classpath=${1:-}
  if [[ "${SKIP_BUILD:-}" != 1 || ! -f $connector || ! -f $simulator || ! -f $eslocal ]] \
    || [[ -n $with_classpath && ! -f $classpath_file ]]; then
    if [[ -n $with_classpath ]]; then
      say "building the jars and the connector's runtime classpath (./mvnw -B -q package -DskipTests dependency:build-classpath)"
      ./mvnw -B -q package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
        -Dmdep.includeScope=runtime
    else
      say "building the jars (./mvnw -B -q package -DskipTests)"
      ./mvnw -B -q package -DskipTests
    fi
  fi
}

# Sets `libraries` (the connector's runtime jars without logback: with logback and no logback.xml, the connector's own
# being in its jar, not here, the ES client would log every byte on the wire at DEBUG; without it SLF4J stays silent,
# as in a script) and `classpath`, after compiling SOURCE... into $work/classes once, before anything starts: a mistake
# fails here, and no measured CPU goes to compiling source files.
compile_bench_classes() { # SOURCE...
  mkdir -p "$work/classes"
  libraries=$(tr ':' '\n' <"$classpath_file" | grep -v '/logback-' | paste -sd: -)
  javac -cp "$libraries" -d "$work/classes" "$@"
  classpath="$work/classes:$libraries"
}

# The processes started (killed and waited for on exit), and what goes on exit unless KEEP=1.
pids=()
cleanup_paths=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [[ ${KEEP:-0} == 1 || ${#cleanup_paths[@]} == 0 ]] || rm -rf "${cleanup_paths[@]}"
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

start_es() { # sets es_url: a fresh es-local in $work/es, heap ES_HEAP (512m)
  java -jar "$eslocal" start --dir "$work/es" --fresh --heap "${ES_HEAP:-512m}" --timeout-seconds "${START_TIMEOUT:-900}" \
    >"$work/es.out" 2>"$work/es.log" &
  pids+=($!)
  es_url=$(wait_for "$work/es.out" 'http://[0-9.:]+' "${pids[-1]}")
}

start_simulator() { # EVENTS_PER_DAY NAME VAR: a simulator on a free port (logs $work/NAME.*); its URL into VAR
  local url
  java -Xmx128m -jar "$simulator" --port 0 --token "$token" --events-per-day "$1" >"$work/$2.out" 2>"$work/$2.log" &
  pids+=($!)
  url=$(wait_for "$work/$2.out" 'http://[0-9.:]+' "${pids[-1]}")
  printf -v "$3" %s "$url"
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

download_day() { # SIM_URL DAY FILE: the day's gzip download through the session API (create, download, delete)
  local id
  id=$(curl -sf -XPOST -H "X-Auth-Token: bearer $token" -H "X-Auth-Project-Id: $space" \
    -d "{\"start\":\"$2\",\"end\":\"$2\"}" "$1/v3/sessions" | json 'd["id"]')
  curl -sf -H "X-Auth-Token: bearer $token" -H "X-Auth-Project-Id: $space" -H "SESSIONID: $id" \
    "$1/v3/events/download" -o "$3"
  curl -sf -XDELETE -H "X-Auth-Token: bearer $token" -H "X-Auth-Project-Id: $space" "$1/v3/sessions/$id" >/dev/null
}

es_cpu_ms() { # Elasticsearch's process CPU so far, milliseconds (one node)
  curl -sf "$es_url/_nodes/_local/stats/process" | json 'list(d["nodes"].values())[0]["process"]["cpu"]["total_in_millis"]'
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

# The raw events' fields indexed (bench/run.sh says why): the user's own hook, <name>@custom, turns the template's
# root dynamic again, so that every raw field is indexed under the template's own rule (strings as keyword,
# ignore_above 1024); requestData and responseData stay disabled objects (an object in some events, a string in others).
index_raw_fields() { # PREFIX; nothing when the script set peer_mapping to other than 'indexed' (run.sh's PEER_MAPPING)
  [[ ${peer_mapping:-indexed} == indexed ]] || return 0
  curl -sf -XPUT "$es_url/_component_template/${1%-}@custom" -H 'Content-Type: application/json' \
    -d '{"template":{"mappings":{"dynamic":true,"properties":{"requestData":{"type":"object","enabled":false},
"responseData":{"type":"object","enabled":false}}}},"_meta":{"managed_by":"bench/'"$(basename "$0")"'"}}' >/dev/null \
    || { say "could not put ${1%-}@custom (dynamic root mapping for the raw events)"; return 1; }
}
