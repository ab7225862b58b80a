package org.sparklstm.job.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.stats.StatsUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.bundle.Provenance;
import org.sparklstm.core.bundle.TrainingState;
import org.sparklstm.core.checkpoint.CheckpointException;
import org.sparklstm.core.checkpoint.HadoopCheckpointStore;
import org.sparklstm.core.checkpoint.RunLease;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.eval.LogLoss;
import org.sparklstm.core.generate.Sampler;
import org.sparklstm.core.model.NetworkFactory;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.midi.PerformanceCodec;
import org.sparklstm.datasets.window.SplitAssigner;
import org.sparklstm.job.data.Augmentation;
import org.sparklstm.job.data.Corpus;
import org.sparklstm.job.data.FileRead;
import org.sparklstm.job.data.Window;
import org.sparklstm.job.report.MusicSample;
import org.sparklstm.job.report.RunReport;

/**
 * One training run on Spark: takes the output root's lease, reads the corpus, builds (or reloads) the codec
 * and network, trains with DL4J's parameter averaging round by round, evaluates on the validation split, logs
 * metrics and writes checkpoints (with retention).
 *
 * <p>If the output root already holds a valid checkpoint the run continues from it exactly: network, updater
 * state, codec, counters (epoch, round, iteration) and data order. Otherwise, with {@code from}, it starts a new
 * run from another run's checkpoint (its network, updater state and codec; counters from zero).
 */
public final class DistributedTrainer {
    /** Name of the data report written under the run root. */
    public static final String DATA_REPORT = "data-report.json";
    /** Name of the report of executors and their tasks written under the run root. */
    public static final String EXECUTORS_REPORT = "executors.json";
    /** Name of DL4J's training stats, written under the run root with {@code --training-stats}. */
    public static final String TRAINING_STATS = "training-stats.html";
    /** Written under the run root when training has finished all it was asked to do. */
    public static final String COMPLETE_MARKER = "_COMPLETE";

    private static final Logger LOG = LoggerFactory.getLogger("org.sparklstm.train");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double SAMPLE_TEMPERATURE = 0.8;
    private static final long CHECKPOINT_ALLOWANCE_NANOS = 5_000_000_000L;

    private final JavaSparkContext sc;
    private final List<String> corpusPaths;
    private final URI output;
    private final URI from;
    private final long startNanos;

    private TrainingConfig config;
    private ProgressReporter progress;
    private RunLease lease;
    private HadoopCheckpointStore store;
    private TrainingState state;
    private boolean evaluatedAtState;
    private boolean checkpointedAtState;
    private boolean trainingStats;
    private final ExecutorUsage usage = new ExecutorUsage();

    /** How a run ended: its counters, its last checkpoint and why it stopped. */
    public record Result(TrainingState state, String checkpoint, String stopReason, boolean complete) {
    }

    /**
     * @param sc the Spark context
     * @param config the run's configuration
     * @param corpusPaths corpus files, folders or globs
     * @param output the run root
     * @param from a checkpoint to start from when the root holds none (null: start afresh)
     * @param startNanos when the command started, for the time budget
     */
    public DistributedTrainer(JavaSparkContext sc, TrainingConfig config, List<String> corpusPaths, URI output,
                              URI from, long startNanos) {
        this.sc = sc;
        this.config = config;
        this.corpusPaths = corpusPaths;
        this.output = output;
        this.from = from;
        this.startNanos = startNanos;
    }

    /**
     * @param collect whether to collect DL4J's Spark training stats and export them as {@value #TRAINING_STATS}
     * @return this trainer
     */
    public DistributedTrainer collectTrainingStats(boolean collect) {
        this.trainingStats = collect;
        return this;
    }

    /**
     * @return how the run ended
     * @throws IOException if the corpus, the checkpoints or the output cannot be read or written
     */
    public Result run() throws IOException {
        Configuration hadoop = sc.hadoopConfiguration();
        RunFiles files = new RunFiles(output, hadoop);
        try (ProgressReporter reporter = new ProgressReporter();
             RunLease held = RunLease.acquire(files.root(), hadoop,
                     Duration.ofSeconds(config.get(TrainingConfig.LEASE_SECONDS)))) {
            progress = reporter;
            lease = held;
            sc.sc().addSparkListener(usage);
            store = new HadoopCheckpointStore(files.root(), hadoop);
            List<String> leftovers = store.retain(config.get(TrainingConfig.KEEP_LAST),
                    config.get(TrainingConfig.KEEP_BEST));
            if (!leftovers.isEmpty()) {
                LOG.info("Removed {} incomplete or surplus checkpoint(s) left by an earlier run: {}",
                        leftovers.size(), leftovers);
            }
            try {
                return train(files, startingPoint(hadoop));
            } finally {
                sc.sc().removeSparkListener(usage);
            }
        }
    }

    private ModelBundle startingPoint(Configuration hadoop) throws IOException {
        ModelBundle start = null;
        try {
            start = store.loadLatest();
        } catch (CheckpointException none) {
            LOG.debug("No checkpoint to resume from: {}", none.getMessage());
        }
        if (start != null) {
            state = start.state();
            LOG.info("Resuming from the newest valid checkpoint in {}: epoch {}, round {}, iteration {}",
                    store.uri(), state.epoch() + 1, state.roundInEpoch(), state.iteration());
        } else if (from != null) {
            start = HadoopCheckpointStore.locate(from, hadoop).load();
            state = TrainingState.START;
            LOG.info("Starting a new run from {} (trained {} iterations there), with its codec",
                    from, start.state().iteration());
        } else {
            state = TrainingState.START;
        }
        if (start != null) {
            config = config.withArchitectureOf(start.config());
        }
        return start;
    }

    private Result train(RunFiles files, ModelBundle start) throws IOException {
        phase("reading corpus and counting vocabulary");
        CorpusFormat format = config.corpusFormat();
        Corpus corpus = Corpus.open(sc, corpusPaths, format, config.get(TrainingConfig.SPLIT_MB) * (1L << 20));
        SequenceCodec codec = start != null ? start.codec()
                : format.newCodec(corpus::symbolCounts, config.get(TrainingConfig.MAX_VOCAB));
        int vocab = codec.vocabularySize();
        int seqLen = config.sequenceLength();
        SplitAssigner split = new SplitAssigner(config.get(TrainingConfig.VALIDATION_FRACTION));
        JavaRDD<Window> all = corpus.windows(codec, seqLen);
        Augmentation augmentation = Augmentation.of(config);
        StorageLevel cache = windowCache(corpus.bytes());
        JavaRDD<Window> train = augmentation.apply(Corpus.side(all, split, false)).persist(cache);
        JavaRDD<Window> validation = Corpus.side(all, split, true).persist(cache);
        phase("cutting windows");
        long[] trainTokens = tokens(train, codec.unknownId());
        long[] valTokens = tokens(validation, codec.unknownId());
        long maxValidation = config.get(TrainingConfig.MAX_VALIDATION_TOKENS);
        long scoredTokens = valTokens[0];
        if (maxValidation > 0 && valTokens[0] > maxValidation) {
            double share = (double) maxValidation / valTokens[0];
            JavaRDD<Window> subset = validation.filter(w -> SplitAssigner.subsetDraw(w.source(), w.offset()) < share)
                    .persist(cache);
            long[] subsetTokens = tokens(subset, codec.unknownId());
            LOG.info("Evaluations score a fixed subset of {} of the {} validation tokens (max-validation-tokens)",
                    subsetTokens[0], valTokens[0]);
            validation.unpersist(false);
            validation = subset;
            scoredTokens = subsetTokens[0];
        }
        List<FileRead> report = corpus.report();
        writeDataReport(files, report, codec, trainTokens, valTokens, scoredTokens);
        long skipped = report.stream().filter(r -> r.content().skipReason() != null).count();
        LOG.info("Corpus ({}): {} file(s) read, {} skipped (see {}), vocabulary {} symbols, {} training{} and {} "
                        + "validation tokens, {} unknown", format.name(), report.size() - skipped, skipped,
                DATA_REPORT, vocab, trainTokens[0], augmentation.variants() == 1 ? ""
                        : " (up to " + augmentation.variants() + " augmented variants of each window)",
                valTokens[0], trainTokens[1] + valTokens[1]);
        if (trainTokens[0] == 0) {
            throw new CorpusException(String.join(",", corpusPaths), "no usable training text in "
                    + report.size() + " file(s); see " + DATA_REPORT);
        }

        MultiLayerNetwork network = start != null ? start.network() : NetworkFactory.create(config, vocab);
        int workers = config.get(TrainingConfig.WORKERS) > 0 ? config.get(TrainingConfig.WORKERS)
                : sc.defaultParallelism();
        int batch = config.batchSize();
        int avgFreq = config.get(TrainingConfig.AVERAGING_FREQUENCY);
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers, batch)
                .batchSizePerWorker(batch)
                .averagingFrequency(avgFreq)
                .workerPrefetchNumBatches(config.get(TrainingConfig.PREFETCH))
                .rddTrainingApproach("export".equals(config.get(TrainingConfig.TRAINING_APPROACH))
                        ? RDDTrainingApproach.Export : RDDTrainingApproach.Direct)
                .exportDirectory(files.root() + "/_export")
                .repartionData(switch (config.get(TrainingConfig.REPARTITION)) {
                    case "always" -> Repartition.Always;
                    case "num-partitions-workers-differs" -> Repartition.NumPartitionsWorkersDiffers;
                    default -> Repartition.Never;
                })
                .saveUpdater(true)
                .build();
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, network, master);
        sparkNet.setCollectTrainingStats(trainingStats);
        LOG.info("Model: {} x {} LSTM, {} parameters; {} workers, batch {} per worker, averaging every {} "
                        + "minibatches", config.layers(), config.hiddenSize(), network.numParams(), workers, batch,
                avgFreq);

        Evaluation evaluation = new Evaluation(new DistributedEvaluator(sc, validation, vocab),
                new Sampler(network, vocab), codec, format.defaultPrime(codec), files);
        Budget budget = new Budget(config, startNanos);
        Interval evalEvery = new Interval(config.get(TrainingConfig.EVAL_EVERY), state.iteration());
        Interval checkpointEvery = new Interval(config.get(TrainingConfig.CHECKPOINT_EVERY), state.iteration());
        double sessionStartElapsed = state.elapsedSeconds();
        long sessionStartNanos = System.nanoTime();
        long lastRoundNanos = 0;
        String stopReason = null;
        String checkpoint = null;

        while (state.epoch() < budget.epochs() && stopReason == null) {
            int epoch = state.epoch();
            phase("planning epoch " + (epoch + 1));
            EpochPlan plan = EpochPlan.of(train, config.seed(), epoch, workers, batch, avgFreq, cache);
            int rounds = plan.rounds();
            boolean trained = false;
            for (int round = state.roundInEpoch(); round < rounds; round++) {
                stopReason = budget.iterationsSpent(state.iteration());
                if (stopReason == null) {
                    stopReason = budget.timeSpent(lastRoundNanos + evaluation.lastNanos + CHECKPOINT_ALLOWANCE_NANOS);
                }
                if (stopReason != null) {
                    break;
                }
                long t0 = System.nanoTime();
                phase("training epoch " + (epoch + 1) + " round " + (round + 1) + "/" + rounds);
                sparkNet.fit(plan.round(round, vocab));
                trained = true;
                lastRoundNanos = System.nanoTime() - t0;
                long roundWindows = plan.windowsInRound(round);
                long minibatches = (roundWindows + batch - 1) / batch;
                long roundTokens = roundWindows * seqLen;
                evaluation.trainBits = sparkNet.getScore() / seqLen / Math.log(2);
                evaluation.tokensPerSecond = roundTokens / (lastRoundNanos / 1e9);
                double elapsed = sessionStartElapsed + (System.nanoTime() - sessionStartNanos) / 1e9;
                advance(new TrainingState(epoch, round + 1, state.iteration() + (minibatches + workers - 1) / workers,
                        state.tokensSeen() + roundTokens, elapsed, state.valBitsPerToken()));
                double secsPerRound = lastRoundNanos / 1e9;
                double epochEta = (rounds - round - 1) * secsPerRound;
                double trainingEta = Math.min(budget.secondsLeft(),
                        epochEta + (budget.epochs() - epoch - 1) * rounds * secsPerRound);
                progress.report(epoch, budget.epochs(), round + 1, rounds, state.iteration(),
                        evaluation.trainBits, evaluation.tokensPerSecond, elapsed, epochEta, trainingEta);
                if (evalEvery.due(state.iteration())) {
                    evaluation.run(sparkNet.getNetwork());
                }
                if (checkpointEvery.due(state.iteration())) {
                    checkpoint = checkpoint(sparkNet.getNetwork(), codec, evaluation);
                }
            }
            plan.release();
            if (!trained && stopReason != null) {
                break;
            }
            if (stopReason == null) {
                advance(new TrainingState(epoch + 1, 0, state.iteration(), state.tokensSeen(),
                        state.elapsedSeconds(), state.valBitsPerToken()));
            }
            checkpoint = checkpoint(sparkNet.getNetwork(), codec, evaluation);
        }
        boolean complete = stopReason == null || budget.iterationsSpent(state.iteration()) != null;
        if (stopReason == null) {
            stopReason = "all " + budget.epochs() + " epochs done";
        }
        if (complete) {
            files.write(COMPLETE_MARKER, stopReason + "\n");
        }
        LOG.info("Training ended: {}. Validation {} bits/token after {} iterations.", stopReason,
                String.format(Locale.ROOT, "%.4f", state.valBitsPerToken()), state.iteration());
        LOG.info("Work spread: {}", usage.summary());
        files.write(EXECUTORS_REPORT, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(usage.toJson()) + "\n");
        if (trainingStats) {
            writeTrainingStats(files, sparkNet);
        }
        train.unpersist(false);
        validation.unpersist(false);
        return new Result(state, checkpoint, stopReason, complete);
    }

    private void advance(TrainingState next) {
        state = next;
        evaluatedAtState = false;
        checkpointedAtState = false;
    }

    private void writeTrainingStats(RunFiles files, SparkDl4jMultiLayer sparkNet) {
        try {
            ByteArrayOutputStream html = new ByteArrayOutputStream();
            StatsUtils.exportStatsAsHTML(sparkNet.getSparkTrainingStats(), html);
            files.write(TRAINING_STATS, html.toByteArray());
            LOG.info("DL4J's Spark training stats written to {}", TRAINING_STATS);
        } catch (Exception e) {
            LOG.warn("Could not export DL4J's training stats: {}", e.toString());
        }
    }

    /** Evaluates (unless just done), checks the lease, saves, and applies retention. */
    private String checkpoint(MultiLayerNetwork network, SequenceCodec codec, Evaluation evaluation)
            throws IOException {
        if (checkpointedAtState) {
            return null;
        }
        if (!evaluatedAtState) {
            evaluation.run(network);
        }
        phase("checkpoint at iteration " + state.iteration());
        lease.verify();
        String name = store.save(new ModelBundle(network, codec, config, state, Provenance.now(corpusPaths)));
        checkpointedAtState = true;
        List<String> deleted = store.retain(config.get(TrainingConfig.KEEP_LAST), config.get(TrainingConfig.KEEP_BEST));
        LOG.info("Checkpoint {} written (epochs done {}, iteration {}){}", name, state.epoch(), state.iteration(),
                deleted.isEmpty() ? "" : "; removed " + deleted.size() + " older checkpoint(s)");
        return name;
    }

    /** Fires every {@code every} iterations (never when {@code every} is 0). */
    private static final class Interval {
        private final long every;
        private long next;

        Interval(long every, long iteration) {
            this.every = every;
            this.next = every == 0 ? Long.MAX_VALUE : (iteration / every + 1) * every;
        }

        boolean due(long iteration) {
            if (iteration < next) {
                return false;
            }
            next = (iteration / every + 1) * every;
            return true;
        }
    }

    /** Validation loss, a sample and a metrics record; remembers the last training figures for the record. */
    private final class Evaluation {
        private final DistributedEvaluator evaluator;
        private final Sampler sampler;
        private final SequenceCodec codec;
        private final RunFiles files;
        private final MetricsLog metrics;
        private final RunReport report;
        private final int[] prime;
        double trainBits = Double.NaN;
        double tokensPerSecond;
        long lastNanos;

        Evaluation(DistributedEvaluator evaluator, Sampler sampler, SequenceCodec codec, int[] prime,
                   RunFiles files) throws IOException {
            this.evaluator = evaluator;
            this.sampler = sampler;
            this.codec = codec;
            this.prime = prime;
            this.files = files;
            this.metrics = new MetricsLog(files);
            this.report = new RunReport(files);
        }

        void run(MultiLayerNetwork network) throws IOException {
            long t0 = System.nanoTime();
            phase("evaluation at iteration " + state.iteration());
            LogLoss loss = evaluator.evaluate(network);
            int sampleLength = config.get(TrainingConfig.SAMPLE_LENGTH);
            int[] drawn = sampleLength == 0 ? new int[0]
                    : sampler.sample(prime, sampleLength, SAMPLE_TEMPERATURE, config.seed() + state.iteration());
            String sample = codec.render(prime).replaceFirst("^\n", "") + codec.render(drawn);
            String sampleFiles = null;
            if (codec instanceof PerformanceCodec music && sampleLength > 0) {
                try {
                    String name = String.format(Locale.ROOT, "iteration-%09d", state.iteration());
                    sampleFiles = MusicSample.write(files, name, "iteration " + state.iteration() + ": " + sample,
                            music.decode(drawn));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Could not write the sample's MIDI, audio or piano roll (training goes on): {}",
                            e.toString());
                }
            }
            ObjectNode record = metrics.newRecord();
            record.put("epoch", state.epoch());
            record.put("iteration", state.iteration());
            record.put("train_loss", trainBits);
            record.put("val_bits_per_token", loss.bitsPerToken());
            record.put("val_tokens", loss.tokens());
            record.put("tokens_per_second", tokensPerSecond);
            record.put("tokens_seen", state.tokensSeen());
            record.put("elapsed_seconds", state.elapsedSeconds());
            record.put("time", Instant.now().toString());
            record.put("sample", sample);
            if (sampleFiles != null) {
                record.put(RunReport.SAMPLE_FILES, sampleFiles);
            }
            metrics.append(record);
            try {
                report.write(config.asMap());
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not update the run report (training goes on): {}", e.toString());
            }
            LOG.info(String.format(Locale.ROOT,
                    "Evaluation at iteration %d: validation %.4f bits/token over %d tokens. Sample:%n%s",
                    state.iteration(), loss.bitsPerToken(), loss.tokens(), sample));
            state = new TrainingState(state.epoch(), state.roundInEpoch(), state.iteration(), state.tokensSeen(),
                    state.elapsedSeconds(), loss.bitsPerToken());
            evaluatedAtState = true;
            lastNanos = System.nanoTime() - t0;
        }
    }

    /**
     * @param corpusBytes the corpus's size on storage
     * @return where to cache windows: as {@code window-cache} says, or for {@code auto} on disk when the corpus
     *         exceeds a tenth of an executor's heap ({@code spark.executor.memory}, or this JVM's heap when the
     *         executors run in it)
     */
    private StorageLevel windowCache(long corpusBytes) {
        String choice = config.get(TrainingConfig.WINDOW_CACHE);
        long heap = sc.getConf().contains("spark.executor.memory") && !sc.isLocal()
                ? sc.getConf().getSizeAsBytes("spark.executor.memory") : Runtime.getRuntime().maxMemory();
        boolean disk = "disk".equals(choice) || "auto".equals(choice) && corpusBytes > heap / 10;
        if (disk) {
            LOG.info("Windows are cached on the executors' local disks ({} MB corpus, {} MB heap)",
                    corpusBytes >> 20, heap >> 20);
        }
        return disk ? StorageLevel.DISK_ONLY() : StorageLevel.MEMORY_AND_DISK_SER();
    }

    /** Names the phase in Spark's UI (job descriptions) and in the progress heartbeat. */
    private void phase(String what) {
        sc.setJobDescription(what);
        progress.phase(what);
    }

    /**
     * Counts one side in a single pass.
     *
     * @return predicted tokens, how many of them are the unknown symbol, and windows
     */
    private static long[] tokens(JavaRDD<Window> windows, int unknownId) {
        return windows.map(w -> {
            long unknown = 0;
            for (int i = 1; i < w.ids().length; i++) {
                unknown += w.ids()[i] == unknownId ? 1 : 0;
            }
            return new long[] {w.predictedTokens(), unknown, 1};
        }).fold(new long[3], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
    }

    private void writeDataReport(RunFiles files, List<FileRead> reads, SequenceCodec codec, long[] trainTokens,
                                 long[] valTokens, long scoredTokens) throws IOException {
        ObjectNode report = JSON.createObjectNode();
        report.put("files_read", reads.stream().filter(r -> r.content().skipReason() == null).count());
        report.put("files_skipped", reads.stream().filter(r -> r.content().skipReason() != null).count());
        report.put("bytes_read", reads.stream().filter(r -> r.content().skipReason() == null)
                .mapToLong(FileRead::bytes).sum());
        report.put("replaced_sequences", reads.stream().mapToLong(r -> r.content().replaced()).sum());
        report.put("vocabulary_size", codec.vocabularySize());
        report.put("train_windows", trainTokens[2]);
        report.put("train_tokens", trainTokens[0]);
        report.put("validation_windows", valTokens[2]);
        report.put("validation_tokens", valTokens[0]);
        report.put("validation_tokens_scored", scoredTokens);
        report.put("unknown_tokens", trainTokens[1] + valTokens[1]);
        ArrayNode list = report.putArray("files");
        for (FileRead r : reads) {
            ObjectNode f = list.addObject().put("path", r.source()).put("bytes", r.bytes())
                    .put("status", r.content().skipReason() == null ? "read" : "skipped");
            if (r.content().skipReason() != null) {
                f.put("reason", r.content().skipReason());
            }
            if (r.partlySkipped() != null) {
                f.put("skipped_part", r.partlySkipped());
            }
            if (r.content().replaced() > 0) {
                f.put("replaced_sequences", r.content().replaced());
            }
        }
        files.write(DATA_REPORT, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
    }
}
