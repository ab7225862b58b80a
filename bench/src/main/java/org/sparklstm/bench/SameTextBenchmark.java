package org.sparklstm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The same text in three forms trains to the same bits per character: a book's chapters as text files, as JSON
 * Lines rows and as Parquet rows (written by Spark), a row per chapter, each trained for the same number of
 * iterations with each seed, then scored by {@code evaluate --scoring both} on the same held-out chapters (none of
 * them trained on): as training-size windows after their context (the figure compared) and as streams. Prints
 * each run, the median per form and its difference from the text files', against the spread between seeds, as a
 * table and as JSON. Usage:
 * {@code SameTextBenchmark MASTER ITERATIONS SEEDS SOURCE.txt WORKDIR [TRAIN-OPTION...]}: {@code SEEDS} comma
 * separated; the source is cut into chapters at lines starting {@code CHAPTER}, and its last eighth is held out.
 */
public final class SameTextBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SameTextBenchmark() {
    }

    /**
     * One form of the training chapters: the options that read it, and the held-out chapters as {@code evaluate}
     * reads them for its model (files one by one: JSON Lines for a JSON Lines model, text files otherwise).
     */
    private record Form(String name, List<String> options, Path heldOut) {
    }

    /**
     * @param args master, iterations, seeds, source, working folder, more train options
     * @throws Exception if a corpus cannot be written or a run fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: SameTextBenchmark MASTER ITERATIONS SEEDS SOURCE.txt WORKDIR [TRAIN-OPTION...]");
            System.exit(2);
        }
        String master = args[0];
        List<String> seeds = List.of(args[2].split(","));
        Path work = Path.of(args[4]);
        List<String> extra = Arrays.asList(args).subList(5, args.length);
        List<String> chapters = chapters(Files.readString(Path.of(args[3])));
        int held = Math.max(1, chapters.size() / 8);
        List<Form> forms = write(chapters, chapters.size() - held, work);
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        for (String seed : seeds) {
            for (Form f : forms) {
                Path run = work.resolve("runs").resolve(f.name() + "-" + seed);
                List<String> train = new ArrayList<>(List.of("train", "--master", master, "--output", run.toString(),
                        "--max-iterations", args[1], "--seed", seed, "--sample-length", "0"));
                train.addAll(f.options());
                train.addAll(extra);
                Commands.run(train);
                double own = lastValidation(run);
                JsonNode scored = JSON.readTree(Commands.run(List.of("evaluate", "--checkpoint", run.toString(), "--corpus",
                        f.heldOut().toString(), "--scoring", "both")));
                double windows = scored.get("window_bits_per_token").asDouble();
                double stream = scored.get("bits_per_token").asDouble();
                results.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(new double[] {own, windows, stream});
                System.err.printf(Locale.ROOT, "%s seed %s: validation %.4f, held-out chapters %.4f as windows, "
                        + "%.4f as streams%n", f.name(), seed, own, windows, stream);
            }
        }
        report(master, args[1], seeds, chapters.size() - held, held, results);
    }

    /** @return the book cut at its chapter headings (what comes before the first, if anything, joins it) */
    private static List<String> chapters(String book) {
        List<String> chapters = new ArrayList<>(List.of(book.split("(?m)^(?=CHAPTER )")));
        if (chapters.size() > 1 && !chapters.get(0).startsWith("CHAPTER ")) {
            chapters.set(1, chapters.get(0) + chapters.remove(1));
        }
        return chapters;
    }

    /**
     * Writes the chapters before {@code trained} as text files, as a JSON Lines file and as Parquet (by Spark), a
     * row each, and the rest, held out, as text files and as JSON Lines.
     */
    private static List<Form> write(List<String> chapters, int trained, Path work) throws IOException {
        Path text = Files.createDirectories(work.resolve("text"));
        Path testText = Files.createDirectories(work.resolve("test-text"));
        Path jsonl = work.resolve("chapters.jsonl");
        Path testJsonl = Files.createDirectories(work.resolve("test-jsonl")).resolve("chapters.jsonl");
        List<Row> rows = new ArrayList<>();
        try (BufferedWriter out = Files.newBufferedWriter(jsonl); BufferedWriter test = Files.newBufferedWriter(testJsonl)) {
            for (int i = 0; i < chapters.size(); i++) {
                String id = String.format(Locale.ROOT, "ch-%03d", i + 1);
                Files.writeString((i < trained ? text : testText).resolve(id + ".txt"), chapters.get(i));
                (i < trained ? out : test).write(JSON.writeValueAsString(JSON.createObjectNode().put("id", id)
                        .put("text", chapters.get(i))));
                (i < trained ? out : test).newLine();
                if (i < trained) {
                    rows.add(RowFactory.create(id, chapters.get(i)));
                }
            }
        }
        Path parquet = work.resolve("parquet");
        SparkSession spark = SparkSession.builder().master("local[2]").appName("write-parquet")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType);
            spark.createDataFrame(rows, schema).repartition(3).write().parquet(parquet.toString());
        } finally {
            spark.stop();
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
        }
        return List.of(new Form("text", List.of("--format", "text", "--corpus", text.toString()), testText),
                new Form("jsonl", List.of("--format", "jsonl", "--id-column", "id", "--corpus", jsonl.toString()),
                        testJsonl.getParent()),
                new Form("parquet", List.of("--format", "parquet", "--id-column", "id", "--corpus",
                        parquet.toString()), testText));
    }

    /** @return the run's last held-out bits per token in its metrics */
    private static double lastValidation(Path run) throws IOException {
        return Commands.metrics(run).stream().filter(m -> m.hasNonNull("val_bits_per_token"))
                .mapToDouble(m -> m.get("val_bits_per_token").asDouble()).reduce((a, b) -> b).orElse(Double.NaN);
    }

    private static void report(String master, String iterations, List<String> seeds, int trained, int held,
                               Map<String, List<double[]>> results) {
        System.out.printf(Locale.ROOT, "%d chapters trained, %d held out; %s iterations on %s; seeds %s%n", trained,
                held, iterations, master, seeds);
        System.out.printf(Locale.ROOT, "%-8s %-22s %-22s %9s %9s %-22s%n", "form", "validation (each seed)",
                "chapters, windows", "median", "vs text", "chapters, streams");
        double base = median(results.values().iterator().next(), 1);
        ObjectNode json = JSON.createObjectNode();
        json.put("master", master).put("iterations", iterations).put("chapters_trained", trained)
                .put("chapters_held_out", held);
        double spread = 0;
        for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
            double m = median(e.getValue(), 1);
            double lo = e.getValue().stream().mapToDouble(r -> r[1]).min().orElse(m);
            double hi = e.getValue().stream().mapToDouble(r -> r[1]).max().orElse(m);
            spread = Math.max(spread, hi - lo);
            System.out.printf(Locale.ROOT, "%-8s %-22s %-22s %9.4f %+9.4f %-22s%n", e.getKey(), join(e.getValue(), 0),
                    join(e.getValue(), 1), m, m - base, join(e.getValue(), 2));
            ObjectNode form = json.putObject(e.getKey());
            form.put("chapters_median", m).put("difference_from_text", m - base);
            ArrayNode validation = form.putArray("validation_bits_per_token");
            ArrayNode windows = form.putArray("chapters_windows_bits_per_token");
            ArrayNode streams = form.putArray("chapters_stream_bits_per_token");
            e.getValue().forEach(r -> {
                validation.add(r[0]);
                windows.add(r[1]);
                streams.add(r[2]);
            });
        }
        System.out.printf(Locale.ROOT, "largest spread between seeds of one form: %.4f%n", spread);
        json.put("largest_seed_spread", spread);
        System.out.println(json);
    }

    private static double median(List<double[]> runs, int column) {
        return Medians.of(runs.stream().map(r -> r[column]).toList());
    }

    private static String join(List<double[]> runs, int column) {
        return String.join(" ", runs.stream().map(r -> String.format(Locale.ROOT, "%.4f", r[column])).toList());
    }
}
