package org.sparklstm.job.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.job.data.Corpus;
import org.sparklstm.job.data.ReadLimits;

/**
 * An epoch's plan on Spark {@code local[2]}, on real text: every training window once, in full minibatches, in
 * an order that does not depend on how many buckets hold it (buckets larger than the epoch, a few rounds each, or
 * mostly empty), nor on whether the rounds are asked for in order, and that changes from epoch to epoch.
 */
class EpochPlanTest {
    private static final String CORPUS = "src/test/resources/corpora/kjv-excerpt.txt";
    private static final int WORKERS = 2;
    private static final int BATCH = 4;
    private static final int AVERAGING = 3;
    /** Bytes of a window of 20 predicted tokens. */
    private static final long WINDOW_BYTES = 21 * 4;

    private static JavaSparkContext sc;
    private static SplitWindows split;

    @BeforeAll
    static void cut() throws Exception {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("epoch-plan-test")
                .set("spark.ui.enabled", "false"));
        TrainingConfig config = TrainingConfig.defaults().with(Map.of("sequence-length", "20"), "test");
        Corpus corpus = Corpus.open(sc, List.of(CORPUS), config.corpusFormat(), ReadLimits.of(config), List.of());
        SequenceCodec codec = config.corpusFormat().newCodec(corpus::symbolCounts, 1000);
        split = SplitWindows.of(corpus, codec, config, StorageLevel.MEMORY_AND_DISK_SER());
    }

    @AfterAll
    static void stop() {
        split.release();
        sc.close();
    }

    @Test
    void anEpochVisitsEveryWindowOnceInFullMinibatchesWhateverItsBuckets() {
        List<String> inOneBucketEach = epoch(plan(1, EpochPlan.BUCKET_BYTES));
        List<String> windows = split.train().map(w -> Arrays.toString(w.ids())).collect();
        assertEquals(windows.stream().sorted().toList(), inOneBucketEach.stream().sorted().toList(),
                "every training window exactly once");
        assertEquals(inOneBucketEach, epoch(plan(1, 100 * WINDOW_BYTES)), "buckets of about 4 rounds each");
        assertEquals(inOneBucketEach, epoch(plan(1, WINDOW_BYTES / 3)), "about three buckets a window");
        assertNotEquals(inOneBucketEach, epoch(plan(2, EpochPlan.BUCKET_BYTES)), "each epoch has its own order");
    }

    @Test
    void theOrderIsTheSameWhereverTheCorpusLives(@org.junit.jupiter.api.io.TempDir java.nio.file.Path elsewhere)
            throws Exception {
        java.nio.file.Path copy = java.nio.file.Files.copy(java.nio.file.Path.of(CORPUS),
                java.nio.file.Files.createDirectories(elsewhere.resolve("moved")).resolve("kjv-excerpt.txt"));
        TrainingConfig config = TrainingConfig.defaults().with(Map.of("sequence-length", "20"), "test");
        Corpus corpus = Corpus.open(sc, List.of(copy.toString()), config.corpusFormat(), ReadLimits.of(config),
                List.of());
        SplitWindows moved = SplitWindows.of(corpus, config.corpusFormat().newCodec(corpus::symbolCounts, 1000), config,
                StorageLevel.MEMORY_AND_DISK_SER());
        try {
            assertEquals(epoch(plan(1, EpochPlan.BUCKET_BYTES)), epoch(EpochPlan.of(moved, 7, 1, WORKERS, BATCH,
                    AVERAGING, StorageLevel.MEMORY_AND_DISK_SER(), EpochPlan.BUCKET_BYTES)));
        } finally {
            moved.release();
        }
    }

    @Test
    void aRoundAskedForFirstIsTheRoundAskedForInOrder() {
        EpochPlan inOrder = plan(1, 100 * WINDOW_BYTES);
        List<String> expected = new ArrayList<>();
        int late = inOrder.rounds() - 3;
        for (int round = 0; round <= late; round++) {
            expected = flatten(inOrder.minibatchIds(round, 0, Long.MAX_VALUE));
        }
        EpochPlan resumed = plan(1, 100 * WINDOW_BYTES);
        assertEquals(expected, flatten(resumed.minibatchIds(late, 0, Long.MAX_VALUE)));
        inOrder.release();
        resumed.release();
    }

    private static EpochPlan plan(int epoch, long bucketBytes) {
        return EpochPlan.of(split, 7, epoch, WORKERS, BATCH, AVERAGING, StorageLevel.MEMORY_AND_DISK_SER(),
                bucketBytes);
    }

    /** @return the epoch's windows in the order trained, checking that every minibatch but the last is full */
    private static List<String> epoch(EpochPlan plan) {
        assertTrue(plan.rounds() > 10, "rounds: " + plan.rounds());
        List<List<int[]>> minibatches = new ArrayList<>();
        for (int round = 0; round < plan.rounds(); round++) {
            List<List<int[]>> ids = plan.minibatchIds(round, 0, Long.MAX_VALUE);
            assertEquals((plan.windowsInRound(round) + BATCH - 1) / BATCH, ids.size(), "round " + round);
            minibatches.addAll(ids);
        }
        for (int m = 0; m < minibatches.size() - 1; m++) {
            assertEquals(BATCH, minibatches.get(m).size(), "minibatch " + m);
        }
        plan.release();
        return flatten(minibatches);
    }

    private static List<String> flatten(List<List<int[]>> minibatches) {
        return minibatches.stream().flatMap(List::stream).map(Arrays::toString).toList();
    }
}
