package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.datasets.formats.CodecJson;
import org.sparklstm.datasets.series.SeriesCodec;
import org.sparklstm.job.cli.ExitCode;
import org.sparklstm.job.data.Corpus;
import org.sparklstm.job.data.FileRead;
import org.sparklstm.job.data.ReadLimits;

/**
 * {@code --format series} from what Spark SQL reads, on Spark {@code local[2]}: R's EuStockMarkets written by DuckDB
 * as a long Parquet file (one row per market and day) trains and forecasts exactly as R's wide CSV does, beside a
 * file that is not Parquet and one without the value column, each skipped with its reason; R's monthly sunspots
 * written by DuckDB with its months as dates, its rows shuffled and three bad rows, read by a query and as a table
 * of Spark's catalog, give the one series in time order with the bad rows counted.
 */
class SeriesTablesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SUNSPOTS = Path.of("../datasets/src/test/resources/series/sunspot-month.csv");
    private static final String[] SPLIT = {"--split-by", "end", "--validation-fraction", "0.1", "--sequence-length",
        "50", "--master", "local[2]", "--sample-length", "0"};

    @TempDir
    static Path tmp;
    static Path markets;
    static Path sunspots;

    @BeforeAll
    static void write() throws Exception {
        System.setProperty("spark.ui.enabled", "false");
        markets = Files.createDirectories(tmp.resolve("markets"));
        sunspots = tmp.resolve("sunspots.parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = duck.createStatement()) {
            s.execute("COPY (UNPIVOT (FROM read_csv('" + SeriesTrainingTest.EU_STOCK.toAbsolutePath() + "')) ON DAX, "
                    + "SMI, CAC, FTSE INTO NAME market VALUE close) TO '" + markets.resolve("long.parquet")
                    + "' (FORMAT PARQUET, ROW_GROUP_SIZE 500)");
            s.execute("COPY (SELECT time, DAX AS price FROM read_csv('" + SeriesTrainingTest.EU_STOCK.toAbsolutePath()
                    + "')) TO '" + markets.resolve("prices.parquet") + "' (FORMAT PARQUET)");
            s.execute("COPY (SELECT * FROM (FROM read_csv('" + SUNSPOTS.toAbsolutePath() + "') UNION ALL "
                    + "SELECT DATE '2014-01-01', NULL UNION ALL SELECT DATE '2014-02-01', 'NaN'::DOUBLE UNION ALL "
                    + "SELECT NULL, 50) ORDER BY hash(month)) TO '" + sunspots + "' (FORMAT PARQUET)");
        }
        Files.writeString(markets.resolve("notes.parquet"), "not Parquet at all\n");
    }

    @Test
    void aLongParquetFileTrainsAndForecastsAsTheWideCsvDoes() throws IOException {
        Path csvRun = tmp.resolve("csv");
        Path parquetRun = tmp.resolve("parquet");
        assertEquals(0, train(csvRun, "--corpus", SeriesTrainingTest.EU_STOCK.toString(), "--time-column",
                "time").exitCode());
        CliRunner.Outcome o = train(parquetRun, "--corpus", markets.toString(), "--time-column", "time",
                "--series-key", "market", "--value-columns", "close");
        assertEquals(0, o.exitCode(), o.err());
        JsonNode csv = JSON.readTree(csvRun.resolve(RunLayout.DATA_REPORT).toFile());
        JsonNode parquet = JSON.readTree(parquetRun.resolve(RunLayout.DATA_REPORT).toFile());
        assertEquals(4, parquet.get("documents").asLong(), parquet.toString());
        for (String field : List.of("train_tokens", "validation_tokens", "vocabulary_size")) {
            assertEquals(csv.get(field), parquet.get(field), field);
        }
        assertArrayEquals(codec(csvRun).edges(), codec(parquetRun).edges(), "the same bins from the same steps");
        assertEquals(2, parquet.get("files_skipped").asLong(), parquet.toString());
        Map<String, String> reasons = new TreeMap<>();
        parquet.get("files").forEach(f -> reasons.put(Path.of(f.get("path").asText()).getFileName().toString(),
                f.path("reason").asText()));
        assertTrue(reasons.get("notes.parquet").contains("not a readable Parquet file"), reasons.toString());
        assertTrue(reasons.get("prices.parquet").contains("no column 'close'"), reasons.toString());

        JsonNode fromCsv = forecast(csvRun, SeriesTrainingTest.EU_STOCK.toString());
        JsonNode fromParquet = forecast(parquetRun, markets.toString());
        assertEquals(4, fromParquet.get("series").size());
        Map<String, String> notForecast = new TreeMap<>();
        fromParquet.get("skipped").forEach(f -> notForecast.put(Path.of(f.get("path").asText()).getFileName()
                .toString(), f.get("reason").asText()));
        assertEquals(reasons.keySet().stream().filter(f -> !reasons.get(f).isEmpty()).toList(),
                List.copyOf(notForecast.keySet()), "the files training skipped, with the same reasons: " + notForecast);
        notForecast.forEach((file, reason) -> assertEquals(reasons.get(file), reason, file));
        assertTrue(fromParquet.get("series").get(1).get("name").asText().endsWith("long.parquet#DAX:close"),
                fromParquet.get("series").toString());
        for (String method : List.of("random-walk", "ar", "markov")) {
            assertEquals(fromCsv.get("overall").get(method).get("mae").asDouble(),
                    fromParquet.get("overall").get(method).get("mae").asDouble(), 1e-9, method);
        }
    }

    @Test
    void aQueryOrATableGivesItsSeriesInTimeOrderWhateverTheRowOrder() throws IOException {
        Path run = tmp.resolve("query");
        String query = "sql:SELECT month, sunspots FROM parquet.`" + sunspots + "`";
        CliRunner.Outcome o = train(run, "--corpus", query, "--time-column", "month", "--series-transform",
                "levels");
        assertEquals(0, o.exitCode(), o.err());
        JsonNode report = JSON.readTree(run.resolve(RunLayout.DATA_REPORT).toFile());
        assertEquals(1, report.get("documents").asLong(), report.toString());
        assertEquals(Map.of("gap", 3), JSON.convertValue(report.get("bad_rows_by_kind"), Map.class),
                "a null value, a NaN and a null month; no row counted out of order: " + report);

        JsonNode fromQuery = forecast(run, query);
        JsonNode fromCsv = forecast(run, SUNSPOTS.toString());
        assertEquals(fromCsv.get("series").get(0).get("random-walk"), fromQuery.get("series").get(0)
                .get("random-walk"), "the months in order, as the CSV file has them");

        CliRunner.Outcome unordered = train(tmp.resolve("unordered"), "--corpus", query, "--value-columns",
                "sunspots");
        assertEquals(ExitCode.USAGE.code(), unordered.exitCode(), unordered.err());
        assertTrue(unordered.err().contains("time-column"), unordered.err());

        SparkSession spark = SparkSession.builder().master("local[2]").appName("table")
                .config("spark.sql.warehouse.dir", tmp.resolve("warehouse").toString()).getOrCreate();
        try {
            spark.read().parquet(sunspots.toString()).write().saveAsTable("sunspots");
            TrainingConfig config = TrainingConfig.defaults().with(Map.of("format", "series", "time-column", "month",
                    "series-transform", "levels"), "test");
            Corpus table = Corpus.open(JavaSparkContext.fromSparkContext(spark.sparkContext()),
                    List.of("table:sunspots"), config.corpusFormat(), ReadLimits.of(config), List.of());
            long symbols = table.symbolCounts().values().stream().mapToLong(Long::longValue).sum();
            assertEquals(Files.readAllLines(SUNSPOTS).size() - 1, symbols, "every month of the CSV file");
            assertEquals(List.of("table:sunspots"), table.report().stream().map(FileRead::source).distinct().toList());
        } finally {
            spark.stop();
        }
    }

    private static CliRunner.Outcome train(Path run, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("train", "--model", "markov", "--order", "3",
                "--format", "series", "--output", run.toString()));
        all.addAll(List.of(SPLIT));
        all.addAll(List.of(args));
        return CliRunner.run(all.toArray(new String[0]));
    }

    private static SeriesCodec codec(Path run) throws IOException {
        try (Stream<Path> codecs = Files.walk(run.resolve("checkpoints"))) {
            return (SeriesCodec) CodecJson.read(Files.readString(codecs.filter(p -> p.endsWith("codec.json"))
                    .findFirst().orElseThrow()));
        }
    }

    private static JsonNode forecast(Path run, String corpus) throws IOException {
        Path out = tmp.resolve("forecast-" + run.getFileName() + "-" + Integer.toHexString(corpus.hashCode()));
        CliRunner.Outcome o = CliRunner.run("forecast", "--checkpoint", run.toString(), "--corpus", corpus,
                "--horizon", "5", "--paths", "50", "--master", "local[2]", "--output", out.toString());
        assertEquals(0, o.exitCode(), o.err());
        return JSON.readTree(out.resolve("forecast.json").toFile());
    }
}
