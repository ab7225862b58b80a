package org.sparklstm.job.train;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparklstm.core.model.network.TrainingCost;

/**
 * The float matrix-product rate of the cluster's training slots: one Spark task per worker, all at once (as they
 * train), each timing products of {@value #SIZE} x {@value #SIZE} matrices on its executor; the rates summed.
 */
final class ClusterRate {
    /** The side of the matrices multiplied. */
    static final int SIZE = 1024;
    private static final int REPEATS = 15;

    private ClusterRate() {
    }

    /**
     * @param sc the Spark context
     * @param workers the training's workers
     * @return FLOP/s over all workers
     */
    static double measure(JavaSparkContext sc, int workers) {
        List<Double> rates = sc.parallelize(IntStream.range(0, workers).boxed().toList(), workers)
                .map(i -> TrainingCost.sgemmFlops(SIZE, REPEATS)).collect();
        return rates.stream().mapToDouble(Double::doubleValue).sum();
    }
}
