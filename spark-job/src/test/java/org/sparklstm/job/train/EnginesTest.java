package org.sparklstm.job.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.checkpoint.CheckpointStore;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.window.Minibatches;
import org.sparklstm.job.CliRunner;
import org.sparklstm.job.data.Corpus;
import org.sparklstm.job.data.ReadLimits;

/**
 * {@code --engine single} trains on the same minibatches as the Spark engine, in order, and runs end to end.
 */
class EnginesTest {
    private static final String CORPUS = "src/test/resources/corpora/kjv-excerpt.txt";

    @TempDir
    static Path tmp;

    @Test
    void theSingleEngineSeesTheSparkEnginesMinibatchesInOrderAndBucketsChangeNothing() throws Exception {
        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]")
                .setAppName("engines-test").set("spark.ui.enabled", "false"))) {
            samePlans(sc);
        }
    }

    private static void samePlans(JavaSparkContext sc) throws Exception {
        TrainingConfig config = TrainingConfig.defaults().with(Map.of("sequence-length", "20"), "test");
        Corpus corpus = Corpus.open(sc, List.of(CORPUS), config.corpusFormat(), ReadLimits.of(config), List.of());
        SequenceCodec codec = config.corpusFormat().newCodec(corpus::symbolCounts, 1000);
        SplitWindows split = SplitWindows.of(corpus, codec, config, StorageLevel.MEMORY_ONLY());
        int batch = 4;
        EpochPlan spark = EpochPlan.of(split, 7, 1, 2, batch, 3, StorageLevel.MEMORY_ONLY());
        // buckets of about 40 windows: rounds (of 24) span two buckets
        EpochPlan single = EpochPlan.of(split, 7, 1, 1, batch, 6, StorageLevel.MEMORY_ONLY(), 40 * 21 * 4);
        assertEquals(spark.rounds(), single.rounds());
        assertTrue(spark.rounds() > 4, "several rounds: " + spark.rounds());
        for (int round = 0; round < spark.rounds(); round++) {
            List<List<int[]>> expected = single.minibatchIds(round, 0, Long.MAX_VALUE);
            List<DataSet> onWorkers = spark.round(round, 0, Long.MAX_VALUE,
                    new Minibatches(codec.vocabularySize(), Minibatches.Inputs.TOKEN_IDS)).collect();
            assertEquals(expected.size(), onWorkers.size(), "round " + round);
            List<List<int[]>> sparkIds = spark.minibatchIds(round, 0, Long.MAX_VALUE);
            long cut = 2L * batch;
            List<List<int[]>> halves = new java.util.ArrayList<>(spark.minibatchIds(round, 0, cut));
            halves.addAll(spark.minibatchIds(round, cut, Long.MAX_VALUE));
            assertEquals(sparkIds.size(), halves.size(), "a round cut in two is the same round");
            for (int m = 0; m < halves.size(); m++) {
                for (int w = 0; w < halves.get(m).size(); w++) {
                    assertArrayEquals(sparkIds.get(m).get(w), halves.get(m).get(w), "round " + round);
                }
            }
            for (int m = 0; m < expected.size(); m++) {
                assertEquals(expected.get(m).size(), sparkIds.get(m).size());
                for (int w = 0; w < expected.get(m).size(); w++) {
                    assertArrayEquals(expected.get(m).get(w), sparkIds.get(m).get(w), "round " + round);
                }
            }
        }
        spark.release();
        single.release();
        split.release();
    }

    @Test
    void theSingleEngineTrainsEvaluatesAndCheckpoints() throws Exception {
        Path run = tmp.resolve("single");
        CliRunner.Outcome o = CliRunner.run("train", "--engine", "single", "--corpus", CORPUS, "--master", "local[2]",
                "--output", run.toString(), "--hidden-size", "24", "--max-iterations", "12", "--eval-every", "6",
                "--averaging-frequency", "3",
                "--sample-length", "20");
        assertEquals(0, o.exitCode(), o.err());
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            records.add(new ObjectMapper().readTree(line));
        }
        assertTrue(records.size() >= 2, records.toString());
        JsonNode last = records.get(records.size() - 1);
        assertTrue(last.get("val_bits_per_token").asDouble() < records.get(0).get("val_bits_per_token").asDouble(),
                records.toString());
        CliRunner.Outcome eval = CliRunner.run("evaluate", "--checkpoint", run.toString(), "--corpus", CORPUS);
        assertEquals(0, eval.exitCode(), eval.err());
    }

    @Test
    void theSingleEngineStopsExactlyInsideARoundAndResumesTheRestOfIt() throws Exception {
        List<ModelBundle> ends = new ArrayList<>();
        for (String name : List.of("single-straight", "single-cut")) {
            Path run = tmp.resolve(name);
            if (name.endsWith("cut")) {
                assertEquals(0, single(run, "4").exitCode());
                ModelBundle cut = CheckpointStore.at(run.toUri(), new Configuration()).loadLatest();
                assertEquals(4, cut.state().iteration(), "4, not the round's end at 6");
                assertTrue(cut.state().windowsIntoRound() > 0, "stopped inside a round");
            }
            CliRunner.Outcome o = single(run, "7");
            assertEquals(0, o.exitCode(), o.err());
            ends.add(CheckpointStore.at(run.toUri(), new Configuration()).loadLatest());
        }
        assertEquals(7, ends.get(1).state().iteration());
        assertEquals(ends.get(0).state().tokensSeen(), ends.get(1).state().tokensSeen(),
                "the same windows, none twice, none skipped");
        assertEquals(ends.get(0).state().windowsIntoRound(), ends.get(1).state().windowsIntoRound());
    }

    private static CliRunner.Outcome single(Path run, String maxIterations) {
        return CliRunner.run("train", "--engine", "single", "--corpus", CORPUS, "--master", "local[2]",
                "--output", run.toString(), "--hidden-size", "8", "--layers", "1", "--sequence-length", "20",
                "--batch-size", "4", "--averaging-frequency", "3", "--checkpoint-every", "0", "--sample-length", "0",
                "--max-iterations", maxIterations);
    }
}
