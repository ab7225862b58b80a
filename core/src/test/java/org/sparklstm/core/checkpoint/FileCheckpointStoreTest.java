package org.sparklstm.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.TestNetworks;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.bundle.Provenance;
import org.sparklstm.core.bundle.TrainingState;
import org.sparklstm.core.model.network.NeuralModel;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.core.storage.FaultyLocalFileSystem;
import org.sparklstm.datasets.codec.CharacterCodec;

class FileCheckpointStoreTest {
    @TempDir
    Path tmp;

    private static ModelBundle bundle(long iteration) {
        return bundle(iteration, 0);
    }

    /** A bundle whose state is {@code sinceBest} evaluations past its run's lowest loss (at it when 0). */
    private static ModelBundle bundle(long iteration, int sinceBest) {
        CharacterCodec codec = CharacterCodec.fromCounts(Map.of((int) 'a', 3L, (int) 'b', 2L, (int) 'c', 1L), 10);
        return new ModelBundle(TestNetworks.smallModel(codec.vocabularySize()), codec, TestNetworks.smallConfig(),
                new TrainingState(0, 3, iteration, iteration * 100, 1.5, 2.5 + sinceBest / 10.0, 0, 2.5, sinceBest, 0), Provenance.now(List.of("corpus.txt"), "digest", 1));
    }

    private CheckpointStore store() throws IOException {
        return CheckpointStore.at(tmp.toUri(), new Configuration());
    }

    @Test
    void savedCheckpointIsListedPublishedAndLoadsTheSameModel() throws IOException {
        CheckpointStore store = store();
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
        assertEquals(name, CheckpointStore.locate(tmp.resolve("checkpoints").resolve(name).toUri(),
                new Configuration()).checkpointName());
    }

    @Test
    void aTruncatedNewestCheckpointIsSkippedForTheOlderValidOne() throws IOException {
        CheckpointStore store = store();
        store.save(bundle(10));
        String newest = store.save(bundle(20));
        Path network = tmp.resolve("checkpoints").resolve(newest).resolve(NeuralModel.FILE);
        byte[] bytes = Files.readAllBytes(network);
        Files.write(network, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertEquals(10, store.loadLatest().state().iteration());
        CheckpointInfo damaged = store.list().get(1);
        assertFalse(damaged.valid());
        assertTrue(damaged.problem().contains(NeuralModel.FILE), damaged.problem());
        assertThrows(CheckpointException.class, () -> store.load(newest));
    }

    @Test
    void aCheckpointWithoutManifestIsIncompleteAndAGarbledPointerIsIgnored() throws IOException {
        CheckpointStore store = store();
        store.save(bundle(10));
        String newest = store.save(bundle(20));
        Files.delete(tmp.resolve("checkpoints").resolve(newest).resolve(Manifest.FILE));
        Files.writeString(tmp.resolve("checkpoints").resolve(RunLayout.LATEST), "\u0000garbage");
        assertEquals(10, store.loadLatest().state().iteration());
        assertTrue(store.list().get(1).problem().contains("incomplete"));
    }

    @Test
    void theNewestCheckpointAtTheLowestLossIsTheRunsModelAndSurvivesRetentionWhileResumingTakesTheNewest() throws IOException {
        CheckpointStore store = store();
        store.save(bundle(10));
        for (long i = 20; i <= 50; i += 10) {
            store.save(bundle(i, (int) (i / 10 - 1)));
            store.retain(1, 0);
        }
        assertEquals(10, store.loadModel().state().iteration());
        assertEquals(50, store.loadLatest().state().iteration());
        assertEquals(50, store.resumePoint().orElseThrow().state().iteration());
        assertEquals(List.of(10L, 50L), store.list().stream().map(CheckpointInfo::iteration).toList(),
                "retention keeps the best-model checkpoint and the newest");
        assertEquals(List.of(true, false), store.list().stream().map(CheckpointInfo::best).toList());
        assertEquals(10, CheckpointStore.locate(tmp.toUri(), new Configuration()).load().state().iteration());
    }

    @Test
    void aBestCheckpointThatNoLongerLoadsGivesWayToTheNewest() throws IOException {
        CheckpointStore store = store();
        String best = store.save(bundle(10));
        store.save(bundle(20, 1));
        Path network = tmp.resolve("checkpoints").resolve(best).resolve(NeuralModel.FILE);
        Files.write(network, java.util.Arrays.copyOf(Files.readAllBytes(network), 100));
        assertEquals(20, store.loadModel().state().iteration());
    }

    @Test
    void anEmptyRunHasNoCheckpoint() throws IOException {
        assertThrows(CheckpointException.class, () -> store().loadLatest());
        assertTrue(store().list().isEmpty());
    }

    @Test
    void checkpointsThatAllFailToLoadAreRefusedNamingEachButOnlyIncompleteWritesMeanAFreshStart() throws IOException {
        CheckpointStore store = store();
        String a = store.save(bundle(10));
        String b = store.save(bundle(20));
        for (String name : List.of(a, b)) {
            Path network = tmp.resolve("checkpoints").resolve(name).resolve(NeuralModel.FILE);
            Files.write(network, new byte[] {1, 2, 3});
        }
        UnusableCheckpointsException e = assertThrows(UnusableCheckpointsException.class, store::resumePoint);
        assertTrue(e.getMessage().contains(a) && e.getMessage().contains(b) && e.getMessage().contains("--restart"),
                e.getMessage());

        Path fresh = Files.createDirectories(tmp.resolve("other"));
        CheckpointStore leftovers = CheckpointStore.at(fresh.toUri(), new Configuration());
        String cut = leftovers.save(bundle(5));
        Files.delete(fresh.resolve("checkpoints").resolve(RunLayout.LATEST));
        Files.delete(fresh.resolve("checkpoints").resolve(cut).resolve(Manifest.FILE));
        assertTrue(leftovers.resumePoint().isEmpty(), "a write that never finished is no checkpoint");
    }

    @Test
    void aNewestCheckpointOfANewerFormatIsNeverSkippedForAnOlderOne() throws Exception {
        CheckpointStore store = store();
        store.save(bundle(10));
        String newer = store.save(bundle(20));
        rewrite(newer, ModelBundle.HEADER_FILE, "{\"format_version\": 99}".getBytes(StandardCharsets.UTF_8));
        UnusableCheckpointsException e = assertThrows(UnusableCheckpointsException.class, store::resumePoint);
        assertTrue(e.getMessage().contains(newer) && e.getMessage().contains("newer build"), e.getMessage());
    }

    @Test
    void aStorageErrorWhileLoadingIsReportedAsSuchNotSkippedToAnOlderCheckpoint() throws IOException {
        store().save(bundle(10));
        store().save(bundle(20));
        Configuration faulty = FaultyLocalFileSystem.install(new Configuration());
        faulty.set("faults.open.path", "ckpt-000000000020-.*/" + NeuralModel.FILE);
        CheckpointStore store = CheckpointStore.at(tmp.toUri(), faulty);
        CheckpointStorageException e = assertThrows(CheckpointStorageException.class, store::resumePoint);
        assertTrue(e.getMessage().contains("injected fault"), e.getMessage());
        assertTrue(e.getMessage().contains("ckpt-000000000020"), e.getMessage());
    }

    @Test
    void retentionNeverDeletesTheOnlyGoodCheckpointForANewerDamagedOne() throws IOException {
        CheckpointStore store = store();
        String good = store.save(bundle(10));
        String damaged = store.save(bundle(20));
        Path network = tmp.resolve("checkpoints").resolve(damaged).resolve(NeuralModel.FILE);
        byte[] bytes = Files.readAllBytes(network);
        bytes[bytes.length / 2] ^= 1;
        Files.write(network, bytes);
        Files.writeString(tmp.resolve("checkpoints").resolve(RunLayout.LATEST), damaged + "\n");

        assertEquals(List.of(), store.retain(1, 0), "the damaged newest checkpoint protects nothing");
        assertEquals(10, store.loadLatest().state().iteration());
        assertTrue(Files.exists(tmp.resolve("checkpoints").resolve(good)));
    }

    @Test
    void retentionDeletesNothingWhenThePointerCannotBeRead() throws IOException {
        CheckpointStore plain = store();
        plain.save(bundle(10));
        plain.save(bundle(20));
        plain.save(bundle(30));
        Configuration faulty = FaultyLocalFileSystem.install(new Configuration());
        faulty.set("faults.open.path", RunLayout.LATEST + "$");
        assertEquals(List.of(), CheckpointStore.at(tmp.toUri(), faulty).retain(1, 0));
        assertEquals(3, plain.list().size());
        assertEquals(2, plain.retain(1, 0).size(), "once the pointer reads again, retention catches up");
    }

    /** Replaces one file of a saved checkpoint and its manifest entry, as a build writing other content would. */
    private void rewrite(String checkpoint, String file, byte[] content) throws Exception {
        Path folder = tmp.resolve("checkpoints").resolve(checkpoint);
        Files.write(folder.resolve(file), content);
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(folder.resolve(Manifest.FILE).toFile());
        ((ObjectNode) manifest.get("files").get(file)).put("size", content.length).put("sha256",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        Files.write(folder.resolve(Manifest.FILE), json.writeValueAsBytes(manifest));
        for (String name : List.of(file, Manifest.FILE)) {
            Files.deleteIfExists(folder.resolve("." + name + ".crc"));
        }
    }
}
