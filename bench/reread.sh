#!/usr/bin/env bash
# Issue 14: the cost of an exact re-read on a data stream. One simulator day of EVENTS events is read into the data
# stream logs-ibmcloud.activity_tracker-bench (first read), the stream is rolled over, and the day is read again with
# --reread: every document is then looked up across both backing indices before it is written (one ids search per
# bulk batch). Prints both wall times, their ratio, and the bulk/search requests Elasticsearch counted for each.
#   bench/reread.sh [EVENTS]     default 100000 (the issue asks for 1,000,000; run that on an idle machine)
# Environment: BATCH_DOCS (2000), CONCURRENCY (2), ES_HEAP (512m), SKIP_BUILD=1 to reuse the jars.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" reread
events="${1:-100000}"
batch_docs="${BATCH_DOCS:-2000}"
concurrency="${CONCURRENCY:-2}"
work="$root/target/bench-reread"
ns=bench
stream=logs-ibmcloud.activity_tracker-$ns

build_jars
rm -rf "$work"; mkdir -p "$work"
start_es
start_simulator "$events" sim sim_url
day=2019-06-03

stats() { # "bulk_requests search_queries"
  curl -s "$es_url/_nodes/stats/indices/search,indexing?filter_path=nodes.*.indices" | json \
    '" ".join(str(sum(n["indices"][k][f] for n in d["nodes"].values())) for k, f in (("indexing","index_total"),("search","query_total")))'
}
run() { # NAME [args]
  local name=$1; shift
  local before t0 t1
  before=$(stats); t0=$(date +%s.%N)
  AT_TOKEN=$token java -Xmx128m -jar "$connector" ingest --endpoint "$sim_url" --space "$space" --es-url "$es_url" \
    --start "$day" --end "$day" --namespace "$ns" --no-es-compress --batch-docs "$batch_docs" \
    --concurrency "$concurrency" --checkpoint-index bench-checkpoints "$@" >"$work/$name.summary" 2>"$work/$name.log"
  t1=$(date +%s.%N)
  read -r b0 s0 <<<"$before"; read -r b1 s1 <<<"$(stats)"
  python3 -c "print('$name: %.1f s, %d docs indexed by ES, %d search queries (per shard), summary: %s' % ($t1 - $t0, $b1 - $b0, $s1 - $s0, open('$work/$name.summary').read().strip().splitlines()[-1]))"
  echo "$t0 $t1" >"$work/$name.t"
}
run first
curl -s -X POST "$es_url/$stream/_rollover" >/dev/null
run reread --reread
python3 - "$work" <<'PY'
import sys
w = sys.argv[1]
def secs(n):
    a, b = open(f"{w}/{n}.t").read().split()
    return float(b) - float(a)
f, r = secs("first"), secs("reread")
print("reread/first = %.2f" % (r / f))
PY
