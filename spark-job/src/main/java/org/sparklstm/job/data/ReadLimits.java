package org.sparklstm.job.data;

import java.io.Serializable;
import org.sparklstm.core.config.DataKeys;
import org.sparklstm.core.config.TrainingConfig;

/**
 * How much of a corpus file one task reads: a large uncompressed file of a splittable format in parts of at most
 * {@link #splitBytes()}, and any file read whole (compressed, ABC, MIDI) only up to {@link #maxFileBytes()} after
 * decompression. (A class, not a record: Spark's Kryo cannot build records.)
 */
public final class ReadLimits implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long MIB = 1L << 20;

    private final long splitBytes;
    private final long maxFileBytes;

    /**
     * @param splitBytes the largest part of a splittable file one task reads
     * @param maxFileBytes the most bytes a file read whole may hold after decompression
     */
    public ReadLimits(long splitBytes, long maxFileBytes) {
        this.splitBytes = splitBytes;
        this.maxFileBytes = maxFileBytes;
    }

    /**
     * @param config a run's configuration
     * @return its {@code split-mb} and {@code max-file-mb}
     */
    public static ReadLimits of(TrainingConfig config) {
        return new ReadLimits(config.get(DataKeys.SPLIT_MB) * MIB, config.get(DataKeys.MAX_FILE_MB) * MIB);
    }

    /**
     * @param splitBytes the largest part of a splittable file one task reads
     * @return that split, with the default {@code max-file-mb}
     */
    public static ReadLimits ofSplit(long splitBytes) {
        return new ReadLimits(splitBytes, DataKeys.MAX_FILE_MB.defaultValue() * MIB);
    }

    /** @return the largest part of a splittable file one task reads */
    public long splitBytes() {
        return splitBytes;
    }

    /** @return the most bytes a file read whole may hold after decompression */
    public long maxFileBytes() {
        return maxFileBytes;
    }
}
