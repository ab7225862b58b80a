package org.sparklstm.job.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.job.train.DistributedTrainer;
import org.sparklstm.job.train.TrainingOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}: trains a model on Spark, writing metrics and checkpoints under the output root. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model on a corpus with Spark and parameter averaging. If the output root holds "
                + "checkpoints, training continues from the newest valid one, with the saved settings of model, "
                + "data and split (a different value exits 2); if none of them loads it exits 4 (see --restart).")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions training;

    @Option(names = "--output", paramLabel = "URI",
            description = "the run's root for metrics and checkpoints (default: a new folder under ./runs/)")
    String output;

    @Option(names = "--from", paramLabel = "URI",
            description = "start from another run's checkpoint (a run root or a checkpoint folder): its network, "
                    + "optimizer state and codec, fine-tuned on this corpus; ignored when --output already holds "
                    + "checkpoints")
    String from;

    @Option(names = "--restart",
            description = "start over from iteration 0 even though --output holds checkpoints (for example ones "
                    + "that cannot be loaded, which otherwise stop the run with exit 4); the earlier checkpoints "
                    + "and metrics are moved under <output>/_abandoned/, not deleted")
    boolean restart;

    @Option(names = "--training-stats",
            description = "collect DL4J's Spark training stats (timings of each phase on each worker) and write "
                    + "them as training-stats.html under the output root")
    boolean trainingStats;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        TrainingConfig config = training.configToRun(spec).map(TrainingConfig::spendingTheBudget).orElse(null);
        if (config == null) {
            return ExitCode.OK.code();
        }
        URI out = URI.create(output != null ? output : defaultOutput());
        try (JavaSparkContext sc = new JavaSparkContext(training.sparkConf())) {
            TrainingOutcome result = new DistributedTrainer(sc, config, training.corpus, out,
                    from == null ? null : URI.create(from), start).collectTrainingStats(trainingStats).restart(restart).run();
            spec.commandLine().getOut().println("Run root: " + out);
            spec.commandLine().getOut().println("Last checkpoint: " + result.checkpoint());
            spec.commandLine().getOut().println("Stopped: " + result.stopReason());
        }
        return ExitCode.OK.code();
    }

    private static String defaultOutput() {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", "run-" + stamp).toAbsolutePath().toUri().toString();
    }
}
