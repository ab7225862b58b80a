package org.sparklstm.core.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparklstm.core.checkpoint.CheckpointStore;
import org.sparklstm.core.eval.WindowScorer;
import org.sparklstm.core.generate.Sampler;
import org.sparklstm.datasets.codec.CharacterCodec;
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
        double bits = new WindowScorer(bundle.model())
                .scoreAll(Windows.lazily(ids, bundle.config().sequenceLength())).bitsPerToken();
        assertEquals(bitsWhenSaved, bits, 1e-4);
        int[] drawn = new Sampler(bundle.model()).sample(ids, 30, 1.0, 5, 1);
        assertEquals(30, drawn.length);
        assertTrue(bundle.state().iteration() > 0);
    }
}
