package org.sparklstm.core.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparklstm.core.TestNetworks;
import org.sparklstm.datasets.codec.CharacterCodec;

class ModelBundleTest {

    private static ModelBundle bundle() {
        CharacterCodec codec = CharacterCodec.fromCounts(Map.of((int) 'x', 5L, (int) 'y', 1L), 10);
        return new ModelBundle(TestNetworks.smallModel(codec.vocabularySize()), codec, TestNetworks.smallConfig(),
                TrainingState.START, Provenance.now(List.of("hdfs://nn/corpus"), "abc123", 42));
    }

    @Test
    void provenanceNamesTheCorpusAndTheVersions() throws IOException {
        Map<String, byte[]> files = bundle().toFiles();
        Provenance p = ModelBundle.fromFiles(files).provenance();
        assertEquals(List.of("hdfs://nn/corpus"), p.corpus());
        assertEquals("abc123", p.corpusDigest());
        assertEquals(42, p.seed());
        assertTrue(p.gitCommit().matches("[0-9a-f]{40}(-dirty)?|unknown"), p.gitCommit());
        assertEquals("1.0.0-M2", p.dl4jVersion());
        assertTrue(p.sparkVersion().startsWith("3.5"), p.sparkVersion());
        assertTrue(Double.isNaN(ModelBundle.fromFiles(files).state().valBitsPerToken()));
    }

    @Test
    void theStateCountsEvaluationsSinceTheBestAndAnOlderStateTakesItsLastLossAsTheBest() throws IOException {
        TrainingState s = TrainingState.START.withValidation(3.0);
        assertTrue(s.atBest());
        s = s.roundDone(1, 10, 1.0, 0.25).withValidation(3.5).withValidation(3.0);
        assertEquals(3.0, s.bestValBitsPerToken());
        assertEquals(2, s.evaluationsSinceBest(), "equal is not lower");
        assertFalse(s.atBest());
        s = s.withValidation(2.5).nextEpoch();
        assertTrue(s.atBest());
        ObjectMapper json = new ObjectMapper();
        assertEquals(s, json.readValue(json.writeValueAsBytes(s), TrainingState.class));
        TrainingState old = json.readValue("{\"epoch\":1,\"round_in_epoch\":2,\"iteration\":30,\"tokens_seen\":300,"
                + "\"elapsed_seconds\":4.5,\"val_bits_per_token\":2.75}", TrainingState.class);
        assertEquals(2.75, old.bestValBitsPerToken());
        assertEquals(0, old.evaluationsSinceBest());
        assertEquals(0, old.budgetSpent(), "a state saved before the budget's share was kept has spent none");
    }

    @Test
    void aBundleOfAnotherFormatVersionIsRefused() throws IOException {
        Map<String, byte[]> files = bundle().toFiles();
        files.put(ModelBundle.HEADER_FILE, ("{\"format_version\": " + (ModelBundle.FORMAT_VERSION + 1) + "}")
                .getBytes(StandardCharsets.UTF_8));
        IOException e = assertThrows(IOException.class, () -> ModelBundle.fromFiles(files));
        assertTrue(e.getMessage().contains("format_version " + (ModelBundle.FORMAT_VERSION + 1)), e.getMessage());
    }
}
