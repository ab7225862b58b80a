package org.sparklstm.job.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.core.checkpoint.RunLease;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.core.config.RunKeys;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.io.FileIO;
import org.sparklstm.core.io.HadoopFileIO;
import org.sparklstm.core.run.RunFiles;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.job.data.Corpus;
import org.sparklstm.job.data.FileSlice;
import org.sparklstm.job.data.IcebergHistory;
import org.sparklstm.job.data.NoTrainingTextException;
import org.sparklstm.job.data.TableCorpus;

/**
 * Scheduled retraining over a root of generations ({@code gen-00001}, {@code gen-00002}, ...), each an ordinary
 * training run. One call does exactly one of:
 * <ol>
 *   <li>resume the newest generation if it has not finished (same files, from its newest checkpoint), or close
 *       it with {@value RunLayout#GENERATION_ABANDONED} when it cannot be resumed exactly (a recorded file was deleted or
 *       changed, its record cannot be read) and go on to the next step;</li>
 *   <li>start a new generation on what no finished generation has trained: new files, what was appended to
 *       text files, replaced files whole, told apart by content digests ({@link RetrainPlan}); or, for Iceberg
 *       tables, the rows appended since the snapshot last trained up to ({@link TablePlan}); fine-tuning from the
 *       newest finished generation's checkpoint;</li>
 *   <li>nothing, when there is nothing new.</li>
 * </ol>
 * A generation records the exact byte ranges (or snapshots) it trains in {@code retrain.json} (written whole or not at all)
 * before training, so a crashed call is resumed by the next with the same bytes (or closed, if they changed). A generation none of whose files holds usable text is
 * finished as such (the call exits 3 once; the files are not retried unless they change). Recorded paths are
 * literal, never globs. The root itself is leased for the whole call: two calls never overlap.
 */
public final class Retrainer {

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
    public record Outcome(Action action, URI generation, TrainingOutcome result) {
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
        FileIO io = HadoopFileIO.of(root, hadoop);
        try (RunLease lease = RunLease.acquire(root, hadoop,
                Duration.ofSeconds(config.get(RunKeys.LEASE_SECONDS)))) {
            List<Generation> generations = generations(io, hadoop, lease);
            Generation latest = generations.isEmpty() ? null : generations.get(generations.size() - 1);
            if (latest != null && latest.open()) {
                JsonNode record = latest.record();
                String problem = record == null ? "its " + RunLayout.RETRAIN_RECORD + " cannot be read"
                        : TablePlan.trainsTables(record) ? TablePlan.changedSince(spark(), record)
                        : RetrainPlan.hasRanges(record) ? RetrainPlan.changedSince(sc, RetrainPlan.slices(record))
                        : changedFile(hadoop, record);
                if (problem == null) {
                    String from = record.path("from").isNull() ? null : record.path("from").asText(null);
                    LOG.info("Resuming the unfinished generation {}", latest.path());
                    return new Outcome(Action.RESUMED, latest.path(), train(latest, record, from));
                }
                LOG.warn("Closing the unfinished generation {} without finishing it, since {}; its files count as "
                        + "not trained, and the next generation fine-tunes from the last finished one",
                        latest.path(), problem);
                latest.files().write(RunLayout.GENERATION_ABANDONED, problem + "\n");
                generations = generations(io, hadoop, lease);
            }
            ObjectNode record = JSON.createObjectNode();
            record.put("from", generations.stream().filter(Generation::complete).filter(Generation::hasCheckpoint)
                    .reduce((a, b) -> b).map(g -> g.path().toString()).orElse(null));
            List<JsonNode> finished = generations.stream().filter(Generation::complete).map(Generation::record)
                    .toList();
            String what;
            if (corpus.stream().anyMatch(TableCorpus::namesTable)) {
                List<IcebergHistory.Increment> fresh = TablePlan.fresh(spark(), corpus, finished);
                if (fresh.isEmpty()) {
                    LOG.info("Nothing new to train on: no table gained rows since {} generation(s)",
                            generations.size());
                    return new Outcome(Action.NOTHING_NEW, latest == null ? null : latest.path(), null);
                }
                record.putArray("files");
                boolean whole = config.corpusFormat().documentsSpanRows();
                record.set("tables", TablePlan.entries(fresh, whole));
                what = fresh.stream().map(i -> i.appendedRows() + " row(s) " + (whole ? "appended to "
                        + TableCorpus.TABLE + i.table() + ", read whole as of snapshot " + i.snapshot()
                        : "of " + i.ref().corpus())).collect(Collectors.joining(", "));
            } else {
                List<FileStatus> listing = Corpus.listStatuses(corpus, hadoop, List.of(root));
                List<FileSlice> fresh = RetrainPlan.fresh(sc, config.corpusFormat(), listing, finished);
                if (fresh.isEmpty()) {
                    LOG.info("Nothing new to train on: all {} corpus file(s) were trained on by {} generation(s)",
                            listing.size(), generations.size());
                    return new Outcome(Action.NOTHING_NEW, latest == null ? null : latest.path(), null);
                }
                record.set("files", RetrainPlan.entries(fresh, listing));
                long appended = fresh.stream().filter(f -> !f.fromStart()).count();
                what = (fresh.size() - appended) + " new or changed file(s)"
                        + (appended == 0 ? "" : " and what was appended to " + appended + " file(s)");
            }
            URI nextPath = io.uri(RunLayout.generation(generations.size() + 1));
            Generation next = new Generation(nextPath, new RunFiles(nextPath, hadoop, lease), null, false, false);
            next.files().write(RunLayout.RETRAIN_RECORD, JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(record) + "\n");
            String from = record.path("from").asText(null);
            LOG.info("New generation {} on {}{}", next.path(), what, from == null ? "" : ", fine-tuning from " + from);
            return new Outcome(Action.TRAINED_NEW, next.path(), train(next, record, from));
        }
    }

    /** @return the session over this call's Spark context, for tables and their histories */
    private SparkSession spark() {
        return SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    }

    /**
     * Trains a generation. When none of its files holds usable training text, the generation is finished as
     * such (its files count as seen, so they are not retried unless they change) and the call still exits 3.
     */
    private TrainingOutcome train(Generation generation, JsonNode record, String from)
            throws IOException {
        List<String> files = new ArrayList<>();
        record.path("files").forEach(f -> files.add(f.path("path").asText()));
        files.addAll(TablePlan.corpus(record));
        DistributedTrainer trainer = new DistributedTrainer(sc, config, files.stream().distinct().toList(),
                generation.path(), from == null ? null : URI.create(from), startNanos);
        if (RetrainPlan.hasRanges(record)) {
            trainer = trainer.readingSlices(RetrainPlan.slices(record));
        }
        try {
            return trainer.run();
        } catch (NoTrainingTextException e) {
            generation.files().write(RunLayout.COMPLETE, "no usable training text; see "
                    + RunLayout.DATA_REPORT + "\n");
            throw e;
        }
    }

    /**
     * For a record of whole files (written before byte ranges were recorded).
     *
     * @return why a recorded file can no longer be trained exactly as recorded, or null if none
     */
    private static String changedFile(Configuration conf, JsonNode record) throws IOException {
        for (JsonNode f : record.path("files")) {
            Path path = new Path(f.path("path").asText());
            FileStatus now;
            try {
                now = path.getFileSystem(conf).getFileStatus(path);
            } catch (FileNotFoundException e) {
                return path + " was deleted or renamed";
            }
            if (!RetrainPlan.sameAsRecorded(f, now)) {
                return path + " changed since it was recorded";
            }
        }
        return null;
    }

    /** One generation folder: its record (null when it cannot be read) and whether it finished or was closed. */
    private record Generation(URI path, RunFiles files, JsonNode record, boolean complete, boolean abandoned) {
        boolean open() {
            return !complete && !abandoned;
        }

        boolean hasCheckpoint() {
            try {
                return files.exists(RunLayout.CHECKPOINTS + "/" + RunLayout.LATEST);
            } catch (IOException e) {
                return false;
            }
        }
    }

    private static List<Generation> generations(FileIO io, Configuration conf, RunLease lease) throws IOException {
        List<Generation> gens = new ArrayList<>();
        for (String name : io.folders("")) {
            if (!RunLayout.isGeneration(name)) {
                continue;
            }
            RunFiles files = new RunFiles(io.uri(name), conf, lease);
            if (!files.exists(RunLayout.RETRAIN_RECORD)) {
                continue;
            }
            JsonNode record;
            try {
                record = JSON.readTree(files.readOrNull(RunLayout.RETRAIN_RECORD));
            } catch (JsonProcessingException e) {
                record = null;
            }
            if (record != null && !record.isObject()) {
                record = null;
            }
            gens.add(new Generation(io.uri(name), files, record, record != null
                    && files.exists(RunLayout.COMPLETE), files.exists(RunLayout.GENERATION_ABANDONED)));
        }
        return gens;
    }
}
