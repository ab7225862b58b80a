package org.sparklstm.job.data;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sparklstm.core.config.ConfigException;

/**
 * A catalog table given as the corpus, whole or at an Iceberg snapshot:
 * <ul>
 *   <li>{@code table:NAME}: the table as it is now;</li>
 *   <li>{@code table:NAME@S}: as of snapshot {@code S} (time travel);</li>
 *   <li>{@code table:NAME@A..S}: the rows appended after snapshot {@code A} up to and including {@code S}
 *       (Iceberg's incremental read, which takes appends only), as retraining records what a generation
 *       trains.</li>
 * </ul>
 *
 * @param name the table's name in the session catalog (or {@code catalog.db.name})
 * @param after the snapshot after which appended rows are read, or null
 * @param snapshot the snapshot read (the last one, for appends), or null for the table as it is now
 */
public record TableRef(String name, Long after, Long snapshot) {
    private static final Pattern SNAPSHOTS = Pattern.compile("(.+)@(?:(\\d+)\\.\\.)?(\\d+)");

    /**
     * @param corpus a corpus path starting with {@code table:}
     * @return what it names
     */
    public static TableRef parse(String corpus) {
        String rest = corpus.substring(TableCorpus.TABLE.length());
        Matcher m = SNAPSHOTS.matcher(rest);
        if (!m.matches()) {
            return new TableRef(rest, null, null);
        }
        return new TableRef(m.group(1), m.group(2) == null ? null : Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)));
    }

    /** @return the corpus path naming exactly these rows, which {@link #parse} reads back */
    public String corpus() {
        return TableCorpus.TABLE + name + (snapshot == null ? "" : "@" + (after == null ? "" : after + "..")
                + snapshot);
    }

    /**
     * @param spark the session
     * @return the rows named
     * @throws ConfigException naming {@code corpus} if Spark SQL refuses the name or a snapshot
     */
    Dataset<Row> load(SparkSession spark) {
        try {
            if (snapshot == null) {
                return spark.table(name);
            }
            DataFrameReader iceberg = spark.read().format("iceberg");
            iceberg = after == null ? iceberg.option("snapshot-id", snapshot)
                    : iceberg.option("start-snapshot-id", after).option("end-snapshot-id", snapshot);
            return iceberg.load(name);
        } catch (RuntimeException e) {
            if (e.getClass().getName().startsWith("org.apache.iceberg")) {
                // Iceberg's ValidationException and the like: a snapshot the table does not hold
                throw new ConfigException("corpus", corpus() + ": " + e.getMessage());
            }
            throw e;
        } catch (Exception analysis) {
            // Spark SQL's AnalysisException (no such table), thrown unchecked by Scala
            throw new ConfigException("corpus", corpus() + ": " + analysis.getMessage());
        }
    }
}
