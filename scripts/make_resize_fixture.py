#!/usr/bin/env python3
"""Writes the Pillow resize fixtures that PilResizeTest reads.

    /usr/bin/python3 scripts/make_resize_fixture.py src/test/resources/resize

Needs Debian's python3-pil and python3-numpy (no torchvision: its Resize(64) + CenterCrop(64) are reimplemented with
the same PIL calls). Each test image is generated here from a seeded numpy RNG (smooth gradients, saturated blocks,
one-pixel lines, a diagonal edge, a full-range noise patch and faint noise everywhere) and written as <name>.png
(8-bit RGB, lossless). For each image, <name>.chw holds the expected output as raw bytes: 64 x 64 x 3 in CHW order
(R plane, G plane, B plane) of img.resize((new_w, new_h), Image.BILINEAR) followed by a torchvision-style centre
crop. cases.txt lists one case per line: name, input width, input height, resize width, resize height, and the kind
"torchvision" (size from Resize(64)'s rule) or "explicit" (a size chosen to exercise one resize pass alone).
"""
import os
import sys

import numpy as np
from PIL import Image

CROP = 64
SHORT_SIDE = 64
CASES = [  # name, width, height, explicit resize size or None for torchvision's Resize(64), seed
    ("celeba_178x218", 178, 218, None, 11),
    ("landscape_218x178", 218, 178, None, 12),
    ("tall_64x80", 64, 80, None, 13),  # short side already 64: no resample, crop only
    ("upscale_40x50", 40, 50, None, 14),
    ("odd_131x97", 131, 97, None, 15),
    ("vertical_only_64x120", 64, 120, (64, 67), 16),
    ("horizontal_only_150x64", 150, 64, (65, 64), 17),
    ("down_up_200x40", 200, 40, (70, 66), 18),
]


def resized_size(w, h, size):
    """torchvision's _compute_resized_output_size for an int size (no max_size)."""
    short, long_ = (w, h) if w <= h else (h, w)
    new_short, new_long = size, int(size * long_ / short)
    return (new_short, new_long) if w <= h else (new_long, new_short)


def center_crop(img, size):
    """torchvision's F.center_crop for a PIL image at least size x size."""
    w, h = img.size
    top = int(round((h - size) / 2.0))
    left = int(round((w - size) / 2.0))
    return img.crop((left, top, left + size, top + size))


def make_image(w, h, seed):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    img = np.empty((h, w, 3), dtype=np.float64)
    img[..., 0] = 255.0 * x / max(w - 1, 1)
    img[..., 1] = 255.0 * y / max(h - 1, 1)
    cy, cx = (h - 1) / 2.0, (w - 1) / 2.0
    img[..., 2] = 127.5 + 127.5 * np.cos(np.hypot(x - cx, y - cy) / 9.0)
    img += rng.normal(0.0, 1.5, size=img.shape)
    # saturated blocks (clip paths) and a diagonal hard edge
    img[h // 8:h // 8 + h // 6, w // 8:w // 8 + w // 5, :] = 255.0
    img[h // 8:h // 8 + h // 6, w // 8 + w // 5:w // 8 + 2 * (w // 5), :] = 0.0
    img[(x - 0.6 * y) > 0.7 * w, 1] = 30.0
    # one-pixel lines, horizontal and vertical
    img[h // 2::7, :, 0] = 250.0
    img[:, w // 3::5, 2] = 5.0
    # full-range noise patch
    ph, pw = max(h // 5, 4), max(w // 5, 4)
    py, px = h - ph - h // 10, w - pw - w // 10
    img[py:py + ph, px:px + pw, :] = rng.integers(0, 256, size=(ph, pw, 3))
    return Image.fromarray(np.clip(np.rint(img), 0, 255).astype(np.uint8), "RGB")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_resize_fixture.py OUT_DIR")
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    lines = []
    for name, w, h, explicit, seed in CASES:
        img = make_image(w, h, seed)
        img.save(os.path.join(out_dir, name + ".png"), optimize=True)
        new_w, new_h = explicit if explicit else resized_size(w, h, SHORT_SIDE)
        resized = img.resize((new_w, new_h), Image.BILINEAR)
        cropped = np.asarray(center_crop(resized, CROP), dtype=np.uint8)
        assert cropped.shape == (CROP, CROP, 3)
        with open(os.path.join(out_dir, name + ".chw"), "wb") as f:
            f.write(np.ascontiguousarray(cropped.transpose(2, 0, 1)).tobytes())
        lines.append("%s %d %d %d %d %s" % (name, w, h, new_w, new_h, "explicit" if explicit else "torchvision"))
    with open(os.path.join(out_dir, "cases.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
