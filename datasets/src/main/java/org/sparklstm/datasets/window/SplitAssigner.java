package org.sparklstm.datasets.window;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * Decides, deterministically, whether a window belongs to the validation split.
 *
 * <p>The decision hashes the window's file name (not its folder or filesystem) and its token offset only, so
 * it is the same on every executor and in every run, does not move when more files are added, and survives
 * moving the corpus (another checkout, a copy to HDFS or S3): a resumed or retrained run never trains on
 * windows it used to validate on.
 */
public final class SplitAssigner implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long BUCKETS = 1_000_000L;

    private final long validationBuckets;

    /**
     * @param validationFraction the share of windows held out for validation, in [0, 0.5]
     */
    public SplitAssigner(double validationFraction) {
        if (!(validationFraction >= 0 && validationFraction <= 0.5)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 0.5], got " + validationFraction);
        }
        this.validationBuckets = Math.round(validationFraction * BUCKETS);
    }

    /**
     * @param source the window's file (path or URI; only its name counts)
     * @param offset the window's first token offset in that file
     * @return whether the window is a validation window
     */
    public boolean isValidation(String source, long offset) {
        String name = source.substring(source.lastIndexOf('/') + 1);
        return Math.floorMod(hash(name, offset), BUCKETS) < validationBuckets;
    }

    /**
     * A second, independent draw for a window, for choosing a fixed subset of the validation windows.
     *
     * @param source the window's file (path or URI; only its name counts)
     * @param offset the window's first token offset in that file
     * @return a number in [0, 1), the same on every run and wherever the corpus lives
     */
    public static double subsetDraw(String source, long offset) {
        String name = source.substring(source.lastIndexOf('/') + 1);
        return (mix(hash(name, offset) ^ 0x5DEECE66DL) >>> 11) * 0x1.0p-53;
    }

    /**
     * A stable 64-bit hash of a source name and an offset (FNV-1a over the UTF-8 name, then splitmix64).
     *
     * @param source a file name
     * @param offset a token offset
     * @return the hash
     */
    public static long hash(String source, long offset) {
        long h = 0xcbf29ce484222325L;
        for (byte b : source.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return mix(h ^ mix(offset));
    }

    /**
     * The splitmix64 finaliser: a well-spread 64-bit mix of {@code z}.
     *
     * @param z any value
     * @return its mix
     */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
