#!/usr/bin/env bash
# Runs a subcommand on YARN with one GPU per executor: submit/yarn.sh train --config conf/cluster-gpu.conf
# The GPU discovery script travels with --files, and so does a --config file in cluster mode (the driver runs in a
# YARN container and reads it by its base name there). --dry-run prints the exact spark-submit command instead.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MASTER_ARGS=(--master yarn --deploy-mode "${DEPLOY_MODE:-cluster}")
SHIP_FILES=("$here/conf/getGpusResources.sh")
EXTRA_CONF=(--conf spark.executor.resource.gpu.amount=1
  --conf spark.task.resource.gpu.amount=1
  --conf spark.executor.resource.gpu.discoveryScript=./getGpusResources.sh)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
