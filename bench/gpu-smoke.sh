#!/usr/bin/env bash
# The first GPU run in one command, on a machine with an NVIDIA GPU and a JVM: prints the backend, the device and
# its compute capability, whether cuDNN is in use, native ops per step, and bench-step img/s for seed and paper at
# batch 32 and 128 next to PyTorch's on the same GPU. Exits non-zero when the GPU backend did not load.
#
#   mvn -Pcuda -DskipTests package && bench/gpu-smoke.sh
#   STEPS=3 CONFIGS="seed:32" bench/gpu-smoke.sh
#
# Needs the cuda build (target-cuda/) and CUDA 11 libraries (README, GPUs); PyTorch (python3 -c 'import torch')
# for the side-by-side figures, skipped with a note when absent.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${DCGAN_CUDA_BUILD:-$root/target-cuda}"
warmup="${WARMUP:-3}"
steps="${STEPS:-10}"
configs="${CONFIGS:-seed:32 seed:128 paper:32 paper:128}"
python="${PYTHON:-/usr/bin/python3}"
if [[ ! -f "$build/celeba-dcgan-spark.jar" ]]; then
  echo "gpu-smoke: no cuda build in $build (run: mvn -Pcuda -DskipTests package)" >&2
  exit 2
fi
nvidia-smi --query-gpu=index,name,compute_cap,driver_version,memory.total --format=csv || true
mapfile -t opens < "$root/submit/jvm-options"
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
for c in $configs; do
  arch="${c%%:*}"; batch="${c##*:}"
  echo "== $arch batch $batch: DL4J (cuda build)" >&2
  java "${opens[@]}" -cp "$build/celeba-dcgan-spark.jar:$build/lib/*" org.celebadcgan.cli.Main bench-step \
    --device gpu --arch "$arch" --batch "$batch" --warmup "$warmup" --steps "$steps" | tee /dev/stderr \
    | tail -n 1 >> "$results"
  if "$python" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
    echo "== $arch batch $batch: PyTorch (cuda)" >&2
    "$python" "$root/scripts/torch_step_bench.py" --device cuda --arch "$arch" --batch "$batch" \
      --warmup "$warmup" --steps "$steps" | tee /dev/stderr | tail -n 1 >> "$results"
  else
    echo "== PyTorch with CUDA not found: DL4J figures only" >&2
  fi
done
"$python" - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
dl4j = [r for r in rows if r["impl"] == "dl4j"]
torch = {(r["arch"], r["batch"]): r for r in rows if r["impl"].startswith("torch")}
print(f"\n{'arch':6} {'batch':>5} | {'backend':7} {'cuDNN':5} {'DL4J img/s':>10} {'ops':>5} | {'torch img/s':>11} {'ops':>5} | {'ratio':>5}")
ok = True
for d in dl4j:
    t = torch.get((d["arch"], d["batch"]))
    ok &= d.get("backend") == "CUDA"
    print(f"{d['arch']:6} {d['batch']:>5} | {d.get('backend', '?'):7} {str(d.get('cudnn')):5} {d['img_s']:>10.1f} "
          f"{d.get('ops_per_step', '?'):>5} | " + (f"{t['img_s']:>11.1f} {t.get('ops_per_step', '?'):>5} | "
          f"{d['img_s'] / t['img_s']:>4.2f}x" if t else f"{'-':>11} {'-':>5} | {'-':>5}"))
if not ok or not dl4j:
    print("gpu-smoke: the CUDA backend did not load (see the lines above)", file=sys.stderr)
    sys.exit(1)
PY
