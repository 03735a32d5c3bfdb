#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript): prints the GPUs this executor may use
# as Spark's ResourceInformation JSON, e.g. {"name": "gpu", "addresses": ["0","1"]}. Same contract as the script
# Spark ships in examples/src/main/scripts/getGpusResources.sh.
set -euo pipefail
if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo '{"name": "gpu", "addresses": []}'
  exit 0
fi
addrs=$(nvidia-smi --query-gpu=index --format=csv,noheader | sed -e 's/^ *//' -e 's/.*/"&"/' | paste -sd, -)
echo "{\"name\": \"gpu\", \"addresses\": [${addrs}]}"
