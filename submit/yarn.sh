#!/usr/bin/env bash
# Runs a subcommand on YARN: submit/yarn.sh train --config conf/cluster-cpu.conf (or conf/cluster-gpu.conf, where
# executors get one GPU each: GPU=1 or the config's spark.executor.resource.gpu.amount asks; the discovery script
# then travels with --files). In cluster mode (the default) a --config file travels too, and the driver reads it by
# its base name in its YARN container. --dry-run prints the exact spark-submit command instead; common.sh lists the
# environment it reads (QUEUE, APP_NAME, DRIVER_MEMORY, PRINCIPAL + KEYTAB, APP_JAR, SPARK_HOME, ...).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MASTER_ARGS=(--master yarn --deploy-mode "${DEPLOY_MODE:-cluster}")
EXTRA_CONF=()
GPU_SHIP=("$here/conf/getGpusResources.sh")
GPU_CONF=(--conf spark.executor.resource.gpu.amount=1
  --conf spark.task.resource.gpu.amount=1
  --conf spark.executor.resource.gpu.discoveryScript=./getGpusResources.sh)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
