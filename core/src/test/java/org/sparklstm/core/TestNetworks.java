package org.sparklstm.core;

import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.model.network.NetworkFactory;
import org.sparklstm.core.family.NetworkKind;
import org.sparklstm.core.model.network.NetworkSpec;
import org.sparklstm.core.model.network.NeuralModel;

/** Small networks for tests. */
public final class TestNetworks {
    private TestNetworks() {
    }

    /** @return a configuration for a 2 x 16 LSTM with windows of 12 */
    public static TrainingConfig smallConfig() {
        return TrainingConfig.defaults().with(Map.of("hidden-size", "16", "layers", "2", "sequence-length", "12"),
                "test");
    }

    /**
     * @param vocabularySize the vocabulary size
     * @return a freshly initialised small network
     */
    public static MultiLayerNetwork small(int vocabularySize) {
        return NetworkFactory.create(NetworkSpec.of(smallConfig()), vocabularySize);
    }

    /**
     * @param vocabularySize the vocabulary size
     * @return a freshly initialised small LSTM as a model
     */
    public static NeuralModel smallModel(int vocabularySize) {
        return new NeuralModel(NetworkKind.LSTM, small(vocabularySize));
    }
}
