#!/usr/bin/env python3
"""Prints bench/quality.sh's SWD curves side by side: mean and spread (min-max over seeds) per evaluated step.

    /usr/bin/python3 scripts/quality_table.py RESULTS_DIR

RESULTS_DIR holds one folder per run, named CONFIG-sSEED (CONFIG one of torch, ours-wW-kK, ours-wW-kK-gradients, ours-wW-kK-local), with either
metrics.jsonl (our trainer: the lines that carry "swd") or swd.jsonl (the PyTorch twin: {"step", "evaluate"} with
`evaluate`'s JSON, whose "swd" is the SWD (average of levels)), and floor.json (`evaluate` on two disjoint real halves). Prints a
Markdown table (SWD x10^3, lower is better) and writes the same figures to RESULTS_DIR/quality.json.
"""
import json
import os
import re
import sys


def curve(run_dir):
    """{step: swd} of one run."""
    out = {}
    m = os.path.join(run_dir, "metrics.jsonl")
    t = os.path.join(run_dir, "swd.jsonl")
    if os.path.exists(m):
        with open(m) as f:
            for line in f:
                rec = json.loads(line)
                if rec.get("swd") is not None:
                    out[int(rec["step"])] = float(rec["swd"])
    elif os.path.exists(t):
        with open(t) as f:
            for line in f:
                rec = json.loads(line)
                out[int(rec["step"])] = float(rec["evaluate"]["swd"])
    return out


def main():
    root = sys.argv[1]
    runs = {}
    for name in sorted(os.listdir(root)):
        mt = re.fullmatch(r"(torch|ours-w\d+-k\d+(?:-gradients)?(?:-local)?)-s(\d+)", name)
        if mt and os.path.isdir(os.path.join(root, name)):
            runs.setdefault(mt.group(1), {})[int(mt.group(2))] = curve(os.path.join(root, name))
    floor = None
    if os.path.exists(os.path.join(root, "floor.json")):
        with open(os.path.join(root, "floor.json")) as f:
            floor = float(json.load(f)["swd"])
    configs = sorted(runs, key=lambda c: (c != "torch", c))
    steps = sorted({s for c in configs for cv in runs[c].values() for s in cv})
    table = {"floor": floor, "configs": {}}
    for c in configs:
        rows = {}
        for s in steps:
            vals = [cv[s] for cv in runs[c].values() if s in cv]
            if vals:
                rows[s] = {"mean": sum(vals) / len(vals), "min": min(vals), "max": max(vals), "n": len(vals)}
        table["configs"][c] = {"seeds": sorted(runs[c]), "steps": rows}
    with open(os.path.join(root, "quality.json"), "w") as f:
        json.dump(table, f, indent=2)

    print("SWD x10^3 (lower is better): mean [min-max] over seeds; real-vs-real floor "
          + (f"{floor:.1f}" if floor is not None else "n/a"))
    print("| step | " + " | ".join(f"{c} (seeds {len(runs[c])})" for c in configs) + " |")
    print("|---|" + "---|" * len(configs))
    for s in steps:
        cells = []
        for c in configs:
            r = table["configs"][c]["steps"].get(s)
            cells.append(f"{r['mean']:.1f} [{r['min']:.1f}-{r['max']:.1f}]" if r else "-")
        print(f"| {s} | " + " | ".join(cells) + " |")
    # One number per configuration: SWD averaged over the second half of the run's evaluations (single evaluations
    # of a GAN swing by 20-40 between neighbours), then over seeds, with the seeds' spread.
    late = [s for s in steps if s >= steps[-1] / 2 and s > 0]
    if late:
        print()
        print(f"Late mean (steps {', '.join(str(s) for s in late)}), mean [min-max] over seeds:")
        print("| config | seeds | late mean SWD x10^3 |")
        print("|---|---|---|")
        for c in configs:
            per_seed = [sum(cv[s] for s in late) / len(late) for cv in runs[c].values() if all(s in cv for s in late)]
            if per_seed:
                table["configs"][c]["late_mean"] = {"steps": late, "mean": sum(per_seed) / len(per_seed),
                                                    "min": min(per_seed), "max": max(per_seed), "n": len(per_seed)}
                print(f"| {c} | {len(per_seed)} | {sum(per_seed) / len(per_seed):.1f} "
                      f"[{min(per_seed):.1f}-{max(per_seed):.1f}] |")
        with open(os.path.join(root, "quality.json"), "w") as f:
            json.dump(table, f, indent=2)
    if "torch" in runs:
        print()
        for c in configs[1:]:
            inside = [s for s in steps if s in table["configs"][c]["steps"] and s in table["configs"]["torch"]["steps"]]
            ok = [s for s in inside
                  if table["configs"]["torch"]["steps"][s]["min"] <= table["configs"][c]["steps"][s]["mean"]
                  <= table["configs"]["torch"]["steps"][s]["max"]
                  or table["configs"][c]["steps"][s]["mean"] < table["configs"]["torch"]["steps"][s]["min"]]
            print(f"{c}: mean within or below PyTorch's spread at {len(ok)} of {len(inside)} evaluated steps")


if __name__ == "__main__":
    main()
