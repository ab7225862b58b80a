package org.sparklstm.job.train;

/**
 * When the {@link TrainingLoop} evaluates between epochs' ends: every {@code eval-every} iterations, or, with
 * {@code eval-every 0}, as often as keeps evaluations within {@code eval-share} of the wall time. The second
 * measures every evaluation (scoring, sample, report; those at epochs' ends too) and evaluates after a round
 * only when one more, at the last one's cost, keeps the time spent evaluating since training started within the
 * share; the first evaluation of a call comes after its first round, to measure the cost.
 */
abstract sealed class EvaluationPace permits EvaluationPace.Every, EvaluationPace.Share {
    /**
     * @param schedule the run's schedule
     * @param iteration the iteration the run starts from
     * @param nowNanos when training starts
     * @return its pace
     */
    static EvaluationPace of(Schedule schedule, long iteration, long nowNanos) {
        return schedule.evalEvery() > 0 ? new Every(schedule.evalEvery(), iteration)
                : new Share(schedule.evalShare(), nowNanos);
    }

    /**
     * @param iteration the run's iteration after a round
     * @param nowNanos the time after it
     * @return whether to evaluate now
     */
    abstract boolean due(long iteration, long nowNanos);

    /**
     * Records an evaluation, due or not (an epoch's end, a checkpoint's).
     *
     * @param costNanos how long it took
     */
    abstract void evaluated(long costNanos);

    /**
     * @return whether a checkpoint due by {@code checkpoint-every} waits for the next evaluation instead of
     *         forcing one (so that checkpoints do not break the evaluation's share)
     */
    abstract boolean checkpointsWaitForEvaluation();

    /** {@code eval-every N}. */
    static final class Every extends EvaluationPace {
        private final Interval interval;

        Every(int every, long iteration) {
            this.interval = new Interval(every, iteration);
        }

        @Override
        boolean due(long iteration, long nowNanos) {
            return interval.due(iteration);
        }

        @Override
        void evaluated(long costNanos) {
        }

        @Override
        boolean checkpointsWaitForEvaluation() {
            return false;
        }
    }

    /** {@code eval-every 0}: within {@code eval-share} of the wall time. */
    static final class Share extends EvaluationPace {
        private final double share;
        private final long startNanos;
        private long spentNanos;
        private long lastCostNanos = -1;

        Share(double share, long startNanos) {
            this.share = share;
            this.startNanos = startNanos;
        }

        @Override
        boolean due(long iteration, long nowNanos) {
            return lastCostNanos < 0
                    || spentNanos + lastCostNanos <= share * (nowNanos - startNanos + lastCostNanos);
        }

        @Override
        void evaluated(long costNanos) {
            spentNanos += costNanos;
            lastCostNanos = costNanos;
        }

        @Override
        boolean checkpointsWaitForEvaluation() {
            return true;
        }
    }
}
