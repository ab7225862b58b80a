package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --format midi --binary-column NAME}: real MIDI files put into a Parquet table's binary column by DuckDB
 * ({@code read_blob}, an independent writer), one performance a row, train to exactly the events the same files
 * give when read as files, with a cell that is not MIDI, a null and a string column counted as bad rows.
 */
class MidiTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path files;
    static Path table;
    static int performances;

    @BeforeAll
    static void write() throws Exception {
        System.setProperty("spark.ui.enabled", "false");
        files = Files.createDirectories(tmp.resolve("midi"));
        try (Stream<Path> all = Files.list(Path.of("../datasets/src/test/resources/music/simutrans"))) {
            for (Path p : all.sorted().limit(6).toList()) {
                Files.copy(p, files.resolve(p.getFileName()));
            }
        }
        performances = 6;
        table = Files.createDirectories(tmp.resolve("table"));
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT parse_filename(filename) AS name, content FROM read_blob('" + files
                    + "/*.mid') UNION ALL SELECT 'not-midi', 'MThd, but only in name'::BLOB UNION ALL "
                    + "SELECT 'no-content', NULL::BLOB) TO '" + table.resolve("performances.parquet")
                    + "' (FORMAT PARQUET)");
            s.execute("COPY (SELECT 'as-text' AS name, 'text, not a file' AS content) TO '"
                    + table.resolve("strings.parquet") + "' (FORMAT PARQUET)");
        }
    }

    private static JsonNode train(String name, String... corpusAndOptions) throws Exception {
        Path run = tmp.resolve(name);
        List<String> args = new ArrayList<>(List.of("train", "--format", "midi", "--on-bad-input", "skip",
                "--master", "local[2]", "--output", run.toString(), "--max-iterations", "2", "--eval-every", "2",
                "--hidden-size", "16", "--layers", "1", "--sequence-length", "100", "--sample-length", "0"));
        args.addAll(List.of(corpusAndOptions));
        CliRunner.Outcome o = CliRunner.run(args.toArray(new String[0]));
        assertEquals(0, o.exitCode(), o.err());
        return JSON.readTree(run.resolve("data-report.json").toFile());
    }

    private static long tokens(JsonNode report) {
        return report.get("train_tokens").asLong() + report.get("validation_tokens").asLong();
    }

    @Test
    void aBinaryColumnOfMidiFilesTrainsOnTheSameEventsAsTheFiles() throws Exception {
        JsonNode fromFiles = train("from-files", "--corpus", files.toString());
        JsonNode fromTable = train("from-table", "--corpus", table.toString(), "--binary-column", "content",
                "--id-column", "name");
        assertEquals(performances, fromTable.get("documents").asLong(), "one performance a row");
        assertEquals(tokens(fromFiles), tokens(fromTable), "the same events, read from files or from cells");
        Map<String, Long> byKind = new TreeMap<>();
        fromTable.get("bad_rows_by_kind").fields().forEachRemaining(e -> byKind.put(e.getKey(),
                e.getValue().asLong()));
        assertEquals(Map.of("malformed", 1L, "null", 1L, "not-binary", 1L), byKind);
        Map<String, JsonNode> byFile = new TreeMap<>();
        fromTable.get("files").forEach(f -> byFile.put(Path.of(f.get("path").asText()).getFileName().toString(), f));
        assertEquals("id=not-midi", byFile.get("performances.parquet").get("bad_row_examples").get("malformed").get(0)
                .asText());

        CliRunner.Outcome sample = CliRunner.run("sample", "--checkpoint", tmp.resolve("from-table").toString(),
                "--length", "200", "--out", tmp.resolve("sample.mid").toString());
        assertEquals(0, sample.exitCode(), sample.err());
        CliRunner.Outcome scored = CliRunner.run("evaluate", "--checkpoint", tmp.resolve("from-table").toString(),
                "--corpus", files.toString());
        assertEquals(0, scored.exitCode(), "a model of MIDI cells scores MIDI files: " + scored.err());
        CliRunner.Outcome many = CliRunner.run("sample", "--checkpoint", tmp.resolve("from-table").toString(),
                "--length", "200", "--count", "3", "--output", tmp.resolve("samples").toString(), "--master",
                "local[2]");
        assertEquals(0, many.exitCode(), many.err());
        for (int i = 1; i <= 3; i++) {
            byte[] midi = Files.readAllBytes(tmp.resolve("samples").resolve("samples")
                    .resolve("sample-0000" + i + ".mid"));
            assertEquals("MThd", new String(midi, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        }
        byte[] head = Files.readAllBytes(tmp.resolve("sample.mid"));
        assertEquals("MThd", new String(head, 0, 4, java.nio.charset.StandardCharsets.US_ASCII),
                "a model of MIDI cells samples MIDI");
    }

    @Test
    void aMissingBinaryColumnIsAConfigurationErrorNamingTheKey() {
        CliRunner.Outcome o = CliRunner.run("train", "--format", "midi", "--binary-column", "audio", "--corpus",
                "sql:SELECT * FROM parquet.`" + table.resolve("performances.parquet") + "`", "--master", "local[2]",
                "--output", tmp.resolve("missing").toString(), "--max-iterations", "1", "--sample-length", "0");
        assertEquals(2, o.exitCode(), o.err());
        assertTrue(o.err().contains("binary-column") && o.err().contains("content"), o.err());
    }
}
