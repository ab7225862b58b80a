package org.sparklstm.job.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.core.checkpoint.CheckpointStore;
import org.sparklstm.core.checkpoint.RunLease;
import org.sparklstm.core.config.SparkKeys;
import org.sparklstm.core.config.RunKeys;
import org.sparklstm.core.config.ModelKeys;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.io.HadoopFileIO;
import org.sparklstm.core.model.network.NetworkFactory;
import org.sparklstm.core.model.network.NetworkSpec;
import org.sparklstm.core.model.network.NeuralModel;
import org.sparklstm.core.model.markov.KneserNeyModel;
import org.sparklstm.core.run.RunFiles;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.job.cluster.ContainerMemory;
import org.sparklstm.job.cluster.ContainerMemoryException;
import org.sparklstm.job.data.Corpus;
import org.sparklstm.job.data.FileSlice;
import org.sparklstm.job.data.ReadLimits;

/**
 * One training run on Spark: takes the output root's lease, finds where the run starts ({@link StartingPoint}),
 * reads and cuts the corpus ({@link TrainingData}), and hands the model family's training to the
 * {@link TrainingLoop}: a network ({@link NetworkTraining}), a network mixed with a Markov chain
 * ({@link MixtureTraining}), or the chain alone ({@link ChainCounting}).
 *
 * <p>If the output root already holds a valid checkpoint the run continues from it exactly: network, updater
 * state, codec, counters (epoch, round, iteration) and data order. Otherwise, with {@code from}, it starts a new
 * run from another run's checkpoint (its network, updater state and codec; counters from zero).
 */
public final class DistributedTrainer {
    private static final Logger LOG = LoggerFactory.getLogger("org.sparklstm.train");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JavaSparkContext sc;
    private final TrainingConfig config;
    private final List<String> corpusPaths;
    private final URI output;
    private final URI from;
    private final long startNanos;
    private final boolean trainingStats;
    private final boolean restart;
    private final List<FileSlice> slices;
    private final ExecutorUsage usage;

    /** What one call works with once it holds the lease. */
    private record Session(RunFiles files, CheckpointStore store, Progress progress, StartingPoint start) {
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
        this(sc, config, corpusPaths, output, from, startNanos, false, false, null);
    }

    private DistributedTrainer(JavaSparkContext sc, TrainingConfig config, List<String> corpusPaths, URI output,
                               URI from, long startNanos, boolean trainingStats, boolean restart,
                               List<FileSlice> slices) {
        this.sc = sc;
        this.config = config;
        this.corpusPaths = List.copyOf(corpusPaths);
        this.output = output;
        this.from = from;
        this.startNanos = startNanos;
        this.trainingStats = trainingStats;
        this.restart = restart;
        this.slices = slices;
        this.usage = new ExecutorUsage(ContainerMemory.of(sc.getConf(), ContainerMemory.Role.EXECUTOR),
                sc::cancelAllJobs);
    }

    /**
     * @param collect whether to collect DL4J's Spark training stats and export them as {@value RunLayout#TRAINING_STATS}
     * @return a trainer that does
     */
    public DistributedTrainer collectTrainingStats(boolean collect) {
        return new DistributedTrainer(sc, config, corpusPaths, output, from, startNanos, collect, restart, slices);
    }

    /**
     * @param startOver whether to start from iteration 0 even though the output root holds checkpoints (they
     *                  and the metrics are moved under {@code _abandoned/}, not deleted)
     * @return a trainer that does
     */
    public DistributedTrainer restart(boolean startOver) {
        return new DistributedTrainer(sc, config, corpusPaths, output, from, startNanos, trainingStats, startOver,
                slices);
    }

    /**
     * @param exact byte ranges of files to read instead of listing the corpus paths (what a retraining generation
     *              recorded)
     * @return a trainer that reads them
     */
    public DistributedTrainer readingSlices(List<FileSlice> exact) {
        return new DistributedTrainer(sc, config, corpusPaths, output, from, startNanos, trainingStats, restart,
                List.copyOf(exact));
    }

    /**
     * @return how the run ended
     * @throws IOException if the corpus, the checkpoints or the output cannot be read or written
     */
    public TrainingOutcome run() throws IOException {
        Configuration hadoop = sc.hadoopConfiguration();
        HadoopFileIO io = HadoopFileIO.of(output, hadoop);
        URI root = io.root();
        try (ProgressReporter progress = new ProgressReporter(sc::setJobDescription);
             RunLease lease = RunLease.acquire(root, hadoop,
                     Duration.ofSeconds(config.get(RunKeys.LEASE_SECONDS)))) {
            RunFiles files = new RunFiles(io, lease);
            CheckpointStore store = CheckpointStore.at(root, hadoop, lease);
            for (ContainerMemory.Role role : ContainerMemory.Role.values()) {
                ContainerMemory.of(sc.getConf(), role).shortfall().ifPresent(LOG::warn);
            }
            sc.sc().addSparkListener(usage);
            try {
                StartingPoint start = StartingPoint.find(files, store, config, from, restart, hadoop);
                files.delete(RunLayout.COMPLETE);
                return train(new Session(files, store, progress, start));
            } catch (IOException e) {
                throw e; // a storage error stays one
            } catch (Exception e) {
                // A Spark job that failed (a SparkException, which Scala throws undeclared) after the cluster killed
                // executors over their memory is explained by the kills.
                Optional<ContainerMemoryException> killed = usage.killedForMemory(e);
                if (killed.isPresent()) {
                    throw killed.get();
                }
                throw e;
            } finally {
                sc.sc().removeSparkListener(usage);
            }
        }
    }

    private TrainingOutcome train(Session session) throws IOException {
        session.progress().phase("reading corpus and counting vocabulary");
        TrainingConfig asked = session.start().config();
        Corpus corpus = slices != null
                ? Corpus.openSlices(sc, slices, asked.corpusFormat(), ReadLimits.of(asked))
                : Corpus.open(sc, corpusPaths, asked.corpusFormat(), ReadLimits.of(asked),
                        List.of(session.files().root()));
        session.start().requireCorpus(corpus.digest());
        session.progress().phase("cutting windows");
        TrainingData data = TrainingData.cut(sc, corpus, asked, session.start().codec());
        try {
            data.report(session.files(), corpusPaths);
            return asked.networkKind() == null ? countChain(session, data) : trainNetwork(session, data);
        } finally {
            data.release();
        }
    }

    /** The Markov chain alone: counted once (with its learning curve), checkpointed, complete. */
    private TrainingOutcome countChain(Session session, TrainingData data) throws IOException {
        TrainingConfig run = session.start().config();
        RunEvaluation evaluation = evaluation(session, data, run);
        ChainCounting.Counted counted = session.start().resumed()
                ? new ChainCounting.Counted(session.start().chain(), session.start().state(), null)
                : count(session, data, evaluation);
        return loop(session, data, run, evaluation).finishCounted(counted);
    }

    /** A network, alone or mixed with a chain counted first, trained round by round. */
    private TrainingOutcome trainNetwork(Session session, TrainingData data) throws IOException {
        StartingPoint start = session.start();
        KneserNeyModel chain = !start.config().family().countsChain() ? null
                : start.resumed() ? start.chain() : count(session, data, null).chain();
        TrainingConfig run = start.config().get(SparkKeys.WORKERS) != 0 ? start.config()
                : start.config().with(Map.of(SparkKeys.WORKERS.name(), String.valueOf(sc.defaultParallelism())),
                        "Spark's default parallelism when the run started");
        NeuralModel startNet = start.network();
        if (startNet == null && BudgetRecipe.applies(run)) {
            session.progress().phase("measuring the workers for the budget recipe");
            BudgetRecipe.Choice recipe = BudgetRecipe.choose(run, data.windows().trainTokens()[0],
                    data.codec().vocabularySize(), ClusterRate.measure(sc, run.get(SparkKeys.WORKERS)));
            LOG.info("Budget recipe: {}", recipe.why());
            run = recipe.config();
        }
        MultiLayerNetwork network = startNet != null ? NetworkFactory.trainable(startNet.network(), run.get(ModelKeys.LSTM_KERNEL))
                : NetworkFactory.create(NetworkSpec.of(run), data.codec().vocabularySize());
        RoundFitter fitter = RoundFitter.of(sc, network, SparkTraining.of(run, run.get(SparkKeys.WORKERS)),
                session.files().root() + "/" + RunLayout.EXPORT, trainingStats);
        NetworkTraining alone = new NetworkTraining(fitter, data, run.networkKind(), run.seed(), run.batchSize(),
                run.sequenceLength(), NetworkSpec.of(run).learningRate());
        FamilyTraining<EpochPlan> family = chain == null ? alone
                : new MixtureTraining(alone, chain, start.mixtureWeight());
        LOG.info("Model: {} x {} {}, {} parameters{}; batch {}; {}", run.layers(), run.hiddenSize(),
                run.networkKind(), network.numParams(),
                chain == null ? "" : ", mixed with the order-" + chain.order() + " Markov chain", run.batchSize(),
                fitter.describe());
        TrainingOutcome outcome = loop(session, data, run, evaluation(session, data, run)).train(family);
        LOG.info("Work spread: {}", usage.summary());
        session.files().write(RunLayout.EXECUTORS_REPORT,
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(usage.toJson()) + "\n");
        if (trainingStats && fitter instanceof SparkRoundFitter spark) {
            spark.writeTrainingStats(session.files(), RunLayout.TRAINING_STATS);
        }
        return outcome;
    }

    /**
     * Counts the chain; a run started {@code --from} another adds this run's counts to the other's.
     *
     * @param curve where a chain trained alone evaluates its learning curve (null for a mixture's)
     */
    private ChainCounting.Counted count(Session session, TrainingData data, RunEvaluation curve)
            throws IOException {
        session.progress().phase("counting n-grams");
        return new ChainCounting(session.start().config().get(ModelKeys.ORDER), data.codec().vocabularySize())
                .count(data.windows().train(), session.start().chain(), session.start().state(), curve);
    }

    private RunEvaluation evaluation(Session session, TrainingData data, TrainingConfig run) throws IOException {
        return new RunEvaluation(new DistributedEvaluator(sc, data.windows()), data.codec(),
                run.corpusFormat().defaultPrime(data.codec()), session.files(),
                session.start().resumed() ? session.start().state().iteration() : -1, run.asMap(),
                run.get(RunKeys.SAMPLE_LENGTH), run.seed(), session.progress());
    }

    private TrainingLoop loop(Session session, TrainingData data, TrainingConfig run, ModelEvaluation evaluation) {
        return new TrainingLoop(Schedule.of(run), startNanos, System::nanoTime, evaluation,
                new RunCheckpoints(session.store(), data.codec(), run, corpusPaths, data.corpus().digest()),
                session.progress(), session.files(), session.start().state());
    }
}
