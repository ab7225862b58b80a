package org.sparklstm.job.train;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.core.bundle.TrainingState;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.core.model.markov.KneserNeyModel;
import org.sparklstm.core.model.markov.NgramCounts;
import org.sparklstm.job.data.Window;

/**
 * Counts a run's Markov chain in one Spark pass ({@link MarkovCounter}). A chain trained alone is counted in
 * nested shares of the training windows, each evaluated, which gives its learning curve; a mixture's chain is
 * counted once.
 */
final class ChainCounting {
    private static final Logger LOG = LoggerFactory.getLogger("org.sparklstm.train");
    private static final double[] CURVE = {1 / 64.0, 1 / 32.0, 1 / 16.0, 1 / 8.0, 1 / 4.0, 1 / 2.0, 1};

    private final int order;
    private final int vocabularySize;

    /**
     * What counting gave.
     *
     * @param chain the chain
     * @param state the run's state after counting
     * @param evaluated the evaluation of the whole chain (null when it was not evaluated)
     */
    record Counted(KneserNeyModel chain, TrainingState state, Evaluated evaluated) {
    }

    /**
     * @param order n
     * @param vocabularySize V
     */
    ChainCounting(int order, int vocabularySize) {
        this.order = order;
        this.vocabularySize = vocabularySize;
    }

    /**
     * @param train the training windows
     * @param from a chain whose counts this run's are added to (a run started {@code --from} it), or null
     * @param at the run's state before counting
     * @param curve where each share's chain is evaluated, for a chain trained alone (null: one share, not
     *              evaluated)
     * @return the chain
     * @throws ConfigException naming {@code order} if the chain cannot hold the vocabulary at that order
     * @throws IOException if an evaluation's record cannot be written
     */
    Counted count(JavaRDD<Window> train, KneserNeyModel from, TrainingState at, ModelEvaluation curve)
            throws IOException {
        long t0 = System.nanoTime();
        List<MarkovCounter.Increment> increments;
        try {
            increments = new MarkovCounter(order, vocabularySize, curve == null ? new double[] {1} : CURVE)
                    .count(train);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("order", e.getMessage());
        }
        NgramCounts counts = from != null ? from.counts() : new NgramCounts(order, vocabularySize);
        KneserNeyModel chain = null;
        TrainingState state = at;
        Evaluated evaluated = null;
        long tokens = 0;
        for (MarkovCounter.Increment inc : increments) {
            counts.addAll(inc.counts());
            tokens += inc.tokens();
            chain = new KneserNeyModel(counts);
            if (curve != null) {
                double elapsed = (System.nanoTime() - t0) / 1e9;
                state = state.counted(tokens, elapsed);
                evaluated = curve.evaluate(chain, state, new RoundFigures(Double.NaN, tokens / elapsed, Double.NaN),
                        inc.share() < 1);
            }
        }
        if (evaluated != null) {
            state = state.withValidation(evaluated.bitsPerToken());
        }
        LOG.info("Markov chain of order {}: {} distinct {}-grams from {} training tokens in {} s", chain.order(),
                counts.distinct(), chain.order(), tokens, String.format(Locale.ROOT, "%.1f",
                        (System.nanoTime() - t0) / 1e9));
        return new Counted(chain, state, evaluated);
    }
}
