package org.sparklstm.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.job.SparkLstm;

/**
 * The job on YARN as users run it: {@code scripts/local-yarn.sh} starts a real YARN with HDFS (a ResourceManager, two
 * NodeManagers launching containers as processes and killing one over its physical memory, a NameNode and a
 * DataNode); {@code local-yarn.sh put} copies the corpus and the application jar onto HDFS; {@code scripts/submit.sh
 * --master yarn} submits in cluster and client mode.
 */
class YarnClusterIT {
    private static final Path CORPUS = Path.of("src/test/resources/corpora/kjv-excerpt.txt").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path home;
    static String confDir;
    static FileSystem hdfs;

    @BeforeAll
    static void startYarn() throws Exception {
        home = Path.of("target/it-yarn").toAbsolutePath();
        Path log = tmp.resolve("start.log");
        Process start = Scripts.script(home, log, "local-yarn.sh", "start").start();
        assertTrue(start.waitFor(10, TimeUnit.MINUTES), "YARN start timed out");
        String out = Files.readString(log);
        assertEquals(0, start.exitValue(), out);
        Matcher conf = Pattern.compile("export HADOOP_CONF_DIR=(\\S+)").matcher(out);
        assertTrue(conf.find(), out);
        confDir = conf.group(1);
        Configuration hadoop = new Configuration(false);
        hadoop.addResource(new org.apache.hadoop.fs.Path(confDir, "core-site.xml"));
        hdfs = FileSystem.newInstance(URI.create(hadoop.get("fs.defaultFS")), hadoop);

        put(CORPUS.toString(), "/corpora/kjv.txt");
        String appJar;
        try (Stream<Path> jars = Files.list(Path.of("target"))) {
            appJar = jars.map(Path::toString).filter(p -> p.endsWith("-app.jar")).findFirst().orElseThrow();
        }
        put(appJar, "/jars/spark-lstm-app.jar");
    }

    @AfterAll
    static void stopYarn() throws Exception {
        if (hdfs != null) {
            hdfs.close();
        }
        Scripts.script(home, tmp.resolve("stop.log"), "local-yarn.sh", "stop").start().waitFor(2, TimeUnit.MINUTES);
    }

    private static void put(String local, String remote) throws Exception {
        Path log = tmp.resolve("put.log");
        Process put = Scripts.script(home, log, "local-yarn.sh", "put", local, remote).start();
        assertTrue(put.waitFor(3, TimeUnit.MINUTES), "put timed out");
        assertEquals(0, put.exitValue(), Files.readString(log));
        assertTrue(hdfs.exists(new org.apache.hadoop.fs.Path(remote)), remote + " on HDFS");
    }

    /** submit.sh against the local YARN, with the application jar from HDFS and the test's memory settings. */
    private static Process submit(Path log, Map<String, String> env, List<String> sparkOptions,
                                  String... command) throws IOException {
        List<String> args = new ArrayList<>(List.of("--master", "yarn", "--num-executors", "2", "--executor-cores",
                "1", "--executor-memory", "1g"));
        args.addAll(sparkOptions);
        args.add("--");
        args.addAll(List.of(command));
        ProcessBuilder pb = Scripts.script(home, log, "submit.sh", args.toArray(String[]::new));
        pb.environment().put("HADOOP_CONF_DIR", confDir);
        pb.environment().put("SPARK_LSTM_APP_JAR", "hdfs:///jars/spark-lstm-app.jar");
        pb.environment().putAll(env);
        return pb.start();
    }

    private static String read(String path) throws IOException {
        try (InputStream in = hdfs.open(new org.apache.hadoop.fs.Path(path))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aClusterModeRunLosesAnExecutorToSigkillAndStillFinishesEveryEpochOnHdfs() throws Exception {
        Path log = tmp.resolve("cluster.log");
        long started = System.nanoTime();
        Process run = submit(log, Map.of("SPARK_LSTM_DRIVER_OFFHEAP", "1g", "SPARK_LSTM_EXECUTOR_OFFHEAP", "1g"),
                List.of("--deploy-mode", "cluster", "--driver-memory", "1g"),
                "train", "--corpus", "hdfs:///corpora/kjv.txt", "--output", "hdfs:///runs/killed",
                "--hidden-size", "32", "--epochs", "2", "--sequence-length", "50", "--batch-size", "4",
                "--averaging-frequency", "2", "--eval-every", "1000", "--sample-length", "0");

        // The driver runs in the application master's container: its log is that container's stderr.
        String app = awaitMatch(log, Pattern.compile("Submitted application (application_\\d+_\\d+)"), run);
        Path driverLog = awaitFile(app.replace("application_", "container_") + "_01_000001", "stderr", run);
        awaitMatch(driverLog, Pattern.compile("progress: epoch 1/2 round"), run);
        assertTrue(run.isAlive(), "training ended before an executor could be killed: " + Files.readString(log));
        ProcessHandle executor = executorsOf(app).findFirst()
                .orElseThrow(() -> new AssertionError("no executor container of " + app));
        assertTrue(executor.destroyForcibly(), "SIGKILL sent");
        executor.onExit().get(30, TimeUnit.SECONDS);

        assertTrue(run.waitFor(10, TimeUnit.MINUTES), "training timed out after the kill");
        double seconds = (System.nanoTime() - started) / 1e9;
        String out = Files.readString(log);
        assertEquals(0, run.exitValue(), out + "\n--- driver ---\n" + Files.readString(driverLog));
        assertTrue(out.contains("final status: SUCCEEDED"), out);
        String driver = Files.readString(driverLog.resolveSibling("stdout"));
        assertTrue(driver.contains("Stopped: all 2 epochs done"), driver);
        assertTrue(hdfs.exists(new org.apache.hadoop.fs.Path("/runs/killed/_COMPLETE")), "run complete on HDFS");
        List<String> metrics = read("/runs/killed/metrics.jsonl").lines().toList();
        assertEquals(2, JSON.readTree(metrics.get(metrics.size() - 1)).get("epoch").asInt(), "epochs done");
        JsonNode usage = JSON.readTree(read("/runs/killed/executors.json"));
        assertFalse(usage.get("lost").isEmpty(), "the killed executor is reported lost: " + usage);
        long ran = 0;
        for (JsonNode e : usage.get("executors")) {
            ran += e.get("tasks").asLong() > 0 ? 1 : 0;
        }
        assertTrue(ran >= 2, "tasks on at least two executors: " + usage);
        // Three containers of 2.5 GB (the driver's and two executors') fit no 6 GB NodeManager together.
        long nodeManagers = containerFolders(app.replace("application_", "container_"))
                .map(p -> p.getParent().getParent().getFileName().toString())
                .filter(nm -> nm.startsWith("local-yarn-logDir-nm-")).distinct().count();
        assertEquals(2, nodeManagers, "containers on both NodeManagers");
        System.out.printf("YARN cluster mode: %.0f s from submission to exit; executor %d SIGKILLed mid-training; "
                + "work spread: %s%n", seconds, executor.pid(), usage.get("executors"));
    }

    @Test
    void anOverheadTooSmallForNd4jsMemoryEndsTheRunNamingTheSettingToRaise() throws Exception {
        Path log = tmp.resolve("overhead.log");
        // A 2 x 1024 LSTM on windows of 200 needs about 1 GB of ND4J's memory: far above the 384 MB of overhead.
        Process run = submit(log, Map.of(), List.of("--deploy-mode", "client", "--conf",
                        "spark.executor.memoryOverhead=384m"),
                "train", "--corpus", "hdfs:///corpora/kjv.txt", "--output", "hdfs:///runs/overhead",
                "--hidden-size", "1024", "--sequence-length", "200", "--batch-size", "32", "--max-iterations", "4");
        assertTrue(run.waitFor(15, TimeUnit.MINUTES), "the run neither failed nor finished");
        String out = Files.readString(log);
        assertEquals(7, run.exitValue(), out);
        assertTrue(out.contains("WARN  train: executors may be killed for exceeding the container's memory"),
                "warned before training: " + out);
        Matcher failed = Pattern.compile("train: the cluster killed (\\d+) executor\\(s\\) for exceeding their "
                + "container's memory \\(last: Container killed by YARN for exceeding physical memory limits[^)]*\\): "
                + "raise spark.executor.memoryOverhead from 384m to at least 2560m").matcher(out);
        assertTrue(failed.find(), out);
        assertTrue(Integer.parseInt(failed.group(1)) >= 2, "more than one container was killed: " + failed.group());
        assertFalse(out.contains("internal error"), out);
        System.out.println("Overhead too small: " + failed.group());
    }

    @Test
    void aCommandFailingInClusterModeFailsTheApplicationOnceWithItsErrorAsYarnsDiagnostics() throws Exception {
        Path log = tmp.resolve("failing.log");
        Process run = submit(log, Map.of("SPARK_LSTM_DRIVER_OFFHEAP", "1g"),
                List.of("--deploy-mode", "cluster", "--driver-memory", "1g"),
                "train", "--corpus", "hdfs:///corpora/none.txt", "--output", "hdfs:///runs/failing");
        assertTrue(run.waitFor(5, TimeUnit.MINUTES), "the submission did not end");
        String out = Files.readString(log);
        assertEquals(1, run.exitValue(), out);
        assertTrue(out.contains("final status: FAILED"), out);
        assertTrue(out.contains("diagnostics: User class threw exception: " + SparkLstm.CommandFailedException.class
                .getName() + ": exit code 2: train: 'corpus' (option --corpus): no such file or directory: "
                + "hdfs:///corpora/none.txt"), out);
        String app = awaitMatch(log, Pattern.compile("Submitted application (application_\\d+_\\d+)"), run);
        String containers = app.replace("application_", "container_");
        assertTrue(containerFolders(containers + "_01_000001").findAny().isPresent(), "the first attempt ran");
        assertFalse(containerFolders(containers + "_02_").findAny().isPresent(), "no second attempt");
    }

    /** The log folders of containers whose name starts with a prefix (an application's, an attempt's). */
    private static Stream<Path> containerFolders(String prefix) throws IOException {
        try (Stream<Path> files = Files.walk(home.resolve("local-yarn"))) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList().stream();
        }
    }

    /** The executor processes the NodeManagers launched for an application. */
    private static Stream<ProcessHandle> executorsOf(String app) {
        return ProcessHandle.allProcesses().filter(p -> {
            String line = p.info().commandLine().orElse("");
            return line.contains("YarnCoarseGrainedExecutorBackend") && line.contains(app);
        });
    }

    private static String awaitMatch(Path file, Pattern pattern, Process run) throws Exception {
        long deadline = System.currentTimeMillis() + 5 * 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(file)) {
                Matcher m = pattern.matcher(Files.readString(file));
                if (m.find()) {
                    return m.groupCount() > 0 ? m.group(1) : m.group();
                }
            }
            if (!run.isAlive()) {
                break;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no '" + pattern + "' in " + file + ":\n"
                + (Files.exists(file) ? Files.readString(file) : "(no file)"));
    }

    /** A file in a container's log folder under the cluster's state folder, once the container has started. */
    private static Path awaitFile(String container, String name, Process run) throws Exception {
        long deadline = System.currentTimeMillis() + 5 * 60_000;
        while (System.currentTimeMillis() < deadline && run.isAlive()) {
            try (Stream<Path> files = Files.walk(home.resolve("local-yarn"))) {
                Optional<Path> found = files.filter(p -> p.getFileName().toString().equals(name)
                        && p.getParent().getFileName().toString().endsWith(container)).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            } catch (java.io.UncheckedIOException racing) {
                // a container's folder was removed while listing: look again
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no log of container " + container);
    }
}
