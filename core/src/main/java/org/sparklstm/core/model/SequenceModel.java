package org.sparklstm.core.model;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A next-symbol model over a codec's ids, whatever its kind (LSTM, RNN, IRNN, Markov chain, mixture): what
 * evaluation, generation and the model bundle need, so that all kinds are scored, sampled and saved alike.
 */
public interface SequenceModel {
    /** @return the model's kind as configured: lstm, rnn, irnn, markov or mixture */
    String kind();

    /** @return the number of symbols it predicts over */
    int vocabularySize();

    /** @return its number of trained parameters (for a Markov chain: stored n-gram counts) */
    long parameterCount();

    /**
     * Scores windows as training cuts them: each window is read from its start with no earlier context, and
     * token {@code t + 1} is predicted from tokens {@code 0..t}.
     *
     * @param windows windows of ids, each of at least two
     * @return for each window, the probability given to each of its predicted tokens
     */
    double[][] targetProbabilities(List<int[]> windows);

    /**
     * @param sequences how many sequences to extend side by side
     * @return a fresh decoder, its sequences empty
     */
    Decoder decoder(int sequences);

    /**
     * @param files the bundle's files, to which this model adds its own (the bundle's {@code ModelFiles} writes the model's kind beside them)
     * @throws IOException if the model cannot be serialised
     */
    void writeTo(Map<String, byte[]> files) throws IOException;
}
