package org.sparklstm.datasets.codec;

import java.nio.charset.StandardCharsets;

/**
 * The byte-level codec: 256 fixed symbols, one per byte value, for corpora in unknown or mixed encodings. Every
 * byte is in the vocabulary, so there is no unknown symbol, and the codec never depends on the corpus.
 */
public final class ByteCodec implements SequenceCodec {
    private static final long serialVersionUID = 1L;

    /** The JSON kind of this codec. */
    public static final String KIND = "bytes";
    /** The number of symbols. */
    public static final int SIZE = 256;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int vocabularySize() {
        return SIZE;
    }

    /** @return -1: every byte is in the vocabulary */
    @Override
    public int unknownId() {
        return -1;
    }

    /** @return {@code symbol}: a byte value 0..255 is its own id */
    @Override
    public int id(int symbol) {
        if (symbol < 0 || symbol >= SIZE) {
            throw new IllegalArgumentException("byte value " + symbol + " outside 0..255");
        }
        return symbol;
    }

    /**
     * @param ids ids in 0..255
     * @return the bytes they stand for
     */
    public byte[] decode(int[] ids) {
        byte[] bytes = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
            bytes[i] = (byte) id(ids[i]);
        }
        return bytes;
    }

    /** @return the bytes read as UTF-8, malformed sequences shown as U+FFFD */
    @Override
    public String render(int[] ids) {
        return new String(decode(ids), StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteCodec;
    }

    @Override
    public int hashCode() {
        return KIND.hashCode();
    }
}
