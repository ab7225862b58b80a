package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.config.ConfigParam;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.datasets.codec.CharacterCodec;
import org.sparklstm.datasets.formats.CodecJson;
import org.sparklstm.job.report.RunReport;

/**
 * The walking skeleton end to end on Spark local[2]: train a small LSTM on the bundled real corpus, then
 * sample, evaluate and inspect its checkpoint through the command line.
 */
class TrainSampleEvaluateTest {
    static final String MOBY_DICK = "../datasets/src/main/resources/corpora/mobydick.txt";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path run;
    static CliRunner.Outcome training;

    @BeforeAll
    static void train() {
        System.setProperty("spark.ui.enabled", "false");
        run = tmp.resolve("run");
        training = CliRunner.run("train", "--corpus", MOBY_DICK, "--master", "local[2]", "--output", run.toString(),
                "--max-iterations", "40", "--eval-every", "20", "--hidden-size", "48", "--batch-size", "16",
                "--sample-length", "40", "--learning-rate", "0.02");
    }

    private static List<JsonNode> metrics() throws IOException {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void trainingLogsFallingValidationLossAndWritesACheckpoint() throws IOException {
        assertEquals(0, training.exitCode(), training.err());
        List<JsonNode> evals = metrics();
        assertTrue(evals.size() >= 2, "evaluations: " + evals.size());
        for (String field : List.of("epoch", "iteration", "train_loss", "val_bits_per_token", "tokens_per_second",
                "elapsed_seconds", RunReport.EVALUATION_SECONDS)) {
            assertTrue(evals.get(0).has(field), field);
        }
        double evaluating = 0;
        for (JsonNode e : evals) {
            double seconds = e.get(RunReport.EVALUATION_SECONDS).asDouble();
            assertTrue(seconds > 0 && seconds < 60, "an evaluation's own time: " + seconds);
            evaluating += seconds;
        }
        JsonNode lastRecord = evals.get(evals.size() - 1);
        assertTrue(evaluating < lastRecord.get("elapsed_seconds").asDouble()
                + lastRecord.get(RunReport.EVALUATION_SECONDS).asDouble(), "evaluations are part of the run's time");
        double first = evals.get(0).get("val_bits_per_token").asDouble();
        double last = evals.get(evals.size() - 1).get("val_bits_per_token").asDouble();
        double uniform = Math.log(85) / Math.log(2);
        assertTrue(last < first && last < uniform - 1.0,
                "validation bits/char fell: first " + first + ", last " + last + ", uniform " + uniform);
        assertEquals(40, evals.get(evals.size() - 1).get("iteration").asInt());
        JsonNode report = JSON.readTree(run.resolve("data-report.json").toFile());
        assertEquals(1, report.get("files").size());
        long tokens = report.get("train_tokens").asLong() + report.get("validation_tokens").asLong();
        long expected = Files.readString(Path.of(MOBY_DICK)).codePoints().count() - 1;
        assertEquals(expected, tokens, "every character but the first is a predicted token");
    }

    @Test
    void sampleReadsTheCheckpointWithoutSpark() {
        CliRunner.Outcome sample = CliRunner.run("sample", "--checkpoint", run.toString(), "--length", "300",
                "--prime", "Call me ", "--seed", "3");
        assertEquals(0, sample.exitCode(), sample.err());
        assertTrue(sample.out().startsWith("Call me "), sample.out());
        assertTrue(sample.out().codePoints().count() >= 300 + "Call me ".length(), sample.out());
        assertEquals(sample.out(), CliRunner.run("sample", "--checkpoint", run.toString(), "--length", "300",
                "--prime", "Call me ", "--seed", "3").out(), "same seed, same text");
    }

    @Test
    void evaluateScoresUnseenTextAndInspectListsTheCheckpoint() throws IOException {
        CliRunner.Outcome eval = CliRunner.run("evaluate", "--checkpoint", run.toString(), "--corpus",
                "src/test/resources/corpora/kjv-excerpt.txt");
        assertEquals(0, eval.exitCode(), eval.err());
        JsonNode result = JSON.readTree(eval.out());
        long chars = Files.readString(Path.of("src/test/resources/corpora/kjv-excerpt.txt")).length();
        assertEquals(chars - 1, result.get("tokens").asLong());
        double bits = result.get("bits_per_token").asDouble();
        assertTrue(bits > 1 && bits < Math.log(85) / Math.log(2), "bits per token " + bits);
        assertEquals("stream", result.get("scoring").asText());

        JsonNode both = JSON.readTree(CliRunner.run("evaluate", "--checkpoint", run.toString(), "--corpus",
                "src/test/resources/corpora/kjv-excerpt.txt", "--scoring", "both").out());
        assertEquals(bits, both.get("bits_per_token").asDouble(), 1e-9);
        JsonNode windows = JSON.readTree(CliRunner.run("evaluate", "--checkpoint", run.toString(), "--corpus",
                "src/test/resources/corpora/kjv-excerpt.txt", "--scoring", "windows").out());
        assertEquals(windows.get("bits_per_token").asDouble(), both.get("window_bits_per_token").asDouble(), 1e-9);
        assertTrue(bits < windows.get("bits_per_token").asDouble(),
                "the stream predicts the windows' first tokens with the text before them: " + both);

        CliRunner.Outcome inspect = CliRunner.run("inspect", "--checkpoint", run.toString(), "--json");
        assertEquals(0, inspect.exitCode(), inspect.err());
        JsonNode listing = JSON.readTree(inspect.out());
        assertTrue(listing.get("valid").asInt() >= 1, inspect.out());
        JsonNode newest = listing.get("checkpoints").get(listing.get("count").asInt() - 1);
        assertTrue(newest.get("published").asBoolean(), inspect.out());
        assertEquals(40, newest.get("iteration").asInt());
    }

    @Test
    void trainingAgainOnTheSameOutputContinuesFromTheCheckpoint() throws IOException {
        Path resumed = tmp.resolve("resumed");
        String[] args = {"train", "--corpus", MOBY_DICK, "--master", "local[2]", "--output", resumed.toString(),
                "--eval-every", "10", "--hidden-size", "16", "--layers", "1", "--sample-length", "0",
                "--max-iterations", "10"};
        assertEquals(0, CliRunner.run(args).exitCode());
        args[args.length - 1] = "20";
        CliRunner.Outcome second = CliRunner.run(args);
        assertEquals(0, second.exitCode(), second.err());
        List<Long> iterations = Files.readAllLines(resumed.resolve("metrics.jsonl")).stream()
                .map(l -> {
                    try {
                        return JSON.readTree(l).get("iteration").asLong();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
        assertEquals(List.of(10L, 20L), iterations, "the second run counted on from iteration 10");
        assertEquals(0, CliRunner.run(args).exitCode(), "a third run with nothing left to do succeeds");
        assertEquals(2, Files.readAllLines(resumed.resolve("metrics.jsonl")).size(), "and changes nothing");

        Path straight = tmp.resolve("straight");
        args[6] = straight.toString();
        assertEquals(0, CliRunner.run(args).exitCode());
        assertEquals(lastValidation(straight), lastValidation(resumed), 1e-6,
                "resuming is exact: the same weights, optimizer state and data order as an uninterrupted run");
    }

    private static double lastValidation(Path run) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        return JSON.readTree(lines.get(lines.size() - 1)).get("val_bits_per_token").asDouble();
    }

    @Test
    void theRunReportShowsNonBlankPlotsAndCanBeRebuilt() throws IOException {
        Path report = run.resolve("report");
        String html = Files.readString(report.resolve("index.html"));
        assertTrue(html.matches("(?s).*<th>time spent evaluating</th><td>\\d+\\.\\d% \\(.*"),
                "the report says how much time went to evaluation");
        String configuration = html.substring(html.indexOf("<h2>Configuration</h2>"), html.indexOf("<h2>Data</h2>"));
        List<String> shown = new java.util.ArrayList<>();
        java.util.regex.Matcher key = java.util.regex.Pattern.compile("<tr><th>([^<]+)</th>").matcher(configuration);
        while (key.find()) {
            shown.add(key.group(1));
        }
        assertEquals(TrainingConfig.PARAMS.stream().map(ConfigParam::name).toList(), shown,
                "the configuration table lists every key in the registry's order");
        for (String plot : RunReport.PLOTS) {
            assertTrue(html.contains("<img src=\"" + plot + "\""), plot);
            BufferedImage image = ImageIO.read(report.resolve(plot).toFile());
            assertEquals(900, image.getWidth());
            Images.assertNotBlank(image, plot);
        }
        String lastSample = metrics().get(metrics().size() - 1).get("sample").asText();
        assertTrue(html.contains(lastSample.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;")), "the samples are shown");
        assertTrue(html.contains("hidden-size"), "the configuration is shown");

        Files.walk(report).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        CliRunner.Outcome rebuilt = CliRunner.run("report", "--checkpoint", run.toString());
        assertEquals(0, rebuilt.exitCode(), rebuilt.err());
        assertTrue(rebuilt.out().contains(metrics().size() + " evaluation(s)"), rebuilt.out());
        assertTrue(Files.readString(report.resolve("index.html")).contains("<td>48</td>"),
                "hidden-size 48 read back from the checkpoint's configuration");
        for (String plot : RunReport.PLOTS) {
            Images.assertNotBlank(ImageIO.read(report.resolve(plot).toFile()), plot);
        }
    }

    @Test
    void fromStartsANewRunWithTheSavedModelAndCodec() throws IOException {
        Path tuned = tmp.resolve("tuned");
        CliRunner.Outcome o = CliRunner.run("train", "--corpus", "src/test/resources/corpora/kjv-excerpt.txt",
                "--master", "local[2]", "--output", tuned.toString(), "--from", run.toString(),
                "--max-iterations", "2", "--eval-every", "2", "--batch-size", "4", "--averaging-frequency", "1",
                "--sample-length", "0");
        assertEquals(0, o.exitCode(), o.err());
        List<String> lines = Files.readAllLines(tuned.resolve("metrics.jsonl"));
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals(2, first.get("iteration").asInt(), "a new run counts from zero");
        double uniform = Math.log(85) / Math.log(2);
        assertTrue(first.get("val_bits_per_token").asDouble() < uniform - 1.0,
                "two steps from a fresh model could not get here; the saved weights did: " + first);
        Path source = Files.list(run.resolve("checkpoints")).filter(Files::isDirectory).findFirst().orElseThrow();
        Path copy = Files.list(tuned.resolve("checkpoints")).filter(Files::isDirectory).findFirst().orElseThrow();
        assertEquals(Files.readString(source.resolve("codec.json")), Files.readString(copy.resolve("codec.json")),
                "the saved codec is kept, not rebuilt from the new corpus");
        assertTrue(Files.readString(copy.resolve("config.properties")).contains("hidden-size=48"),
                "the model's shape comes from the checkpoint");
    }

    @Test
    void resumingOnNewSymbolsKeepsTheVocabularyAndCountsTheUnknowns() throws IOException {
        Path greek = Files.createDirectories(tmp.resolve("greek"));
        String text = Files.readString(Path.of("src/test/resources/corpora/kjv-excerpt.txt")).substring(0, 5_000)
                + "\nἘν ἀρχῇ ἦν ὁ λόγος, καὶ ὁ λόγος ἦν πρὸς τὸν θεόν.\n";
        Files.writeString(greek.resolve("john.txt"), text);
        Path tuned = tmp.resolve("greek-run");
        CliRunner.Outcome o = CliRunner.run("train", "--corpus", greek.toString(), "--master", "local[2]",
                "--output", tuned.toString(), "--from", run.toString(), "--max-iterations", "1",
                "--batch-size", "4", "--averaging-frequency", "1", "--sample-length", "0");
        assertEquals(0, o.exitCode(), o.err());
        CharacterCodec codec = (CharacterCodec) CodecJson.read(Files.readString(Files.list(run.resolve("checkpoints"))
                .filter(Files::isDirectory).findFirst().orElseThrow().resolve("codec.json")));
        int[] cps = text.codePoints().toArray();
        long unknown = 0;
        for (int i = 1; i < cps.length; i++) {
            unknown += codec.id(cps[i]) == codec.unknownId() ? 1 : 0;
        }
        assertTrue(unknown > 20, "the Greek letters are new: " + unknown);
        JsonNode report = JSON.readTree(tuned.resolve("data-report.json").toFile());
        assertEquals(codec.vocabularySize(), report.get("vocabulary_size").asInt(), "the saved vocabulary is kept");
        assertEquals(unknown, report.get("unknown_tokens").asLong(), "every new symbol is counted as unknown");
    }
}
