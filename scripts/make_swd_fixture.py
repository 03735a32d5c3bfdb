#!/usr/bin/env python3
"""Writes the SWD parity fixture: two small image sets and the reference's SWD between them.

The algorithm is Karras et al. 2018's metrics/sliced_wasserstein.py (tkarras/progressive_growing_of_gans), copied
below with one change: the random neighbourhood positions and projection directions are passed in, drawn from
SplitMix64 (SwdParityTest draws the same ones), instead of numpy's global generator. Everything else (Laplacian
pyramid with scipy's mirror-mode convolution, 7x7 descriptors, per-channel normalisation, 4 x 128 unit
directions, sorted projections, x10^3, average over 64/32/16) is the reference's own code.

Needs numpy and scipy (Debian: apt-get install python3-numpy python3-scipy).
Run from the project root: python3 scripts/make_swd_fixture.py
"""
import json
import os

import numpy as np
import scipy.ndimage

MASK = (1 << 64) - 1
OUT = "src/test/resources/parity/swd"
IMAGES = 6            # per set
SEED = 20180226
NHOOD, PER_IMAGE, REPEATS, DIRS = 7, 128, 4, 128


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        """An int in [0, n): the top 32 bits times n, shifted (Java: (next() >>> 32) * n >>> 32)."""
        return ((self.next() >> 32) * n) >> 32

    def uniform(self):
        """u in [-1, 1) with 24 bits."""
        return (self.next() >> 40) / float(1 << 24) * 2.0 - 1.0


# ---- the reference, positions and directions passed in ------------------------------------------------------

def get_descriptors_for_minibatch(minibatch, nhood_size, nhoods_per_image, xs, ys):
    S = minibatch.shape  # (minibatch, channel, height, width)
    assert len(S) == 4 and S[1] == 3
    N = nhoods_per_image * S[0]
    H = nhood_size // 2
    nhood, chan, x, y = np.ogrid[0:N, 0:3, -H:H+1, -H:H+1]
    img = nhood // nhoods_per_image
    x = x + xs.reshape(N, 1, 1, 1)
    y = y + ys.reshape(N, 1, 1, 1)
    idx = ((img * S[1] + chan) * S[2] + y) * S[3] + x
    return minibatch.flat[idx]


def finalize_descriptors(desc):
    if isinstance(desc, list):
        desc = np.concatenate(desc, axis=0)
    assert desc.ndim == 4  # (neighborhood, channel, height, width)
    desc -= np.mean(desc, axis=(0, 2, 3), keepdims=True)
    desc /= np.std(desc, axis=(0, 2, 3), keepdims=True)
    desc = desc.reshape(desc.shape[0], -1)
    return desc


def sliced_wasserstein(A, B, dir_repeats, dirs_per_repeat, raw_dirs):
    assert A.ndim == 2 and A.shape == B.shape
    results = []
    for repeat in range(dir_repeats):
        dirs = raw_dirs[repeat]                                         # (descriptor_component, direction)
        dirs /= np.sqrt(np.sum(np.square(dirs), axis=0, keepdims=True))
        dirs = dirs.astype(np.float32)
        projA = np.matmul(A, dirs)
        projB = np.matmul(B, dirs)
        projA = np.sort(projA, axis=0)
        projB = np.sort(projB, axis=0)
        dists = np.abs(projA - projB)
        results.append(np.mean(dists))
    return np.mean(results)


gaussian_filter = np.float32([
    [1, 4,  6,  4,  1],
    [4, 16, 24, 16, 4],
    [6, 24, 36, 24, 6],
    [4, 16, 24, 16, 4],
    [1, 4,  6,  4,  1]]) / 256.0


def pyr_down(minibatch):
    return scipy.ndimage.convolve(minibatch, gaussian_filter[np.newaxis, np.newaxis, :, :], mode='mirror')[:, :, ::2, ::2]


def pyr_up(minibatch):
    S = minibatch.shape
    res = np.zeros((S[0], S[1], S[2] * 2, S[3] * 2), minibatch.dtype)
    res[:, :, ::2, ::2] = minibatch
    return scipy.ndimage.convolve(res, gaussian_filter[np.newaxis, np.newaxis, :, :] * 4.0, mode='mirror')


def generate_laplacian_pyramid(minibatch, num_levels):
    pyramid = [np.float32(minibatch)]
    for i in range(1, num_levels):
        pyramid.append(pyr_down(pyramid[-1]))
        pyramid[-2] -= pyr_up(pyramid[-1])
    return pyramid

# ---- fixture --------------------------------------------------------------------------------------------------


def image_sets():
    """Set A: smooth colour blobs with mild noise; set B: the same kind, sharper and noisier (so SWD is clearly > 0)."""
    rng = np.random.default_rng(SEED)
    yy, xx = np.mgrid[0:64, 0:64].astype(np.float64)
    sets = []
    for sharp, noise in ((6.0, 4.0), (2.5, 18.0)):
        imgs = np.zeros((IMAGES, 3, 64, 64))
        for i in range(IMAGES):
            for _ in range(5):
                cx, cy = rng.uniform(8, 56, 2)
                r = rng.uniform(4, 16) * sharp / 4
                colour = rng.uniform(-120, 120, 3)
                blob = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r))
                imgs[i] += colour[:, None, None] * blob
            imgs[i] += 128 + rng.normal(0, noise, (3, 64, 64))
        sets.append(np.clip(np.round(imgs), 0, 255).astype(np.uint8))
    return sets


def main():
    a, b = image_sets()
    sm = SplitMix64(SEED)
    H = NHOOD // 2
    levels = []
    pa = generate_laplacian_pyramid(a, 3)
    pb = generate_laplacian_pyramid(b, 3)
    for lod in range(3):
        size = 64 >> lod
        descs = []
        for level in (pa[lod], pb[lod]):  # positions: per set, per nhood, x then y
            n = IMAGES * PER_IMAGE
            xs = np.zeros(n, dtype=np.int64)
            ys = np.zeros(n, dtype=np.int64)
            for k in range(n):
                xs[k] = H + sm.below(size - 2 * H)
                ys[k] = H + sm.below(size - 2 * H)
            descs.append(finalize_descriptors(get_descriptors_for_minibatch(level, NHOOD, PER_IMAGE, xs, ys)))
        raw = np.zeros((REPEATS, descs[0].shape[1], DIRS), dtype=np.float64)
        for r in range(REPEATS):  # row-major (component, direction)
            for c in range(descs[0].shape[1]):
                for d in range(DIRS):
                    raw[r, c, d] = sm.uniform()
        levels.append(float(sliced_wasserstein(descs[0], descs[1], REPEATS, DIRS, raw)) * 1e3)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "images.bin"), "wb") as f:
        f.write(a.tobytes())
        f.write(b.tobytes())
    result = {"seed": SEED, "images_per_set": IMAGES, "swd_levels": levels, "swd": float(np.mean(levels))}
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(result, f, indent=1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
