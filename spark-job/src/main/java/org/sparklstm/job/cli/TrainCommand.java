package org.sparklstm.job.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.core.config.ConfigParam;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.job.train.DistributedTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train}: trains a model on Spark, writing metrics and checkpoints under the output root.
 *
 * <p>Besides the options declared here, every key of {@link TrainingConfig#PARAMS} is an option
 * ({@code --hidden-size 256}); see {@link #addConfigOptions}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model on a corpus with Spark and parameter averaging. If the output root holds "
                + "checkpoints, training continues from the newest valid one.")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfOptions conf;

    @Option(names = "--corpus", arity = "1..*", required = true, paramLabel = "PATH",
            description = "corpus files, folders or globs (file://, hdfs://, s3a:// or local paths)")
    List<String> corpus;

    @Option(names = "--output", paramLabel = "URI",
            description = "the run's root for metrics and checkpoints (default: a new folder under ./runs/)")
    String output;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: spark.master from spark-submit, else local[*])")
    String master;

    @Option(names = "--from", paramLabel = "URI",
            description = "start from another run's checkpoint (a run root or a checkpoint folder): its network, "
                    + "optimizer state and codec, fine-tuned on this corpus; ignored when --output already holds "
                    + "checkpoints")
    String from;

    @Option(names = "--config", paramLabel = "FILE",
            description = "a properties file of configuration keys (the option names without --)")
    Path configFile;

    /**
     * Adds one option per configuration key, with its description, default and range.
     *
     * @param train the train command's spec
     */
    public static void addConfigOptions(CommandSpec train) {
        for (ConfigParam<?> p : TrainingConfig.PARAMS) {
            train.addOption(OptionSpec.builder("--" + p.name())
                    .paramLabel("VALUE")
                    .type(String.class)
                    .description(p.description() + " (default " + p.defaultValue() + "; " + p.allowedText() + ")")
                    .build());
        }
    }

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        TrainingConfig config = effectiveConfig();
        URI out = URI.create(output != null ? output : defaultOutput());
        SparkConf sparkConf = new SparkConf()
                .setAppName("spark-lstm train")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator");
        conf.applyTo(sparkConf);
        if (master != null) {
            sparkConf.setMaster(master);
        } else if (!sparkConf.contains("spark.master")) {
            sparkConf.setMaster("local[*]");
        }
        try (JavaSparkContext sc = new JavaSparkContext(sparkConf)) {
            DistributedTrainer.Result result = new DistributedTrainer(sc, config, corpus, out,
                    from == null ? null : URI.create(from), start).run();
            spec.commandLine().getOut().println("Run root: " + out);
            spec.commandLine().getOut().println("Last checkpoint: " + result.checkpoint());
            spec.commandLine().getOut().println("Stopped: " + result.stopReason());
        }
        return ExitCodes.OK;
    }

    private TrainingConfig effectiveConfig() throws IOException {
        TrainingConfig config = TrainingConfig.defaults();
        if (configFile != null) {
            try (Reader r = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                config = config.with(TrainingConfig.readProperties(r), configFile.toString());
            } catch (NoSuchFileException e) {
                throw new ConfigException("config", "no such file: " + configFile);
            }
        }
        Map<String, String> cli = new LinkedHashMap<>();
        for (ConfigParam<?> p : TrainingConfig.PARAMS) {
            String value = spec.findOption("--" + p.name()).getValue();
            if (value != null) {
                cli.put(p.name(), value);
            }
        }
        return config.with(cli, "command line");
    }

    private static String defaultOutput() {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", "run-" + stamp).toAbsolutePath().toUri().toString();
    }
}
