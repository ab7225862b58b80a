package org.sparklstm.datasets.window;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * Decides, deterministically, whether a window belongs to the validation split.
 *
 * <p>The decision hashes the window's file name (not its folder or filesystem) and its token offset only (or, when
 * whole files are held out, the file name only); a row of a file of rows is named by its
 * {@link org.sparklstm.datasets.corpus.RowIdentity} instead, so whole rows are held out. So
 * it is the same on every executor and in every run, does not move when more files are added, and survives
 * moving the corpus (another checkout, a copy to HDFS or S3): a resumed or retrained run never trains on
 * windows it used to validate on.
 */
public final class SplitAssigner implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long BUCKETS = 1_000_000L;

    /** The offset a file's own draw hashes with under {@link Unit#FILE}: none of its windows' offsets. */
    private static final long WHOLE_FILE = -1;

    /** What the split holds out. */
    public enum Unit {
        /** Windows, each drawn by its file's name and its offset: every file is trained on and validated on. */
        WINDOW,
        /** Whole files, each drawn by its name: the held-out files are never trained on. */
        FILE,
        /**
         * The final stretch of every document, no draw: the windows from the first to start in its last
         * {@code validation-fraction} on (a series' latest values, a book's last pages), so that validation judges
         * what comes after everything trained on.
         */
        END
    }

    private final long validationBuckets;
    private final Unit unit;

    /**
     * @param validationFraction the share of windows (or files) held out for validation, in [0, 0.5]
     * @param unit what is held out
     */
    public SplitAssigner(double validationFraction, Unit unit) {
        if (!(validationFraction >= 0 && validationFraction <= 0.5)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 0.5], got " + validationFraction);
        }
        this.validationBuckets = Math.round(validationFraction * BUCKETS);
        this.unit = unit;
    }

    /**
     * @param validationFraction the share of windows held out for validation, in [0, 0.5]
     */
    public SplitAssigner(double validationFraction) {
        this(validationFraction, Unit.WINDOW);
    }

    /**
     * @param source the window's file (path or URI; only its name counts)
     * @param offset the window's first token offset in that file
     * @return whether the window is a validation window, for a split by hash (windows or files)
     * @throws IllegalStateException for {@link Unit#END}, which needs the window's document
     */
    public boolean isValidation(String source, long offset) {
        if (unit == Unit.END) {
            throw new IllegalStateException("a split by end needs the window's document");
        }
        return isValidation(source, offset, 0, 0);
    }

    /**
     * @param source the window's file (path or URI; only its name counts)
     * @param offset the window's first token offset in that file
     * @param documentOffset where the window's document starts in that file
     * @param documentLength the document's length in tokens
     * @return whether the window is a validation window
     */
    public boolean isValidation(String source, long offset, long documentOffset, long documentLength) {
        if (unit == Unit.END) {
            return offset - documentOffset >= endStart(documentLength);
        }
        String name = name(source);
        return Math.floorMod(hash(name, unit == Unit.FILE ? WHOLE_FILE : offset), BUCKETS) < validationBuckets;
    }

    /**
     * @param documentLength a document's length in tokens
     * @return under {@link Unit#END}, the token from which on a window that starts there is held out: the first of
     *         the document's last {@code validation-fraction}
     */
    public long endStart(long documentLength) {
        return (long) Math.ceil((1 - fraction()) * documentLength);
    }

    /**
     * @param documentLength a document's length in tokens
     * @param sequenceLength tokens per window (windows start every this many tokens)
     * @return under {@link Unit#END}, where the document's first held-out window starts: the first window start at
     *         or after {@link #endStart}
     */
    public long firstEndWindow(long documentLength, int sequenceLength) {
        return (endStart(documentLength) + sequenceLength - 1) / sequenceLength * sequenceLength;
    }

    /** @return what is held out */
    public Unit unit() {
        return unit;
    }

    /** @return the share held out */
    public double fraction() {
        return (double) validationBuckets / BUCKETS;
    }

    /**
     * @param source a file (path or URI; only its name counts)
     * @return whether the whole file is held out (always false when windows or ends are)
     */
    public boolean holdsOut(String source) {
        return unit == Unit.FILE && isValidation(source, WHOLE_FILE, 0, 0);
    }

    /**
     * A second, independent draw for a window, for choosing a fixed subset of the validation windows.
     *
     * @param source the window's file (path or URI; only its name counts)
     * @param offset the window's first token offset in that file
     * @return a number in [0, 1), the same on every run and wherever the corpus lives
     */
    public static double subsetDraw(String source, long offset) {
        String name = name(source);
        return (mix(hash(name, offset) ^ 0x5DEECE66DL) >>> 11) * 0x1.0p-53;
    }

    /**
     * @param source a file (path or URI) or a row's identity
     * @return what the draws hash: the part after its last {@code /}, so that moving the corpus changes nothing
     */
    public static String name(String source) {
        return source.substring(source.lastIndexOf('/') + 1);
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
