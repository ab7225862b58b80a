package org.sparklstm.core.model.network;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparklstm.core.family.NetworkKind;
import org.sparklstm.core.model.Decoder;
import org.sparklstm.core.model.SequenceModel;
import org.sparklstm.core.model.Span;
import org.sparklstm.datasets.window.Minibatches;

/**
 * A recurrent network (LSTM, RNN or IRNN, as {@link NetworkFactory} builds it) as a {@link SequenceModel}.
 */
public final class NeuralModel implements SequenceModel {
    /** The network's file in a bundle: DL4J's ModelSerializer zip, with updater state. */
    public static final String FILE = "network.zip";

    /** Output values (spans x vocabulary x steps) one scoring pass holds at once, at most. */
    private static final long OUTPUT_VALUES_PER_PASS = 1 << 22;

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

    /**
     * Reads the spans side by side, a stretch of steps at a time with the recurrent state carried from one stretch
     * to the next (so a span of any length holds at most {@value #OUTPUT_VALUES_PER_PASS} output values at once);
     * shorter spans are padded after their end. A decoder's state is put back afterwards.
     */
    @Override
    public double[][] targetProbabilities(List<Span> spans) {
        int batch = spans.size();
        double[][] result = new double[batch][];
        List<int[]> rows = new ArrayList<>(batch);
        int steps = 0;
        for (int i = 0; i < batch; i++) {
            rows.add(spans.get(i).ids());
            result[i] = new double[spans.get(i).scored()];
            steps = Math.max(steps, spans.get(i).ids().length - 1);
        }
        if (batch == 0) {
            return result;
        }
        int stretch = (int) Math.max(1, Math.min(steps, OUTPUT_VALUES_PER_PASS / ((long) batch * vocabularySize)));
        Map<Integer, Map<String, INDArray>> decoding = recurrentStates();
        network.rnnClearPreviousState();
        try {
            for (int from = 0; from < steps; from += stretch) {
                int n = Math.min(stretch, steps - from);
                INDArray out = network.rnnTimeStep(minibatches.features(rows, from, n));
                float[] probs = (out.ordering() == 'f' && !out.isView() ? out : out.dup('f')).data().asFloat();
                for (int i = 0; i < batch; i++) {
                    int[] ids = rows.get(i);
                    int first = spans.get(i).firstScored();
                    // the output at step t, having read ids[from + t], predicts ids[from + t + 1]
                    for (int t = Math.max(0, first - 1 - from); t < n && from + t + 1 < ids.length; t++) {
                        result[i][from + t + 1 - first] = probs[i + batch * (ids[from + t + 1] + vocabularySize * t)];
                    }
                }
            }
        } finally {
            network.rnnClearPreviousState();
            decoding.forEach(network::rnnSetPreviousState);
        }
        return result;
    }

    /** @return the recurrent layers' stored states (a decoder's), by layer */
    private Map<Integer, Map<String, INDArray>> recurrentStates() {
        Map<Integer, Map<String, INDArray>> states = new HashMap<>();
        for (int layer = 0; layer < network.getnLayers(); layer++) {
            if (network.getLayer(layer) instanceof RecurrentLayer) {
                Map<String, INDArray> state = network.rnnGetPreviousState(layer);
                if (state != null && !state.isEmpty()) {
                    states.put(layer, new HashMap<>(state));
                }
            }
        }
        return states;
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
            recurrentStates().forEach((layer, state) -> {
                Map<String, INDArray> picked = new HashMap<>();
                state.forEach((key, value) -> picked.put(key, value.getRows(parents)));
                network.rnnSetPreviousState(layer, picked);
            });
        }
    }
}
