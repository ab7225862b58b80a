package org.sparklstm.datasets.window;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns windows into the minibatch tensors DL4J's recurrent layers read: one-hot features of shape
 * {@code [batch, vocabulary, T]} and sparse labels (each step's next token id) of shape {@code [batch, 1, T]}, for a
 * sparse cross-entropy output layer, both in column-major order, the layout DL4J's LSTM uses internally. Windows
 * shorter than the longest one in the batch are padded, with a labels mask marking the real steps.
 */
public final class Minibatches {
    private Minibatches() {
    }

    /**
     * @param windows windows of {@code T + 1} ids each (the last may be shorter), at least one
     * @param vocabularySize the codec's vocabulary size
     * @return the minibatch; it has a features and labels mask only when windows differ in length
     */
    public static DataSet of(List<int[]> windows, int vocabularySize) {
        int batch = windows.size();
        int steps = 0;
        boolean ragged = false;
        for (int[] w : windows) {
            if (steps != 0 && w.length - 1 != steps) {
                ragged = true;
            }
            steps = Math.max(steps, w.length - 1);
        }
        float[] features = new float[batch * vocabularySize * steps];
        float[] labels = new float[batch * steps];
        float[] mask = ragged ? new float[batch * steps] : null;
        for (int b = 0; b < batch; b++) {
            int[] w = windows.get(b);
            for (int t = 0; t + 1 < w.length; t++) {
                features[b + batch * (w[t] + vocabularySize * t)] = 1f;
                labels[b + batch * t] = w[t + 1];
                if (mask != null) {
                    mask[b + batch * t] = 1f;
                }
            }
        }
        INDArray f = Nd4j.create(features, new long[] {batch, vocabularySize, steps}, 'f');
        INDArray l = Nd4j.create(labels, new long[] {batch, 1, steps}, 'f');
        if (mask == null) {
            return new DataSet(f, l);
        }
        INDArray m = Nd4j.create(mask, new long[] {batch, steps}, 'f');
        return new DataSet(f, l, m, m);
    }
}
