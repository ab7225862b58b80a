package org.sparklstm.job;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.net.URL;
import org.apache.logging.log4j.core.config.Configurator;
import org.sparklstm.job.cli.CompareCommand;
import org.sparklstm.job.cli.EvaluateCommand;
import org.sparklstm.job.cli.ExitCode;
import org.sparklstm.job.cli.FilterCommand;
import org.sparklstm.job.cli.InspectCommand;
import org.sparklstm.job.cli.ReportCommand;
import org.sparklstm.job.cli.RuntimeSettings;
import org.sparklstm.job.cli.RetrainCommand;
import org.sparklstm.job.cli.SampleCommand;
import org.sparklstm.job.cli.ScoreCommand;
import org.sparklstm.job.cli.TrainCommand;
import org.sparklstm.job.cli.TrainingOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code spark-lstm <command> [options]}. Also the main class for {@code spark-submit}.
 */
@Command(name = "spark-lstm", mixinStandardHelpOptions = true, versionProvider = RuntimeSettings.Version.class,
        description = "Train, sample, evaluate and inspect LSTM sequence models on Apache Spark.",
        subcommands = {TrainCommand.class, RetrainCommand.class, CompareCommand.class, SampleCommand.class,
                EvaluateCommand.class, ScoreCommand.class, FilterCommand.class, InspectCommand.class,
                ReportCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n")
public final class SparkLstm implements Runnable {

    /**
     * @param args the command and its options
     * @return the exit code
     */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /**
     * @param out where results go
     * @param err where errors go
     * @param args the command and its options
     * @return the exit code
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        RuntimeSettings.useSystemClockForTrainingStats();
        return commandLine()
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((e, cmd, parsed) -> ExitCode.handle(e, cmd))
                .execute(args);
    }

    /** @return the command line with every command and option (the training commands with each configuration key) */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SparkLstm());
        cli.getCommandSpec().usageMessage().exitCodeList(ExitCode.list());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        for (String command : new String[] {"train", "retrain", "compare"}) {
            TrainingOptions.addConfigOptions(cli.getSubcommands().get(command).getCommandSpec());
        }
        return cli;
    }

    /**
     * Runs a command and exits with its code. Under {@code spark-submit}, Spark has configured logging before this
     * jar was on the class path; unless the user chose a configuration, ours (quiet) replaces Spark's default.
     *
     * @param args the command and its options
     */
    public static void main(String[] args) throws URISyntaxException {
        URL ours = SparkLstm.class.getResource("/log4j2.properties");
        if (System.getProperty("log4j2.configurationFile") == null && ours != null) {
            Configurator.reconfigure(ours.toURI());
        }
        System.exit(run(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required");
    }
}
