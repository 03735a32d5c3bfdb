#!/usr/bin/env python3
"""Writes the many-step parity fixture that GanStepMultiStepParityTest reads: STEPS full GAN steps in PyTorch.

    /usr/bin/python3 scripts/make_multistep_fixture.py src/test/resources/parity

One-step parity (make_parity_fixture.py) cannot see defects that only show over many steps: gradient buffers that
accumulate instead of being overwritten, Adam's moments and bias correction past t = 2, BatchNorm state carried
from step to step. Here a tiny `paper` pair takes STEPS steps of dcgan_torch.gan_step's algorithm. Weights, every
step's real batch and both noise batches come from SplitMix64 (the twin of testutil/ParityRandom.java), drawn in
the order real, z (D step), z' (G step) per step, so only PyTorch's results are stored.

Stored: per step the D loss, G loss, mean D(x), mean D(G(z)) and mean D(G(z')) ("loss_d" etc., one value per
step), the trainable parameters of G and D after the last step ("g_final.i", "d_final.i", torch's parameter
order), and the float32 drift: the same run in float64 from the same float32 inputs, and the largest difference
float32 makes ("drift_losses": max over steps of |loss32 - loss64| / |loss64|; "drift_params": max over tensors of
max|p32 - p64| / max|p64|; "drift_losses_by_step": that loss drift per step). The Java test's tolerance is
stated against these figures. Format as make_parity_fixture.py.

Measured: this tiny GAN is chaotic in float32. PyTorch runs whose initial weights differ by half an ulp agree to
~1e-6 for the first steps, then (in most draws) jump apart by 1e-4..1e-2 around step 6-10 (a ReLU or LeakyReLU
input crossing zero, or an Adam step on a gradient near eps) and reach ~3e-2 by step 30; float64 vs float32 happened
to stay together. So the fixture also stores that ensemble's spread per step ("spread_by_step": max over
PERTURBATIONS runs and over the five curves of the relative difference to the stored run; "spread_params": the same
for the final parameters), and the test allows a few times that spread, never less than a tight floor.
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dcgan_torch as dt  # noqa: E402
from make_parity_fixture import SplitMix64, fill_params, write  # noqa: E402

CASES = [  # arch, zdim, gWidth, dWidth, batch, steps, seed
    ("paper", 16, 8, 8, 8, 30, 4242),
]


PERTURBATIONS = 5  # float32 runs from initial weights moved by about half an ulp, for the ensemble spread


def run(arch, zdim, gw, dw, b, steps, seed, dtype, perturb=None):
    """STEPS GAN steps in `dtype`; inputs are the float32 values of the twin generator, cast to dtype.
    `perturb` (a seed) multiplies every initial weight by 1 + 6e-8 * N(0, 1): a float32 rounding's worth."""
    rng = SplitMix64(seed)
    G, D = dt.make_pair(arch, zdim, gw, dw)
    fill_params(G, rng)
    fill_params(D, rng)
    if perturb is not None:
        gen = torch.Generator().manual_seed(perturb)
        with torch.no_grad():
            for p in list(G.parameters()) + list(D.parameters()):
                p.mul_(1 + 6e-8 * torch.randn(p.shape, generator=gen))
    G, D = G.to(dtype), D.to(dtype)
    opt_g, opt_d = dt.adam(G.parameters()), dt.adam(D.parameters())
    curves = {k: [] for k in ("loss_d", "loss_g", "d_real", "d_fake", "g_fake")}
    for _ in range(steps):
        real = rng.uniform((b, 3, 64, 64), 1.0).to(dtype)
        z1 = rng.uniform((b, zdim, 1, 1), 1.5).to(dtype)
        z2 = rng.uniform((b, zdim, 1, 1), 1.5).to(dtype)
        # (1) D step, exactly dcgan_torch.d_gradient + Adam.
        D.zero_grad(set_to_none=True)
        loss_d, _, lr, lf = dt.d_gradient(G, D, real, z1)
        opt_d.step()
        # (2) G step on fresh noise, as dcgan_torch.g_gradient + Adam.
        G.zero_grad(set_to_none=True)
        D.zero_grad(set_to_none=True)
        loss_g, out = dt.g_gradient(G, D, z2)
        opt_g.step()
        curves["loss_d"].append(loss_d.item())
        curves["loss_g"].append(loss_g.item())
        curves["d_real"].append(torch.sigmoid(lr).mean().item())
        curves["d_fake"].append(torch.sigmoid(lf).mean().item())
        curves["g_fake"].append(torch.sigmoid(out).mean().item())
    return curves, [p.detach().clone() for p in G.parameters()], [p.detach().clone() for p in D.parameters()]


def rel(a, e):
    a, e = a.double(), e.double()
    return ((a - e).abs().max() / max(e.abs().max().item(), 1e-12)).item()


def case(arch, zdim, gw, dw, b, steps, seed):
    torch.set_num_threads(1)
    c32, g32, d32 = run(arch, zdim, gw, dw, b, steps, seed, torch.float32)
    c64, g64, d64 = run(arch, zdim, gw, dw, b, steps, seed, torch.float64)
    out = {}
    for k in c32:
        out[k] = torch.tensor(c32[k], dtype=torch.float32)
    for i, p in enumerate(g32):
        out[f"g_final.{i}"] = p
    for i, p in enumerate(d32):
        out[f"d_final.{i}"] = p
    by_step = [max(abs(c32[k][s] - c64[k][s]) / max(abs(c64[k][s]), 1e-12) for k in ("loss_d", "loss_g"))
               for s in range(steps)]
    drift_params = max(rel(a, e) for a, e in zip(g32 + d32, g64 + d64))
    # The ensemble: how far PyTorch's own float32 trajectory moves when its start moves by float32 rounding.
    spread = [0.0] * steps
    spread_params = 0.0
    for pert in range(1, PERTURBATIONS + 1):
        cp, gp, dp = run(arch, zdim, gw, dw, b, steps, seed, torch.float32, perturb=pert)
        for s in range(steps):
            spread[s] = max(spread[s], max(abs(cp[k][s] - c32[k][s]) / max(abs(c32[k][s]), 1e-12)
                                           for k in ("loss_d", "loss_g", "d_real", "d_fake", "g_fake")))
        spread_params = max(spread_params, max(rel(a, e) for a, e in zip(gp + dp, g32 + d32)))
    out["spread_by_step"] = torch.tensor(spread, dtype=torch.float32)
    out["spread_params"] = torch.tensor([spread_params], dtype=torch.float32)
    out["drift_losses_by_step"] = torch.tensor(by_step, dtype=torch.float32)
    out["drift_losses"] = torch.tensor([max(by_step)], dtype=torch.float32)
    out["drift_params"] = torch.tensor([drift_params], dtype=torch.float32)
    print(f"{arch} z{zdim} g{gw} d{dw} batch {b}, {steps} steps: loss_d {c32['loss_d'][0]:.4f} -> "
          f"{c32['loss_d'][-1]:.4f}, loss_g {c32['loss_g'][0]:.4f} -> {c32['loss_g'][-1]:.4f}; "
          f"float32 vs float64: losses {max(by_step):.2e} (last step {by_step[-1]:.2e}), "
          f"final params {drift_params:.2e}; ulp-perturbed float32 ensemble ({PERTURBATIONS} runs): steps 1-5 "
          f"{max(spread[:5]):.2e}, steps 1-10 {max(spread[:10]):.2e}, all {max(spread):.2e}, "
          f"final params {spread_params:.2e}")
    print("spread by step: " + " ".join(f"{x:.0e}" for x in spread))
    return out


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/parity"
    os.makedirs(outdir, exist_ok=True)
    for (arch, zdim, gw, dw, b, steps, seed) in CASES:
        path = os.path.join(outdir, f"multistep-{arch}-z{zdim}-g{gw}-d{dw}-b{b}-n{steps}-s{seed}.bin")
        write(path, case(arch, zdim, gw, dw, b, steps, seed))
        print(f"wrote {path} ({os.path.getsize(path):,} bytes)")


if __name__ == "__main__":
    main()
