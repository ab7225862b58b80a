package org.sparklstm.core.family;

import java.util.Locale;

/**
 * The kinds of recurrent network. Adding one is a constant here; the compiler then asks for its layer in
 * {@code NetworkFactory} (an exhaustive switch), and every command, the mixture and {@code compare} take it.
 */
public enum NetworkKind {
    /** Stacked LSTM. */
    LSTM("stacked LSTM"),
    /** Stacked tanh SimpleRnn. */
    RNN("tanh SimpleRnn"),
    /** SimpleRnn with ReLU and identity-initialised recurrent weights (Le, Jaitly and Hinton 2015). */
    IRNN("SimpleRnn with ReLU and identity-initialised recurrent weights");

    private final String description;

    NetworkKind(String description) {
        this.description = description;
    }

    /** @return its name in configurations, bundles and metrics: lstm, rnn or irnn */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return what it is, in a few words */
    public String description() {
        return description;
    }

    /**
     * @param key a kind's {@link #key()}
     * @return the kind
     * @throws IllegalArgumentException if no kind has that key
     */
    public static NetworkKind of(String key) {
        for (NetworkKind k : values()) {
            if (k.key().equals(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("not a network kind: '" + key + "'");
    }
}
