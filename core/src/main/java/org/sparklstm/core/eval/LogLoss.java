package org.sparklstm.core.eval;

import java.io.Serializable;

/**
 * A sum of per-token losses in bits and the number of tokens behind it; merges across partitions.
 * (A class, not a record: Spark's Kryo cannot build records.)
 */
public final class LogLoss implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No tokens. */
    public static final LogLoss ZERO = new LogLoss(0, 0);

    private final double bits;
    private final long tokens;

    /**
     * @param bits total negative log2-likelihood of the tokens
     * @param tokens number of predicted tokens
     */
    public LogLoss(double bits, long tokens) {
        this.bits = bits;
        this.tokens = tokens;
    }

    /** @return total negative log2-likelihood */
    public double bits() {
        return bits;
    }

    /** @return number of predicted tokens */
    public long tokens() {
        return tokens;
    }

    /**
     * @param other another partial sum
     * @return the sum of both
     */
    public LogLoss plus(LogLoss other) {
        return new LogLoss(bits + other.bits, tokens + other.tokens);
    }

    /** @return mean bits per token (NaN with no tokens) */
    public double bitsPerToken() {
        return tokens == 0 ? Double.NaN : bits / tokens;
    }
}
