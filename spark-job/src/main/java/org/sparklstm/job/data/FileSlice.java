package org.sparklstm.job.data;

import java.io.Serializable;

/**
 * Bytes {@code [start, end)} of one corpus file, as a retraining generation records what it trains: a whole
 * file, or what was appended to a file since an earlier generation. (A class, not a record: Spark's Kryo cannot
 * build records.)
 */
public final class FileSlice implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final long start;
    private final long end;
    private final String prefixSha256;

    /**
     * @param path the file, qualified
     * @param start the first byte
     * @param end the byte after the last
     * @param prefixSha256 SHA-256 (hex) of the file's bytes {@code [0, end)} as stored: the file as far as the
     *                     slice reaches, so that an unchanged or merely appended file is recognised later
     */
    public FileSlice(String path, long start, long end, String prefixSha256) {
        this.path = path;
        this.start = start;
        this.end = end;
        this.prefixSha256 = prefixSha256;
    }

    /** @return the file, qualified */
    public String path() {
        return path;
    }

    /** @return the first byte */
    public long start() {
        return start;
    }

    /** @return the byte after the last */
    public long end() {
        return end;
    }

    /** @return SHA-256 (hex) of the file's bytes {@code [0, end)} */
    public String prefixSha256() {
        return prefixSha256;
    }

    /** @return whether it is the whole file it was cut from, from its first byte */
    public boolean fromStart() {
        return start == 0;
    }
}
