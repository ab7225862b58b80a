package org.sparklstm.core.model.markov;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.sparklstm.core.model.Decoder;
import org.sparklstm.core.model.SequenceModel;
import org.sparklstm.core.model.Span;

/**
 * A Markov chain of order n with interpolated Kneser-Ney smoothing (Chen and Goodman 1998, one discount per
 * order): every symbol gets a probability above zero, and the probabilities after any context sum to 1.
 *
 * <pre>
 * P_m(w | h) = (max(c_m(h w) - D_m, 0) + D_m N_m(h .) P_{m-1}(w | h')) / c_m(h .)   (P_{m-1} alone if c_m(h .) = 0)
 * P_0(w)     = 1 / V
 * </pre>
 *
 * where {@code h'} is {@code h} without its first symbol, {@code c_n} are the raw counts of the top order,
 * {@code c_m} for {@code m < n} are continuation counts (how many distinct symbols precede {@code h w}),
 * {@code N_m(h .)} is the number of distinct symbols with {@code c_m(h w) > 0}, and
 * {@code D_m = n1 / (n1 + 2 n2)} from the numbers of n-grams of order m counted once and twice (0.5 if either
 * is zero). A prediction with fewer than {@code n - 1} symbols of context (near a span's start) uses the
 * order its context allows.
 */
public final class KneserNeyModel implements SequenceModel {
    /** The chain's file in a bundle: its n-gram counts, gzipped. */
    public static final String FILE = "markov.bin.gz";

    private static final double FALLBACK_DISCOUNT = 0.5;

    private final NgramCounts counts;
    private final int order;
    private final int vocabularySize;
    private final long[] powers;
    private final Long2IntOpenHashMap[] grams;
    private final Long2LongOpenHashMap[] contextTotals;
    private final Long2IntOpenHashMap[] contextTypes;
    private final double[] discounts;

    /**
     * @param counts the top order's counts, kept and used as they are (not copied): adding to them afterwards
     *               leaves this model inconsistent, so build a new model after adding
     */
    public KneserNeyModel(NgramCounts counts) {
        this.counts = counts;
        this.order = counts.order();
        this.vocabularySize = counts.vocabularySize();
        this.powers = new long[order + 1];
        for (int k = 0; k <= order; k++) {
            powers[k] = counts.power(k);
        }
        grams = new Long2IntOpenHashMap[order + 1];
        contextTotals = new Long2LongOpenHashMap[order + 1];
        contextTypes = new Long2IntOpenHashMap[order + 1];
        discounts = new double[order + 1];
        grams[order] = counts.map();
        for (int m = order - 1; m >= 1; m--) {
            Long2IntOpenHashMap lower = new Long2IntOpenHashMap();
            long suffix = powers[m];
            NgramCounts.forEach(grams[m + 1], (key, c) -> lower.addTo(key % suffix, 1));
            grams[m] = lower;
        }
        for (int m = 1; m <= order; m++) {
            Long2LongOpenHashMap totals = new Long2LongOpenHashMap();
            Long2IntOpenHashMap types = new Long2IntOpenHashMap();
            long[] ones = new long[3];
            NgramCounts.forEach(grams[m], (key, c) -> {
                totals.addTo(key / vocabularySize, c);
                types.addTo(key / vocabularySize, 1);
                if (c <= 2) {
                    ones[c]++;
                }
            });
            contextTotals[m] = totals;
            contextTypes[m] = types;
            discounts[m] = ones[1] > 0 && ones[2] > 0 ? (double) ones[1] / (ones[1] + 2 * ones[2]) : FALLBACK_DISCOUNT;
        }
    }

    /** @return the counts it was built from */
    public NgramCounts counts() {
        return counts;
    }

    /** @return n */
    public int order() {
        return order;
    }

    /**
     * @param m an order, 1..n
     * @return its discount {@code D_m}
     */
    public double discount(int m) {
        return discounts[m];
    }

    @Override
    public String kind() {
        return "markov";
    }

    @Override
    public int vocabularySize() {
        return vocabularySize;
    }

    @Override
    public long parameterCount() {
        return counts.distinct();
    }

    /**
     * @param context the preceding symbols (only the last {@code n - 1} are used)
     * @param symbol the symbol
     * @return its probability after the context
     */
    public double probability(int[] context, int symbol) {
        int m = Math.min(order, context.length + 1);
        return probability(m, key(context, context.length - (m - 1), context.length), symbol);
    }

    private double probability(int m, long context, int symbol) {
        double lower = m == 1 ? 1.0 / vocabularySize : probability(m - 1, context % powers[m - 2], symbol);
        long total = contextTotals[m].get(context);
        if (total == 0) {
            return lower;
        }
        double d = discounts[m];
        int c = grams[m].get(context * vocabularySize + symbol);
        return (Math.max(c - d, 0) + d * contextTypes[m].get(context) * lower) / total;
    }

    /**
     * @param context the preceding symbols (only the last {@code n - 1} are used)
     * @return the probability of every symbol after the context
     */
    public double[] distribution(int[] context) {
        int m = Math.min(order, context.length + 1);
        return distribution(m, key(context, context.length - (m - 1), context.length));
    }

    private double[] distribution(int m, long context) {
        double[] p;
        if (m == 1) {
            p = new double[vocabularySize];
            Arrays.fill(p, 1.0 / vocabularySize);
        } else {
            p = distribution(m - 1, context % powers[m - 2]);
        }
        long total = contextTotals[m].get(context);
        if (total == 0) {
            return p;
        }
        double d = discounts[m];
        double backoff = d * contextTypes[m].get(context);
        long base = context * vocabularySize;
        for (int w = 0; w < vocabularySize; w++) {
            p[w] = (Math.max(grams[m].get(base + w) - d, 0) + backoff * p[w]) / total;
        }
        return p;
    }

    private long key(int[] ids, int from, int to) {
        long k = 0;
        for (int i = from; i < to; i++) {
            k = k * vocabularySize + ids[i];
        }
        return k;
    }

    @Override
    public double[][] targetProbabilities(List<Span> spans) {
        double[][] result = new double[spans.size()][];
        for (int i = 0; i < result.length; i++) {
            int[] w = spans.get(i).ids();
            int first = spans.get(i).firstScored();
            result[i] = new double[w.length - first];
            for (int t = first; t < w.length; t++) {
                int m = Math.min(order, t + 1);
                result[i][t - first] = probability(m, key(w, t + 1 - m, t), w[t]);
            }
        }
        return result;
    }

    @Override
    public Decoder decoder(int sequences) {
        return new HistoryDecoder(sequences);
    }

    @Override
    public void writeTo(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            counts.write(gz);
        }
        files.put(FILE, bytes.toByteArray());
    }

    /** Keeps each sequence's last {@code n - 1} symbols. */
    private final class HistoryDecoder implements Decoder {
        private int[][] histories;

        HistoryDecoder(int sequences) {
            histories = new int[sequences][0];
        }

        @Override
        public double[][] step(int[] tokens) {
            double[][] probs = new double[histories.length][];
            for (int i = 0; i < histories.length; i++) {
                int[] h = histories[i];
                int keep = Math.min(order - 1, h.length + 1);
                int[] next = new int[keep];
                if (keep > 0) {
                    System.arraycopy(h, h.length - (keep - 1), next, 0, keep - 1);
                    next[keep - 1] = tokens[i];
                }
                histories[i] = next;
                probs[i] = distribution(next);
            }
            return probs;
        }

        @Override
        public void reorder(int[] parents) {
            int[][] next = new int[parents.length][];
            for (int i = 0; i < parents.length; i++) {
                next[i] = histories[parents[i]];
            }
            histories = next;
        }
    }
}
