#!/usr/bin/env python3
"""Cuts a prepared set into two disjoint halves for the real-vs-real SWD floor of bench/quality.sh.

    /usr/bin/python3 scripts/split_prepared.py PREPARED OUT

Rows alternate between the halves (file then row order). Writes OUT/half-a-png/ (half A as 64x64 PNGs, what
`evaluate --fake` reads) and OUT/half-b/ (half B as a prepared set: data/part-00000.parquet and a manifest.json
copied from the source with its count replaced and a note, what `evaluate --real` reads). Needs pyarrow and PIL.
"""
import glob
import json
import os
import sys

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from PIL import Image


def main():
    src, out = sys.argv[1], sys.argv[2]
    tables = [pq.read_table(f) for f in sorted(glob.glob(os.path.join(src, "data", "*.parquet")))]
    if not tables:
        raise SystemExit(f"{src}/data holds no parquet files")
    table = pa.concat_tables(tables)
    idx = np.arange(table.num_rows)
    half_a, half_b = table.take(pa.array(idx[0::2])), table.take(pa.array(idx[1::2]))

    png = os.path.join(out, "half-a-png")
    os.makedirs(png, exist_ok=True)
    for i, blob in enumerate(half_a.column("pixels").to_pylist()):
        hwc = np.frombuffer(blob, dtype=np.uint8).reshape(3, 64, 64).transpose(1, 2, 0)
        Image.fromarray(np.ascontiguousarray(hwc), "RGB").save(os.path.join(png, f"{i:05d}.png"))

    b = os.path.join(out, "half-b")
    os.makedirs(os.path.join(b, "data"), exist_ok=True)
    pq.write_table(half_b, os.path.join(b, "data", "part-00000.parquet"))
    with open(os.path.join(src, "manifest.json")) as f:
        manifest = json.load(f)
    manifest["count"] = half_b.num_rows
    manifest["note"] = f"odd rows of {src} (scripts/split_prepared.py); even rows are in {png}"
    with open(os.path.join(b, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    print(json.dumps({"halfA": png, "halfACount": half_a.num_rows, "halfB": b, "halfBCount": half_b.num_rows}))


if __name__ == "__main__":
    main()
