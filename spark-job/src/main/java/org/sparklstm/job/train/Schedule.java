package org.sparklstm.job.train;

import org.sparklstm.core.config.RunKeys;
import org.sparklstm.core.config.TrainingConfig;

/**
 * The keys of a run's schedule, what the {@link TrainingLoop} and its {@link Budget} receive.
 *
 * @param epochs passes over the training windows
 * @param maxIterations the run's iteration budget (0: none)
 * @param maxMinutes this call's wall-clock budget (0: none)
 * @param evalEvery evaluate every this many iterations (and at each epoch's end); 0: paced by {@code evalShare}
 * @param evalShare with {@code evalEvery} 0, the share of the wall time evaluations may take
 * @param minEvaluations with {@code evalEvery} 0, the fewest evaluations over the run, evenly over its budget
 * @param checkpointEvery checkpoint every this many iterations (0: only at epochs' ends and the budget's)
 * @param patience stop after this many evaluations in a row without a new lowest validation loss (0: never)
 */
public record Schedule(int epochs, long maxIterations, double maxMinutes, int evalEvery, double evalShare,
                       int minEvaluations, int checkpointEvery, int patience) {
    /**
     * @param config a run's configuration
     * @return its schedule
     */
    public static Schedule of(TrainingConfig config) {
        return new Schedule(config.get(RunKeys.EPOCHS), config.get(RunKeys.MAX_ITERATIONS),
                config.get(RunKeys.MAX_MINUTES), config.get(RunKeys.EVAL_EVERY), config.get(RunKeys.EVAL_SHARE),
                config.get(RunKeys.MIN_EVALUATIONS), config.get(RunKeys.CHECKPOINT_EVERY), config.get(RunKeys.PATIENCE));
    }
}
