package org.sparklstm.job.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.sparklstm.core.eval.LogLoss;
import org.sparklstm.core.eval.SpanScorer;
import org.sparklstm.core.model.mixture.MixtureModel;
import org.sparklstm.core.bundle.ModelFiles;
import org.sparklstm.core.model.SequenceModel;
import org.sparklstm.core.model.Span;
import org.sparklstm.job.data.Window;

/**
 * Scores the validation windows on the executors with the current model (any kind, shipped in its bundle form)
 * and sums the losses; for a mixture, brings back both components' probabilities so the driver can fit the
 * weight.
 */
public final class DistributedEvaluator {
    private final JavaSparkContext sc;
    private final JavaRDD<Window> validation;
    private final long scoredTokens;

    /**
     * @param sc the Spark context
     * @param split the split, whose scored validation windows (cached) are scored
     */
    public DistributedEvaluator(JavaSparkContext sc, SplitWindows split) {
        this.sc = sc;
        this.validation = split.validation();
        this.scoredTokens = split.scoredTokens();
    }

    /** @return the predicted tokens an evaluation scores */
    public long scoredTokens() {
        return scoredTokens;
    }

    /**
     * @param model the model to score (not modified)
     * @return the summed loss over every validation window
     * @throws IOException if the model cannot be serialised for the executors
     */
    public LogLoss evaluate(SequenceModel model) throws IOException {
        Broadcast<HashMap<String, byte[]>> files = broadcast(model);
        try {
            return validation.map(Window::span).mapPartitions(it -> {
                if (!it.hasNext()) {
                    return List.of(LogLoss.ZERO).iterator();
                }
                return List.of(new SpanScorer(ModelFiles.read(files.value())).scoreAll(it)).iterator();
            }).fold(LogLoss.ZERO, LogLoss::plus);
        } finally {
            files.destroy();
        }
    }

    /**
     * @param mixture a mixture (its weight is not used)
     * @return the network's and the Markov chain's probability of every validation token, in the same order
     * @throws IOException if the model cannot be serialised for the executors
     */
    public double[][] componentProbabilities(MixtureModel mixture) throws IOException {
        Broadcast<HashMap<String, byte[]>> files = broadcast(mixture);
        try {
            List<double[][]> parts = validation.map(Window::span).mapPartitions(it -> {
                List<Span> spans = new ArrayList<>();
                it.forEachRemaining(spans::add);
                if (spans.isEmpty()) {
                    return List.<double[][]>of().iterator();
                }
                MixtureModel m = (MixtureModel) ModelFiles.read(files.value());
                double[][] pair = {new SpanScorer(m.neural()).probabilities(spans),
                    new SpanScorer(m.markov()).probabilities(spans)};
                return Collections.singletonList(pair).iterator();
            }).collect();
            int total = parts.stream().mapToInt(p -> p[0].length).sum();
            double[][] result = new double[2][total];
            int at = 0;
            for (double[][] p : parts) {
                System.arraycopy(p[0], 0, result[0], at, p[0].length);
                System.arraycopy(p[1], 0, result[1], at, p[1].length);
                at += p[0].length;
            }
            return result;
        } finally {
            files.destroy();
        }
    }

    private Broadcast<HashMap<String, byte[]>> broadcast(SequenceModel model) throws IOException {
        HashMap<String, byte[]> files = new HashMap<>();
        ModelFiles.write(model, files);
        return sc.broadcast(files);
    }
}
