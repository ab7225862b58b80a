package org.sparklstm.job.train;

/** One epoch cut into rounds, as {@link TrainingLoop} walks it. */
public interface Rounds {
    /** @return the number of rounds in the epoch */
    int rounds();

    /**
     * @param round the round, in [0, rounds())
     * @return the number of windows the round trains on
     */
    long windowsInRound(int round);

    /** Frees what the plan holds (cached data). */
    void release();
}
