#!/usr/bin/env bash
# local-cluster.sh start|stop|status|assemble: a real standalone Spark 3.5 cluster on 127.0.0.1 (a master and
# $LOCAL_SPARK_WORKERS workers, default 2, each its own JVM with 1 core) assembled from Maven artifacts alone: the
# first start copies Spark's jars into $SPARK_LSTM_HOME/local-cluster/spark-home/jars (default ~/.spark-lstm).
# Port: $LOCAL_SPARK_PORT (default 7077); worker memory: $LOCAL_SPARK_WORKER_MEMORY (default 3g).
# 'assemble' only copies the jars (local-yarn.sh uses them too). 'start' prints the master URL, e.g.
#   ./scripts/submit.sh --master spark://127.0.0.1:7077 -- train ...
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
state="${SPARK_LSTM_HOME:-$HOME/.spark-lstm}/local-cluster"
spark_home="$state/spark-home"
port="${LOCAL_SPARK_PORT:-7077}"
workers="${LOCAL_SPARK_WORKERS:-2}"
memory="${LOCAL_SPARK_WORKER_MEMORY:-3g}"
url="spark://127.0.0.1:$port"
# shellcheck source=lib/service.sh
. "$here/lib/service.sh"

export SPARK_HOME="$spark_home" SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.12

# use NAME: point the service functions at one process of the cluster
use() { name="local-cluster $1"; pidfile="$state/$1.pid"; log="$state/$1.log"; }

master_ready() { grep -q "I have been elected leader" "$log"; }
worker_ready() { grep -q "Successfully registered with master" "$log"; }

assemble() {
  if ! ls "$spark_home/jars/"hadoop-yarn-server-web-proxy-3.3.4.jar >/dev/null 2>&1; then
    echo "local-cluster: copying Spark 3.5.9's jars from Maven into $spark_home/jars (first use)..." >&2
    mvn -B -q -f "$here/spark-home/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$spark_home/jars" -DincludeScope=runtime >&2
  fi
}

case "${1:-}" in
  assemble) assemble ;;
  start)
    mkdir -p "$state"
    assemble
    use master
    if ! service_running; then
      service_launch java -Xmx512m -cp "$spark_home/jars/*" org.apache.spark.deploy.master.Master \
        --host 127.0.0.1 --port "$port" --webui-port 0
      service_wait master_ready
    fi
    for i in $(seq 1 "$workers"); do
      use "worker-$i"
      if ! service_running; then
        mkdir -p "$state/work-$i"
        service_launch java -Xmx512m -cp "$spark_home/jars/*" org.apache.spark.deploy.worker.Worker \
          --host 127.0.0.1 --cores 1 --memory "$memory" --webui-port 0 --work-dir "$state/work-$i" "$url"
        service_wait worker_ready
      fi
    done
    echo "$url" ;;
  stop)
    for i in $(seq "$workers" -1 1); do use "worker-$i"; service_stop; done
    use master; service_stop ;;
  status)
    down=0
    use master
    if service_running; then echo "master running: $url (pid $(cat "$pidfile"))"; else echo "master not running"; down=1; fi
    for i in $(seq 1 "$workers"); do
      use "worker-$i"
      if service_running; then echo "worker $i running (pid $(cat "$pidfile"))"; else echo "worker $i not running"; down=1; fi
    done
    [ "$down" = 0 ] || exit 3 ;;
  *) echo "usage: $0 start|stop|status|assemble" >&2; exit 2 ;;
esac
