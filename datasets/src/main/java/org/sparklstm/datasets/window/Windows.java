package org.sparklstm.datasets.window;

import java.util.ArrayList;
import java.util.List;

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
        if (sequenceLength < 1) {
            throw new IllegalArgumentException("sequenceLength must be at least 1, got " + sequenceLength);
        }
        List<int[]> windows = new ArrayList<>();
        for (int start = 0; start + 1 < ids.length; start += sequenceLength) {
            int end = Math.min(ids.length, start + sequenceLength + 1);
            int[] w = new int[end - start];
            System.arraycopy(ids, start, w, 0, w.length);
            windows.add(w);
        }
        return windows;
    }
}
