package org.sparklstm.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.model.ModelFiles;
import org.sparklstm.core.TestNetworks;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.bundle.Provenance;
import org.sparklstm.core.bundle.TrainingState;
import org.sparklstm.core.model.NeuralModel;
import org.sparklstm.datasets.codec.CharacterCodec;

class HadoopCheckpointStoreTest {
    @TempDir
    Path tmp;

    private static ModelBundle bundle(long iteration) {
        CharacterCodec codec = CharacterCodec.fromCounts(Map.of((int) 'a', 3L, (int) 'b', 2L, (int) 'c', 1L), 10);
        return new ModelBundle(TestNetworks.smallModel(codec.vocabularySize()), codec, TestNetworks.smallConfig(),
                new TrainingState(0, 3, iteration, iteration * 100, 1.5, 2.5), Provenance.now(List.of("corpus.txt"), "digest", 1));
    }

    private HadoopCheckpointStore store() throws IOException {
        return new HadoopCheckpointStore(tmp.toUri(), new Configuration());
    }

    @Test
    void savedCheckpointIsListedPublishedAndLoadsTheSameModel() throws IOException {
        HadoopCheckpointStore store = store();
        ModelBundle saved = bundle(10);
        String name = store.save(saved);
        List<CheckpointInfo> infos = store.list();
        assertEquals(1, infos.size());
        CheckpointInfo info = infos.get(0);
        assertTrue(info.valid() && info.published(), info.toString());
        assertEquals(10, info.iteration());
        assertNull(info.problem());
        ModelBundle loaded = store.loadLatest();
        assertEquals(((NeuralModel) saved.model()).network().params(), ((NeuralModel) loaded.model()).network().params());
        assertEquals(((NeuralModel) saved.model()).network().getUpdater().getStateViewArray(),
                ((NeuralModel) loaded.model()).network().getUpdater().getStateViewArray());
        assertEquals(saved.codec(), loaded.codec());
        assertEquals(saved.state(), loaded.state());
        assertEquals(saved.config().toPropertiesText(), loaded.config().toPropertiesText());
        assertEquals(name, HadoopCheckpointStore.locate(tmp.resolve("checkpoints").resolve(name).toUri(),
                new Configuration()).checkpointName());
    }

    @Test
    void aTruncatedNewestCheckpointIsSkippedForTheOlderValidOne() throws IOException {
        HadoopCheckpointStore store = store();
        store.save(bundle(10));
        String newest = store.save(bundle(20));
        Path network = tmp.resolve("checkpoints").resolve(newest).resolve(ModelFiles.NETWORK_FILE);
        byte[] bytes = Files.readAllBytes(network);
        Files.write(network, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertEquals(10, store.loadLatest().state().iteration());
        CheckpointInfo damaged = store.list().get(1);
        assertFalse(damaged.valid());
        assertTrue(damaged.problem().contains(ModelFiles.NETWORK_FILE), damaged.problem());
        assertThrows(CheckpointException.class, () -> store.load(newest));
    }

    @Test
    void aCheckpointWithoutManifestIsIncompleteAndAGarbledPointerIsIgnored() throws IOException {
        HadoopCheckpointStore store = store();
        store.save(bundle(10));
        String newest = store.save(bundle(20));
        Files.delete(tmp.resolve("checkpoints").resolve(newest).resolve(HadoopCheckpointStore.MANIFEST_FILE));
        Files.writeString(tmp.resolve("checkpoints").resolve(HadoopCheckpointStore.POINTER_FILE), "\u0000garbage");
        assertEquals(10, store.loadLatest().state().iteration());
        assertTrue(store.list().get(1).problem().contains("incomplete"));
    }

    @Test
    void anEmptyRunHasNoCheckpoint() throws IOException {
        assertThrows(CheckpointException.class, () -> store().loadLatest());
        assertTrue(store().list().isEmpty());
    }
}
