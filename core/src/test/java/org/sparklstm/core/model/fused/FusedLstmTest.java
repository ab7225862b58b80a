package org.sparklstm.core.model.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sparklstm.core.config.LstmKernel;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.model.network.NetworkSpec;
import org.sparklstm.core.model.network.NetworkFactory;
import org.sparklstm.core.model.network.NetworkInputs;
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

    private static List<int[]> windows(long seed, int... lengths) {
        Random random = new Random(seed);
        List<int[]> windows = new ArrayList<>();
        for (int b = 0; b < BATCH; b++) {
            int[] window = new int[lengths.length == 0 ? STEPS + 1 : lengths[b]];
            for (int t = 0; t < window.length; t++) {
                window[t] = random.nextInt(VOCAB);
            }
            windows.add(window);
        }
        return windows;
    }

    /** @return the windows as the network reads them: one-hot for DL4J's loop, token ids for the fused kernel */
    private static DataSet batch(MultiLayerNetwork network, List<int[]> windows) {
        return NetworkInputs.of(network).of(windows);
    }

    private static DataSet oneHot(List<int[]> windows) {
        return new Minibatches(VOCAB, Minibatches.Inputs.ONE_HOT).of(windows);
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
        assertTrue(diff <= tolerance * scale, what + ": largest difference " + diff + " (scale " + scale + ")");
    }

    @Test
    void lstmLayersRunOnTheFusedKernelAlsoAfterAJsonRoundTripAndTheFirstReadsTokenIds() {
        MultiLayerNetwork fused = network("fused", Map.of());
        MultiLayerConfiguration copy = MultiLayerConfiguration.fromJson(fused.getLayerWiseConfigurations().toJson());
        MultiLayerNetwork restored = new MultiLayerNetwork(copy);
        restored.init();
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {fused, restored}) {
            for (int layer = 0; layer < 2; layer++) {
                assertInstanceOf(FusedLstm.class, net.getLayerWiseConfigurations().getConf(layer).getLayer());
                assertInstanceOf(FusedLstmLayer.class, net.getLayer(layer));
            }
            assertEquals(Minibatches.Inputs.TOKEN_IDS, NetworkInputs.of(net).inputs());
        }
        MultiLayerNetwork dl4j = network("dl4j", Map.of());
        assertEquals(LSTM.class, dl4j.getLayer(0).getClass());
        assertEquals(Minibatches.Inputs.ONE_HOT, NetworkInputs.of(dl4j).inputs());
    }

    @Test
    void theKernelsPassOnDenseInputsMatchesDl4jsLoop() {
        MultiLayerNetwork[] nets = pair(Map.of());
        LSTM loop = (LSTM) nets[0].getLayer(0);
        INDArray input = oneHot(windows(1)).getFeatures();
        LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
        RecordedPass pass = LstmForward.run(input, LayerInput.of(input, VOCAB, none), loop.getParam("W"),
                loop.getParam("RW"), loop.getParam("b"), null, null, none);
        assertInstanceOf(LayerInput.Dense.class, pass.input);
        assertClose(loop.activate(input, false, none), pass.fwdPassOutput, 1e-5, "the kernel's pass against DL4J's loop");
    }

    @Test
    void outputsScoresAndGradientsOnTokenIdsAndOneHotInputsMatchDl4jsLoop() {
        MultiLayerNetwork[] nets = pair(Map.of());
        List<int[]> windows = windows(2);
        DataSet ids = batch(nets[1], windows);
        assertEquals(1, ids.getFeatures().size(1), "the fused network reads token ids");
        DataSet[] inputs = {oneHot(windows), ids, oneHot(windows)};
        MultiLayerNetwork[] readers = {nets[0], nets[1], nets[1]};
        double[] scores = new double[3];
        INDArray[] gradients = new INDArray[3];
        for (int i = 0; i < 3; i++) {
            assertClose(nets[0].output(inputs[0].getFeatures()), readers[i].output(inputs[i].getFeatures()), 1e-5,
                    "output " + i);
            readers[i].setInput(inputs[i].getFeatures());
            readers[i].setLabels(inputs[i].getLabels());
            readers[i].computeGradientAndScore();
            scores[i] = readers[i].score();
            gradients[i] = readers[i].gradient().gradient().dup();
        }
        for (int i = 1; i < 3; i++) {
            assertEquals(scores[0], scores[i], 1e-5, "score " + i);
            assertClose(gradients[0], gradients[i], 1e-4, "gradient " + i);
        }
    }

    @Test
    void raggedMinibatchesNeedNoInputMaskTheirPaddingComesLast() {
        MultiLayerNetwork[] nets = pair(Map.of());
        List<int[]> windows = windows(4, STEPS + 1, 5, 9);
        DataSet masked = oneHot(windows); // DL4J's loop with the inputs masked too, as minibatches used to be
        masked.setFeaturesMaskArray(masked.getLabelsMaskArray());
        DataSet ids = batch(nets[1], windows);
        assertEquals(null, ids.getFeaturesMaskArray());
        assertEquals(nets[0].score(masked), nets[1].score(ids), 1e-5, "score");
        nets[0].fit(masked);
        nets[1].fit(ids);
        assertClose(nets[0].params(), nets[1].params(), 1e-4, "parameters after a step on a ragged minibatch");
    }

    @Test
    void aTokenIdOutsideTheVocabularyIsRefusedNamingIt() {
        MultiLayerNetwork fused = network("fused", Map.of());
        INDArray ids = Nd4j.create(new float[] {1, VOCAB, 2, 3}, new long[] {2, 1, 2}, 'f');
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fused.output(ids));
        assertTrue(e.getMessage().contains("token id 7.0 at step 0 of example 1"), e.getMessage());
    }

    @Test
    void trainingWithTruncatedBpttAndDropoutStaysOnDl4jsTrajectory() {
        MultiLayerNetwork[] nets = pair(Map.of("tbptt-length", "5", "dropout", "0.3"));
        for (int step = 0; step < 4; step++) {
            List<int[]> windows = windows(10 + step);
            for (MultiLayerNetwork net : nets) {
                Nd4j.getRandom().setSeed(100 + step); // the same dropout masks for both
                net.fit(batch(net, windows));
            }
        }
        assertClose(nets[0].params(), nets[1].params(), 1e-4, "parameters after four truncated-BPTT steps");
    }

    @Test
    void stepByStepSamplingCarriesTheSameState() {
        MultiLayerNetwork[] nets = pair(Map.of());
        List<int[]> windows = windows(3);
        for (int t = 0; t < 5; t++) {
            int[] tokens = new int[BATCH];
            for (int b = 0; b < BATCH; b++) {
                tokens[b] = windows.get(b)[t];
            }
            assertClose(nets[0].rnnTimeStep(NetworkInputs.of(nets[0]).step(tokens)),
                    nets[1].rnnTimeStep(NetworkInputs.of(nets[1]).step(tokens)), 1e-5, "step " + t);
        }
    }

    @Test
    void aNetworkTrainedOnDl4jsLoopMovesToTheFusedKernelWithItsTrainingState() {
        MultiLayerNetwork loop = network("dl4j", Map.of());
        for (int step = 0; step < 2; step++) {
            loop.fit(oneHot(windows(20 + step)));
        }
        MultiLayerNetwork fused = NetworkFactory.trainable(loop, LstmKernel.FUSED);
        assertInstanceOf(FusedLstm.class, fused.getLayerWiseConfigurations().getConf(0).getLayer());
        assertEquals(loop.getIterationCount(), fused.getIterationCount());
        assertSame(fused, NetworkFactory.trainable(fused, LstmKernel.FUSED), "already on the asked kernel");
        List<int[]> next = windows(30);
        loop.fit(batch(loop, next));
        fused.fit(batch(fused, next));
        assertClose(loop.params(), fused.params(), 1e-4, "parameters after one more Adam step on each");
        MultiLayerNetwork back = NetworkFactory.trainable(fused, LstmKernel.DL4J);
        assertEquals(org.deeplearning4j.nn.conf.layers.LSTM.class,
                back.getLayerWiseConfigurations().getConf(1).getLayer().getClass());
        assertEquals(LSTM.class, back.getLayer(1).getClass());
    }
}
