#!/usr/bin/env bash
# Decode + resize + crop per core, Java (ImageIO + our Pillow-exact resize) against PIL on the same generated
# CelebA-sized JPEGs, side by side with the ratio; then end-to-end `prepare` throughput in local mode.
#   bench/decode.sh                      # 2,000 files per core test, 20,000 for prepare
#   PREPARE_COUNT=5000 bench/decode.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${WORK:-$(mktemp -d)}"
count="${PREPARE_COUNT:-20000}"
echo "== generating $count CelebA-like JPEGs in $work/celeba" >&2
"$root/submit/local.sh" synth --output "$work/celeba" --count "$count" >&2
java_json=$("$root/submit/local.sh" bench-decode --input "$work/celeba/img_align_celeba" --limit 2000 | tee /dev/stderr | tail -n 1)
pil_json=$(/usr/bin/python3 "$root/scripts/pil_decode_bench.py" --input "$work/celeba/img_align_celeba" --limit 2000 | tee /dev/stderr | tail -n 1)
echo "== prepare (local[*], split all) of $count images" >&2
prep=$("$root/submit/local.sh" prepare --input "$work/celeba" --output "$work/prepared" --split all 2>/dev/null | tail -n 1)
/usr/bin/python3 - "$java_json" "$pil_json" "$prep" "$(nproc)" <<'PY'
import json, sys
j, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"\ndecode + resize + crop, one core, {j['images']} generated 178x218 JPEGs")
print(f"  Java {j['img_s_per_core']:.0f} img/s | PIL {p['img_s_per_core']:.0f} img/s | ratio {j['img_s_per_core'] / p['img_s_per_core']:.2f}x")
print(f"prepare end to end ({sys.argv[4]} cores): {sys.argv[3]}")
PY
rm -rf "$work"
