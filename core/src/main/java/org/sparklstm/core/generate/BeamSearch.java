package org.sparklstm.core.generate;

import java.util.Arrays;
import java.util.PriorityQueue;
import org.sparklstm.core.model.Decoder;
import org.sparklstm.core.model.SequenceModel;

/**
 * Finds a likely continuation by beam search: keeps the {@code N} most probable partial sequences, extends each
 * by every symbol, and keeps the {@code N} best again, until the length is reached. Deterministic.
 */
public final class BeamSearch {
    private final SequenceModel model;

    /**
     * @param model the trained model; a network's recurrent state is reset by each call
     */
    public BeamSearch(SequenceModel model) {
        this.model = model;
    }

    /** One extension of one beam. */
    private record Candidate(int parent, int symbol, double logProb) {
    }

    /**
     * @param prime ids to read first, at least one
     * @param length how many ids to add
     * @param beams N, at least 1
     * @return the most probable continuation found (the prime not included)
     */
    public Result search(int[] prime, int length, int beams) {
        if (beams < 1) {
            throw new IllegalArgumentException("the beam width must be at least 1, got " + beams);
        }
        Decoder decoder = model.decoder(1);
        double[][] probs = {Sampler.feed(decoder, prime)};
        int[][] sequences = {new int[0]};
        double[] scores = {0};
        for (int step = 0; step < length; step++) {
            PriorityQueue<Candidate> best = new PriorityQueue<>(
                    (a, b) -> Double.compare(a.logProb(), b.logProb()));
            for (int b = 0; b < sequences.length; b++) {
                for (int w = 0; w < probs[b].length; w++) {
                    double score = scores[b] + Math.log(Math.max(probs[b][w], 1e-30));
                    if (best.size() < beams) {
                        best.add(new Candidate(b, w, score));
                    } else if (score > best.peek().logProb()) {
                        best.poll();
                        best.add(new Candidate(b, w, score));
                    }
                }
            }
            int n = best.size();
            int[] parents = new int[n];
            int[] symbols = new int[n];
            int[][] nextSequences = new int[n][];
            double[] nextScores = new double[n];
            for (int i = n - 1; i >= 0; i--) {
                Candidate c = best.poll();
                parents[i] = c.parent();
                symbols[i] = c.symbol();
                nextScores[i] = c.logProb();
                nextSequences[i] = Arrays.copyOf(sequences[c.parent()], step + 1);
                nextSequences[i][step] = c.symbol();
            }
            decoder.reorder(parents);
            probs = decoder.step(symbols);
            sequences = nextSequences;
            scores = nextScores;
        }
        return new Result(sequences[0], scores[0] / Math.log(2));
    }

    /**
     * @param ids the continuation
     * @param log2Probability its log2-probability given the prime
     */
    public record Result(int[] ids, double log2Probability) {
    }
}
