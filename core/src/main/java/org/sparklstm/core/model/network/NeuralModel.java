package org.sparklstm.core.model.network;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.sparklstm.core.family.NetworkKind;
import org.sparklstm.core.model.Decoder;
import org.sparklstm.core.model.SequenceModel;
import org.sparklstm.datasets.window.Minibatches;

/**
 * A recurrent network (LSTM, RNN or IRNN, as {@link NetworkFactory} builds it) as a {@link SequenceModel}.
 */
public final class NeuralModel implements SequenceModel {
    /** The network's file in a bundle: DL4J's ModelSerializer zip, with updater state. */
    public static final String FILE = "network.zip";

    private final NetworkKind kind;
    private final MultiLayerNetwork network;
    private final int vocabularySize;
    private final Minibatches minibatches;

    /**
     * @param kind the network's kind
     * @param network the network, with a softmax output over the vocabulary
     */
    public NeuralModel(NetworkKind kind, MultiLayerNetwork network) {
        this.kind = kind;
        this.network = network;
        this.minibatches = NetworkInputs.of(network);
        this.vocabularySize = minibatches.vocabularySize();
    }

    /** @return the DL4J network (shared, not copied) */
    public MultiLayerNetwork network() {
        return network;
    }

    @Override
    public String kind() {
        return kind.key();
    }

    @Override
    public int vocabularySize() {
        return vocabularySize;
    }

    @Override
    public long parameterCount() {
        return network.numParams();
    }

    @Override
    public double[][] targetProbabilities(List<int[]> windows) {
        double[][] result = new double[windows.size()][];
        if (windows.isEmpty()) {
            return result;
        }
        DataSet batch = minibatches.of(windows);
        INDArray out = network.output(batch.getFeatures(), false, batch.getFeaturesMaskArray(),
                batch.getLabelsMaskArray());
        float[] probs = (out.ordering() == 'f' ? out : out.dup('f')).data().asFloat();
        int b = windows.size();
        for (int i = 0; i < b; i++) {
            int[] w = windows.get(i);
            result[i] = new double[w.length - 1];
            for (int t = 0; t + 1 < w.length; t++) {
                result[i][t] = probs[i + b * (w[t + 1] + vocabularySize * t)];
            }
        }
        return result;
    }

    @Override
    public Decoder decoder(int sequences) {
        network.rnnClearPreviousState();
        return new NetworkDecoder();
    }

    @Override
    public void writeTo(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream net = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, net, true);
        files.put(FILE, net.toByteArray());
    }

    /** Steps the network's own recurrent state; one decoder at a time per network. */
    private final class NetworkDecoder implements Decoder {
        @Override
        public double[][] step(int[] tokens) {
            int sequences = tokens.length;
            INDArray out = network.rnnTimeStep(minibatches.step(tokens)).reshape(sequences, vocabularySize);
            double[][] probs = new double[sequences][];
            for (int i = 0; i < sequences; i++) {
                probs[i] = out.getRow(i).toDoubleVector();
            }
            return probs;
        }

        @Override
        public void reorder(int[] parents) {
            for (int layer = 0; layer < network.getnLayers(); layer++) {
                if (!(network.getLayer(layer) instanceof RecurrentLayer)) {
                    continue;
                }
                Map<String, INDArray> state = network.rnnGetPreviousState(layer);
                if (state == null || state.isEmpty()) {
                    continue;
                }
                Map<String, INDArray> picked = new HashMap<>();
                state.forEach((key, value) -> picked.put(key, value.getRows(parents)));
                network.rnnSetPreviousState(layer, picked);
            }
        }
    }
}
