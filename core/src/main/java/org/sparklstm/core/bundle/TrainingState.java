package org.sparklstm.core.bundle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a run stands: the counters a checkpoint saves so that a resumed run counts on. A run moves from
 * {@link #START} only through the named transitions below.
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
 * @param bestValBitsPerToken the lowest validation bits per token measured so far (NaN before the first evaluation)
 * @param evaluationsSinceBest evaluations since the one that measured {@code bestValBitsPerToken} (0 at it)
 * @param budgetSpent the share of the run's budget spent, in [0, 1], as the learning-rate decay saw it: a resumed
 *                    run's decay goes on from it over the new call's budget (0 in checkpoints written before)
 */
public record TrainingState(
        @JsonProperty("epoch") int epoch,
        @JsonProperty("round_in_epoch") int roundInEpoch,
        @JsonProperty("iteration") long iteration,
        @JsonProperty("tokens_seen") long tokensSeen,
        @JsonProperty("elapsed_seconds") double elapsedSeconds,
        @JsonProperty("val_bits_per_token") double valBitsPerToken,
        @JsonProperty("windows_into_round") long windowsIntoRound,
        @JsonProperty("best_val_bits_per_token") double bestValBitsPerToken,
        @JsonProperty("evaluations_since_best") int evaluationsSinceBest,
        @JsonProperty("budget_spent") double budgetSpent) {

    /** The state of a run that has not trained yet. */
    public static final TrainingState START = new TrainingState(0, 0, 0, 0, 0, Double.NaN, 0, Double.NaN, 0, 0);

    /**
     * Reads a saved state; one saved before the best loss was kept takes its last loss as the best, one saved before
     * the budget's share was kept has spent none.
     *
     * @return the state
     */
    @JsonCreator
    static TrainingState read(@JsonProperty("epoch") int epoch, @JsonProperty("round_in_epoch") int roundInEpoch,
                              @JsonProperty("iteration") long iteration, @JsonProperty("tokens_seen") long tokensSeen,
                              @JsonProperty("elapsed_seconds") double elapsedSeconds,
                              @JsonProperty("val_bits_per_token") double valBitsPerToken,
                              @JsonProperty("windows_into_round") long windowsIntoRound,
                              @JsonProperty("best_val_bits_per_token") Double bestValBitsPerToken,
                              @JsonProperty("evaluations_since_best") int evaluationsSinceBest,
                              @JsonProperty("budget_spent") double budgetSpent) {
        return new TrainingState(epoch, roundInEpoch, iteration, tokensSeen, elapsedSeconds, valBitsPerToken,
                windowsIntoRound, bestValBitsPerToken == null ? valBitsPerToken : bestValBitsPerToken,
                evaluationsSinceBest, budgetSpent);
    }

    /**
     * @param bits the validation bits per token just measured
     * @return this state with that loss, the best so far and the evaluations since it counted
     */
    public TrainingState withValidation(double bits) {
        boolean better = Double.isFinite(bits) && !(bits >= bestValBitsPerToken);
        return new TrainingState(epoch, roundInEpoch, iteration, tokensSeen, elapsedSeconds, bits, windowsIntoRound,
                better ? bits : bestValBitsPerToken, better ? 0 : evaluationsSinceBest + 1, budgetSpent);
    }

    /** @return whether the last evaluation measured the lowest validation loss so far */
    public boolean atBest() {
        return evaluationsSinceBest == 0 && Double.isFinite(valBitsPerToken) && valBitsPerToken == bestValBitsPerToken;
    }

    /**
     * @param iterations iterations the round took
     * @param tokens training tokens it read
     * @param elapsed the run's training seconds after it
     * @param spent the share of the budget spent when it began
     * @return the state after training the rest of round {@code roundInEpoch}
     */
    public TrainingState roundDone(long iterations, long tokens, double elapsed, double spent) {
        return new TrainingState(epoch, roundInEpoch + 1, iteration + iterations, tokensSeen + tokens, elapsed,
                valBitsPerToken, 0, bestValBitsPerToken, evaluationsSinceBest, spent);
    }

    /**
     * @param iterations iterations trained
     * @param tokens training tokens read
     * @param elapsed the run's training seconds after them
     * @param windows windows of the round trained now (the iteration budget ended inside it)
     * @param spent the share of the budget spent when they began
     * @return the state inside round {@code roundInEpoch}, {@code windows} further into it
     */
    public TrainingState roundCut(long iterations, long tokens, double elapsed, long windows, double spent) {
        return new TrainingState(epoch, roundInEpoch, iteration + iterations, tokensSeen + tokens, elapsed,
                valBitsPerToken, windowsIntoRound + windows, bestValBitsPerToken, evaluationsSinceBest, spent);
    }

    /** @return the state at the start of the next epoch */
    public TrainingState nextEpoch() {
        return new TrainingState(epoch + 1, 0, iteration, tokensSeen, elapsedSeconds, valBitsPerToken, 0,
                bestValBitsPerToken, evaluationsSinceBest, budgetSpent);
    }

    /**
     * @param epochs the configured epochs
     * @return the state of a run with nothing left to train (a Markov chain once counted)
     */
    public TrainingState finished(int epochs) {
        return new TrainingState(epochs, 0, iteration, tokensSeen, elapsedSeconds, valBitsPerToken, 0,
                bestValBitsPerToken, evaluationsSinceBest, 1);
    }

    /**
     * @param tokens training tokens counted so far
     * @param elapsed seconds spent counting them
     * @return the state of a chain counted on that many tokens
     */
    public TrainingState counted(long tokens, double elapsed) {
        return new TrainingState(epoch, roundInEpoch, iteration, tokens, elapsed, valBitsPerToken, windowsIntoRound,
                bestValBitsPerToken, evaluationsSinceBest, budgetSpent);
    }
}
