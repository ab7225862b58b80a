package org.sparklstm.core.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.sparklstm.core.model.SequenceModel;
import org.sparklstm.core.model.Span;

/**
 * Scores spans with any {@link SequenceModel}: the negative log2-likelihood of every scored prediction.
 *
 * <p>How the spans are cut decides what is measured: {@link Scoring#STREAM} scores each document as one sequence
 * (what {@code evaluate} reports), {@link Scoring#WINDOWS} each training window from an empty state, and the
 * validation split reads each window after the text before it in its document ({@code eval-context}).
 */
public final class SpanScorer {
    /** Probabilities are floored here so a zero never yields an infinite loss. */
    private static final double MIN_PROBABILITY = 1e-30;
    /** Spans scored in one call of the model (read side by side by a network). */
    private static final int SPANS_PER_BATCH = 64;

    private final SequenceModel model;

    /**
     * @param model the model to score
     */
    public SpanScorer(SequenceModel model) {
        this.model = model;
    }

    /**
     * Scores any number of spans, a batch of them at a time.
     *
     * @param spans the spans
     * @return their summed loss
     */
    public LogLoss scoreAll(Iterator<Span> spans) {
        LogLoss sum = LogLoss.ZERO;
        List<Span> batch = new ArrayList<>(SPANS_PER_BATCH);
        while (spans.hasNext()) {
            batch.add(spans.next());
            if (batch.size() == SPANS_PER_BATCH || !spans.hasNext()) {
                sum = sum.plus(loss(model.targetProbabilities(batch)));
                batch.clear();
            }
        }
        return sum;
    }

    /**
     * @param spans the spans
     * @return the probability of every scored prediction, span after span
     */
    public double[] probabilities(List<Span> spans) {
        double[][] parts = new double[spans.size()][];
        for (int from = 0; from < spans.size(); from += SPANS_PER_BATCH) {
            double[][] batch = model.targetProbabilities(spans.subList(from,
                    Math.min(spans.size(), from + SPANS_PER_BATCH)));
            System.arraycopy(batch, 0, parts, from, batch.length);
        }
        double[] flat = new double[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, flat, at, p.length);
            at += p.length;
        }
        return flat;
    }

    /**
     * @param probabilities the probability of each predicted token, in any grouping
     * @return their loss
     */
    public static LogLoss loss(double[]... probabilities) {
        double bits = 0;
        long tokens = 0;
        for (double[] row : probabilities) {
            for (double p : row) {
                bits += bits(p);
                tokens++;
            }
        }
        return new LogLoss(bits, tokens);
    }

    /**
     * @param probability a token's predicted probability
     * @return its loss in bits (a probability under 1e-30 counts as 1e-30)
     */
    public static double bits(double probability) {
        return -Math.log(Math.max(probability, MIN_PROBABILITY)) / Math.log(2);
    }
}
