#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""bench/rpc/report.py GUEST_OUTPUT OUTDIR: the RPC comparison's table.

Reads the BENCH/TIMER/STRACE lines bench/rpc/guest-rpc.sh printed and
writes OUTDIR/results.csv (one row per measurement), OUTDIR/results.md (the
Markdown table, also printed) and OUTDIR/results.png (the chart).
"""
import re
import statistics
import sys

FAMILIES = [("dbus", "D-Bus"), ("thrift-unix", "Thrift TSocket (UNIX)"),
            ("thrift-tcp", "Thrift TSocket (TCP)"), ("thrift-stapler", "Thrift stapler")]
# test: (label, messages per iteration, description of one iteration)
TESTS = {
    "ping-seq": ("ping", 3, "name() + version() + ping()"),
    "hello-seq": ("hello", 3, "name() + version() + oneway hello()"),
    "calc-seq": ("calculator", 6, "name() + version() + add + subtract + multiply + divide"),
    "ping-call": ("ping() alone", 1, "ping()"),
    "hello-call": ("hello() alone", 1, "oneway hello()"),
    "calc-call": ("add() alone", 1, "add()"),
}
SEQ = ["ping-seq", "hello-seq", "calc-seq"]
CALL = ["ping-call", "hello-call", "calc-call"]


def parse(path):
    bench, timer, rep, strace, cur = {}, {}, 0, {}, None
    for line in open(path, errors="replace"):
        line = line.strip()
        if line.startswith("REP "):
            rep = int(line.split()[1])
            continue
        if line.startswith("STRACE-"):
            cur = (line.split()[0][7:].lower(), line.split("=")[1])
            strace[cur] = []
            continue
        if cur and line.startswith("# "):
            strace[cur].append(line[2:])
            continue
        if not line.startswith("STRACE"):
            cur = None
        m = dict(re.findall(r"(\w+)=(\S+)", line))
        if line.startswith("BENCH "):
            bench.setdefault((m["family"], m["test"]), []).append(
                (rep, int(m["n"]), int(m["ns"])))
        elif line.startswith("TIMER ") and m.get("ns"):
            timer.setdefault(m["family"], []).append(
                (rep, [int(x) for x in m["ns"].split(",")]))
    return bench, timer, strace


def pct(vals, q):
    s = sorted(vals)
    return s[min(len(s) - 1, int(q * len(s)))]


def spread(vals):
    """Half the min-max range, in % of the median."""
    med = statistics.median(vals)
    return 50.0 * (max(vals) - min(vals)) / med if med else 0.0


def main():
    src, out = sys.argv[1], sys.argv[2]
    bench, timer, strace = parse(src)
    with open(f"{out}/results.csv", "w") as f:
        f.write("family,test,rep,n,ns\n")
        for (fam, test), rows in sorted(bench.items()):
            for rep, n, ns in rows:
                f.write(f"{fam},{test},{rep},{n},{ns}\n")
        for fam, rows in sorted(timer.items()):
            for rep, lat in rows:
                for ns in lat:
                    f.write(f"{fam},timer-latency,{rep},1,{ns}\n")

    fams = [(k, l) for k, l in FAMILIES if any(k == f for f, _ in bench)]
    reps = max((r for rows in bench.values() for r, _, _ in rows), default=0)
    ns_of = {}
    for (fam, _), rows in bench.items():
        ns_of[fam] = rows[0][1]
    # The totals are for all rounds together (the seed's "10,000 pings").
    n = max(ns_of.values(), default=0) * max(reps, 1)
    med = {}  # (fam, test) -> median ns per iteration
    spr = {}
    for key, rows in bench.items():
        per = [ns / n_ for _, n_, ns in rows]
        med[key] = statistics.median(per)
        spr[key] = spread(per)
    lines = []
    w = lines.append
    counts = ", ".join(f"{l} {ns_of[k]:,}" for k, l in fams)
    w(f"{reps} rounds, families taking turns; iterations per round: {counts}. Cells: median "
      f"over the rounds of the time per iteration (times {n:,} for the totals); (±x %) = "
      "half the min-max range over the rounds. Ratios: the column's median over Thrift "
      "stapler's (above 1: stapler is faster).")
    w("")
    hdr = "| | " + " | ".join(l for _, l in fams) + " | " + \
        " | ".join(f"{l} / stapler" for k, l in fams if k != "thrift-stapler") + " |"
    w(hdr)
    w("|---" * (1 + len(fams) + len(fams) - 1) + "|")

    def row(label, test, scale, unit):
        cells, ratios = [], []
        base = med.get(("thrift-stapler", test))
        for k, _ in fams:
            v = med.get((k, test))
            cells.append("-" if v is None else f"{v * scale:,.0f} {unit} (±{spr[(k, test)]:.0f} %)")
            if k != "thrift-stapler":
                ratios.append("-" if v is None or not base else f"{v / base:.2f}")
        w(f"| {label} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")

    for t in SEQ:
        lab, calls, desc = TESTS[t]
        row(f"{n:,} {lab}: {desc}", t, n / 1e6, "ms")
    for t in SEQ:
        lab, calls, desc = TESTS[t]
        row(f"{lab}, per message ({desc} / {calls})", t, 1 / (1e3 * calls), "µs")
    for t in CALL:
        lab, calls, desc = TESTS[t]
        row(f"{lab}, per call", t, 1 / 1e3, "µs")
    # Timer latency: all ticks of all repetitions.
    cells, ratios = [], []
    tm = {k: [x for _, lat in timer.get(k, []) for x in lat] for k, _ in fams}
    base = statistics.median(tm["thrift-stapler"]) if tm.get("thrift-stapler") else None
    for what, q in (("median", 0.5), ("p99", 0.99)):
        cells, ratios = [], []
        b = pct(tm["thrift-stapler"], q) if tm.get("thrift-stapler") else None
        for k, _ in fams:
            v = pct(tm[k], q) if tm[k] else None
            cells.append("-" if v is None else f"{v / 1e3:,.0f} µs")
            if k != "thrift-stapler":
                ratios.append("-" if v is None or not b else f"{v / b:.2f}")
        cnt = len(tm.get("thrift-stapler", []))
        w(f"| timer propagation latency, {what} ({cnt} ticks) | " + " | ".join(cells) +
          " | " + " | ".join(ratios) + " |")
    md = "\n".join(lines) + "\n"
    if strace:
        md += "\nSystem calls, ping-client bench 200 (1,702 messages) and its server, " \
              "from strace -c -f in the guest:\n\n"
        for (side, fam), body in sorted(strace.items()):
            tot = [l for l in body if l.rstrip().endswith("total")]
            calls = [l.split() for l in body if re.match(r"\s*[\d.]+\s+[\d.]+", l)]
            top = sorted(((int(c[3]), c[-1]) for c in calls if len(c) >= 5 and c[3].isdigit()),
                         reverse=True)[:4]
            total = tot[0].split()[3] if tot and len(tot[0].split()) > 3 else "?"
            md += f"- {fam} {side}: {total} calls in all; " + \
                ", ".join(f"{name} {cnt}" for cnt, name in top) + "\n"
    open(f"{out}/results.md", "w").write(md)
    print(md)
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("report.py: no matplotlib, no chart", file=sys.stderr)
        return
    tests = CALL + ["timer"]
    labels = ["ping()", "oneway hello()", "add()", "timer latency (median)"]
    fig, ax = plt.subplots(figsize=(10, 5))
    width = 0.8 / len(fams)
    for i, (k, l) in enumerate(fams):
        vals = [med.get((k, t), 0) / 1e3 for t in CALL]
        vals.append(statistics.median(tm[k]) / 1e3 if tm[k] else 0)
        ax.bar([x + i * width for x in range(len(tests))], vals, width, label=l)
    ax.set_xticks([x + width * (len(fams) - 1) / 2 for x in range(len(tests))])
    ax.set_xticklabels(labels)
    ax.set_yscale("log")	# D-Bus is an order of magnitude above the rest
    ax.set_ylabel("µs per call (median, log scale), QEMU TCG guest")
    ax.set_title("Thrift over stapler vs TSocket vs D-Bus (lower is better)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(f"{out}/results.png", dpi=100)
    print(f"report.py: chart in {out}/results.png")


if __name__ == "__main__":
    main()
