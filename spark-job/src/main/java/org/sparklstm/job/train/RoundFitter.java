package org.sparklstm.job.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Fits the network on one round of an {@link EpochPlan}: on Spark with parameter averaging
 * ({@link SparkRoundFitter}), or in this JVM with plain DL4J on the same minibatches ({@link SingleJvmRoundFitter}).
 */
public interface RoundFitter {
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
