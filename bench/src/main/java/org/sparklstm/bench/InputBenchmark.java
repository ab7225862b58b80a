package org.sparklstm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.model.network.NetworkFactory;
import org.sparklstm.core.model.network.NetworkSpec;
import org.sparklstm.datasets.window.Minibatches;
import org.sparklstm.job.cli.RuntimeSettings;
import org.sparklstm.job.train.TrainingData;

/**
 * One-hot against token-id inputs on one corpus, in one JVM, printed as one JSON line for {@code bench.sh}: the same
 * network (the default fused LSTM unless overrides change it) fits the same training minibatches built each way,
 * alternating which goes first, and the bytes of each form. The time per minibatch includes building it, as a
 * worker does. Usage: {@code InputBenchmark MASTER MINIBATCHES CORPUS [key=value...]}; the first two minibatches of
 * each form warm up and are not counted.
 */
public final class InputBenchmark {
    private static final int WARMUP = 2;

    private InputBenchmark() {
    }

    /**
     * @param args master, minibatches to time per form, corpus path, then configuration overrides
     * @throws Exception if the corpus cannot be read
     */
    public static void main(String[] args) throws Exception {
        int timed = Integer.parseInt(args[1]);
        TrainingConfig config = TrainingConfig.defaults().with(Overrides.parse(args, 3), "benchmark");
        SparkConf conf = RuntimeSettings.sparkConf("input-benchmark").setMaster(args[0])
                .set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            TrainingData data = TrainingData.read(sc, List.of(args[2]), List.of(), config, null);
            int vocabulary = data.codec().vocabularySize();
            int batch = config.batchSize();
            List<int[]> windows = data.windows().train().map(w -> w.ids()).take(batch * (WARMUP + timed));
            MultiLayerNetwork network = NetworkFactory.create(NetworkSpec.of(config), vocabulary);
            Minibatches[] forms = {new Minibatches(vocabulary, Minibatches.Inputs.ONE_HOT),
                new Minibatches(vocabulary, Minibatches.Inputs.TOKEN_IDS)};
            List<List<Double>> millis = List.of(new ArrayList<>(), new ArrayList<>());
            for (int m = 0; m < WARMUP + timed; m++) {
                List<int[]> minibatch = windows.subList(m * batch, (m + 1) * batch);
                for (int k = 0; k < 2; k++) {
                    int form = (m + k) % 2;
                    long t0 = System.nanoTime();
                    network.fit(forms[form].of(minibatch));
                    if (m >= WARMUP) {
                        millis.get(form).add((System.nanoTime() - t0) / 1e6);
                    }
                }
            }
            List<int[]> first = windows.subList(0, batch);
            ObjectNode out = new ObjectMapper().createObjectNode().put("corpus", args[2])
                    .put("vocabulary", vocabulary).put("parameters", network.numParams())
                    .put("minibatches_timed", timed)
                    .put("one_hot_bytes", bytes(forms[0].of(first))).put("token_id_bytes", bytes(forms[1].of(first)))
                    .put("one_hot_fit_ms", Medians.of(millis.get(0)))
                    .put("token_id_fit_ms", Medians.of(millis.get(1)));
            System.out.println(out);
        }
    }

    /** @return the bytes of a minibatch's arrays (features, labels, masks) as {@code fit} receives it */
    static long bytes(DataSet minibatch) {
        long bytes = 0;
        for (INDArray array : new INDArray[] {minibatch.getFeatures(), minibatch.getLabels(),
            minibatch.getFeaturesMaskArray(), minibatch.getLabelsMaskArray()}) {
            bytes += array == null ? 0 : array.length() * array.dataType().width();
        }
        return bytes;
    }
}
