#!/usr/bin/env python3
"""Writes the JPEG decoding fixtures that ImageDecodeParityTest reads.

    /usr/bin/python3 scripts/make_decode_fixture.py src/test/resources/decode

Needs Debian's python3-pil and python3-numpy. Writes:
- face.jpg: a 178x218 JPEG (quality 90) of a drawn face-like scene with gradients and edges, and face.chw, what
  PIL's decoder (libjpeg) then Resize(64) + CenterCrop(64) make of it (3x64x64 bytes, CHW): the whole preprocessing
  path, decoder included, to compare with ours (the JDK's decoder differs from libjpeg by rounding).
- cmyk-cyan.jpg: an 80x96 CMYK JPEG as Photoshop and PIL write them (Adobe marker, inverted ink values) of uniform
  ink C=200 M=20 Y=20 K=0, and cmyk-cyan.rgb: PIL's convert("RGB") of its centre pixel (3 bytes).
"""
import os
import sys

import numpy as np
from PIL import Image, ImageDraw


def resized_size(w, h, size=64):
    short, long_ = (w, h) if w <= h else (h, w)
    new_short, new_long = size, int(size * long_ / short)
    return (new_short, new_long) if w <= h else (new_long, new_short)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/decode"
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(7)
    w, h = 178, 218
    y, x = np.mgrid[0:h, 0:w]
    base = np.stack([x * 255 // w, y * 255 // h, (x + y) * 255 // (w + h)], axis=-1).astype(np.uint8)
    img = Image.fromarray(base, "RGB")
    d = ImageDraw.Draw(img)
    d.ellipse([40, 50, 140, 180], fill=(230, 190, 150))
    d.ellipse([65, 95, 80, 105], fill=(255, 255, 255))
    d.ellipse([100, 95, 115, 105], fill=(255, 255, 255))
    d.rectangle([70, 140, 110, 146], fill=(180, 40, 60))
    noise = rng.integers(-12, 13, size=(h, w, 3))
    img = Image.fromarray(np.clip(np.asarray(img).astype(int) + noise, 0, 255).astype(np.uint8), "RGB")
    img.save(os.path.join(out, "face.jpg"), quality=90)

    dec = Image.open(os.path.join(out, "face.jpg")).convert("RGB")
    nw, nh = resized_size(*dec.size)
    r = dec.resize((nw, nh), Image.BILINEAR)
    top, left = int(round((nh - 64) / 2.0)), int(round((nw - 64) / 2.0))
    crop = np.asarray(r.crop((left, top, left + 64, top + 64)))
    with open(os.path.join(out, "face.chw"), "wb") as f:
        f.write(np.ascontiguousarray(crop.transpose(2, 0, 1)).tobytes())

    cmyk = Image.new("CMYK", (80, 96), (200, 20, 20, 0))
    cmyk.save(os.path.join(out, "cmyk-cyan.jpg"), quality=95)
    rgb = Image.open(os.path.join(out, "cmyk-cyan.jpg")).convert("RGB").getpixel((40, 48))
    with open(os.path.join(out, "cmyk-cyan.rgb"), "wb") as f:
        f.write(bytes(rgb))
    print("wrote", sorted(os.listdir(out)), "PIL cmyk->rgb", rgb)


if __name__ == "__main__":
    main()
