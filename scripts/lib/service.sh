# Shared by local-hdfs.sh, local-s3.sh, local-yarn.sh and local-cluster.sh: a background server with a pid file and a log.
# Source it after setting: name (for messages), pidfile, log.

# Is the server whose pid is in $pidfile alive?
service_running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

# service_launch CMD...: start CMD in the background, output to $log, pid to $pidfile.
service_launch() {
  nohup "$@" > "$log" 2>&1 &
  echo $! > "$pidfile"
}

# service_wait CHECK: poll the command CHECK until it succeeds (ready: exit 0), the server dies, or 60 s pass.
service_wait() {
  for _ in $(seq 1 120); do
    if "$1"; then return 0; fi
    service_running || { echo "$name: failed to start; see $log" >&2; tail -20 "$log" >&2; exit 1; }
    sleep 0.5
  done
  echo "$name: not ready after 60 s; see $log" >&2
  exit 1
}

# service_stop: stop the server and wait (up to 30 s) until it has exited, so a new start finds its files released.
service_stop() {
  if service_running; then
    local pid
    pid=$(cat "$pidfile")
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    rm -f "$pidfile"
    echo "$name stopped"
  else
    echo "$name not running"
  fi
}
