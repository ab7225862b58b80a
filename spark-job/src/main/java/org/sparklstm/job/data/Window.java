package org.sparklstm.job.data;

import java.io.Serializable;
import java.util.Arrays;
import org.sparklstm.core.model.Span;

/**
 * One window and where it came from, with the tokens before it in its document that reading it needs: a validation
 * window's for scoring, a Markov chain's training window's for its n-grams. (A class, not a record: Spark's Kryo
 * cannot build records.)
 */
public final class Window implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final int[] NO_CONTEXT = new int[0];

    private final String source;
    private final long offset;
    private final int[] ids;
    private final int[] context;
    private final boolean validation;

    /**
     * @param source the file it was cut from
     * @param offset its first token's offset in that file
     * @param ids {@code T + 1} token ids (fewer for a file's last window)
     */
    public Window(String source, long offset, int[] ids) {
        this(source, offset, ids, NO_CONTEXT, false);
    }

    /**
     * @param source the file it was cut from
     * @param offset its first token's offset in that file
     * @param ids {@code T + 1} token ids (fewer for a file's last window)
     * @param context the tokens before it in its document, read first and not predicted
     * @param validation whether the split holds it out
     */
    public Window(String source, long offset, int[] ids, int[] context, boolean validation) {
        this.source = source;
        this.offset = offset;
        this.ids = ids;
        this.context = context;
        this.validation = validation;
    }

    /** @return whether the split it was cut under holds it out (false when cut without one) */
    public boolean validation() {
        return validation;
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

    /**
     * @return the span that scores this window's predictions after its context: the state (or a chain's context)
     *         its predictions start from is the one its document's text leaves
     */
    public Span span() {
        if (context.length == 0) {
            return Span.window(ids);
        }
        int[] all = Arrays.copyOf(context, context.length + ids.length);
        System.arraycopy(ids, 0, all, context.length, ids.length);
        return new Span(all, context.length + 1);
    }

    /** @return the number of tokens this window predicts */
    public int predictedTokens() {
        return ids.length - 1;
    }
}
