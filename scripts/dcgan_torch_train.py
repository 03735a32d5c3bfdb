#!/usr/bin/env python3
"""Trains the PyTorch twin (dcgan_torch.py) on the prepared set our trainer reads, writing samples for `evaluate`.

    /usr/bin/python3 scripts/dcgan_torch_train.py --data out/demo-data/celeba-64 --out out/torch-s1 \\
        --steps 1200 --eval-every 200 --eval-images 512 --seed 1

The quality benchmark (bench/quality.sh) runs this next to our trainer so both are scored by the same SWD code:
at step 0, every --eval-every steps and at the last step it writes --eval-images generated images as PNGs to
OUT/samples/step-NNNNNN/ (NNNNN.png, 64x64 RGB), which `evaluate --fake <that folder> --real <prepared set>`
scores. Losses go to OUT/losses.jsonl (one JSON object per --log-every steps) and the settings to OUT/run.json.

Data: a prepared set written by `prepare` (manifest.json + data/*.parquet, column `pixels`: 3x64x64 uint8 CHW), read
with pyarrow (Debian's python3 lacks it: `pip install --user pyarrow`, or apt's python3-pyarrow where packaged).
Scaled as our trainer does (x / 127.5 - 1) and as pytorch/examples' dcgan does ((x/255 - 0.5) / 0.5).
Defaults are the demo's (conf/local.conf): `paper` at half width (G and D width 32), batch 64, Adam 2e-4 / 0.5.
The step is dcgan_torch.gan_step: the algorithm of org.celebadcgan.train.GanStep (D on real and detached G(z),
mean of the two BCE terms; G on fresh noise, non-saturating), DCGAN init (conv N(0, 0.02), BN gamma N(1, 0.02),
beta 0). Batches: a fresh permutation each epoch from the seed, full batches only (as data.BatchMaker).
Sampling runs G with batch statistics (train mode), as our Sampler and the tutorial's grids do, in batches of
--sample-batch images from latents fixed by the seed, so every evaluation scores the same latents.
"""
import argparse
import glob
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dcgan_torch as dt  # noqa: E402

IMAGE_BYTES = 3 * 64 * 64


def load_prepared(root):
    """Every image of a prepared set as uint8 [N, 3, 64, 64], in file then row order."""
    if not os.path.exists(os.path.join(root, "manifest.json")):
        raise SystemExit(f"{root}: no manifest.json, not a prepared set (run `prepare` first)")
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise SystemExit("pyarrow is needed to read the prepared set: pip install --user pyarrow")
    files = sorted(glob.glob(os.path.join(root, "data", "*.parquet")))
    if not files:
        raise SystemExit(f"{root}/data holds no parquet files")
    chunks = []
    for f in files:
        for blob in pq.read_table(f, columns=["pixels"]).column("pixels").to_pylist():
            if len(blob) != IMAGE_BYTES:
                raise SystemExit(f"{f}: an image of {len(blob)} bytes, expected {IMAGE_BYTES}")
            chunks.append(np.frombuffer(blob, dtype=np.uint8))
    return np.stack(chunks).reshape(-1, 3, 64, 64)


def write_samples(G, latents, folder, batch):
    """G(latents) in batches of `batch` with batch statistics, as PNGs 00000.png ... under `folder`."""
    from PIL import Image
    os.makedirs(folder, exist_ok=True)
    with torch.no_grad():
        for start in range(0, latents.shape[0], batch):
            imgs = G(latents[start:start + batch])
            px = ((imgs.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).permute(0, 2, 3, 1).numpy()
            for i, p in enumerate(px):
                Image.fromarray(p, "RGB").save(os.path.join(folder, f"{start + i:05d}.png"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="prepared set folder (manifest.json + data/*.parquet)")
    ap.add_argument("--out", required=True, help="output folder (samples/, losses.jsonl, run.json)")
    ap.add_argument("--steps", type=int, default=1200)
    ap.add_argument("--eval-every", type=int, default=200, help="write samples every this many steps (0: none)")
    ap.add_argument("--eval-images", type=int, default=512, help="samples per evaluation")
    ap.add_argument("--sample-batch", type=int, default=64, help="images per G forward when sampling")
    ap.add_argument("--log-every", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--arch", default="paper", choices=["paper", "seed"])
    ap.add_argument("--zdim", type=int, default=100)
    ap.add_argument("--g-width", type=int, default=32)
    ap.add_argument("--d-width", type=int, default=32)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--beta1", type=float, default=0.5)
    ap.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    data = load_prepared(a.data)
    n = data.shape[0]
    if n < a.batch:
        raise SystemExit(f"{a.data}: {n} images, fewer than one batch of {a.batch}")
    G, D = dt.make_pair(a.arch, a.zdim, a.g_width, a.d_width)
    G.apply(dt.dcgan_init)
    D.apply(dt.dcgan_init)
    opt_g = dt.adam(G.parameters(), lr=a.lr, beta1=a.beta1)
    opt_d = dt.adam(D.parameters(), lr=a.lr, beta1=a.beta1)
    latents = torch.randn(a.eval_images, a.zdim, 1, 1, generator=torch.Generator().manual_seed(a.seed + 1_000_003))
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "run.json"), "w") as f:
        json.dump({**vars(a), "images": n, "torch": torch.__version__}, f, indent=2)

    def evaluate_at(step):
        if a.eval_every > 0 and a.eval_images > 0:
            write_samples(G, latents, os.path.join(a.out, "samples", f"step-{step:06d}"), a.sample_batch)

    per_epoch = n // a.batch
    order = None
    losses = open(os.path.join(a.out, "losses.jsonl"), "w")
    sums = [0.0, 0.0, 0]
    t0 = time.time()
    evaluate_at(0)
    for step in range(1, a.steps + 1):
        epoch, i = divmod(step - 1, per_epoch)
        if i == 0:
            order = np.random.RandomState((a.seed * 1_000_003 + epoch) % (1 << 32)).permutation(n)
        idx = order[i * a.batch:(i + 1) * a.batch]
        real = torch.from_numpy(data[idx].astype(np.float32) / 127.5 - 1.0)
        loss_d, loss_g = dt.gan_step(G, D, opt_g, opt_d, real, a.zdim)
        sums[0] += loss_d
        sums[1] += loss_g
        sums[2] += 1
        if step % a.log_every == 0 or step == a.steps:
            rec = {"step": step, "lossD": sums[0] / sums[2], "lossG": sums[1] / sums[2],
                   "seconds": round(time.time() - t0, 1)}
            losses.write(json.dumps(rec) + "\n")
            losses.flush()
            print(json.dumps(rec), flush=True)
            sums = [0.0, 0.0, 0]
        if (a.eval_every > 0 and step % a.eval_every == 0) or step == a.steps:
            evaluate_at(step)
    losses.close()


if __name__ == "__main__":
    main()
