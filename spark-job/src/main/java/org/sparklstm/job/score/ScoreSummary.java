package org.sparklstm.job.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaDoubleRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * What a scored corpus comes to: documents, tokens, the token-weighted mean bits per token ({@code evaluate}'s
 * figure), quantiles of the documents' bits per token, their histogram, and the most surprising documents with the
 * start of their text, computed from the scores on the executors (the driver holds only the top ones, a sample for
 * the quantiles and the histogram's counts).
 */
public final class ScoreSummary {
    /** The quantiles of the documents' bits per token reported. */
    static final double[] QUANTILES = {0.01, 0.1, 0.5, 0.9, 0.99};
    /** Documents sampled at most for the quantiles. */
    static final int QUANTILE_SAMPLE = 200_000;
    /** The histogram's bins, equal, from the lowest score to the highest. */
    static final int HISTOGRAM_BINS = 40;

    private ScoreSummary() {
    }

    /** Orders scores by bits per token, then identity (serializable, for Spark's takeOrdered). */
    private static final class MostSurprising implements Comparator<DocumentScore>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(DocumentScore a, DocumentScore b) {
            int c = Double.compare(b.bitsPerToken(), a.bitsPerToken());
            return c != 0 ? c : (a.source() + "@" + a.offset()).compareTo(b.source() + "@" + b.offset());
        }
    }

    /**
     * @param scores every document's score (cached: it is read several times)
     * @param top how many of the most surprising documents to list
     * @param minTokens the fewest tokens a document listed among them has (a short line's mean is noise)
     * @return the summary as JSON: {@code documents}, {@code tokens}, {@code unknown_tokens}, {@code bits_per_token},
     *         {@code quantiles} and {@code most_surprising}
     */
    public static ObjectNode of(JavaRDD<DocumentScore> scores, int top, long minTokens) {
        ObjectNode summary = totals(scores);
        JavaRDD<Double> perDocument = scores.filter(s -> s.tokens() > 0).map(DocumentScore::bitsPerToken);
        long scored = perDocument.count();
        List<Double> sample = (scored > QUANTILE_SAMPLE
                ? perDocument.sample(false, (double) QUANTILE_SAMPLE / scored, 1) : perDocument).collect();
        double[] sorted = sample.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        ObjectNode quantiles = summary.putObject("quantiles");
        for (double q : QUANTILES) {
            quantiles.put(String.format(java.util.Locale.ROOT, "p%02d", Math.round(q * 100)),
                    sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.floor(q
                            * sorted.length))]);
        }
        summary.set("most_surprising", mostSurprising(scores, top, minTokens));
        return summary;
    }

    /**
     * The histogram of the documents' bits per token: {@value #HISTOGRAM_BINS} equal bins from the lowest score to
     * the highest, counted on the executors.
     *
     * @param minTokens the fewest tokens a counted document has (the same documents the most surprising are from)
     * @param edges the bins' edges, one more than the counts
     * @param counts the documents in each bin
     */
    public record Histogram(long minTokens, double[] edges, long[] counts) {
        /** @return {@code min_tokens}, {@code edges} and {@code counts} as JSON */
        public ObjectNode json() {
            ObjectNode histogram = new ObjectMapper().createObjectNode().put("min_tokens", minTokens);
            ArrayNode e = histogram.putArray("edges");
            Arrays.stream(edges).forEach(e::add);
            ArrayNode c = histogram.putArray("counts");
            Arrays.stream(counts).forEach(c::add);
            return histogram;
        }
    }

    /**
     * @param scores documents' scores
     * @param minTokens the fewest tokens a counted document has
     * @return their histogram, or null when no document has {@code minTokens} tokens and a finite score
     */
    public static Histogram histogram(JavaRDD<DocumentScore> scores, long minTokens) {
        JavaDoubleRDD counted = scores.filter(s -> s.tokens() >= Math.max(1, minTokens))
                .mapToDouble(DocumentScore::bitsPerToken).filter(Double::isFinite);
        if (counted.isEmpty()) {
            return null;
        }
        Tuple2<double[], long[]> bins = counted.histogram(HISTOGRAM_BINS);
        return new Histogram(minTokens, bins._1(), bins._2());
    }

    /**
     * @param scores documents' scores
     * @return {@code documents}, {@code tokens}, {@code unknown_tokens} and the token-weighted {@code bits_per_token}
     */
    public static ObjectNode totals(JavaRDD<DocumentScore> scores) {
        double[] sums = scores.map(s -> new double[] {1, s.tokens(), s.bits(), s.unknown()})
                .fold(new double[4], (a, b) -> new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]});
        return new ObjectMapper().createObjectNode().put("documents", (long) sums[0]).put("tokens", (long) sums[1])
                .put("unknown_tokens", (long) sums[3]).put("bits_per_token", sums[1] == 0 ? Double.NaN
                        : sums[2] / sums[1]);
    }

    /**
     * @param scores documents' scores
     * @param top how many to list
     * @param minTokens the fewest tokens a listed document has
     * @return the most surprising, highest bits per token first, each with the start of its text
     */
    public static ArrayNode mostSurprising(JavaRDD<DocumentScore> scores, int top, long minTokens) {
        ArrayNode list = new ObjectMapper().createArrayNode();
        for (DocumentScore s : scores.filter(s -> s.tokens() >= minTokens).takeOrdered(top, new MostSurprising())) {
            list.addObject().put("source", s.source()).put("offset", s.offset()).put("tokens", s.tokens())
                    .put("bits_per_token", s.bitsPerToken()).put("text", s.excerpt());
        }
        return list;
    }
}
