package org.sparklstm.job.train;

import org.sparklstm.core.model.mixture.MixtureModel;
import org.sparklstm.core.model.markov.KneserNeyModel;

/**
 * A mixture's training: the network trains as alone, beside a Markov chain counted before; each evaluation fits
 * the weight that interpolates them.
 */
final class MixtureTraining implements FamilyTraining<EpochPlan> {
    private final NetworkTraining network;
    private final KneserNeyModel chain;
    private final double weight;

    /**
     * @param network the network's training
     * @param chain the counted chain
     * @param weight the weight to start from (the evaluations refit it)
     */
    MixtureTraining(NetworkTraining network, KneserNeyModel chain, double weight) {
        this.network = network;
        this.chain = chain;
        this.weight = weight;
    }

    @Override
    public EpochPlan plan(int epoch) {
        return network.plan(epoch);
    }

    @Override
    public RoundResult fit(EpochPlan plan, int round, long skip, long take) {
        return network.fit(plan, round, skip, take);
    }

    @Override
    public double scheduleLearningRate(long iteration, double budgetSpent) {
        return network.scheduleLearningRate(iteration, budgetSpent);
    }

    @Override
    public long windowsPerIteration() {
        return network.windowsPerIteration();
    }

    @Override
    public MixtureModel model() {
        return new MixtureModel(network.model(), chain, weight);
    }
}
