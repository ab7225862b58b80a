package org.sparklstm.datasets.series;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.sparklstm.datasets.codec.SequenceCodec;

/**
 * Quantises a series' transformed values (its steps) into bins of equal frequency on the training side, so that
 * every model family reads, scores and samples numbers as symbols. A document's raw symbols are its steps as
 * {@link #symbol(double) float bits}, rounded to ten bits of mantissa (a relative precision of 0.1%, far finer
 * than a bin) so that counting them stays small however long the series. Each bin decodes to the mean of the
 * training steps in it; a step beyond the outer edges falls in the outer bins, so there is no unknown symbol.
 */
public final class SeriesCodec implements SequenceCodec {
    private static final long serialVersionUID = 1L;

    /** The codec's JSON kind. */
    public static final String KIND = "series";
    private static final int DROPPED_MANTISSA_BITS = 13;

    private final SeriesTransform transform;
    private final double[] edges;
    private final double[] values;

    /**
     * @param transform the transform whose steps the bins hold
     * @param edges the bins' inner edges, increasing: bin {@code i} holds steps in [edges[i-1], edges[i])
     * @param values each bin's value when decoded, one more than the edges
     */
    public SeriesCodec(SeriesTransform transform, double[] edges, double[] values) {
        if (values.length != edges.length + 1) {
            throw new IllegalArgumentException(values.length + " bin values for " + edges.length + " edges");
        }
        for (int i = 1; i < edges.length; i++) {
            if (!(edges[i] > edges[i - 1])) {
                throw new IllegalArgumentException("bin edges must increase: " + Arrays.toString(edges));
            }
        }
        this.transform = transform;
        this.edges = edges.clone();
        this.values = values.clone();
    }

    /**
     * Fits equal-frequency bins: an edge halfway between two neighbouring distinct steps once the bin below holds
     * its share, each bin's share being the steps not yet binned over the bins still to fill. A step that alone
     * holds more than a share (a price that often does not move) fills one bin, and the rest share what is left
     * evenly; there are fewer bins than asked only when there are fewer distinct steps.
     *
     * @param transform the transform whose steps are counted
     * @param counts the training side's {@link #symbol symbols}, each with its occurrences
     * @param bins how many bins to aim for, at least 1
     * @return the codec
     */
    public static SeriesCodec fit(SeriesTransform transform, Map<Integer, Long> counts, int bins) {
        TreeMap<Double, Long> sorted = new TreeMap<>();
        counts.forEach((symbol, n) -> sorted.merge(value(symbol), n, Long::sum));
        if (sorted.isEmpty()) {
            return new SeriesCodec(transform, new double[0], new double[] {0});
        }
        long total = sorted.values().stream().mapToLong(Long::longValue).sum();
        List<Double> edges = new ArrayList<>();
        List<Double> means = new ArrayList<>();
        double sum = 0;
        long inBin = 0;
        long below = 0;
        double threshold = (double) total / bins;
        Double previous = null;
        for (Map.Entry<Double, Long> e : sorted.entrySet()) {
            if (previous != null && below >= threshold && edges.size() < bins - 1) {
                edges.add((previous + e.getKey()) / 2);
                means.add(sum / inBin);
                sum = 0;
                inBin = 0;
                threshold = below + (double) (total - below) / (bins - edges.size());
            }
            sum += e.getKey() * e.getValue();
            inBin += e.getValue();
            below += e.getValue();
            previous = e.getKey();
        }
        means.add(sum / inBin);
        return new SeriesCodec(transform, edges.stream().mapToDouble(Double::doubleValue).toArray(),
                means.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * @param step a transformed value
     * @return its raw symbol: its float bits, rounded to ten bits of mantissa
     */
    public static int symbol(double step) {
        int bits = Float.floatToIntBits((float) step);
        int round = 1 << (DROPPED_MANTISSA_BITS - 1);
        return ((bits + round) >> DROPPED_MANTISSA_BITS) << DROPPED_MANTISSA_BITS;
    }

    /**
     * @param symbol a raw symbol
     * @return the step it stands for
     */
    public static double value(int symbol) {
        return Float.intBitsToFloat(symbol);
    }

    /**
     * @param steps transformed values
     * @return their raw symbols
     */
    public static int[] symbols(double[] steps) {
        int[] out = new int[steps.length];
        for (int i = 0; i < steps.length; i++) {
            out[i] = symbol(steps[i]);
        }
        return out;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int vocabularySize() {
        return values.length;
    }

    /** @return -1: every step falls in a bin */
    @Override
    public int unknownId() {
        return -1;
    }

    @Override
    public int id(int symbol) {
        return bin(value(symbol));
    }

    /**
     * @param step a transformed value
     * @return its bin
     */
    public int bin(double step) {
        int i = Arrays.binarySearch(edges, step);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /**
     * @param id a bin
     * @return the step it decodes to: the mean of the training steps in it
     */
    public double step(int id) {
        return values[id];
    }

    /** @return the transform whose steps the bins hold */
    public SeriesTransform transform() {
        return transform;
    }

    /** @return the bins' inner edges */
    public double[] edges() {
        return edges.clone();
    }

    /** @return each bin's decoded step */
    public double[] values() {
        return values.clone();
    }

    /** @return the decoded steps, each followed by a space, so that two renderings read on as one */
    @Override
    public String render(int[] ids) {
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            out.append(String.format(Locale.ROOT, "%.4g ", values[id]));
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesCodec c && c.transform == transform && Arrays.equals(c.edges, edges)
                && Arrays.equals(c.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(edges) + transform.hashCode();
    }
}
