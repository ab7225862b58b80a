package org.sparklstm.datasets.codec;

import java.nio.charset.StandardCharsets;

/**
 * The byte-level codec: 256 fixed symbols, one per byte value, for corpora in unknown or mixed encodings. Every
 * byte is in the vocabulary, so there is no unknown symbol, and the codec never depends on the corpus.
 */
public final class ByteCodec extends FixedCodec {
    private static final long serialVersionUID = 1L;

    /** The JSON kind of this codec. */
    public static final String KIND = "bytes";
    /** The number of symbols. */
    public static final int SIZE = 256;

    /** The codec; all instances are equal. */
    public ByteCodec() {
        super(KIND, SIZE);
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
}
