package org.sparklstm.core.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.sparklstm.core.model.SequenceModel;

/**
 * Scores windows with any {@link SequenceModel}: the negative log2-likelihood of every predicted token.
 *
 * <p>Each window is read from its start with no earlier context, exactly as in training, so the validation
 * figure during training, {@code evaluate} and every model compared on a split measure the same thing.
 */
public final class WindowScorer {
    /** Probabilities are floored here so a zero never yields an infinite loss. */
    private static final double MIN_PROBABILITY = 1e-30;
    /** Windows scored in one call of the model (one forward pass for a network). */
    private static final int WINDOWS_PER_BATCH = 64;

    private final SequenceModel model;

    /**
     * @param model the model to score
     */
    public WindowScorer(SequenceModel model) {
        this.model = model;
    }

    /**
     * Scores any number of windows, a batch of them at a time.
     *
     * @param windows windows of ids as cut by {@link org.sparklstm.datasets.window.Windows}
     * @return their summed loss
     */
    public LogLoss scoreAll(Iterator<int[]> windows) {
        LogLoss sum = LogLoss.ZERO;
        List<int[]> batch = new ArrayList<>(WINDOWS_PER_BATCH);
        while (windows.hasNext()) {
            batch.add(windows.next());
            if (batch.size() == WINDOWS_PER_BATCH || !windows.hasNext()) {
                sum = sum.plus(score(batch));
                batch.clear();
            }
        }
        return sum;
    }

    /**
     * @param windows windows of ids, scored in one call of the model
     * @return their summed loss
     */
    public LogLoss score(List<int[]> windows) {
        return loss(model.targetProbabilities(windows));
    }

    /**
     * @param windows windows of ids
     * @return the probability of every predicted token, window after window
     */
    public double[] probabilities(List<int[]> windows) {
        double[][] parts = perWindow(windows);
        double[] flat = new double[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, flat, at, p.length);
            at += p.length;
        }
        return flat;
    }

    /**
     * @param windows windows of ids
     * @return for each window, the probability of each of its predicted tokens (a batch of windows per call)
     */
    public double[][] perWindow(List<int[]> windows) {
        double[][] result = new double[windows.size()][];
        for (int from = 0; from < windows.size(); from += WINDOWS_PER_BATCH) {
            double[][] batch = model.targetProbabilities(windows.subList(from,
                    Math.min(windows.size(), from + WINDOWS_PER_BATCH)));
            System.arraycopy(batch, 0, result, from, batch.length);
        }
        return result;
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
                bits -= Math.log(Math.max(p, MIN_PROBABILITY)) / Math.log(2);
                tokens++;
            }
        }
        return new LogLoss(bits, tokens);
    }
}
