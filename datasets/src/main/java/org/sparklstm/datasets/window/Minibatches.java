package org.sparklstm.datasets.window;

import java.io.Serializable;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns windows into the minibatch tensors DL4J's recurrent layers read, in column-major order (the layout DL4J's
 * LSTM uses internally): features of shape {@code [batch, vocabulary, T]} (one-hot) or {@code [batch, 1, T]} (token
 * ids), as the network's first layer reads them, and sparse labels (each step's next token id) of shape
 * {@code [batch, 1, T]}, for a sparse cross-entropy output layer. Windows shorter than the longest one in the batch
 * are padded at their end, with a labels mask marking the real steps; a recurrent layer's real steps come before its
 * padding, so they never see it and the inputs need no mask.
 *
 * @param vocabularySize the codec's vocabulary size
 * @param inputs how the features encode each step's token
 */
public record Minibatches(int vocabularySize, Inputs inputs) implements Serializable {
    /** How a minibatch's features encode each step's token. */
    public enum Inputs {
        /** A vector of {@code vocabularySize} values with a 1 at the token's id: what DL4J's layers read. */
        ONE_HOT,
        /** The token's id, one value (a float, exact below 2^24): what the fused LSTM kernel's first layer reads. */
        TOKEN_IDS
    }

    /** Token ids stay exact in floats below this. */
    private static final int LARGEST_EXACT_FLOAT_INTEGER = 1 << 24;

    /**
     * @throws IllegalArgumentException for a vocabulary under 1, or too large for token ids held in floats
     */
    public Minibatches {
        if (vocabularySize < 1 || vocabularySize > LARGEST_EXACT_FLOAT_INTEGER) {
            throw new IllegalArgumentException("a vocabulary of " + vocabularySize + " symbols: minibatches need 1 to "
                    + LARGEST_EXACT_FLOAT_INTEGER);
        }
    }

    /** @return the width of a step's features: the vocabulary size one-hot, 1 for token ids */
    public int featureWidth() {
        return inputs == Inputs.ONE_HOT ? vocabularySize : 1;
    }

    /**
     * @param windows windows of {@code T + 1} ids each (the last may be shorter), at least one
     * @return the minibatch; it has a labels mask only when windows differ in length
     */
    public DataSet of(List<int[]> windows) {
        int batch = windows.size();
        int steps = 0;
        boolean ragged = false;
        for (int[] w : windows) {
            if (steps != 0 && w.length - 1 != steps) {
                ragged = true;
            }
            steps = Math.max(steps, w.length - 1);
        }
        float[] features = new float[batch * featureWidth() * steps];
        float[] labels = new float[batch * steps];
        float[] mask = ragged ? new float[batch * steps] : null;
        for (int b = 0; b < batch; b++) {
            int[] w = windows.get(b);
            for (int t = 0; t + 1 < w.length; t++) {
                encode(features, w[t], b, batch, t);
                labels[b + batch * t] = w[t + 1];
                if (mask != null) {
                    mask[b + batch * t] = 1f;
                }
            }
        }
        INDArray f = Nd4j.create(features, new long[] {batch, featureWidth(), steps}, 'f');
        INDArray l = Nd4j.create(labels, new long[] {batch, 1, steps}, 'f');
        return mask == null ? new DataSet(f, l)
                : new DataSet(f, l, null, Nd4j.create(mask, new long[] {batch, steps}, 'f'));
    }

    /**
     * @param rows the token ids of each sequence, of any lengths
     * @param from the first step to encode
     * @param steps how many steps to encode; a row that ends sooner is padded after its end (a recurrent layer
     *              reads its real steps first, so its outputs there never see the padding)
     * @return the features of steps {@code from..from+steps-1} of each row, {@code [rows, featureWidth(), steps]}
     */
    public INDArray features(List<int[]> rows, int from, int steps) {
        int batch = rows.size();
        float[] features = new float[batch * featureWidth() * steps];
        for (int b = 0; b < batch; b++) {
            int[] row = rows.get(b);
            for (int t = 0; t < steps && from + t < row.length; t++) {
                encode(features, row[from + t], b, batch, t);
            }
        }
        return Nd4j.create(features, new long[] {batch, featureWidth(), steps}, 'f');
    }

    /**
     * @param tokens one token per sequence
     * @return the features of one step of each, {@code [sequences, featureWidth(), 1]}, for {@code rnnTimeStep}
     */
    public INDArray step(int[] tokens) {
        float[] features = new float[tokens.length * featureWidth()];
        for (int b = 0; b < tokens.length; b++) {
            encode(features, tokens[b], b, tokens.length, 0);
        }
        return Nd4j.create(features, new long[] {tokens.length, featureWidth(), 1}, 'f');
    }

    /** Writes example {@code b}'s token at step {@code t} into column-major {@code [batch, featureWidth, T]}. */
    private void encode(float[] features, int token, int b, int batch, int t) {
        if (inputs == Inputs.ONE_HOT) {
            features[b + batch * (token + vocabularySize * t)] = 1f;
        } else {
            features[b + batch * t] = token;
        }
    }
}
