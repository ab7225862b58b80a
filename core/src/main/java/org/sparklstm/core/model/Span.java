package org.sparklstm.core.model;

import java.util.Arrays;

/**
 * A stretch of a document's token ids to score: the model reads it from its first id, with an empty state, and the
 * predictions of the ids from {@code firstScored} on are scored; the ids before are context only. A training window
 * is a span scored from its second id; a validation window read after the text that precedes it in its document, or
 * a stretch of a document scored as a stream, starts later.
 *
 * @param ids the token ids, read in order
 * @param firstScored the index of the first id whose prediction is scored, at least 1
 */
public record Span(int[] ids, int firstScored) {
    /**
     * @throws IllegalArgumentException if {@code firstScored} is under 1 or leaves nothing to score
     */
    public Span {
        if (firstScored < 1 || firstScored >= ids.length) {
            throw new IllegalArgumentException("a span of " + ids.length + " ids scored from id " + firstScored
                    + ": it must score at least one prediction, and the first id cannot be predicted");
        }
    }

    /**
     * @param window a window of ids as training cuts it, read from its start
     * @return the span scoring every prediction in it
     */
    public static Span window(int[] window) {
        return new Span(window, 1);
    }

    /**
     * @param ids a document's ids
     * @param from the first id to score, at least 1
     * @param to one past the last id to score
     * @param context how many ids before {@code from} to read first, unscored (fewer near the document's start)
     * @return the span scoring ids {@code from..to-1} after up to {@code context} ids of the text before them
     */
    public static Span of(int[] ids, int from, int to, int context) {
        int start = Math.max(0, from - Math.max(context, 1));
        return new Span(Arrays.copyOfRange(ids, start, to), from - start);
    }

    /** @return the number of predictions scored */
    public int scored() {
        return ids.length - firstScored;
    }
}
