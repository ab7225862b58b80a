package org.sparklstm.job.train;

import org.sparklstm.core.bundle.TrainingState;

/**
 * When the {@link TrainingLoop} evaluates between epochs' ends: every {@code eval-every} iterations, or, with
 * {@code eval-every 0}, as often as keeps evaluations within {@code eval-share} of the wall time, and at least
 * {@code min-evaluations} times over the run. The second measures every evaluation (scoring, sample, report; the
 * run's last too) and evaluates after a round when one more, at the last one's cost, keeps the time spent
 * evaluating since training started within the share, or when one more round like the last would take the run
 * further than a {@code min-evaluations}-th of its budget past the last evaluation. Before the first is measured, its cost is guessed from the tokens it scores at
 * three times the training speed (scoring is the forward pass alone).
 */
abstract sealed class EvaluationPace permits EvaluationPace.Every, EvaluationPace.Share {
    private long lastCostNanos = -1;
    private double lastSpent;

    /**
     * @param schedule the run's schedule
     * @param start where the run starts from
     * @param nowNanos when training starts
     * @param scoredTokens the tokens an evaluation scores
     * @return its pace
     */
    static EvaluationPace of(Schedule schedule, TrainingState start, long nowNanos, long scoredTokens) {
        EvaluationPace pace = schedule.evalEvery() > 0 ? new Every(schedule.evalEvery(), start.iteration())
                : new Share(schedule.evalShare(), schedule.minEvaluations(), nowNanos, scoredTokens);
        pace.lastSpent = start.budgetSpent();
        return pace;
    }

    /**
     * @param iteration the run's iteration after a round
     * @param nowNanos the time after it
     * @param tokensPerSecond the round's training speed
     * @param spent the share of the run's budget spent, in [0, 1]
     * @return whether to evaluate now
     */
    abstract boolean due(long iteration, long nowNanos, double tokensPerSecond, double spent);

    /**
     * Records an evaluation, due or not (an epoch's end, a checkpoint's).
     *
     * @param costNanos how long it took
     * @param spent the share of the run's budget spent when it was made
     */
    void evaluated(long costNanos, double spent) {
        lastCostNanos = costNanos;
        lastSpent = spent;
    }

    /** @return the share of the run's budget spent at the last evaluation (where the run started, before one) */
    final double lastSpent() {
        return lastSpent;
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
        boolean due(long iteration, long nowNanos, double tokensPerSecond, double spent) {
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
        private final int minEvaluations;
        private final long startNanos;
        private final long scoredTokens;
        private long spentNanos;
        /** The share of the budget spent when {@link #due} was last asked: the round since is the next's measure. */
        private double previousSpent = -1;

        Share(double share, int minEvaluations, long startNanos, long scoredTokens) {
            this.share = share;
            this.minEvaluations = minEvaluations;
            this.startNanos = startNanos;
            this.scoredTokens = scoredTokens;
        }

        @Override
        boolean due(long iteration, long nowNanos, double tokensPerSecond, double spent) {
            double guess = tokensPerSecond > 0 ? scoredTokens / (SCORING_SPEEDUP * tokensPerSecond) * 1e9 : 0;
            double cost = lastCostNanos() >= 0 ? lastCostNanos() : guess;
            double round = Math.max(0, spent - (previousSpent < 0 ? lastSpent() : previousSpent));
            previousSpent = spent;
            return spentNanos + cost <= share * (nowNanos - startNanos + cost)
                    || minEvaluations > 0 && spent - lastSpent() + round > 1.0 / minEvaluations + 1e-9;
        }

        @Override
        void evaluated(long costNanos, double spent) {
            super.evaluated(costNanos, spent);
            spentNanos += costNanos;
        }

        @Override
        boolean checkpointsWaitForEvaluation() {
            return true;
        }
    }
}
