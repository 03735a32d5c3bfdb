#!/usr/bin/env bash
# Benchmarks the full GAN step (D step + G step) in DL4J and in PyTorch, back to back on the same machine and
# thread count, and prints the two side by side with their ratio. Each measurement is its own process, so peak
# RSS is the step's alone.
#
#   bench/gan-step.sh                        # seed and paper at batch 32 and 128, 2 warmup + 5 timed steps
#   CONFIGS="paper:32" STEPS=3 bench/gan-step.sh
#
# Needs Debian's python3-torch with an optimised BLAS (apt-get install python3-torch libopenblas0-pthread):
# with the reference BLAS PyTorch runs ~5x slower and the ratio means nothing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
threads="${THREADS:-$(nproc)}"
warmup="${WARMUP:-2}"
steps="${STEPS:-5}"
configs="${CONFIGS:-seed:32 seed:128 paper:32 paper:128}"
export OMP_NUM_THREADS="$threads"
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
for c in $configs; do
  arch="${c%%:*}"; batch="${c##*:}"
  echo "== $arch batch $batch: DL4J" >&2
  "$root/submit/local.sh" bench-step --arch "$arch" --batch "$batch" --warmup "$warmup" --steps "$steps" \
    | tee /dev/stderr | tail -n 1 >> "$results"
  echo "== $arch batch $batch: PyTorch" >&2
  /usr/bin/python3 "$root/scripts/torch_step_bench.py" --arch "$arch" --batch "$batch" --warmup "$warmup" \
    --steps "$steps" --threads "$threads" | tee /dev/stderr | tail -n 1 >> "$results"
done
/usr/bin/python3 - "$results" "$threads" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
by = {}
for r in rows:
    by.setdefault((r["arch"], r["batch"]), {})[r["impl"]] = r
print(f"\nGAN step, {sys.argv[2]} threads (img/s higher is better; RSS = peak resident memory)")
print(f"{'arch':6} {'batch':>5} | {'DL4J img/s':>10} {'ms/step':>8} {'RSS MB':>7} | {'torch img/s':>11} {'ms/step':>8} {'RSS MB':>7} | {'speed':>6} {'RSS':>6} | {'ops DL4J':>8} {'ops torch':>9}")
for (arch, batch), v in by.items():
    d, t = v.get("dl4j"), v.get("torch")
    if not d or not t:
        continue
    print(f"{arch:6} {batch:>5} | {d['img_s']:>10.2f} {d['ms_per_step']:>8.0f} {d['peak_rss_mb']:>7} | "
          f"{t['img_s']:>11.2f} {t['ms_per_step']:>8.0f} {t['peak_rss_mb']:>7} | "
          f"{d['img_s'] / t['img_s']:>5.2f}x {d['peak_rss_mb'] / t['peak_rss_mb']:>5.2f}x | "
          f"{d.get('ops_per_step', '?'):>8} {t.get('ops_per_step', '?'):>9}")
PY
