package org.sparklstm.job.score;

import java.io.Serializable;

/**
 * One document's score: its identity, the tokens predicted and their loss, the unknown tokens among them, and the
 * start of its text (for the most surprising ones to be read). (A class, not a record: Spark's Kryo cannot build
 * records.)
 */
public final class DocumentScore implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long offset;
    private final long tokens;
    private final double bits;
    private final long unknown;
    private final String excerpt;

    /**
     * @param source the document's file (path or URI) or row identity
     * @param offset where it starts in its file, in symbols (0 for a whole file or a row)
     * @param tokens the tokens predicted
     * @param bits their summed loss, in bits
     * @param unknown the unknown tokens among the document's tokens
     * @param excerpt the start of its text, or an empty string for music
     */
    public DocumentScore(String source, long offset, long tokens, double bits, long unknown, String excerpt) {
        this.source = source;
        this.offset = offset;
        this.tokens = tokens;
        this.bits = bits;
        this.unknown = unknown;
        this.excerpt = excerpt;
    }

    /** @return the document's file or row identity */
    public String source() {
        return source;
    }

    /** @return where it starts in its file, in symbols */
    public long offset() {
        return offset;
    }

    /** @return the tokens predicted */
    public long tokens() {
        return tokens;
    }

    /** @return their summed loss, in bits */
    public double bits() {
        return bits;
    }

    /** @return bits per predicted token, or NaN for a document with none */
    public double bitsPerToken() {
        return tokens == 0 ? Double.NaN : bits / tokens;
    }

    /** @return the unknown tokens */
    public long unknown() {
        return unknown;
    }

    /** @return the start of its text, or an empty string for music */
    public String excerpt() {
        return excerpt;
    }
}
