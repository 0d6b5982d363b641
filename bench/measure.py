#!/usr/bin/env python3
"""Runs one command and writes what it cost as JSON: wall seconds, user+system CPU seconds and peak RSS (from
wait4's rusage of exactly that process), plus the peak heap before and after GC from a -Xlog:gc file if given.
Usage: measure.py OUT.json [--gc-log FILE] -- command args...   (stdout/stderr of the command pass through)"""
import json, os, re, subprocess, sys, time

GROUPS = [("jit", re.compile(r"C\d CompilerThre|Compiler")), ("gc", re.compile(r"^G1|^GC Thread|VM Thread")),
          ("decode (reactor-http)", re.compile(r"^reactor-http")), ("sink (parallel)", re.compile(r"^parallel")),
          ("main", re.compile(r"^(java|main)$"))]


def sample_threads(pid, threads):
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat", encoding="utf-8") as f:
                stat = f.read()
        except OSError:
            continue  # the thread ended
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        cpu = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        group = next((g for g, pattern in GROUPS if pattern.search(name)), "other")
        threads[tid] = (group, cpu)


def main():
    args = sys.argv[1:]
    out = args.pop(0)
    gc_log = None
    if args[0] == "--gc-log":
        args.pop(0)
        gc_log = args.pop(0)
    assert args.pop(0) == "--", "usage: measure.py OUT.json [--gc-log FILE] -- command..."
    start = time.monotonic()
    proc = subprocess.Popen(args)
    threads = {}  # tid -> (group, cpu ticks), last seen: JIT and GC threads are the JVM's, not the pipeline's
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        sample_threads(proc.pid, threads)
        time.sleep(0.5)
    wall = time.monotonic() - start
    result = {
        "exit": os.waitstatus_to_exitcode(status),
        "wall_s": round(wall, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "user_s": round(usage.ru_utime, 3),
        "sys_s": round(usage.ru_stime, 3),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # Linux: kilobytes
        "load_avg_end": os.getloadavg()[0],
    }
    ticks = os.sysconf("SC_CLK_TCK")
    groups = {}
    for group, cpu in threads.values():
        groups[group] = groups.get(group, 0) + cpu
    # sampled every 0.5 s, so the last half second of each thread is missing: a breakdown, not a total
    result["cpu_s_by_thread_group"] = {g: round(c / ticks, 2) for g, c in sorted(groups.items(), key=lambda x: -x[1])}
    if gc_log and os.path.exists(gc_log):
        before, after, gcs = 0, 0, 0
        for line in open(gc_log, encoding="utf-8"):
            m = re.search(r"(\d+)M->(\d+)M\((\d+)M\)", line)
            if m:
                gcs += 1
                before = max(before, int(m.group(1)))
                after = max(after, int(m.group(2)))
        result.update(peak_heap_mb=before, peak_heap_after_gc_mb=after, gc_pauses=gcs)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f)
    sys.exit(0 if result["exit"] == 0 else 1)

main()
