package org.sparklstm.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sparklstm.core.storage.FaultInjectingFileSystem;

/**
 * The fault-injection soak of scheduled retraining: cycle after cycle, files arrive in the corpus (new, appended,
 * replaced keeping size and time, deleted, glob-named, empty, binary, hostile MIDI, a decompression bomb) and a
 * {@code retrain} process runs on a real store reached through {@code faulty:///}: some killed with SIGKILL at
 * random or while they write a checkpoint or their record, some started two at once, some with storage faults
 * injected (every kind of call failing, latency, writes cut short), some with their clocks 10 minutes behind
 * (faketime), some in a pid namespace of their own (as containers sharing a host name). After
 * every call the soak checks, against its own bookkeeping, that the exit code is one the exit-code table allows for
 * what happened, that every resume took the newest valid checkpoint and nothing started over below it, and that
 * no two runs could write under one root at once; at the end, with the faults off, that every byte of every
 * corpus file was trained exactly once. It prints a table and writes {@code target/soak-<store>.json}.
 *
 * <p>{@code -Dsoak.stores=file,hdfs,s3} and {@code -Dsoak.cycles=N} choose the stores and cycles (CI runs a few;
 * {@code scripts/soak.sh} runs long ones).
 */
class SoakIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long LEASE_SECONDS = 20;
    private static final long CLOCK_OFFSET_MILLIS = 10 * 60_000;
    /** Debian's libfaketime, preloaded into a run (not its wrapper, whose semaphores outlive killed runs). */
    private static final Path LIBFAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    /**
     * The kinds of storage fault. Calls with faults aim at one kind at a time, and at the next kind once the
     * aimed one was injected or six calls did not make the call it fails; a kind its store never calls (S3 runs
     * rename nothing) is skipped, so that a soak injects every kind its store's calls allow.
     */
    private static final String[] FAULT_KINDS = {"open", "create", "read", "write", "close", "list", "status",
        "delete", "rename", "mkdirs", "cut", "latency"};
    /** Calls a run makes few of (a handful per call, or one write per file): faults on them come early and often. */
    private static final List<String> RARE = List.of("list", "delete", "rename", "mkdirs", "cut", "write");

    @TempDir
    Path dir;

    static Stream<String> stores() {
        return Stream.of(System.getProperty("soak.stores", "file,hdfs,s3").split(","));
    }

    /** What one process did. */
    private record Call(String mode, int exit, boolean killed, boolean faulted, String log, long endedAt,
                        long clockOffsetMillis) {
    }

    @ParameterizedTest
    @MethodSource("stores")
    void unattendedRetrainingKeepsItsPromisesUnderFaults(String storeName) throws Exception {
        int cycles = Integer.getInteger("soak.cycles", 4);
        long seed = Long.getLong("soak.seed", 20261201L);
        Random random = new Random(seed);
        boolean faketime = Files.exists(LIBFAKETIME);
        boolean containers = ROOT && Files.isExecutable(Path.of("/usr/bin/unshare"));
        Map<String, Integer> counts = new TreeMap<>();
        Map<Integer, Integer> exits = new TreeMap<>();
        Map<String, Integer> faults = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        int aimed = 0;
        int tries = 0;
        try (SoakStore store = SoakStore.start(storeName, dir)) {
            SoakCorpus corpus = new SoakCorpus(dir.resolve("corpus"), seed);
            FileSystem fs = store.fs();
            SoakChecks checks = new SoakChecks(fs, store.real("/root"));
            for (int cycle = 1; cycle <= cycles + 8; cycle++) {
                boolean quiet = cycle > cycles; // the final calls: no faults, no kills, until nothing is new
                for (int i = random.nextInt(2); i >= 0 && !quiet; i--) {
                    counts.merge("change " + corpus.change(), 1, Integer::sum);
                }
                String mode = quiet ? "quiet" : pick(random, "normal", "normal", "kill-random", "kill-checkpoint",
                        "kill-record", "two-at-once");
                while (store.callsNeverMade().contains(FAULT_KINDS[aimed % FAULT_KINDS.length])) {
                    aimed++;
                }
                String injected = !quiet && random.nextInt(100) < 50
                        ? FAULT_KINDS[aimed % FAULT_KINDS.length] : null;
                boolean offset = !quiet && faketime && !mode.equals("two-at-once") && random.nextInt(100) < 20;
                boolean container = !quiet && containers && random.nextInt(100) < 25;
                counts.merge("mode " + mode, 1, Integer::sum);
                counts.merge(injected != null ? "calls with storage faults" : "calls without faults", 1,
                        Integer::sum);
                if (offset) {
                    counts.merge("calls with their clocks 10 min behind", 1, Integer::sum);
                }
                if (container) {
                    counts.merge("calls in their own pid namespace", 1, Integer::sum);
                }
                Map<String, SoakChecks.Checkpoints> before = checks.checkpoints();
                List<Call> calls = run(cycle, mode, injected, offset, container, random, corpus, store, fs);
                List<SoakLeases.Span> spans = new ArrayList<>();
                String at = "cycle " + cycle;
                for (Call c : calls) {
                    exits.merge(c.exit(), 1, Integer::sum);
                    String why = allowed(c, calls.size() > 1);
                    if (why != null) {
                        violations.add(at + " (" + c.mode() + "): " + why + "\n" + tail(c.log()));
                    }
                    for (String broken : checks.resumes(before, c.log())) {
                        violations.add(at + ": " + broken);
                    }
                }
                for (int i = 0; i < calls.size(); i++) {
                    spans.addAll(SoakLeases.spans("call " + i, calls.get(i).log(), LEASE_SECONDS * 1000,
                            calls.get(i).endedAt(), calls.get(i).clockOffsetMillis()));
                }
                SoakLeases.overlaps(spans).forEach(v -> violations.add(at + ": " + v));
                for (String left : leftovers(corpus)) {
                    violations.add(at + ": a process outlived its call (the soak killed it now): " + left);
                }
                if ("latency".equals(injected)) {
                    faults.merge("latency", calls.size(), Integer::sum);
                }
                if (injected != null && (countFaults(cycle, faults).contains(injected) || injected.equals("latency")
                        || ++tries == 6)) {
                    aimed++;
                    tries = 0;
                }
                if (quiet && calls.get(0).log().contains("NOTHING_NEW")) {
                    break;
                }
            }
            for (String broken : checks.trainedOnce(corpus.files())) {
                violations.add("at the end: " + broken);
            }
            if (!violations.isEmpty()) {
                keepEvidence(storeName, fs, store.real("/root"));
            }
        }
        report(storeName, cycles, counts, exits, faults, violations);
        assertEquals(List.of(), violations, violations.size() + " invariant violation(s)");
    }

    private List<Call> run(int cycle, String mode, String injected, boolean offset, boolean container,
                           Random random, SoakCorpus corpus, SoakStore store, FileSystem fs) throws Exception {
        int n = mode.equals("two-at-once") ? 2 : 1;
        List<Process> procs = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path log = dir.resolve("cycle-" + cycle + "-" + i + ".log");
            logs.add(log);
            procs.add(start(cycle, injected, offset && i == 0, container && i == 0, corpus, store, log,
                    random.nextLong()));
        }
        boolean killed = false;
        switch (mode) {
            case "kill-random" -> {
                Thread.sleep(1000 + random.nextInt(9000));
                killed = kill(procs);
            }
            case "kill-checkpoint" -> killed = killWhen(procs, () -> writingCheckpoint(store, fs), 60_000);
            case "kill-record" -> killed = killWhen(procs, () -> writingRecord(store, fs), 20_000);
            default -> {
            }
        }
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Process p = procs.get(i);
            boolean hung = !p.waitFor(5, TimeUnit.MINUTES);
            if (hung) {
                kill(List.of(p));
            }
            long endedAt = System.nanoTime() / 1_000_000;
            String log = (hung ? "hung for 5 minutes\n" : "") + Files.readString(logs.get(i));
            calls.add(new Call(mode, hung ? -1 : p.exitValue(), killed, faultsOf(cycle), log, endedAt,
                    offset && i == 0 ? fakedMonotonicOffset() : 0));
        }
        return calls;
    }

    /** @return the processes still running on this soak's corpus after a cycle (killed here), described */
    private static List<String> leftovers(SoakCorpus corpus) {
        String mark = corpus.dir().toString();
        List<String> found = new ArrayList<>();
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(mark)).forEach(p -> {
            found.add("pid " + p.pid() + " " + p.info().commandLine().orElse("?").replaceAll(".*SparkLstm", "..."));
            p.destroyForcibly();
        });
        return found;
    }

    /**
     * @return how far a faketime'd process's monotonic clock is from this one's: faketime runs it at the faked
     *         wall-clock time (the real one less the offset), so its lease times are mapped back by this
     */
    private static long fakedMonotonicOffset() {
        return System.currentTimeMillis() - System.nanoTime() / 1_000_000 - CLOCK_OFFSET_MILLIS;
    }

    private boolean faultsOf(int cycle) throws IOException {
        Path log = dir.resolve("faults-" + cycle + ".log");
        return Files.exists(log) && Files.size(log) > 0;
    }

    /** Adds a cycle's injected faults to the counts by kind; @return the kinds injected */
    private Set<String> countFaults(int cycle, Map<String, Integer> faults) throws IOException {
        Path log = dir.resolve("faults-" + cycle + ".log");
        Set<String> kinds = new HashSet<>();
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                kinds.add(line.split(" ", 2)[0]);
                faults.merge(line.split(" ", 2)[0], 1, Integer::sum);
            }
        }
        return kinds;
    }

    private Process start(int cycle, String injected, boolean offset, boolean container, SoakCorpus corpus,
                          SoakStore store, Path log, long seed) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (container) { // as a container sharing the host name: other runs cannot see its process
            cmd.addAll(List.of("/usr/bin/unshare", "--pid", "--fork", "--mount-proc"));
        }
        cmd.add(S3ProxyServer.javaBin());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-D") || a.startsWith("-Xmx")).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.sparklstm.job.SparkLstm", "retrain",
                "-v", "--corpus", corpus.dir().toString(), "--output", "faulty:///root", "--master", "local[2]",
                "--hidden-size", "16", "--layers", "1", "--sequence-length", "50", "--batch-size", "8",
                "--averaging-frequency", "2", "--eval-every", "4", "--checkpoint-every", "4", "--sample-length", "0",
                "--max-iterations", "12", "--epochs", "1000", "--lease-seconds", String.valueOf(LEASE_SECONDS),
                "--max-file-mb", "1",
                "--conf", "spark.hadoop.fs.faulty.impl=" + FaultInjectingFileSystem.class.getName(),
                "--conf", "spark.hadoop.fs.faulty.target=" + store.target(),
                "--conf", "spark.hadoop.faults.seed=" + seed,
                "--conf", "spark.hadoop.faults.log=" + dir.resolve("faults-" + cycle + ".log")));
        cmd.addAll(store.confArgs());
        if (injected != null) { // its kind often, after a random number of calls; every other kind rarely
            for (String op : FAULT_KINDS) {
                boolean perBuffer = op.equals("read") || op.equals("write");
                double rate = !op.equals(injected) ? (perBuffer ? 0.0005 : 0.003)
                        : RARE.contains(op) ? 0.6 : perBuffer ? 0.05 : 0.2;
                if (!op.equals("latency")) {
                    cmd.addAll(List.of("--conf", "spark.hadoop.faults." + op + ".rate="
                            + String.format(Locale.ROOT, "%.4f", rate)));
                }
            }
            cmd.addAll(List.of("--conf", "spark.hadoop.faults." + injected + ".after="
                            + new Random(seed).nextInt(RARE.contains(injected) ? 2 : 10),
                    "--conf", "spark.hadoop.faults.latency.ms=" + (injected.equals("latency") ? 400 : 20)));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        if (offset) { // every clock of the process, its monotonic one too (JVM timed waits need both to agree)
            pb.environment().put("LD_PRELOAD", LIBFAKETIME.toString());
            pb.environment().put("FAKETIME", "-" + CLOCK_OFFSET_MILLIS / 60_000 + "m");
        }
        return pb.start();
    }

    /** @return why an exit code breaks the exit-code table for what happened in the call, or null */
    private static String allowed(Call c, boolean concurrent) {
        if (c.exit() == 0 || c.killed() && (c.exit() == 137 || c.exit() == 143)) {
            return null;
        }
        if (c.exit() == 3 && c.log().contains("no usable training text")) {
            return null;
        }
        if (c.exit() == 5 && c.faulted()) {
            return null;
        }
        if (c.exit() == 6 && (concurrent || c.faulted())) {
            return null;
        }
        return "exit " + c.exit() + (c.faulted() ? " with storage faults" : " without storage faults")
                + (concurrent ? ", started with another" : "");
    }

    private interface Condition {
        boolean holds() throws IOException;
    }

    private static boolean killWhen(List<Process> procs, Condition condition, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline && procs.get(0).isAlive()) {
            if (condition.holds()) {
                return kill(procs);
            }
            Thread.sleep(2);
        }
        return kill(procs);
    }

    /** SIGKILLs each process and what it started (faketime and unshare run the JVM as their child). */
    private static boolean kill(List<Process> procs) throws InterruptedException {
        boolean any = false;
        for (Process p : procs) {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
                any = true;
            }
        }
        return any;
    }

    /** @return whether some generation under the root has a file or folder that says the condition holds */
    private static boolean anyGeneration(SoakStore store, FileSystem fs, GenerationTest test) throws IOException {
        org.apache.hadoop.fs.Path root = store.real("/root");
        if (!fs.exists(root)) {
            return false;
        }
        for (var gen : fs.listStatus(root)) {
            if (gen.isDirectory() && test.holds(gen.getPath())) {
                return true;
            }
        }
        return false;
    }

    private interface GenerationTest {
        boolean holds(org.apache.hadoop.fs.Path generation) throws IOException;
    }

    /** @return whether a checkpoint folder without its manifest exists: a checkpoint is being written */
    private static boolean writingCheckpoint(SoakStore store, FileSystem fs) throws IOException {
        return anyGeneration(store, fs, gen -> {
            org.apache.hadoop.fs.Path ckpts = new org.apache.hadoop.fs.Path(gen, "checkpoints");
            if (fs.exists(ckpts)) {
                for (var c : fs.listStatus(ckpts)) {
                    if (c.isDirectory() && !fs.exists(new org.apache.hadoop.fs.Path(c.getPath(), "manifest.json"))) {
                        return true;
                    }
                }
            }
            return false;
        });
    }

    /** @return whether a generation's record is being written, or written and its training not begun */
    private static boolean writingRecord(SoakStore store, FileSystem fs) throws IOException {
        return anyGeneration(store, fs, gen -> fs.exists(new org.apache.hadoop.fs.Path(gen, ".retrain.json.tmp"))
                || fs.exists(new org.apache.hadoop.fs.Path(gen, "retrain.json"))
                && !fs.exists(new org.apache.hadoop.fs.Path(gen, "checkpoints")));
    }

    private static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** Copies the run root and every call's log to {@code target/soak-<store>-evidence/}, to study a violation. */
    private void keepEvidence(String store, FileSystem fs, org.apache.hadoop.fs.Path root) throws IOException {
        Path evidence = Path.of("target", "soak-" + store + "-evidence").toAbsolutePath();
        Files.createDirectories(evidence);
        fs.copyToLocalFile(false, root, new org.apache.hadoop.fs.Path(evidence.resolve("root").toUri()), true);
        try (Stream<Path> logs = Files.list(dir)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                Files.copy(log, evidence.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        System.out.println("soak evidence kept in " + evidence);
    }

    /** @return the first error of a log with the lines after it, then the log's last lines */
    private static String tail(String log) {
        List<String> lines = List.of(log.split("\n"));
        StringBuilder sb = new StringBuilder();
        int first = 0;
        while (first < lines.size() && !lines.get(first).matches(".*( ERROR |Exception: ).*")) {
            first++;
        }
        int from = Math.max(0, lines.size() - 12);
        lines.subList(Math.min(first, from), Math.min(first + 6, from))
                .forEach(l -> sb.append("    | ").append(l).append('\n'));
        lines.subList(from, lines.size()).forEach(l -> sb.append("    | ").append(l).append('\n'));
        return sb.toString();
    }

    private static void report(String store, int cycles, Map<String, Integer> counts, Map<Integer, Integer> exits,
                               Map<String, Integer> faults, List<String> violations) throws IOException {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%nsoak on %s: %d cycles%n", store,
                cycles));
        counts.forEach((k, v) -> table.append(String.format(Locale.ROOT, "  %-40s %6d%n", k, v)));
        faults.forEach((k, v) -> table.append(String.format(Locale.ROOT, "  %-40s %6d%n", "faults injected: " + k, v)));
        exits.forEach((k, v) -> table.append(String.format(Locale.ROOT, "  %-40s %6d%n", "calls exiting " + k, v)));
        table.append(String.format(Locale.ROOT, "  %-40s %6d%n", "invariant violations", violations.size()));
        violations.forEach(v -> table.append("  ! ").append(v).append('\n'));
        System.out.print(table);
        ObjectNode json = JSON.createObjectNode().put("store", store).put("cycles", cycles);
        counts.forEach(json.putObject("counts")::put);
        faults.forEach(json.putObject("faults_injected")::put);
        ObjectNode byExit = json.putObject("calls_by_exit_code");
        exits.forEach((k, v) -> byExit.put(String.valueOf(k), v));
        violations.forEach(json.putArray("violations")::add);
        Path out = Path.of("target", "soak-" + store + ".json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    }
}
