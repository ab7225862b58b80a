package org.sparklstm.core.eval;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.sparklstm.datasets.window.Minibatches;

/**
 * Scores windows with a network: the negative log2-likelihood of every predicted token.
 *
 * <p>Each window is read from a zero recurrent state, exactly as in training, so the validation figure
 * during training, {@code evaluate} and every model compared on a split measure the same thing.
 */
public final class WindowScorer {
    /** Probabilities are floored here so a zero never yields an infinite loss. */
    private static final double MIN_PROBABILITY = 1e-30;
    /** Windows scored in one forward pass by {@link #scoreAll}. */
    private static final int WINDOWS_PER_BATCH = 64;

    private final MultiLayerNetwork network;
    private final int vocabularySize;

    /**
     * @param network the trained network
     * @param vocabularySize its codec's vocabulary size
     */
    public WindowScorer(MultiLayerNetwork network, int vocabularySize) {
        this.network = network;
        this.vocabularySize = vocabularySize;
    }

    /**
     * Scores any number of windows, a batch of them per forward pass.
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
     * @param windows windows of ids as cut by {@link org.sparklstm.datasets.window.Windows}, scored in one pass
     * @return their summed loss
     */
    public LogLoss score(List<int[]> windows) {
        if (windows.isEmpty()) {
            return LogLoss.ZERO;
        }
        DataSet batch = Minibatches.oneHot(windows, vocabularySize);
        INDArray out = network.output(batch.getFeatures(), false, batch.getFeaturesMaskArray(),
                batch.getLabelsMaskArray());
        float[] probs = (out.ordering() == 'f' ? out : out.dup('f')).data().asFloat();
        int b = windows.size();
        double bits = 0;
        long tokens = 0;
        for (int i = 0; i < b; i++) {
            int[] w = windows.get(i);
            for (int t = 0; t + 1 < w.length; t++) {
                double p = probs[i + b * (w[t + 1] + vocabularySize * t)];
                bits -= Math.log(Math.max(p, MIN_PROBABILITY)) / Math.log(2);
                tokens++;
            }
        }
        return new LogLoss(bits, tokens);
    }
}
