#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""bench/plot.py RESULTS.CSV OUTDIR: plot ipcbench's latency results.

One PNG per pass: latency.png for the first (pinned) pass and
latency-<pin>.png for the others ("latency-unpinned.png" for pin none).
Left: median round-trip time against payload size (log-log), with a tick
at the p99.  Right: each mechanism's median divided by stapler's at the
same size (above 1: stapler is faster), with the spread over the rounds.
Run with Debian's /usr/bin/python3 and python3-matplotlib.
"""
import os
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import (LABELS, PIN_TEXT, load, mech_order, pin_modes,  # noqa: E402
                    ratio, size_label)

STYLE = {
    "stplr": ("tab:red", "o", "-"),
    "stplr-oneway": ("tab:orange", "v", "--"),
    "pipe": ("tab:blue", "s", "-"),
    "unix-stream": ("tab:green", "^", "-"),
    "unix-seqpacket": ("tab:olive", "<", "-"),
    "futex-shm": ("tab:cyan", "P", "-"),
    "mqueue": ("tab:brown", "X", "-"),
    "binder": ("tab:purple", "D", "-"),
    "memcpy": ("black", ".", ":"),
    "pvm": ("tab:gray", "*", ":"),
}


def plot_pass(meta, rows, pin, path):
    md = dict(meta)
    lat = {(r["mech"], r["size"]): r for r in rows if r["kind"] == "lat"}
    if not lat:
        return
    sizes = sorted({s for _, s in lat})
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(14, 6))
    for m in mech_order([r for r in rows if r["kind"] == "lat"]):
        color, marker, ls = STYLE.get(m, ("tab:pink", "x", "-"))
        xs = [s for s in sizes if (m, s) in lat]
        med = [lat[(m, s)]["median_us"] for s in xs]
        p99 = [lat[(m, s)]["p99_us"] for s in xs]
        ax1.plot(xs, med, color=color, marker=marker, ls=ls,
                 label=LABELS.get(m, m))
        ax1.scatter(xs, p99, color=color, marker="_", s=80, alpha=0.6)
        if m == "stplr":
            continue
        rx, rv, lo, hi = [], [], [], []
        for s in xs:
            t = ratio(lat.get((m, s)), lat.get(("stplr", s)))
            if t:
                rx.append(s)
                rv.append(t[0])
                lo.append(max(0.0, t[0] - t[1]))
                hi.append(max(0.0, t[2] - t[0]))
        ax2.errorbar(rx, rv, yerr=[lo, hi], color=color, marker=marker,
                     ls=ls, capsize=3, label=LABELS.get(m, m))
    for ax in (ax1, ax2):
        ax.set_xscale("log", base=2)
        ax.set_xticks(sizes)
        ax.set_xticklabels([size_label(s) for s in sizes])
        ax.set_xlabel("payload size (request, and the same size of reply)")
        ax.grid(True, which="major", alpha=0.3)
    ax1.set_yscale("log")
    ax1.set_ylabel("round trip, microseconds (median; tick = p99)")
    ax1.set_title("Round-trip latency")
    ax1.legend(fontsize=8)
    ax2.axhline(1.0, color="tab:red", lw=1)
    ax2.set_yscale("log", base=2)
    ax2.yaxis.set_major_formatter(FuncFormatter(lambda v, _: "%g" % v))
    ax2.set_ylabel("median / stapler median (> 1: stapler faster)")
    ax2.set_title("Ratio to stapler, bars: min-max over rounds")
    ax2.legend(fontsize=8)
    fig.suptitle("stapler vs. every peer - QEMU TCG guest (%s, %s vCPU, "
                 "host load %s, commit %s)"
                 % (md.get("kernel", "?"), md.get("guest_smp", "?"),
                    " ".join(md.get("host_loadavg_before", "?").split(" ")[:3]),
                    md.get("commit", "?")), fontsize=11)
    text = PIN_TEXT.get(pin, "pin " + pin)
    fig.text(0.5, 0.01, "%s%s.  Emulated (TCG) times are not real-hardware "
             "numbers: compare mechanisms by ratio within one run."
             % (text[:1].upper(), text[1:]),
             ha="center", fontsize=9, style="italic")
    fig.tight_layout(rect=(0, 0.04, 1, 0.95))
    fig.savefig(path, dpi=80)
    plt.close(fig)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: plot.py RESULTS.CSV OUTDIR")
    meta, rows = load(sys.argv[1])
    for n, pin in enumerate(pin_modes(rows)):
        name = "latency.png" if n == 0 else (
            "latency-unpinned.png" if pin == "none" else "latency-%s.png" % pin)
        plot_pass(meta, [r for r in rows if r["pin"] == pin], pin,
                  os.path.join(sys.argv[2], name))


if __name__ == "__main__":
    main()
