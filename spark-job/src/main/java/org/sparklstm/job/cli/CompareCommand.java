package org.sparklstm.job.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.checkpoint.CheckpointStore;
import org.sparklstm.core.config.ModelKeys;
import org.sparklstm.core.config.ConfigParam;
import org.sparklstm.core.config.DataKeys;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.family.ModelFamily;
import org.sparklstm.core.model.mixture.MixtureModel;
import org.sparklstm.core.model.network.NeuralModel;
import org.sparklstm.core.model.markov.KneserNeyModel;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.job.report.Comparison;
import org.sparklstm.job.train.DistributedEvaluator;
import org.sparklstm.job.train.DistributedTrainer;
import org.sparklstm.core.run.RunFiles;
import org.sparklstm.job.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code compare}: trains several model families on one corpus, one after the other, each with the same budget,
 * configuration and train/validation split, and prints a table (also {@code compare.json}) of their validation
 * bits per token, parameters and speed, with each one's learning curve ({@code compare.png}). With a network and
 * the Markov chain among them, it adds their mixture (the best network's), its weight fitted on the validation
 * split two-fold. With {@code --splits window,file} it does all that under each split and tables both, so a
 * family's figure on new files stands beside its figure on new windows of files it trained on.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Train each model family for the same budget (--max-minutes or --max-iterations, per model) on "
                + "the same split and compare their validation bits per token, parameters, speed and learning "
                + "curves. Writes <output>/<model>/ runs, compare.json and compare.png.")
public final class CompareCommand implements Callable<Integer> {
    /** Each family trains a run of its own; the mixture is fitted from the best network's and the chain's. */
    private static final List<String> FAMILIES = ModelFamily.values().stream()
            .filter(f -> !f.isMixture()).map(ModelFamily::key).toList();
    private static final String CHAIN = ModelFamily.MARKOV.key();

    /** The families {@code --models} takes, for its help. */
    static final class Families implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return FAMILIES.iterator();
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions training;

    @Option(names = "--models", split = ",", defaultValue = "lstm,irnn,rnn,markov", paramLabel = "LIST",
            completionCandidates = Families.class,
            description = "the families to compare, comma-separated, among ${COMPLETION-CANDIDATES} "
                    + "(default ${DEFAULT-VALUE})")
    List<String> models;

    @Option(names = "--output", paramLabel = "URI",
            description = "root of the comparison: one run per model under it (default: a new folder under ./runs/)")
    String output;

    @Option(names = "--splits", split = ",", paramLabel = "LIST",
            description = "compare under each of these held-out splits (window, file), one after the other, runs "
                    + "under <output>/<split>/<model>/, in one table and one compare.json (default: the split "
                    + "--split-by gives, runs under <output>/<model>/)")
    List<String> splits;

    @Override
    public Integer call() throws IOException {
        for (String m : models) {
            if (!FAMILIES.contains(m)) {
                throw new ConfigException("models", "'" + m + "' is not one of " + FAMILIES);
            }
        }
        TrainingConfig base = training.configToRun(spec).map(TrainingConfig::spendingTheBudget).orElse(null);
        if (base == null) {
            return ExitCode.OK.code();
        }
        String where = output != null ? output : Path.of("runs", "compare-" + LocalDateTime.now()
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))).toAbsolutePath().toUri().toString();
        URI out = URI.create(where.endsWith("/") ? where : where + "/");
        Map<URI, TrainingConfig> comparisons = new LinkedHashMap<>();
        if (splits == null || splits.isEmpty()) {
            comparisons.put(out, base);
        } else {
            for (String split : new LinkedHashSet<>(splits)) {
                comparisons.put(out.resolve(split + "/"),
                        base.with(Map.of(DataKeys.SPLIT_BY.name(), split), "compare --splits"));
            }
        }
        Comparison comparison = new Comparison();
        try (JavaSparkContext sc = new JavaSparkContext(training.sparkConf())) {
            for (Map.Entry<URI, TrainingConfig> c : comparisons.entrySet()) {
                compareUnder(sc, c.getValue(), c.getKey(), comparison);
            }
            RunFiles files = new RunFiles(out, sc.hadoopConfiguration());
            comparison.write(files);
            spec.commandLine().getOut().print(comparison.table());
            spec.commandLine().getOut().println("Written: " + out.resolve(RunLayout.COMPARISON) + ", "
                    + out.resolve(RunLayout.COMPARISON_PLOT));
        }
        return ExitCode.OK.code();
    }

    /** Trains each model on the split {@code base} gives, under {@code out}, and adds their rows and mixture. */
    private void compareUnder(JavaSparkContext sc, TrainingConfig base, URI out, Comparison comparison)
            throws IOException {
        String split = ConfigParam.key(base.get(DataKeys.SPLIT_BY));
        Map<String, ModelBundle> bundles = new LinkedHashMap<>();
        for (String m : models) {
            TrainingConfig config = base.with(Map.of(ModelKeys.MODEL.name(), m), "compare");
            URI root = out.resolve(m + "/");
            spec.commandLine().getErr().println("== compare: training " + m + " into " + root + " (split by "
                    + split + ")");
            new DistributedTrainer(sc, config, training.corpus, root, null, System.nanoTime()).run();
            ModelBundle bundle = CheckpointStore.locate(root, sc.hadoopConfiguration()).load();
            bundles.put(m, bundle);
            comparison.add(m, split, bundle.model().parameterCount(), bundle.state(),
                    new RunFiles(root, sc.hadoopConfiguration()));
        }
        String bestNetwork = models.stream().filter(m -> !CHAIN.equals(m))
                .min((a, b) -> Double.compare(bundles.get(a).state().valBitsPerToken(),
                        bundles.get(b).state().valBitsPerToken())).orElse(null);
        if (bestNetwork != null && bundles.containsKey(CHAIN)) {
            spec.commandLine().getErr().println("== compare: fitting the mixture of " + bestNetwork + " and markov");
            ModelBundle net = bundles.get(bestNetwork);
            TrainingData data = TrainingData.read(sc, training.corpus, List.of(out), net.config(), net.codec());
            double[][] p = new DistributedEvaluator(sc, data.windows()).componentProbabilities(
                    new MixtureModel((NeuralModel) net.model(), (KneserNeyModel) bundles.get(CHAIN).model(), 0.5));
            data.release();
            comparison.addMixture(bestNetwork + "+markov", split, net.model().parameterCount()
                    + bundles.get(CHAIN).model().parameterCount() + 1, p[0], p[1]);
        }
    }
}
