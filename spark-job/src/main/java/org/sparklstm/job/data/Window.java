package org.sparklstm.job.data;

import java.io.Serializable;

/**
 * One training window and where it came from. (A class, not a record: Spark's Kryo cannot build records.)
 */
public final class Window implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long offset;
    private final int[] ids;

    /**
     * @param source the file it was cut from
     * @param offset its first token's offset in that file
     * @param ids {@code T + 1} token ids (fewer for a file's last window)
     */
    public Window(String source, long offset, int[] ids) {
        this.source = source;
        this.offset = offset;
        this.ids = ids;
    }

    /** @return the file it was cut from */
    public String source() {
        return source;
    }

    /** @return its first token's offset in that file */
    public long offset() {
        return offset;
    }

    /** @return its token ids */
    public int[] ids() {
        return ids;
    }

    /** @return the number of tokens this window predicts */
    public int predictedTokens() {
        return ids.length - 1;
    }
}
