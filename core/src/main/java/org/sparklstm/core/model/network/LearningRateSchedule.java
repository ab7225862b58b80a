package org.sparklstm.core.model.network;

import org.sparklstm.core.config.LearningRateDecay;

/**
 * Adam's learning rate at each point of a run: the base rate, raised linearly over the first
 * {@code warmupIterations}, halved every {@code halfLife} iterations, and lowered on half a cosine over the run's
 * budget. The driver sets it on the network before each round, so that a schedule over a time budget follows
 * the budget as it is spent.
 *
 * @param base the base rate ({@code learning-rate})
 * @param warmupIterations iterations of linear warm-up (0: none)
 * @param halfLife iterations over which the rate halves (0: never)
 * @param decay the decay over the budget
 * @param floor the share of the rate a cosine decay ends at
 */
public record LearningRateSchedule(double base, int warmupIterations, int halfLife, LearningRateDecay decay,
                                   double floor) {

    /**
     * @param iteration iterations per worker since the run (or the retraining generation) began
     * @param progress the share of the run's budget spent, in [0, 1]
     * @return the learning rate for the next round
     */
    public double at(long iteration, double progress) {
        double rate = base;
        if (iteration < warmupIterations) {
            rate *= (iteration + 1.0) / (warmupIterations + 1.0);
        }
        if (halfLife > 0) {
            rate *= Math.pow(0.5, iteration / (double) halfLife);
        }
        if (decay == LearningRateDecay.COSINE) {
            double p = Math.max(0, Math.min(1, progress));
            rate *= floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * p));
        }
        return rate;
    }
}
