package org.sparklstm.core.model.network;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
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
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;
import org.sparklstm.core.config.ClipBy;
import org.sparklstm.core.config.LstmKernel;
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
 * Options: gradient clipping (by element or by each layer's norm), decoupled weight decay, dropout on the inputs of
 * every layer after the first and truncated BPTT. The learning rate starts at its schedule's first value; the
 * driver moves it along the {@link LearningRateSchedule} before each round.
 */
public final class NetworkFactory {
    private NetworkFactory() {
    }

    /**
     * @param spec the network's keys
     * @param vocabularySize the codec's vocabulary size (input and output width)
     * @return the network's configuration
     */
    public static MultiLayerConfiguration configuration(NetworkSpec spec, int vocabularySize) {
        return configuration(spec, vocabularySize, (width, retain) -> {
            RnnOutputLayer.Builder output = new RnnOutputLayer.Builder(new LossSparseMCXENT())
                    .activation(Activation.SOFTMAX).nIn(width).nOut(vocabularySize);
            if (retain < 1) {
                output.dropOut(retain);
            }
            return output.build();
        });
    }

    /** The output layer over the recurrent layers: what a network predicts at each step, and its loss. */
    @FunctionalInterface
    public interface OutputHead {
        /**
         * @param width the last recurrent layer's width
         * @param retain the share of its activations dropout keeps (1: no dropout)
         * @return the output layer
         */
        Layer build(int width, double retain);
    }

    /**
     * @param spec the network's keys
     * @param vocabularySize the codec's vocabulary size (the one-hot input's width)
     * @param head the output layer (a softmax over the vocabulary, or another head measured against it)
     * @return the network's configuration: the recurrent layers of the family, then the head
     */
    public static MultiLayerConfiguration configuration(NetworkSpec spec, int vocabularySize, OutputHead head) {
        double clip = spec.gradientClip();
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(spec.learningRate().at(0, 0)))
                .weightInit(WeightInit.XAVIER);
        if (clip > 0) {
            base.gradientNormalization(spec.clipBy() == ClipBy.NORM ? GradientNormalization.ClipL2PerLayer
                    : GradientNormalization.ClipElementWiseAbsoluteValue).gradientNormalizationThreshold(clip);
        }
        if (spec.weightDecay() > 0) {
            base.weightDecay(spec.weightDecay(), true);
        }
        double retain = 1 - spec.dropout();
        NeuralNetConfiguration.ListBuilder list = base.list();
        int width = vocabularySize;
        for (int i = 0; i < spec.layers(); i++) {
            BaseRecurrentLayer.Builder<?> layer = recurrentLayer(spec.kind()).nIn(width).nOut(spec.hiddenSize());
            if (i > 0 && retain < 1) {
                layer.dropOut(retain);
            }
            Layer built = layer.build();
            boolean fused = built instanceof LSTM lstm && spec.kernel() == LstmKernel.FUSED;
            list.layer(fused ? FusedLstm.of((LSTM) built) : built);
            width = spec.hiddenSize();
        }
        list.layer(head.build(width, retain));
        int tbptt = spec.tbpttLength();
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
     * Puts a saved network on what this build trains: its LSTM layers on the kernel a run's configuration asks for
     * ({@code lstm-kernel}), so that a network saved with DL4J's loop (as every LSTM was before the fused kernel)
     * trains on the fused one when resumed or retrained, and back; and its output layer on sparse labels (the same
     * cross-entropy, read from token ids, where networks saved before read one-hot labels). Parameters, updater state
     * and iteration counts carry over.
     *
     * @param network a loaded network
     * @param kernel the kernel asked for
     * @return the network itself when it already trains so, else a converted copy
     */
    public static MultiLayerNetwork trainable(MultiLayerNetwork network, LstmKernel kernel) {
        boolean fused = kernel == LstmKernel.FUSED;
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations().clone();
        boolean changed = false;
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            if (layerConf.getLayer() instanceof LSTM lstm && (lstm instanceof FusedLstm) != fused) {
                layerConf.setLayer(fused ? FusedLstm.of(lstm) : ((FusedLstm) lstm).withDl4jLoop());
                changed = true;
            }
            if (layerConf.getLayer() instanceof BaseOutputLayer output && output.getLossFn() instanceof LossMCXENT
                    && !(output.getLossFn() instanceof LossSparseMCXENT)) {
                output.setLossFn(new LossSparseMCXENT());
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
     * @param spec the network's keys
     * @param vocabularySize the codec's vocabulary size
     * @return a freshly initialised network
     */
    public static MultiLayerNetwork create(NetworkSpec spec, int vocabularySize) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(spec, vocabularySize));
        net.init();
        return net;
    }

    /**
     * @param spec the network's keys
     * @param vocabularySize the codec's vocabulary size
     * @return a freshly initialised network as a model
     */
    public static NeuralModel createModel(NetworkSpec spec, int vocabularySize) {
        return new NeuralModel(spec.kind(), create(spec, vocabularySize));
    }
}
