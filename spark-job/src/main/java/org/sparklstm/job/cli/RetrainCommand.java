package org.sparklstm.job.cli;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparklstm.job.train.Retrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code retrain}: one scheduled retraining step, safe to run again at any time (see {@link Retrainer}). */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = {"One step of scheduled retraining, for cron or Airflow; safe to rerun.",
                "Resumes the newest generation under --output if it is unfinished (or closes it if its recorded "
                        + "bytes changed); else trains a new generation on what no finished generation trained (new "
                        + "files, appended text, replaced files, told apart by content digests; for an Iceberg "
                        + "table, the rows appended since the last trained snapshot), fine-tuning from the last one; else does nothing. Exit 0 in all three cases; 3 once if the new files hold "
                        + "no usable text; 6 if another retrain holds the root."})
public final class RetrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions training;

    @Option(names = "--output", required = true, paramLabel = "URI",
            description = "the retraining root; generations gen-00001, gen-00002, ... are created under it")
    String output;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        var config = training.configToRun(spec).orElse(null);
        if (config == null) {
            return ExitCode.OK.code();
        }
        try (JavaSparkContext sc = new JavaSparkContext(training.sparkConf())) {
            Retrainer.Outcome outcome = new Retrainer(sc, config, training.corpus, URI.create(output), start).run();
            spec.commandLine().getOut().println("Retrain: " + outcome.action() + (outcome.generation() == null ? ""
                    : " " + outcome.generation()) + (outcome.result() == null ? ""
                    : " (" + outcome.result().stopReason() + ")"));
        }
        return ExitCode.OK.code();
    }
}
