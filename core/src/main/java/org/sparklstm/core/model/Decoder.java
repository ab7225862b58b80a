package org.sparklstm.core.model;

/**
 * Extends several sequences one token at a time, holding each one's state (recurrent activations or the last
 * tokens), for sampling and beam search.
 */
public interface Decoder {
    /**
     * @param tokens the next token of each sequence (as many as there are sequences now)
     * @return for each sequence, the probability of every symbol coming next
     */
    double[][] step(int[] tokens);

    /**
     * Re-seats the sequences: sequence {@code i} continues from what sequence {@code parents[i]} was. The number
     * of sequences becomes {@code parents.length}.
     *
     * @param parents one earlier sequence index per sequence
     */
    void reorder(int[] parents);
}
