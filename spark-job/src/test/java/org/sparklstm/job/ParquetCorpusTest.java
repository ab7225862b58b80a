package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.job.data.Corpus;
import org.sparklstm.job.data.FileRead;
import org.sparklstm.job.data.ReadLimits;

/**
 * {@code --format parquet}: Parquet files written by DuckDB (an independent writer) and by Spark itself, with
 * null, empty, oversized, binary, invalid-UTF-8 and non-string rows, a file whose text column is an integer and a
 * file that is not Parquet, train with exit 0 and a data report that counts each kind; a query ({@code sql:}) and
 * a table of Spark's catalog ({@code table:}) are corpora too.
 */
class ParquetCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path corpus;
    static List<String> verses;
    static int duckGood;
    static int sparkGood;

    @BeforeAll
    static void write() throws Exception {
        System.setProperty("spark.ui.enabled", "false");
        corpus = Files.createDirectories(tmp.resolve("table"));
        verses = Files.readAllLines(Path.of("src/test/resources/corpora/kjv-excerpt.txt")).stream()
                .filter(l -> !l.isBlank()).toList();
        List<String> first = verses.subList(0, verses.size() / 2);
        List<String> second = verses.subList(verses.size() / 2, verses.size());
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = duck.createStatement()) {
            s.execute("CREATE TABLE v (id VARCHAR, text VARCHAR)");
            try (PreparedStatement insert = duck.prepareStatement("INSERT INTO v VALUES (?, ?)")) {
                for (int i = 0; i < first.size(); i++) {
                    insert.setString(1, "duck-" + i);
                    insert.setString(2, first.get(i));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            s.execute("INSERT INTO v VALUES ('null-text', NULL), ('empty-text', ''), "
                    + "('huge', repeat('selah ', 200000))");
            s.execute("COPY v TO '" + corpus.resolve("duck.parquet") + "' (FORMAT PARQUET, ROW_GROUP_SIZE 40)");
            s.execute("COPY (SELECT 'n' || i AS id, i AS text FROM range(7) t(i)) TO '"
                    + corpus.resolve("numbers.parquet") + "' (FORMAT PARQUET)");
            s.execute("COPY (SELECT 'b' || i AS id, encode('Caf\u00e9 ' || i) AS text FROM range(5) t(i) UNION ALL "
                    + "SELECT 'latin1', '\\xE9\\x74\\xE9'::BLOB) TO '" + corpus.resolve("blobs.parquet")
                    + "' (FORMAT PARQUET)");
        }
        duckGood = first.size();
        Files.writeString(corpus.resolve("notes.parquet"), "not Parquet at all\n");
        SparkSession spark = SparkSession.builder().master("local[2]").appName("write").getOrCreate();
        try {
            spark.createDataset(second, Encoders.STRING()).toDF("text")
                    .selectExpr("concat('spark-', monotonically_increasing_id()) AS id", "text")
                    .repartition(2).write().parquet(corpus.resolve("by-spark").toString());
        } finally {
            spark.stop();
        }
        sparkGood = second.size();
    }

    private static JsonNode train(String name, String... corpusAndOptions) throws Exception {
        Path run = tmp.resolve(name);
        List<String> args = new ArrayList<>(List.of("train", "--format", "parquet", "--id-column", "id",
                "--max-file-mb", "1", "--on-bad-input", "skip", "--master", "local[2]", "--output", run.toString(),
                "--max-iterations", "2", "--eval-every", "2", "--hidden-size", "16", "--layers", "1",
                "--sample-length", "0"));
        args.addAll(List.of(corpusAndOptions));
        CliRunner.Outcome o = CliRunner.run(args.toArray(new String[0]));
        assertEquals(0, o.exitCode(), o.err());
        return JSON.readTree(run.resolve("data-report.json").toFile());
    }

    private static Map<String, Long> byKind(JsonNode report) {
        Map<String, Long> byKind = new TreeMap<>();
        report.get("bad_rows_by_kind").fields().forEachRemaining(e -> byKind.put(e.getKey(), e.getValue().asLong()));
        return byKind;
    }

    @Test
    void everyKindOfBadRowIsCountedAndTheRunGoesOn() throws Exception {
        JsonNode report = train("files", "--corpus", corpus.toString());
        assertEquals(duckGood + sparkGood + 5, report.get("documents").asLong(),
                "every good row of DuckDB's and Spark's files, and the UTF-8 blobs");
        assertEquals(new TreeMap<>(Map.of("null", 1L, "empty", 1L, "oversized", 1L, "not-a-string", 7L,
                "invalid-utf8", 1L)), byKind(report));
        Map<String, JsonNode> files = new TreeMap<>();
        report.get("files").forEach(f -> files.put(Path.of(f.get("path").asText()).getFileName().toString(), f));
        assertEquals("skipped", files.get("notes.parquet").get("status").asText());
        assertTrue(files.get("notes.parquet").get("reason").asText().contains("not a readable Parquet file"),
                files.get("notes.parquet").toString());
        assertEquals("id=null-text", files.get("duck.parquet").get("bad_row_examples").get("null").get(0).asText());
        assertEquals(duckGood, files.get("duck.parquet").get("documents").asLong(), "row groups read once each");
        assertTrue(files.get("numbers.parquet").get("bad_row_examples").get("not-a-string").get(0).asText()
                .contains("int64"), files.get("numbers.parquet").toString());
        assertTrue(report.get("train_tokens").asLong() > 10_000 && report.get("validation_tokens").asLong() > 0);

        CliRunner.Outcome e = CliRunner.run("evaluate", "--checkpoint", tmp.resolve("files").toString(),
                "--corpus", corpus.toString());
        assertEquals(2, e.exitCode(), "evaluate refuses a corpus only Spark SQL reads");
        assertTrue(e.err().contains("corpus") && e.err().contains("Spark SQL"), e.err());
        CliRunner.Outcome text = CliRunner.run("evaluate", "--checkpoint", tmp.resolve("files").toString(),
                "--corpus", "src/test/resources/corpora/kjv-excerpt.txt");
        assertEquals(0, text.exitCode(), "a model of text rows scores text files: " + text.err());
        assertTrue(text.out().contains("bits"), text.out());
    }

    @Test
    void anUnknownTableAQueryThatDoesNotParseAndAMissingColumnAreConfigurationErrors() {
        for (String[] bad : new String[][] {{"table:no_such_table", "corpus"}, {"sql:SELEC nothing", "corpus"},
            {"sql:SELECT 'x' AS body", "text-column"}}) {
            CliRunner.Outcome o = CliRunner.run("train", "--format", "parquet", "--corpus", bad[0], "--master",
                    "local[2]", "--output", tmp.resolve("bad-" + bad[1] + bad[0].length()).toString(),
                    "--max-iterations", "1", "--sample-length", "0");
            assertEquals(2, o.exitCode(), bad[0] + ": " + o.err());
            assertTrue(o.err().contains(bad[1]), "names " + bad[1] + ": " + o.err());
        }
    }

    @Test
    void aQueryIsACorpus() throws Exception {
        JsonNode report = train("query", "--corpus", "sql:SELECT id, text FROM parquet.`" + corpus.resolve("duck.parquet")
                + "` WHERE text IS NULL OR length(text) < 1000");
        assertEquals(duckGood, report.get("documents").asLong());
        assertEquals(Map.of("empty", 1L, "null", 1L), byKind(report));
    }

    @Test
    void aTableOfTheSessionCatalogIsACorpusAndItsRowsAreNamedByPosition() throws Exception {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("table")
                .config("spark.sql.warehouse.dir", tmp.resolve("warehouse").toString()).getOrCreate();
        try {
            spark.read().parquet(corpus.resolve("by-spark").toString()).write().saveAsTable("verses");
            TrainingConfig config = TrainingConfig.defaults().with(Map.of("format", "parquet"), "test");
            Corpus table = Corpus.open(JavaSparkContext.fromSparkContext(spark.sparkContext()),
                    List.of("table:verses"), config.corpusFormat(), ReadLimits.of(config), List.of());
            long symbols = table.symbolCounts().values().stream().mapToLong(Long::longValue).sum();
            long documents = table.report().stream().mapToLong(r -> r.content().documentCount()).sum();
            assertEquals(sparkGood, documents);
            assertEquals(String.join("", verses.subList(verses.size() / 2, verses.size())).codePointCount(0,
                    String.join("", verses.subList(verses.size() / 2, verses.size())).length()), symbols);
            assertTrue(table.report().stream().map(FileRead::source).allMatch(s -> s.contains("warehouse/verses/part-")),
                    "rows are accounted to their files: " + table.report().stream().map(FileRead::source).toList());
        } finally {
            spark.stop();
        }
    }
}
