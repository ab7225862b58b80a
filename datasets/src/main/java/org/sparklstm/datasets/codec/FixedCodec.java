package org.sparklstm.datasets.codec;

/**
 * A codec whose vocabulary does not depend on the corpus: every symbol 0..size-1 is its own id, and there is no
 * unknown symbol. Two fixed codecs of the same class are equal.
 */
public abstract class FixedCodec implements SequenceCodec {
    private static final long serialVersionUID = 1L;

    private final String kind;
    private final int size;

    /**
     * @param kind the codec's JSON kind
     * @param size its number of symbols
     */
    protected FixedCodec(String kind, int size) {
        this.kind = kind;
        this.size = size;
    }

    @Override
    public final String kind() {
        return kind;
    }

    @Override
    public final int vocabularySize() {
        return size;
    }

    /** @return -1: every symbol is in the vocabulary */
    @Override
    public final int unknownId() {
        return -1;
    }

    /**
     * @return {@code symbol} itself
     * @throws IllegalArgumentException if it is outside 0..size-1
     */
    @Override
    public final int id(int symbol) {
        if (symbol < 0 || symbol >= size) {
            throw new IllegalArgumentException(kind + " symbol " + symbol + " outside 0.." + (size - 1));
        }
        return symbol;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass();
    }

    @Override
    public final int hashCode() {
        return kind.hashCode();
    }
}
