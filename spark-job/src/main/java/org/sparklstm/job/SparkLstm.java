package org.sparklstm.job;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.net.URL;
import org.apache.logging.log4j.core.config.Configurator;
import org.sparklstm.job.cli.CompareCommand;
import org.sparklstm.job.cli.EvaluateCommand;
import org.sparklstm.job.cli.ForecastCommand;
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
                EvaluateCommand.class, ForecastCommand.class, ScoreCommand.class, FilterCommand.class, InspectCommand.class,
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
     * Inside YARN's application master ({@code --deploy-mode cluster}) it returns instead, or throws on failure: the
     * master reports the application's final status from how the main method ended, and an exit from it reads as
     * a crash ("Shutdown hook called before final status was reported") whatever the code.
     *
     * @param args the command and its options
     */
    public static void main(String[] args) throws URISyntaxException {
        URL ours = SparkLstm.class.getResource("/log4j2.properties");
        if (System.getProperty("log4j2.configurationFile") == null && ours != null) {
            Configurator.reconfigure(ours.toURI());
        }
        if (!RuntimeSettings.insideYarnApplicationMaster()) {
            System.exit(run(args));
        }
        StringWriter errors = new StringWriter();
        int code = run(new PrintWriter(System.out, true), new PrintWriter(new Tee(System.err, errors), true), args);
        if (code != ExitCode.OK.code()) {
            String last = errors.toString().lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
            throw new CommandFailedException(code, last);
        }
    }

    /** Writes to the process's error stream and keeps a copy, for the message of a failure. */
    private static final class Tee extends Writer {
        private final PrintStream stream;
        private final StringWriter copy;

        Tee(PrintStream stream, StringWriter copy) {
            this.stream = stream;
            this.copy = copy;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            String text = new String(chars, offset, length);
            stream.print(text);
            copy.write(text);
        }

        @Override
        public void flush() {
            stream.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }

    /**
     * A command that failed inside YARN's application master. Its message, which YARN shows as the application's
     * diagnostics, gives the exit code and the command's last error line; the driver's log has the rest.
     */
    public static final class CommandFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandFailedException(int code, String lastError) {
            super("exit code " + code + ": " + lastError);
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required");
    }
}
