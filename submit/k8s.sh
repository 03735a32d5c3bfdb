#!/usr/bin/env bash
# Runs a subcommand on Kubernetes with one NVIDIA GPU per executor:
#   K8S_API=https://host:6443 IMAGE=registry/celeba-dcgan:tag submit/k8s.sh train --config conf/cluster-gpu.conf
# --dry-run prints the exact spark-submit command instead.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MASTER_ARGS=(--master "k8s://${K8S_API:-https://kubernetes.default.svc}" --deploy-mode cluster)
EXTRA_CONF=(--conf "spark.kubernetes.container.image=${IMAGE:-celeba-dcgan-spark:latest}"
  --files "$here/conf/getGpusResources.sh"
  --conf spark.executor.resource.gpu.vendor=nvidia.com
  --conf spark.executor.resource.gpu.amount=1
  --conf spark.task.resource.gpu.amount=1
  --conf spark.executor.resource.gpu.discoveryScript=./getGpusResources.sh)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
