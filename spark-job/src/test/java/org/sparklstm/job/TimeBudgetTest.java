package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.run.RunLayout;

/**
 * {@code train --max-minutes} with no model options: the budget recipe picks the model (the narrowest, for a corpus
 * of 6,000 characters), the run spends its budget rather than stopping after the default epochs, and the
 * learning rate falls on its cosine as the budget is spent.
 */
class TimeBudgetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aTimeBudgetAloneGetsTheRecipesModelAndALearningRateThatFallsUntilTheBudgetEnds() throws IOException {
        Path corpus = tmp.resolve("moby-6k.txt");
        Files.writeString(corpus, Files.readString(Path.of(TrainSampleEvaluateTest.MOBY_DICK)).substring(0, 6000));
        Path run = tmp.resolve("run");
        CliRunner.Outcome outcome = CliRunner.run("train", "--corpus", corpus.toString(), "--master", "local[2]",
                "--output", run.toString(), "--max-minutes", "0.5", "--eval-every", "5", "--sample-length", "0",
                "--patience", "0");
        assertEquals(0, outcome.exitCode(), outcome.err());

        List<Double> rates = new ArrayList<>();
        long epochs = 0;
        for (String line : Files.readAllLines(run.resolve(RunLayout.METRICS))) {
            JsonNode record = JSON.readTree(line);
            if (record.has("learning_rate")) {
                rates.add(record.get("learning_rate").asDouble());
            }
            epochs = Math.max(epochs, record.get("epoch").asLong());
        }
        assertTrue(epochs > 10, "the budget is spent, past the default 10 epochs: " + epochs);
        assertTrue(rates.size() >= 3, rates.toString());
        for (int i = 1; i < rates.size(); i++) {
            assertTrue(rates.get(i) < rates.get(i - 1), "falls: " + rates);
        }
        assertTrue(rates.get(rates.size() - 1) < 0.01 * 0.5, "past half the base rate by the end: " + rates);

        Path checkpoint;
        try (Stream<Path> all = Files.list(run.resolve(RunLayout.CHECKPOINTS))) {
            checkpoint = all.filter(Files::isDirectory).sorted().reduce((a, b) -> b).orElseThrow();
        }
        TrainingConfig saved = TrainingConfig.fromPropertiesText(
                Files.readString(checkpoint.resolve(ModelBundle.CONFIG_FILE)), "checkpoint");
        assertEquals(128, saved.hiddenSize(), "6,000 tokens get the narrowest network");
        assertEquals("cosine", saved.asMap().get("learning-rate-decay"));
    }
}
