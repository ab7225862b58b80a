package org.sparklstm.core.model.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.layers.recurrent.FwdPassReturn;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.layers.recurrent.LSTMHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sparklstm.core.config.LstmKernel;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.model.network.NetworkSpec;
import org.sparklstm.core.model.network.NetworkFactory;
import org.sparklstm.datasets.window.Minibatches;

/** The fused LSTM must compute what DL4J's own LSTM loop computes, on the same parameters. */
class FusedLstmTest {
    private static final int VOCAB = 7;
    private static final int BATCH = 3;
    private static final int STEPS = 12;

    private static MultiLayerNetwork network(String kernel, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of("model", "lstm", "hidden-size", "10", "layers", "2",
                "lstm-kernel", kernel));
        settings.putAll(more);
        return NetworkFactory.create(NetworkSpec.of(TrainingConfig.defaults().with(settings, "test")), VOCAB);
    }

    /** A DL4J-loop network and a fused one with the same parameters. */
    private static MultiLayerNetwork[] pair(Map<String, String> more) {
        MultiLayerNetwork dl4j = network("dl4j", more);
        MultiLayerNetwork fused = network("fused", more);
        fused.setParams(dl4j.params().dup());
        return new MultiLayerNetwork[] {dl4j, fused};
    }

    private static DataSet batch(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray ids = Nd4j.rand(DataType.FLOAT, BATCH, STEPS + 1).muli(VOCAB);
        List<int[]> windows = new ArrayList<>();
        for (int b = 0; b < BATCH; b++) {
            int[] window = new int[STEPS + 1];
            for (int t = 0; t <= STEPS; t++) {
                window[t] = (int) ids.getFloat(b, t);
            }
            windows.add(window);
        }
        return Minibatches.of(windows, VOCAB);
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
        assertTrue(diff <= tolerance * scale, what + ": largest difference " + diff + " (scale " + scale + ")");
    }

    @Test
    void lstmLayersRunOnTheFusedHelperAlsoAfterAJsonRoundTrip() {
        MultiLayerNetwork fused = network("fused", Map.of());
        MultiLayerConfiguration copy = MultiLayerConfiguration.fromJson(fused.getLayerWiseConfigurations().toJson());
        MultiLayerNetwork restored = new MultiLayerNetwork(copy);
        restored.init();
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {fused, restored}) {
            for (int layer = 0; layer < 2; layer++) {
                assertInstanceOf(FusedLstm.class, net.getLayerWiseConfigurations().getConf(layer).getLayer());
                assertInstanceOf(FusedLstmHelper.class, ((LSTM) net.getLayer(layer)).getHelper());
            }
        }
        assertInstanceOf(LSTM.class, network("dl4j", Map.of()).getLayer(0));
        assertEquals(null, ((LSTM) network("dl4j", Map.of()).getLayer(0)).getHelper());
    }

    @Test
    void theHelperComputesThePassItselfRatherThanFallingBack() {
        MultiLayerNetwork[] nets = pair(Map.of());
        LSTM loop = (LSTM) nets[0].getLayer(0);
        LSTM layer = (LSTM) nets[1].getLayer(0);
        INDArray input = batch(1).getFeatures();
        FwdPassReturn pass = ((LSTMHelper) layer.getHelper()).activate(layer, layer.conf(), new ActivationSigmoid(),
                input, layer.getParam("RW"), layer.getParam("W"), layer.getParam("b"), false,
                Nd4j.zeros(DataType.FLOAT, BATCH, 10), null, false, true, "W", null, false,
                LayerWorkspaceMgr.noWorkspaces());
        assertNotNull(pass);
        assertClose(loop.activate(input, false, LayerWorkspaceMgr.noWorkspaces()), pass.fwdPassOutput, 1e-5,
                "the helper's pass against DL4J's loop");
    }

    @Test
    void outputsScoresAndGradientsMatchDl4jsLoop() {
        MultiLayerNetwork[] nets = pair(Map.of());
        DataSet data = batch(2);
        assertClose(nets[0].output(data.getFeatures()), nets[1].output(data.getFeatures()), 1e-5, "output");
        for (MultiLayerNetwork net : nets) {
            net.setInput(data.getFeatures());
            net.setLabels(data.getLabels());
            net.computeGradientAndScore();
        }
        assertEquals(nets[0].score(), nets[1].score(), 1e-5, "score");
        assertClose(nets[0].gradient().gradient(), nets[1].gradient().gradient(), 1e-4, "gradient");
    }

    @Test
    void trainingWithTruncatedBpttAndDropoutStaysOnDl4jsTrajectory() {
        MultiLayerNetwork[] nets = pair(Map.of("tbptt-length", "5", "dropout", "0.3"));
        for (int step = 0; step < 4; step++) {
            DataSet data = batch(10 + step);
            for (MultiLayerNetwork net : nets) {
                Nd4j.getRandom().setSeed(100 + step); // the same dropout masks for both
                net.fit(data);
            }
        }
        assertClose(nets[0].params(), nets[1].params(), 1e-4, "parameters after four truncated-BPTT steps");
    }

    @Test
    void stepByStepSamplingCarriesTheSameState() {
        MultiLayerNetwork[] nets = pair(Map.of());
        INDArray features = batch(3).getFeatures();
        for (int t = 0; t < 5; t++) {
            INDArray step = features.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(t, t + 1));
            assertClose(nets[0].rnnTimeStep(step), nets[1].rnnTimeStep(step), 1e-5, "step " + t);
        }
    }

    @Test
    void aNetworkTrainedOnDl4jsLoopMovesToTheFusedKernelWithItsTrainingState() {
        MultiLayerNetwork loop = network("dl4j", Map.of());
        for (int step = 0; step < 2; step++) {
            loop.fit(batch(20 + step));
        }
        MultiLayerNetwork fused = NetworkFactory.trainable(loop, LstmKernel.FUSED);
        assertInstanceOf(FusedLstm.class, fused.getLayerWiseConfigurations().getConf(0).getLayer());
        assertEquals(loop.getIterationCount(), fused.getIterationCount());
        assertSame(fused, NetworkFactory.trainable(fused, LstmKernel.FUSED), "already on the asked kernel");
        DataSet next = batch(30);
        loop.fit(next);
        fused.fit(next);
        assertClose(loop.params(), fused.params(), 1e-4, "parameters after one more Adam step on each");
        MultiLayerNetwork back = NetworkFactory.trainable(fused, LstmKernel.DL4J);
        assertEquals(org.deeplearning4j.nn.conf.layers.LSTM.class,
                back.getLayerWiseConfigurations().getConf(1).getLayer().getClass());
        assertEquals(null, ((LSTM) back.getLayer(1)).getHelper());
    }
}
