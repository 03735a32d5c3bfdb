#!/usr/bin/env bash
# A real Spark standalone cluster on this machine: a Master and WORKERS Worker processes (each its own JVM, its own
# executors, CORES cores), from Spark's own jars staged out of the Maven repository as YarnClusterIT stages them. For
# checks beyond local-cluster (whose Master and Workers live inside the driver): here they are daemons, as an
# operator's are, and submit/standalone.sh submits to them through spark-submit.
#
#   scripts/local_standalone.sh start      # prints the two exports for submit/standalone.sh
#   SPARK_HOME=... SPARK_MASTER_URL=spark://127.0.0.1:7077 submit/standalone.sh train --config ... --set ...
#   scripts/local_standalone.sh stop
#   scripts/local_standalone.sh stage      # only lay out SPARK_HOME (YarnClusterIT stages its own with this)
#
# Environment: WORKERS (2), CORES (1 per Worker), MEMORY (3g per Worker), BASE (out/standalone: logs, work dirs),
# SPARK_VERSION (the project's), SPARK_HOME_DIR (where SPARK_HOME goes; target/standalone-spark-VERSION). Needs Maven
# (staging the jars once).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
base="${BASE:-$root/out/standalone}"
version="${SPARK_VERSION:-$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$root/pom.xml" | head -n 1)}"
home="${SPARK_HOME_DIR:-$root/target/standalone-spark-$version}"
master_url="spark://127.0.0.1:${MASTER_PORT:-7077}"

stage() {
  if [[ ! -f "$home/jars/spark-core_2.12-$version.jar" ]]; then
    rm -rf "$home"
    mvn -B -q -f "$root/src/test/yarn/spark-home-pom.xml" -Dspark.version="$version" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$home/jars"
  fi
  mkdir -p "$home/bin" "$home/conf"
  # What marks a distribution: Spark's launcher then takes its classpath from jars/.
  echo "Spark $version (jars from the Maven repository)" > "$home/RELEASE"
  printf '%s\n' '#!/usr/bin/env bash' 'exec "$(dirname "$0")/spark-class" org.apache.spark.deploy.SparkSubmit "$@"' \
    > "$home/bin/spark-submit"
  # As Spark's bin/spark-class: the launcher library prints the java command NUL-separated, then its exit code.
  cat > "$home/bin/spark-class" <<'SH'
#!/usr/bin/env bash
set -e
export SPARK_HOME="${SPARK_HOME:-$(cd "$(dirname "$0")/.." && pwd)}"
export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.12}"
runner="${JAVA_HOME:+$JAVA_HOME/bin/}java"
mapfile -d '' cmd < <("$runner" -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main "$@"; printf '%d\0' $?)
last=$((${#cmd[@]} - 1))
[[ $last -ge 2 && ${cmd[$last]} == 0 ]] || exit 1
args=("${cmd[@]:1:$((last - 1))}")
args[0]="${args[0]#$'\n'}"
exec "${args[@]}"
SH
  chmod +x "$home/bin/spark-submit" "$home/bin/spark-class"
}

start() {
  stage
  mkdir -p "$base"
  export SPARK_HOME="$home"
  nohup "$home/bin/spark-class" org.apache.spark.deploy.master.Master --host 127.0.0.1 \
    --port "${MASTER_PORT:-7077}" --webui-port "${MASTER_UI_PORT:-8080}" > "$base/master.log" 2>&1 &
  echo $! > "$base/master.pid"
  for i in $(seq 1 "${WORKERS:-2}"); do
    mkdir -p "$base/worker-$i"
    nohup "$home/bin/spark-class" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
      --cores "${CORES:-1}" --memory "${MEMORY:-3g}" --work-dir "$base/worker-$i" --webui-port "$((8080 + i))" \
      "$master_url" > "$base/worker-$i.log" 2>&1 &
    echo $! > "$base/worker-$i.pid"
  done
  for _ in $(seq 1 120); do
    if [[ $(grep -c "Registering worker" "$base/master.log" 2>/dev/null || true) -ge "${WORKERS:-2}" ]]; then
      echo "export SPARK_HOME=$home SPARK_MASTER_URL=$master_url"
      return 0
    fi
    sleep 1
  done
  echo "the Workers did not register within 120 s: see $base/*.log" >&2
  stop
  exit 1
}

stop() {
  for pid in "$base"/*.pid; do
    [[ -f "$pid" ]] || continue
    kill "$(cat "$pid")" 2>/dev/null || true
    rm -f "$pid"
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  stage) stage ;;
  *) echo "usage: $0 start|stop|stage" >&2; exit 2 ;;
esac
