# Shared by the cluster launchers: builds the spark-submit command for a subcommand of the job.
# Sourced, not run. Callers set MASTER_ARGS (array) and EXTRA_CONF (array of --conf/--files pairs) first.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The cluster jar (mvn -Pcpu,cluster or -Pcuda,cluster -Dbuild.dir=target-cluster package) when built: one file,
# Spark and Hadoop provided by the cluster. Otherwise the thin jar plus its dependencies with --jars.
cluster_jar=$(ls "$root"/target-cluster/celeba-dcgan-spark-cluster.jar 2>/dev/null || true)
jar="${cluster_jar:-$root/target/celeba-dcgan-spark.jar}"
dry_run=false
if [[ "${1:-}" == "--dry-run" ]]; then
  dry_run=true
  shift
fi
if [[ $# -eq 0 ]]; then
  echo "usage: $(basename "$0") [--dry-run] SUBCOMMAND [options]   (e.g. train --config conf/cluster-gpu.conf)" >&2
  exit 2
fi
if [[ "$dry_run" == false && ! -f "$jar" ]]; then
  echo "building $jar ..." >&2
  (cd "$root" && mvn -q -B -DskipTests package) >&2
fi
# The job's own dependencies; Spark, Scala and Hadoop's client come from the cluster.
deps=""
if [[ -z "$cluster_jar" && -d "$root/target/lib" ]]; then
  deps=$(find "$root/target/lib" -name '*.jar' \
    | grep -Ev '/(spark-|scala-|hadoop-client-|log4j-|slf4j-)[^/]*\.jar$' | sort | paste -sd, -)
fi
java_opts="$(paste -sd' ' "$root/submit/jvm-options")"
cmd=(spark-submit "${MASTER_ARGS[@]}"
  --class org.celebadcgan.cli.Main
  --conf "spark.driver.extraJavaOptions=$java_opts"
  --conf "spark.executor.extraJavaOptions=$java_opts"
  --conf "spark.executorEnv.MALLOC_MMAP_THRESHOLD_=1048576"
  "${EXTRA_CONF[@]}")
if [[ -n "$deps" ]]; then
  cmd+=(--jars "$deps")
fi
cmd+=("$jar" "$@")
if [[ "$dry_run" == true ]]; then
  printf '%q ' "${cmd[@]}"
  echo
  exit 0
fi
exec "${cmd[@]}"
