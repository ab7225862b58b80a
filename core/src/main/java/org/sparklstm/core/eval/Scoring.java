package org.sparklstm.core.eval;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.sparklstm.core.model.Span;

/**
 * How held-out documents are cut into spans to score; both score every token but a document's first exactly once.
 */
public enum Scoring {
    /**
     * The held-out stream: each document read as one sequence, its recurrent state (or a chain's context) carried
     * from token to token. A long document is cut into stretches of {@value #STRETCH} scored tokens, read side by
     * side, each after the {@code context} tokens before it (unscored): with a context longer than a network's
     * memory the figure is the stream's, and for a Markov chain of order {@code n} any context of {@code n - 1}
     * tokens or more gives exactly the stream's.
     */
    STREAM {
        @Override
        public Iterator<Span> spans(int[] ids, int sequenceLength, int context) {
            return new Iterator<>() {
                private int from = 1;

                @Override
                public boolean hasNext() {
                    return from < ids.length;
                }

                @Override
                public Span next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    int to = (int) Math.min(ids.length, (long) from + STRETCH);
                    Span s = Span.of(ids, from, to, context);
                    from = to;
                    return s;
                }
            };
        }
    },
    /**
     * Windows of {@code sequence-length + 1} tokens as training cuts them, each read after the {@code context} tokens
     * before it (unscored), as validation reads them. With no context each starts from an empty state, as training
     * reads it: its first tokens are predicted almost blind and a network's memory is cut at the sequence length.
     */
    WINDOWS {
        @Override
        public Iterator<Span> spans(int[] ids, int sequenceLength, int context) {
            return new Iterator<>() {
                private long start;

                @Override
                public boolean hasNext() {
                    return start + 1 < ids.length;
                }

                @Override
                public Span next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    int from = (int) start;
                    start += sequenceLength;
                    return Span.of(ids, from + 1, (int) Math.min(ids.length, start + 1), context + 1);
                }
            };
        }
    };

    /** Scored tokens per span of a stream. */
    public static final int STRETCH = 4096;

    /**
     * @param ids a document's token ids
     * @param sequenceLength the model's sequence length (what a window predicts)
     * @param context tokens read, unscored, before each stretch of a stream after the first, or before each window
     * @return the document's spans, made one at a time
     */
    public abstract Iterator<Span> spans(int[] ids, int sequenceLength, int context);
}
