package org.sparklstm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.sparklstm.datasets.corpus.BadInputPolicy;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.rows.JsonLinesFormat;
import org.sparklstm.datasets.rows.RowOptions;
import org.sparklstm.datasets.rows.TableFormat;
import org.sparklstm.datasets.text.TextFormat;
import org.sparklstm.job.cli.RuntimeSettings;
import org.sparklstm.job.data.Corpus;
import org.sparklstm.job.data.ReadLimits;

/**
 * The formats benchmark: the same text as plain text files, as JSON Lines rows and as Parquet rows (a row per
 * paragraph, written by Spark), read by the training path in one Spark application: read, decode and count the
 * vocabulary, and read to token windows (the vocabulary counted first, as training does). A warm-up round, then
 * repeated, alternating, with medians of the rate in code points per second
 * and each format's ratio to the text files printed as a table and as JSON, for three phases: count, windows (with the
 * codec built) and prepare (both). Usage:
 * {@code FormatsBenchmark MASTER REPEATS MEGABYTES SOURCE.txt WORKDIR [FORMS]}: the corpus is copies of
 * {@code SOURCE} until it holds about {@code MEGABYTES}; {@code FORMS} ({@code text,jsonl,parquet}, the default)
 * picks the forms read, the first of them the base of the ratios; {@code TRAIN-ITERATIONS}, when given and above 0,
 * then trains the default model that many iterations on each form, once, and compares the rates.
 */
public final class FormatsBenchmark {
    private static final int SEQUENCE_LENGTH = 100;
    private static final long SPLIT_BYTES = 64L << 20;
    private static final long FILE_BYTES = 64L << 20;

    private FormatsBenchmark() {
    }

    /** One corpus form: its name in the table, its key in FORMS, a format and the paths it reads. */
    private record Form(String name, String key, CorpusFormat format, String path) {
    }

    /**
     * @param args master, repetitions, megabytes, source text, working folder
     * @throws Exception if the corpus cannot be written or read
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 5 || args.length > 7) {
            System.err.println("usage: FormatsBenchmark MASTER REPEATS MEGABYTES SOURCE.txt WORKDIR [FORMS "
                    + "[TRAIN-ITERATIONS]]");
            System.exit(2);
        }
        int repeats = Integer.parseInt(args[1]);
        long bytes = Long.parseLong(args[2]) << 20;
        Path source = Path.of(args[3]);
        Path work = Path.of(args[4]);
        int trainIterations = args.length > 6 ? Integer.parseInt(args[6]) : 0;
        List<Form> forms;
        ObjectNode out;
        SparkConf conf = RuntimeSettings.sparkConf("formats-benchmark").setMaster(args[0])
                .set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            List<String> only = args.length > 5 ? List.of(args[5].split(",")) : List.of();
            forms = write(sc, source, bytes, work).stream()
                    .filter(f -> only.isEmpty() || only.contains(f.key())).toList();
            Map<String, List<Double>> counted = new LinkedHashMap<>();
            Map<String, List<Double>> windowed = new LinkedHashMap<>();
            Map<String, List<Double>> prepared = new LinkedHashMap<>();
            Map<String, Long> tokens = new LinkedHashMap<>();
            for (int r = 0; r <= repeats; r++) {
                String round = r == 0 ? "warm-up" : "repeat " + r;
                for (Form f : forms) {
                    long t0 = System.nanoTime();
                    Map<Integer, Long> counts = open(sc, f).symbolCounts();
                    long n = counts.values().stream().mapToLong(Long::longValue).sum();
                    double countSeconds = seconds(t0);
                    long t1 = System.nanoTime();
                    long windows = open(sc, f).windows(f.format().newCodec(() -> counts, 10_000), SEQUENCE_LENGTH)
                            .count();
                    double windowSeconds = seconds(t1);
                    if (r > 0) {
                        counted.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(n / countSeconds);
                        windowed.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(n / windowSeconds);
                        prepared.computeIfAbsent(f.name(), k -> new ArrayList<>())
                                .add(n / (countSeconds + windowSeconds));
                    }
                    tokens.put(f.name(), n);
                    System.err.printf(Locale.ROOT, "%s %s: counted %d code points in %.1f s, cut %d windows in %.1f s%n",
                            round, f.name(), n, countSeconds, windows, windowSeconds);
                }
            }
            out = report(args[0], bytes, forms, tokens, Map.of("count", counted, "windows", windowed, "prepare",
                    prepared));
        }
        if (trainIterations > 0) {
            train(args[0], forms, trainIterations, work, out);
        }
        System.out.println(out);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static Corpus open(JavaSparkContext sc, Form f) throws IOException {
        return Corpus.open(sc, List.of(f.path()), f.format(), ReadLimits.ofSplit(SPLIT_BYTES), List.of());
    }

    /**
     * Writes the three forms: text files of about 64 MB (copies of the source), JSON Lines files of its paragraphs
     * (split at blank lines) and Parquet files of the same rows, by Spark.
     */
    private static List<Form> write(JavaSparkContext sc, Path source, long bytes, Path work) throws IOException {
        String text = Files.readString(source);
        List<String> paragraphs = Arrays.stream(text.split("\\r?\\n\\s*\\n")).map(String::strip)
                .filter(p -> !p.isEmpty()).toList();
        long copies = Math.max(1, bytes / text.getBytes(StandardCharsets.UTF_8).length);
        long perFile = Math.max(1, FILE_BYTES / text.getBytes(StandardCharsets.UTF_8).length);
        Path textDir = Files.createDirectories(work.resolve("text"));
        Path jsonDir = Files.createDirectories(work.resolve("jsonl"));
        ObjectMapper json = new ObjectMapper();
        for (long c = 0, file = 0; c < copies; file++) {
            try (BufferedWriter t = Files.newBufferedWriter(textDir.resolve("part-" + file + ".txt"));
                 BufferedWriter j = Files.newBufferedWriter(jsonDir.resolve("part-" + file + ".jsonl"))) {
                for (long k = 0; k < perFile && c < copies; k++, c++) {
                    t.write(text);
                    for (int p = 0; p < paragraphs.size(); p++) {
                        ObjectNode row = json.createObjectNode().put("id", c + "-" + p).put("text", paragraphs.get(p));
                        j.write(json.writeValueAsString(row));
                        j.newLine();
                    }
                }
            }
        }
        Path parquet = work.resolve("parquet");
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        Broadcast<List<String>> rows = sc.broadcast(paragraphs);
        long n = copies * paragraphs.size();
        int files = (int) Math.max(1, (copies + perFile - 1) / perFile);
        spark.range(0, n, 1, files).map((org.apache.spark.api.java.function.MapFunction<Long, String>) i ->
                        rows.value().get((int) (i % rows.value().size())), Encoders.STRING())
                .toDF("text").write().parquet(parquet.toString());
        System.err.printf(Locale.ROOT, "wrote %d copies of %s (%d paragraphs each) as text, JSON Lines and Parquet "
                + "under %s%n", copies, source.getFileName(), paragraphs.size(), work);
        RowOptions options = new RowOptions("text", "", 16L << 20);
        return List.of(new Form("text files", "text", new TextFormat(BadInputPolicy.REPLACE), textDir.toString()),
                new Form("JSON Lines", "jsonl", new JsonLinesFormat(BadInputPolicy.REPLACE, options),
                        jsonDir.toString()),
                new Form("Parquet", "parquet", new TableFormat(BadInputPolicy.REPLACE, options), parquet.toString()));
    }

    /**
     * Prints each phase's median rate and its ratio to the first form's, as a table and as JSON.
     *
     * @param phases count (read, decode, count the vocabulary), windows (read, decode, encode, cut; the codec
     *               given) and prepare (both, what a training run does before its first step): form to rates
     */
    private static ObjectNode report(String master, long bytes, List<Form> forms, Map<String, Long> tokens,
                               Map<String, Map<String, List<Double>>> phases) {
        List<String> names = List.of("count", "windows", "prepare");
        String base = forms.get(0).name();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-16s %14s", "form (" + master + ")",
                "code points"));
        names.forEach(p -> header.append(String.format(Locale.ROOT, " %14s %8s", p + " Mcp/s", "ratio")));
        System.out.println(header);
        ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("master", master).put("megabytes", bytes >> 20);
        for (Form f : forms) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s %14d", f.name(),
                    tokens.get(f.name())));
            ObjectNode form = out.putObject(f.name());
            form.put("code_points", tokens.get(f.name()));
            for (String p : names) {
                double median = Medians.of(phases.get(p).get(f.name()));
                double ratio = median / Medians.of(phases.get(p).get(base));
                line.append(String.format(Locale.ROOT, " %14.2f %8.3f", median / 1e6, ratio));
                form.put(p + "_median", median).put(p + "_ratio_to_" + forms.get(0).key(), ratio);
                ArrayNode rates = form.putArray(p + "_code_points_per_second");
                phases.get(p).get(f.name()).forEach(rates::add);
            }
            System.out.println(line);
        }
        return out;
    }

    /**
     * Trains the default model on each form, once, through the {@code train} command, and prints the training rate
     * (the median of the run's {@code tokens_per_second}) and the end-to-end rate (tokens trained over the command's
     * wall time: listing, counting, cutting and caching the windows, and training), each with its ratio to the first
     * form's; adds them to {@code out}.
     */
    private static void train(String master, List<Form> forms, int iterations, Path work, ObjectNode out)
            throws IOException {
        Map<String, double[]> rates = new LinkedHashMap<>();
        for (Form f : forms) {
            Path run = work.resolve("runs").resolve(f.key());
            long t0 = System.nanoTime();
            Commands.run(List.of("train", "--master", master, "--format", f.key(), "--corpus", f.path(), "--output",
                    run.toString(), "--max-iterations", Integer.toString(iterations), "--seed", "1",
                    "--sample-length", "0"));
            double wall = seconds(t0);
            List<JsonNode> metrics = Commands.metrics(run);
            double trained = metrics.get(metrics.size() - 1).get("tokens_seen").asDouble();
            double rate = Medians.of(metrics.stream().map(m -> m.get("tokens_per_second").asDouble()).toList());
            rates.put(f.name(), new double[] {rate, trained / wall, wall, trained});
            System.err.printf(Locale.ROOT, "train %s: %.0f tokens in %.1f s, %.0f tokens/s while training%n", f.name(),
                    trained, wall, rate);
        }
        double[] base = rates.get(forms.get(0).name());
        System.out.printf(Locale.ROOT, "%-16s %14s %8s %14s %8s %10s%n", "train (" + iterations + " it.)", "tokens/s",
                "ratio", "end to end/s", "ratio", "seconds");
        rates.forEach((name, r) -> {
            System.out.printf(Locale.ROOT, "%-16s %14.0f %8.3f %14.0f %8.3f %10.1f%n", name, r[0], r[0] / base[0],
                    r[1], r[1] / base[1], r[2]);
            ((ObjectNode) out.get(name)).putObject("train").put("iterations", iterations).put("tokens", (long) r[3])
                    .put("seconds", r[2]).put("tokens_per_second", r[0]).put("tokens_per_second_ratio", r[0] / base[0])
                    .put("end_to_end_tokens_per_second", r[1]).put("end_to_end_ratio", r[1] / base[1]);
        });
    }
}
