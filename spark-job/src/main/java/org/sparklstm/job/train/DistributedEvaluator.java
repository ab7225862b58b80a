package org.sparklstm.job.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.sparklstm.core.eval.LogLoss;
import org.sparklstm.core.eval.WindowScorer;
import org.sparklstm.job.data.Window;

/**
 * Scores the validation windows on the executors with the current network and sums the losses.
 */
public final class DistributedEvaluator {
    private final JavaSparkContext sc;
    private final JavaRDD<Window> validation;
    private final int vocabularySize;

    /**
     * @param sc the Spark context
     * @param validation the validation windows (best cached)
     * @param vocabularySize the codec's vocabulary size
     */
    public DistributedEvaluator(JavaSparkContext sc, JavaRDD<Window> validation, int vocabularySize) {
        this.sc = sc;
        this.validation = validation;
        this.vocabularySize = vocabularySize;
    }

    /**
     * @param network the network to score (not modified)
     * @return the summed loss over every validation window
     * @throws IOException if the network cannot be serialised for the executors
     */
    public LogLoss evaluate(MultiLayerNetwork network) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, bytes, false);
        Broadcast<byte[]> model = sc.broadcast(bytes.toByteArray());
        int v = vocabularySize;
        try {
            return validation.map(Window::ids).mapPartitions(it -> {
                if (!it.hasNext()) {
                    return List.of(LogLoss.ZERO).iterator();
                }
                MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(
                        new ByteArrayInputStream(model.value()), false);
                LogLoss sum = new WindowScorer(net, v).scoreAll(it);
                return List.of(sum).iterator();
            }).fold(LogLoss.ZERO, LogLoss::plus);
        } finally {
            model.destroy();
        }
    }
}
