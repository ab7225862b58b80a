package org.sparklstm.job.train;

import org.sparklstm.core.config.Engine;
import org.sparklstm.core.config.ModelKeys;
import org.sparklstm.core.config.Repartition;
import org.sparklstm.core.config.SparkKeys;
import org.sparklstm.core.config.TrainingApproach;
import org.sparklstm.core.config.TrainingConfig;

/**
 * The keys of training on Spark, what a {@link RoundFitter} receives.
 *
 * @param engine Spark's parameter averaging, or one JVM
 * @param workers W, resolved (never 0)
 * @param batchSize windows per minibatch on each worker
 * @param averagingFrequency minibatches each worker fits between two averagings
 * @param prefetch minibatches each worker builds ahead
 * @param repartition whether DL4J repartitions each round's minibatches
 * @param approach how minibatches reach DL4J's workers
 */
public record SparkTraining(Engine engine, int workers, int batchSize, int averagingFrequency, int prefetch,
                            Repartition repartition, TrainingApproach approach) {
    /**
     * @param config a run's configuration
     * @param workers W, resolved ({@code workers}, or Spark's default parallelism when it is 0)
     * @return its Spark training keys
     */
    public static SparkTraining of(TrainingConfig config, int workers) {
        return new SparkTraining(config.get(SparkKeys.ENGINE), workers, config.get(ModelKeys.BATCH_SIZE),
                config.get(SparkKeys.AVERAGING_FREQUENCY), config.get(SparkKeys.PREFETCH),
                config.get(SparkKeys.REPARTITION), config.get(SparkKeys.TRAINING_APPROACH));
    }
}
