#!/usr/bin/env bash
# local-s3.sh start|stop|status: an S3-compatible server (s3proxy, filesystem backend) on 127.0.0.1 for trying
# s3a:// outputs without a cloud account, with one bucket, "runs". Data, logs and the generated credentials in
# $SPARK_LSTM_HOME/local-s3 (default ~/.spark-lstm). Port: $LOCAL_S3_PORT (default 9821).
# 'start' prints the --conf settings s3a needs. Credentials are never printed: they are in a file readable
# only by you; `source` it so that s3a finds them in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
state="${SPARK_LSTM_HOME:-$HOME/.spark-lstm}/local-s3"
port="${LOCAL_S3_PORT:-9821}"
pidfile="$state/pid"
jar="$state/s3proxy.jar"
version=4.1.0

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
print_conf() {
  cat <<MSG
S3 endpoint ready. Bucket: s3a://runs/
Settings (add to any spark-lstm command):
  --conf spark.hadoop.fs.s3a.endpoint=http://127.0.0.1:$port --conf spark.hadoop.fs.s3a.path.style.access=true --conf spark.hadoop.fs.s3a.connection.ssl.enabled=false
Credentials (not printed): source $state/credentials.env
MSG
}

case "${1:-}" in
  start)
    if running; then print_conf; exit 0; fi
    mkdir -p "$state/data/runs"
    chmod 700 "$state"
    if [ ! -f "$jar" ]; then
      echo "local-s3: fetching s3proxy $version (first use)..." >&2
      (cd "$root" && mvn -B -q -N dependency:copy -Dartifact="org.gaul:s3proxy:$version:jar:jar-with-dependencies" \
        -DoutputDirectory="$state" -Dmdep.stripClassifier=false) >&2
      mv "$state/s3proxy-$version-jar-with-dependencies.jar" "$jar"
    fi
    if [ ! -f "$state/credentials.env" ]; then
      umask 077
      key=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
      secret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
      printf 'export AWS_ACCESS_KEY_ID=%s\nexport AWS_SECRET_ACCESS_KEY=%s\n' "$key" "$secret" > "$state/credentials.env"
      printf 's3proxy.identity=%s\ns3proxy.credential=%s\n' "$key" "$secret" > "$state/credentials.properties"
    fi
    umask 077
    { cat "$state/credentials.properties"
      printf 's3proxy.endpoint=http://127.0.0.1:%s\ns3proxy.authorization=aws-v2-or-v4\n' "$port"
      printf 'jclouds.provider=filesystem\njclouds.filesystem.basedir=%s\n' "$state/data"
    } > "$state/s3proxy.properties"
    nohup java -Xmx512m -jar "$jar" --properties "$state/s3proxy.properties" > "$state/s3proxy.log" 2>&1 &
    echo $! > "$pidfile"
    for _ in $(seq 1 120); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then print_conf; exit 0; fi
      running || { echo "local-s3: failed to start; see $state/s3proxy.log" >&2; tail -20 "$state/s3proxy.log" >&2; exit 1; }
      sleep 0.5
    done
    echo "local-s3: not ready after 60 s; see $state/s3proxy.log" >&2; exit 1 ;;
  stop)
    if running; then kill "$(cat "$pidfile")"; rm -f "$pidfile"; echo "local-s3 stopped"; else echo "local-s3 not running"; fi ;;
  status)
    if running; then print_conf; else echo "not running"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
