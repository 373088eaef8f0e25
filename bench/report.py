#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench/report.py RESULTS.CSV: print ipcbench results as one table per size.

For each payload size: median and p99 round-trip time of every mechanism,
and the ratio of its median to stapler's (above 1: stapler is faster).
The '#' metadata lines of the CSV (host load, guest CPUs, ...) are printed
first.  Rows of the first pin mode in the file make the main tables; rows
of other pin modes (the unpinned pass) follow in tables of their own.
load() and the helpers are shared with plot.py.
"""
import csv
import sys

ORDER = ["stplr", "pipe", "unix", "binder", "stplr-oneway"]
LABELS = {
    "stplr": "stapler send/receive/reply",
    "pipe": "pipe pair",
    "unix": "UNIX socketpair (stream)",
    "binder": "Android binder",
    "stplr-oneway": "stapler one-way send",
}
TCG_NOTE = ("Guest under QEMU TCG emulation: absolute times are NOT "
            "real-hardware numbers;\ncompare mechanisms by ratio within "
            "one run.")


def size_label(n):
    if n >= 1 << 20 and n % (1 << 20) == 0:
        return "%d MiB" % (n >> 20)
    if n >= 1 << 10 and n % (1 << 10) == 0:
        return "%d KiB" % (n >> 10)
    return "%d B" % n


def load(path):
    """Return (meta: list of (key, value), rows: list of dicts)."""
    meta, lines = [], []
    with open(path, newline="") as f:
        for line in f:
            if line.startswith("#"):
                key, _, value = line[1:].strip().partition("=")
                meta.append((key.strip(), value.strip()))
            elif line.strip():
                lines.append(line)
    rows = []
    header = lines[:1]
    lines = header + [x for x in lines[1:] if x != header[0]]
    for r in csv.DictReader(lines):
        r.setdefault("pin", "none")
        r["size"] = int(r["size"])
        r["iters"] = int(r["iters"])
        for k in ("median_us", "p99_us", "mean_us", "min_us", "max_us",
                  "seconds"):
            r[k] = float(r[k])
        rows.append(r)
    return meta, rows


def pin_modes(rows):
    """Pin modes in file order: the first one is the main pass."""
    out = []
    for r in rows:
        if r["pin"] not in out:
            out.append(r["pin"])
    return out


PIN_TEXT = {
    "same": "client and all servers pinned to vCPU 0",
    "none": "no pinning: the scheduler places the processes on the vCPUs",
    "split": "client on vCPU 0, servers on vCPU 1",
}


def mech_order(rows):
    seen = {r["mech"] for r in rows}
    return [m for m in ORDER if m in seen] + sorted(seen - set(ORDER))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: report.py RESULTS.CSV")
    meta, rows = load(sys.argv[1])
    print("stapler IPC benchmark: round trip of one synchronous request/reply")
    print("(request of SIZE bytes, reply of the same SIZE bytes; one-way: "
          "request only, time until received)")
    print()
    print(TCG_NOTE)
    print()
    for key, value in meta:
        print("  %-20s %s" % (key, value))
    for n, pin in enumerate(pin_modes(rows)):
        print()
        print("=" * 78)
        print("%s: %s" % ("MAIN TABLES" if n == 0 else "ALSO MEASURED",
                          PIN_TEXT.get(pin, "pin mode " + pin)))
        print("=" * 78)
        tables([r for r in rows if r["pin"] == pin])
    missing = [v for k, v in meta if k.endswith(("unavailable", "failed"))]
    if missing:
        print()
        for v in sorted(set(missing)):
            print("NOT MEASURED: " + v)


def tables(rows):
    mechs = mech_order(rows)
    by = {(r["mech"], r["size"]): r for r in rows}
    for size in sorted({r["size"] for r in rows}):
        base = by.get(("stplr", size))
        print()
        print("size %s (%d bytes)" % (size_label(size), size))
        print("  %-28s %12s %12s %13s %9s" %
              ("mechanism", "median us", "p99 us", "median/stplr", "iters"))
        for m in mechs:
            r = by.get((m, size))
            if r is None:
                continue
            ratio = ("%.2f" % (r["median_us"] / base["median_us"])
                     if base else "-")
            print("  %-28s %12.1f %12.1f %13s %9d" %
                  (LABELS.get(m, m), r["median_us"], r["p99_us"], ratio,
                   r["iters"]))


if __name__ == "__main__":
    main()
