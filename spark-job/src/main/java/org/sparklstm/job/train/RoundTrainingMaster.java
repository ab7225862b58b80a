package org.sparklstm.job.train;

import java.lang.reflect.Field;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaRDDLike;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.nd4j.linalg.dataset.DataSet;

/**
 * DL4J's parameter-averaging master, for RDDs that each hold one round: at most {@code workers x
 * averaging-frequency} minibatches, so one averaging split. DL4J counts every RDD it is given before splitting it, a
 * Spark job that built the round's minibatches a second time only to count them (a sixth of a round once the fused
 * LSTM kernel made {@code fit} fast); this master knows the count without a job. Built without a storage level, it
 * does not cache the round either, since the round is read once.
 *
 * <p>DL4J broadcasts the parameters and updater state to the workers for each split and never releases the
 * broadcast: every round left a copy (40 MB for a 2 x 512 LSTM with Adam) on the driver and on each executor until
 * a garbage collection on the driver let Spark's cleaner find it, spilling to disk in between. This master destroys
 * each split's broadcast once the split is averaged.
 */
final class RoundTrainingMaster extends ParameterAveragingTrainingMaster {
    private static final Field WORKER_BROADCAST = workerBroadcastField();

    private Broadcast<?> splitBroadcast;

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

    @Override
    public ParameterAveragingTrainingWorker getWorkerInstance(SparkDl4jMultiLayer network) {
        ParameterAveragingTrainingWorker worker = super.getWorkerInstance(network);
        try {
            splitBroadcast = (Broadcast<?>) WORKER_BROADCAST.get(worker);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read DL4J's parameter broadcast", e);
        }
        return worker;
    }

    @Override
    protected void doIteration(SparkDl4jMultiLayer network, JavaRDD<DataSet> split, int splitNum, int numSplits) {
        try {
            super.doIteration(network, split, splitNum, numSplits);
        } finally {
            if (splitBroadcast != null) {
                splitBroadcast.destroy();
                splitBroadcast = null;
            }
        }
    }

    private static Field workerBroadcastField() {
        try {
            Field field = ParameterAveragingTrainingWorker.class.getDeclaredField("broadcast");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("this DL4J version's parameter-averaging worker has no broadcast field", e);
        }
    }
}
