package org.sparklstm.core.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparklstm.core.checkpoint.CheckpointStore;
import org.sparklstm.core.config.LstmKernel;
import org.sparklstm.core.eval.Scoring;
import org.sparklstm.core.eval.SpanScorer;
import org.sparklstm.core.generate.Sampler;
import org.sparklstm.core.model.network.NetworkFactory;
import org.sparklstm.core.model.network.NetworkInputs;
import org.sparklstm.core.model.network.NeuralModel;
import org.sparklstm.datasets.codec.CharacterCodec;
import org.sparklstm.datasets.window.Minibatches;
import org.sparklstm.datasets.window.Windows;

/** Bundles saved by earlier builds (see golden/README.md) must keep loading and scoring as they did. */
class GoldenBundleTest {
    @ParameterizedTest
    @CsvSource({"v1-lstm, lstm, 5.916342499765293", "v2-mixture, mixture, 3.0963323288093956",
            "v2-fused-lstm, lstm, 5.9181736724085265"})
    void aSavedBundleStillLoadsAndScoresAsWhenItWasSaved(String folder, String kind, double bitsWhenSaved)
            throws IOException, URISyntaxException {
        ModelBundle bundle = CheckpointStore.locate(
                GoldenBundleTest.class.getResource("/golden/" + folder + "/checkpoints/golden").toURI(), new Configuration()).load();
        assertEquals(kind, bundle.model().kind());
        String text;
        try (InputStream in = GoldenBundleTest.class.getResourceAsStream("/golden/eval.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int[] ids = ((CharacterCodec) bundle.codec()).encode(text);
        double bits = new SpanScorer(bundle.model())
                .scoreAll(Scoring.WINDOWS.spans(ids, bundle.config().sequenceLength(), 0)).bitsPerToken();
        assertEquals(bitsWhenSaved, bits, 1e-4);
        int[] drawn = new Sampler(bundle.model()).sample(ids, 30, 1.0, 5, 1);
        assertEquals(30, drawn.length);
        assertTrue(bundle.state().iteration() > 0);
    }

    @ParameterizedTest
    @CsvSource({"v1-lstm, DL4J", "v1-lstm, FUSED", "v2-fused-lstm, FUSED"})
    void aSavedNetworkTrainsOnItsMinibatchesWithTheLossItHadOnOneHotOnes(String folder, LstmKernel kernel)
            throws IOException, URISyntaxException {
        ModelBundle bundle = CheckpointStore.locate(
                GoldenBundleTest.class.getResource("/golden/" + folder + "/checkpoints/golden").toURI(), new Configuration()).load();
        MultiLayerNetwork saved = ((NeuralModel) bundle.model()).network();
        String text;
        try (InputStream in = GoldenBundleTest.class.getResourceAsStream("/golden/eval.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int[] ids = ((CharacterCodec) bundle.codec()).encode(text);
        List<int[]> windows = new ArrayList<>();
        Windows.lazily(ids, bundle.config().sequenceLength()).forEachRemaining(windows::add);
        windows = windows.subList(0, 8);
        int vocabulary = bundle.codec().vocabularySize();
        DataSet sparse = new Minibatches(vocabulary, Minibatches.Inputs.ONE_HOT).of(windows);
        // the one-hot inputs and labels these networks were trained on
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, windows.size(), vocabulary, sparse.getLabels().size(2));
        for (int b = 0; b < windows.size(); b++) {
            for (int t = 0; t < sparse.getLabels().size(2); t++) {
                oneHot.putScalar(new long[] {b, sparse.getLabels().getInt(b, 0, t), t}, 1);
            }
        }
        double savedLoss = saved.score(new DataSet(sparse.getFeatures(), oneHot, null, sparse.getLabelsMaskArray()));

        MultiLayerNetwork trainable = NetworkFactory.trainable(saved, kernel);
        Minibatches form = NetworkInputs.of(trainable);
        assertEquals(kernel == LstmKernel.FUSED ? Minibatches.Inputs.TOKEN_IDS : Minibatches.Inputs.ONE_HOT,
                form.inputs());
        DataSet minibatch = form.of(windows);
        assertEquals(savedLoss, trainable.score(minibatch), 1e-5);
        trainable.fit(minibatch);
        trainable.fit(minibatch);
        assertTrue(trainable.score(minibatch) < savedLoss, "it trains from where it was saved");
    }
}
