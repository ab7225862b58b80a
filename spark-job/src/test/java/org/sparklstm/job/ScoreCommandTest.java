package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.core.storage.FaultInjectingFileSystem;
import org.sparklstm.core.storage.FaultyLocalFileSystem;

/**
 * {@code score} on Spark {@code local[2]}: for a network, a Markov chain and a mixture, the token-weighted mean of
 * the documents' scores is {@code evaluate}'s figure on the same corpus (1e-6), the scores read back by DuckDB (an
 * independent Parquet reader) are one per document, scored per line a log of verses with lines of the Jargon
 * File injected ranks exactly those lines most surprising, and scored per window MIDI performances are cut as
 * training cuts them, their windows' losses summing to theirs; {@code filter} keeps what {@code score} scores under
 * its threshold.
 */
class ScoreCommandTest {
    private static final String TRAIN = "src/test/resources/corpora/kjv-excerpt.txt";
    private static final Path PIANO = Path.of("../datasets/src/main/resources/corpora/piano");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path corpus;
    static Path rows;
    static List<String> verses;

    @BeforeAll
    static void setUp() throws Exception {
        System.setProperty("spark.ui.enabled", "false");
        corpus = Files.createDirectories(tmp.resolve("corpus"));
        List<String> verses = Files.readAllLines(Path.of("src/test/resources/corpora/kjv-later-verses.txt"));
        Files.write(corpus.resolve("psalms-a.txt"), verses.subList(0, 90));
        Files.write(corpus.resolve("psalms-b.txt"), verses.subList(90, 200));
        ScoreCommandTest.verses = verses;
        train("lstm", "--max-iterations", "6");
        train("markov", "--model", "markov", "--order", "4");
        train("mixture", "--model", "mixture", "--of", "lstm,markov", "--order", "4", "--max-iterations", "4");
        rows = Files.createDirectories(tmp.resolve("rows"));
        List<String> trainRows = new ArrayList<>();
        for (String verse : Files.readAllLines(Path.of(TRAIN))) {
            trainRows.add(JSON.writeValueAsString(JSON.createObjectNode().put("text", verse)));
        }
        Files.write(tmp.resolve("train.jsonl"), trainRows);
        List<String> psalms = new ArrayList<>();
        for (String verse : verses) {
            psalms.add(JSON.writeValueAsString(JSON.createObjectNode().put("text", verse)));
        }
        Files.write(rows.resolve("psalms.jsonl"), psalms);
        trainOn(tmp.resolve("train.jsonl").toString(), "rows-markov", "--format", "jsonl", "--model", "markov",
                "--order", "4");
    }

    private static void train(String name, String... options) {
        trainOn(TRAIN, name, options);
    }

    private static void trainOn(String trained, String name, String... options) {
        List<String> args = new ArrayList<>(List.of("train", "--corpus", trained, "--master", "local[2]", "--output",
                tmp.resolve(name).toString(), "--hidden-size", "24", "--layers", "1", "--sample-length", "0",
                "--eval-every", "4"));
        args.addAll(List.of(options));
        CliRunner.Outcome o = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, o.exitCode(), o.err());
    }

    private static JsonNode score(String model, Path scored, String output, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("score", "--checkpoint", tmp.resolve(model).toString(),
                "--corpus", scored.toString(), "--output", tmp.resolve(output).toString(), "--master", "local[2]"));
        args.addAll(List.of(options));
        CliRunner.Outcome o = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, o.exitCode(), o.err());
        return JSON.readTree(tmp.resolve(output).resolve(RunLayout.SCORE_SUMMARY).toFile());
    }

    @Test
    void theMeanOfTheScoresIsEvaluatesFigureForEveryFamily() throws Exception {
        for (String model : List.of("lstm", "markov", "mixture")) {
            JsonNode summary = score(model, corpus, "scores-" + model);
            CliRunner.Outcome e = CliRunner.run("evaluate", "--checkpoint", tmp.resolve(model).toString(),
                    "--corpus", corpus.toString());
            assertEquals(0, e.exitCode(), e.err());
            JsonNode evaluated = JSON.readTree(e.out());
            assertEquals(evaluated.get("tokens").asLong(), summary.get("tokens").asLong(), model);
            assertEquals(evaluated.get("bits_per_token").asDouble(), summary.get("bits_per_token").asDouble(), 1e-6,
                    model);
            assertEquals(2, summary.get("documents").asLong(), model);
            assertTrue(summary.get("quantiles").get("p50").asDouble() > 0, summary.toString());
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = duck.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*), sum(tokens), sum(tokens * bits_per_token) FROM "
                     + "read_parquet('" + tmp.resolve("scores-markov").resolve(RunLayout.SCORES) + "/*.parquet')")) {
            r.next();
            JsonNode summary = JSON.readTree(tmp.resolve("scores-markov").resolve(RunLayout.SCORE_SUMMARY).toFile());
            assertEquals(2, r.getLong(1), "a row per document");
            assertEquals(summary.get("tokens").asLong(), r.getLong(2));
            assertEquals(summary.get("bits_per_token").asDouble(), r.getDouble(3) / r.getLong(2), 1e-9);
        }
    }

    @Test
    void linesInjectedFromAnotherTextAreRankedMostSurprising() throws Exception {
        List<String> injected = injected();
        List<String> log = logWith(injected);
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Files.write(logs.resolve("app.log"), log);
        JsonNode summary = score("markov", logs, "lines", "--per", "line", "--top", String.valueOf(injected.size()),
                "--as", "jsonl");
        Set<String> top = new HashSet<>();
        summary.get("most_surprising").forEach(t -> top.add(t.get("text").asText().strip()));
        assertEquals(new HashSet<>(injected), top, summary.get("most_surprising").toString());
        assertEquals(log.size(), summary.get("documents").asLong(), "a score per line");
        long written = 0;
        try (var parts = Files.list(tmp.resolve("lines").resolve(RunLayout.SCORES))) {
            for (Path part : parts.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                written += Files.readAllLines(part).size();
            }
        }
        assertEquals(log.size(), written, "the scores as JSON Lines, a line each");
    }

    @Test
    void filterKeepsTheLinesUnderTheThresholdAsText() throws Exception {
        List<String> injected = injected();
        List<String> log = logWith(injected);
        Path logs = Files.createDirectories(tmp.resolve("filter-logs"));
        Files.write(logs.resolve("app.log"), log);
        CliRunner.Outcome o = CliRunner.run("filter", "--checkpoint", tmp.resolve("markov").toString(), "--corpus",
                logs.toString(), "--per", "line", "--max-bits", "3.93", "--output", tmp.resolve("kept").toString(),
                "--master", "local[2]");
        assertEquals(0, o.exitCode(), o.err());
        List<String> kept = new ArrayList<>();
        try (var parts = Files.list(tmp.resolve("kept").resolve(RunLayout.KEPT))) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                kept.addAll(Files.readAllLines(part));
            }
        }
        assertEquals(verses, kept, "every verse kept, in order, and no injected line");
        JsonNode report = JSON.readTree(tmp.resolve("kept").resolve(RunLayout.FILTER_REPORT).toFile());
        assertEquals(verses.size(), report.get("kept").get("documents").asLong());
        assertEquals(injected.size(), report.get("dropped").get("documents").asLong());
    }

    @Test
    void filterKeepsTheRowsThatScoreScoresUnderTheThresholdAsJsonLines() throws Exception {
        double threshold = filterAtTheMedian("rows-markov", rows, "rows-scores", "rows-kept");
        Set<String> expected = new HashSet<>();
        for (JsonNode s : jsonLines(tmp.resolve("rows-scores").resolve(RunLayout.SCORES))) {
            if (s.get("bits_per_token").asDouble() <= threshold) {
                expected.add(s.get("source").asText());
            }
        }
        Set<String> kept = new HashSet<>();
        Set<String> keptText = new HashSet<>();
        for (JsonNode row : jsonLines(tmp.resolve("rows-kept").resolve(RunLayout.KEPT))) {
            kept.add(row.get("source").asText());
            keptText.add(row.get("text").asText());
        }
        assertTrue(expected.size() > 50 && expected.size() < 150, "about half: " + expected.size());
        assertEquals(expected, kept, "filter keeps exactly what score scores under the threshold");
        assertTrue(verses.containsAll(keptText), "each kept row with its whole text");
    }

    /**
     * Two models of rows written by DuckDB: one names rows by file and row index, the other by an id column whose
     * values hold a {@code /} (percent-encoded in a row's identity) and are null in every tenth row (named by
     * position instead). For both, the kept rows are joined back by the identity score named them by. A file whose
     * text column holds numbers keeps nothing, with exit 0.
     */
    @Test
    void filterKeepsWholeParquetRowsWithAllTheirColumns() throws Exception {
        Path trainRows = Files.createDirectories(tmp.resolve("train-parquet"));
        Path psalms = Files.createDirectories(tmp.resolve("psalms-parquet"));
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("CREATE TABLE t (id VARCHAR, text VARCHAR)");
            s.execute("CREATE TABLE p (n INTEGER, id VARCHAR, book VARCHAR, text VARCHAR)");
            try (PreparedStatement t = duck.prepareStatement("INSERT INTO t VALUES (?, ?)");
                 PreparedStatement p = duck.prepareStatement("INSERT INTO p VALUES (?, ?, ?, ?)")) {
                List<String> train = Files.readAllLines(Path.of(TRAIN));
                for (int n = 0; n < train.size(); n++) {
                    t.setString(1, "kjv/" + n);
                    t.setString(2, train.get(n));
                    t.execute();
                }
                for (int n = 0; n < verses.size(); n++) {
                    p.setInt(1, n);
                    p.setString(2, n % 10 == 0 ? null : "ps/" + n);
                    p.setString(3, n < 100 ? "Psalms" : "Isaiah");
                    p.setString(4, verses.get(n));
                    p.execute();
                }
            }
            s.execute("COPY t TO '" + trainRows.resolve("kjv.parquet") + "' (FORMAT PARQUET)");
            s.execute("COPY p TO '" + psalms.resolve("verses.parquet") + "' (FORMAT PARQUET)");
        }
        trainOn(trainRows.toString(), "parquet-markov", "--format", "parquet", "--model", "markov", "--order", "4");
        trainOn(trainRows.toString(), "parquet-markov-id", "--format", "parquet", "--id-column", "id", "--model",
                "markov", "--order", "4");
        for (String model : List.of("parquet-markov", "parquet-markov-id")) {
            double threshold = filterAtTheMedian(model, psalms, model + "-scores", model + "-kept");
            Set<Long> expected = new HashSet<>();
            for (JsonNode row : jsonLines(tmp.resolve(model + "-scores").resolve(RunLayout.SCORES))) {
                String source = row.get("source").asText();
                long n = source.startsWith("id=ps%2F") ? Long.parseLong(source.substring("id=ps%2F".length()))
                        : Long.parseLong(source.substring(source.indexOf("verses.parquet#row=") + 19));
                assertEquals(model.endsWith("-id") && n % 10 != 0, source.startsWith("id="), source);
                if (row.get("bits_per_token").asDouble() <= threshold) {
                    expected.add(n);
                }
            }
            assertTrue(expected.size() > 50 && expected.size() < 150, model + ", about half: " + expected.size());
            Set<Long> kept = new HashSet<>();
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
                 ResultSet r = s.executeQuery("SELECT * FROM read_parquet('" + tmp.resolve(model + "-kept")
                         .resolve(RunLayout.KEPT) + "/*.parquet')")) {
                assertEquals(4, r.getMetaData().getColumnCount(), "the rows' own columns, no more");
                while (r.next()) {
                    int n = r.getInt("n");
                    kept.add((long) n);
                    assertEquals(verses.get(n), r.getString("text"));
                    assertEquals(n < 100 ? "Psalms" : "Isaiah", r.getString("book"));
                    assertEquals(n % 10 == 0 ? null : "ps/" + n, r.getString("id"));
                }
            }
            assertEquals(expected, kept, model + ": filter keeps exactly the rows score scores under the threshold");
        }

        Path numbers = Files.createDirectories(tmp.resolve("numbers-parquet"));
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("COPY (SELECT range AS text FROM range(50)) TO '" + numbers.resolve("numbers.parquet")
                    + "' (FORMAT PARQUET)");
        }
        CliRunner.Outcome none = CliRunner.run("filter", "--checkpoint", tmp.resolve("parquet-markov").toString(),
                "--corpus", numbers.toString(), "--max-bits", "9", "--output", tmp.resolve("numbers-kept").toString(),
                "--master", "local[2]");
        assertEquals(0, none.exitCode(), "a text column of numbers holds no text to keep: " + none.err());
        JsonNode report = JSON.readTree(tmp.resolve("numbers-kept").resolve(RunLayout.FILTER_REPORT).toFile());
        assertEquals(0, report.get("kept").get("documents").asLong());
        try (var kept = Files.list(tmp.resolve("numbers-kept").resolve(RunLayout.KEPT))) {
            assertEquals(0, kept.count(), "nothing kept");
        }
    }

    @Test
    void windowsOfMidiPerformancesSumToTheirDocumentsAndTheirScoresAreDrawnAsAHistogram() throws Exception {
        Path midi = Files.createDirectories(tmp.resolve("midi"));
        for (String piece : List.of("fur-elise.mid", "the-entertainer.mid")) {
            Files.copy(PIANO.resolve(piece), midi.resolve(piece));
        }
        trainOn(midi.toString(), "midi-markov", "--format", "midi", "--model", "markov", "--order", "3",
                "--sequence-length", "50");
        JsonNode whole = score("midi-markov", midi, "midi-documents", "--as", "jsonl");
        JsonNode summary = score("midi-markov", midi, "midi-windows", "--per", "window", "--as", "jsonl",
                "--min-tokens", "50");
        assertEquals(whole.get("tokens").asLong(), summary.get("tokens").asLong());
        assertEquals(whole.get("bits_per_token").asDouble(), summary.get("bits_per_token").asDouble(), 1e-9,
                "the windows' losses sum to their performances'");
        Map<String, Long> performances = new HashMap<>();
        jsonLines(tmp.resolve("midi-documents").resolve(RunLayout.SCORES))
                .forEach(d -> performances.put(d.get("source").asText(), d.get("tokens").asLong()));
        Map<String, List<JsonNode>> windows = new TreeMap<>();
        List<JsonNode> scored = jsonLines(tmp.resolve("midi-windows").resolve(RunLayout.SCORES));
        scored.forEach(w -> windows.computeIfAbsent(w.get("source").asText(), k -> new ArrayList<>()).add(w));
        assertEquals(performances.keySet(), windows.keySet());
        for (Map.Entry<String, List<JsonNode>> e : windows.entrySet()) {
            List<JsonNode> cut = e.getValue().stream().sorted(Comparator.comparingLong(w -> w.get("offset")
                    .asLong())).toList();
            long tokens = performances.get(e.getKey());
            assertEquals((tokens + 49) / 50, cut.size(), e.getKey() + ": a window per 50 predicted tokens");
            for (int k = 0; k < cut.size(); k++) {
                assertEquals(50L * k, cut.get(k).get("offset").asLong(), "windows start where training cuts them");
                assertEquals(k < cut.size() - 1 ? 50 : tokens - 50L * k, cut.get(k).get("tokens").asLong());
            }
        }
        JsonNode histogram = summary.get("histogram");
        long counted = 0;
        for (JsonNode c : histogram.get("counts")) {
            counted += c.asLong();
        }
        assertEquals(scored.stream().filter(w -> w.get("tokens").asLong() >= 50).count(), counted,
                "the histogram counts every window of 50 tokens");
        assertEquals(histogram.get("counts").size() + 1, histogram.get("edges").size());
        BufferedImage picture = ImageIO.read(tmp.resolve("midi-windows").resolve(RunLayout.SCORE_HISTOGRAM).toFile());
        assertEquals(900, picture.getWidth());

        CliRunner.Outcome lines = CliRunner.run("score", "--checkpoint", tmp.resolve("midi-markov").toString(),
                "--corpus", midi.toString(), "--output", tmp.resolve("midi-lines").toString(), "--per", "line",
                "--master", "local[2]");
        assertEquals(2, lines.exitCode(), lines.err());
        assertTrue(lines.err().contains("--per window"), lines.err());
        CliRunner.Outcome filtered = CliRunner.run("filter", "--checkpoint", tmp.resolve("markov").toString(),
                "--corpus", corpus.toString(), "--output", tmp.resolve("kept-windows").toString(), "--per", "window",
                "--max-bits", "3", "--master", "local[2]");
        assertEquals(2, filtered.exitCode(), filtered.err());
    }

    /**
     * Storage fails while {@code score} writes its scores, then while it writes its summary (or cuts the summary's
     * write short), then while
     * {@code sample --count} writes its samples: each exits 5 (storage) with no summary or index, so the root reads
     * as unfinished, and the same call, run again once storage heals, finishes with what an unfaulted call gives.
     */
    @Test
    void aStorageFaultWhileWritingExits5WithNoSummaryAndTheSameCallFinishesOnceStorageHeals() throws Exception {
        Path out = tmp.resolve("faulted-scores");
        for (String failing : List.of("part-.*\\.parquet$", "score-summary\\.json")) {
            CliRunner.Outcome faulty = CliRunner.run(faulted(failing, "score", "--checkpoint",
                    tmp.resolve("markov").toString(), "--corpus", corpus.toString(), "--output", out.toString(),
                    "--master", "local[2]"));
            assertEquals(5, faulty.exitCode(), failing + ": " + faulty.err());
            assertTrue(faulty.err().contains("injected fault"), faulty.err());
            assertFalse(Files.exists(out.resolve(RunLayout.SCORE_SUMMARY)), failing + ": no summary, so unfinished");
        }
        Files.createDirectories(tmp.resolve("cut-scores"));
        CliRunner.Outcome cut = CliRunner.run("score", "--checkpoint", tmp.resolve("markov").toString(), "--corpus",
                corpus.toString(), "--output", "faulty:///cut-scores", "--master", "local[2]",
                "--conf", "spark.hadoop.fs.faulty.impl=" + FaultInjectingFileSystem.class.getName(),
                "--conf", "spark.hadoop.fs.faulty.target=" + tmp.toUri(),
                "--conf", "spark.hadoop.faults.cut.path=score-summary");
        assertEquals(5, cut.exitCode(), cut.err());
        assertFalse(Files.exists(tmp.resolve("cut-scores").resolve(RunLayout.SCORE_SUMMARY)),
                "a summary cut short is never left as the summary");
        JsonNode healed = score("markov", corpus, "faulted-scores");
        assertEquals(2, healed.get("documents").asLong());
        assertEquals(score("markov", corpus, "unfaulted-scores").get("bits_per_token").asDouble(),
                healed.get("bits_per_token").asDouble(), 0);

        Path samples = tmp.resolve("faulted-samples");
        List<String> sample = List.of("sample", "--checkpoint", tmp.resolve("markov").toString(), "--count", "4",
                "--length", "50", "--output", samples.toString(), "--master", "local[2]");
        CliRunner.Outcome faulty = CliRunner.run(faulted("sample-0000[13]", sample.toArray(String[]::new)));
        assertEquals(5, faulty.exitCode(), faulty.err());
        assertFalse(Files.exists(samples.resolve(RunLayout.SAMPLES_INDEX)), "no index, so unfinished");
        CliRunner.Outcome healedSamples = CliRunner.run(sample.toArray(String[]::new));
        assertEquals(0, healedSamples.exitCode(), healedSamples.err());
        assertEquals(4, JSON.readTree(samples.resolve(RunLayout.SAMPLES_INDEX).toFile()).get("samples").size());
    }

    /** @return the command with file:// storage that fails every create of a path matching {@code failing} */
    private static String[] faulted(String failing, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--conf", "spark.hadoop.fs.file.impl=" + FaultyLocalFileSystem.class.getName(),
                "--conf", "spark.hadoop.fs.file.impl.disable.cache=true",
                "--conf", "spark.hadoop.faults.create.path=" + failing));
        return args.toArray(String[]::new);
    }

    /**
     * Scores a corpus as JSON Lines under {@code scores}, then filters it at the median score into {@code kept}.
     *
     * @return the median
     */
    private static double filterAtTheMedian(String model, Path corpus, String scores, String kept) throws Exception {
        double threshold = score(model, corpus, scores, "--as", "jsonl").get("quantiles").get("p50").asDouble();
        CliRunner.Outcome o = CliRunner.run("filter", "--checkpoint", tmp.resolve(model).toString(), "--corpus",
                corpus.toString(), "--max-bits", String.valueOf(threshold), "--output", tmp.resolve(kept).toString(),
                "--master", "local[2]");
        assertEquals(0, o.exitCode(), o.err());
        return threshold;
    }

    private static List<String> injected() throws Exception {
        return Files.readAllLines(Path.of("src/test/resources/corpora/jargon-lines.txt"));
    }

    /** @return the 200 verses with the injected lines put in every 30 lines from line 25 */
    private static List<String> logWith(List<String> injected) {
        List<String> log = new ArrayList<>(verses);
        for (int i = 0; i < injected.size(); i++) {
            log.add(25 + i * 30, injected.get(i));
        }
        return log;
    }

    private static List<JsonNode> jsonLines(Path folder) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        try (var parts = Files.list(folder)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                for (String line : Files.readAllLines(part)) {
                    rows.add(JSON.readTree(line));
                }
            }
        }
        return rows;
    }
}
