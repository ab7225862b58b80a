package org.sparklstm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sparklstm.core.run.RunLayout;

/**
 * The scoring benchmark: how fast {@code score} runs on the executors against how fast the same model trains, per
 * core, and how much heap each keeps live. Two cases, each a model trained by {@code train} on copies of a text,
 * then {@code score} (and, for the network, {@code evaluate}, which scores in one JVM) on the same corpus:
 * the default LSTM on a small corpus (its rates; and {@code filter}'s, and {@code sample --count}'s against
 * {@code sample}'s), and an order-5 Markov chain on a large one (the heap of a large corpus; a network would take
 * hours to score it). Prints a table and JSON. Usage:
 * {@code ScoreBenchmark MASTER SOURCE.txt WORKDIR LSTM_MEGABYTES LSTM_ITERATIONS MARKOV_MEGABYTES}.
 */
public final class ScoreBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The most bytes of a corpus file; a corpus has at least {@value #MIN_FILES} (so every core has tasks). */
    private static final long FILE_BYTES = 64L << 20;
    private static final int MIN_FILES = 8;
    private static final int SAMPLES = 16;
    private static final int SAMPLE_LENGTH = 2000;

    private ScoreBenchmark() {
    }

    /** One case: a model's train options and the corpus it is trained and scored on. */
    private record Case(String name, List<String> options, long megabytes, boolean evaluate) {
    }

    /**
     * @param args master, source text, working folder, the LSTM's corpus size and iterations, the chain's corpus size
     * @throws Exception if a corpus cannot be written or a command fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: ScoreBenchmark MASTER SOURCE.txt WORKDIR LSTM_MEGABYTES LSTM_ITERATIONS "
                    + "MARKOV_MEGABYTES");
            System.exit(2);
        }
        String master = args[0];
        Path source = Path.of(args[1]);
        Path work = Path.of(args[2]);
        int cores = cores(master);
        List<Case> cases = List.of(
                new Case("lstm", List.of("--max-iterations", args[4]), Long.parseLong(args[3]), true),
                new Case("markov-5", List.of("--model", "markov", "--order", "5"), Long.parseLong(args[5]), false));
        LiveHeap heap = LiveHeap.watch();
        ObjectNode out = JSON.createObjectNode().put("master", master).put("cores", cores)
                .put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        ArrayNode results = out.putArray("cases");
        for (Case c : cases) {
            Path corpus = copies(source, c.megabytes() << 20, work.resolve("corpus-" + c.megabytes() + "mb"));
            Path run = work.resolve("run-" + c.name());
            List<String> train = new ArrayList<>(List.of("train", "--master", master, "--corpus", corpus.toString(),
                    "--output", run.toString(), "--seed", "1", "--sample-length", "0"));
            train.addAll(c.options());
            heap.reset();
            Commands.run(train);
            long trainHeap = heap.peakBytes();
            List<JsonNode> metrics = Commands.metrics(run);
            double trainRate = Medians.of(metrics.stream().map(m -> m.get("tokens_per_second").asDouble()).toList());
            Path scored = work.resolve("scores-" + c.name());
            heap.reset();
            long t0 = System.nanoTime();
            Commands.run(List.of("score", "--checkpoint", run.toString(), "--corpus", corpus.toString(), "--output",
                    scored.toString(), "--master", master));
            double scoreSeconds = seconds(t0);
            long scoreHeap = heap.peakBytes();
            JsonNode summary = JSON.readTree(scored.resolve(RunLayout.SCORE_SUMMARY).toFile());
            long tokens = summary.get("tokens").asLong();
            ObjectNode r = results.addObject().put("case", c.name()).put("corpus_bytes", size(corpus))
                    .put("train_tokens_per_second", trainRate)
                    .put("train_tokens_per_second_per_core", trainRate / cores).put("scored_tokens", tokens)
                    .put("score_seconds", scoreSeconds).put("score_tokens_per_second", tokens / scoreSeconds)
                    .put("score_tokens_per_second_per_core", tokens / scoreSeconds / cores)
                    .put("score_to_train_ratio", tokens / scoreSeconds / trainRate)
                    .put("train_live_heap_bytes", trainHeap).put("score_live_heap_bytes", scoreHeap);
            if (c.evaluate()) {
                usingTheModel(master, run, corpus, work, summary, r);
            }
            System.err.println(r);
        }
        report(out);
    }

    /**
     * Times what else uses the network: {@code evaluate} (one JVM) on the corpus, {@code filter} at the median
     * score, and {@value #SAMPLES} samples of {@value #SAMPLE_LENGTH} tokens drawn by {@code sample --count} on the
     * executors against one drawn by {@code sample} on the driver.
     */
    private static void usingTheModel(String master, Path run, Path corpus, Path work, JsonNode summary,
                                      ObjectNode r) throws IOException {
        long t0 = System.nanoTime();
        JsonNode evaluated = JSON.readTree(Commands.run(List.of("evaluate", "--checkpoint", run.toString(),
                "--corpus", corpus.toString())));
        double seconds = seconds(t0);
        r.put("evaluate_seconds", seconds).put("evaluate_tokens_per_second", evaluated.get("tokens").asLong()
                / seconds).put("evaluate_bits_per_token", evaluated.get("bits_per_token").asDouble())
                .put("score_bits_per_token", summary.get("bits_per_token").asDouble());
        t0 = System.nanoTime();
        Commands.run(List.of("filter", "--checkpoint", run.toString(), "--corpus", corpus.toString(), "--max-bits",
                summary.get("quantiles").get("p50").asText(), "--output", work.resolve("kept").toString(),
                "--master", master));
        seconds = seconds(t0);
        r.put("filter_seconds", seconds).put("filter_tokens_per_second", summary.get("tokens").asLong() / seconds);
        String length = Integer.toString(SAMPLE_LENGTH);
        t0 = System.nanoTime();
        Commands.run(List.of("sample", "--checkpoint", run.toString(), "--length", length));
        double one = seconds(t0);
        t0 = System.nanoTime();
        Commands.run(List.of("sample", "--checkpoint", run.toString(), "--length", length, "--count",
                Integer.toString(SAMPLES), "--output", work.resolve("samples").toString(), "--master", master));
        double many = seconds(t0);
        r.put("sample_one_seconds", one).put("sample_one_tokens_per_second", SAMPLE_LENGTH / one)
                .put("sample_count", SAMPLES).put("sample_count_seconds", many)
                .put("sample_count_tokens_per_second", (double) SAMPLES * SAMPLE_LENGTH / many);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** @return the cores of a local master ({@code local[N]}, {@code local[*]}), else this machine's */
    private static int cores(String master) {
        Matcher m = Pattern.compile("local\\[(\\d+)]").matcher(master);
        return m.matches() ? Integer.parseInt(m.group(1)) : Runtime.getRuntime().availableProcessors();
    }

    /**
     * Writes copies of the source as text files of up to 64 MB, at least {@value #MIN_FILES} of them when there are
     * that many copies, until they hold about {@code bytes}.
     */
    private static Path copies(Path source, long bytes, Path folder) throws IOException {
        byte[] text = Files.readAllBytes(source);
        long copies = Math.max(1, bytes / text.length);
        long perFile = Math.max(1, Math.min(FILE_BYTES / text.length, copies / MIN_FILES));
        Files.createDirectories(folder);
        for (long c = 0, file = 0; c < copies; file++) {
            try (OutputStream o = Files.newOutputStream(folder.resolve("part-" + file + ".txt"))) {
                for (long k = 0; k < perFile && c < copies; k++, c++) {
                    o.write(text);
                }
            }
        }
        return folder;
    }

    private static long size(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            long bytes = 0;
            for (Path f : files.toList()) {
                bytes += Files.size(f);
            }
            return bytes;
        }
    }

    private static void report(ObjectNode out) {
        System.out.printf(Locale.ROOT, "%-10s %10s %16s %16s %8s %14s %12s %12s%n", "model", "corpus MB",
                "train tok/s/core", "score tok/s/core", "ratio", "evaluate tok/s", "train heap MB", "score heap MB");
        for (JsonNode r : out.get("cases")) {
            System.out.printf(Locale.ROOT, "%-10s %10.0f %16.0f %16.0f %8.2f %14s %12.0f %12.0f%n",
                    r.get("case").asText(), r.get("corpus_bytes").asDouble() / (1 << 20),
                    r.get("train_tokens_per_second_per_core").asDouble(),
                    r.get("score_tokens_per_second_per_core").asDouble(), r.get("score_to_train_ratio").asDouble(),
                    r.has("evaluate_tokens_per_second") ? String.format(Locale.ROOT, "%.0f",
                            r.get("evaluate_tokens_per_second").asDouble()) : "-",
                    r.get("train_live_heap_bytes").asDouble() / (1 << 20),
                    r.get("score_live_heap_bytes").asDouble() / (1 << 20));
        }
        for (JsonNode r : out.get("cases")) {
            if (r.has("sample_count")) {
                System.out.printf(Locale.ROOT, "%s: filter %.0f tokens/s; sample --count %d: %.0f tokens/s against "
                        + "%.0f for one sample on the driver (%.2fx)%n", r.get("case").asText(),
                        r.get("filter_tokens_per_second").asDouble(), r.get("sample_count").asInt(),
                        r.get("sample_count_tokens_per_second").asDouble(),
                        r.get("sample_one_tokens_per_second").asDouble(),
                        r.get("sample_count_tokens_per_second").asDouble()
                                / r.get("sample_one_tokens_per_second").asDouble());
            }
        }
        System.out.println(out);
    }
}
