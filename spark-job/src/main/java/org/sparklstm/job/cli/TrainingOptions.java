package org.sparklstm.job.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.core.config.ConfigParam;
import org.sparklstm.core.config.TrainingConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The options shared by {@code train} and {@code retrain}: corpus, Spark master, settings, a configuration file,
 * and one option per key of {@link TrainingConfig#PARAMS} (added by {@link #addConfigOptions}).
 */
public final class TrainingOptions {
    @Mixin
    ConfOptions conf;

    @Mixin
    VerbosityOption verbosity;

    @Option(names = "--print-config",
            description = "print the effective configuration, each value with its source, and exit")
    private boolean printConfig;

    @Option(names = "--corpus", arity = "1..*", required = true, paramLabel = "PATH",
            description = "corpus files, folders or globs (file://, hdfs://, s3a:// or local paths); with --format "
                    + "parquet also table:NAME, table:NAME@SNAPSHOT, table:NAME@AFTER..SNAPSHOT (Iceberg) and "
                    + "sql:QUERY")
    List<String> corpus;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: spark.master from spark-submit, else local[*])")
    String master;

    @Option(names = "--config", paramLabel = "FILE",
            description = "a properties file of configuration keys (the option names without --)")
    Path configFile;

    /**
     * Adds one option per configuration key, with its description, default and range.
     *
     * @param command the spec of a command that has this mixin
     */
    public static void addConfigOptions(CommandSpec command) {
        for (ConfigParam<?> p : TrainingConfig.PARAMS) {
            command.addOption(OptionSpec.builder("--" + p.name())
                    .paramLabel("VALUE")
                    .type(String.class)
                    .description(p.description() + " (default " + p.defaultText() + "; " + p.allowedText() + ")")
                    .build());
        }
    }

    /**
     * @param command the spec of the command being run
     * @return the effective configuration, or empty when {@code --print-config} asked only to print it (it is
     *         printed, and the command exits 0)
     * @throws IOException if the configuration file cannot be read
     */
    Optional<TrainingConfig> configToRun(CommandSpec command) throws IOException {
        TrainingConfig config = effectiveConfig(command);
        if (printConfig) {
            command.commandLine().getOut().print(config.describe());
            return Optional.empty();
        }
        return Optional.of(config);
    }

    /**
     * @param command the spec of the command being run
     * @return defaults, overridden by the configuration file, overridden by the options
     * @throws IOException if the configuration file cannot be read
     */
    private TrainingConfig effectiveConfig(CommandSpec command) throws IOException {
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
            String value = command.findOption("--" + p.name()).getValue();
            if (value != null) {
                cli.put(p.name(), value);
            }
        }
        return config.with(cli, "command line");
    }

    /** @return the Spark configuration for a training run: Kryo with ND4J's registrator, master, settings */
    SparkConf sparkConf() {
        return conf.sparkConf(master);
    }
}
