#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""bench/trace-report.py TRACE.CSV: per-call event counts as Markdown.

Reads bench/trace-breakdown's trace.csv (one line per mechanism, size,
pin mode and metric, with the totals over N calls) and prints one table
per (pin mode, size): a row per metric, a column per mechanism, each cell
the count divided by N.  Syscalls are also split into client and server.
"""
import csv
import sys

ORDER = ["stplr", "stplr-oneway", "stplr-pulse", "pipe", "unix-stream",
         "unix-seqpacket", "futex-shm", "mqueue", "binder", "pvm"]
METRICS = [
    ("syscalls", "syscalls (without the timing's clock_gettime)"),
    ("syscalls_c", "  of which client"),
    ("syscalls_s", "  of which server"),
    ("poll_syscalls", "benchmark polling (sched_yield, nanosleep)"),
    ("switches", "context switches"),
    ("to_idle", "  of which to idle"),
    ("wakeups", "wake-ups"),
    ("wakeups_remote", "  of which for another CPU"),
    ("migrations", "CPU migrations"),
    ("allocs", "slab allocations (kmalloc, kmem_cache_alloc)"),
    ("page_allocs", "page allocations"),
    ("mmap_lock", "mmap-lock acquisitions"),
    ("pins", "page-pin calls (pin/get_user_pages*)"),
    ("unpins", "unpin calls"),
    ("spinlocks", "spinlock acquisitions"),
    ("sleeplocks", "mutex / rwsem acquisitions"),
]


def size_label(s):
    n = int(s[:-1]) << (10 if s[-1] in "kK" else 20) if s[-1] in "kKmM" else int(s)
    if n >= 1 << 20:
        return "%d MiB" % (n >> 20)
    if n >= 1 << 10:
        return "%d KiB" % (n >> 10)
    return "%d B" % n


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: trace-report.py TRACE.CSV")
    meta, lines = [], []
    with open(sys.argv[1]) as f:
        for line in f:
            if line.startswith("#"):
                meta.append(line[1:].strip())
            elif line.strip():
                lines.append(line)
    data, us, groups = {}, {}, []
    for r in csv.DictReader(lines):
        col = r["mech"] + (" one-way" if r["oneway"] == "oneway" else "")
        g = (r["pin"], r["size"])
        if g not in groups:
            groups.append(g)
        n = float(r["n"])
        data[(g, col, r["metric"])] = float(r["total"]) / n
        data[(g, col, r["metric"] + "_c")] = float(r["client"]) / n
        data[(g, col, r["metric"] + "_s")] = float(r["server"]) / n
        us[(g, col)] = r["us_per_call"]
    print("## Where the time goes: events per call (ftrace in the guest)\n")
    for m in meta:
        print("- " + m)
    print()
    for g in groups:
        cols = sorted({c for (gg, c, _) in data if gg == g},
                      key=lambda c: (ORDER.index(c.split()[0])
                                     if c.split()[0] in ORDER else 99, c))
        pin = "pinned to one vCPU" if g[0] == "same" else "unpinned" \
            if g[0] == "none" else "pin " + g[0]
        print("### %s, %s (per round trip; one-way: per message)\n"
              % (size_label(g[1]), pin))
        print("| per call | " + " | ".join(cols) + " |")
        print("|---|" + "---:|" * len(cols))
        for key, label in METRICS:
            vals = []
            for c in cols:
                v = data.get((g, c, key))
                vals.append("-" if v is None else ("%.1f" % v if v < 100 else "%.0f" % v))
            print("| %s | %s |" % (label, " | ".join(vals)))
        print("| us per call while traced (TCG, rough) | %s |\n"
              % " | ".join("%.0f" % float(us[(g, c)]) if us.get((g, c)) else "-"
                           for c in cols))


if __name__ == "__main__":
    main()
