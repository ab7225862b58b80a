package org.sparklstm.job.train;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.core.config.RunKeys;

/**
 * Prints progress: a line after each round (at most one per 10 s) with epoch, iteration, training loss,
 * tokens per second, elapsed time and the time left in the epoch and in the budget; and, while one long round
 * or evaluation runs, a heartbeat line so that no 30 s pass without one.
 */
final class ProgressReporter implements Progress, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("org.sparklstm.progress");
    private static final long MIN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(25);

    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private volatile long lastPrintNanos = System.nanoTime();
    private volatile String phase = "starting";
    private volatile long phaseStartNanos = System.nanoTime();
    private final Consumer<String> onPhase;

    /** @param onPhase also told each phase (to name Spark's jobs after it) */
    ProgressReporter(Consumer<String> onPhase) {
        this.onPhase = onPhase;
        heartbeat.scheduleWithFixedDelay(this::beat, 5, 5, TimeUnit.SECONDS);
    }

    @Override
    public void phase(String what) {
        phase = what;
        phaseStartNanos = System.nanoTime();
        onPhase.accept(what);
    }

    private void beat() {
        long now = System.nanoTime();
        if (now - lastPrintNanos >= HEARTBEAT_NANOS) {
            print("still working: " + phase + " for " + duration((now - phaseStartNanos) / 1e9));
        }
    }

    /** Prints the line if the last one is old enough. */
    @Override
    public void report(int epoch, int epochs, int round, int rounds, long iteration, double trainBits,
                double tokensPerSecond, double elapsedSeconds, double epochEtaSeconds, double budgetEtaSeconds) {
        if (System.nanoTime() - lastPrintNanos < MIN_INTERVAL_NANOS) {
            return;
        }
        print(String.format(Locale.ROOT,
                "epoch %d%s round %d/%d iteration %d | loss %.3f bits/token | %,.0f tokens/s | elapsed %s"
                        + " | ETA epoch %s, training %s",
                epoch + 1, epochs == RunKeys.UNBOUNDED_EPOCHS ? "" : "/" + epochs, round, rounds, iteration,
                trainBits, tokensPerSecond, duration(elapsedSeconds), duration(epochEtaSeconds),
                duration(budgetEtaSeconds)));
    }

    private void print(String line) {
        lastPrintNanos = System.nanoTime();
        LOG.info(line);
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
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
