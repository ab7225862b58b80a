package org.sparklstm.core.model.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.sparklstm.core.config.TrainingConfig;

class NetworkFactoryTest {
    private static NetworkSpec spec(String model, Map<String, String> more) {
        TrainingConfig c = TrainingConfig.defaults().with(Map.of("model", model, "hidden-size", "12", "layers", "2"),
                "test");
        return NetworkSpec.of(c.with(more, "test"));
    }

    @Test
    void irnnStartsWithIdentityRecurrentWeightsAndReLU() {
        MultiLayerNetwork net = NetworkFactory.create(spec("irnn", Map.of()), 7);
        for (int layer = 0; layer < 2; layer++) {
            assertInstanceOf(SimpleRnn.class, net.getLayerWiseConfigurations().getConf(layer).getLayer());
            INDArray rw = net.getLayer(layer).getParam("RW");
            assertEquals(Nd4j.eye(12).castTo(rw.dataType()), rw, "layer " + layer);
            assertInstanceOf(ActivationReLU.class,
                    ((BaseLayer) net.getLayerWiseConfigurations().getConf(layer).getLayer()).getActivationFn());
        }
    }

    @Test
    void rnnIsTanhWithRandomRecurrentWeightsAndLstmIsAnLstm() {
        MultiLayerNetwork rnn = NetworkFactory.create(spec("rnn", Map.of()), 7);
        INDArray rw = rnn.getLayer(0).getParam("RW");
        assertFalse(Nd4j.eye(12).castTo(rw.dataType()).equals(rw));
        assertInstanceOf(ActivationTanH.class,
                ((BaseLayer) rnn.getLayerWiseConfigurations().getConf(0).getLayer()).getActivationFn());
        MultiLayerNetwork lstm = NetworkFactory.create(spec("lstm", Map.of()), 7);
        assertInstanceOf(LSTM.class, lstm.getLayerWiseConfigurations().getConf(1).getLayer());
    }

    @Test
    void dropoutTruncatedBpttAndTheMixturesNetworkAreConfigured() {
        MultiLayerConfiguration c = NetworkFactory.configuration(spec("mixture",
                Map.of("of", "irnn,markov", "dropout", "0.25", "tbptt-length", "20")), 7);
        assertInstanceOf(SimpleRnn.class, c.getConf(0).getLayer());
        assertEquals(null, c.getConf(0).getLayer().getIDropout(), "no dropout on the one-hot input");
        assertTrue(c.getConf(1).getLayer().getIDropout() != null);
        assertEquals(BackpropType.TruncatedBPTT, c.getBackpropType());
        assertEquals(20, c.getTbpttFwdLength());
    }

    @Test
    void clippingIsByNormUnlessAskedByElementAndWeightDecayIsDecoupledWhenAsked() {
        BaseLayer plain = (BaseLayer) NetworkFactory.configuration(spec("lstm", Map.of()), 7).getConf(0).getLayer();
        assertEquals(GradientNormalization.ClipL2PerLayer, plain.getGradientNormalization());
        assertTrue(plain.getRegularization().stream().noneMatch(WeightDecay.class::isInstance));
        BaseLayer element = (BaseLayer) NetworkFactory.configuration(spec("lstm", Map.of("gradient-clip-by",
                "element")), 7).getConf(0).getLayer();
        assertEquals(GradientNormalization.ClipElementWiseAbsoluteValue, element.getGradientNormalization());
        MultiLayerConfiguration c = NetworkFactory.configuration(spec("lstm",
                Map.of("gradient-clip", "5", "weight-decay", "0.01")), 7);
        for (int layer = 0; layer < 3; layer++) {
            BaseLayer l = (BaseLayer) c.getConf(layer).getLayer();
            assertEquals(GradientNormalization.ClipL2PerLayer, l.getGradientNormalization());
            assertEquals(5, l.getGradientNormalizationThreshold());
            WeightDecay decay = (WeightDecay) l.getRegularization().stream().filter(WeightDecay.class::isInstance)
                    .findFirst().orElseThrow();
            assertEquals(0.01, decay.getCoeff().valueAt(0, 0), 1e-12);
            assertTrue(decay.isApplyLR(), "scaled by the learning rate");
        }
    }
}
