package org.sparklstm.job.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.bundle.Provenance;
import org.sparklstm.core.bundle.TrainingState;
import org.sparklstm.core.checkpoint.HadoopCheckpointStore;
import org.sparklstm.core.checkpoint.LeaseHeldException;
import org.sparklstm.core.checkpoint.RunLease;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.eval.LogLoss;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.core.eval.MixtureScore;
import org.sparklstm.core.eval.WindowScorer;
import org.sparklstm.core.generate.Sampler;
import org.sparklstm.core.model.MixtureModel;
import org.sparklstm.core.model.MixtureWeight;
import org.sparklstm.core.model.NetworkFactory;
import org.sparklstm.core.model.NeuralModel;
import org.sparklstm.core.model.SequenceModel;
import org.sparklstm.core.model.markov.KneserNeyModel;
import org.sparklstm.core.model.markov.NgramCounts;
import org.sparklstm.core.run.MetricsLog;
import org.sparklstm.core.run.RunFiles;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.midi.PerformanceCodec;
import org.sparklstm.job.data.Augmentation;
import org.sparklstm.job.data.Corpus;
import org.sparklstm.job.data.FileRead;
import org.sparklstm.job.data.FileSlice;
import org.sparklstm.job.data.NoTrainingTextException;
import org.sparklstm.job.data.ReadLimits;
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
    private HadoopCheckpointStore store;
    private TrainingState state;
    private boolean evaluatedAtState;
    private boolean checkpointedAtState;
    private boolean trainingStats;
    private boolean restart;
    private List<FileSlice> slices;
    private ModelBundle resumedFrom;
    private String lastCheckpoint;
    private String corpusDigest;
    private KneserNeyModel markovPart;
    private double mixtureWeight = 0.5;
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
     * @param collect whether to collect DL4J's Spark training stats and export them as {@value RunLayout#TRAINING_STATS}
     * @return this trainer
     */
    public DistributedTrainer collectTrainingStats(boolean collect) {
        this.trainingStats = collect;
        return this;
    }

    /**
     * @param startOver whether to start from iteration 0 even though the output root holds checkpoints (they
     *                  and the metrics are moved under {@code _abandoned/}, not deleted)
     * @return this trainer
     */
    public DistributedTrainer restart(boolean startOver) {
        this.restart = startOver;
        return this;
    }

    /**
     * @param exact byte ranges of files to read instead of listing the corpus paths (what a retraining generation
     *              recorded)
     * @return this trainer
     */
    public DistributedTrainer readingSlices(List<FileSlice> exact) {
        this.slices = List.copyOf(exact);
        return this;
    }

    /**
     * @return how the run ended
     * @throws IOException if the corpus, the checkpoints or the output cannot be read or written
     */
    public Result run() throws IOException {
        Configuration hadoop = sc.hadoopConfiguration();
        URI root = new RunFiles(output, hadoop).root();
        try (ProgressReporter reporter = new ProgressReporter();
             RunLease lease = RunLease.acquire(root, hadoop,
                     Duration.ofSeconds(config.get(TrainingConfig.LEASE_SECONDS)))) {
            progress = reporter;
            RunFiles files = new RunFiles(root, hadoop, lease);
            sc.sc().addSparkListener(usage);
            store = new HadoopCheckpointStore(root, hadoop, lease);
            try {
                ModelBundle start = startingPoint(files, hadoop);
                files.delete(RunLayout.COMPLETE);
                return train(files, start);
            } finally {
                sc.sc().removeSparkListener(usage);
            }
        }
    }

    /**
     * @return the bundle the run starts from: the newest valid checkpoint of its root (resume), else the
     *         {@code from} checkpoint (fine-tuning), else null; never a silent fresh start over checkpoints that
     *         exist but do not load (see {@link HadoopCheckpointStore#resumePoint()})
     */
    private ModelBundle startingPoint(RunFiles files, Configuration hadoop) throws IOException {
        ModelBundle start = null;
        if (restart || files.exists(RunLayout.RESTARTING)) {
            abandonEarlierRun(files);
        } else {
            start = store.resumePoint().orElse(null);
        }
        if (start != null) {
            state = start.state();
            resumedFrom = start;
            config = config.forResumeOf(start.config());
            LOG.info("Resuming from the newest valid checkpoint in {}: epoch {}, round {}, iteration {}",
                    store.uri(), state.epoch() + 1, state.roundInEpoch(), state.iteration());
        } else if (from != null) {
            start = HadoopCheckpointStore.locate(from, hadoop).load();
            state = TrainingState.START;
            config = config.withArchitectureOf(start.config());
            LOG.info("Starting a new run from {} (trained {} iterations there), with its codec",
                    from, start.state().iteration());
        } else {
            state = TrainingState.START;
        }
        return start;
    }

    /**
     * For {@code --restart}: moves the root's checkpoints and metrics under {@code _abandoned/<time>/}. The intent
     * is written first, so a restart that a storage error or a kill interrupted is finished by the next call
     * (with {@code --restart} or without), into the same folder, rather than resumed half moved.
     */
    private void abandonEarlierRun(RunFiles files) throws IOException {
        String aside = files.readOrEmpty(RunLayout.RESTARTING).trim();
        if (aside.isEmpty()) {
            aside = RunLayout.ABANDONED_RUNS + "/" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                    .format(Instant.now());
            files.write(RunLayout.RESTARTING, aside + "\n");
        } else {
            LOG.warn("Finishing the --restart an earlier call began: moving what is left of the earlier run to {}/{}",
                    files.root(), aside);
        }
        boolean checkpoints = files.move(RunLayout.CHECKPOINTS,
                aside + "/" + RunLayout.CHECKPOINTS);
        boolean metrics = files.move(RunLayout.METRICS, aside + "/" + RunLayout.METRICS);
        files.delete(RunLayout.RESTARTING);
        if (checkpoints || metrics) {
            LOG.warn("--restart: starting over from iteration 0; the earlier run's checkpoints and metrics are kept "
                    + "under {}/{}", files.root(), aside);
        }
    }

    private Result train(RunFiles files, ModelBundle start) throws IOException {
        phase("reading corpus and counting vocabulary");
        CorpusFormat format = config.corpusFormat();
        Corpus corpus = slices != null ? Corpus.openSlices(sc, slices, format, ReadLimits.of(config))
                : Corpus.open(sc, corpusPaths, format, ReadLimits.of(config), List.of(files.root()));
        corpusDigest = corpus.digest();
        String savedDigest = resumedFrom == null ? null : resumedFrom.provenance().corpusDigest();
        if (savedDigest != null && !savedDigest.equals(corpusDigest)) {
            throw new ConfigException("corpus", "is not the corpus the run being resumed trained on ("
                    + resumedFrom.provenance().corpus() + "): a file was added, removed or changed since (their "
                    + "listing digests differ). Resuming would train on other data; resume with the same files, or "
                    + "use --restart or a new --output");
        }
        SequenceCodec codec = start != null ? start.codec()
                : format.newCodec(corpus::symbolCounts, config.get(TrainingConfig.MAX_VOCAB));
        int vocab = codec.vocabularySize();
        int seqLen = config.sequenceLength();
        Augmentation augmentation = Augmentation.of(config);
        StorageLevel cache = windowCache(corpus.bytes());
        phase("cutting windows");
        SplitWindows windows = SplitWindows.of(corpus, codec, config, cache);
        JavaRDD<Window> train = windows.train();
        JavaRDD<Window> validation = windows.validation();
        long[] trainTokens = windows.trainTokens();
        long[] valTokens = windows.validationTokens();
        long scoredTokens = windows.scoredTokens();
        List<FileRead> report = corpus.report();
        writeDataReport(files, report, codec, trainTokens, valTokens, scoredTokens);
        long skipped = report.stream().filter(r -> r.content().skipReason() != null).count();
        LOG.info("Corpus ({}): {} file(s) read, {} skipped (see {}), vocabulary {} symbols, {} training{} and {} "
                        + "validation tokens, {} unknown", format.name(), report.size() - skipped, skipped,
                RunLayout.DATA_REPORT, vocab, trainTokens[0], augmentation.variants() == 1 ? ""
                        : " (up to " + augmentation.variants() + " augmented variants of each window)",
                valTokens[0], trainTokens[1] + valTokens[1]);
        if (trainTokens[0] == 0) {
            throw new NoTrainingTextException(String.join(",", corpusPaths), "no usable training text in "
                    + report.size() + " file(s); see " + RunLayout.DATA_REPORT);
        }

        DistributedEvaluator evaluator = new DistributedEvaluator(sc, validation);
        Evaluation evaluation = new Evaluation(evaluator, codec, format.defaultPrime(codec), files,
                resumedFrom != null ? state.iteration() : -1);
        KneserNeyModel markov = config.hasMarkov() ? countMarkov(start, train, codec, evaluation) : null;
        if (markov != null && config.networkKind() == null) {
            return finishMarkov(files, markov, evaluation, windows);
        }
        NeuralModel startNet = start == null ? null
                : start.model() instanceof MixtureModel m ? m.neural() : (NeuralModel) start.model();
        MultiLayerNetwork network = startNet != null ? NetworkFactory.withKernel(startNet.network(), config)
                : NetworkFactory.create(config, vocab);
        if (start != null && start.model() instanceof MixtureModel m) {
            mixtureWeight = m.weight();
        }
        if (config.get(TrainingConfig.WORKERS) == 0) {
            config = config.with(Map.of(TrainingConfig.WORKERS.name(), String.valueOf(sc.defaultParallelism())),
                    "Spark's default parallelism when the run started");
        }
        int parallelism = config.get(TrainingConfig.WORKERS);
        int batch = config.batchSize();
        RoundFitter fitter = RoundFitter.of(sc, network, config, parallelism, vocab,
                files.root() + "/" + RunLayout.EXPORT, trainingStats);
        int workers = fitter.workers();
        LOG.info("Model: {} x {} {}, {} parameters{}; batch {}; {}", config.layers(), config.hiddenSize(),
                config.networkKind().toUpperCase(Locale.ROOT), network.numParams(),
                markov == null ? "" : ", mixed with the order-" + markov.order() + " Markov chain", batch,
                fitter.describe());
        this.markovPart = markov;
        Budget budget = new Budget(config, startNanos);
        Interval evalEvery = new Interval(config.get(TrainingConfig.EVAL_EVERY), state.iteration());
        Interval checkpointEvery = new Interval(config.get(TrainingConfig.CHECKPOINT_EVERY), state.iteration());
        double sessionStartElapsed = state.elapsedSeconds();
        long sessionStartNanos = System.nanoTime();
        long lastRoundNanos = 0;
        String stopReason = null;

        while (state.epoch() < budget.epochs() && stopReason == null) {
            int epoch = state.epoch();
            phase("planning epoch " + (epoch + 1));
            EpochPlan plan = EpochPlan.of(train, config.seed(), epoch, workers, batch, fitter.minibatchesPerRound(),
                    cache);
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
                long roundWindows = plan.windowsInRound(round);
                long skip = round == state.roundInEpoch() ? state.windowsIntoRound() : 0;
                long windowsPerIteration = (long) workers * batch;
                long take = Math.min(roundWindows - skip,
                        Math.min(budget.iterationsLeft(state.iteration()), Long.MAX_VALUE / windowsPerIteration)
                                * windowsPerIteration);
                fitter.fit(plan, round, skip, take);
                trained = true;
                lastRoundNanos = System.nanoTime() - t0;
                long minibatches = (take + batch - 1) / batch;
                long roundTokens = take * seqLen;
                boolean roundDone = skip + take >= roundWindows;
                evaluation.trainBits = fitter.score() / seqLen / Math.log(2);
                evaluation.tokensPerSecond = roundTokens / (lastRoundNanos / 1e9);
                double elapsed = sessionStartElapsed + (System.nanoTime() - sessionStartNanos) / 1e9;
                advance(new TrainingState(epoch, roundDone ? round + 1 : round,
                        state.iteration() + (minibatches + workers - 1) / workers, state.tokensSeen() + roundTokens,
                        elapsed, state.valBitsPerToken(), roundDone ? 0 : skip + take));
                double secsPerRound = lastRoundNanos / 1e9;
                double epochEta = (rounds - round - 1) * secsPerRound;
                double trainingEta = Math.min(budget.secondsLeft(),
                        epochEta + (budget.epochs() - epoch - 1) * rounds * secsPerRound);
                progress.report(epoch, budget.epochs(), round + 1, rounds, state.iteration(),
                        evaluation.trainBits, evaluation.tokensPerSecond, elapsed, epochEta, trainingEta);
                boolean epochEnds = roundDone && round + 1 == rounds; // its end evaluates and checkpoints anyway
                if (evalEvery.due(state.iteration()) && !epochEnds) {
                    evaluation.run(current(fitter.network()), false);
                }
                if (checkpointEvery.due(state.iteration()) && !epochEnds) {
                    checkpoint(current(fitter.network()), codec, evaluation);
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
            checkpoint(current(fitter.network()), codec, evaluation);
        }
        boolean complete = stopReason == null || budget.iterationsSpent(state.iteration()) != null;
        if (stopReason == null) {
            stopReason = "all " + budget.epochs() + " epochs done";
        }
        if (complete) {
            files.write(RunLayout.COMPLETE, stopReason + "\n");
        }
        LOG.info("Training ended: {}. Validation {} bits/token after {} iterations.", stopReason,
                String.format(Locale.ROOT, "%.4f", state.valBitsPerToken()), state.iteration());
        LOG.info("Work spread: {}", usage.summary());
        files.write(RunLayout.EXECUTORS_REPORT, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(usage.toJson()) + "\n");
        if (trainingStats && fitter instanceof SparkRoundFitter spark) {
            spark.writeTrainingStats(files, RunLayout.TRAINING_STATS);
        }
        windows.release();
        return new Result(state, lastCheckpoint, stopReason, complete);
    }

    private void advance(TrainingState next) {
        state = next;
        evaluatedAtState = false;
        checkpointedAtState = false;
    }

    /**
     * @param network the network as trained so far
     * @return the model to evaluate and save: the network, or its mixture with the Markov chain at the last
     *         fitted weight
     */
    private SequenceModel current(MultiLayerNetwork network) {
        NeuralModel neural = new NeuralModel(config.networkKind(), network);
        return markovPart == null ? neural : new MixtureModel(neural, markovPart, mixtureWeight);
    }

    /**
     * Counts the Markov chain in one Spark pass; for a lone chain, in nested shares of the training windows, each
     * evaluated, which gives its learning curve. A run resumed from its own checkpoint keeps the chain it counted;
     * a run started {@code --from} another adds this run's counts to the other's.
     */
    private KneserNeyModel countMarkov(ModelBundle start, JavaRDD<Window> train, SequenceCodec codec,
                                       Evaluation evaluation) throws IOException {
        KneserNeyModel saved = start == null ? null
                : start.model() instanceof MixtureModel m ? m.markov() : (KneserNeyModel) start.model();
        if (saved != null && resumedFrom != null) {
            return saved;
        }
        phase("counting n-grams");
        boolean curve = config.networkKind() == null;
        double[] shares = curve ? new double[] {1 / 64.0, 1 / 32.0, 1 / 16.0, 1 / 8.0, 1 / 4.0, 1 / 2.0, 1}
                : new double[] {1};
        long t0 = System.nanoTime();
        List<MarkovCounter.Increment> increments;
        try {
            increments = new MarkovCounter(config.get(TrainingConfig.ORDER), codec.vocabularySize(), shares)
                    .count(train);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("order", e.getMessage());
        }
        NgramCounts counts = saved != null ? saved.counts()
                : new NgramCounts(config.get(TrainingConfig.ORDER), codec.vocabularySize());
        KneserNeyModel model = null;
        long tokens = 0;
        for (MarkovCounter.Increment inc : increments) {
            counts.addAll(inc.counts());
            tokens += inc.tokens();
            model = new KneserNeyModel(counts);
            if (curve) {
                double elapsed = (System.nanoTime() - t0) / 1e9;
                advance(new TrainingState(0, 0, 0, tokens, elapsed, state.valBitsPerToken()));
                evaluation.tokensPerSecond = tokens / elapsed;
                evaluation.run(model, inc.share() < 1);
            }
        }
        LOG.info("Markov chain of order {}: {} distinct {}-grams from {} training tokens in {} s", model.order(),
                counts.distinct(), model.order(), tokens, String.format(Locale.ROOT, "%.1f",
                        (System.nanoTime() - t0) / 1e9));
        return model;
    }

    private Result finishMarkov(RunFiles files, KneserNeyModel markov, Evaluation evaluation, SplitWindows windows)
            throws IOException {
        String stopReason = "the Markov chain was counted by an earlier call";
        if (resumedFrom == null) {
            advance(new TrainingState(config.get(TrainingConfig.EPOCHS), 0, state.iteration(), state.tokensSeen(),
                    state.elapsedSeconds(), state.valBitsPerToken()));
            evaluatedAtState = true;
            checkpoint(markov, evaluation.codec, evaluation);
            stopReason = "the Markov chain is counted";
        }
        files.write(RunLayout.COMPLETE, stopReason + "\n");
        LOG.info("Training ended: {}. Validation {} bits/token.", stopReason,
                String.format(Locale.ROOT, "%.4f", state.valBitsPerToken()));
        windows.release();
        return new Result(state, lastCheckpoint, stopReason, true);
    }

    /** Evaluates (unless just done), saves (the store checks the lease before each write), applies retention. */
    private void checkpoint(SequenceModel model, SequenceCodec codec, Evaluation evaluation)
            throws IOException {
        if (checkpointedAtState) {
            return;
        }
        if (!evaluatedAtState) {
            evaluation.run(model, false);
        }
        SequenceModel saved = markovPart != null && model instanceof MixtureModel m ? m.withWeight(mixtureWeight)
                : model;
        phase("checkpoint at iteration " + state.iteration());
        String name = store.save(new ModelBundle(saved, codec, config, state,
                Provenance.now(corpusPaths, corpusDigest, config.seed())));
        checkpointedAtState = true;
        lastCheckpoint = name;
        List<String> deleted = store.retain(config.get(TrainingConfig.KEEP_LAST), config.get(TrainingConfig.KEEP_BEST));
        LOG.info("Checkpoint {} written (epochs done {}, iteration {}){}", name, state.epoch(), state.iteration(),
                deleted.isEmpty() ? "" : "; removed " + deleted.size() + " older checkpoint(s)");
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
        private final SequenceCodec codec;
        private final RunFiles files;
        private final MetricsLog metrics;
        private final RunReport report;
        private final int[] prime;
        double trainBits = Double.NaN;
        double tokensPerSecond;
        long lastNanos;

        Evaluation(DistributedEvaluator evaluator, SequenceCodec codec, int[] prime, RunFiles files,
                   long resumedIteration) throws IOException {
            this.evaluator = evaluator;
            this.codec = codec;
            this.prime = prime;
            this.files = files;
            this.metrics = new MetricsLog(files, resumedIteration);
            this.report = new RunReport(files);
        }

        /**
         * @param model the model to score and sample; a mixture's weight is fitted here first
         * @param quiet whether to leave out the sample and the report (for the points of a learning curve)
         */
        void run(SequenceModel model, boolean quiet) throws IOException {
            long t0 = System.nanoTime();
            phase("evaluation at iteration " + state.iteration());
            LogLoss loss;
            ObjectNode record = metrics.newRecord();
            if (model instanceof MixtureModel mixture) {
                double[][] p = evaluator.componentProbabilities(mixture);
                mixtureWeight = MixtureWeight.fit(p[0], p[1]);
                model = mixture.withWeight(mixtureWeight);
                loss = MixtureScore.crossFitted(p[0], p[1]);
                record.put("mixture_weight", mixtureWeight);
                record.put("network_bits_per_token", WindowScorer.loss(p[0]).bitsPerToken());
                record.put("markov_bits_per_token", WindowScorer.loss(p[1]).bitsPerToken());
            } else {
                loss = evaluator.evaluate(model);
            }
            int sampleLength = quiet ? 0 : config.get(TrainingConfig.SAMPLE_LENGTH);
            int[] drawn = sampleLength == 0 ? new int[0]
                    : new Sampler(model).sample(prime, sampleLength, SAMPLE_TEMPERATURE, 0,
                            config.seed() + state.iteration());
            String sample = codec.render(prime).replaceFirst("^\n", "") + codec.render(drawn);
            String sampleFiles = null;
            if (codec instanceof PerformanceCodec music && sampleLength > 0) {
                try {
                    String name = String.format(Locale.ROOT, "iteration-%09d", state.iteration());
                    sampleFiles = MusicSample.write(files, name, "iteration " + state.iteration() + ": " + sample,
                            music.decode(drawn));
                } catch (IOException | RuntimeException e) {
                    rethrowLeaseLoss(e);
                    LOG.warn("Could not write the sample's MIDI, audio or piano roll (training goes on): {}",
                            e.toString());
                }
            }
            record.put("model", model.kind());
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
            if (quiet) {
                LOG.info(String.format(Locale.ROOT, "Learning curve: validation %.4f bits/token after %d training "
                        + "tokens", loss.bitsPerToken(), state.tokensSeen()));
                return;
            }
            try {
                report.write(config.asMap());
            } catch (IOException | RuntimeException e) {
                rethrowLeaseLoss(e);
                LOG.warn("Could not update the run report (training goes on): {}", e.toString());
            }
            LOG.info(String.format(Locale.ROOT,
                    "Evaluation at iteration %d: validation %.4f bits/token over %d tokens. Sample:%n%s",
                    state.iteration(), loss.bitsPerToken(), loss.tokens(), sample));
            state = state.withValidation(loss.bitsPerToken());
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

    /** Best-effort writes (report, music sample) may fail and training goes on, unless the lease is lost. */
    private static void rethrowLeaseLoss(Exception e) {
        if (e instanceof LeaseHeldException lost) {
            throw lost;
        }
    }

    /** Names the phase in Spark's UI (job descriptions) and in the progress heartbeat. */
    private void phase(String what) {
        sc.setJobDescription(what);
        progress.phase(what);
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
        files.write(RunLayout.DATA_REPORT, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
    }
}
