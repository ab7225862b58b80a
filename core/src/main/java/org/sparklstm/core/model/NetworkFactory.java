package org.sparklstm.core.model;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.sparklstm.core.config.TrainingConfig;

/**
 * Builds the DL4J network a configuration describes: stacked LSTM layers and a softmax output over the
 * vocabulary, trained with Adam and full backpropagation through each window.
 */
public final class NetworkFactory {
    private NetworkFactory() {
    }

    /**
     * @param config the run's configuration
     * @param vocabularySize the codec's vocabulary size (input and output width)
     * @return the network's configuration
     */
    public static MultiLayerConfiguration configuration(TrainingConfig config, int vocabularySize) {
        double clip = config.get(TrainingConfig.GRADIENT_CLIP);
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(config.get(TrainingConfig.LEARNING_RATE)))
                .weightInit(WeightInit.XAVIER);
        if (clip > 0) {
            base.gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(clip);
        }
        NeuralNetConfiguration.ListBuilder list = base.list();
        int width = vocabularySize;
        for (int i = 0; i < config.layers(); i++) {
            list.layer(new LSTM.Builder().nIn(width).nOut(config.hiddenSize()).activation(Activation.TANH).build());
            width = config.hiddenSize();
        }
        list.layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX).nIn(width).nOut(vocabularySize).build());
        return list.backpropType(BackpropType.Standard).build();
    }

    /**
     * @param config the run's configuration
     * @param vocabularySize the codec's vocabulary size
     * @return a freshly initialised network
     */
    public static MultiLayerNetwork create(TrainingConfig config, int vocabularySize) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(config, vocabularySize));
        net.init();
        return net;
    }
}
