package org.sparklstm.job.train;

import org.sparklstm.core.model.SequenceModel;

/**
 * What {@link TrainingLoop} asks of a model family that trains round by round (a network, or a network mixed with
 * a Markov chain): plan an epoch, fit part of a round, and give the model as trained so far. The loop owns the
 * schedule; an implementation owns only the model and how it is fitted. (A Markov chain alone is counted in one
 * pass by {@link ChainCounting} and recorded by {@link TrainingLoop#finishCounted}.)
 *
 * @param <P> the plan of an epoch
 */
public interface FamilyTraining<P extends Rounds> {
    /**
     * @param epoch the epoch (0-based)
     * @return the order in which it visits the training windows, cut into rounds
     */
    P plan(int epoch);

    /**
     * @param plan the epoch's plan
     * @param round the round
     * @param skip windows of the round already trained (a multiple of {@link #windowsPerIteration()})
     * @param take windows to train now
     * @return what the fit did
     */
    RoundResult fit(P plan, int round, long skip, long take);

    /**
     * Moves the learning rate along its schedule before a round.
     *
     * @param iteration iterations per worker since the run began
     * @param budgetSpent the share of the run's budget spent
     * @return the rate the next round trains with
     */
    double scheduleLearningRate(long iteration, double budgetSpent);

    /** @return windows one iteration trains over all workers (workers x batch size) */
    long windowsPerIteration();

    /** @return the model as trained so far, to evaluate and save */
    SequenceModel model();
}
