package org.sparklstm.job.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sparklstm.core.family.NetworkKind;
import org.sparklstm.core.model.network.LearningRateSchedule;
import org.sparklstm.core.model.network.NeuralModel;

/**
 * A network's training: each epoch planned over the training windows, each round fitted by a {@link RoundFitter}
 * (parameter averaging on Spark, or plain DL4J in this JVM).
 */
final class NetworkTraining implements FamilyTraining<EpochPlan> {
    private final RoundFitter fitter;
    private final TrainingData data;
    private final NetworkKind kind;
    private final long seed;
    private final int batchSize;
    private final int sequenceLength;
    private final LearningRateSchedule learningRate;

    /**
     * @param fitter fits the rounds
     * @param data the training windows and where to cache the plans
     * @param kind the network's kind
     * @param seed the run's seed (with the epoch, it decides the data order)
     * @param batchSize windows per minibatch
     * @param sequenceLength tokens per window
     * @param learningRate the learning rate's schedule
     */
    NetworkTraining(RoundFitter fitter, TrainingData data, NetworkKind kind, long seed, int batchSize,
                    int sequenceLength, LearningRateSchedule learningRate) {
        this.fitter = fitter;
        this.data = data;
        this.kind = kind;
        this.seed = seed;
        this.batchSize = batchSize;
        this.sequenceLength = sequenceLength;
        this.learningRate = learningRate;
    }

    @Override
    public EpochPlan plan(int epoch) {
        return EpochPlan.of(data.windows(), seed, epoch, fitter.workers(), batchSize,
                fitter.minibatchesPerRound(), data.cache());
    }

    @Override
    public RoundResult fit(EpochPlan plan, int round, long skip, long take) {
        fitter.fit(plan, round, skip, take);
        long minibatches = (take + batchSize - 1) / batchSize;
        return new RoundResult((minibatches + fitter.workers() - 1) / fitter.workers(), take * sequenceLength,
                fitter.score() / sequenceLength / Math.log(2));
    }

    /** Sets the rate on the network, whose configuration the next round's workers receive. */
    @Override
    public double scheduleLearningRate(long iteration, double budgetSpent) {
        double rate = learningRate.at(iteration, budgetSpent);
        MultiLayerNetwork network = fitter.network();
        if (network.getLearningRate(0) == null || Math.abs(network.getLearningRate(0) - rate) > 1e-9 * rate) {
            network.setLearningRate(rate);
        }
        return rate;
    }

    @Override
    public long windowsPerIteration() {
        return (long) fitter.workers() * batchSize;
    }

    @Override
    public NeuralModel model() {
        return new NeuralModel(kind, fitter.network());
    }
}
