package org.sparklstm.core.model.markov;

import it.unimi.dsi.fastutil.longs.Long2IntMap;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectIterator;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.sparklstm.core.model.Span;

/**
 * How often each n-gram of one order occurs inside training windows: all a Kneser-Ney chain needs, since its
 * lower orders derive from the distinct n-grams of the order above.
 *
 * <p>An n-gram is packed into a {@code long} as a number in base {@code V} (the vocabulary size), first token
 * most significant, so orders and vocabularies are limited to {@code V^order < 2^63}. Counts only ever add, so
 * counts of disjoint data merge exactly (this is how Spark partitions are combined and how a model is retrained
 * on new data).
 */
public final class NgramCounts {
    private static final int MAGIC = 0x4b4e4331; // "KNC1"

    private final int order;
    private final int vocabularySize;
    private final Long2IntOpenHashMap counts = new Long2IntOpenHashMap();

    /**
     * @param order n, at least 1
     * @param vocabularySize V, at least 2
     * @throws IllegalArgumentException if {@code V^order} does not fit in 63 bits
     */
    public NgramCounts(int order, int vocabularySize) {
        requireFits(order, vocabularySize);
        this.order = order;
        this.vocabularySize = vocabularySize;
    }

    /**
     * @param order n
     * @param vocabularySize V
     * @throws IllegalArgumentException naming both if n-grams of this order cannot be packed
     */
    public static void requireFits(int order, int vocabularySize) {
        if (order < 1 || vocabularySize < 2) {
            throw new IllegalArgumentException("order must be at least 1 and the vocabulary at least 2 symbols, got "
                    + order + " and " + vocabularySize);
        }
        if (order * (Math.log(vocabularySize) / Math.log(2)) >= 63) {
            throw new IllegalArgumentException("a Markov chain of order " + order + " over " + vocabularySize
                    + " symbols is too large (vocabulary^order must stay below 2^63); lower --order or --max-vocab");
        }
    }

    /** @return n */
    public int order() {
        return order;
    }

    /** @return V */
    public int vocabularySize() {
        return vocabularySize;
    }

    /** @return the number of distinct n-grams */
    public int distinct() {
        return counts.size();
    }

    /**
     * Counts every n-gram lying wholly inside a window.
     *
     * @param window ids of one training window
     */
    public void addWindow(int[] window) {
        addSpan(Span.window(window));
    }

    /**
     * Counts every n-gram of a span that ends on one of its scored ids: for a training window read after the
     * {@code n - 1} ids before it, the n-grams its predictions end, whole; the ids before it count only as context
     * (the n-grams ending on them are the earlier window's).
     *
     * @param span a training window, with or without the text before it
     */
    public void addSpan(Span span) {
        int[] ids = span.ids();
        long modulus = power(order - 1);
        long key = 0;
        int firstEnd = Math.max(order - 1, span.firstScored());
        for (int t = 0; t < ids.length; t++) {
            key = (t >= order ? key % modulus : key) * vocabularySize + ids[t];
            if (t >= firstEnd) {
                counts.addTo(key, 1);
            }
        }
    }

    /**
     * @param key a packed n-gram
     * @param count how many more times it occurred
     */
    public void add(long key, int count) {
        counts.addTo(key, count);
    }

    /**
     * @param other counts of the same order and vocabulary, added into this
     */
    public void addAll(NgramCounts other) {
        if (other.order != order || other.vocabularySize != vocabularySize) {
            throw new IllegalArgumentException("cannot merge counts of order " + other.order + " over "
                    + other.vocabularySize + " symbols into order " + order + " over " + vocabularySize);
        }
        forEach(other.counts, counts::addTo);
    }

    /** @param action called with each packed n-gram and its count */
    public void forEach(KeyCount action) {
        forEach(counts, action);
    }

    static void forEach(Long2IntOpenHashMap map, KeyCount action) {
        ObjectIterator<Long2IntMap.Entry> it = map.long2IntEntrySet().fastIterator();
        while (it.hasNext()) {
            Long2IntMap.Entry e = it.next();
            action.accept(e.getLongKey(), e.getIntValue());
        }
    }

    /** @return the counts themselves, packed n-gram to count, for the model built on them */
    Long2IntOpenHashMap map() {
        return counts;
    }

    /**
     * @param k a length
     * @return {@code V^k}
     */
    long power(int k) {
        long p = 1;
        for (int i = 0; i < k; i++) {
            p *= vocabularySize;
        }
        return p;
    }

    /**
     * Writes the counts sorted by n-gram, so equal counts give equal bytes.
     *
     * @param out where to write (not closed)
     * @throws IOException if writing fails
     */
    public void write(OutputStream out) throws IOException {
        long[] keys = counts.keySet().toLongArray();
        Arrays.sort(keys);
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeInt(order);
        data.writeInt(vocabularySize);
        data.writeInt(keys.length);
        for (long k : keys) {
            data.writeLong(k);
            data.writeInt(counts.get(k));
        }
        data.flush();
    }

    /**
     * @param in counts as {@link #write} wrote them
     * @return the counts
     * @throws IOException if the stream is not such counts or ends early
     */
    public static NgramCounts read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != MAGIC) {
            throw new IOException("not n-gram counts (bad magic number)");
        }
        NgramCounts c = new NgramCounts(data.readInt(), data.readInt());
        int n = data.readInt();
        for (int i = 0; i < n; i++) {
            c.counts.put(data.readLong(), data.readInt());
        }
        return c;
    }

    /** Receives one packed n-gram and its count. */
    @FunctionalInterface
    public interface KeyCount {
        /**
         * @param key the packed n-gram
         * @param count its count
         */
        void accept(long key, int count);
    }
}
