package org.sparklstm.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.bundle.Provenance;
import org.sparklstm.core.bundle.TrainingState;
import org.sparklstm.core.checkpoint.CheckpointInfo;
import org.sparklstm.core.checkpoint.CheckpointStore;
import org.sparklstm.core.checkpoint.LeaseHeldException;
import org.sparklstm.core.checkpoint.RunLease;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.model.network.NetworkFactory;
import org.sparklstm.core.model.network.NetworkSpec;
import org.sparklstm.core.model.network.NeuralModel;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.datasets.codec.CharacterCodec;
import org.sparklstm.job.SparkLstm;

/**
 * What every checkpoint filesystem must do, run against a real server by each subclass: write, list, read,
 * skip a damaged checkpoint, retain, hold a lease, and resume a training run.
 */
abstract class CheckpointStoreContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CORPUS = "src/test/resources/corpora/kjv-excerpt.txt";

    /** @return a fresh, empty run root on the server */
    abstract URI newRoot();

    /** @return the Hadoop configuration reaching the server */
    abstract Configuration conf();

    /** @return extra command-line arguments the CLI needs to reach the server */
    abstract List<String> cliArgs();

    static ModelBundle bundle(long iteration, double valBits) {
        CharacterCodec codec = CharacterCodec.fromCounts(Map.of((int) 'a', 3L, (int) 'b', 2L), 10);
        TrainingConfig config = TrainingConfig.defaults().with(Map.of("hidden-size", "8", "layers", "1"), "test");
        return new ModelBundle(NetworkFactory.createModel(NetworkSpec.of(config), codec.vocabularySize()), codec, config,
                new TrainingState(0, 1, iteration, iteration * 10, 1, valBits, 0, valBits, 0, 0), Provenance.now(List.of("c.txt"), "digest", 1));
    }

    private FileSystem fs(URI root) throws IOException {
        return new Path(root).getFileSystem(conf());
    }

    @Test
    void writeListAndReadBack() throws IOException {
        URI root = newRoot();
        CheckpointStore store = CheckpointStore.at(root, conf());
        ModelBundle saved = bundle(7, 3.0);
        String name = store.save(saved);
        List<CheckpointInfo> infos = store.list();
        assertEquals(1, infos.size());
        assertTrue(infos.get(0).valid() && infos.get(0).published(), infos.toString());
        ModelBundle loaded = CheckpointStore.locate(root, conf()).load();
        assertEquals(((NeuralModel) saved.model()).network().params(), ((NeuralModel) loaded.model()).network().params());
        assertEquals(((NeuralModel) saved.model()).network().getUpdater().getStateViewArray(),
                ((NeuralModel) loaded.model()).network().getUpdater().getStateViewArray());
        assertEquals(name, CheckpointStore.locate(URI.create(root + "/checkpoints/" + name), conf())
                .checkpointName());
    }

    @Test
    void aDamagedNewestCheckpointIsSkippedForThePreviousOne() throws IOException {
        URI root = newRoot();
        CheckpointStore store = CheckpointStore.at(root, conf());
        store.save(bundle(10, 3.0));
        String newest = store.save(bundle(20, 2.9));
        Path network = new Path(new Path(new Path(root), "checkpoints/" + newest), NeuralModel.FILE);
        byte[] bytes;
        try (InputStream in = fs(root).open(network)) {
            bytes = in.readAllBytes();
        }
        try (OutputStream out = fs(root).create(network, true)) {
            out.write(Arrays.copyOf(bytes, bytes.length / 2));
        }
        assertEquals(10, store.loadLatest().state().iteration());
        assertFalse(store.list().get(1).valid());
    }

    @Test
    void retentionKeepsTheNewestTheBestAndThePublished() throws IOException {
        URI root = newRoot();
        CheckpointStore store = CheckpointStore.at(root, conf());
        double[] losses = {3.0, 2.1, 2.8, 2.9, 2.7, 2.6};
        List<String> names = new ArrayList<>();
        for (int i = 0; i < losses.length; i++) {
            names.add(store.save(bundle((i + 1) * 10L, losses[i])));
        }
        List<String> deleted = store.retain(2, 1);
        assertEquals(List.of(names.get(0), names.get(2), names.get(3)), deleted);
        List<String> left = store.list().stream().map(CheckpointInfo::name).toList();
        assertEquals(List.of(names.get(1), names.get(4), names.get(5)), left, "best (2.1) and the newest two");
    }

    @Test
    void aSecondRunCannotTakeAHeldLeaseButTakesAnExpiredOne() throws IOException {
        URI root = newRoot();
        fs(root).mkdirs(new Path(root));
        try (RunLease first = RunLease.acquire(root, conf(), Duration.ofSeconds(30))) {
            LeaseHeldException e = assertThrows(LeaseHeldException.class,
                    () -> RunLease.acquire(root, conf(), Duration.ofSeconds(30)));
            assertTrue(e.getMessage().contains("another run holds the lease"), e.getMessage());
            first.verify();
        }
        try (RunLease again = RunLease.acquire(root, conf(), Duration.ofSeconds(30))) {
            again.verify();
        }
        String foreign = "{\"owner\":\"" + UUID.randomUUID() + "\",\"host\":\"elsewhere\",\"pid\":1,"
                + "\"expires_at_ms\":" + (System.currentTimeMillis() - 1000) + "}";
        try (OutputStream out = fs(root).create(new Path(new Path(root), RunLayout.LEASE), true)) {
            out.write(foreign.getBytes(StandardCharsets.UTF_8));
        }
        try (RunLease takeover = RunLease.acquire(root, conf(), Duration.ofSeconds(3))) {
            takeover.verify();
        }
    }

    @Test
    void ofRunsStartedTogetherExactlyOneTakesTheLease() throws Exception {
        for (int trial = 0; trial < 5; trial++) {
            URI root = newRoot();
            fs(root).mkdirs(new Path(root));
            int racers = 3;
            CyclicBarrier start = new CyclicBarrier(racers);
            List<Future<RunLease>> results = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(racers);
            try {
                for (int i = 0; i < racers; i++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        try {
                            return RunLease.acquire(root, conf(), Duration.ofSeconds(30));
                        } catch (LeaseHeldException e) {
                            return null;
                        }
                    }));
                }
                List<RunLease> winners = new ArrayList<>();
                for (Future<RunLease> f : results) {
                    RunLease lease = f.get(2, TimeUnit.MINUTES);
                    if (lease != null) {
                        winners.add(lease);
                    }
                }
                assertEquals(1, winners.size(), "trial " + trial + ": exactly one of " + racers + " holds the lease");
                winners.forEach(RunLease::close);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aSecondTrainingRunResumesWhereTheFirstStopped() throws IOException {
        URI root = newRoot();
        assertEquals(0, train(root, "6"));
        assertEquals(0, train(root, "12"));
        List<Long> iterations = new ArrayList<>();
        try (InputStream in = fs(root).open(new Path(new Path(root), "metrics.jsonl"))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                iterations.add(JSON.readTree(line).get("iteration").asLong());
            }
        }
        assertEquals(List.of(3L, 6L, 9L, 12L), iterations, "the second run went on from iteration 6");
        CheckpointInfo newest = CheckpointStore.at(root, conf()).list().stream()
                .filter(CheckpointInfo::published).findFirst().orElseThrow();
        assertEquals(12, newest.iteration());
    }

    @Test
    void theCorpusCanLiveOnTheServerToo() throws IOException {
        URI data = newRoot();
        byte[] text = Files.readAllBytes(java.nio.file.Path.of(CORPUS));
        try (OutputStream out = fs(data).create(new Path(new Path(data), "books/kjv.txt"))) {
            out.write(text);
        }
        URI root = newRoot();
        List<String> args = new ArrayList<>(List.of("train", "--corpus", data + "/books", "--master", "local[2]",
                "--output", root.toString(), "--hidden-size", "8", "--layers", "1", "--max-iterations", "1",
                "--sample-length", "0"));
        args.addAll(cliArgs());
        assertEquals(0, SparkLstm.run(args.toArray(String[]::new)));
        JsonNode report;
        try (InputStream in = fs(root).open(new Path(new Path(root), "data-report.json"))) {
            report = JSON.readTree(in);
        }
        assertEquals(1, report.get("files_read").asInt(), report.toString());
        assertTrue(report.get("files").get(0).get("path").asText().startsWith(data.getScheme() + ":"));
        long chars = new String(text, StandardCharsets.UTF_8).codePoints().count();
        assertEquals(chars - 1, report.get("train_tokens").asLong() + report.get("validation_tokens").asLong());
    }

    private int train(URI root, String maxIterations) {
        List<String> args = new ArrayList<>(List.of("train", "--corpus", CORPUS, "--master", "local[2]",
                "--output", root.toString(), "--hidden-size", "16", "--layers", "1", "--sequence-length", "50",
                "--batch-size", "8", "--averaging-frequency", "3", "--eval-every", "3", "--sample-length", "0",
                "--max-iterations", maxIterations));
        args.addAll(cliArgs());
        return SparkLstm.run(args.toArray(String[]::new));
    }
}
