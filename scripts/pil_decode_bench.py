#!/usr/bin/env python3
"""Times PIL decode + Resize(64) + CenterCrop(64) on one core, as `bench-decode` does in Java. Last line: JSON.

    /usr/bin/python3 scripts/pil_decode_bench.py --input DIR [--limit 2000] [--rounds 3]
"""
import argparse
import io
import json
import os
import time

import numpy as np
from PIL import Image


def preprocess(data):
    img = Image.open(io.BytesIO(data)).convert("RGB")
    w, h = img.size
    short, long_ = (w, h) if w <= h else (h, w)
    new_long = int(64 * long_ / short)
    nw, nh = (64, new_long) if w <= h else (new_long, 64)
    img = img.resize((nw, nh), Image.BILINEAR)
    top, left = int(round((nh - 64) / 2.0)), int(round((nw - 64) / 2.0))
    return np.asarray(img.crop((left, top, left + 64, top + 64))).transpose(2, 0, 1).tobytes()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", required=True)
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    names = sorted(n for n in os.listdir(a.input) if n.endswith(".jpg"))[: a.limit]
    files = [open(os.path.join(a.input, n), "rb").read() for n in names]
    best = 0.0
    for r in range(a.rounds):
        t0 = time.perf_counter()
        for f in files:
            preprocess(f)
        rate = len(files) / (time.perf_counter() - t0)
        best = max(best, rate)
        print(f"round {r + 1}: {len(files)} images at {rate:.0f} img/s", flush=True)
    print(json.dumps({"impl": "pil", "images": len(files), "img_s_per_core": round(best, 1)}))


if __name__ == "__main__":
    main()
