package org.sparklstm.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.job.CliRunner;

/**
 * The job as users run it: {@code scripts/local-cluster.sh} starts a real standalone cluster (a master and two
 * workers, separate JVMs) and {@code scripts/submit.sh} submits the application jar to it with spark-submit.
 */
class LocalClusterIT {
    private static final String CORPUS = Path.of("src/test/resources/corpora/kjv-excerpt.txt").toAbsolutePath()
            .toString();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path home;
    static int port;
    static String master;

    @BeforeAll
    static void startCluster() throws Exception {
        home = Path.of("target/it-cluster").toAbsolutePath();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process start = script(tmp.resolve("start.log"), "local-cluster.sh", "start").start();
        assertTrue(start.waitFor(10, TimeUnit.MINUTES), "cluster start timed out");
        String out = Files.readString(tmp.resolve("start.log"));
        assertEquals(0, start.exitValue(), out);
        Matcher url = Pattern.compile("spark://127\\.0\\.0\\.1:\\d+").matcher(out);
        assertTrue(url.find(), out);
        master = url.group();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Process stop = script(tmp.resolve("stop.log"), "local-cluster.sh", "stop").start();
        stop.waitFor(1, TimeUnit.MINUTES);
    }

    /** A script run with this test's cluster home and port. */
    private static ProcessBuilder script(Path log, String name, String... args) {
        ProcessBuilder pb = Scripts.script(home, log, name, args);
        pb.environment().put("LOCAL_SPARK_WORKER_MEMORY", "2g");
        pb.environment().put("LOCAL_SPARK_PORT", String.valueOf(port));
        return pb;
    }

    private static Process submit(Path log, Path output, String... trainOptions) throws IOException {
        List<String> args = new ArrayList<>(List.of("--master", master, "--executor-memory", "1g",
                "--total-executor-cores", "2", "--executor-cores", "1", "--", "train", "--corpus", CORPUS,
                "--output", output.toString(), "--hidden-size", "32"));
        args.addAll(List.of(trainOptions));
        return script(log, "submit.sh", args.toArray(String[]::new)).start();
    }

    @Test
    void aSubmittedRunTrainsOnBothExecutorsAndWritesALoadableCheckpoint() throws Exception {
        Path output = tmp.resolve("run");
        Path log = tmp.resolve("run.log");
        Process run = submit(log, output, "--max-iterations", "10", "--eval-every", "5", "--training-stats");
        assertTrue(run.waitFor(10, TimeUnit.MINUTES), "training timed out");
        assertEquals(0, run.exitValue(), Files.readString(log));

        JsonNode executors = JSON.readTree(output.resolve("executors.json").toFile()).get("executors");
        assertEquals(2, executors.size(), executors.toString());
        for (JsonNode e : executors) {
            assertTrue(e.get("tasks").asLong() > 0, "executor " + e.get("id") + " ran no task: " + executors);
        }
        assertTrue(Files.readString(log).contains("Work spread: 2 executor(s) ran tasks"), "logged at the end");
        assertTrue(Files.size(output.resolve("training-stats.html")) > 10_000, "DL4J's training stats exported");

        CliRunner.Outcome eval = CliRunner.run("evaluate", "--checkpoint", output.toString(), "--corpus", CORPUS);
        assertEquals(0, eval.exitCode(), eval.err());
        double bits = JSON.readTree(eval.out()).get("bits_per_token").asDouble();
        assertTrue(bits > 0 && bits < 6, eval.out());
    }

    @Test
    void losingAnExecutorToSigkillMidTrainingStillFinishesEveryEpoch() throws Exception {
        Path output = tmp.resolve("fault");
        Path log = tmp.resolve("fault.log");
        Process run = submit(log, output, "--epochs", "2", "--sequence-length", "50", "--batch-size", "4",
                "--averaging-frequency", "2", "--eval-every", "1000", "--sample-length", "0");
        long deadline = System.currentTimeMillis() + 5 * 60_000;
        while (!Files.readString(log).contains("progress: epoch 1/2 round") && run.isAlive()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(run.isAlive(), "training ended before an executor could be killed: " + Files.readString(log));
        ProcessHandle executor = executorOfWorker(1).orElseThrow(() -> new AssertionError("no executor on worker 1"));
        assertTrue(executor.destroyForcibly(), "SIGKILL sent");
        executor.onExit().get(30, TimeUnit.SECONDS);

        assertTrue(run.waitFor(10, TimeUnit.MINUTES), "training timed out after the kill");
        String out = Files.readString(log);
        assertEquals(0, run.exitValue(), out);
        assertTrue(out.contains("Stopped: all 2 epochs done"), out);
        assertTrue(Files.exists(output.resolve("_COMPLETE")));
        List<String> metrics = Files.readAllLines(output.resolve("metrics.jsonl"));
        assertEquals(2, JSON.readTree(metrics.get(metrics.size() - 1)).get("epoch").asInt(), "epochs done");
        JsonNode lost = JSON.readTree(output.resolve("executors.json").toFile()).get("lost");
        assertFalse(lost.isEmpty(), "the killed executor is reported lost");
        System.out.println("Executor " + executor.pid() + " killed with SIGKILL mid-training; the job finished "
                + "both epochs. Lost: " + lost);
    }

    /** The executor JVM a worker (1-based) launched: a descendant of the worker's process. */
    private static Optional<ProcessHandle> executorOfWorker(int worker) throws IOException {
        long pid = Long.parseLong(Files.readString(home.resolve("local-cluster/worker-" + worker + ".pid")).trim());
        return ProcessHandle.of(pid).orElseThrow().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                .findFirst();
    }
}
