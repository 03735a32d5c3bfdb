#!/usr/bin/env bash
# Runs a subcommand on a Spark standalone cluster: SPARK_MASTER_URL=spark://host:7077 submit/standalone.sh train ...
# DEPLOY_MODE=cluster runs the driver on a worker (the jar and the --config file must be readable there: APP_JAR=
# hdfs:///..., a shared filesystem). GPUs (GPU=1 or a GPU config) are found by the workers' own
# spark.worker.resource.gpu.* settings. --dry-run prints the exact spark-submit command instead.
set -euo pipefail
MASTER_ARGS=(--master "${SPARK_MASTER_URL:-spark://localhost:7077}" --deploy-mode "${DEPLOY_MODE:-client}")
EXTRA_CONF=()
if [[ "${DEPLOY_MODE:-client}" == cluster ]]; then
  # Without it spark-submit returns 0 as soon as the driver is launched, whatever the job does later.
  EXTRA_CONF+=(--conf spark.standalone.submit.waitAppCompletion=true)
fi
GPU_CONF=(--conf spark.executor.resource.gpu.amount=1 --conf spark.task.resource.gpu.amount=1)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
