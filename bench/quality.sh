#!/usr/bin/env bash
# Does our trainer train as well as PyTorch? Trains, on the same prepared set and with the demo's settings (paper at
# half width, batch 64, Adam 2e-4 / 0.5), for SEEDS seeds each: our trainer with 1 worker and K = 1, our trainer
# with 2 workers and the demo's K (conf/local.conf's train.syncEvery, what submit/demo.sh runs), and the PyTorch
# twin (scripts/dcgan_torch_train.py, one process); scores every EVAL_EVERY steps by SWD x10^3 of IMAGES generated
# against real images (ours in the job, eval.everySteps / eval.images; the twin's samples with `evaluate`, the same
# SWD code), and prints the curves side by side with mean and min-max over seeds, next to the real-vs-real floor
# (`evaluate` on two disjoint halves of the prepared set). Figures land in OUT/quality.md and OUT/quality.json.
# (2 workers train as the demo does: its K and train.sync.mode from conf/local.conf.)
#
#   bench/quality.sh                                  # 3 seeds, 1,200 steps, SWD of 512 images every 200 steps
#   STEPS=200 SEEDS=1 EVAL_EVERY=100 IMAGES=128 bench/quality.sh    # smoke check
#   PARTS=torch STEPS=4 EVAL_EVERY=2 IMAGES=16 bench/quality.sh     # only the twin's training (no evaluate)
#
# Environment: SEEDS (3), STEPS (1200), EVAL_EVERY (200), IMAGES (512), DATA (a prepared set; default
# out/demo-data/celeba-64, made as submit/demo.sh makes it, DEMO_IMAGES faces), OUT (out/quality, emptied first),
# K (the demo's syncEvery), CONFIGS (ours as WORKERS:K[:MODE[:MOMENTS]]: MODE average or gradients (the latter on the
# ring), MOMENTS average or local (train.sync.moments); default "1:1 2:K"), SETS (more of our settings for every run of
# ours, as key=value words, e.g. "model.gWidth=16 model.dWidth=16 train.batchSize=32"; the twin does not read them, so
# leave torch out of PARTS with SETS), PARTS (any of: floor ours torch; default all), THREADS (PyTorch threads; nproc).
# Needs Debian's python3-torch and pyarrow for /usr/bin/python3 (pip install --user pyarrow). Full size takes hours
# on 2 cores: each of the 3 x SEEDS runs is a full training run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
py=/usr/bin/python3
seeds="${SEEDS:-3}"
steps="${STEPS:-1200}"
every="${EVAL_EVERY:-200}"
images="${IMAGES:-512}"
data="${DATA:-out/demo-data/celeba-64}"
out="${OUT:-out/quality}"
parts="${PARTS:-floor ours torch}"
threads="${THREADS:-$(nproc)}"
sets="${SETS:-}"
# The demo's K, from the config file the demo trains with.
k="${K:-$(sed -n 's/^ *syncEvery *= *\([0-9][0-9]*\).*/\1/p' conf/local.conf | head -n 1)}"
[[ -n "$k" ]] || { echo "cannot read train.syncEvery from conf/local.conf; set K" >&2; exit 2; }
has() { [[ " $parts " == *" $1 "* ]]; }
if [[ -n "$sets" ]] && has torch; then
  echo "SETS change only our runs: leave torch out of PARTS (e.g. PARTS='floor ours')" >&2
  exit 2
fi
# The demo's sync mode (average unless conf/local.conf says gradients).
demo_mode="$(sed -n 's/^ *mode *= *\(average\|gradients\).*/\1/p' conf/local.conf | head -n 1)"
# Our trainer's configurations as WORKERS:K[:MODE[:MOMENTS]] (default: 1 worker K = 1, and 2 workers as the demo trains).
configs="${CONFIGS:-1:1 2:$k:${demo_mode:-average}}"

if [[ ! -f "$data/manifest.json" ]]; then
  [[ -z "${DATA:-}" ]] || { echo "DATA=$data is not a prepared set (no manifest.json)" >&2; exit 2; }
  demo_data="$(dirname "$data")"
  if [[ ! -f "$demo_data/celeba/list_eval_partition.txt" ]]; then
    rm -rf "$demo_data/celeba"
    submit/local.sh synth --output "$demo_data/celeba" --count "${DEMO_IMAGES:-3000}"
  fi
  rm -rf "$data"
  submit/local.sh prepare --input "$demo_data/celeba" --output "$data" --split train
fi
data="$(cd "$data" && pwd)"
# The floor and the twin's SWD need the evaluate command: fail now, not after hours of training, when it is
# missing (a twin-only run, PARTS=torch, then just writes the samples).
scored=1
# (picocli answers an unknown subcommand's --help with the top-level usage and exit 0: look at the usage line)
if ! submit/local.sh evaluate --help 2>&1 | head -n 1 | grep -q " evaluate"; then
  scored=0
  if has floor || has ours; then
    echo "submit/local.sh evaluate is not available (needed for the floor and the twin's SWD)" >&2
    exit 2
  fi
  echo "evaluate is not available: the twin's samples are written, not scored" >&2
fi
rm -rf "$out"
mkdir -p "$out"
echo "quality: $seeds seed(s), $steps steps, SWD of $images images every $every steps, K=$k, data $data" >&2

# SWD of the last stdout line's JSON ("swd": the average of levels), as {"step": S, "evaluate": {...}} (json, not string pasting).
evaluate_line() { # step fake real n
  local last
  last="$(submit/local.sh evaluate --fake "$2" --real "$3" --images "$4" | tail -n 1)"
  "$py" -c 'import json, sys; print(json.dumps({"step": int(sys.argv[1]), "evaluate": json.loads(sys.argv[2])}))' \
    "$1" "$last"
}

if has floor; then
  echo "== real-vs-real floor" >&2
  split="$("$py" scripts/split_prepared.py "$data" "$out/floor-data")"
  half="$("$py" -c 'import json, sys; print(min(json.loads(sys.argv[1])["halfBCount"], int(sys.argv[2])))' \
    "$split" "$images")"
  evaluate_line 0 "$out/floor-data/half-a-png" "$out/floor-data/half-b" "$half" \
    | "$py" -c 'import json, sys; print(json.dumps(json.loads(sys.stdin.read())["evaluate"]))' > "$out/floor.json"
fi

for s in $(seq 1 "$seeds"); do
  if has ours; then
    for wk in $configs; do
      IFS=: read -r w kk mode moments <<< "$wk"
      sync=()
      run="ours-w$w-k$kk"
      # The mode is always set: conf/local.conf's own (gradients) would otherwise stand in for "average".
      case "${mode:-average}" in
        average) sync=(--set train.sync.mode=average) ;;
        gradients) sync=(--set train.sync.mode=gradients --set train.sync.transport=ring); run="$run-gradients" ;;
        *) echo "CONFIGS: '$wk': the mode must be average or gradients" >&2; exit 2 ;;
      esac
      case "${moments:-average}" in
        average) ;;
        local) sync+=(--set train.sync.moments=local); run="$run-local" ;;
        *) echo "CONFIGS: '$wk': the moments must be average or local" >&2; exit 2 ;;
      esac
      for kv in $sets; do sync+=(--set "$kv"); done
      run="$run-s$s"
      echo "== $run" >&2
      submit/local.sh train --config conf/local.conf --fresh --set "data.input=$data" --set "train.steps=$steps" \
        --set "train.seed=$s" --set "train.workers=$w" --set "train.syncEvery=$kk" --set "eval.everySteps=$every" \
        --set "eval.images=$images" --set "output.root=$out/$run" "${sync[@]}" > "$out/$run.log" 2>&1 \
        || { echo "$run failed: tail of $out/$run.log:" >&2; tail -n 20 "$out/$run.log" >&2; exit 1; }
    done
  fi
  if has torch; then
    run="torch-s$s"
    echo "== $run" >&2
    "$py" scripts/dcgan_torch_train.py --data "$data" --out "$out/$run" --steps "$steps" --eval-every "$every" \
      --eval-images "$images" --seed "$s" --threads "$threads" > "$out/$run.log" 2>&1 \
      || { echo "$run failed: tail of $out/$run.log:" >&2; tail -n 20 "$out/$run.log" >&2; exit 1; }
    if (( scored )); then
      for dir in "$out/$run"/samples/step-*; do
        step="$((10#${dir##*step-}))"
        evaluate_line "$step" "$dir" "$data" "$images" >> "$out/$run/swd.jsonl"
      done
    fi
  fi
done

if (( scored )); then
  "$py" scripts/quality_table.py "$out" | tee "$out/quality.md"
else
  echo "not scored; the twin's samples are under $out/torch-s*/samples/" >&2
fi
