package org.sparklstm.core.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void aBundleOfAnotherFormatVersionIsRefused() throws IOException {
        Map<String, byte[]> files = bundle().toFiles();
        files.put(ModelBundle.HEADER_FILE, "{\"format_version\": 3}".getBytes(StandardCharsets.UTF_8));
        IOException e = assertThrows(IOException.class, () -> ModelBundle.fromFiles(files));
        assertTrue(e.getMessage().contains("format_version 3"), e.getMessage());
    }
}
