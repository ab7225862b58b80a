package org.sparklstm.core.model;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.sparklstm.core.config.LstmKernel;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.family.NetworkKind;
import org.sparklstm.core.model.fused.FusedLstm;

/**
 * Builds the DL4J network a configuration describes: stacked recurrent layers of its family and a softmax output
 * over the vocabulary, trained with Adam.
 *
 * <ul>
 *   <li>lstm: DL4J's {@code LSTM} (forget, input and output gates; tanh), by default as {@link FusedLstm}, which
 *       runs it on the fused LSTM kernel (OpenBLAS products and vectorised Java loops, {@code --lstm-kernel}).</li>
 *   <li>rnn: {@code SimpleRnn} with tanh, Xavier-initialised.</li>
 *   <li>irnn: {@code SimpleRnn} with ReLU and the recurrent weights initialised to the identity (Le, Jaitly and
 *       Hinton 2015).</li>
 * </ul>
 * Options: gradient clipping, dropout on the inputs of every layer after the first, truncated BPTT and an
 * exponentially decaying learning rate.
 */
public final class NetworkFactory {
    private NetworkFactory() {
    }

    /**
     * @param config the run's configuration; its {@link TrainingConfig#networkKind()} must not be null
     * @param vocabularySize the codec's vocabulary size (input and output width)
     * @return the network's configuration
     */
    public static MultiLayerConfiguration configuration(TrainingConfig config, int vocabularySize) {
        NetworkKind kind = config.networkKind();
        if (kind == null) {
            throw new IllegalArgumentException("model " + config.family().key() + " has no network");
        }
        double clip = config.get(TrainingConfig.GRADIENT_CLIP);
        double lr = config.get(TrainingConfig.LEARNING_RATE);
        int halfLife = config.get(TrainingConfig.LEARNING_RATE_HALF_LIFE);
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(DataType.FLOAT)
                .updater(halfLife == 0 ? new Adam(lr)
                        : new Adam(new ExponentialSchedule(ScheduleType.ITERATION, lr, Math.pow(0.5, 1.0 / halfLife))))
                .weightInit(WeightInit.XAVIER);
        if (clip > 0) {
            base.gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(clip);
        }
        double retain = 1 - config.get(TrainingConfig.DROPOUT);
        NeuralNetConfiguration.ListBuilder list = base.list();
        int width = vocabularySize;
        for (int i = 0; i < config.layers(); i++) {
            BaseRecurrentLayer.Builder<?> layer = recurrentLayer(kind).nIn(width).nOut(config.hiddenSize());
            if (i > 0 && retain < 1) {
                layer.dropOut(retain);
            }
            Layer built = layer.build();
            boolean fused = built instanceof LSTM lstm && config.get(TrainingConfig.LSTM_KERNEL) == LstmKernel.FUSED;
            list.layer(fused ? FusedLstm.of((LSTM) built) : built);
            width = config.hiddenSize();
        }
        RnnOutputLayer.Builder output = new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX).nIn(width).nOut(vocabularySize);
        if (retain < 1) {
            output.dropOut(retain);
        }
        list.layer(output.build());
        int tbptt = config.get(TrainingConfig.TBPTT_LENGTH);
        if (tbptt > 0) {
            list.backpropType(BackpropType.TruncatedBPTT).tBPTTLength(tbptt);
        } else {
            list.backpropType(BackpropType.Standard);
        }
        return list.build();
    }

    private static BaseRecurrentLayer.Builder<?> recurrentLayer(NetworkKind kind) {
        return switch (kind) {
            case LSTM -> new LSTM.Builder().activation(Activation.TANH);
            case RNN -> new SimpleRnn.Builder().activation(Activation.TANH);
            case IRNN -> new SimpleRnn.Builder().activation(Activation.RELU).weightInitRecurrent(WeightInit.IDENTITY);
        };
    }

    /**
     * Puts a saved network's LSTM layers on the kernel a run's configuration asks for ({@code lstm-kernel}), so that a
     * network saved with DL4J's loop (as every LSTM was before the fused kernel) trains on the fused one when resumed
     * or retrained, and back. Parameters, updater state and iteration counts carry over.
     *
     * @param network a loaded network
     * @param config the run's configuration
     * @return the network itself when its layers already use that kernel, else a converted copy
     */
    public static MultiLayerNetwork withKernel(MultiLayerNetwork network, TrainingConfig config) {
        boolean fused = config.get(TrainingConfig.LSTM_KERNEL) == LstmKernel.FUSED;
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations().clone();
        boolean changed = false;
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            if (layerConf.getLayer() instanceof LSTM lstm && (lstm instanceof FusedLstm) != fused) {
                layerConf.setLayer(fused ? FusedLstm.of(lstm) : ((FusedLstm) lstm).withDl4jLoop());
                changed = true;
            }
        }
        if (!changed) {
            return network;
        }
        MultiLayerNetwork converted = new MultiLayerNetwork(conf);
        converted.init(network.params().dup(), false);
        INDArray updaterState = network.getUpdater().getStateViewArray();
        if (updaterState != null) {
            converted.getUpdater().setStateViewArray(converted, updaterState.dup(), false);
        }
        return converted;
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

    /**
     * @param config the run's configuration
     * @param vocabularySize the codec's vocabulary size
     * @return a freshly initialised network as a model
     */
    public static NeuralModel createModel(TrainingConfig config, int vocabularySize) {
        return new NeuralModel(config.networkKind(), create(config, vocabularySize));
    }
}
