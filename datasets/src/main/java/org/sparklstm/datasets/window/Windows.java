package org.sparklstm.datasets.window;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Cuts a token sequence into training windows.
 *
 * <p>A window of sequence length {@code T} holds {@code T + 1} ids: the model reads ids 0..T-1 and
 * predicts ids 1..T. Windows start every {@code T} tokens, so each token is predicted exactly once;
 * a tail shorter than two tokens is dropped, a longer tail becomes a shorter last window.
 */
public final class Windows {
    private Windows() {
    }

    /**
     * @param ids the encoded tokens of one document
     * @param sequenceLength {@code T}, at least 1
     * @return the windows in document order; window {@code i} starts at token {@code i * T}
     */
    public static List<int[]> cut(int[] ids, int sequenceLength) {
        List<int[]> windows = new ArrayList<>();
        lazily(ids, sequenceLength).forEachRemaining(windows::add);
        return windows;
    }

    /**
     * The same windows as {@link #cut}, each copied out only when it is asked for, so that a large document is
     * never held twice.
     *
     * @param ids the encoded tokens of one document
     * @param sequenceLength {@code T}, at least 1
     * @return the windows in document order; window {@code i} starts at token {@code i * T}
     */
    public static Iterator<int[]> lazily(int[] ids, int sequenceLength) {
        if (sequenceLength < 1) {
            throw new IllegalArgumentException("sequenceLength must be at least 1, got " + sequenceLength);
        }
        return new Iterator<>() {
            private int start;

            @Override
            public boolean hasNext() {
                return start + 1 < ids.length;
            }

            @Override
            public int[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int end = Math.min(ids.length, start + sequenceLength + 1);
                int[] w = Arrays.copyOfRange(ids, start, end);
                start += sequenceLength;
                return w;
            }
        };
    }
}
