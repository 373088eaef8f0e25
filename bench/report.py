#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""bench/report.py RESULTS.CSV: ipcbench results as Markdown tables.

For each pass (pin mode): round-trip latency (median, p99, p99.9), the
ratio of every peer's median to stapler's with its spread over the rounds
(min-max of the per-round ratios: the mechanisms take turns round by
round), one-way throughput, round-trip throughput with 1 and 4 clients,
and the issue-12 targets, met or missed.  A ratio above 1 means stapler
is faster.  load() and the helpers are shared with plot.py.
"""
import csv
import sys

ORDER = ["stplr", "stplr-oneway", "stplr-pulse", "pipe", "unix-stream",
         "unix-seqpacket", "futex-shm", "mqueue", "binder", "memcpy", "pvm"]
LABELS = {
    "stplr": "stapler send/receive/reply",
    "stplr-oneway": "stapler one-way send",
    "stplr-pulse": "stapler pulse",
    "pipe": "pipe pair",
    "unix-stream": "UNIX stream socketpair",
    "unix-seqpacket": "UNIX seqpacket socketpair",
    "futex-shm": "futex + shared memory",
    "mqueue": "POSIX message queues",
    "binder": "Android binder",
    "memcpy": "floor: memcpy there and back",
    "pvm": "floor: process_vm_writev+readv",
}
PIN_TEXT = {
    "same": "client and all servers pinned to vCPU 0",
    "none": "no pinning: the scheduler places the processes on the vCPUs",
    "split": "client on vCPU 0, servers on vCPU 1",
}
TCG_NOTE = ("Guest under QEMU TCG emulation: absolute times are NOT "
            "real-hardware numbers; compare mechanisms by ratio within "
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
    if not lines:
        return meta, []
    header = lines[0]
    lines = [header] + [x for x in lines[1:] if x != header]
    rows = []
    for r in csv.DictReader(lines):
        r["size"] = int(r["size"])
        r["clients"] = int(r["clients"])
        r["n"] = int(r["n"])
        for k in ("median_us", "p99_us", "p999_us", "mean_us", "min_us",
                  "max_us", "rate_per_s"):
            r[k] = float(r[k])
        r["rounds"] = [float(x) for x in r["rounds"].split(";") if x]
        if r["kind"] in ("ow", "tput") and r["rounds"]:
            # A slice's mean per message is at the mercy of host stalls:
            # report the median slice (the CSV keeps the overall mean).
            v = sorted(r["rounds"])
            n = len(v)
            r["median_us"] = v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2
            r["rate_per_s"] = 1e6 / r["median_us"] if r["median_us"] > 0 else 0
        rows.append(r)
    return meta, rows


def pin_modes(rows):
    """Pin modes in file order: the first one is the main pass."""
    out = []
    for r in rows:
        if r["pin"] not in out:
            out.append(r["pin"])
    return out


def mech_order(rows):
    seen = {r["mech"] for r in rows}
    return [m for m in ORDER if m in seen] + sorted(seen - set(ORDER))


def ratio(peer, base):
    """(median ratio, lowest and highest per-round ratio) of peer/base."""
    if not peer or not base or base["median_us"] <= 0:
        return None
    rs = [p / b for p, b in zip(peer["rounds"], base["rounds"]) if b > 0]
    r = peer["median_us"] / base["median_us"]
    return (r, min(rs), max(rs)) if rs else (r, r, r)


def fmt_ratio(t):
    if t is None:
        return "-"
    r, lo, hi = t
    return "%.2f (%.2f-%.2f)" % (r, lo, hi)


def fmt_us(v):
    if v >= 100:
        return "{:,.0f}".format(v).replace(",", " ")
    return "%.1f" % v


def table(head, body):
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
    for row in body:
        print("| " + " | ".join(row) + " |")
    print()


def pass_tables(rows, pin):
    lat = {(r["mech"], r["size"]): r for r in rows if r["kind"] == "lat"}
    ow = {(r["mech"], r["size"]): r for r in rows if r["kind"] == "ow"}
    tput = {(r["mech"], r["size"], r["clients"]): r
            for r in rows if r["kind"] == "tput"}

    if lat:
        sizes = sorted({s for _, s in lat})
        mechs = mech_order([r for r in rows if r["kind"] == "lat"])
        print("#### Round trip, median us (%s)\n" % pin)
        table(["mechanism"] + [size_label(s) for s in sizes],
              [[LABELS.get(m, m)] + [fmt_us(lat[(m, s)]["median_us"])
                                     if (m, s) in lat else "-" for s in sizes]
               for m in mechs])
        print("#### Ratio: peer median / stapler median, with the min-max "
              "of the per-round ratios (> 1: stapler faster)\n")
        table(["mechanism"] + [size_label(s) for s in sizes],
              [[LABELS.get(m, m)] + [fmt_ratio(ratio(lat.get((m, s)),
                                                     lat.get(("stplr", s))))
                                     for s in sizes]
               for m in mechs if m != "stplr"])
        print("#### Round trip p99 / p99.9, us\n")
        table(["mechanism"] + [size_label(s) for s in sizes],
              [[LABELS.get(m, m)] + ["%s / %s" % (fmt_us(lat[(m, s)]["p99_us"]),
                                                  fmt_us(lat[(m, s)]["p999_us"]))
                                     if (m, s) in lat else "-" for s in sizes]
               for m in mechs])
    if ow:
        sizes = sorted({s for _, s in ow})
        mechs = mech_order([r for r in rows if r["kind"] == "ow"])
        print("#### One-way throughput: us per message (ratio to stapler's "
              "one-way send, min-max over rounds): the median of the "
              "rounds' means per message\n")
        body = []
        for m in mechs:
            cells = []
            for s in sizes:
                r = ow.get((m, s))
                if not r:
                    cells.append("-")
                elif m == "stplr":
                    cells.append(fmt_us(r["median_us"]))
                else:
                    cells.append("%s, %s" % (fmt_us(r["median_us"]),
                                             fmt_ratio(ratio(r, ow.get(("stplr", s))))))
            label = "stapler one-way send" if m == "stplr" else LABELS.get(m, m)
            retries = sum(int(ow[(m, s)]["retries"]) for s in sizes if (m, s) in ow)
            if retries:
                label += " (%d retries: queue full)" % retries
            body.append([label] + cells)
        rt = []
        for s in sizes:
            o, l = ow.get(("stplr", s)), lat.get(("stplr", s))
            rt.append("%.2f" % (o["median_us"] / l["mean_us"]) if o and l else "-")
        body.append(["stapler one-way per message / stapler round-trip mean"] + rt)
        table(["mechanism"] + [size_label(s) for s in sizes], body)
    if tput:
        cols = sorted({(c, s) for _, s, c in tput})
        mechs = mech_order([r for r in rows if r["kind"] == "tput"])
        print("#### Round-trip throughput: calls/s of the median round (ratio: "
              "stapler calls/s over the peer's, min-max over rounds)\n")
        body = []
        for m in mechs:
            cells = []
            for c, s in cols:
                r = tput.get((m, s, c))
                if not r:
                    cells.append("-")
                elif m == "stplr":
                    cells.append("{:,.0f}".format(r["rate_per_s"]).replace(",", " "))
                else:
                    cells.append("{:,.0f}".format(r["rate_per_s"]).replace(",", " ") +
                                 ", " + fmt_ratio(ratio(r, tput.get(("stplr", s, c)))))
            body.append([LABELS.get(m, m)] + cells)
        table(["mechanism"] + ["%d client%s, %s" % (c, "s" if c > 1 else "",
                                                   size_label(s))
                               for c, s in cols], body)
    targets(lat, ow)


def targets(lat, ow):
    """Issue 12's targets that this pass can judge."""
    out = []

    def check(name, num, den, limit, what):
        a, b = lat.get(num), lat.get(den)
        if not a or not b:
            return
        r = a["median_us"] / b["median_us"]
        out.append([name, "%.2f" % r, what, "met" if r <= limit else "**missed**"])

    check("64 B: stapler / pipe", ("stplr", 64), ("pipe", 64), 0.6, "<= 0.6")
    check("64 B: stapler / binder", ("stplr", 64), ("binder", 64), 0.5, "<= 0.5")
    check("64 B: stapler / futex+shm", ("stplr", 64), ("futex-shm", 64), 1.0, "<= 1")
    check("1 MiB: stapler / binder", ("stplr", 1 << 20), ("binder", 1 << 20), 1.0, "<= 1")
    for m in ("unix-stream", "unix-seqpacket"):
        check("1 MiB: stapler / %s" % m, ("stplr", 1 << 20), (m, 1 << 20), 0.5, "<= 0.5")
    check("1 MiB: stapler / memcpy floor", ("stplr", 1 << 20),
          ("memcpy", 1 << 20), 1.25, "<= 1.25 (0.8x memcpy speed)")
    for s in sorted({s for m, s in ow if m == "stplr"}):
        o, l = ow.get(("stplr", s)), lat.get(("stplr", s))
        if o and l:
            r = o["median_us"] / l["mean_us"]
            out.append(["%s: one-way per message / round-trip mean" % size_label(s),
                        "%.2f" % r, "< 1", "met" if r < 1 else "**missed**"])
    for s in sorted({s for m, s in lat if m == "stplr-oneway"}):
        o, l = lat.get(("stplr-oneway", s)), lat.get(("stplr", s))
        if o and l and s in (64, 16384):
            r = o["median_us"] / l["median_us"]
            out.append(["%s: one-way call / round trip (medians)" % size_label(s),
                        "%.2f" % r, "< 1", "met" if r < 1 else "**missed**"])
    if out:
        print("#### Issue 12 targets (medians of this pass)\n")
        table(["target", "ratio", "wanted", ""], out)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: report.py RESULTS.CSV")
    meta, rows = load(sys.argv[1])
    md = dict(meta)
    print("## stapler IPC benchmark\n")
    print(TCG_NOTE + "\n")
    keys = ("date", "commit", "kernel", "guest_smp", "qemu", "qemu_icount",
            "host_loadavg_before", "host_loadavg_after", "wall_s")
    print("- " + "; ".join("%s: %s" % (k, md[k]) for k in keys if k in md) + "\n")
    print("Round trips are echoes (SIZE bytes each way); every reply was "
          "checked.  Ratios: peer / stapler, above 1 means stapler is "
          "faster; in parentheses the lowest and highest ratio over the "
          "rounds (the mechanisms take turns round by round).\n")
    for pin in pin_modes(rows):
        print("### Pass: %s\n" % PIN_TEXT.get(pin, "pin " + pin))
        pass_tables([r for r in rows if r["pin"] == pin], pin)
    bad = [v for k, v in meta if k.endswith(("unavailable", "failed"))]
    for v in sorted(set(bad)):
        print("NOT MEASURED: " + v)
    if not rows:
        print("NO RESULTS")


if __name__ == "__main__":
    main()
