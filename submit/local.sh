#!/usr/bin/env bash
# Runs a subcommand of the job in this JVM with an embedded local Spark: submit/local.sh SUBCOMMAND [options].
# Builds the jar first when it is missing. JAVA_OPTS adds JVM options (default heap: -Xmx4g).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# DCGAN_BUILD=cuda runs the cuda build (target-cuda/); the default is the CPU build (target/).
case "${DCGAN_BUILD:-cpu}" in
  cpu) build="$root/target"; profile="" ;;
  cuda) build="$root/target-cuda"; profile="-Pcuda" ;;
  *) echo "DCGAN_BUILD must be cpu or cuda, got '${DCGAN_BUILD}'" >&2; exit 2 ;;
esac
jar="$build/celeba-dcgan-spark.jar"
if [[ ! -f "$jar" || ! -d "$build/lib" ]]; then
  echo "building $jar (first run only) ..." >&2
  (cd "$root" && mvn -q -B $profile -DskipTests package) >&2
fi
# One OpenMP/BLAS thread per core unless the caller chose.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}"
mapfile -t opens < "$root/submit/jvm-options"
exec java "${opens[@]}" ${JAVA_OPTS:--Xmx4g} -cp "$jar:$build/lib/*" org.celebadcgan.cli.Main "$@"
