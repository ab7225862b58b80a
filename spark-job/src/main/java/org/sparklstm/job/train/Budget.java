package org.sparklstm.job.train;

import java.util.Locale;
import java.util.function.LongSupplier;
import org.sparklstm.core.bundle.TrainingState;

/**
 * When training must stop: the epoch count, the run's total iterations, this invocation's wall-clock minutes and
 * the patience of early stopping, whichever comes first; and how much of it is spent. The clock starts when the
 * command starts, so a user's {@code --max-minutes} bounds the whole command, final evaluation and checkpoint
 * included.
 */
final class Budget {
    private final int epochs;
    private final long maxIterations;
    private final int patience;
    private final long startNanos;
    private final long deadlineNanos;
    private final LongSupplier clock;

    /**
     * @param schedule the run's epochs and budgets
     * @param startNanos when the command started, on {@code clock}
     * @param clock a monotonic clock in nanoseconds ({@link System#nanoTime()} but in tests)
     */
    Budget(Schedule schedule, long startNanos, LongSupplier clock) {
        this.clock = clock;
        this.epochs = schedule.epochs();
        this.maxIterations = schedule.maxIterations();
        this.patience = schedule.patience();
        this.startNanos = startNanos;
        double minutes = schedule.maxMinutes();
        this.deadlineNanos = minutes > 0 ? startNanos + (long) (minutes * 60e9) : Long.MAX_VALUE;
    }

    /** @return now, on the budget's clock (nanoseconds) */
    long now() {
        return clock.getAsLong();
    }

    /** @return seconds since the command started */
    double secondsSinceStart() {
        return (clock.getAsLong() - startNanos) / 1e9;
    }

    /** @return the configured number of epochs */
    int epochs() {
        return epochs;
    }

    /**
     * @param iteration iterations done so far in the run
     * @return why training must stop before another round, or null to go on
     */
    String iterationsSpent(long iteration) {
        return maxIterations > 0 && iteration >= maxIterations ? "max-iterations reached (" + maxIterations + ")"
                : null;
    }

    /**
     * @param state where the run stands
     * @return why training must stop before another round because validation stopped improving, or null to go on
     */
    String patienceSpent(TrainingState state) {
        return patience > 0 && state.evaluationsSinceBest() >= patience ? String.format(Locale.ROOT,
                "early stopping: %d evaluations without a lower validation loss than %.4f (patience %d)",
                state.evaluationsSinceBest(), state.bestValBitsPerToken(), patience) : null;
    }

    /**
     * @param iteration iterations done so far in the run
     * @return how many more iterations the budget allows ({@link Long#MAX_VALUE} when it sets none)
     */
    long iterationsLeft(long iteration) {
        return maxIterations > 0 ? Math.max(0, maxIterations - iteration) : Long.MAX_VALUE;
    }

    /**
     * @param nextWorkNanos how long the next round plus the final evaluation and checkpoint are expected to take
     * @return why training must stop before another round, or null to go on
     */
    String timeSpent(long nextWorkNanos) {
        return deadlineNanos != Long.MAX_VALUE && clock.getAsLong() + nextWorkNanos > deadlineNanos
                ? "max-minutes budget spent" : null;
    }

    /**
     * The share of the budget spent, which the learning rate's decay follows: the furthest of the epochs, the
     * run's iterations and this call's minutes (which spread what the calls before left over this call's budget),
     * and never less than the calls before spent.
     *
     * @param state where the run stands
     * @param rounds rounds in the epoch in progress
     * @param spentBefore the share the calls before spent
     * @param reservedNanos time kept back at the end of the budget (for the final checkpoint)
     * @return the share, in [0, 1]
     */
    double spent(TrainingState state, int rounds, double spentBefore, long reservedNanos) {
        double spent = (state.epoch() + state.roundInEpoch() / (double) Math.max(1, rounds)) / epochs;
        if (maxIterations > 0) {
            spent = Math.max(spent, state.iteration() / (double) maxIterations);
        }
        if (deadlineNanos != Long.MAX_VALUE) {
            double usable = Math.max(1, deadlineNanos - startNanos - reservedNanos);
            spent = Math.max(spent, spentBefore + (1 - spentBefore) * (clock.getAsLong() - startNanos) / usable);
        }
        return Math.min(1, Math.max(spentBefore, spent));
    }

    /** @return seconds left before the deadline (infinite when there is none) */
    double secondsLeft() {
        return deadlineNanos == Long.MAX_VALUE ? Double.POSITIVE_INFINITY
                : Math.max(0, (deadlineNanos - clock.getAsLong()) / 1e9);
    }
}
