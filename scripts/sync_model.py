#!/usr/bin/env python3
"""Fits the ring all-reduce's latency/bandwidth model to bench-sync runs and prints the scaling table (issue 13).

    for n in 2 3 4; do for mb in 0.25 1 4 16 52.4; do
      submit/local.sh bench-sync --workers $n --state-mb $mb --compute-ms 0 --k 1 --master "local[$n]" | tail -n 1
    done; done > out/sync-runs.jsonl
    for n in 2 3 4; do   # alpha: tiny states, many syncs
      submit/local.sh bench-sync --workers $n --state-mb 0.004 --compute-ms 2 --k 1 --syncs 50 --master "local[$n]" \
        | tail -n 1
    done >> out/sync-runs.jsonl
    /usr/bin/python3 scripts/sync_model.py out/sync-runs.jsonl
    /usr/bin/python3 scripts/sync_model.py --alpha-us 130 --beta-ns 2.44    # the table from a fit already made

Model (Patarasuk and Yuan; shared/SYNC.md): one all-reduce of S bytes over N ranks takes
    t = 2(N-1) alpha + 2(N-1)/N S beta
alpha: the fixed cost of one of the 2(N-1) ring steps (a hop's latency and the software around it),
beta: seconds per byte a rank sends (its link, or the host's copy, reduce and loopback, whichever is slower).
Fitted by least squares on the runs' median sync times, in relative terms (tiny states fix alpha, large ones
beta). The table then replaces beta by a real link's (25 or 100
Gb/s) and keeps the fitted alpha (the software; a datacentre hop's few microseconds are below it), with compute
per step from the H100 anchor and 16 images per GPU (the global batch grows with N).
"""
import json
import sys

import numpy as np

# Seed model, float32 (shared/SYNC.md): parameters with BatchNorm running statistics, and Adam's two moments.
SEED_PARAMS = 13_093_613 * 4
SEED_STATE = 3 * SEED_PARAMS
STEP_MS = 10.0  # one H100 step of the seed model at 16 images (launch-bound; shared/SYNC.md)
SEGMENT_STEPS = 1000  # steps between checkpoints/samples: one barrier stage each
# Gradients mode with overlap: each network's gradient (half the parameters, taken as equal halves) is cut into
# buckets; all but the last bucket's all-reduce can hide behind that network's last backward pass, taken as a third
# of the step (a step is D forward twice + backward twice, then G and D forward + backward once each).
BACKWARD_SHARE = 1 / 3
BUCKETS_MIB = (1, 4, 13)  # train.sync.bucketKb = 1024; 4 MiB; 13 MiB = two buckets per seed network
ALPHA_HOST_US = 10  # a rank with a core of its own on a datacentre link (shared/SYNC.md: tens of us at most)
LINKS_GBIT = (25, 100)


def load(paths):
    runs = []
    for p in paths:
        with open(p) as f:
            for line in f:
                line = line.strip()
                if line.startswith("{") and '"sync_ms_median"' in line:
                    runs.append(json.loads(line))
    if not runs:
        sys.exit("no bench-sync summary lines (JSON with sync_ms_median) in " + " ".join(paths))
    return runs


def fit(runs):
    x = np.array([[2.0 * (r["workers"] - 1), 2.0 * (r["workers"] - 1) / r["workers"] * r["state_bytes"]]
                  for r in runs])
    y = np.array([r["sync_ms_median"] / 1e3 for r in runs])
    # Relative errors: a 4 KB sync (alpha) counts as much as a 52 MB one (beta).
    (alpha, beta), *_ = np.linalg.lstsq(x / y[:, None], np.ones_like(y), rcond=None)
    return max(alpha, 0.0), beta, x, y


def allreduce_s(n, nbytes, alpha, beta):
    return 2 * (n - 1) * alpha + 2 * (n - 1) / n * nbytes * beta


def overlapped_gradients_s(n, step_s, bucket_bytes, alpha, beta):
    """Per step, the time gradients mode waits for its two all-reduces when buckets overlap the backward passes."""
    net = SEED_PARAMS / 2
    buckets = max(1, int(-(-net // bucket_bytes)))
    whole = buckets * 2 * (n - 1) * alpha + 2 * (n - 1) / n * net * beta
    last = allreduce_s(n, min(net, bucket_bytes), alpha, beta)
    return 2 * max(whole - BACKWARD_SHARE * step_s, last)


def main():
    if sys.argv[1:2] == ["--alpha-us"] and len(sys.argv) == 5 and sys.argv[3] == "--beta-ns":
        alpha, beta = float(sys.argv[2]) / 1e6, float(sys.argv[4]) / 1e9
        print(f"given: alpha = {alpha * 1e6:.1f} us per ring step, beta = {beta * 1e9:.3f} ns per byte")
    else:
        runs = load(sys.argv[1:])
        alpha, beta, x, y = fit(runs)
        print(f"fitted on {len(runs)} runs: alpha = {alpha * 1e6:.1f} us per ring step, "
              f"beta = {beta * 1e9:.3f} ns per byte ({1 / beta / 1e9:.2f} GB/s per rank)")
        print()
        print("| workers | state MB | measured ms | model ms | measured / model |")
        print("|---|---|---|---|---|")
        for r, xi, yi in sorted(zip(runs, x, y), key=lambda t: (t[0]["workers"], t[0]["state_bytes"])):
            model = xi[0] * alpha + xi[1] * beta
            print(f"| {r['workers']} | {r['state_bytes'] / 1e6:.2f} | {yi * 1e3:.1f} | {model * 1e3:.1f} | "
                  f"{yi / model:.2f} |")
    print()
    print(f"Scaling, seed model, {STEP_MS:.0f} ms per step (16 images per GPU), alpha {alpha * 1e6:.0f} us, beta of "
          f"the link; efficiency = compute / (compute + sync). average: one all-reduce per K steps of parameters "
          f"({SEED_PARAMS / 1e6:.1f} MB; 'local' moments) or the whole state ({SEED_STATE / 1e6:.1f} MB; "
          f"'average' moments); gradients: every step D's then G's gradients ({SEED_PARAMS / 1e6:.1f} MB together, "
          f"two all-reduces), without overlap.")
    print()
    print("| link | N | K | average, local moments | average, averaged moments | gradients |")
    print("|---|---|---|---|---|---|")
    for gbit in LINKS_GBIT:
        b = 8 / (gbit * 1e9)
        for n in (8, 32, 128):
            for k in (1, 8, 16, 32):
                compute = k * STEP_MS / 1e3
                local = allreduce_s(n, SEED_PARAMS, alpha, b)
                whole = allreduce_s(n, SEED_STATE, alpha, b)
                grads = k * (2 * 2 * (n - 1) * alpha + 2 * (n - 1) / n * SEED_PARAMS * b)
                eff = [compute / (compute + s) for s in (local, whole, grads)]
                print(f"| {gbit} Gb/s | {n} | {k} | {eff[0]:.0%} | {eff[1]:.0%} | {eff[2]:.0%} |")
    print()
    print(f"Gradients mode overlapped: each network's all-reduce in buckets, all but the last hidden behind its last "
          f"backward pass ({BACKWARD_SHARE:.2f} of a step); efficiency per step, without overlap and with buckets of "
          + ", ".join(f"{mb} MiB" for mb in BUCKETS_MIB) + f"; alpha fitted ({alpha * 1e6:.0f} us) and "
          f"{ALPHA_HOST_US} us.")
    print()
    print("| link | N | alpha us | no overlap | " + " | ".join(f"{mb} MiB" for mb in BUCKETS_MIB) + " |")
    print("|---|---|---|---|" + "---|" * len(BUCKETS_MIB))
    step = STEP_MS / 1e3
    for gbit in LINKS_GBIT:
        b = 8 / (gbit * 1e9)
        for n in (8, 32, 128):
            for a in (alpha, ALPHA_HOST_US / 1e6):
                none = 2 * allreduce_s(n, SEED_PARAMS / 2, a, b)
                cells = [step / (step + none)] + [step / (step + overlapped_gradients_s(n, step, mb << 20, a, b))
                                                  for mb in BUCKETS_MIB]
                print(f"| {gbit} Gb/s | {n} | {a * 1e6:.0f} | " + " | ".join(f"{c:.0%}" for c in cells) + " |")


if __name__ == "__main__":
    main()
