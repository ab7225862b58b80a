package org.sparklstm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.datasets.window.Minibatches;
import org.sparklstm.job.cli.RuntimeSettings;
import org.sparklstm.job.train.EpochPlan;
import org.sparklstm.job.train.SparkTraining;
import org.sparklstm.job.train.TrainingData;

/**
 * What an epoch costs besides training, on one corpus, in its own JVM, printed as one JSON line for
 * {@code bench.sh}: reading and cutting the corpus; then for two epochs, the time to the first round's minibatches
 * (planning: the epoch's shuffle), to the last round's (every bucket of the epoch sorted and cached once), and
 * the median time to build a round's minibatches, sampled across the epoch; and the bytes of one minibatch. No
 * network is trained: the figures are the data path alone, with the default model's shapes. Usage:
 * {@code PlanBenchmark MASTER SAMPLED_ROUNDS CORPUS [key=value...]}.
 */
public final class PlanBenchmark {
    private PlanBenchmark() {
    }

    /**
     * @param args master, rounds to sample per epoch, corpus path, then configuration overrides
     * @throws Exception if the corpus cannot be read
     */
    public static void main(String[] args) throws Exception {
        int sampled = Integer.parseInt(args[1]);
        TrainingConfig config = TrainingConfig.defaults().with(Overrides.parse(args, 3), "benchmark");
        SparkConf conf = RuntimeSettings.sparkConf("plan-benchmark").setMaster(args[0])
                .set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            long t0 = System.nanoTime();
            TrainingData data = TrainingData.read(sc, List.of(args[2]), List.of(), config, null);
            double cutSeconds = seconds(t0);
            SparkTraining spark = SparkTraining.of(config, sc.defaultParallelism());
            int workers = spark.workers();
            Minibatches ids = new Minibatches(data.codec().vocabularySize(), Minibatches.Inputs.TOKEN_IDS);
            Minibatches oneHot = new Minibatches(data.codec().vocabularySize(), Minibatches.Inputs.ONE_HOT);
            ObjectNode out = new ObjectMapper().createObjectNode()
                    .put("corpus_bytes", data.corpus().bytes()).put("master", args[0]).put("workers", workers)
                    .put("train_windows", data.windows().trainTokens()[2])
                    .put("train_tokens", data.windows().trainTokens()[0]).put("cut_seconds", cutSeconds)
                    .put("minibatch_bytes", minibatchBytes(data, spark.batchSize(), ids))
                    .put("minibatch_bytes_one_hot", minibatchBytes(data, spark.batchSize(), oneHot));
            for (int epoch = 0; epoch < 2; epoch++) {
                EpochPlan plan = EpochPlan.of(data.windows(), config.seed(), epoch, workers, spark.batchSize(),
                        spark.averagingFrequency(), data.cache());
                int rounds = plan.rounds();
                long t1 = System.nanoTime();
                plan.round(0, 0, Long.MAX_VALUE, ids).count();
                double first = seconds(t1);
                long t2 = System.nanoTime();
                plan.round(rounds - 1, 0, Long.MAX_VALUE, ids).count();
                double allBuckets = seconds(t2);
                List<Double> perRound = new ArrayList<>();
                for (int i = 1; i <= sampled; i++) {
                    int round = (int) ((long) rounds * i / (sampled + 1));
                    long t3 = System.nanoTime();
                    plan.round(round, 0, Long.MAX_VALUE, ids).count();
                    perRound.add(seconds(t3));
                }
                double roundSeconds = Medians.of(perRound);
                out.putObject("epoch_" + epoch).put("rounds", rounds).put("first_round_seconds", first)
                        .put("last_round_seconds", allBuckets).put("round_seconds_median", roundSeconds)
                        .put("epoch_overhead_seconds", first + allBuckets + rounds * roundSeconds);
                plan.release();
            }
            System.out.println(out);
        }
    }

    /** @return the bytes of one full minibatch's arrays (features, labels, masks) as {@code fit} receives it */
    private static long minibatchBytes(TrainingData data, int batchSize, Minibatches form) {
        List<int[]> windows = data.windows().train().map(w -> w.ids()).take(batchSize);
        return InputBenchmark.bytes(form.of(windows));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
