# Shared by the cluster launchers: builds the spark-submit command for a subcommand of the job and runs it.
# Sourced, not run. Callers set MASTER_ARGS (array: --master, --deploy-mode), EXTRA_CONF (array of --conf pairs),
# and optionally SHIP_FILES (files for --files), GPU_CONF and GPU_SHIP (what this manager needs when executors get a
# GPU), DEFAULT_JAR (where the jar is when APP_JAR is not set) and an after_submit function (run after spark-submit
# with its exit code).
#
# Usage: LAUNCHER [--dry-run] [SPARK-SUBMIT OPTIONS... --] SUBCOMMAND [options]
# Environment: DCGAN_BUILD (cpu|cuda), GPU (1: executors get one GPU each; 0: none; unset: as the --config file's
# spark.executor.resource.gpu.amount says), SPARK_HOME, APP_JAR (a jar already on the cluster, e.g.
# hdfs:///apps/celeba-dcgan.jar), APP_NAME, QUEUE, DRIVER_MEMORY, PRINCIPAL + KEYTAB.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage="usage: $(basename "$0") [--dry-run] [SPARK-SUBMIT OPTIONS... --] SUBCOMMAND [options]   (e.g. train --config conf/cluster-cpu.conf)"
fail() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}
# DCGAN_BUILD=cpu (default) or cuda picks the build: target/ and target-cluster/, or target-cuda/ and
# target-cuda-cluster/ (mvn -Pcuda[,cluster] -DskipTests package). The cluster jar when built: one file, Spark and
# Hadoop provided by the cluster; otherwise the thin jar plus its dependencies with --jars.
case "${DCGAN_BUILD:-cpu}" in
  cpu) build_dir="$root/target" ;;
  cuda) build_dir="$root/target-cuda" ;;
  *) fail "DCGAN_BUILD must be cpu or cuda, got '${DCGAN_BUILD}'" ;;
esac
cluster_jar=$(ls "$build_dir"-cluster/celeba-dcgan-spark-cluster.jar 2>/dev/null || true)
master=""
deploy_mode=client
for ((i = 0; i < ${#MASTER_ARGS[@]}; i++)); do
  [[ "${MASTER_ARGS[$i]}" == --master ]] && master="${MASTER_ARGS[$((i + 1))]}"
  [[ "${MASTER_ARGS[$i]}" == --deploy-mode ]] && deploy_mode="${MASTER_ARGS[$((i + 1))]}"
done
case "$master" in
  yarn) manager=yarn ;;
  k8s://*) manager=k8s ;;
  *) manager=standalone ;;
esac
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
# spark-submit's own options come before a `--`; the subcommand and its options after it.
submit_opts=()
for a in "$@"; do
  if [[ "$a" == "--" ]]; then
    while [[ "$1" != "--" ]]; do
      submit_opts+=("$1")
      shift
    done
    shift
    break
  fi
done
if [[ $# -eq 0 ]]; then
  echo "$usage" >&2
  exit 2
fi
subcommand="$1"

# APP_JAR: a jar already where the cluster reads it (hdfs://, s3a://, local:// in an image), so nothing is
# uploaded per submit; otherwise the local build (built here when missing), or the manager's DEFAULT_JAR.
if [[ -n "${APP_JAR:-}" ]]; then
  jar="$APP_JAR"
elif [[ -n "${DEFAULT_JAR:-}" ]]; then
  jar="$DEFAULT_JAR"
else
  jar="${cluster_jar:-$build_dir/celeba-dcgan-spark.jar}"
  if [[ "$dry_run" == false && ! -f "$jar" ]]; then
    echo "building $jar ..." >&2
    profile=$([[ "${DCGAN_BUILD:-cpu}" == cuda ]] && echo "-Pcuda" || true)
    (cd "$root" && mvn -q -B $profile -DskipTests package) >&2
  fi
fi
# The job's own dependencies when the thin jar is used; Spark, Scala and Hadoop's client come from the cluster.
deps=""
if [[ "$jar" == "$build_dir/celeba-dcgan-spark.jar" && -d "$build_dir/lib" ]]; then
  # (find -L: lib/ may hold links; grep matching nothing must not end the script silently under pipefail)
  deps=$(find -L "$build_dir/lib" -name '*.jar' \
    | { grep -Ev '/(spark-|scala-|hadoop-client-|log4j-|slf4j-)[^/]*\.jar$' || true; } | sort | paste -sd, -)
fi

# The config file: the driver reads it, so in cluster mode it must reach wherever the driver runs.
config=""
args=()
ship=("${SHIP_FILES[@]+"${SHIP_FILES[@]}"}")
gpu_set=false
# YARN cluster mode: a bad setting fails in the driver's container, and spark-submit can only say "application
# failed" (exit 1, after YARN's retries). train's --config/--set are checked here first: exit 2 naming the key.
if [[ "$dry_run" == false && "$manager" == yarn && "$deploy_mode" == cluster && "$subcommand" == train ]]; then
  check=()
  rest=("${@:2}")
  for ((i = 0; i < ${#rest[@]}; i++)); do
    case "${rest[i]}" in
      --config|--set) check+=("${rest[i]}" "${rest[i + 1]:-}"); i=$((i + 1)) ;;
      --config=*|--set=*) check+=("${rest[i]}") ;;
    esac
  done
  # The thin jar with its lib folder has everything; the cluster jar needs Spark's and Hadoop's jars beside it.
  check_cp=""
  if [[ -f "$build_dir/celeba-dcgan-spark.jar" && -d "$build_dir/lib" ]]; then
    check_cp="$build_dir/celeba-dcgan-spark.jar:$build_dir/lib/*"
  elif [[ -n "$cluster_jar" && -d "${SPARK_HOME:-/nonexistent}/jars" ]]; then
    check_cp="$cluster_jar:$SPARK_HOME/jars/*"
  fi
  if [[ -n "$check_cp" ]]; then
    # shellcheck disable=SC2046  # one JVM option per line in jvm-options
    "${JAVA_HOME:+$JAVA_HOME/bin/}java" $(cat "$root/submit/jvm-options") \
      -cp "${HADOOP_CONF_DIR:+$HADOOP_CONF_DIR:}$check_cp" org.celebadcgan.cli.Main validate-config \
      "${check[@]+"${check[@]}"}" >/dev/null || exit $?  # errors name the key on stderr
  fi
fi
while [[ $# -gt 0 ]]; do
  if [[ "$1" == "--set" && $# -ge 2 && "$2" =~ ^spark\.executor\.resource\.gpu\.amount=[\"]?([0-9.]+) ]]; then
    [[ "${BASH_REMATCH[1]}" != 0 ]] && gpu_set=true
  fi
  if [[ "$1" == "--config" && $# -ge 2 ]]; then
    config="$2"
    if [[ "$config" == local://* ]]; then
      # a file inside the image (K8s): the driver reads it at that path
      args+=(--config "${config#local://}")
    elif [[ "$deploy_mode" == cluster && -f "$config" ]]; then
      abs="$(cd "$(dirname "$config")" && pwd)/$(basename "$config")"
      case "$manager" in
        yarn | k8s)
          # shipped with --files, which both put in the driver's working directory, read by base name there
          # (K8s first uploads it to spark.kubernetes.file.upload.path, see k8s.sh)
          ship+=("$abs")
          args+=(--config "$(basename "$config")")
          ;;
        standalone)
          # Spark's standalone cluster mode ships only the jar to the driver: it reads this absolute path on the
          # worker that runs it (a shared filesystem, or the same file on every worker).
          echo "$(basename "$0"): the driver runs on a worker and reads $abs there (shared filesystem or the" \
            "same file on every worker); DEPLOY_MODE=client reads it here" >&2
          args+=(--config "$abs")
          ;;
      esac
    else
      args+=(--config "$config")
    fi
    shift 2
  else
    args+=("$1")
    shift
  fi
done
set -- "${args[@]}"

# GPUs: GPU=1 asks for one per executor, GPU=0 for none; unset, the config decides. The config's spark.* keys are
# applied by the job after spark-submit's and win, so GPU=0 cannot take back a GPU config's request.
config_gpu=false
if [[ -f "${config#local://}" ]] && sed 's/#.*//' "${config#local://}" \
    | grep -Eq '(^|[^.[:alnum:]_])(spark\.)?executor\.resource\.gpu\.amount[[:space:]]*[=:][[:space:]]*"?[1-9]'; then
  config_gpu=true
fi
[[ "$gpu_set" == true ]] && config_gpu=true
case "${GPU:-}" in
  1) gpu=true ;;
  0)
    gpu=false
    if [[ "$config_gpu" == true ]]; then
      fail "GPU=0 but ${config:---set} asks for spark.executor.resource.gpu.amount > 0 (the config's spark.* keys" \
        "win over the launcher's): use a CPU config such as conf/cluster-cpu.conf"
    fi
    ;;
  "") gpu="$config_gpu" ;;
  *) fail "GPU must be 1 or 0, got '${GPU}'" ;;
esac
if [[ "$gpu" == true ]]; then
  EXTRA_CONF+=("${GPU_CONF[@]+"${GPU_CONF[@]}"}")
  ship=("${GPU_SHIP[@]+"${GPU_SHIP[@]}"}" "${ship[@]+"${ship[@]}"}")
fi
# spark-submit keeps only its last --files, so every file goes in one list.
if [[ ${#ship[@]} -gt 0 ]]; then
  EXTRA_CONF+=(--files "$(IFS=,; echo "${ship[*]}")")
fi

# The run's name in the cluster manager's UI and logs (the class name says nothing).
name="${APP_NAME:-celeba-dcgan $subcommand${config:+ $(basename "$config")}}"
MASTER_ARGS+=(--name "$name")
[[ -n "${QUEUE:-}" ]] && MASTER_ARGS+=(--queue "$QUEUE")
# DRIVER_MEMORY (e.g. 4g): the driver's JVM starts before the job reads its config, so it comes from here.
[[ -n "${DRIVER_MEMORY:-}" ]] && MASTER_ARGS+=(--driver-memory "$DRIVER_MEMORY")
# Kerberos: both or neither (spark-submit would otherwise fail later with a less direct message).
if [[ -n "${PRINCIPAL:-}" && -z "${KEYTAB:-}" ]]; then
  fail "PRINCIPAL is set but KEYTAB is not: give the keytab file for $PRINCIPAL"
elif [[ -z "${PRINCIPAL:-}" && -n "${KEYTAB:-}" ]]; then
  fail "KEYTAB is set but PRINCIPAL is not: give the Kerberos principal the keytab $KEYTAB belongs to"
elif [[ -n "${PRINCIPAL:-}" ]]; then
  [[ -f "$KEYTAB" ]] || fail "KEYTAB file $KEYTAB does not exist"
  MASTER_ARGS+=(--principal "$PRINCIPAL" --keytab "$KEYTAB")
fi

java_opts="$(paste -sd' ' "$root/submit/jvm-options")"
driver_opts="$java_opts"
# A client-mode driver is spark-submit's own JVM: its logging starts before the job's jar is loaded, so the job's
# log4j2.properties (job progress at INFO, Spark's chatter only when it warns) is named to it.
if [[ "$deploy_mode" == client && -f "$root/src/main/resources/log4j2.properties" ]]; then
  driver_opts+=" -Dlog4j2.configurationFile=$root/src/main/resources/log4j2.properties"
fi

if [[ -n "${SPARK_HOME:-}" ]]; then
  spark_submit="$SPARK_HOME/bin/spark-submit"
  if [[ "$dry_run" == false && ! -x "$spark_submit" ]]; then
    fail "SPARK_HOME=$SPARK_HOME has no executable bin/spark-submit"
  fi
else
  spark_submit=spark-submit
  if [[ "$dry_run" == false ]] && ! command -v spark-submit >/dev/null; then
    fail "spark-submit is not on PATH: set SPARK_HOME to a Spark 3.5 installation"
  fi
fi
cmd=("$spark_submit" "${MASTER_ARGS[@]}"
  --class org.celebadcgan.cli.Main
  --conf "spark.driver.extraJavaOptions=$driver_opts"
  --conf "spark.executor.extraJavaOptions=$java_opts"
  "${EXTRA_CONF[@]}")
if [[ -n "$deps" ]]; then
  cmd+=(--jars "$deps")
fi
cmd+=("${submit_opts[@]+"${submit_opts[@]}"}" "$jar" "$@")
if [[ "$dry_run" == true ]]; then
  printf '%q ' "${cmd[@]}"
  echo
  exit 0
fi

# Where to look while it runs: spark-submit's log (stderr) passes through unchanged, and the lines that name the
# run are repeated once, plainly, with the command that shows the driver's log. A standalone cluster-mode driver's
# final state goes to $1: spark-submit exits 0 whatever that state is (Spark 3.5's ClientEndpoint).
where_to_look() {
  local line seen=" "
  while IFS= read -r line; do
    printf '%s\n' "$line"
    if [[ "$line" =~ State\ of\ driver\ (driver-[0-9-]+)\ is\ (FAILED|ERROR|KILLED) ]]; then
      echo "${BASH_REMATCH[1]} ended ${BASH_REMATCH[2]}" > "$1"
    fi
    if [[ "$line" =~ Submitted\ application\ (application_[0-9]+_[0-9]+) ]]; then
      local id="${BASH_REMATCH[1]}"
      if [[ "$seen" != *" $id "* ]]; then
        seen+="$id "
        echo "celeba-dcgan: YARN application $id; driver and executor logs: yarn logs -applicationId $id"
      fi
    elif [[ "$line" =~ tracking\ URL:\ (https?://[^[:space:]]+) && "$seen" != *" url "* ]]; then
      seen+="url "
      echo "celeba-dcgan: tracking URL ${BASH_REMATCH[1]}"
    elif [[ "$line" =~ (successfully\ submitted\ as|Submission\ successfully\ created\ as)\ (driver-[0-9-]+) ]]; then
      local id="${BASH_REMATCH[2]}"
      if [[ "$seen" != *" $id "* ]]; then
        seen+="$id "
        echo "celeba-dcgan: standalone driver $id; its log: the master's web UI, or work/$id/stderr on its" \
          "worker; stop it: spark-submit --master $master --kill $id"
      fi
    fi
  done
}
driver_state="$(mktemp)"
trap 'rm -f "$driver_state"' EXIT
set +e
{ "${cmd[@]}" 2>&1 1>&3 3>&- | where_to_look "$driver_state" >&2; rc=${PIPESTATUS[0]}; } 3>&1
set -e
if [[ $rc -eq 0 && -s "$driver_state" ]]; then
  echo "celeba-dcgan: standalone driver $(cat "$driver_state") (spark-submit said 0): exit 1; see its stderr" >&2
  rc=1
fi
if declare -F after_submit >/dev/null; then
  after_submit "$rc"
fi
exit "$rc"
