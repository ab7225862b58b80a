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
     * Scores spans: each is read from its first id with an empty state (a Markov chain's context starts there too),
     * and id {@code t} is predicted from ids {@code 0..t-1}.
     *
     * @param spans the spans to score
     * @return for each span, the probability given to each of its scored ids, from {@link Span#firstScored()} on
     */
    double[][] targetProbabilities(List<Span> spans);

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
