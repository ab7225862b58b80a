package org.sparklstm.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.job.CliRunner;

/**
 * Retraining on a real Iceberg table (Iceberg's own Spark runtime, a Hadoop catalog in a folder), written between
 * calls by a separate Spark session as a user's ingestion job would: each generation trains exactly the rows
 * appended since the last, a crashed generation resumes on the rows it recorded even when more arrive, and a
 * table rolled back past what was trained stops the call with exit 3 instead of training anything twice; a table
 * of series is read whole at each new snapshot, its appended days continuing the series before them.
 */
class IcebergRetrainIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = "lake.db.verses";

    @TempDir
    Path dir;

    private List<String> catalog() {
        return List.of("--conf", "spark.sql.catalog.lake=org.apache.iceberg.spark.SparkCatalog",
                "--conf", "spark.sql.catalog.lake.type=hadoop",
                "--conf", "spark.sql.catalog.lake.warehouse=" + dir.resolve("warehouse").toUri());
    }

    private CliRunner.Outcome retrain(Path root, String corpus, String... extra) {
        List<String> args = new ArrayList<>(List.of("retrain", "--format", "parquet", "--corpus", corpus,
                "--output", root.toString(), "--master", "local[2]", "--hidden-size", "16", "--layers", "1",
                "--sequence-length", "50", "--batch-size", "8", "--averaging-frequency", "2", "--eval-every", "4",
                "--sample-length", "0", "--max-iterations", "8"));
        args.addAll(catalog());
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    /** Runs an ingestion step in its own Spark session, as a separate job would. */
    private void ingest(Consumer<SparkSession> step) {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("ingest")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
                .config("spark.sql.catalog.lake", "org.apache.iceberg.spark.SparkCatalog")
                .config("spark.sql.catalog.lake.type", "hadoop")
                .config("spark.sql.catalog.lake.warehouse", dir.resolve("warehouse").toUri().toString())
                .getOrCreate();
        try {
            step.accept(spark);
        } finally {
            spark.stop();
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
        }
    }

    /** Appends verses {@code [from, to)} as one snapshot, ids their line numbers. */
    private static void append(SparkSession spark, List<String> verses, int from, int to) {
        StructType schema = new StructType().add("id", DataTypes.LongType).add("text", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            rows.add(RowFactory.create((long) i, verses.get(i)));
        }
        try {
            spark.createDataFrame(rows, schema).writeTo(TABLE).append();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(Path generation, String name) throws IOException {
        return JSON.readTree(generation.resolve(name).toFile());
    }

    private static long documents(Path generation) throws IOException {
        return json(generation, RunLayout.DATA_REPORT).get("documents").asLong();
    }

    @Test
    void eachGenerationTrainsExactlyTheRowsAppendedSinceTheLast() throws IOException {
        List<String> verses = Files.readAllLines(Path.of(CheckpointStoreContract.CORPUS)).stream()
                .filter(l -> !l.isBlank()).toList();
        Path root = dir.resolve("model");
        String corpus = "table:" + TABLE;
        ingest(spark -> {
            spark.sql("CREATE TABLE " + TABLE + " (id BIGINT, text STRING) USING iceberg");
            append(spark, verses, 0, 60);
        });

        CliRunner.Outcome first = retrain(root, corpus);
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("TRAINED_NEW"), first.out());
        Path gen1 = root.resolve("gen-00001");
        assertEquals(60, documents(gen1), "the whole table");
        JsonNode firstTable = json(gen1, RunLayout.RETRAIN_RECORD).get("tables").get(0);
        assertTrue(firstTable.get("after_snapshot").isNull(), firstTable.toString());
        long trainedUpTo = firstTable.get("snapshot").asLong();
        assertTrue(retrain(root, corpus).out().contains("NOTHING_NEW"), "nothing was appended");

        ingest(spark -> {
            append(spark, verses, 60, 85);
            append(spark, verses, 85, 100);
            spark.sql("DELETE FROM " + TABLE + " WHERE id < 5");
        });
        CliRunner.Outcome second = retrain(root, corpus);
        assertEquals(0, second.exitCode(), second.err());
        Path gen2 = root.resolve("gen-00002");
        assertEquals(40, documents(gen2), "exactly the two appends' rows");
        JsonNode secondTable = json(gen2, RunLayout.RETRAIN_RECORD).get("tables").get(0);
        assertEquals(trainedUpTo, secondTable.get("after_snapshot").asLong(), secondTable.toString());
        assertEquals(2, secondTable.get("appended_snapshots").size(), secondTable.toString());
        assertEquals(40, secondTable.get("appended_rows").asLong(), secondTable.toString());
        assertEquals(1, secondTable.get("not_trained").size(), "the delete: " + secondTable);
        assertNotEquals("append", secondTable.get("not_trained").get(0).get("operation").asText());
        assertTrue(secondTable.get("corpus").asText().endsWith("@" + trainedUpTo + ".."
                + secondTable.get("snapshot").asLong()), secondTable.toString());
        assertTrue(json(gen2, RunLayout.RETRAIN_RECORD).get("from").asText().endsWith("gen-00001"));

        ingest(spark -> append(spark, verses, 100, 130));
        CliRunner.Outcome cut = retrain(root, corpus, "--max-minutes", "0.01");
        assertEquals(0, cut.exitCode(), cut.err());
        Path gen3 = root.resolve("gen-00003");
        assertFalse(Files.exists(gen3.resolve(RunLayout.COMPLETE)), "the budget ran out before training finished");
        ingest(spark -> append(spark, verses, 130, 140));
        CliRunner.Outcome resumed = retrain(root, corpus);
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("RESUMED") && resumed.out().contains("gen-00003"), resumed.out());
        assertEquals(30, documents(gen3), "the recorded rows only, not those appended since");
        CliRunner.Outcome fourth = retrain(root, corpus);
        assertEquals(0, fourth.exitCode(), fourth.err());
        assertEquals(10, documents(root.resolve("gen-00004")), "the rows appended while gen-00003 was unfinished");

        long gen4Snapshot = json(root.resolve("gen-00004"), RunLayout.RETRAIN_RECORD).get("tables").get(0)
                .get("snapshot").asLong();
        ingest(spark -> {
            spark.sql("CALL lake.system.rollback_to_snapshot('db.verses', " + trainedUpTo + ")");
            append(spark, verses, 140, 150);
        });
        CliRunner.Outcome rolledBack = retrain(root, corpus);
        assertEquals(3, rolledBack.exitCode(), rolledBack.out() + rolledBack.err());
        assertTrue(rolledBack.err().contains(String.valueOf(gen4Snapshot)) && rolledBack.err().contains(TABLE),
                rolledBack.err());
        assertFalse(Files.exists(root.resolve("gen-00005")), "nothing is trained twice or started afresh");

        CliRunner.Outcome pinned = retrain(root, corpus + "@" + trainedUpTo);
        assertEquals(2, pinned.exitCode(), "retrain follows the current snapshot: " + pinned.err());
    }

    @Test
    void aTableOfSeriesIsReadWholeAtEachNewSnapshot() throws IOException {
        List<String> days = Files.readAllLines(Path.of("../datasets/src/test/resources/series/eustockmarkets.csv"));
        String prices = "lake.db.prices";
        Path root = dir.resolve("series");
        ingest(spark -> {
            spark.sql("CREATE TABLE " + prices + " (market STRING, time DOUBLE, close DOUBLE) USING iceberg");
            appendDays(spark, prices, days, 1, 1001);
        });
        List<String> args = new ArrayList<>(List.of("retrain", "--format", "series", "--corpus", "table:" + prices,
                "--series-key", "market", "--time-column", "time", "--value-columns", "close", "--split-by", "end",
                "--output", root.toString(), "--master", "local[2]", "--hidden-size", "16", "--layers", "1",
                "--sequence-length", "50", "--sample-length", "0", "--max-iterations", "4"));
        args.addAll(catalog());
        CliRunner.Outcome first = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, first.exitCode(), first.err());
        ingest(spark -> appendDays(spark, prices, days, 1001, 1201));
        CliRunner.Outcome second = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, second.exitCode(), second.err());

        JsonNode gen1 = json(root.resolve("gen-00001"), RunLayout.DATA_REPORT);
        JsonNode gen2 = json(root.resolve("gen-00002"), RunLayout.DATA_REPORT);
        assertEquals(4, gen2.get("documents").asLong(), "the four markets, not 200 rows each alone");
        long tokens1 = gen1.get("train_tokens").asLong() + gen1.get("validation_tokens").asLong();
        long tokens2 = gen2.get("train_tokens").asLong() + gen2.get("validation_tokens").asLong();
        assertEquals(4 * 200, tokens2 - tokens1, "each series' 200 new days, after the 1,000 before them");
        JsonNode table = json(root.resolve("gen-00002"), RunLayout.RETRAIN_RECORD).get("tables").get(0);
        assertEquals("table:" + prices + "@" + table.get("snapshot").asLong(), table.get("corpus").asText(),
                "the table whole as of the new snapshot: " + table);
        assertEquals(800, table.get("appended_rows").asLong(), table.toString());
    }

    /** Appends the CSV's days {@code [from, to)} as one snapshot, a row per market and day. */
    private static void appendDays(SparkSession spark, String table, List<String> days, int from, int to) {
        String[] markets = days.get(0).replace("\"", "").split(",");
        StructType schema = new StructType().add("market", DataTypes.StringType).add("time", DataTypes.DoubleType)
                .add("close", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int d = from; d < to; d++) {
            String[] cells = days.get(d).split(",");
            for (int m = 1; m < markets.length; m++) {
                rows.add(RowFactory.create(markets[m], Double.parseDouble(cells[0]), Double.parseDouble(cells[m])));
            }
        }
        try {
            spark.createDataFrame(rows, schema).writeTo(table).append();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
