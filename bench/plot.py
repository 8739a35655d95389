#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Draw bench/results.json (make bench's last run) as SVG pictures, with
Debian's matplotlib (python3-matplotlib): frames per second of every
scenario and system side by side, the switch's ratio to the bridge
against its target, a flood's cost against the number of ports in the
switch, scaling with CPUs, and each switch's own share of a frame's
cost.  Made by bench/run after each run and committed with
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


def ports(results, path, meta):
    """A broadcast in a VLAN of 8 ports: the switch alone (scenario 5) and
    with 1000 more ports in other VLANs (scenario 9)."""
    by = {(r["scenario"], r["frame_bytes"]): r for r in results}
    sizes = sorted({b for (n, b) in by if n == 9 and (5, b) in by})
    if not sizes:
        return
    fig, axs = plt.subplots(1, len(sizes), figsize=(10, 3.6), squeeze=False)
    for ax, size in zip(axs[0], sizes):
        for key, name, color in SYSTEMS[:2]:
            ys = [by[(n, size)]["pps"].get(key, 0) / 1000 for n in (5, 9)]
            ax.plot([12, 1012], ys, marker="o", color=color, label=name)
        ax.set_xlabel("ports in the switch (8 in the broadcast's VLAN)")
        ax.set_ylabel("thousand frames/s at each of the 8")
        ax.set_title(f"Broadcast, {size}-byte frames")
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle(f"A flood costs what its VLAN has, not the switch ({meta})")
    save(fig, path)


def cpus(data, path, meta):
    """Scenarios 1-3 forwarded by one CPU and by two."""
    if not data:
        return
    scen = sorted(data)
    systems = [s for s in SYSTEMS if any(s[0] in data[n] for n in scen)]
    width = 0.8 / len(systems)
    fig, ax = plt.subplots(figsize=(10, 3.8))
    for i, (key, name, color) in enumerate(systems):
        xs = [j + (i - len(systems) / 2 + 0.5) * width for j in range(len(scen))]
        q = [data[n].get(key, {}).get("scaling") or 0 for n in scen]
        ax.bar(xs, q, width=width, color=color, label=name)
        for x, v in zip(xs, q):
            ax.annotate(f"{v:.2f}", (x, v), ha="center", va="bottom", fontsize=7)
    ax.axhline(1.8, color="#6a6e73", lw=1, ls="--", label="target 1.8x")
    ax.set_xticks(range(len(scen)))
    ax.set_xticklabels([f"scenario {n}" for n in scen])
    ax.set_ylabel("two CPUs' frames/s / one CPU's")
    ax.set_ylim(0, 2.3)
    ax.set_title(f"Scaling with CPUs, 64-byte frames ({meta})")
    ax.legend(loc="lower right", ncol=3)
    ax.grid(axis="y", alpha=0.3)
    save(fig, path)


def own(data, path, meta):
    """Each switch's own share of CPU 0's busy time per frame."""
    if not data:
        return
    scen = sorted(data)
    systems = SYSTEMS[:3]
    width = 0.8 / len(systems)
    fig, ax = plt.subplots(figsize=(10, 3.6))
    for i, (key, name, color) in enumerate(systems):
        xs = [j + (i - len(systems) / 2 + 0.5) * width for j in range(len(scen))]
        ax.bar(xs, [data[n].get(key) or 0 for n in scen], width=width,
               color=color, label=name)
    ax.set_xticks(range(len(scen)))
    ax.set_xticklabels([f"scenario {n}" for n in scen])
    ax.set_ylabel("% of the CPU's busy time in the switch's own code")
    ax.set_title(f"The switch's own cost per frame, 64-byte frames ({meta})")
    ax.legend(ncol=3)
    ax.grid(axis="y", alpha=0.3)
    save(fig, path)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "bench/results.json"
    out = sys.argv[2] if len(sys.argv) > 2 else "bench"
    with open(src) as f:
        d = json.load(f)
    meta = f"{d.get('kernel', '?')}, {d.get('date', '?')[:10]}"
    pps(d["results"], f"{out}/pps.svg", meta)
    ratios(d["results"], d.get("targets", []), f"{out}/ratios.svg", meta)
    ports(d["results"], f"{out}/ports.svg", meta)
    cpus(d.get("cpus"), f"{out}/cpus.svg", meta)
    own(d.get("own_share_pct"), f"{out}/own.svg", meta)


if __name__ == "__main__":
    main()
