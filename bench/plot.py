#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Draw bench/results.json (make bench's last run) as SVG pictures, with
Debian's matplotlib (python3-matplotlib): frames per second of every
scenario and system side by side, and the switch's ratio to the bridge
against its target.  Made by bench/run after each run and committed with
results.json; Documentation/bench.md shows them.

  plot.py [RESULTS_JSON [OUT_DIR]]
"""
import json
import sys

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend)

# the same SVG for the same results: no date, fixed ids
plt.rcParams["svg.hashsalt"] = "vswitch-bench"
plt.rcParams["svg.fonttype"] = "none"
plt.rcParams["font.size"] = 9

SYSTEMS = [("vsw", "vswitch", "#0066cc"), ("br", "Linux bridge", "#8a8d90"),
           ("ovs", "Open vSwitch", "#f0ab00"), ("tc", "tc mirred", "#3e8635"),
           ("veth", "bare veth", "#c9190b")]


def label(r):
    return f"{r['scenario']}: {r['name']}\n{r['frame_bytes']} B"


def save(fig, path):
    fig.tight_layout()
    fig.savefig(path, metadata={"Date": None})
    plt.close(fig)


def pps(results, path, meta):
    rows = results
    n = len(rows)
    width = 0.8 / len(SYSTEMS)
    fig, ax = plt.subplots(figsize=(10, 0.55 * n + 1.5))
    for i, (key, name, color) in enumerate(SYSTEMS):
        ys = [j + (i - len(SYSTEMS) / 2 + 0.5) * width for j in range(n)]
        xs = [r["pps"].get(key, 0) / 1000 for r in rows]
        ax.barh(ys, xs, height=width, label=name, color=color)
    ax.set_yticks(range(n))
    ax.set_yticklabels([label(r) for r in rows])
    ax.invert_yaxis()
    ax.set_xlabel("thousand frames per second (median of the rounds)")
    ax.set_title(f"Forwarding rate, one CPU, one run ({meta})")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.6 / n - 0.03), ncol=5)
    ax.grid(axis="x", alpha=0.3)
    save(fig, path)


def ratios(results, targets, path, meta):
    rows = [r for r in results if r.get("vsw_to_bridge")]
    fig, ax = plt.subplots(figsize=(10, 0.4 * len(rows) + 1.5))
    ys = range(len(rows))
    ax.barh(ys, [r["vsw_to_bridge"] for r in rows], color="#0066cc",
            label="vswitch / bridge")
    ax.barh([y + 0.3 for y in ys], [r.get("ovs_to_bridge") or 0 for r in rows],
            height=0.3, color="#f0ab00", label="Open vSwitch / bridge")
    ax.axvline(1.0, color="#6a6e73", lw=1)
    ax.set_yticks(list(ys))
    ax.set_yticklabels([label(r).replace("\n", ", ") for r in rows])
    ax.invert_yaxis()
    ax.set_xlabel("frames per second, ratio to the Linux bridge in the same run")
    met = sum(1 for t in targets if t.get("met"))
    ax.set_title(f"Against the bridge ({meta}; targets met: {met} of {len(targets)})")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.8 / len(rows) - 0.03), ncol=2)
    ax.grid(axis="x", alpha=0.3)
    save(fig, path)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "bench/results.json"
    out = sys.argv[2] if len(sys.argv) > 2 else "bench"
    with open(src) as f:
        d = json.load(f)
    meta = f"{d.get('kernel', '?')}, {d.get('date', '?')[:10]}"
    pps(d["results"], f"{out}/pps.svg", meta)
    ratios(d["results"], d.get("targets", []), f"{out}/ratios.svg", meta)


if __name__ == "__main__":
    main()
