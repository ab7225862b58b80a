package org.sparklstm.job.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.bundle.Provenance;
import org.sparklstm.core.bundle.TrainingState;
import org.sparklstm.core.checkpoint.CheckpointInfo;
import org.sparklstm.core.checkpoint.HadoopCheckpointStore;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.eval.LogLoss;
import org.sparklstm.core.generate.Sampler;
import org.sparklstm.core.model.NetworkFactory;
import org.sparklstm.datasets.codec.CharacterCodec;
import org.sparklstm.datasets.window.SplitAssigner;
import org.sparklstm.job.data.TextCorpus;
import org.sparklstm.job.data.Window;

/**
 * One training run on Spark: reads the corpus, builds (or reloads) the codec and network, trains with DL4J's
 * parameter averaging round by round, evaluates on the validation split, logs metrics and writes checkpoints.
 *
 * <p>If the output root already holds a valid checkpoint the run continues from it: network, updater state,
 * codec and counters (epoch, round, iteration), with the same data order.
 */
public final class DistributedTrainer {
    /** Name of the data report written under the run root. */
    public static final String DATA_REPORT = "data-report.json";

    private static final Logger LOG = LoggerFactory.getLogger("org.sparklstm.train");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double SAMPLE_TEMPERATURE = 0.8;
    private static final long CHECKPOINT_ALLOWANCE_NANOS = 5_000_000_000L;

    private final JavaSparkContext sc;
    private final TrainingConfig config;
    private final List<String> corpusPaths;
    private final URI output;
    private final long startNanos;
    private ProgressReporter progress;

    /** How a run ended. */
    public record Result(TrainingState state, String checkpoint, String stopReason) {
    }

    /**
     * @param sc the Spark context
     * @param config the run's configuration
     * @param corpusPaths corpus files, folders or globs
     * @param output the run root
     * @param startNanos when the command started, for the time budget
     */
    public DistributedTrainer(JavaSparkContext sc, TrainingConfig config, List<String> corpusPaths, URI output,
                              long startNanos) {
        this.sc = sc;
        this.config = config;
        this.corpusPaths = corpusPaths;
        this.output = output;
        this.startNanos = startNanos;
    }

    /**
     * @return how the run ended
     * @throws IOException if the corpus, the checkpoints or the output cannot be read or written
     */
    public Result run() throws IOException {
        try (ProgressReporter reporter = new ProgressReporter()) {
            progress = reporter;
            return train();
        }
    }

    private Result train() throws IOException {
        RunFiles files = new RunFiles(output, sc.hadoopConfiguration());
        HadoopCheckpointStore store = new HadoopCheckpointStore(files.root(), sc.hadoopConfiguration());
        ModelBundle resumed = store.list().stream().anyMatch(CheckpointInfo::valid) ? store.loadLatest() : null;
        TrainingState state = resumed == null ? TrainingState.START : resumed.state();
        if (resumed != null) {
            LOG.info("Resuming from the newest valid checkpoint in {}: epoch {}, iteration {}", store.uri(),
                    state.epoch() + 1, state.iteration());
        }

        phase("reading corpus and counting vocabulary");
        TextCorpus corpus = TextCorpus.open(sc, corpusPaths);
        CharacterCodec codec = resumed != null ? resumed.codec()
                : CharacterCodec.fromCounts(corpus.codePointCounts(), config.get(TrainingConfig.MAX_VOCAB));
        int vocab = codec.vocabularySize();
        int seqLen = config.sequenceLength();
        SplitAssigner split = new SplitAssigner(config.get(TrainingConfig.VALIDATION_FRACTION));
        JavaRDD<Window> all = corpus.windows(codec, seqLen);
        JavaRDD<Window> train = TextCorpus.side(all, split, false).persist(StorageLevel.MEMORY_AND_DISK_SER());
        JavaRDD<Window> validation = TextCorpus.side(all, split, true).persist(StorageLevel.MEMORY_AND_DISK_SER());
        phase("cutting windows");
        long trainTokens = tokens(train);
        long valTokens = tokens(validation);
        writeDataReport(files, corpus, codec, train.count(), trainTokens, validation.count(), valTokens);
        LOG.info("Corpus: {} file(s), vocabulary {} symbols, {} training and {} validation tokens",
                corpus.files().size(), vocab, trainTokens, valTokens);

        MultiLayerNetwork network = resumed != null ? resumed.network() : NetworkFactory.create(config, vocab);
        int workers = config.get(TrainingConfig.WORKERS) > 0 ? config.get(TrainingConfig.WORKERS)
                : sc.defaultParallelism();
        int batch = config.batchSize();
        int avgFreq = config.get(TrainingConfig.AVERAGING_FREQUENCY);
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers, batch)
                .batchSizePerWorker(batch)
                .averagingFrequency(avgFreq)
                .workerPrefetchNumBatches(2)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartionData(Repartition.Never)
                .saveUpdater(true)
                .build();
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, network, master);
        LOG.info("Model: {} x {} LSTM, {} parameters; {} workers, batch {} per worker, averaging every {} "
                        + "minibatches", config.layers(), config.hiddenSize(), network.numParams(), workers, batch,
                avgFreq);

        DistributedEvaluator evaluator = new DistributedEvaluator(sc, validation, vocab);
        MetricsLog metrics = new MetricsLog(files);
        Budget budget = new Budget(config, startNanos);
        Sampler sampler = new Sampler(network, vocab);
        int[] samplePrime = {codec.id('\n') != codec.unknownId() ? codec.id('\n') : 1};

        long evalEvery = config.get(TrainingConfig.EVAL_EVERY);
        long nextEval = (state.iteration() / evalEvery + 1) * evalEvery;
        double sessionStartElapsed = state.elapsedSeconds();
        long sessionStartNanos = System.nanoTime();
        long lastRoundNanos = 0;
        long lastEvalNanos = 0;
        double trainBits = Double.NaN;
        double tokensPerSecond = 0;
        String stopReason = null;
        String checkpoint = null;
        boolean evaluatedAtState = false;

        while (state.epoch() < budget.epochs() && stopReason == null) {
            int epoch = state.epoch();
            phase("planning epoch " + (epoch + 1));
            EpochPlan plan = EpochPlan.of(train, config.seed(), epoch, workers, batch, avgFreq);
            int rounds = plan.rounds();
            boolean trained = false;
            for (int round = state.roundInEpoch(); round < rounds; round++) {
                stopReason = budget.iterationsSpent(state.iteration());
                if (stopReason == null) {
                    stopReason = budget.timeSpent(lastRoundNanos + lastEvalNanos + CHECKPOINT_ALLOWANCE_NANOS);
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
                trainBits = sparkNet.getScore() / seqLen / Math.log(2);
                tokensPerSecond = roundTokens / (lastRoundNanos / 1e9);
                double elapsed = sessionStartElapsed + (System.nanoTime() - sessionStartNanos) / 1e9;
                state = new TrainingState(epoch, round + 1, state.iteration() + (minibatches + workers - 1) / workers,
                        state.tokensSeen() + roundTokens, elapsed, state.valBitsPerToken());
                evaluatedAtState = false;
                double secsPerRound = lastRoundNanos / 1e9;
                double epochEta = (rounds - round - 1) * secsPerRound;
                double trainingEta = Math.min(budget.secondsLeft(),
                        epochEta + (budget.epochs() - epoch - 1) * rounds * secsPerRound);
                progress.report(false, epoch, budget.epochs(), round + 1, rounds, state.iteration(), trainBits,
                        tokensPerSecond, elapsed, epochEta, trainingEta);
                if (state.iteration() >= nextEval) {
                    long e0 = System.nanoTime();
                    state = evaluate(evaluator, sparkNet.getNetwork(), sampler, samplePrime, codec, metrics, state,
                            trainBits, tokensPerSecond);
                    evaluatedAtState = true;
                    lastEvalNanos = System.nanoTime() - e0;
                    nextEval = (state.iteration() / evalEvery + 1) * evalEvery;
                }
            }
            plan.release();
            if (!trained && stopReason != null) {
                break;
            }
            if (stopReason == null) {
                state = new TrainingState(epoch + 1, 0, state.iteration(), state.tokensSeen(),
                        state.elapsedSeconds(), state.valBitsPerToken());
            }
            if (!evaluatedAtState) {
                state = evaluate(evaluator, sparkNet.getNetwork(), sampler, samplePrime, codec, metrics, state,
                        trainBits, tokensPerSecond);
                evaluatedAtState = true;
            }
            phase("checkpoint");
            checkpoint = store.save(new ModelBundle(sparkNet.getNetwork(), codec, config, state,
                    Provenance.now(corpusPaths)));
            LOG.info("Checkpoint {} written (epoch {}, iteration {})", checkpoint, state.epoch(), state.iteration());
        }
        if (stopReason == null) {
            stopReason = state.epoch() >= budget.epochs() ? "all " + budget.epochs() + " epochs done" : "done";
        }
        LOG.info("Training ended: {}. Validation {} bits/token after {} iterations.", stopReason,
                String.format(java.util.Locale.ROOT, "%.4f", state.valBitsPerToken()), state.iteration());
        train.unpersist(false);
        validation.unpersist(false);
        return new Result(state, checkpoint, stopReason);
    }

    private TrainingState evaluate(DistributedEvaluator evaluator, MultiLayerNetwork network, Sampler sampler,
                                   int[] prime, CharacterCodec codec, MetricsLog metrics, TrainingState state,
                                   double trainBits, double tokensPerSecond) throws IOException {
        phase("evaluation at iteration " + state.iteration());
        LogLoss loss = evaluator.evaluate(network);
        int sampleLength = config.get(TrainingConfig.SAMPLE_LENGTH);
        String sample = sampleLength == 0 ? "" : codec.decode(
                sampler.sample(prime, sampleLength, SAMPLE_TEMPERATURE, config.seed() + state.iteration()));
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
        metrics.append(record);
        LOG.info(String.format(java.util.Locale.ROOT,
                "Evaluation at iteration %d: validation %.4f bits/token over %d tokens. Sample:%n%s",
                state.iteration(), loss.bitsPerToken(), loss.tokens(), sample));
        return new TrainingState(state.epoch(), state.roundInEpoch(), state.iteration(), state.tokensSeen(),
                state.elapsedSeconds(), loss.bitsPerToken());
    }

    /** Names the phase in Spark's UI (job descriptions) and in the progress heartbeat. */
    private void phase(String what) {
        sc.setJobDescription(what);
        progress.phase(what);
    }

    private static long tokens(JavaRDD<Window> windows) {
        return windows.map(w -> (long) w.predictedTokens()).fold(0L, Long::sum);
    }

    private void writeDataReport(RunFiles files, TextCorpus corpus, CharacterCodec codec, long trainWindows,
                                 long trainTokens, long valWindows, long valTokens) throws IOException {
        ObjectNode report = JSON.createObjectNode();
        ArrayNode read = report.putArray("files");
        corpus.files().forEach(read::add);
        report.put("vocabulary_size", codec.vocabularySize());
        report.put("train_windows", trainWindows);
        report.put("train_tokens", trainTokens);
        report.put("validation_windows", valWindows);
        report.put("validation_tokens", valTokens);
        files.write(DATA_REPORT, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
    }
}
