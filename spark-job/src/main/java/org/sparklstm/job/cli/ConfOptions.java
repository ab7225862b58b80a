package org.sparklstm.job.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import picocli.CommandLine.Option;

/**
 * {@code --conf key=value}, repeatable, on every command: Spark settings ({@code spark.*}) and Hadoop settings
 * (as {@code spark.hadoop.fs.s3a.endpoint=...} or plainly {@code fs.s3a.endpoint=...}).
 */
final class ConfOptions {
    private static final String SPARK_HADOOP = "spark.hadoop.";

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "a Spark or Hadoop setting, e.g. spark.hadoop.fs.s3a.endpoint=http://127.0.0.1:9000; "
                    + "repeatable")
    Map<String, String> conf = new LinkedHashMap<>();

    /**
     * @param spark the Spark configuration to extend: {@code spark.*} keys as given, others as
     *              {@code spark.hadoop.*}
     */
    void applyTo(SparkConf spark) {
        conf.forEach((k, v) -> spark.set(k.startsWith("spark.") ? k : SPARK_HADOOP + k, v));
    }

    /**
     * @param master the {@code --master} given, or null
     * @return the application's Spark configuration with these settings and the master: as given, else
     *         spark-submit's {@code spark.master}, else {@code local[*]}
     */
    SparkConf sparkConf(String master) {
        SparkConf sparkConf = RuntimeSettings.sparkConf("spark-lstm");
        applyTo(sparkConf);
        if (master != null) {
            sparkConf.setMaster(master);
        } else if (!sparkConf.contains("spark.master")) {
            sparkConf.setMaster("local[*]");
        }
        return sparkConf;
    }

    /** @return a Hadoop configuration for commands that run without Spark */
    Configuration hadoop() {
        Configuration hadoop = new Configuration();
        conf.forEach((k, v) -> {
            if (k.startsWith(SPARK_HADOOP)) {
                hadoop.set(k.substring(SPARK_HADOOP.length()), v);
            } else if (!k.startsWith("spark.")) {
                hadoop.set(k, v);
            }
        });
        return hadoop;
    }
}
