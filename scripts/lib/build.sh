# Shared by spark-lstm and submit.sh: build the project when it was never built or its sources changed
# (never when SPARK_LSTM_NO_BUILD is set, as in the integration tests that Maven itself runs).
# Source it after setting root; it sets jar (the module jar, used with target/lib) and app_jar (for spark-submit).

find_jars() {
  jar=$(ls "$root"/spark-job/target/spark-job-*.jar 2>/dev/null | grep -v -- '-app\.jar$' | head -n 1 || true)
  app_jar=$(ls "$root"/spark-job/target/spark-job-*-app.jar 2>/dev/null | head -n 1 || true)
}

stale() {
  { [ -z "$jar" ] || [ -z "$app_jar" ] || [ ! -d "$root/spark-job/target/lib" ]; } && return 0
  [ -n "$(find "$root/pom.xml" "$root/datasets" "$root/core" "$root/spark-job" \
        \( -name '*.java' -o -name 'pom.xml' -o -name '*.properties' \) -not -path '*/target/*' \
        -newer "$jar" -print -quit)" ]
}

find_jars
if [ -n "${SPARK_LSTM_NO_BUILD:-}" ]; then
  [ -n "$jar" ] && [ -n "$app_jar" ] || { echo "spark-lstm: not built and SPARK_LSTM_NO_BUILD is set" >&2; exit 2; }
elif stale; then
  echo "spark-lstm: building the project (the first build downloads dependencies)..." >&2
  (cd "$root" && mvn -B -q -DskipTests package) >&2
  find_jars
fi

# Spark's --add-opens list for a driver JVM started with plain java on Java 17.
java17_opens=(
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false
)
# DL4J's training stats use NTP time by default, which clusters often cannot reach.
time_source=-Dorg.deeplearning4j.spark.time.TimeSource=org.deeplearning4j.spark.time.SystemClockTimeSource
