# Shared by the scripts that run the project's jars. Source it after setting root; sourcing only defines
# functions. Then call ensure_built, which builds the project when it was never built or its sources changed
# (never when SPARK_LSTM_NO_BUILD is set, as in the integration tests that Maven itself runs) and sets jar (the
# module jar, used with target/lib), app_jar (for spark-submit), bench_jar (the benchmarks, used with jar and
# target/lib), java17_opens and time_source (JVM options) and spark_settings (--conf options for spark-submit).

find_jars() {
  jar=$(ls "$root"/spark-job/target/spark-job-*.jar 2>/dev/null | grep -v -- '-app\.jar$' | head -n 1 || true)
  app_jar=$(ls "$root"/spark-job/target/spark-job-*-app.jar 2>/dev/null | head -n 1 || true)
  bench_jar=$(ls "$root"/bench/target/bench-*.jar 2>/dev/null | head -n 1 || true)
}

stale() {
  { [ -z "$jar" ] || [ -z "$app_jar" ] || [ -z "$bench_jar" ] || [ ! -d "$root/spark-job/target/lib" ]; } && return 0
  [ -n "$(find "$root/pom.xml" "$root/datasets" "$root/core" "$root/spark-job" "$root/bench" \
        \( -name '*.java' -o -name 'pom.xml' -o -name '*.properties' \) -not -path '*/target/*' \
        -newer "$jar" -print -quit)" ]
}

ensure_built() {
  find_jars
  if [ -n "${SPARK_LSTM_NO_BUILD:-}" ]; then
    [ -n "$jar" ] && [ -n "$app_jar" ] || { echo "spark-lstm: not built and SPARK_LSTM_NO_BUILD is set" >&2; exit 2; }
  elif stale; then
    echo "spark-lstm: building the project (the first build downloads dependencies)..." >&2
    (cd "$root" && mvn -B -q -DskipTests package) >&2
    find_jars
  fi
  load_runtime_settings
}

# The JVM and Spark settings every spark-lstm process needs, as the build wrote them (runtime.properties, also
# read by the Java side's RuntimeSettings).
load_runtime_settings() {
  local properties="$root/spark-job/target/classes/org/sparklstm/job/cli/runtime.properties"
  # Spark's --add-opens list for a driver JVM started with plain java on Java 17.
  read -r -a java17_opens <<< "$(sed -n 's/^jvm\.opens=//p' "$properties")"
  # DL4J's training stats use NTP time by default, which clusters often cannot reach.
  time_source=-Dorg.deeplearning4j.spark.time.TimeSource=$(sed -n 's/^dl4j\.time\.source=//p' "$properties")
  # --conf options for spark-submit: the spark.* settings of every spark-lstm application (Kryo, ND4J's registrator).
  spark_settings=()
  while IFS= read -r line; do spark_settings+=(--conf "$line"); done < <(grep '^spark\.' "$properties")
}

# run_benchmark HEAP CLASS ARGS...: builds if needed, then runs a benchmark class of the bench module in a plain
# JVM with Spark's Java 17 options (and BENCH_JAVA_OPTS, for a profiler), on the loopback address.
run_benchmark() {
  local heap=$1 class=$2
  shift 2
  ensure_built
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" OMP_NUM_THREADS=1
  # shellcheck disable=SC2086
  java "-Xmx$heap" ${BENCH_JAVA_OPTS:-} "${java17_opens[@]}" -cp "$bench_jar:$jar:$root/spark-job/target/lib/*" \
    "org.sparklstm.bench.$class" "$@"
}

# test_classpath: the spark-job module's test classes and test classpath (the build writes it), which the local
# clusters of the integration tests run with (local-hdfs.sh, local-yarn.sh); compiles them on first use.
test_classpath() {
  local file="$root/spark-job/target/test-classpath.txt"
  if [ ! -f "$file" ] || [ ! -d "$root/spark-job/target/test-classes" ]; then
    echo "spark-lstm: compiling the test classes (first use)..." >&2
    (cd "$root" && mvn -B -q -pl spark-job -am test-compile) >&2
  fi
  echo "$root/spark-job/target/test-classes:$(cat "$file")"
}
