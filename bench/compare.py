#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""bench/compare.py RESULTS.CSV...: the latency ratios of several runs side
by side (one column per run), to see how well a ratio repeats.

For each pass (pin mode) and size: every peer's median / stapler's median,
with the min-max of its per-round ratios, one column per run.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import LABELS, fmt_ratio, load, mech_order, ratio, size_label  # noqa: E402


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: compare.py RESULTS.CSV RESULTS.CSV...")
    runs = [load(p) for p in sys.argv[1:]]
    pins = []
    for _, rows in runs:
        for r in rows:
            if r["kind"] == "lat" and r["pin"] not in pins:
                pins.append(r["pin"])
    for pin in pins:
        lats = [{(r["mech"], r["size"]): r for r in rows
                 if r["kind"] == "lat" and r["pin"] == pin} for _, rows in runs]
        sizes = sorted({s for lat in lats for _, s in lat})
        mechs = mech_order([r for _, rows in runs for r in rows
                            if r["kind"] == "lat" and r["pin"] == pin])
        print("#### Ratio to stapler, pin %s: one column per run\n" % pin)
        print("| size | mechanism | " + " | ".join(
            "run %d (stapler median us)" % (i + 1) for i in range(len(runs))) + " |")
        print("|---|---|" + "---:|" * len(runs))
        for s in sizes:
            base = [lat.get(("stplr", s)) for lat in lats]
            print("| %s | stapler median | %s |" % (size_label(s), " | ".join(
                "%.0f" % b["median_us"] if b else "-" for b in base)))
            for m in mechs:
                if m == "stplr":
                    continue
                print("| %s | %s | %s |" % (size_label(s), LABELS.get(m, m), " | ".join(
                    fmt_ratio(ratio(lat.get((m, s)), lat.get(("stplr", s))))
                    for lat in lats)))
        print()


if __name__ == "__main__":
    main()
