package org.sparklstm.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.checkpoint.Manifest;
import org.sparklstm.core.checkpoint.CheckpointInfo;
import org.sparklstm.core.checkpoint.CheckpointStore;

/**
 * A training process is killed with SIGKILL again and again, at random moments and on purpose while it writes a
 * checkpoint, and restarted each time. Every restart must resume from the newest checkpoint that verifies
 * (never a damaged one), lose at most one checkpoint interval, and the last run must finish normally.
 */
class KillAndResumeIT {
    private static final int TRIALS = 12;
    private static final int INTERVAL = 4;
    private static final int AVERAGING = 2;
    private static final Pattern RESUMED = Pattern.compile("Resuming from .* iteration (\\d+)");
    private static final Pattern FOLDER = Pattern.compile("ckpt-(\\d+)-.*");

    @TempDir
    Path dir;

    @Test
    void killedRunsAlwaysResumeFromTheNewestValidCheckpoint() throws Exception {
        Path root = dir.resolve("run");
        Random random = new Random(20261128);
        List<String> results = new ArrayList<>();
        int killedDuringWrite = 0;
        Process run = start(root, dir.resolve("run-0.log"));
        for (int trial = 1; trial <= TRIALS; trial++) {
            Path log = dir.resolve("run-" + (trial - 1) + ".log");
            waitForLine(log, "Model:", run);
            boolean aimAtWrite = trial % 2 == 0;
            if (aimAtWrite) {
                long before = newestStartedCheckpoint(root);
                long deadline = System.currentTimeMillis() + 60_000;
                while (System.currentTimeMillis() < deadline
                        && !(checkpointBeingWritten(root) && newestStartedCheckpoint(root) > before)) {
                    Thread.sleep(2);
                }
            } else {
                Thread.sleep(500 + random.nextInt(6000));
            }
            run.destroyForcibly();
            run.waitFor(30, TimeUnit.SECONDS);
            boolean inWrite = checkpointBeingWritten(root);
            killedDuringWrite += inWrite ? 1 : 0;
            long started = newestStartedCheckpoint(root);
            long newestValid = newestValidCheckpoint(root);

            Path next = dir.resolve("run-" + trial + ".log");
            run = start(root, next);
            long resumed = waitForResume(next, run);
            results.add(String.format("trial %2d: killed %s; newest checkpoint started %d, newest valid %d, "
                            + "resumed from %d", trial, inWrite ? "DURING a checkpoint write" : "between checkpoints",
                    started, newestValid, resumed));
            assertEquals(newestValid, resumed, "resumed from the newest valid checkpoint: " + results);
            assertTrue(started - Math.max(resumed, 0) <= INTERVAL + AVERAGING - 1,
                    "lost at most one checkpoint interval: " + results);
        }
        assertTrue(run.waitFor(10, TimeUnit.MINUTES), "the last run finishes");
        assertEquals(0, run.exitValue(), Files.readString(dir.resolve("run-" + TRIALS + ".log")));
        results.forEach(System.out::println);
        System.out.printf("%d trials, %d killed during a checkpoint write, every restart resumed from the newest "
                + "valid checkpoint%n", TRIALS, killedDuringWrite);
        assertTrue(killedDuringWrite >= 2, "some kills landed during checkpoint writes: " + results);
        assertTrue(newestValidCheckpoint(root) >= 150, "the run got to its end despite the kills");
    }

    private static Process start(Path root, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(S3ProxyServer.javaBin());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-D") || a.startsWith("-Xmx")).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.sparklstm.job.SparkLstm", "train",
                "--corpus", CheckpointStoreContract.CORPUS, "--master", "local[2]", "--output", root.toString(),
                "--hidden-size", "64", "--layers", "1", "--sequence-length", "50", "--batch-size", "8",
                "--averaging-frequency", String.valueOf(AVERAGING), "--eval-every", String.valueOf(INTERVAL),
                "--checkpoint-every", String.valueOf(INTERVAL), "--sample-length", "0", "--max-iterations", "150",
                "--epochs", "1000"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    private static boolean checkpointBeingWritten(Path root) throws IOException {
        Path checkpoints = root.resolve("checkpoints");
        if (!Files.isDirectory(checkpoints)) {
            return false;
        }
        try (Stream<Path> folders = Files.list(checkpoints)) {
            return folders.anyMatch(f -> f.getFileName().toString().startsWith("ckpt-")
                    && !Files.exists(f.resolve(Manifest.FILE)));
        }
    }

    private static long newestStartedCheckpoint(Path root) throws IOException {
        Path checkpoints = root.resolve("checkpoints");
        if (!Files.isDirectory(checkpoints)) {
            return -1;
        }
        try (Stream<Path> folders = Files.list(checkpoints)) {
            return folders.map(f -> FOLDER.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches).mapToLong(m -> Long.parseLong(m.group(1))).max().orElse(-1);
        }
    }

    private static long newestValidCheckpoint(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return -1;
        }
        return CheckpointStore.at(root.toUri(), new Configuration()).list().stream()
                .filter(CheckpointInfo::valid).mapToLong(CheckpointInfo::iteration).max().orElse(-1);
    }

    /** @return the iteration the run resumed from, or -1 if it started afresh */
    private static long waitForResume(Path log, Process run) throws Exception {
        waitForLine(log, "Corpus (", run);
        Matcher m = RESUMED.matcher(Files.readString(log));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static void waitForLine(Path log, String text, Process run) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!run.isAlive()) {
                throw new AssertionError("the run exited before printing '" + text + "':\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no '" + text + "' within 120 s:\n" + Files.readString(log));
    }
}
