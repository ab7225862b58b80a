package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.checkpoint.CheckpointStore;
import org.sparklstm.core.config.SparkKeys;
import org.sparklstm.core.model.network.NeuralModel;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.core.storage.FaultyLocalFileSystem;

/**
 * What a month of unattended runs meets, on Spark {@code local[2]}: checkpoints that do not load, storage errors,
 * changed settings on resume, hostile files, a run root inside its corpus, a log cut short, an epoch end that
 * falls on an interval. Each test fails on the code before issue 17.
 */
class UnattendedRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path corpus;

    @BeforeAll
    static void corpus() throws IOException {
        System.setProperty("spark.ui.enabled", "false");
        corpus = Files.createDirectories(tmp.resolve("corpus"));
        Files.copy(Path.of("src/test/resources/corpora/kjv-excerpt.txt"), corpus.resolve("kjv.txt"));
    }

    /** Trains a tiny model: rounds of 2 iterations, about 60 rounds per epoch. */
    private static CliRunner.Outcome train(Path run, String... extra) {
        return train(corpus, run, extra);
    }

    private static CliRunner.Outcome train(Path from, Path run, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--corpus", from.toString(), "--master", "local[2]",
                "--output", run.toString(), "--hidden-size", "16", "--layers", "1", "--sequence-length", "20",
                "--batch-size", "4", "--averaging-frequency", "2", "--sample-length", "0"));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    private static List<String> checkpoints(Path run) throws IOException {
        Path dir = run.resolve(RunLayout.CHECKPOINTS);
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ckpt-")).sorted().toList();
        }
    }

    @Test
    void checkpointsThatDoNotLoadStopTheRunWithExit4UntilRestartIsAsked() throws IOException {
        Path run = tmp.resolve("damaged");
        CliRunner.Outcome first = train(run, "--max-iterations", "4", "--checkpoint-every", "2");
        assertEquals(0, first.exitCode(), first.err());
        List<String> saved = checkpoints(run);
        for (String name : saved) {
            Files.write(run.resolve("checkpoints").resolve(name).resolve(NeuralModel.FILE), new byte[] {7});
        }

        CliRunner.Outcome again = train(run, "--max-iterations", "8");
        assertEquals(4, again.exitCode(), again.out() + again.err());
        for (String name : saved) {
            assertTrue(again.err().contains(name), "names " + name + ": " + again.err());
        }
        assertTrue(again.err().contains("--restart"), again.err());
        assertEquals(saved, checkpoints(run), "nothing trained, nothing deleted");

        CliRunner.Outcome restarted = train(run, "--max-iterations", "2", "--restart");
        assertEquals(0, restarted.exitCode(), restarted.err());
        Path abandoned;
        try (Stream<Path> s = Files.list(run.resolve(RunLayout.ABANDONED_RUNS))) {
            abandoned = s.findFirst().orElseThrow();
        }
        assertEquals(saved, checkpoints(abandoned), "the old checkpoints are kept aside");
        assertEquals(2, CheckpointStore.at(run.toUri(), new Configuration()).loadLatest().state().iteration());
    }

    @Test
    void aRestartCutShortByAStorageErrorIsFinishedByTheNextCallNotResumedHalfMoved() throws IOException {
        Path run = tmp.resolve("restart-cut");
        assertEquals(0, train(run, "--max-iterations", "4", "--eval-every", "2").exitCode());
        List<String> saved = checkpoints(run);
        CliRunner.Outcome cut = train(run, "--max-iterations", "2", "--restart",
                "--conf", "spark.hadoop.fs.file.impl=" + FaultyLocalFileSystem.class.getName(),
                "--conf", "spark.hadoop.fs.file.impl.disable.cache=true",
                "--conf", "spark.hadoop.faults.rename.path=/" + RunLayout.METRICS + "$");
        assertEquals(5, cut.exitCode(), cut.out() + cut.err());
        assertFalse(Files.exists(run.resolve(RunLayout.CHECKPOINTS)), "checkpoints moved first");

        CliRunner.Outcome next = train(run, "--max-iterations", "2", "--eval-every", "2");
        assertEquals(0, next.exitCode(), next.err());
        Path abandoned;
        try (Stream<Path> s = Files.list(run.resolve(RunLayout.ABANDONED_RUNS))) {
            List<Path> asides = s.toList();
            assertEquals(1, asides.size(), "one folder for the one restart: " + asides);
            abandoned = asides.get(0);
        }
        assertEquals(saved, checkpoints(abandoned));
        assertEquals(2, Files.readAllLines(abandoned.resolve(RunLayout.METRICS)).size(), "the earlier run's 2 evaluations");
        assertEquals(1, Files.readAllLines(run.resolve(RunLayout.METRICS)).size(), "only the new run's evaluation");
        assertFalse(Files.exists(run.resolve(RunLayout.RESTARTING)));
        assertEquals(2, CheckpointStore.at(run.toUri(), new Configuration()).loadLatest().state().iteration());
    }

    @Test
    void aStorageErrorWhileReadingACheckpointExits5AndTrainsNothing() throws IOException {
        Path run = tmp.resolve("storage");
        assertEquals(0, train(run, "--max-iterations", "2").exitCode());
        List<String> saved = checkpoints(run);
        CliRunner.Outcome faulty = train(run, "--max-iterations", "4",
                "--conf", "spark.hadoop.fs.file.impl=" + FaultyLocalFileSystem.class.getName(),
                "--conf", "spark.hadoop.fs.file.impl.disable.cache=true",
                "--conf", "spark.hadoop.faults.open.path=" + NeuralModel.FILE + "$");
        assertEquals(5, faulty.exitCode(), faulty.out() + faulty.err());
        assertTrue(faulty.err().contains("injected fault"), faulty.err());
        assertEquals(saved, checkpoints(run));
        assertEquals(0, train(run, "--max-iterations", "4").exitCode(), "the same call goes on once storage heals");
    }

    @Test
    void aResumeTakesTheSavedDataSettingsAndRefusesOthers() throws IOException {
        Path run = tmp.resolve("resume");
        assertEquals(0, train(run, "--max-iterations", "2", "--seed", "7").exitCode());

        CliRunner.Outcome seed = train(run, "--max-iterations", "4", "--seed", "8");
        assertEquals(2, seed.exitCode(), seed.err());
        assertTrue(seed.err().contains("seed") && seed.err().contains("7") && seed.err().contains("8"), seed.err());
        CliRunner.Outcome batch = train(run, "--max-iterations", "4", "--validation-fraction", "0.2");
        assertEquals(2, batch.exitCode(), batch.err());
        assertTrue(batch.err().contains("validation-fraction"), batch.err());

        CliRunner.Outcome resumed = train(run, "--max-iterations", "4");
        assertEquals(0, resumed.exitCode(), resumed.err());
        ModelBundle latest = CheckpointStore.at(run.toUri(), new Configuration()).loadLatest();
        assertEquals(4, latest.state().iteration());
        assertEquals(7L, latest.config().seed(), "the seed came from the checkpoint");
        assertEquals(2, latest.config().get(SparkKeys.WORKERS), "workers saved as resolved");

        Path grown = Files.createDirectories(tmp.resolve("grown-corpus"));
        Files.copy(corpus.resolve("kjv.txt"), grown.resolve("kjv.txt"));
        Path run2 = tmp.resolve("resume-corpus");
        assertEquals(0, train(grown, run2, "--max-iterations", "2").exitCode());
        Files.writeString(grown.resolve("more.txt"), "And God saw the light, that it was good.\n".repeat(40));
        CliRunner.Outcome changed = train(grown, run2, "--max-iterations", "4");
        assertEquals(2, changed.exitCode(), changed.err());
        assertTrue(changed.err().contains("corpus"), changed.err());
    }

    @Test
    void hostileFilesAreSkippedAndNamedAndTheJobGoesOn() throws IOException {
        Path music = Files.createDirectories(tmp.resolve("music"));
        Files.copy(Path.of("../datasets/src/main/resources/corpora/piano").resolve("bethena.mid"),
                music.resolve("good.mid"));
        Files.copy(Path.of("../datasets/src/test/resources/hostile/years-of-silence.mid"),
                music.resolve("bomb.mid"));
        Path midiRun = tmp.resolve("hostile-midi");
        CliRunner.Outcome midi = train(music, midiRun, "--format", "midi", "--max-iterations", "2");
        assertEquals(0, midi.exitCode(), midi.err());
        JsonNode bomb = file(midiRun, "bomb.mid");
        assertEquals("skipped", bomb.get("status").asText());
        assertTrue(bomb.get("reason").asText().contains("max-file-tokens"), bomb.toString());
        assertEquals("read", file(midiRun, "good.mid").get("status").asText());

        Path text = Files.createDirectories(tmp.resolve("bomb-text"));
        Files.copy(corpus.resolve("kjv.txt"), text.resolve("kjv.txt"));
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(text.resolve("zeros.txt.gz")))) {
            byte[] line = "x".repeat(1023).concat("\n").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 3 * 1024; i++) {
                gz.write(line);
            }
        }
        Path textRun = tmp.resolve("hostile-text");
        CliRunner.Outcome bombed = train(text, textRun, "--max-file-mb", "2", "--max-iterations", "2");
        assertEquals(0, bombed.exitCode(), bombed.err());
        JsonNode zeros = file(textRun, "zeros.txt.gz");
        assertEquals("skipped", zeros.get("status").asText());
        assertTrue(zeros.get("reason").asText().contains("decompresses to more than 2 MiB"), zeros.toString());
    }

    private static JsonNode file(Path run, String name) throws IOException {
        for (JsonNode f : JSON.readTree(run.resolve(RunLayout.DATA_REPORT).toFile()).get("files")) {
            if (f.get("path").asText().endsWith("/" + name)) {
                return f;
            }
        }
        throw new AssertionError(name + " is not in the data report of " + run);
    }

    @Test
    void theRunsOwnFilesAndHiddenFoldersAreNeverCorpus() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("with-run-inside"));
        Files.copy(corpus.resolve("kjv.txt"), folder.resolve("kjv.txt"));
        Files.createDirectories(folder.resolve(".git/objects"));
        Files.writeString(folder.resolve(".git/objects/readme"), "not corpus text\n".repeat(100));
        Files.createDirectories(folder.resolve("sub/_tmp"));
        Files.writeString(folder.resolve("sub/_tmp/part.txt"), "not corpus either\n".repeat(100));
        Path run = folder.resolve("run");
        assertEquals(0, train(folder, run, "--max-iterations", "2").exitCode());
        CliRunner.Outcome resumed = train(folder, run, "--max-iterations", "4");
        assertEquals(0, resumed.exitCode(), "the run's own files did not change its corpus: " + resumed.err());
        JsonNode report = JSON.readTree(run.resolve(RunLayout.DATA_REPORT).toFile());
        assertEquals(1, report.get("files").size(), report.toString());
        assertTrue(report.get("files").get(0).get("path").asText().endsWith("/kjv.txt"));
    }

    @Test
    void aResumeDropsTheAbandonedBranchsMetricsAndACutLineBreaksNothing() throws IOException {
        Path run = tmp.resolve("metrics");
        assertEquals(0, train(run, "--max-iterations", "4", "--eval-every", "2").exitCode());
        Path metrics = run.resolve(RunLayout.METRICS);
        Files.writeString(metrics, Files.readString(metrics)
                + "{\"iteration\": 6, \"val_bits_per_token\": 9.9}\n{\"iteration\": 8, \"val_bi");
        assertEquals(0, CliRunner.run("report", "--checkpoint", run.toString()).exitCode(),
                "a cut last line does not break the report");

        assertEquals(0, train(run, "--max-iterations", "8", "--eval-every", "2").exitCode());
        List<Long> iterations = new ArrayList<>();
        for (String line : Files.readAllLines(metrics)) {
            JsonNode record = JSON.readTree(line);
            iterations.add(record.get("iteration").asLong());
            assertTrue(record.get("val_bits_per_token").asDouble() < 9, "the abandoned branch's record is gone");
        }
        assertEquals(List.of(2L, 4L, 6L, 8L), iterations);
    }

    @Test
    void anEpochEndOnAnIntervalEvaluatesAndCheckpointsOnce() throws IOException {
        Path run = tmp.resolve("epoch-end");
        CliRunner.Outcome o = CliRunner.run("train", "--corpus", corpus.toString(), "--master", "local[2]",
                "--output", run.toString(), "--hidden-size", "16", "--layers", "1", "--sample-length", "0",
                "--epochs", "2", "--eval-every", "1", "--checkpoint-every", "1", "--keep-last", "1000");
        assertEquals(0, o.exitCode(), o.err());
        Set<Long> seen = new HashSet<>();
        for (String line : Files.readAllLines(run.resolve(RunLayout.METRICS))) {
            long iteration = JSON.readTree(line).get("iteration").asLong();
            assertTrue(seen.add(iteration), "one evaluation at iteration " + iteration);
        }
        Set<String> iterations = new HashSet<>();
        for (String name : checkpoints(run)) {
            assertTrue(iterations.add(name.substring(0, "ckpt-000000000000".length())), "one checkpoint: " + name);
        }
        assertFalse(o.out().contains("Last checkpoint: null"), o.out());
    }

    @Test
    void aBudgetStopRightAfterAPeriodicCheckpointNamesIt() throws IOException {
        Path run = tmp.resolve("budget");
        CliRunner.Outcome o = train(run, "--max-iterations", "4", "--checkpoint-every", "4", "--min-evaluations", "0");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("Last checkpoint: ckpt-000000000004-"), o.out());
        assertEquals(1, checkpoints(run).size());
    }

    @Test
    void aRunThatCannotRenewItsLeaseStopsWritingAndExits6() throws IOException {
        Path run = tmp.resolve("lease-lost");
        CliRunner.Outcome o = train(run, "--lease-seconds", "5", "--checkpoint-every", "2", "--eval-every", "2",
                "--epochs", "1000",
                "--conf", "spark.hadoop.fs.file.impl=" + FaultyLocalFileSystem.class.getName(),
                "--conf", "spark.hadoop.fs.file.impl.disable.cache=true",
                "--conf", "spark.hadoop.faults.create.path=" + RunLayout.LEASE + "$",
                "--conf", "spark.hadoop.faults.create.after=1");
        assertEquals(6, o.exitCode(), o.out() + o.err());
        assertTrue(o.err().contains("could not renew its lease"), o.err());
        assertFalse(Files.exists(run.resolve(RunLayout.COMPLETE)));
        assertFalse(Files.exists(run.resolve(RunLayout.LEASE)), "the lease it could not renew is released");
    }

    @Test
    void maxIterationsStopsExactlyAndAResumeInsideARoundTrainsTheRestOfIt() throws IOException {
        Path straight = tmp.resolve("straight");
        Path stopped = tmp.resolve("stopped");
        assertEquals(0, train(straight, "--max-iterations", "7", "--checkpoint-every", "0").exitCode());
        CliRunner.Outcome first = train(stopped, "--max-iterations", "3", "--checkpoint-every", "0");
        assertEquals(0, first.exitCode(), first.err());
        ModelBundle cut = CheckpointStore.at(stopped.toUri(), new Configuration()).loadLatest();
        assertEquals(3, cut.state().iteration(), "stops at 3 with 2 iterations per round, not 4");
        assertEquals(8, cut.state().windowsIntoRound(), "one iteration of the round's two: 2 workers x batch 4");
        assertEquals(0, train(stopped, "--max-iterations", "7", "--checkpoint-every", "0").exitCode());
        ModelBundle a = CheckpointStore.at(straight.toUri(), new Configuration()).loadLatest();
        ModelBundle b = CheckpointStore.at(stopped.toUri(), new Configuration()).loadLatest();
        assertEquals(7, b.state().iteration());
        assertEquals(a.state().roundInEpoch(), b.state().roundInEpoch());
        assertEquals(a.state().windowsIntoRound(), b.state().windowsIntoRound());
        assertEquals(a.state().tokensSeen(), b.state().tokensSeen(), "the same windows, none twice, none skipped");
    }

    @Test
    void aResumeAtARoundsEndEndsWithExactlyTheParametersOfAStraightRun() throws IOException {
        Path straight = tmp.resolve("straight-6");
        Path twice = tmp.resolve("twice-6");
        // a constant rate: a cosine decay lies over the budget, which the second call raises from 4 to 6
        assertEquals(0, train(straight, "--max-iterations", "6", "--checkpoint-every", "0",
                "--learning-rate-decay", "none").exitCode());
        assertEquals(0, train(twice, "--max-iterations", "4", "--checkpoint-every", "0",
                "--learning-rate-decay", "none").exitCode());
        assertEquals(0, train(twice, "--max-iterations", "6", "--checkpoint-every", "0",
                "--learning-rate-decay", "none").exitCode());
        ModelBundle a = CheckpointStore.at(straight.toUri(), new Configuration()).loadLatest();
        ModelBundle b = CheckpointStore.at(twice.toUri(), new Configuration()).loadLatest();
        assertEquals(((NeuralModel) a.model()).network().params(), ((NeuralModel) b.model()).network().params(),
                "the resumed run ends with exactly the straight run's parameters");
    }
}
