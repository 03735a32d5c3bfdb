#!/usr/bin/env bash
# Checks a Dockerfile without a Docker daemon (.ci/check-dockerfile.js says what): .ci/check-dockerfile.sh [DOCKERFILE]
# (default: the repository's). The in-image paths it must provide come from submit/k8s.sh --dry-run itself.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dockerfile="$(realpath "${1:-$root/Dockerfile}")"
cd "$root"
# The parser, pinned by .ci/package-lock.json, into the gitignored .ci/node_modules.
if [[ ! -d .ci/node_modules/dockerfile-ast || .ci/package-lock.json -nt .ci/node_modules/.package-lock.json ]]; then
  (cd .ci && npm ci --silent --no-audit --no-fund)
fi
dry=$(env -u UPLOAD_PATH -u APP_JAR GPU=1 submit/k8s.sh --dry-run train \
  --config local:///opt/celeba-dcgan/conf/cluster-cpu.conf)
jar=$(grep -o 'local://[^ ]*\.jar' <<<"$dry" | sed 's|^local://||')
script=$(grep -o 'spark\.executor\.resource\.gpu\.discoveryScript=[^ ]*' <<<"$dry" | cut -d= -f2)
config=$(grep -o -- '--config [^ ]*' <<<"$dry" | cut -d' ' -f2)
if [[ -z "$jar" || -z "$script" || -z "$config" ]]; then
  echo "submit/k8s.sh --dry-run names no in-image jar, discovery script or config: $dry" >&2
  exit 1
fi
node .ci/check-dockerfile.js "$dockerfile" \
  "{\"jar\": \"$jar\", \"discovery script\": \"$script\", \"config\": \"$config\"}"
