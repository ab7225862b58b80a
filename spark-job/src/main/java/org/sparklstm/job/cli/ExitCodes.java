package org.sparklstm.job.cli;

import org.sparklstm.core.checkpoint.CheckpointException;
import org.sparklstm.core.checkpoint.LeaseHeldException;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.datasets.CorpusException;
import picocli.CommandLine;

/**
 * The exit codes of every command, for schedulers and scripts to act on. Documented in the README.
 */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** An unexpected internal failure (a bug or an environment problem); the log has the stack trace. */
    public static final int INTERNAL = 1;
    /** A usage or configuration error; the message names the option or key. */
    public static final int USAGE = 2;
    /** A corpus file cannot be used (binary, invalid UTF-8); the message names the file. */
    public static final int BAD_INPUT = 3;
    /**
     * No usable checkpoint where one was needed (missing, incomplete or damaged), or a run root whose checkpoints
     * none loads (damaged, or the newest written by a newer build): nothing was trained.
     */
    public static final int NO_CHECKPOINT = 4;
    /**
     * The output or a checkpoint location cannot be read or written (a storage error: whether a checkpoint is
     * valid could not be told, so nothing was trained from it); try again later.
     */
    public static final int STORAGE = 5;
    /** Another live run holds the output root's lease (or took it over); try again later. */
    public static final int LEASE_HELD = 6;

    private ExitCodes() {
    }

    /**
     * Prints a failure the way users read it and picks its exit code.
     *
     * @param e what was thrown (possibly wrapped by Spark)
     * @param cmd the command that failed
     * @return the exit code
     */
    public static int handle(Exception e, CommandLine cmd) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException) {
                return fail(cmd, t.getMessage(), USAGE);
            }
            if (t instanceof CorpusException) {
                return fail(cmd, "bad input: " + t.getMessage(), BAD_INPUT);
            }
            if (t instanceof LeaseHeldException) {
                return fail(cmd, t.getMessage(), LEASE_HELD);
            }
            if (t instanceof CheckpointException) {
                return fail(cmd, "no usable checkpoint: " + t.getMessage(), NO_CHECKPOINT);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException) {
                return fail(cmd, "storage error: " + t.getMessage(), STORAGE);
            }
        }
        String text = String.valueOf(e.getMessage());
        int at = text.indexOf(CorpusException.class.getName() + ": ");
        if (at >= 0) {
            String rest = text.substring(at + CorpusException.class.getName().length() + 2);
            return fail(cmd, "bad input: " + rest.lines().findFirst().orElse(rest), BAD_INPUT);
        }
        e.printStackTrace(cmd.getErr());
        return fail(cmd, "internal error: " + e, INTERNAL);
    }

    private static int fail(CommandLine cmd, String message, int code) {
        cmd.getErr().println(cmd.getCommandName() + ": " + message);
        return code;
    }
}
