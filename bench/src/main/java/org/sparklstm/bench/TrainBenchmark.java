package org.sparklstm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.stats.CommonSparkTrainingStats;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingWorkerStats;
import org.deeplearning4j.spark.stats.EventStats;
import org.sparklstm.core.config.SparkKeys;
import org.sparklstm.core.config.ModelKeys;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.model.network.NetworkFactory;
import org.sparklstm.core.model.network.NetworkSpec;
import org.sparklstm.core.model.network.TrainingCost;
import org.sparklstm.job.cli.RuntimeSettings;
import org.sparklstm.job.train.EpochPlan;
import org.sparklstm.job.train.RoundFitter;
import org.sparklstm.job.train.SparkRoundFitter;
import org.sparklstm.job.train.SparkTraining;
import org.sparklstm.job.train.SplitWindows;
import org.sparklstm.job.train.TrainingData;

/**
 * One measurement of the training benchmark, in its own JVM: the training throughput of one engine on the same
 * minibatches as every other measurement (epoch 0 of the configured model on the corpus), printed as one JSON line for {@code bench.sh}.
 * Usage: {@code TrainBenchmark ENGINE MASTER WARMUP_ROUNDS TIMED_ROUNDS CORPUS [key=value...]}; for
 * {@code single}, a round is as many minibatches as a Spark round of the same master. {@code TrainBenchmark sgemm}
 * measures only sgemm, with the JVM's {@code OMP_NUM_THREADS}.
 */
public final class TrainBenchmark {
    private static final int SGEMM_SIZE = 2048;
    private static final int SGEMM_REPEATS = 5;

    private TrainBenchmark() {
    }

    /**
     * @param args engine, master, warm-up rounds, timed rounds, corpus, configuration overrides
     * @throws Exception if the corpus cannot be read
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && "sgemm".equals(args[0])) {
            System.out.println(new ObjectMapper().createObjectNode().put("engine", "sgemm")
                    .put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", ""))
                    .put("sgemm_gflops", TrainingCost.sgemmFlops(SGEMM_SIZE, SGEMM_REPEATS) / 1e9));
            return;
        }
        if (args.length < 5) {
            System.err.println("usage: TrainBenchmark spark|single MASTER WARMUP_ROUNDS TIMED_ROUNDS CORPUS [key=value...]");
            System.exit(2);
        }
        String engine = args[0];
        int warmup = Integer.parseInt(args[2]);
        int timed = Integer.parseInt(args[3]);
        Map<String, String> overrides = Overrides.parse(args, 5);
        overrides.put(SparkKeys.ENGINE.name(), engine);
        TrainingConfig config = TrainingConfig.defaults().with(overrides, "benchmark");
        RuntimeSettings.useSystemClockForTrainingStats();
        SparkConf conf = RuntimeSettings.sparkConf("train-benchmark").setMaster(args[1]).set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            TrainingData data = TrainingData.read(sc, List.of(args[4]), List.of(), config, null);
            SplitWindows split = data.windows();
            int vocab = data.codec().vocabularySize();
            MultiLayerNetwork network = NetworkFactory.create(NetworkSpec.of(config), vocab);
            int parallelism = sc.defaultParallelism();
            RoundFitter fitter = RoundFitter.of(sc, network, SparkTraining.of(config, parallelism), "/tmp/unused", true);
            EpochPlan plan = EpochPlan.of(split, config.seed(), 0, fitter.workers(), config.batchSize(),
                    fitter.minibatchesPerRound(), data.cache());
            if (warmup + timed > plan.rounds()) {
                throw new IllegalArgumentException("the corpus has only " + plan.rounds() + " rounds");
            }
            List<Double> seconds = new ArrayList<>();
            long tokens = 0;
            long timedFromMillis = 0;
            for (int round = 0; round < warmup + timed; round++) {
                if (round == warmup) {
                    timedFromMillis = System.currentTimeMillis();
                }
                long t0 = System.nanoTime();
                fitter.fit(plan, round, 0, plan.windowsInRound(round));
                double s = (System.nanoTime() - t0) / 1e9;
                if (round >= warmup) {
                    seconds.add(s);
                    tokens = plan.windowsInRound(round) * config.sequenceLength();
                }
            }
            double roundSeconds = Medians.of(seconds);
            double tokensPerSecond = tokens / roundSeconds;
            double flopsPerToken = TrainingCost.flopsPerToken(network.getLayerWiseConfigurations());
            ObjectNode out = new ObjectMapper().createObjectNode()
                    .put("engine", engine).put("master", args[1])
                    .put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", ""))
                    .put("model", config.networkKind().key())
                    .put("lstm_kernel", ModelKeys.LSTM_KERNEL.format(config.get(ModelKeys.LSTM_KERNEL)))
                    .put("layers", config.layers())
                    .put("hidden_size", config.hiddenSize()).put("batch_size", config.batchSize())
                    .put("sequence_length", config.sequenceLength())
                    .put("vocabulary", vocab).put("parameters", network.numParams())
                    .put("minibatches_per_round", (long) fitter.minibatchesPerRound() * fitter.workers())
                    .put("round_seconds_median", roundSeconds)
                    .put("tokens_per_second", tokensPerSecond)
                    .put("training_flops_per_token", flopsPerToken)
                    .put("model_gflops", tokensPerSecond * flopsPerToken / 1e9)
                    .put("final_train_loss_bits", fitter.score() / config.sequenceLength() / Math.log(2));
            out.putPOJO("round_seconds", seconds);
            if (fitter instanceof SparkRoundFitter spark) {
                double fitMillis = workerFitMillis(spark.trainingStats(), timedFromMillis);
                double wallMillis = seconds.stream().mapToDouble(Double::doubleValue).sum() * 1000;
                out.put("worker_fit_share_of_round", fitMillis / (fitter.workers() * wallMillis));
                out.set("round_breakdown_ms", breakdown(spark.trainingStats(), timedFromMillis, timed));
                long from = timedFromMillis;
                out.putPOJO("worker_task_ms", spark.trainingStats().getValue(
                        CommonSparkTrainingStats.WORKER_FLAT_MAP_TOTAL_TIME_MS).stream()
                        .filter(e -> e.getStartTime() >= from).map(EventStats::getDurationMs).toList());
            }
            System.out.println(out);
        }
    }

    /**
     * @param stats DL4J's Spark training stats
     * @param fromMillis only events that started at or after this time
     * @return the workers' summed time in {@code fit}, in milliseconds
     */
    private static double workerFitMillis(SparkTrainingStats stats, long fromMillis) {
        String key = ParameterAveragingTrainingWorkerStats.PARAMETER_AVERAGING_WORKER_FIT_TIMES_MS;
        if (stats == null || !stats.getKeySet().contains(key)) {
            return Double.NaN;
        }
        return stats.getValue(key).stream().filter(e -> e.getStartTime() >= fromMillis)
                .mapToLong(EventStats::getDurationMs).sum();
    }

    /**
     * @param stats DL4J's Spark training stats
     * @param fromMillis only events that started at or after this time
     * @param rounds the rounds those events cover
     * @return per kind of event DL4J times (the master's broadcast, aggregation and fit, the workers' model
     *     initialisation, minibatch reads and fits), its milliseconds per round, summed over the workers
     */
    private static ObjectNode breakdown(SparkTrainingStats stats, long fromMillis, int rounds) {
        ObjectNode out = new ObjectMapper().createObjectNode();
        for (SparkTrainingStats level = stats; level != null; level = level.getNestedTrainingStats()) {
            for (String key : level.getKeySet()) {
                double millis = level.getValue(key).stream().filter(e -> e.getStartTime() >= fromMillis)
                        .mapToLong(EventStats::getDurationMs).sum();
                out.put(key, millis / rounds);
            }
        }
        return out;
    }
}
