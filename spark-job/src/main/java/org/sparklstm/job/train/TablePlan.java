package org.sparklstm.job.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.job.data.IcebergHistory;
import org.sparklstm.job.data.TableCorpus;
import org.sparklstm.job.data.TableRef;

/**
 * What a retraining generation trains from Iceberg tables, recorded under {@code tables} in its
 * {@code retrain.json}: for each table, the rows appended after the snapshot the newest finished generation
 * trained up to, through the table's current snapshot (Iceberg's incremental read: appends only; a delete,
 * overwrite or compaction in between is recorded as not trained). A table's first generation reads the whole
 * table as of its current snapshot. The snapshot is fixed when the generation is recorded, so rows appended while
 * it trains are left for the next one. A table of series is read whole as of each new snapshot, since its
 * appended rows continue the series before them.
 */
final class TablePlan {
    private static final Logger LOG = LoggerFactory.getLogger("org.sparklstm.retrain");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLES = "tables";

    private TablePlan() {
    }

    /**
     * @param record a generation's record
     * @return whether it trains tables (else files)
     */
    static boolean trainsTables(JsonNode record) {
        return record.has(TABLES);
    }

    /**
     * @param record a generation's record of tables
     * @return the corpus paths reading exactly what it trains
     */
    static List<String> corpus(JsonNode record) {
        List<String> paths = new ArrayList<>();
        record.path(TABLES).forEach(t -> paths.add(t.path("corpus").asText()));
        return paths;
    }

    /**
     * @param spark the session
     * @param record a generation's record of tables
     * @return why it cannot be trained exactly as recorded (a recorded snapshot was expired), or null
     */
    static String changedSince(SparkSession spark, JsonNode record) {
        for (JsonNode t : record.path(TABLES)) {
            String table = t.path("table").asText();
            long snapshot = t.path("snapshot").asLong();
            if (!history(spark, table).holds(snapshot)) {
                return TableCorpus.TABLE + table + " no longer holds the snapshot " + snapshot + " (expired)";
            }
        }
        return null;
    }

    /**
     * @param spark the session
     * @param corpus the corpus as given: {@code table:NAME} of Iceberg tables
     * @param finished the records of the finished generations, oldest first
     * @return for each table with rows no finished generation trained, what they are
     * @throws ConfigException naming {@code corpus} for a query, a snapshot given, or a table that is not Iceberg
     */
    static List<IcebergHistory.Increment> fresh(SparkSession spark, List<String> corpus, List<JsonNode> finished) {
        Map<String, Long> trainedUpTo = new HashMap<>();
        for (JsonNode record : finished) {
            record.path(TABLES).forEach(t -> trainedUpTo.put(t.path("table").asText(), t.path("snapshot").asLong()));
        }
        List<IcebergHistory.Increment> fresh = new ArrayList<>();
        for (String path : corpus) {
            if (!path.startsWith(TableCorpus.TABLE)) {
                throw new ConfigException("corpus", path + ": retrain tracks what a folder of files or an Iceberg "
                        + "table gained, so it takes files or tables, not both, and never a query");
            }
            TableRef ref = TableRef.parse(path);
            if (ref.snapshot() != null) {
                throw new ConfigException("corpus", path + ": retrain follows a table's current snapshot; give it "
                        + "as " + TableCorpus.TABLE + ref.name());
            }
            Long after = trainedUpTo.get(ref.name());
            history(spark, ref.name()).since(after).ifPresent(increment -> {
                increment.skipped().forEach(s -> LOG.warn("{}: snapshot {} ({}{}) is not trained: retraining reads "
                        + "what was appended", path, s.id(), s.operation(), s.addedRecords() == 0 ? ""
                        : ", " + s.addedRecords() + " rows written"));
                if (after == null || !increment.appends().isEmpty()) {
                    fresh.add(increment);
                }
            });
        }
        return fresh;
    }

    /**
     * @param increments what a generation trains
     * @param whole whether it reads each table whole as of its snapshot, not the rows appended alone: for series,
     *              whose appended rows continue the rows before them (as a grown CSV file of series is read whole)
     * @return the record's {@code tables} array
     */
    static ArrayNode entries(List<IcebergHistory.Increment> increments, boolean whole) {
        ArrayNode list = JSON.createArrayNode();
        for (IcebergHistory.Increment i : increments) {
            String corpus = whole ? new TableRef(i.table(), null, i.snapshot()).corpus() : i.ref().corpus();
            ObjectNode t = list.addObject().put("table", i.table()).put("corpus", corpus);
            t.put("after_snapshot", i.after());
            t.put("snapshot", i.snapshot()).put("appended_rows", i.appendedRows());
            ArrayNode appends = t.putArray("appended_snapshots");
            i.appends().forEach(s -> appends.add(s.id()));
            ArrayNode skipped = t.putArray("not_trained");
            i.skipped().forEach(s -> skipped.addObject().put("snapshot", s.id()).put("operation", s.operation())
                    .put("rows_written", s.addedRecords()));
        }
        return list;
    }

    /** @return the table's history; a table that is not Iceberg is a configuration error */
    private static IcebergHistory history(SparkSession spark, String table) {
        return IcebergHistory.read(spark, table).orElseThrow(() -> new ConfigException("corpus", TableCorpus.TABLE
                + table + ": retrain tracks an Iceberg table's snapshots, and this table is not Iceberg; give its "
                + "folder of Parquet files instead"));
    }
}
