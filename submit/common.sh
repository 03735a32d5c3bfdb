# Shared by the cluster launchers: builds the spark-submit command for a subcommand of the job.
# Sourced, not run. Callers set MASTER_ARGS (array) and EXTRA_CONF (array of --conf/--files pairs) first.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# DCGAN_BUILD=cpu (default) or cuda picks the build: target/ and target-cluster/, or target-cuda/ and
# target-cuda-cluster/ (mvn -Pcuda[,cluster] -DskipTests package). The cluster jar when built: one file, Spark and
# Hadoop provided by the cluster; otherwise the thin jar plus its dependencies with --jars.
case "${DCGAN_BUILD:-cpu}" in
  cpu) build_dir="$root/target" ;;
  cuda) build_dir="$root/target-cuda" ;;
  *) echo "DCGAN_BUILD must be cpu or cuda, got '${DCGAN_BUILD}'" >&2; exit 2 ;;
esac
cluster_jar=$(ls "$build_dir"-cluster/celeba-dcgan-spark-cluster.jar 2>/dev/null || true)
jar="${cluster_jar:-$build_dir/celeba-dcgan-spark.jar}"
if [[ "${DCGAN_BUILD:-cpu}" == cuda ]]; then
  # The cuda build carries both ND4J backends; the driver needs no GPU, so it is pinned to the CPU backend
  # (client mode: this process's environment; cluster mode: the driver's).
  export BACKEND_PRIORITY_CPU=200
  EXTRA_CONF+=(--conf spark.yarn.appMasterEnv.BACKEND_PRIORITY_CPU=200
    --conf spark.kubernetes.driverEnv.BACKEND_PRIORITY_CPU=200)
fi
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
  profile=$([[ "${DCGAN_BUILD:-cpu}" == cuda ]] && echo "-Pcuda" || true)
  (cd "$root" && mvn -q -B $profile -DskipTests package) >&2
fi
# The job's own dependencies; Spark, Scala and Hadoop's client come from the cluster.
deps=""
if [[ -z "$cluster_jar" && -d "$build_dir/lib" ]]; then
  deps=$(find "$build_dir/lib" -name '*.jar' \
    | grep -Ev '/(spark-|scala-|hadoop-client-|log4j-|slf4j-)[^/]*\.jar$' | sort | paste -sd, -)
fi
# Files to ship with --files (spark-submit keeps only its last --files, so they go in one list). In YARN cluster
# mode the driver runs in a container on some node: a local --config file travels too, named by its base name.
ship=("${SHIP_FILES[@]+"${SHIP_FILES[@]}"}")
args=()
yarn_cluster=false
[[ " ${MASTER_ARGS[*]} " == *" --master yarn --deploy-mode cluster "* ]] && yarn_cluster=true
# YARN cluster mode: a bad setting fails in the driver's container, and spark-submit can only say "application
# failed" (exit 1, after YARN's retries). train's --config/--set are checked here first: exit 2 naming the key.
if [[ "$dry_run" == false && "$yarn_cluster" == true && "${1:-}" == train ]]; then
  check=()
  rest=("${@:2}")
  for ((i = 0; i < ${#rest[@]}; i++)); do
    case "${rest[i]}" in
      --config|--set) check+=("${rest[i]}" "${rest[i + 1]:-}"); i=$((i + 1)) ;;
      --config=*|--set=*) check+=("${rest[i]}") ;;
    esac
  done
  check_cp="$jar:$build_dir/lib/*"
  [[ -n "$cluster_jar" ]] && check_cp="$jar:${SPARK_HOME:?set SPARK_HOME: the cluster jar runs with its jars}/jars/*"
  # shellcheck disable=SC2046  # one JVM option per line in jvm-options
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" $(cat "$root/submit/jvm-options") \
    -cp "${HADOOP_CONF_DIR:+$HADOOP_CONF_DIR:}$check_cp" org.celebadcgan.cli.Main validate-config \
    "${check[@]+"${check[@]}"}" || exit $?
fi
while [[ $# -gt 0 ]]; do
  if [[ "$yarn_cluster" == true && "$1" == "--config" && $# -ge 2 && -f "$2" ]]; then
    ship+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")")
    args+=(--config "$(basename "$2")")
    shift 2
  else
    args+=("$1")
    shift
  fi
done
set -- "${args[@]}"
if [[ ${#ship[@]} -gt 0 ]]; then
  EXTRA_CONF+=(--files "$(IFS=,; echo "${ship[*]}")")
fi
java_opts="$(paste -sd' ' "$root/submit/jvm-options")"
# DRIVER_MEMORY (e.g. 4g): the driver's JVM starts before the job reads its config, so it comes from here.
if [[ -n "${DRIVER_MEMORY:-}" ]]; then
  MASTER_ARGS+=(--driver-memory "$DRIVER_MEMORY")
fi
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
