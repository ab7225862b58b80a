package org.sparklstm.job.train;

import org.apache.spark.api.java.JavaRDDLike;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;

/**
 * DL4J's parameter-averaging master, for RDDs that each hold one round: at most {@code workers x
 * averaging-frequency} minibatches, so one averaging split. DL4J counts every RDD it is given before splitting it, a
 * Spark job that built the round's minibatches a second time only to count them (a sixth of a round once the fused
 * LSTM kernel made {@code fit} fast); this master knows the count without a job. Built without a storage level, it
 * does not cache the round either, since the round is read once.
 */
final class RoundTrainingMaster extends ParameterAveragingTrainingMaster {
    /**
     * @param builder DL4J's builder, with the number of workers set and no storage level
     */
    RoundTrainingMaster(Builder builder) {
        super(builder);
    }

    @Override
    protected <T, R extends JavaRDDLike<T, R>> long getTotalDataSetObjectCount(JavaRDDLike<T, R> round) {
        return (long) numWorkers * averagingFrequency;
    }
}
