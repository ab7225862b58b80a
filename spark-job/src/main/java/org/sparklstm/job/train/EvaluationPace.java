package org.sparklstm.job.train;

/**
 * When the {@link TrainingLoop} evaluates between epochs' ends: every {@code eval-every} iterations, or, with
 * {@code eval-every 0}, as often as keeps evaluations within {@code eval-share} of the wall time. The second
 * measures every evaluation (scoring, sample, report; the run's last too) and evaluates after a round
 * only when one more, at the last one's cost, keeps the time spent evaluating since training started within the
 * share. Before the first is measured, its cost is guessed from the tokens it scores at three times the training
 * speed (scoring is the forward pass alone).
 */
abstract sealed class EvaluationPace permits EvaluationPace.Every, EvaluationPace.Share {
    private long lastCostNanos = -1;

    /**
     * @param schedule the run's schedule
     * @param iteration the iteration the run starts from
     * @param nowNanos when training starts
     * @param scoredTokens the tokens an evaluation scores
     * @return its pace
     */
    static EvaluationPace of(Schedule schedule, long iteration, long nowNanos, long scoredTokens) {
        return schedule.evalEvery() > 0 ? new Every(schedule.evalEvery(), iteration)
                : new Share(schedule.evalShare(), nowNanos, scoredTokens);
    }

    /**
     * @param iteration the run's iteration after a round
     * @param nowNanos the time after it
     * @param tokensPerSecond the round's training speed
     * @return whether to evaluate now
     */
    abstract boolean due(long iteration, long nowNanos, double tokensPerSecond);

    /**
     * Records an evaluation, due or not (an epoch's end, a checkpoint's).
     *
     * @param costNanos how long it took
     */
    void evaluated(long costNanos) {
        lastCostNanos = costNanos;
    }

    /** @return how long the last evaluation took, or -1 before the first */
    final long lastCostNanos() {
        return lastCostNanos;
    }

    /**
     * @return whether a checkpoint due by {@code checkpoint-every} or by an epoch's end waits for the next
     *         evaluation instead of forcing one (so that checkpoints and short epochs do not break the evaluation's
     *         share)
     */
    abstract boolean checkpointsWaitForEvaluation();

    /** {@code eval-every N}. */
    static final class Every extends EvaluationPace {
        private final Interval interval;

        Every(int every, long iteration) {
            this.interval = new Interval(every, iteration);
        }

        @Override
        boolean due(long iteration, long nowNanos, double tokensPerSecond) {
            return interval.due(iteration);
        }


        @Override
        boolean checkpointsWaitForEvaluation() {
            return false;
        }
    }

    /** {@code eval-every 0}: within {@code eval-share} of the wall time. */
    static final class Share extends EvaluationPace {
        /** How much faster scoring a token is than training on it, about. */
        private static final double SCORING_SPEEDUP = 3;
        private final double share;
        private final long startNanos;
        private final long scoredTokens;
        private long spentNanos;

        Share(double share, long startNanos, long scoredTokens) {
            this.share = share;
            this.startNanos = startNanos;
            this.scoredTokens = scoredTokens;
        }

        @Override
        boolean due(long iteration, long nowNanos, double tokensPerSecond) {
            double guess = tokensPerSecond > 0 ? scoredTokens / (SCORING_SPEEDUP * tokensPerSecond) * 1e9 : 0;
            double cost = lastCostNanos() >= 0 ? lastCostNanos() : guess;
            return spentNanos + cost <= share * (nowNanos - startNanos + cost);
        }

        @Override
        void evaluated(long costNanos) {
            super.evaluated(costNanos);
            spentNanos += costNanos;
        }

        @Override
        boolean checkpointsWaitForEvaluation() {
            return true;
        }
    }
}
