package org.sparklstm.datasets.corpus;

import java.io.Serializable;

/**
 * One document of a corpus as raw symbols (Unicode code points for text and ABC, performance events for MIDI),
 * before a codec maps them to model ids. (A class, not a record: Spark's Kryo cannot build records.)
 */
public final class Document implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long offset;
    private final int[] symbols;

    /**
     * @param source the file it comes from
     * @param offset where it starts in that file, in symbols (a file may hold several documents); for a part of
     *               a large file, the part's first byte plus the symbol's index in the part
     * @param symbols its symbols
     */
    public Document(String source, long offset, int[] symbols) {
        this.source = source;
        this.offset = offset;
        this.symbols = symbols;
    }

    /** @return the file it comes from */
    public String source() {
        return source;
    }

    /** @return where it starts in that file, in symbols */
    public long offset() {
        return offset;
    }

    /** @return its symbols */
    public int[] symbols() {
        return symbols;
    }
}
