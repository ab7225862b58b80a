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
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.job.train.DistributedTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}: trains a model on Spark, writing metrics and checkpoints under the output root. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model on a corpus with Spark and parameter averaging. If the output root holds "
                + "checkpoints, training continues from the newest valid one.")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", arity = "1..*", required = true, paramLabel = "PATH",
            description = "corpus files, folders or globs (file://, hdfs://, s3a:// or local paths)")
    List<String> corpus;

    @Option(names = "--output", paramLabel = "URI",
            description = "the run's root for metrics and checkpoints (default: a new folder under ./runs/)")
    String output;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: spark.master from spark-submit, else local[*])")
    String master;

    @Option(names = "--config", paramLabel = "FILE",
            description = "a properties file of configuration keys (the option names without --)")
    Path configFile;

    @Option(names = "--format", description = "corpus format: text") String format;
    @Option(names = "--model", description = "model family: lstm") String model;
    @Option(names = "--epochs", description = "passes over the training windows (default 10)") String epochs;
    @Option(names = "--max-minutes", description = "wall-clock budget in minutes; 0 = none") String maxMinutes;
    @Option(names = "--max-iterations", description = "stop at this many iterations; 0 = none") String maxIterations;
    @Option(names = "--seed", description = "random seed (default 42)") String seed;
    @Option(names = "--layers", description = "stacked LSTM layers (default 2)") String layers;
    @Option(names = "--hidden-size", description = "units per layer (default 128)") String hiddenSize;
    @Option(names = "--sequence-length", description = "tokens per window (default 100)") String sequenceLength;
    @Option(names = "--batch-size", description = "windows per minibatch per worker (default 16)") String batchSize;
    @Option(names = "--learning-rate", description = "Adam learning rate (default 0.01)") String learningRate;
    @Option(names = "--gradient-clip", description = "element-wise gradient clip; 0 = off") String gradientClip;
    @Option(names = "--validation-fraction", description = "held-out share (default 0.05)") String validationFraction;
    @Option(names = "--eval-every", description = "iterations between evaluations (default 100)") String evalEvery;
    @Option(names = "--averaging-frequency", description = "minibatches between averagings") String averagingFrequency;
    @Option(names = "--workers", description = "training workers; 0 = Spark's parallelism") String workers;
    @Option(names = "--max-vocab", description = "vocabulary cap (default 10000)") String maxVocab;
    @Option(names = "--sample-length", description = "tokens sampled per evaluation") String sampleLength;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        TrainingConfig config = effectiveConfig();
        URI out = URI.create(output != null ? output : defaultOutput());
        SparkConf conf = new SparkConf()
                .setAppName("spark-lstm train")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            DistributedTrainer.Result result =
                    new DistributedTrainer(sc, config, corpus, out, start).run();
            spec.commandLine().getOut().println("Run root: " + out);
            spec.commandLine().getOut().println("Last checkpoint: " + result.checkpoint());
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
        put(cli, TrainingConfig.FORMAT.name(), format);
        put(cli, TrainingConfig.MODEL.name(), model);
        put(cli, TrainingConfig.EPOCHS.name(), epochs);
        put(cli, TrainingConfig.MAX_MINUTES.name(), maxMinutes);
        put(cli, TrainingConfig.MAX_ITERATIONS.name(), maxIterations);
        put(cli, TrainingConfig.SEED.name(), seed);
        put(cli, TrainingConfig.LAYERS.name(), layers);
        put(cli, TrainingConfig.HIDDEN_SIZE.name(), hiddenSize);
        put(cli, TrainingConfig.SEQUENCE_LENGTH.name(), sequenceLength);
        put(cli, TrainingConfig.BATCH_SIZE.name(), batchSize);
        put(cli, TrainingConfig.LEARNING_RATE.name(), learningRate);
        put(cli, TrainingConfig.GRADIENT_CLIP.name(), gradientClip);
        put(cli, TrainingConfig.VALIDATION_FRACTION.name(), validationFraction);
        put(cli, TrainingConfig.EVAL_EVERY.name(), evalEvery);
        put(cli, TrainingConfig.AVERAGING_FREQUENCY.name(), averagingFrequency);
        put(cli, TrainingConfig.WORKERS.name(), workers);
        put(cli, TrainingConfig.MAX_VOCAB.name(), maxVocab);
        put(cli, TrainingConfig.SAMPLE_LENGTH.name(), sampleLength);
        return config.with(cli, "command line");
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String defaultOutput() {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", "run-" + stamp).toAbsolutePath().toUri().toString();
    }
}
