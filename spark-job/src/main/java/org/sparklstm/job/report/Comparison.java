package org.sparklstm.job.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jfree.data.xy.XYSeries;
import org.sparklstm.core.bundle.TrainingState;
import org.sparklstm.core.eval.MixtureScore;
import org.sparklstm.core.eval.SpanScorer;
import org.sparklstm.core.model.mixture.MixtureWeight;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.core.run.MetricsLog;
import org.sparklstm.core.run.RunFiles;

/**
 * The result of {@code compare}: one row per model (validation bits per token, parameters, training tokens and
 * speed) with its learning curve (validation bits per token against training tokens seen) and, beside a Markov
 * chain, the training time at which each network first scored below it, as a text table,
 * {@value RunLayout#COMPARISON} and {@value RunLayout#COMPARISON_PLOT}. Each row names the split it was held out
 * by ({@code split-by}); rows of several splits are compared within their own split.
 */
public final class Comparison {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKOV = "markov";
    private final ArrayNode rows = JSON.createArrayNode();

    /**
     * @param model the family
     * @param split what validation held out ({@code split-by}'s value)
     * @param parameters its parameter count
     * @param state its final counters
     * @param run its run folder, whose metrics give the learning curve
     * @throws IOException if the metrics cannot be read
     */
    public void add(String model, String split, long parameters, TrainingState state, RunFiles run)
            throws IOException {
        ObjectNode row = rows.addObject().put("model", model).put("split", split)
                .put("bits_per_token", state.valBitsPerToken())
                .put("parameters", parameters).put("tokens_seen", state.tokensSeen())
                .put("train_seconds", state.elapsedSeconds())
                .put("tokens_per_second", state.tokensSeen() / Math.max(state.elapsedSeconds(), 1e-9));
        ArrayNode curve = row.putArray("curve");
        for (JsonNode e : MetricsLog.read(run)) {
            curve.addObject().put("tokens_seen", e.path("tokens_seen").asLong())
                    .put("elapsed_seconds", e.path("elapsed_seconds").asDouble())
                    .put("bits_per_token", e.path("val_bits_per_token").asDouble());
        }
    }

    /**
     * @param name the mixture's name
     * @param split what validation held out
     * @param parameters its parameter count
     * @param network the network's probability of each validation token
     * @param markov the Markov chain's, token by token
     */
    public void addMixture(String name, String split, long parameters, double[] network, double[] markov) {
        rows.addObject().put("model", name).put("split", split)
                .put("bits_per_token", MixtureScore.crossFitted(network, markov).bitsPerToken())
                .put("parameters", parameters)
                .put("mixture_weight", MixtureWeight.fit(network, markov))
                .put("network_bits_per_token", SpanScorer.loss(network).bitsPerToken())
                .put("markov_bits_per_token", SpanScorer.loss(markov).bitsPerToken());
    }

    /**
     * Marks, for each network, when its learning curve first went below the final figure of the Markov chain of its
     * split ({@code below_markov_seconds} and {@code below_markov_tokens}, null if it never did); nothing without a
     * chain.
     */
    private void markCrossings() {
        Map<String, Double> markov = new HashMap<>();
        for (JsonNode r : rows) {
            if (MARKOV.equals(r.path("model").asText())) {
                markov.put(r.path("split").asText(), r.path("bits_per_token").asDouble());
            }
        }
        for (JsonNode r : rows) {
            Double chain = markov.get(r.path("split").asText());
            if (chain == null || MARKOV.equals(r.path("model").asText()) || !r.has("curve")) {
                continue;
            }
            ObjectNode row = (ObjectNode) r;
            row.putNull("below_markov_seconds").putNull("below_markov_tokens");
            for (JsonNode p : r.path("curve")) {
                if (p.path("bits_per_token").asDouble() < chain) {
                    row.put("below_markov_seconds", p.path("elapsed_seconds").asDouble())
                            .put("below_markov_tokens", p.path("tokens_seen").asLong());
                    break;
                }
            }
        }
    }

    /** @return whether the rows come from more than one split, so that each names its own */
    private boolean severalSplits() {
        Set<String> splits = new HashSet<>();
        rows.forEach(r -> splits.add(r.path("split").asText()));
        return splits.size() > 1;
    }

    /** @return the row's model, with its split when the comparison has several */
    private String label(JsonNode row) {
        return row.path("model").asText() + (severalSplits() ? " (" + row.path("split").asText() + ")" : "");
    }

    /** @return the table: one line per model */
    public String table() {
        markCrossings();
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%-24s %14s %12s %14s %12s %16s%n", "model",
                "bits/token", "parameters", "train tokens", "tokens/s", "below markov at"));
        for (JsonNode r : rows) {
            JsonNode below = r.path("below_markov_seconds");
            t.append(String.format(Locale.ROOT, "%-24s %14.4f %12d %14s %12s %16s%n", label(r),
                    r.path("bits_per_token").asDouble(), r.path("parameters").asLong(),
                    r.has("tokens_seen") ? String.valueOf(r.path("tokens_seen").asLong()) : "-",
                    r.has("tokens_per_second") ? String.format(Locale.ROOT, "%.0f",
                            r.path("tokens_per_second").asDouble()) : "-",
                    below.isMissingNode() ? "-" : below.isNull() ? "never"
                            : String.format(Locale.ROOT, "%.0f s", below.asDouble())));
            if (r.has("mixture_weight")) {
                t.append(String.format(Locale.ROOT, "%-24s   network weight %.3f (network alone %.4f, markov alone "
                                + "%.4f on the same tokens)%n", "", r.path("mixture_weight").asDouble(),
                        r.path("network_bits_per_token").asDouble(), r.path("markov_bits_per_token").asDouble()));
            }
        }
        return t.toString();
    }

    /**
     * @param files the comparison's root
     * @throws IOException if a file cannot be written
     */
    public void write(RunFiles files) throws IOException {
        markCrossings();
        ObjectNode doc = JSON.createObjectNode();
        doc.set("models", rows);
        files.write(RunLayout.COMPARISON, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n");
        XYSeries[] series = new XYSeries[rows.size()];
        int n = 0;
        for (JsonNode r : rows) {
            XYSeries s = new XYSeries(label(r));
            for (JsonNode p : r.path("curve")) {
                if (p.path("tokens_seen").asLong() > 0) {
                    s.add(p.path("tokens_seen").asDouble(), p.path("bits_per_token").asDouble());
                }
            }
            if (s.getItemCount() > 0) {
                series[n++] = s;
            }
        }
        files.write(RunLayout.COMPARISON_PLOT, LineChart.png("Learning curves", "training tokens seen (log scale)",
                "validation bits per token", true, Arrays.copyOf(series, n)));
    }
}
