#!/usr/bin/env bash
# Runs a subcommand on Kubernetes in the image the repository's Dockerfile builds (jar and discovery script at the
# fixed paths below):
#   K8S_API=https://host:6443 IMAGE=registry/celeba-dcgan:tag UPLOAD_PATH=s3a://bucket/spark-uploads \
#     submit/k8s.sh train --config conf/cluster-gpu.conf
# A local --config is uploaded to UPLOAD_PATH (spark.kubernetes.file.upload.path, any Hadoop URI the submitter and
# the pods reach) and read by the driver from its working directory; --config local:///opt/celeba-dcgan/conf/...
# reads the image's copy and needs no upload. GPU=1 or a GPU config: one nvidia.com/gpu per executor pod.
# NAMESPACE, SERVICE_ACCOUNT: where the pods run and as whom. DELETE_DRIVER=1 deletes the driver pod after a
# successful run (kubectl; Spark 3.5 deletes executor pods itself but keeps the driver's for its log).
# --dry-run prints the exact spark-submit command instead.
set -euo pipefail
# In the image: keep equal to the Dockerfile (.ci/check-dockerfile.sh compares them).
image_home=/opt/celeba-dcgan
MASTER_ARGS=(--master "k8s://${K8S_API:-https://kubernetes.default.svc}" --deploy-mode cluster)
DEFAULT_JAR="local://$image_home/celeba-dcgan-spark-cluster.jar"
EXTRA_CONF=(--conf "spark.kubernetes.container.image=${IMAGE:-celeba-dcgan-spark:latest}")
namespace="${NAMESPACE:-default}"
EXTRA_CONF+=(--conf "spark.kubernetes.namespace=$namespace")
[[ -n "${SERVICE_ACCOUNT:-}" ]] && EXTRA_CONF+=(--conf
  "spark.kubernetes.authenticate.driver.serviceAccountName=$SERVICE_ACCOUNT")
# A driver pod name chosen here, so it can be printed before the run and deleted after it (DNS-1123: lower case,
# digits and '-', at most 63 characters).
# (the subcommand: after a `--` when spark-submit options come first, else the first word that is no option)
sub="$(after=false; for a in "$@"; do [[ "$a" == -- ]] && after=true; done
  for a in "$@"; do
    if [[ "$after" == true ]]; then [[ "$a" == -- ]] && after=next; continue; fi
    [[ "$a" == -* ]] || { echo "$a"; break; }
  done)"
driver_pod="$(echo "celeba-dcgan-${sub:-run}-$(date -u +%Y%m%d-%H%M%S)" | tr 'A-Z_.' 'a-z--' | tr -cd 'a-z0-9-' \
  | cut -c1-56)-driver"
EXTRA_CONF+=(--conf "spark.kubernetes.driver.pod.name=$driver_pod")
# The executors' GPU: Spark turns vendor + amount into the pod limit nvidia.com/gpu: 1; the discovery script is the
# image's copy (no --files needed).
GPU_CONF=(--conf spark.executor.resource.gpu.vendor=nvidia.com
  --conf spark.executor.resource.gpu.amount=1
  --conf spark.task.resource.gpu.amount=1
  --conf "spark.executor.resource.gpu.discoveryScript=$image_home/getGpusResources.sh")
# A local --config needs somewhere to be uploaded to: without it the driver pod would not find the file.
prev=""
for a in "$@"; do
  if [[ "$prev" == --config && "$a" != local://* && -f "$a" && -z "${UPLOAD_PATH:-}" ]]; then
    echo "$(basename "$0"): --config $a is a local file and UPLOAD_PATH is not set: set UPLOAD_PATH to a Hadoop URI" \
      "the pods can read (e.g. s3a://bucket/spark-uploads), or use the image's copy:" \
      "--config local://$image_home/conf/$(basename "$a")" >&2
    exit 2
  fi
  prev="$a"
done
[[ -n "${UPLOAD_PATH:-}" ]] && EXTRA_CONF+=(--conf "spark.kubernetes.file.upload.path=$UPLOAD_PATH")
[[ "${1:-}" == --dry-run ]] || echo "celeba-dcgan: driver pod $driver_pod in namespace $namespace; its log: kubectl logs -f -n $namespace" \
  "$driver_pod" >&2
after_submit() {
  if [[ "${DELETE_DRIVER:-0}" == 1 && "$1" == 0 ]]; then
    kubectl delete pod -n "$namespace" "$driver_pod" >&2 \
      || echo "$(basename "$0"): could not delete driver pod $driver_pod (kubectl)" >&2
  fi
}
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
