package org.sparklstm.job.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.datasets.CorpusException;

/**
 * An Iceberg table's history as its metadata tables give it ({@code NAME.refs} for the main branch's snapshot,
 * {@code NAME.snapshots} for each snapshot's parent, operation and added rows), read through Spark SQL, so no
 * Iceberg class is needed here: the catalog and its runtime are the cluster's.
 */
public final class IcebergHistory {
    private final String table;
    private final Long current;
    private final Map<Long, Snapshot> snapshots;

    /**
     * One snapshot of the table.
     *
     * @param id its id
     * @param parent its parent's id, or null for the first
     * @param operation Iceberg's operation: {@code append}, {@code overwrite}, {@code delete} or {@code replace}
     * @param addedRecords the rows it added, by its summary (0 when it does not say)
     */
    public record Snapshot(long id, Long parent, String operation, long addedRecords) {
        /** @return whether an incremental read takes its rows (Iceberg's takes appends only) */
        public boolean append() {
            return "append".equals(operation);
        }
    }

    /**
     * What a retraining generation trains from a table: the rows appended after one snapshot up to another.
     *
     * @param table the table's name
     * @param after the snapshot trained up to before, or null for the table's first generation
     * @param snapshot the main branch's snapshot now, up to which this generation trains
     * @param appends the appends read, oldest first (for a first generation, every append in the history)
     * @param skipped the other snapshots in between (deletes, overwrites, compactions), whose rows are not read
     *                (none for a first generation, which reads the whole table as of its snapshot)
     */
    public record Increment(String table, Long after, long snapshot, List<Snapshot> appends, List<Snapshot> skipped) {
        /** @return the corpus path reading exactly these rows */
        public TableRef ref() {
            return new TableRef(table, after, snapshot);
        }

        /** @return the rows the appends added, by their summaries */
        public long appendedRows() {
            return appends.stream().mapToLong(Snapshot::addedRecords).sum();
        }
    }

    private IcebergHistory(String table, Long current, Map<Long, Snapshot> snapshots) {
        this.table = table;
        this.current = current;
        this.snapshots = snapshots;
    }

    /**
     * @param spark the session whose catalog holds the table
     * @param table the table's name
     * @return its history, or empty if it is not an Iceberg table
     * @throws ConfigException naming {@code corpus} if there is no such table
     */
    public static Optional<IcebergHistory> read(SparkSession spark, String table) {
        try {
            spark.table(table);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception analysis) {
            throw new ConfigException("corpus", TableCorpus.TABLE + table + ": " + analysis.getMessage());
        }
        List<Row> refs;
        try {
            refs = spark.sql("SELECT snapshot_id FROM " + table + ".refs WHERE name = 'main'").collectAsList();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception noMetadataTables) {
            return Optional.empty();
        }
        Map<Long, Snapshot> snapshots = new HashMap<>();
        for (Row r : spark.sql("SELECT snapshot_id, parent_id, operation, summary['added-records'] FROM " + table
                + ".snapshots").collectAsList()) {
            snapshots.put(r.getLong(0), new Snapshot(r.getLong(0), r.isNullAt(1) ? null : r.getLong(1),
                    r.getString(2), r.isNullAt(3) ? 0 : Long.parseLong(r.getString(3))));
        }
        return Optional.of(new IcebergHistory(table, refs.isEmpty() ? null : refs.get(0).getLong(0), snapshots));
    }

    /** @return the main branch's snapshot, or null while the table has none (created, never written) */
    public Long current() {
        return current;
    }

    /**
     * @param snapshot a snapshot id
     * @return whether the table still holds it (it was not expired)
     */
    public boolean holds(long snapshot) {
        return snapshots.containsKey(snapshot);
    }

    /**
     * @param after the snapshot trained up to before, or null for none
     * @return what was appended since, up to the current snapshot; empty when the current snapshot is {@code after}
     *         or the table has none
     * @throws CorpusException naming the table if {@code after} is no longer an ancestor of the current snapshot
     *                         (the table was rolled back past it, or the snapshots since were expired): which rows
     *                         are new can then not be told
     */
    public Optional<Increment> since(Long after) {
        if (current == null || current.equals(after)) {
            return Optional.empty();
        }
        List<Snapshot> between = new ArrayList<>();
        Snapshot s = snapshots.get(current);
        while (s != null) {
            between.add(s);
            if (after != null && after.equals(s.parent())) {
                break;
            }
            s = s.parent() == null ? null : snapshots.get(s.parent());
        }
        if (after != null && (between.isEmpty() || !after.equals(between.get(between.size() - 1).parent()))) {
            throw new CorpusException(TableCorpus.TABLE + table, "the snapshot " + after + " trained up to last is "
                    + "no longer an ancestor of the current snapshot " + current + " (the table was rolled back, or "
                    + "the snapshots since were expired), so which rows are new cannot be told; nothing was trained. "
                    + "Retrain into a new --output to start again from the whole table");
        }
        Collections.reverse(between);
        return Optional.of(new Increment(table, after, current, between.stream().filter(Snapshot::append).toList(),
                after == null ? List.of() : between.stream().filter(x -> !x.append()).toList()));
    }
}
