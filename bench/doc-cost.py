"""Mapping variants and the table of bench/doc-cost.sh (issue 13: what our document costs Elasticsearch, field group
by field group). Standard library only.

  python3 bench/doc-cost.py variants OURS_SIMULATED.json RAW_SIMULATED.json OUT_DIR [no-match-only-text]
      writes OUT_DIR/<variant>.json (settings + mappings of a create-index request) for every variant; with
      no-match-only-text (a distribution without the mapper-extras module, as es-local's) `message` is mapped as
      what match_only_text indexes: text with index_options docs and no norms (match_only_text also drops positions
      and frequencies; its phrase queries read _source instead)
  python3 bench/doc-cost.py table WORK_DIR EVENTS OUT.json
      reads WORK_DIR/runs/<variant>.<round>.json and prints the table (median of the rounds)
"""
import copy
import json
import os
import statistics
import sys

AT = ("ibmcloud", "activity_tracker")  # the vendor namespace of our document


def props(mapping, *path):
    node = mapping
    for name in path:
        node = node["properties"][name]
    return node


def stored_only(kind="keyword"):
    # kept in _source, neither indexed nor in doc values; an explicit mapping, so that a dynamic object does not map
    # the field again on its own
    return {"type": kind, "index": False, "doc_values": False}


def request_response_disabled(m):
    at = props(m, *AT)
    for name in ("request_data", "response_data"):
        at["properties"][name] = {"type": "object", "enabled": False}


def no_text_keywords(m):
    at = props(m, *AT)
    for name in ("request_data_text", "response_data_text"):
        at["properties"][name] = stored_only()


MATCH_ONLY_TEXT = {"type": "match_only_text"}


def message_match_only_text(m):
    m["properties"]["message"] = dict(MATCH_ONLY_TEXT)


def no_user_agent_text(m):
    ua = props(m, "user_agent", "original")
    ua.pop("fields", None)


OURS_VARIANTS = [
    ("ours", "ours as shipped (@mappings v4: no message.keyword)", []),
    ("ours-rd-disabled", "request_data/response_data disabled objects, not flattened", [request_response_disabled]),
    ("ours-no-text", "no request_data_text/response_data_text keywords", [no_text_keywords]),
    ("ours-message-mot", "message as match_only_text (or its docs-only stand-in), no message.keyword", [message_match_only_text]),
    ("ours-no-ua-text", "no user_agent.original.text", [no_user_agent_text]),
    ("ours-all", "all four changes above", [request_response_disabled, no_text_keywords, message_match_only_text,
                                            no_user_agent_text]),
]


def create_body(simulated):
    template = simulated["template"]
    settings = copy.deepcopy(template.get("settings", {}))
    settings.get("index", {}).pop("lifecycle", None)  # no ILM policy needed for a measurement
    return {"settings": settings, "mappings": copy.deepcopy(template["mappings"])}


def variants(ours_file, raw_file, out_dir, no_match_only_text=False):
    if no_match_only_text:
        MATCH_ONLY_TEXT.clear()
        MATCH_ONLY_TEXT.update({"type": "text", "index_options": "docs", "norms": False})
    os.makedirs(out_dir, exist_ok=True)
    with open(ours_file) as f:
        ours = create_body(json.load(f))
    with open(raw_file) as f:
        raw = create_body(json.load(f))
    names = []
    for name, _, changes in OURS_VARIANTS:
        body = copy.deepcopy(ours)
        for change in changes:
            change(body["mappings"])
        with open(os.path.join(out_dir, name + ".json"), "w") as f:
            json.dump(body, f)
        names.append(name)
    with open(os.path.join(out_dir, "raw.json"), "w") as f:
        json.dump(raw, f)
    names.append("raw")
    print(" ".join(names))


def table(work, events, out):
    runs_dir = os.path.join(work, "runs")
    runs = {}
    for file in sorted(os.listdir(runs_dir)):
        name, _round, _ = file.rsplit(".", 2)
        with open(os.path.join(runs_dir, file)) as f:
            runs.setdefault(name, []).append(json.load(f))
    labels = {name: label for name, label, _ in OURS_VARIANTS}
    labels["raw"] = "raw CADF events, fields indexed as in run.sh"
    rows = []
    for name in [n for n, _, _ in OURS_VARIANTS] + ["raw"]:
        if name not in runs:
            continue
        rs = runs[name]
        docs = rs[0]["docs"]
        rows.append({
            "variant": name, "label": labels[name], "rounds": len(rs), "docs": docs,
            "es_cpu_us_per_event": [round(r["es_cpu_ms"] * 1000 / r["docs"], 1) for r in rs],
            "es_cpu_us_per_event_median": round(statistics.median(r["es_cpu_ms"] * 1000 / r["docs"] for r in rs), 1),
            "merged_store_bytes_per_doc": round(statistics.median(r["merged_store_bytes"] / r["docs"] for r in rs), 1),
            "store_bytes_per_doc": round(statistics.median(r["store_bytes"] / r["docs"] for r in rs), 1),
            "failed_items": sum(r["failed_items"] for r in rs),
        })
    base = next((r for r in rows if r["variant"] == "ours"), None)
    raw = next((r for r in rows if r["variant"] == "raw"), None)
    print(f"doc-cost: {events} events per day; ES process CPU of bulk + refresh + flush per event (each round), "
          f"store after a force merge to one segment")
    print(f"{'variant':<18} {'ES CPU-us/event (rounds)':<26} {'median':>7} {'vs ours':>8} {'vs raw':>7} "
          f"{'merged B/doc':>12} {'vs raw':>7}  what")
    for r in rows:
        cpu = r["es_cpu_us_per_event_median"]
        vs_ours = f"{cpu / base['es_cpu_us_per_event_median']:.2f}x" if base else "-"
        vs_raw = f"{cpu / raw['es_cpu_us_per_event_median']:.2f}x" if raw else "-"
        store_vs_raw = f"{r['merged_store_bytes_per_doc'] / raw['merged_store_bytes_per_doc']:.2f}x" if raw else "-"
        rounds = " ".join(str(x) for x in r["es_cpu_us_per_event"])
        print(f"{r['variant']:<18} {rounds:<26} {cpu:>7} {vs_ours:>8} {vs_raw:>7} "
              f"{r['merged_store_bytes_per_doc']:>12} {store_vs_raw:>7}  {r['label']}"
              + (f"  ({r['failed_items']} FAILED ITEMS)" if r["failed_items"] else ""))
    with open(out, "w") as f:
        json.dump({"events": events, "load": open("/proc/loadavg").read().split()[0], "rows": rows}, f, indent=1)


if __name__ == "__main__":
    if len(sys.argv) in (5, 6) and sys.argv[1] == "variants":
        variants(*sys.argv[2:5], no_match_only_text=sys.argv[5:] == ["no-match-only-text"])
    elif len(sys.argv) == 5 and sys.argv[1] == "table":
        table(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        sys.exit("usage: doc-cost.py variants OURS_SIMULATED.json RAW_SIMULATED.json OUT_DIR [no-match-only-text] | "
                 "table WORK_DIR EVENTS OUT.json")
