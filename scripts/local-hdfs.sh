#!/usr/bin/env bash
# local-hdfs.sh start|stop|status: a single-node HDFS (NameNode + DataNode) on 127.0.0.1 for trying
# hdfs:// outputs without a cluster. Built from Maven artifacts (hadoop-client-minicluster); data and logs in
# $SPARK_LSTM_HOME/local-hdfs (default ~/.spark-lstm). Port: $LOCAL_HDFS_PORT (default 9820).
# 'start' prints the hdfs:// URI to use, e.g. train --output hdfs://127.0.0.1:9820/runs/first
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
name=local-hdfs
state="${SPARK_LSTM_HOME:-$HOME/.spark-lstm}/local-hdfs"
port="${LOCAL_HDFS_PORT:-9820}"
pidfile="$state/pid"
log="$state/hdfs.log"
# shellcheck source=lib/service.sh
. "$here/lib/service.sh"
# shellcheck source=lib/build.sh
. "$here/lib/build.sh"

ready() { grep -q '^READY ' "$log"; }

case "${1:-}" in
  start)
    if service_running; then echo "hdfs://127.0.0.1:$port"; exit 0; fi
    mkdir -p "$state"
    service_launch java -Xmx1g -cp "$(test_classpath)" \
      org.sparklstm.job.it.LocalHdfs "$state/data" "$port"
    service_wait ready
    echo "hdfs://127.0.0.1:$port" ;;
  stop) service_stop ;;
  status)
    if service_running; then echo "running: hdfs://127.0.0.1:$port (pid $(cat "$pidfile"))"; else echo "not running"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
