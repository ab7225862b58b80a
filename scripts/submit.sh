#!/usr/bin/env bash
# submit.sh [spark-submit options] -- <command> [options]: run a spark-lstm command with spark-submit, adding what
# DL4J needs on a cluster. Uses $SPARK_HOME/bin/spark-submit (your Spark 3.5 installation); without SPARK_HOME,
# the jars-only Spark of scripts/local-cluster.sh and local-yarn.sh. Examples:
#   ./scripts/submit.sh --master spark://127.0.0.1:7077 -- train --corpus /data/books --max-minutes 3
#   ./scripts/submit.sh --master yarn --deploy-mode cluster --num-executors 8 --executor-cores 4 \
#     --executor-memory 8g -- train --corpus hdfs:///corpora/books --output hdfs:///runs/books
# Added (any of them can be overridden by a later --conf): Kryo with ND4J's registrator; ND4J's off-heap limit
# (org.bytedeco.javacpp.maxbytes) for driver and executors with a matching spark.executor.memoryOverhead and
# spark.driver.memoryOverhead (YARN and Kubernetes size containers as heap + overhead, and ND4J's memory is outside
# the heap); OMP_NUM_THREADS=1 on the executors (each runs one training worker per core at once; measured by
# bench.sh, two workers with 2 threads each on 2 cores ran 2.6 times slower than with 1); DL4J's system-clock time
# source for training stats; on YARN, one application attempt (spark.yarn.maxAppAttempts=1: a second attempt would
# meet the first one's lease on the output root; rerunning is the scheduler's job, and it resumes). Environment:
#   SPARK_LSTM_EXECUTOR_OMP      native threads per ND4J op on the executors (default 1)
#   SPARK_LSTM_EXECUTOR_OFFHEAP  ND4J off-heap per executor (default 2g); executor overhead = it + 512m
#   SPARK_LSTM_DRIVER_OFFHEAP    ND4J off-heap of the driver (default 2g); driver overhead = it + 512m
#   SPARK_LSTM_APP_JAR           the application jar to submit (default: the one built here); a copy on the cluster's
#                                storage (hdfs:///jars/spark-lstm-app.jar) saves uploading it with every submission
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")

spark_opts=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do spark_opts+=("$1"); shift; done
if [ $# -eq 0 ]; then
  echo "usage: $0 [spark-submit options] -- <command> [options]" >&2
  exit 2
fi
shift
if [ $# -eq 0 ]; then
  echo "submit.sh: a spark-lstm command is required after --" >&2
  exit 2
fi

# shellcheck source=lib/build.sh
. "$here/lib/build.sh"
ensure_built
app_jar="${SPARK_LSTM_APP_JAR:-$app_jar}"

# option NAME DEFAULT: the value of a spark-submit option given as "NAME VALUE" or "NAME=VALUE", else DEFAULT
option() {
  local i
  for ((i = 0; i < ${#spark_opts[@]}; i++)); do
    case "${spark_opts[$i]}" in
      "$1") echo "${spark_opts[$((i + 1))]:-$2}"; return ;;
      "$1="*) echo "${spark_opts[$i]#*=}"; return ;;
    esac
  done
  echo "$2"
}

# megabytes SIZE: 512m, 2g, 2G -> megabytes
megabytes() {
  local n=${1%[gGmM]}
  case "$1" in *[gG]) echo $((n * 1024)) ;; *) echo "$n" ;; esac
}

executor_offheap="${SPARK_LSTM_EXECUTOR_OFFHEAP:-2g}"
driver_offheap="${SPARK_LSTM_DRIVER_OFFHEAP:-2g}"
overhead=$(( $(megabytes "$executor_offheap") + 512 ))m
driver_overhead=$(( $(megabytes "$driver_offheap") + 512 ))m
executor_java="-Dorg.bytedeco.javacpp.maxbytes=$executor_offheap $time_source"
driver_java="-Dorg.bytedeco.javacpp.maxbytes=$driver_offheap $time_source"

ours=(
  --class org.sparklstm.job.SparkLstm
  "${spark_settings[@]}"
  --conf "spark.executorEnv.OMP_NUM_THREADS=${SPARK_LSTM_EXECUTOR_OMP:-1}"
  --conf "spark.executor.extraJavaOptions=$executor_java"
  --conf "spark.driver.extraJavaOptions=$driver_java"
  --conf "spark.executor.memoryOverhead=$overhead"
  --conf "spark.driver.memoryOverhead=$driver_overhead"
  --conf "spark.yarn.maxAppAttempts=1"
)

if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  exec "$SPARK_HOME/bin/spark-submit" "${ours[@]}" "${spark_opts[@]}" "$app_jar" "$@"
fi

# No Spark installation: the jars-only Spark of local-cluster.sh, whose SparkSubmit runs the driver in this JVM
# (client mode), so the driver's JVM options are given here. YARN's client ships that folder's jars to the containers,
# and reads the cluster's address from $HADOOP_CONF_DIR, on the class path as spark-submit would put it.
SPARK_HOME="${SPARK_HOME:-${SPARK_LSTM_HOME:-$HOME/.spark-lstm}/local-cluster/spark-home}"
jars="$SPARK_HOME/jars"
if [ ! -d "$jars" ]; then
  echo "submit.sh: set SPARK_HOME to a Spark 3.5 installation, or run ./scripts/local-cluster.sh assemble (or start," \
    "or ./scripts/local-yarn.sh start) first" >&2
  exit 2
fi
export SPARK_HOME SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" SPARK_SCALA_VERSION=2.12
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
# shellcheck disable=SC2086
exec java -Xmx"$(option --driver-memory 2g)" "${java17_opens[@]}" $driver_java \
  -cp "$jars/*${HADOOP_CONF_DIR:+:$HADOOP_CONF_DIR}" \
  org.apache.spark.deploy.SparkSubmit "${ours[@]}" "${spark_opts[@]}" "$app_jar" "$@"
