package org.sparklstm.bench;

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
 * and each format's ratio to the text files printed as a table and as JSON. Usage:
 * {@code FormatsBenchmark MASTER REPEATS MEGABYTES SOURCE.txt WORKDIR [FORMS]}: the corpus is copies of
 * {@code SOURCE} until it holds about {@code MEGABYTES}; {@code FORMS} ({@code text,jsonl,parquet}, the default)
 * picks the forms read, the first of them the base of the ratios.
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
        if (args.length < 5 || args.length > 6) {
            System.err.println("usage: FormatsBenchmark MASTER REPEATS MEGABYTES SOURCE.txt WORKDIR [FORMS]");
            System.exit(2);
        }
        int repeats = Integer.parseInt(args[1]);
        long bytes = Long.parseLong(args[2]) << 20;
        Path source = Path.of(args[3]);
        Path work = Path.of(args[4]);
        SparkConf conf = RuntimeSettings.sparkConf("formats-benchmark").setMaster(args[0])
                .set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            List<String> only = args.length > 5 ? List.of(args[5].split(",")) : List.of();
            List<Form> forms = write(sc, source, bytes, work).stream()
                    .filter(f -> only.isEmpty() || only.contains(f.key())).toList();
            Map<String, List<Double>> counted = new LinkedHashMap<>();
            Map<String, List<Double>> windowed = new LinkedHashMap<>();
            Map<String, Long> tokens = new LinkedHashMap<>();
            for (int r = 0; r <= repeats; r++) {
                boolean warmUp = r == 0;
                for (Form f : forms) {
                    long t0 = System.nanoTime();
                    long n = open(sc, f).symbolCounts().values().stream().mapToLong(Long::longValue).sum();
                    if (!warmUp) {
                        counted.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(n / seconds(t0));
                    }
                    tokens.put(f.name(), n);
                    System.err.printf(Locale.ROOT, "%s %s: counted %d code points in %.1f s%n",
                            warmUp ? "warm-up" : "repeat " + r, f.name(), n, seconds(t0));
                }
                for (Form f : forms) {
                    long t0 = System.nanoTime();
                    Corpus corpus = open(sc, f);
                    long windows = corpus.windows(f.format().newCodec(corpus::symbolCounts, 10_000), SEQUENCE_LENGTH)
                            .count();
                    if (!warmUp) {
                        windowed.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(tokens.get(f.name())
                                / seconds(t0));
                    }
                    System.err.printf(Locale.ROOT, "%s %s: %d windows in %.1f s%n", warmUp ? "warm-up" : "repeat " + r,
                            f.name(), windows, seconds(t0));
                }
            }
            report(args[0], bytes, forms, tokens, counted, windowed);
        }
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

    private static void report(String master, long bytes, List<Form> forms, Map<String, Long> tokens,
                               Map<String, List<Double>> counted, Map<String, List<Double>> windowed) {
        String base = forms.get(0).name();
        System.out.printf(Locale.ROOT, "%-12s %14s %14s %9s %14s %9s%n", "form (" + master + ")", "code points",
                "count Mcp/s", "vs text", "windows Mcp/s", "vs text");
        ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("master", master).put("megabytes", bytes >> 20);
        for (Form f : forms) {
            double c = Medians.of(counted.get(f.name()));
            double w = Medians.of(windowed.get(f.name()));
            double cr = c / Medians.of(counted.get(base));
            double wr = w / Medians.of(windowed.get(base));
            System.out.printf(Locale.ROOT, "%-12s %14d %14.2f %9.3f %14.2f %9.3f%n", f.name(), tokens.get(f.name()),
                    c / 1e6, cr, w / 1e6, wr);
            ObjectNode form = out.putObject(f.name());
            form.put("code_points", tokens.get(f.name())).put("count_median", c).put("count_ratio_to_text", cr)
                    .put("windows_median", w).put("windows_ratio_to_text", wr);
            ArrayNode cs = form.putArray("count_code_points_per_second");
            counted.get(f.name()).forEach(cs::add);
            ArrayNode ws = form.putArray("windows_code_points_per_second");
            windowed.get(f.name()).forEach(ws::add);
        }
        System.out.println(out);
    }
}
