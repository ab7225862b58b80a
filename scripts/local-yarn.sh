#!/usr/bin/env bash
# local-yarn.sh start|stop|status|put: a real single-machine YARN cluster with HDFS on this machine (a ResourceManager,
# $LOCAL_YARN_NODES NodeManagers, default 2, each with $LOCAL_YARN_NODE_MEMORY MB, default 6144; a NameNode and a
# DataNode), from Maven artifacts alone (Hadoop's minicluster, as Spark's own YARN tests use). The NodeManagers check
# containers' physical memory and kill one over its limit, as a production cluster does. State and logs in
# $SPARK_LSTM_HOME/local-yarn (default ~/.spark-lstm); Spark's jars (with spark-yarn) as for local-cluster.sh.
# 'start' prints the line to eval: export HADOOP_CONF_DIR=... (the client configuration submit.sh --master yarn needs).
#   eval "$(./scripts/local-yarn.sh start)"
#   ./scripts/local-yarn.sh put corpus.txt /corpora/        # copy a local file or folder onto the cluster's HDFS
#   ./scripts/submit.sh --master yarn --deploy-mode cluster -- train --corpus hdfs:///corpora --output hdfs:///runs/a
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
name=local-yarn
state="${SPARK_LSTM_HOME:-$HOME/.spark-lstm}/local-yarn"
nodes="${LOCAL_YARN_NODES:-2}"
memory="${LOCAL_YARN_NODE_MEMORY:-6144}"
pidfile="$state/pid"
log="$state/yarn.log"
conf="$state/conf"
# shellcheck source=lib/service.sh
. "$here/lib/service.sh"
# shellcheck source=lib/build.sh
. "$here/lib/build.sh"

ready() { grep -q '^READY ' "$log"; }

case "${1:-}" in
  start)
    if ! service_running; then
      "$here/local-cluster.sh" assemble
      mkdir -p "$state"
      rm -rf "$state/hdfs" "$state/target" "$conf"
      # Containers run $JAVA_HOME/bin/java: the NodeManagers pass their JAVA_HOME on.
      JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
      export JAVA_HOME
      classpath=$(test_classpath)
      load_runtime_settings   # Java 17's --add-opens, which the ResourceManager's web app (Guice) needs too
      (cd "$state" && service_launch java -Xmx1g "${java17_opens[@]}" \
        -Dlog4j2.configurationFile=log4j2-local-yarn.properties -cp "$classpath" \
        org.sparklstm.job.it.LocalYarn "$state" "$nodes" "$memory")
      service_wait ready
    fi
    echo "export HADOOP_CONF_DIR=$conf" ;;
  put)
    [ $# -eq 3 ] || { echo "usage: $0 put LOCAL_PATH HDFS_PATH" >&2; exit 2; }
    service_running || { echo "$name: not running (start it first)" >&2; exit 3; }
    fs_shell() { java -cp "$conf:$(test_classpath)" org.apache.hadoop.fs.FsShell "$@"; }
    case "$3" in */) parent=$3 ;; *) parent=$(dirname "$3") ;; esac
    fs_shell -mkdir -p "$parent" && fs_shell -put -f "$2" "$3" && echo "put $2 at hdfs://$(sed -n 's|^READY hdfs://\([^ ]*\).*|\1|p' "$log")$3" ;;
  stop) service_stop ;;
  status)
    if service_running; then
      echo "running: $(sed -n 's/^READY \([^ ]*\).*/\1/p' "$log") (pid $(cat "$pidfile")); export HADOOP_CONF_DIR=$conf"
    else echo "not running"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|status|put" >&2; exit 2 ;;
esac
