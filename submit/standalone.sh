#!/usr/bin/env bash
# Runs a subcommand on a Spark standalone cluster: SPARK_MASTER_URL=spark://host:7077 submit/standalone.sh train ...
# --dry-run prints the exact spark-submit command instead.
set -euo pipefail
MASTER_ARGS=(--master "${SPARK_MASTER_URL:-spark://localhost:7077}" --deploy-mode "${DEPLOY_MODE:-client}")
EXTRA_CONF=()
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
