package org.sparklstm.job.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.core.checkpoint.RunLease;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.job.data.Corpus;

/**
 * Scheduled retraining over a root of generations ({@code gen-00001}, {@code gen-00002}, ...), each an ordinary
 * training run. One call does exactly one of:
 * <ol>
 *   <li>resume the newest generation if it has not finished (same files, from its newest checkpoint);</li>
 *   <li>start a new generation on the corpus files no finished generation has trained on (new paths, or
 *       changed size or modification time), fine-tuning from the previous generation's newest checkpoint;</li>
 *   <li>nothing, when there is nothing new.</li>
 * </ol>
 * A generation records its files in {@code retrain.json} before training, so a crashed call is resumed by the
 * next with the same files. The root itself is leased for the whole call: two calls never overlap.
 */
public final class Retrainer {
    /** Each generation's record of what it trains on. */
    public static final String RECORD = "retrain.json";

    private static final Logger LOG = LoggerFactory.getLogger("org.sparklstm.retrain");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JavaSparkContext sc;
    private final TrainingConfig config;
    private final List<String> corpus;
    private final URI root;
    private final long startNanos;

    /** What a call did. */
    public enum Action {
        /** Resumed an unfinished generation. */
        RESUMED,
        /** Trained a new generation. */
        TRAINED_NEW,
        /** Found nothing new to train on. */
        NOTHING_NEW
    }

    /** The outcome: what was done, in which generation, and the training result (null for NOTHING_NEW). */
    public record Outcome(Action action, URI generation, DistributedTrainer.Result result) {
    }

    /**
     * @param sc the Spark context
     * @param config the training configuration of each generation
     * @param corpus the corpus paths (folders or globs) to watch for new files
     * @param root the retraining root
     * @param startNanos when the command started, for the time budget
     */
    public Retrainer(JavaSparkContext sc, TrainingConfig config, List<String> corpus, URI root, long startNanos) {
        this.sc = sc;
        this.config = config;
        this.corpus = corpus;
        this.root = root;
        this.startNanos = startNanos;
    }

    /**
     * @return what this call did
     * @throws IOException if the root or the corpus cannot be read or written
     */
    public Outcome run() throws IOException {
        Configuration hadoop = sc.hadoopConfiguration();
        Path rootPath = new Path(root);
        FileSystem fs = rootPath.getFileSystem(hadoop);
        fs.mkdirs(rootPath);
        try (RunLease lease = RunLease.acquire(root, hadoop,
                Duration.ofSeconds(config.get(TrainingConfig.LEASE_SECONDS)))) {
            List<Path> generations = generations(fs, rootPath);
            Path latest = generations.isEmpty() ? null : generations.get(generations.size() - 1);
            if (latest != null && !fs.exists(new Path(latest, DistributedTrainer.COMPLETE_MARKER))) {
                JsonNode record = readRecord(fs, latest);
                List<String> files = new ArrayList<>();
                record.path("files").forEach(f -> files.add(f.path("path").asText()));
                String from = record.path("from").isNull() ? null : record.path("from").asText(null);
                LOG.info("Resuming the unfinished generation {}", latest);
                return new Outcome(Action.RESUMED, latest.toUri(), train(latest, files, from));
            }
            Set<String> trained = new HashSet<>();
            for (Path g : generations) {
                readRecord(fs, g).path("files")
                        .forEach(f -> trained.add(identity(f)));
            }
            List<FileStatus> fresh = new ArrayList<>();
            for (FileStatus f : Corpus.listStatuses(corpus, hadoop)) {
                if (!trained.contains(identity(f))) {
                    fresh.add(f);
                }
            }
            if (fresh.isEmpty()) {
                LOG.info("Nothing new to train on: all {} corpus file(s) were trained on by {} generation(s)",
                        trained.size(), generations.size());
                return new Outcome(Action.NOTHING_NEW, latest == null ? null : latest.toUri(), null);
            }
            Path next = new Path(rootPath, String.format("gen-%05d", generations.size() + 1));
            String from = latest == null ? null : latest.toUri().toString();
            ObjectNode record = JSON.createObjectNode();
            record.put("from", from);
            ArrayNode list = record.putArray("files");
            List<String> paths = new ArrayList<>();
            for (FileStatus f : fresh) {
                list.addObject().put("path", f.getPath().toString()).put("size", f.getLen())
                        .put("modified", f.getModificationTime());
                paths.add(f.getPath().toString());
            }
            new RunFiles(next.toUri(), hadoop).write(RECORD, JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(record) + "\n");
            LOG.info("New generation {} on {} new file(s){}", next, fresh.size(),
                    from == null ? "" : ", fine-tuning from " + from);
            return new Outcome(Action.TRAINED_NEW, next.toUri(), train(next, paths, from));
        }
    }

    private DistributedTrainer.Result train(Path generation, List<String> files, String from) throws IOException {
        return new DistributedTrainer(sc, config, files, generation.toUri(), from == null ? null : URI.create(from),
                startNanos).run();
    }

    private static List<Path> generations(FileSystem fs, Path root) throws IOException {
        List<Path> gens = new ArrayList<>();
        for (FileStatus s : fs.listStatus(root)) {
            if (s.isDirectory() && s.getPath().getName().matches("gen-\\d{5}")
                    && fs.exists(new Path(s.getPath(), RECORD))) {
                gens.add(s.getPath());
            }
        }
        gens.sort(null);
        return gens;
    }

    private static JsonNode readRecord(FileSystem fs, Path generation) throws IOException {
        try (var in = fs.open(new Path(generation, RECORD))) {
            return JSON.readTree(in.readAllBytes());
        }
    }

    private static String identity(JsonNode f) {
        return f.path("path").asText() + "|" + f.path("size").asLong() + "|" + f.path("modified").asLong();
    }

    private static String identity(FileStatus f) {
        return f.getPath().toString() + "|" + f.getLen() + "|" + f.getModificationTime();
    }
}
