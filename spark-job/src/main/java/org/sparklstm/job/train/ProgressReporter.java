package org.sparklstm.job.train;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints a progress line after each round, at most every few seconds: epoch, iteration, training loss,
 * tokens per second, elapsed time and the time left in the epoch and in the budget.
 */
final class ProgressReporter {
    private static final Logger LOG = LoggerFactory.getLogger("org.sparklstm.progress");
    private static final long MIN_INTERVAL_NANOS = 10_000_000_000L;

    private long lastPrintNanos;

    /**
     * Prints the line if the last one is old enough (or {@code force}).
     *
     * @param force print regardless of the interval
     * @param epoch the epoch in progress (0-based)
     * @param epochs the configured epochs
     * @param round rounds done in the epoch
     * @param rounds rounds in the epoch
     * @param iteration iterations done in the run
     * @param trainBits the last training loss, bits per token
     * @param tokensPerSecond recent training speed
     * @param elapsedSeconds elapsed training time of the run
     * @param epochEtaSeconds expected seconds to the end of the epoch
     * @param budgetEtaSeconds expected seconds to the end of training
     */
    void report(boolean force, int epoch, int epochs, int round, int rounds, long iteration, double trainBits,
                double tokensPerSecond, double elapsedSeconds, double epochEtaSeconds, double budgetEtaSeconds) {
        long now = System.nanoTime();
        if (!force && now - lastPrintNanos < MIN_INTERVAL_NANOS) {
            return;
        }
        lastPrintNanos = now;
        LOG.info(String.format(Locale.ROOT,
                "epoch %d/%d round %d/%d iteration %d | loss %.3f bits/token | %,.0f tokens/s | elapsed %s"
                        + " | ETA epoch %s, training %s",
                epoch + 1, epochs, round, rounds, iteration, trainBits, tokensPerSecond,
                duration(elapsedSeconds), duration(epochEtaSeconds), duration(budgetEtaSeconds)));
    }

    /**
     * @param seconds a duration
     * @return it as {@code 1h02m03s}, {@code 2m03s} or {@code 3s}
     */
    static String duration(double seconds) {
        if (Double.isInfinite(seconds) || Double.isNaN(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, (s % 3600) / 60, s % 60);
        }
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
