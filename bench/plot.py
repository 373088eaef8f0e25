#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench/plot.py RESULTS.CSV OUT.PNG: plot ipcbench results.

Left: median round-trip time against payload size (log-log), with the p99
as a thin line above each point.  Right: each mechanism's median divided
by stapler's median at the same size (above 1: stapler is faster).
"""
import os
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import LABELS, PIN_TEXT, load, mech_order, pin_modes, size_label  # noqa: E402,E501

STYLE = {
    "stplr": ("tab:red", "o", "-"),
    "pipe": ("tab:blue", "s", "-"),
    "unix": ("tab:green", "^", "-"),
    "binder": ("tab:purple", "D", "-"),
    "stplr-oneway": ("tab:orange", "v", "--"),
}


def upfirst(text):
    return text[:1].upper() + text[1:]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: plot.py RESULTS.CSV OUT.PNG")
    meta, rows = load(sys.argv[1])
    md = dict(meta)
    pin = pin_modes(rows)[0]
    rows = [r for r in rows if r["pin"] == pin]
    sizes = sorted({r["size"] for r in rows})
    by = {(r["mech"], r["size"]): r for r in rows}

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 5.6))
    for m in mech_order(rows):
        color, marker, ls = STYLE.get(m, ("tab:gray", "x", "-"))
        xs = [s for s in sizes if (m, s) in by]
        med = [by[(m, s)]["median_us"] for s in xs]
        p99 = [by[(m, s)]["p99_us"] for s in xs]
        ax1.plot(xs, med, color=color, marker=marker, ls=ls,
                 label=LABELS.get(m, m))
        ax1.vlines(xs, med, p99, color=color, lw=1, alpha=0.5)
        ax1.scatter(xs, p99, color=color, marker="_", s=80, alpha=0.7)
        if m == "stplr":
            continue
        rx = [s for s in xs if ("stplr", s) in by]
        ratio = [by[(m, s)]["median_us"] / by[("stplr", s)]["median_us"]
                 for s in rx]
        ax2.plot(rx, ratio, color=color, marker=marker, ls=ls,
                 label=LABELS.get(m, m))

    for ax in (ax1, ax2):
        ax.set_xscale("log", base=2)
        ax.set_xticks(sizes)
        ax.set_xticklabels([size_label(s) for s in sizes])
        ax.set_xlabel("payload size (request, and the same size of reply)")
        ax.grid(True, which="major", alpha=0.3)
    ax1.set_yscale("log")
    ax1.set_ylabel("round trip, microseconds (median; tick = p99)")
    ax1.set_title("Round-trip latency")
    ax1.legend(fontsize=9)
    ax2.axhline(1.0, color="tab:red", lw=1)
    ax2.set_yscale("log", base=2)
    ax2.yaxis.set_major_formatter(FuncFormatter(lambda v, _: "%g" % v))
    ax2.set_ylabel("median / stapler median  (> 1: stapler faster)")
    ax2.set_title("Ratio to stapler (same run)")
    ax2.legend(fontsize=9)

    guest = md.get("kernel", "?")
    hload = md.get("host_loadavg_before", "?").split(" ")[:3]
    fig.suptitle("stapler vs. pipe, UNIX socket, binder - QEMU TCG guest "
                 "(%s, %s vCPU, host load %s)"
                 % (guest, md.get("guest_smp", md.get("cpus_online", "?")),
                    " ".join(hload)), fontsize=11)
    fig.text(0.5, 0.01, "%s.  Emulated (TCG) times are not real-hardware "
             "numbers: compare mechanisms by ratio within one run."
             % upfirst(PIN_TEXT.get(pin, "pin " + pin)),
             ha="center", fontsize=9, style="italic")
    fig.tight_layout(rect=(0, 0.04, 1, 0.95))
    fig.savefig(sys.argv[2], dpi=110)


if __name__ == "__main__":
    main()
