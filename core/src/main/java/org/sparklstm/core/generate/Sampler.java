package org.sparklstm.core.generate;

import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Draws token sequences from a network one step at a time, carrying its recurrent state.
 */
public final class Sampler {
    private final MultiLayerNetwork network;
    private final int vocabularySize;

    /**
     * @param network the trained network; its recurrent state is reset by each call
     * @param vocabularySize its codec's vocabulary size
     */
    public Sampler(MultiLayerNetwork network, int vocabularySize) {
        this.network = network;
        this.vocabularySize = vocabularySize;
    }

    /**
     * @param prime ids to read before sampling, at least one
     * @param length how many ids to draw
     * @param temperature divides the logits: below 1 sharper, above 1 flatter; greater than 0
     * @param seed seed of the draws
     * @return the drawn ids (the prime not included)
     */
    public int[] sample(int[] prime, int length, double temperature, long seed) {
        if (prime.length == 0) {
            throw new IllegalArgumentException("the prime must hold at least one token");
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be greater than 0, got " + temperature);
        }
        Random random = new Random(seed);
        network.rnnClearPreviousState();
        INDArray out = network.rnnTimeStep(oneHot(prime));
        int[] drawn = new int[length];
        for (int i = 0; i < length; i++) {
            float[] probs = out.get(NDArrayIndex.point(0),
                    NDArrayIndex.all(),
                    NDArrayIndex.point(out.size(2) - 1)).dup().data().asFloat();
            drawn[i] = draw(probs, temperature, random);
            out = network.rnnTimeStep(oneHot(new int[] {drawn[i]}));
        }
        network.rnnClearPreviousState();
        return drawn;
    }

    private INDArray oneHot(int[] ids) {
        INDArray x = Nd4j.zeros(DataType.FLOAT, 1, vocabularySize, ids.length);
        for (int t = 0; t < ids.length; t++) {
            x.putScalar(new long[] {0, ids[t], t}, 1f);
        }
        return x;
    }

    /**
     * Draws an index from probabilities re-weighted by a temperature.
     *
     * @param probs a probability distribution
     * @param temperature greater than 0
     * @param random the source of randomness
     * @return the drawn index
     */
    static int draw(float[] probs, double temperature, Random random) {
        double[] w = new double[probs.length];
        double total = 0;
        for (int i = 0; i < probs.length; i++) {
            w[i] = Math.exp(Math.log(Math.max(probs[i], 1e-30)) / temperature);
            total += w[i];
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < w.length; i++) {
            r -= w[i];
            if (r <= 0) {
                return i;
            }
        }
        return w.length - 1;
    }
}
