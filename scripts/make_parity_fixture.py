#!/usr/bin/env python3
"""Writes the PyTorch parity fixtures that GanStepParityTest reads.

    /usr/bin/python3 scripts/make_parity_fixture.py src/test/resources/parity

Needs Debian's python3-torch. Weights, images and noise come from SplitMix64 (ParityRandom.java is its twin), so
only PyTorch's results are stored and each fixture stays small. For each architecture (small widths) it records:
G(z1) and D's logits (train mode), the D-step loss and every D parameter gradient, D's BatchNorm running means after
the D step, D after one Adam step on that gradient and after a second on a synthetic gradient (bias correction at
t = 1 and 2), the G-step loss and every G gradient (D as after its first Adam step), and G after one Adam step.
Format: b"DCGF", int32 count, then per array: int32 name length, UTF-8 name, int32 rank, int64 dims, float32 values
(little-endian, C order).
"""
import os
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dcgan_torch as dt  # noqa: E402

MASK = (1 << 64) - 1
CASES = [  # arch, zdim, gWidth, dWidth, batch, seed
    ("paper", 16, 4, 4, 4, 1234),
    ("seed", 16, 4, 4, 4, 5678),
]


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self, shape, scale, offset=0.0):
        """offset + scale * u, u uniform in [-1, 1) with 24 bits, rounded once to float32 (as Java's (float) cast)."""
        n = int(np.prod(shape))
        u = np.array([(self.next() >> 40) / float(1 << 24) * 2.0 - 1.0 for _ in range(n)], dtype=np.float64)
        return torch.from_numpy((offset + u * scale).astype(np.float32).reshape(shape))


def fill_params(net, rng):
    """Every parameter in module order: conv weight, conv bias, BN gamma (around 1), BN beta."""
    with torch.no_grad():
        for m in net:
            if isinstance(m, (torch.nn.Conv2d, torch.nn.ConvTranspose2d)):
                m.weight.copy_(rng.uniform(m.weight.shape, 0.05))
                if m.bias is not None:
                    m.bias.copy_(rng.uniform(m.bias.shape, 0.05))
            elif isinstance(m, torch.nn.BatchNorm2d):
                m.weight.copy_(rng.uniform(m.weight.shape, 0.05, 1.0))
                m.bias.copy_(rng.uniform(m.bias.shape, 0.05))


def case(arch, zdim, gw, dw, b, seed):
    torch.set_num_threads(1)
    rng = SplitMix64(seed)
    G, D = dt.make_pair(arch, zdim, gw, dw)
    fill_params(G, rng)
    fill_params(D, rng)
    real = rng.uniform((b, 3, 64, 64), 1.0)
    z1 = rng.uniform((b, zdim, 1, 1), 1.5)
    z2 = rng.uniform((b, zdim, 1, 1), 1.5)
    out = {}
    opt_g, opt_d = dt.adam(G.parameters()), dt.adam(D.parameters())

    loss_d, fake, lr, lf = dt.d_gradient(G, D, real, z1)
    out["fake"] = fake.detach()
    out["d_logits_real"] = lr.detach()
    out["d_logits_fake"] = lf.detach()
    out["loss_d"] = loss_d.detach().reshape(1)
    for i, p in enumerate(D.parameters()):
        out[f"d_grad.{i}"] = p.grad.detach().clone()
    bns = [m for m in D if isinstance(m, torch.nn.BatchNorm2d)]
    for i, m in enumerate(bns):
        out[f"d_running_mean.{i}"] = m.running_mean.clone()
    opt_d.step()
    for i, p in enumerate(D.parameters()):
        out[f"d_after_adam1.{i}"] = p.detach().clone()

    G.zero_grad()
    D.zero_grad()
    loss_g, logits = dt.g_gradient(G, D, z2)
    out["loss_g"] = loss_g.detach().reshape(1)
    out["g_logits"] = logits.detach()
    for i, p in enumerate(G.parameters()):
        out[f"g_grad.{i}"] = p.grad.detach().clone()
    opt_g.step()
    for i, p in enumerate(G.parameters()):
        out[f"g_after_adam1.{i}"] = p.detach().clone()

    # A second Adam step on D with a synthetic gradient: t = 2 exercises both betas and the bias corrections.
    for p in D.parameters():
        p.grad = rng.uniform(p.shape, 0.01)
    opt_d.step()
    for i, p in enumerate(D.parameters()):
        out[f"d_after_adam2.{i}"] = p.detach().clone()
    return out


def write(path, arrays):
    with open(path, "wb") as f:
        f.write(b"DCGF")
        f.write(struct.pack("<i", len(arrays)))
        for name, t in arrays.items():
            a = t.numpy().astype("<f4")
            nb = name.encode()
            f.write(struct.pack("<i", len(nb)))
            f.write(nb)
            f.write(struct.pack("<i", a.ndim))
            f.write(struct.pack(f"<{a.ndim}q", *a.shape))
            f.write(a.tobytes(order="C"))


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/parity"
    os.makedirs(outdir, exist_ok=True)
    for (arch, zdim, gw, dw, b, seed) in CASES:
        path = os.path.join(outdir, f"{arch}-z{zdim}-g{gw}-d{dw}-b{b}-s{seed}.bin")
        write(path, case(arch, zdim, gw, dw, b, seed))
        print(f"wrote {path} ({os.path.getsize(path):,} bytes)")


if __name__ == "__main__":
    main()
