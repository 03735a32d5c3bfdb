#!/usr/bin/env bash
# The whole job on this machine, as a newcomer's first run: generate CelebA-like data (CelebA's layout), prepare it
# on Spark (decode, resize, crop to Parquet), then train with Spark local[*] on 2 workers for a few minutes, writing
# checkpoints, sample grids, metrics and index.html under out/demo. Run it again: it resumes (steps already done are
# not redone; raise train.steps with --set to continue). Extra arguments go to `train` (e.g. --fresh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
data="${DEMO_DATA:-out/demo-data}"
if [[ ! -f "$data/celeba/list_eval_partition.txt" ]]; then
  rm -rf "$data/celeba"
  submit/local.sh synth --output "$data/celeba" --count "${DEMO_IMAGES:-3000}"
fi
if [[ ! -f "$data/celeba-64/manifest.json" ]]; then
  rm -rf "$data/celeba-64"
  submit/local.sh prepare --input "$data/celeba" --output "$data/celeba-64" --split train
fi
submit/local.sh train --config conf/local.conf --set "data.input=$data/celeba-64" "$@"
echo
echo "Look at: out/demo/index.html (report, with the SWD curve), out/demo/samples/latest.png (newest grid),"
echo "out/demo/metrics.jsonl; score the generator again: submit/local.sh evaluate --checkpoint out/demo --real $data/celeba-64"
