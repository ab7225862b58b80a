package org.sparklstm.job.cli;

import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A Spark context started the first time it is asked for, and stopped on close if it was: for a command that runs
 * without Spark unless its corpus holds something only Spark SQL reads (a table, a query, Parquet files).
 */
final class LazySpark implements Supplier<JavaSparkContext>, AutoCloseable {
    private final Supplier<SparkConf> conf;
    private JavaSparkContext sc;

    /** @param conf the configuration to start it with */
    LazySpark(Supplier<SparkConf> conf) {
        this.conf = conf;
    }

    @Override
    public JavaSparkContext get() {
        if (sc == null) {
            sc = new JavaSparkContext(conf.get());
        }
        return sc;
    }

    @Override
    public void close() {
        if (sc != null) {
            sc.close();
        }
    }
}
