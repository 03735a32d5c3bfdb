#!/usr/bin/env bash
# Runs a subcommand of the job in this JVM with an embedded local Spark: submit/local.sh SUBCOMMAND [options].
# Builds the jar first when it is missing. JAVA_OPTS adds JVM options (default heap: -Xmx4g).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/target/celeba-dcgan-spark.jar"
if [[ ! -f "$jar" || ! -d "$root/target/lib" ]]; then
  echo "building $jar (first run only) ..." >&2
  (cd "$root" && mvn -q -B -DskipTests package) >&2
fi
# One OpenMP/BLAS thread per core unless the caller chose.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}"
# Native temporaries of 1 MiB and more go back to the OS when freed; with glibc's adaptive threshold they stay
# in the heap and peak RSS grows by ~40% (docs/performance.md).
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-1048576}"
mapfile -t opens < "$root/submit/jvm-options"
exec java "${opens[@]}" ${JAVA_OPTS:--Xmx4g} -cp "$jar:$root/target/lib/*" org.celebadcgan.cli.Main "$@"
