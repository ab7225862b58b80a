package org.sparklstm.job.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sparklstm.core.config.Engine;

/**
 * Fits the network on one round of an {@link EpochPlan}: on Spark with parameter averaging
 * ({@link SparkRoundFitter}), or in this JVM with plain DL4J on the same minibatches ({@link SingleJvmRoundFitter}).
 */
public interface RoundFitter {
    /**
     * The fitter {@code engine} asks for: {@code single} trains in this JVM, on minibatches dealt as to
     * {@code workers} workers; {@code spark} averages over them.
     *
     * @param sc the Spark context
     * @param network the network to train
     * @param spark engine, workers, batch size, averaging frequency, prefetch, repartition, training approach
     * @param exportDirectory where the export approach writes minibatches
     * @param collectStats whether to collect DL4J's training stats (Spark engine)
     * @return the fitter
     */
    static RoundFitter of(JavaSparkContext sc, MultiLayerNetwork network, SparkTraining spark,
                          String exportDirectory, boolean collectStats) {
        return spark.engine() == Engine.SINGLE
                ? new SingleJvmRoundFitter(network, spark.workers() * spark.averagingFrequency())
                : new SparkRoundFitter(sc, network, spark, exportDirectory, collectStats);
    }

    /** @return the workers the plan deals minibatches to */
    int workers();

    /** @return minibatches per worker per round */
    int minibatchesPerRound();

    /**
     * @param plan the epoch's plan, made for {@link #workers()} and {@link #minibatchesPerRound()}
     * @param round the round
     * @param skip windows of the round already trained (a multiple of workers x batch size)
     * @param take windows to train now (all the rest of the round, unless the iteration budget ends inside it)
     */
    void fit(EpochPlan plan, int round, long skip, long take);

    /** @return the loss of the last round, as DL4J scores a minibatch (nats summed over a window's steps) */
    double score();

    /** @return the network as trained so far */
    MultiLayerNetwork network();

    /** @return how training is spread, for the log */
    String describe();
}
