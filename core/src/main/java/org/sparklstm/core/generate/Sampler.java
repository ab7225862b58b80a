package org.sparklstm.core.generate;

import java.util.Arrays;
import java.util.Random;
import org.sparklstm.core.model.Decoder;
import org.sparklstm.core.model.SequenceModel;

/**
 * Draws token sequences from any {@link SequenceModel} one step at a time, with a temperature and an optional
 * top-k cut, reproducibly for a given seed.
 */
public final class Sampler {
    private final SequenceModel model;

    /**
     * @param model the trained model; a network's recurrent state is reset by each call
     */
    public Sampler(SequenceModel model) {
        this.model = model;
    }

    /**
     * @param prime ids to read before sampling, at least one
     * @param length how many ids to draw
     * @param temperature divides the logits: below 1 sharper, above 1 flatter; greater than 0
     * @param topK draw only among the k most probable ids (0: among all)
     * @param seed seed of the draws
     * @return the drawn ids (the prime not included)
     */
    public int[] sample(int[] prime, int length, double temperature, int topK, long seed) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be greater than 0, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be 0 (all) or more, got " + topK);
        }
        Random random = new Random(seed);
        Decoder decoder = model.decoder(1);
        double[] probs = feed(decoder, prime);
        int[] drawn = new int[length];
        for (int i = 0; i < length; i++) {
            drawn[i] = draw(probs, temperature, topK, random);
            probs = decoder.step(new int[] {drawn[i]})[0];
        }
        return drawn;
    }

    /**
     * @param decoder a fresh single-sequence decoder
     * @param prime ids to read, at least one
     * @return the distribution after the prime
     */
    static double[] feed(Decoder decoder, int[] prime) {
        if (prime.length == 0) {
            throw new IllegalArgumentException("the prime must hold at least one token");
        }
        double[] probs = null;
        for (int id : prime) {
            probs = decoder.step(new int[] {id})[0];
        }
        return probs;
    }

    /**
     * Draws an index from probabilities re-weighted by a temperature, among the k most probable.
     *
     * @param probs a probability distribution
     * @param temperature greater than 0
     * @param topK how many of the most probable indices may be drawn (0: all)
     * @param random the source of randomness
     * @return the drawn index
     */
    public static int draw(double[] probs, double temperature, int topK, Random random) {
        double floor = Double.NEGATIVE_INFINITY;
        if (topK > 0 && topK < probs.length) {
            double[] sorted = probs.clone();
            Arrays.sort(sorted);
            floor = sorted[sorted.length - topK];
        }
        double[] w = new double[probs.length];
        double total = 0;
        int kept = 0;
        for (int i = 0; i < probs.length; i++) {
            boolean eligible = probs[i] >= floor && (topK == 0 || kept < topK);
            if (eligible) {
                kept++;
                w[i] = Math.exp(Math.log(Math.max(probs[i], 1e-30)) / temperature);
                total += w[i];
            }
        }
        double r = random.nextDouble() * total;
        int last = 0;
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 0) {
                last = i;
                r -= w[i];
                if (r <= 0) {
                    return i;
                }
            }
        }
        return last;
    }
}
