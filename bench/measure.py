#!/usr/bin/env python3
"""Runs one command and writes what it cost as JSON: wall seconds, user+system CPU seconds and peak RSS (from
wait4's rusage of exactly that process), plus the peak heap before and after GC from a -Xlog:gc file if given.
Usage: measure.py OUT.json [--gc-log FILE] -- command args...   (stdout/stderr of the command pass through)"""
import json, os, re, subprocess, sys, time

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
    _, status, usage = os.wait4(proc.pid, 0)
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
