package org.sparklstm.core.model.mixture;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.sparklstm.core.model.Decoder;
import org.sparklstm.core.model.SequenceModel;
import org.sparklstm.core.model.Span;
import org.sparklstm.core.model.markov.KneserNeyModel;
import org.sparklstm.core.model.network.NeuralModel;

/**
 * Linear interpolation of a recurrent network and a Markov chain:
 * {@code P(w | h) = weight * P_net(w | h) + (1 - weight) * P_markov(w | h)}, the weight fitted on held-out data
 * by {@link MixtureWeight}.
 */
public final class MixtureModel implements SequenceModel {
    private final NeuralModel neural;
    private final KneserNeyModel markov;
    private final double weight;

    /**
     * @param neural the network
     * @param markov the Markov chain, over the same vocabulary
     * @param weight the network's share, in [0, 1]
     */
    public MixtureModel(NeuralModel neural, KneserNeyModel markov, double weight) {
        if (neural.vocabularySize() != markov.vocabularySize()) {
            throw new IllegalArgumentException("the network predicts " + neural.vocabularySize()
                    + " symbols but the Markov chain " + markov.vocabularySize());
        }
        if (!(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException("the mixture weight must lie in [0, 1], got " + weight);
        }
        this.neural = neural;
        this.markov = markov;
        this.weight = weight;
    }

    /** @return the network */
    public NeuralModel neural() {
        return neural;
    }

    /** @return the Markov chain */
    public KneserNeyModel markov() {
        return markov;
    }

    /** @return the network's share */
    public double weight() {
        return weight;
    }

    /**
     * @param newWeight the network's new share
     * @return the same components with that weight
     */
    public MixtureModel withWeight(double newWeight) {
        return new MixtureModel(neural, markov, newWeight);
    }

    @Override
    public String kind() {
        return "mixture";
    }

    @Override
    public int vocabularySize() {
        return neural.vocabularySize();
    }

    @Override
    public long parameterCount() {
        return neural.parameterCount() + markov.parameterCount() + 1;
    }

    @Override
    public double[][] targetProbabilities(List<Span> spans) {
        double[][] a = neural.targetProbabilities(spans);
        double[][] b = markov.targetProbabilities(spans);
        for (int i = 0; i < a.length; i++) {
            a[i] = mix(a[i], b[i], weight);
        }
        return a;
    }

    @Override
    public Decoder decoder(int sequences) {
        Decoder a = neural.decoder(sequences);
        Decoder b = markov.decoder(sequences);
        return new Decoder() {
            @Override
            public double[][] step(int[] tokens) {
                double[][] pa = a.step(tokens);
                double[][] pb = b.step(tokens);
                for (int i = 0; i < pa.length; i++) {
                    pa[i] = mix(pa[i], pb[i], weight);
                }
                return pa;
            }

            @Override
            public void reorder(int[] parents) {
                a.reorder(parents);
                b.reorder(parents);
            }
        };
    }

    /**
     * @param a the first model's probabilities
     * @param b the second's, element by element
     * @param weight the first model's share
     * @return {@code weight * a + (1 - weight) * b}, element by element
     */
    public static double[] mix(double[] a, double[] b, double weight) {
        double[] mixed = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            mixed[i] = weight * a[i] + (1 - weight) * b[i];
        }
        return mixed;
    }

    @Override
    public void writeTo(Map<String, byte[]> files) throws IOException {
        neural.writeTo(files);
        markov.writeTo(files);
    }
}
