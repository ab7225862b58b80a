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
 */
public record TrainingState(
        @JsonProperty("epoch") int epoch,
        @JsonProperty("round_in_epoch") int roundInEpoch,
        @JsonProperty("iteration") long iteration,
        @JsonProperty("tokens_seen") long tokensSeen,
        @JsonProperty("elapsed_seconds") double elapsedSeconds,
        @JsonProperty("val_bits_per_token") double valBitsPerToken) {

    /** The state of a run that has not trained yet. */
    public static final TrainingState START = new TrainingState(0, 0, 0, 0, 0, Double.NaN);
}
