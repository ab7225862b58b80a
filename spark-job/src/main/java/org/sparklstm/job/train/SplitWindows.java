package org.sparklstm.job.train;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.core.config.DataKeys;
import org.sparklstm.core.config.ModelKeys;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.window.SplitAssigner;
import org.sparklstm.job.data.Augmentation;
import org.sparklstm.job.data.Corpus;
import org.sparklstm.job.data.Window;

/**
 * A corpus cut into windows and split: the training windows (augmented as configured; for a run that counts a
 * Markov chain, each with the {@code order - 1} tokens before it, so that the chain counts every n-gram its
 * predictions end) and the validation windows (each with the {@code eval-context} tokens before it) every
 * evaluation scores (a fixed subset when the split holds more than {@code max-validation-tokens}). Every
 * model trained or compared on a corpus with one configuration sees the same split. The corpus is cut once: its
 * windows are cached, and both sides are views of them.
 *
 * @param windows every window, cached
 * @param train the training windows (a view of {@code windows})
 * @param validation the validation windows scored, cached
 * @param trainTokens predicted training tokens, how many are unknown, windows
 * @param validationTokens the same for the whole validation side
 * @param scoredTokens predicted tokens in {@code validation}
 * @param split the rule that split them
 */
public record SplitWindows(JavaRDD<Window> windows, JavaRDD<Window> train, JavaRDD<Window> validation, long[] trainTokens,
                           long[] validationTokens, long scoredTokens, SplitAssigner split) {
    private static final Logger LOG = LoggerFactory.getLogger("org.sparklstm.train");
    /** Scored validation tokens per partition, at most (about). */
    private static final long SCORED_TOKENS_PER_PARTITION = 4_000_000;

    /**
     * @param corpus the corpus
     * @param codec its codec
     * @param config sequence length, validation fraction and size, augmentation
     * @param cache where to cache the windows
     * @return the split, counted
     */
    public static SplitWindows of(Corpus corpus, SequenceCodec codec, TrainingConfig config, StorageLevel cache) {
        SplitAssigner split = assigner(config);
        int chainContext = config.family().countsChain() ? config.get(ModelKeys.ORDER) - 1 : 0;
        JavaRDD<Window> all = corpus.windows(codec, config.sequenceLength(), split,
                config.get(DataKeys.EVAL_CONTEXT), chainContext).persist(cache);
        JavaRDD<Window> train = Augmentation.of(config).apply(Corpus.side(all, false));
        JavaRDD<Window> validation = Corpus.side(all, true);
        long[] trainTokens = tokens(train, codec.unknownId());
        long[] valTokens = tokens(validation, codec.unknownId());
        long maxValidation = config.get(DataKeys.MAX_VALIDATION_TOKENS);
        double share = maxValidation > 0 && valTokens[0] > maxValidation ? (double) maxValidation / valTokens[0] : 1;
        JavaRDD<Window> scored = (share < 1
                ? validation.filter(w -> SplitAssigner.subsetDraw(w.source(), w.offset()) < share) : validation)
                .repartition(scoringPartitions(all, (long) (valTokens[0] * share))).persist(cache);
        long scoredTokens = tokens(scored, codec.unknownId())[0];
        if (share < 1) {
            LOG.info("Evaluations score a fixed subset of {} of the {} validation tokens (max-validation-tokens)",
                    scoredTokens, valTokens[0]);
        }
        return new SplitWindows(all, train, scored, trainTokens, valTokens, scoredTokens, split);
    }

    /**
     * @param config the validation fraction and what it holds out
     * @return the run's split rule
     */
    public static SplitAssigner assigner(TrainingConfig config) {
        return new SplitAssigner(config.get(DataKeys.VALIDATION_FRACTION), config.get(DataKeys.SPLIT_BY));
    }

    /**
     * @return partitions for the windows every evaluation scores: one per core (a corpus of one file has one
     *         partition, and a large one hundreds, each a task that loads the model), more when they exceed
     *         {@value #SCORED_TOKENS_PER_PARTITION} tokens each
     */
    private static int scoringPartitions(JavaRDD<Window> windows, long tokens) {
        int cores = JavaSparkContext.fromSparkContext(windows.context()).defaultParallelism();
        return (int) Math.max(cores, Math.min(100_000, tokens / SCORED_TOKENS_PER_PARTITION + 1));
    }

    /** Frees the cached windows. */
    public void release() {
        windows.unpersist(false);
        validation.unpersist(false);
    }

    /**
     * Counts one side in a single pass.
     *
     * @return predicted tokens, how many of them are the unknown symbol, and windows
     */
    private static long[] tokens(JavaRDD<Window> windows, int unknownId) {
        return windows.map(w -> {
            long unknown = 0;
            for (int i = 1; i < w.ids().length; i++) {
                unknown += w.ids()[i] == unknownId ? 1 : 0;
            }
            return new long[] {w.predictedTokens(), unknown, 1};
        }).fold(new long[3], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
    }
}
