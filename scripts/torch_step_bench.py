#!/usr/bin/env python3
"""Times the GAN step in PyTorch on CPU, as `bench-step` does in DL4J. Last line: a JSON object.

    /usr/bin/python3 scripts/torch_step_bench.py --arch paper --batch 32 --threads 2
"""
import argparse
import json
import os
import resource
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dcgan_torch as dt  # noqa: E402

DEFAULT_WIDTHS = {"seed": (128, 32), "paper": (64, 64)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", default="seed", choices=["seed", "paper"])
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--device", default="cpu", help="cpu, or cuda for the GPU anchor")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    gw, dw = DEFAULT_WIDTHS[a.arch]
    dev = torch.device(a.device)
    G, D = dt.make_pair(a.arch, 100, gw, dw)
    G, D = G.to(dev), D.to(dev)
    G.apply(dt.dcgan_init)
    D.apply(dt.dcgan_init)
    opt_g, opt_d = dt.adam(G.parameters()), dt.adam(D.parameters())
    real = torch.rand(a.batch, 3, 64, 64, device=dev) * 2 - 1
    where = torch.cuda.get_device_name(dev) if dev.type == "cuda" else f"{torch.get_num_threads()} threads"
    print(f"torch-step: {a.arch}, batch {a.batch}, torch {torch.__version__}, {where}", flush=True)
    for i in range(a.warmup):
        t0 = time.perf_counter()
        ld, lg = dt.gan_step(G, D, opt_g, opt_d, real, 100, dev)
        print(f"warmup {i + 1}: {(time.perf_counter() - t0) * 1000:.0f} ms (loss D {ld:.4f}, G {lg:.4f})", flush=True)
    ms = []
    for i in range(a.steps):
        t0 = time.perf_counter()
        ld, lg = dt.gan_step(G, D, opt_g, opt_d, real, 100, dev)  # .item() synchronises the GPU
        ms.append((time.perf_counter() - t0) * 1000)
        print(f"step {i + 1}: {ms[-1]:.0f} ms (loss D {ld:.4f}, G {lg:.4f})", flush=True)
    per = sum(ms) / len(ms)
    ops = leaf_ops(lambda: dt.gan_step(G, D, opt_g, opt_d, real, 100, dev))
    print(f"ops per step: {ops} leaf operators (profiler events without child events)", flush=True)
    print(json.dumps({"impl": "torch" if dev.type == "cpu" else "torch-" + dev.type, "arch": a.arch, "batch": a.batch, "steps": a.steps,
                      "img_s": round(a.batch * 1000 / per, 2), "ms_per_step": round(per, 1),
                      "median_ms": round(statistics.median(ms), 1),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                      "ops_per_step": ops}))


def leaf_ops(step):
    """Operators one step executes that call no other operator: the kernels it launches, as bench-step counts
    ND4J's native op executions."""
    from torch.profiler import profile, ProfilerActivity
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        step()
    events = [e for e in prof.events() if e.device_type == torch.autograd.DeviceType.CPU]
    return sum(1 for e in events if not e.cpu_children and e.name.startswith("aten::")
               and e.name[6:] not in NO_KERNEL)


# Leaf operators that only allocate or re-view memory: no kernel runs, so they are not counted.
NO_KERNEL = {"empty", "empty_strided", "empty_like", "as_strided", "view", "reshape", "_reshape_alias", "t",
             "transpose", "expand", "detach", "detach_", "resize_", "slice", "select", "unsqueeze", "squeeze",
             "permute", "alias", "lift_fresh", "_unsafe_view", "set_", "result_type", "is_nonzero", "item",
             "_local_scalar_dense", "to", "_to_copy", "size", "stride", "numel", "contiguous", "unbind",
             "split", "chunk", "narrow", "flatten", "view_as", "expand_as", "resolve_conj", "resolve_neg"}


if __name__ == "__main__":
    main()
