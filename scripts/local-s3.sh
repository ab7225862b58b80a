#!/usr/bin/env bash
# local-s3.sh start|stop|status: an S3-compatible server (s3proxy, filesystem backend) on 127.0.0.1 for trying
# s3a:// outputs without a cloud account, with one bucket, "runs". Data, logs and the generated credentials in
# $SPARK_LSTM_HOME/local-s3 (default ~/.spark-lstm). Port: $LOCAL_S3_PORT (default 9821).
# 'start' prints the --conf settings s3a needs. Credentials are never printed: they are in a file readable
# only by you; `source` it so that s3a finds them in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
name=local-s3
state="${SPARK_LSTM_HOME:-$HOME/.spark-lstm}/local-s3"
port="${LOCAL_S3_PORT:-9821}"
pidfile="$state/pid"
log="$state/s3proxy.log"
jar="$state/s3proxy.jar"
version=4.1.0
# shellcheck source=lib/service.sh
. "$here/lib/service.sh"

ready() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
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
    if service_running; then print_conf; exit 0; fi
    mkdir -p "$state/data/runs"
    chmod 700 "$state"
    if [ ! -f "$jar" ]; then
      echo "$name: fetching s3proxy $version (first use)..." >&2
      (cd "$root" && mvn -B -q -N dependency:copy -Dartifact="org.gaul:s3proxy:$version:jar:jar-with-dependencies" \
        -DoutputDirectory="$state") >&2
      mv "$state/s3proxy-$version-jar-with-dependencies.jar" "$jar"
    fi
    umask 077
    if [ ! -f "$state/credentials.env" ]; then
      key=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
      secret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
      printf 'export AWS_ACCESS_KEY_ID=%s\nexport AWS_SECRET_ACCESS_KEY=%s\n' "$key" "$secret" > "$state/credentials.env"
      printf 's3proxy.identity=%s\ns3proxy.credential=%s\n' "$key" "$secret" > "$state/credentials.properties"
    fi
    { cat "$state/credentials.properties"
      printf 's3proxy.endpoint=http://127.0.0.1:%s\ns3proxy.authorization=aws-v2-or-v4\n' "$port"
      printf 'jclouds.provider=filesystem\njclouds.filesystem.basedir=%s\n' "$state/data"
    } > "$state/s3proxy.properties"
    service_launch java -Xmx512m -jar "$jar" --properties "$state/s3proxy.properties"
    service_wait ready
    print_conf ;;
  stop) service_stop ;;
  status)
    if service_running; then print_conf; else echo "not running"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
