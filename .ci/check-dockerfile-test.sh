#!/usr/bin/env bash
# Proves each check of .ci/check-dockerfile.sh can fail: breaks a copy of the Dockerfile (or its .dockerignore) one
# way at a time and expects exit 1 with the message that names the break.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failed=0
# break NAME EXPECTED-MESSAGE SED-SCRIPT [dockerignore]: applies the sed script to a copy and runs the check
break_it() {
  local name="$1" expected="$2" script="$3" target="${4:-Dockerfile}"
  rm -rf "$tmp/ctx" && mkdir "$tmp/ctx"
  cp "$root/Dockerfile" "$root/.dockerignore" "$tmp/ctx/"
  sed -i "$script" "$tmp/ctx/$target"
  if cmp -s "$root/$target" "$tmp/ctx/$target"; then
    echo "FAIL $name: the sed script changed nothing"
    failed=1
    return
  fi
  set +e
  out=$("$root/.ci/check-dockerfile.sh" "$tmp/ctx/Dockerfile" 2>&1)
  rc=$?
  set -e
  if [[ $rc -eq 1 ]] && grep -qF -- "$expected" <<<"$out"; then
    echo "ok   $name: $(grep -F -- "$expected" <<<"$out" | head -1 | sed "s|$tmp/ctx/||")"
  else
    echo "FAIL $name: rc=$rc, expected '$expected' in: $out"
    failed=1
  fi
}
"$root/.ci/check-dockerfile.sh" >/dev/null
break_it "missing COPY source" "COPY source conf/getGpuResources.sh" \
  's|COPY --chmod=755 conf/getGpusResources.sh|COPY --chmod=755 conf/getGpuResources.sh|'
break_it "undefined stage" "COPY --from=spark-dist: no build stage of that name before this one" \
  's|COPY --from=spark /opt/spark /opt/spark|COPY --from=spark-dist /opt/spark /opt/spark|'
break_it "jar path differs from k8s.sh" "submit/k8s.sh's jar /opt/celeba-dcgan/celeba-dcgan-spark-cluster.jar is not" \
  's|/opt/celeba-dcgan/celeba-dcgan-spark-cluster.jar|/opt/celeba/celeba-dcgan-spark-cluster.jar|'
break_it "GPU base stage renamed" 'gives base-gpu, which is no build stage before it' \
  's|AS base-gpu|AS base-cuda|'
break_it "wrong CUDA base" "BASE=gpu builds on nvidia/cuda:12.2.0-cudnn8-runtime-ubuntu22.04" \
  's|nvidia/cuda:11.8.0-cudnn8|nvidia/cuda:12.2.0-cudnn8|'
break_it "unused stage" "stage java is never used" \
  's|^COPY --from=java .*$||'
break_it "invalid instruction" "invalid: Unknown instruction: WORKDIRR" \
  's|^WORKDIR /opt/spark/work-dir|WORKDIRR /opt/spark/work-dir|'
break_it "source left out of the context" "excluded from the build context by .dockerignore" \
  '/^!conf\/getGpusResources.sh/d' .dockerignore
exit "$failed"
