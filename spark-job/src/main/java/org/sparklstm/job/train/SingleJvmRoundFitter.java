package org.sparklstm.job.train;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sparklstm.core.model.network.NetworkInputs;
import org.sparklstm.datasets.window.Minibatches;

/**
 * {@code --engine single}: fits a round's minibatches one after the other in this JVM with plain DL4J
 * ({@code MultiLayerNetwork.fit}), no parameter averaging. The minibatches are the same as on Spark (the plan's
 * ranks {@code [m*B, (m+1)*B)}), in order; only their token ids come to the driver, the tensors are built here.
 */
public final class SingleJvmRoundFitter implements RoundFitter {
    private final MultiLayerNetwork network;
    private final Minibatches minibatches;
    private final int minibatchesPerRound;
    private double score = Double.NaN;

    /**
     * @param network the network, trained in place
     * @param minibatchesPerRound minibatches between progress reports and budget checks
     */
    public SingleJvmRoundFitter(MultiLayerNetwork network, int minibatchesPerRound) {
        this.network = network;
        this.minibatches = NetworkInputs.of(network);
        this.minibatchesPerRound = minibatchesPerRound;
    }

    @Override
    public int workers() {
        return 1;
    }

    @Override
    public int minibatchesPerRound() {
        return minibatchesPerRound;
    }

    @Override
    public void fit(EpochPlan plan, int round, long skip, long take) {
        for (List<int[]> minibatch : plan.minibatchIds(round, skip, take)) {
            network.fit(minibatches.of(minibatch));
        }
        score = network.score();
    }

    @Override
    public double score() {
        return score;
    }

    @Override
    public MultiLayerNetwork network() {
        return network;
    }

    @Override
    public String describe() {
        return "one JVM (engine single), " + minibatchesPerRound + " minibatches between progress reports";
    }
}
