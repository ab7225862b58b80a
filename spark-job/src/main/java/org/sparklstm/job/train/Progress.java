package org.sparklstm.job.train;

/** Where a run tells the user what it is doing; {@link ProgressReporter}. */
public interface Progress {
    /**
     * Names what the run is doing now.
     *
     * @param what for example "training epoch 2 round 7/71"
     */
    void phase(String what);

    /**
     * Reports a round done.
     *
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
    void report(int epoch, int epochs, int round, int rounds, long iteration, double trainBits,
                double tokensPerSecond, double elapsedSeconds, double epochEtaSeconds, double budgetEtaSeconds);
}
