package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.run.RunLayout;

/**
 * A run whose validation loss stops falling ends on its patience, complete; its best checkpoint, not its newest, is
 * the model that {@code sample}, {@code evaluate} and {@code inspect} take from the run root.
 */
class EarlyStoppingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path run;
    static String[] train;

    @BeforeAll
    static void trainUntilValidationStopsImproving() throws IOException {
        Path corpus = tmp.resolve("moby-6k.txt");
        Files.writeString(corpus, Files.readString(Path.of(TrainSampleEvaluateTest.MOBY_DICK)).substring(0, 6000));
        run = tmp.resolve("run");
        train = new String[] {"train", "--corpus", corpus.toString(), "--master", "local[2]", "--output",
            run.toString(), "--epochs", "100", "--eval-every", "1", "--patience", "2", "--sample-length", "0",
            "--hidden-size", "32", "--layers", "1"};
        CliRunner.Outcome outcome = CliRunner.run(train);
        assertEquals(0, outcome.exitCode(), outcome.err());
    }

    @Test
    void theRunEndsOnItsPatienceCompleteAndIsNotTrainedAgain() throws IOException {
        String complete = Files.readString(run.resolve(RunLayout.COMPLETE));
        assertTrue(complete.startsWith("early stopping: 2 evaluations without a lower validation loss"), complete);
        List<Double> losses = validationLosses();
        int best = losses.indexOf(losses.stream().min(Double::compare).orElseThrow());
        assertEquals(losses.size() - 3, best, "stopped two evaluations after the best: " + losses);
        assertTrue(losses.size() < 100, "long before its 100 epochs");

        assertEquals(0, CliRunner.run(train).exitCode());
        assertEquals(losses, validationLosses(), "called again, the finished run trains nothing");
    }

    @Test
    void theBestCheckpointIsTheModelTheRunRootGivesWhileTheNewestStaysPublishedForResuming() throws IOException {
        JsonNode listing = JSON.readTree(CliRunner.run("inspect", "--checkpoint", run.toString(), "--json").out());
        JsonNode best = null;
        JsonNode newest = null;
        for (JsonNode c : listing.get("checkpoints")) {
            best = c.get("best").asBoolean() ? c : best;
            newest = c.get("published").asBoolean() ? c : newest;
        }
        assertTrue(best != null && newest != null, listing.toString());
        assertTrue(best.get("iteration").asLong() < newest.get("iteration").asLong(), listing.toString());
        assertEquals(validationLosses().stream().min(Double::compare).orElseThrow(),
                best.get("val_bits_per_token").asDouble(), 1e-9);

        JsonNode scored = JSON.readTree(CliRunner.run("evaluate", "--checkpoint", run.toString(), "--corpus",
                "src/test/resources/corpora/kjv-excerpt.txt").out());
        assertEquals(best.get("iteration").asLong(), scored.get("iteration").asLong());

        String fromRoot = sample(run.toString());
        assertEquals(sample(best.get("uri").asText()), fromRoot);
        assertNotEquals(sample(newest.get("uri").asText()), fromRoot);
    }

    private static String sample(String checkpoint) {
        CliRunner.Outcome s = CliRunner.run("sample", "--checkpoint", checkpoint, "--length", "200", "--prime",
                "Call me ", "--seed", "5");
        assertEquals(0, s.exitCode(), s.err());
        return s.out();
    }

    private static List<Double> validationLosses() throws IOException {
        List<Double> losses = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve(RunLayout.METRICS))) {
            losses.add(JSON.readTree(line).get("val_bits_per_token").asDouble());
        }
        return losses;
    }
}
