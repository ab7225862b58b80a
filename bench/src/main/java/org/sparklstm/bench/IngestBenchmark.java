package org.sparklstm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.SerializableConfiguration;
import org.nd4j.linalg.dataset.DataSet;
import org.sparklstm.datasets.codec.CharacterCodec;
import org.sparklstm.datasets.corpus.BadInputPolicy;
import org.sparklstm.datasets.text.TextFormat;
import org.sparklstm.datasets.window.Minibatches;
import org.sparklstm.job.cli.RuntimeSettings;
import org.sparklstm.job.data.Corpus;
import org.sparklstm.job.data.ReadLimits;
import org.sparklstm.job.data.FileRange;

/**
 * The ingestion benchmark: in one Spark application, the rate at which the corpus's bytes become training
 * minibatches (read, decode, count the vocabulary, encode, cut windows, build minibatches; one-hot as the model reads
 * them, and as indices for comparison), against a plain read of the same files by the same tasks, and the decode
 * and count stage alone; repeated, alternating, with medians and ratios printed as a table and as JSON. Usage: {@code IngestBenchmark MASTER REPEATS PATH...}.
 */
public final class IngestBenchmark {
    private static final int SEQUENCE_LENGTH = 100;
    private static final int BATCH = 16;
    private static final long SPLIT_BYTES = 64L << 20;

    private IngestBenchmark() {
    }

    /**
     * @param args master, repetitions, corpus paths
     * @throws Exception if the corpus cannot be read
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: IngestBenchmark MASTER REPEATS PATH...");
            System.exit(2);
        }
        int repeats = Integer.parseInt(args[1]);
        List<String> paths = Arrays.asList(args).subList(2, args.length);
        SparkConf conf = RuntimeSettings.sparkConf("ingest-benchmark").setMaster(args[0]).set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            TextFormat format = new TextFormat(BadInputPolicy.REPLACE);
            List<FileRange> ranges = FileRange.plan(Corpus.listStatuses(paths, sc.hadoopConfiguration(), List.of()), format,
                    SPLIT_BYTES, sc.hadoopConfiguration());
            SerializableConfiguration hadoop = new SerializableConfiguration(sc.hadoopConfiguration());
            long bytes = plainRead(sc, ranges, hadoop);
            List<Double> plain = new ArrayList<>();
            List<Double> counted = new ArrayList<>();
            List<Double> oneHot = new ArrayList<>();
            List<Double> index = new ArrayList<>();
            long minibatches = 0;
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                plainRead(sc, ranges, hadoop);
                plain.add(bytes / ((System.nanoTime() - t0) / 1e9));
                t0 = System.nanoTime();
                Corpus.open(sc, paths, format, ReadLimits.ofSplit(SPLIT_BYTES), List.of()).symbolCounts();
                counted.add(bytes / ((System.nanoTime() - t0) / 1e9));
                t0 = System.nanoTime();
                minibatches = minibatches(sc, paths, format, true);
                oneHot.add(bytes / ((System.nanoTime() - t0) / 1e9));
                t0 = System.nanoTime();
                minibatches(sc, paths, format, false);
                index.add(bytes / ((System.nanoTime() - t0) / 1e9));
            }
            report(args[0], paths, bytes, minibatches, List.of(plain, counted, oneHot, index));
        }
    }

    /** Reads every range's bytes (a whole file, or its part) and throws them away: the floor any ingestion pays. */
    private static long plainRead(JavaSparkContext sc, List<FileRange> ranges, SerializableConfiguration hadoop) {
        return sc.parallelize(ranges, Math.max(1, ranges.size())).map(r -> {
            Path path = new Path(r.source());
            try (FSDataInputStream in = path.getFileSystem(hadoop.value()).open(path)) {
                in.seek(r.start());
                long limit = r.isWhole() ? Long.MAX_VALUE : r.length();
                byte[] buffer = new byte[1 << 16];
                long n = 0;
                for (int k = in.read(buffer, 0, (int) Math.min(buffer.length, limit - n)); k > 0;
                     k = in.read(buffer, 0, (int) Math.min(buffer.length, limit - n))) {
                    n += k;
                }
                return n;
            }
        }).reduce(Long::sum);
    }

    /**
     * The training path: vocabulary count, encoding and windows, then minibatches built on the executors, one-hot
     * ({@code [B, V, T]} features with sparse {@code [B, 1, T]} labels, what DL4J's own layers read) or as token ids
     * ({@code [B, 1, T]}, what the fused LSTM kernel reads).
     */
    private static long minibatches(JavaSparkContext sc, List<String> paths, TextFormat format, boolean oneHot)
            throws Exception {
        Corpus corpus = Corpus.open(sc, paths, format, ReadLimits.ofSplit(SPLIT_BYTES), List.of());
        CharacterCodec codec = (CharacterCodec) format.newCodec(corpus::symbolCounts, 10_000);
        Minibatches form = new Minibatches(codec.vocabularySize(),
                oneHot ? Minibatches.Inputs.ONE_HOT : Minibatches.Inputs.TOKEN_IDS);
        return corpus.windows(codec, SEQUENCE_LENGTH).mapPartitions(it -> {
            List<int[]> batch = new ArrayList<>(BATCH);
            long built = 0;
            while (it.hasNext()) {
                batch.add(it.next().ids());
                if (batch.size() == BATCH || !it.hasNext()) {
                    DataSet ds = form.of(batch);
                    built += ds.getFeatures().length() > 0 ? 1 : 0;
                    batch.clear();
                }
            }
            return List.of(built).iterator();
        }).reduce(Long::sum);
    }

    private static void report(String master, List<String> paths, long bytes, long minibatches,
                               List<List<Double>> stages) {
        String[] names = {"plain read of the same files", "read, decode, count vocabulary",
                "bytes -> one-hot minibatches", "bytes -> token-id minibatches"};
        String[] keys = {"plain_read", "decode_and_count", "one_hot_minibatches", "token_id_minibatches"};
        double plain = Medians.of(stages.get(0));
        System.out.printf(Locale.ROOT, "%-34s %12s %10s%n", "stage (" + master + ", " + bytes / 1_000_000 + " MB)",
                "MB/s median", "vs read");
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("master", master).put("corpus", String.join(",", paths)).put("bytes", bytes)
                .put("minibatches", minibatches);
        for (int i = 0; i < names.length; i++) {
            double m = Medians.of(stages.get(i));
            System.out.printf(Locale.ROOT, "%-34s %12.2f %10.4f%n", names[i], m / 1e6, m / plain);
            ObjectNode stage = json.putObject(keys[i]);
            stage.put("bytes_per_second_median", m).put("ratio_to_plain_read", m / plain);
            ArrayNode runs = stage.putArray("bytes_per_second");
            stages.get(i).forEach(runs::add);
        }
        System.out.println(json);
    }
}
