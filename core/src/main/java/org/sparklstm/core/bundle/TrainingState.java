package org.sparklstm.core.bundle;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a run stands: the counters a checkpoint saves so that a resumed run counts on.
 *
 * @param epoch the epoch in progress (0-based); equals the configured epochs when training has finished
 * @param roundInEpoch parameter-averaging rounds already done in {@code epoch}
 * @param iteration minibatch steps per worker since the run began
 * @param tokensSeen training tokens read since the run began
 * @param elapsedSeconds training wall-clock seconds since the run began
 * @param valBitsPerToken the last validation bits per token (NaN before the first evaluation)
 * @param windowsIntoRound training windows of round {@code roundInEpoch} already trained: more than 0 only when
 *                         {@code max-iterations} stopped the run inside a round, so that a resume trains exactly
 *                         the rest of it (0 in checkpoints written before this field)
 */
public record TrainingState(
        @JsonProperty("epoch") int epoch,
        @JsonProperty("round_in_epoch") int roundInEpoch,
        @JsonProperty("iteration") long iteration,
        @JsonProperty("tokens_seen") long tokensSeen,
        @JsonProperty("elapsed_seconds") double elapsedSeconds,
        @JsonProperty("val_bits_per_token") double valBitsPerToken,
        @JsonProperty("windows_into_round") long windowsIntoRound) {

    /** The state of a run that has not trained yet. */
    public static final TrainingState START = new TrainingState(0, 0, 0, 0, 0, Double.NaN, 0);

    /**
     * A state at a round's start.
     *
     * @param epoch the epoch in progress
     * @param roundInEpoch rounds done in it
     * @param iteration minibatch steps per worker since the run began
     * @param tokensSeen training tokens read since the run began
     * @param elapsedSeconds training seconds since the run began
     * @param valBitsPerToken the last validation bits per token
     */
    public TrainingState(int epoch, int roundInEpoch, long iteration, long tokensSeen, double elapsedSeconds,
                         double valBitsPerToken) {
        this(epoch, roundInEpoch, iteration, tokensSeen, elapsedSeconds, valBitsPerToken, 0);
    }

    /**
     * @param bits the validation bits per token just measured
     * @return this state with that loss
     */
    public TrainingState withValidation(double bits) {
        return new TrainingState(epoch, roundInEpoch, iteration, tokensSeen, elapsedSeconds, bits, windowsIntoRound);
    }
}
