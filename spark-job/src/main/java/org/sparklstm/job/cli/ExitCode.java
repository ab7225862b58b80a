package org.sparklstm.job.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sparklstm.core.checkpoint.CheckpointException;
import org.sparklstm.core.checkpoint.LeaseHeldException;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.job.cluster.ContainerMemoryException;
import picocli.CommandLine;

/**
 * The exit codes of every command, for schedulers and scripts to act on: the one list of them, which
 * {@code --help} and the generated command-line page print.
 */
public enum ExitCode {
    /** Success. */
    OK(0, "success (retrain: resumed, trained a new generation, or nothing new)"),
    /** An unexpected failure: a bug or an environment problem. */
    INTERNAL(1, "internal error: a bug or an environment problem; the stack trace is printed"),
    /** A usage or configuration error. */
    USAGE(2, "usage or configuration error, naming the option or key (also a resume that changes a saved "
            + "setting)"),
    /** A corpus file or the whole corpus cannot be used. */
    BAD_INPUT(3, "bad input: a bad file under --on-bad-input fail (named, with the byte offset for UTF-8), no "
            + "usable data at all (retrain: once, then it goes on without those files), a --prime MIDI file "
            + "that cannot be read, or (retrain) an Iceberg table rolled back past the snapshot last trained"),
    /** No usable checkpoint where one was needed, or a run root whose checkpoints none loads. */
    NO_CHECKPOINT(4, "no usable checkpoint where one is needed (missing, incomplete or damaged), or checkpoints that "
            + "exist but none loads, each named with why (nothing trained; train --restart starts over)"),
    /** The output or a checkpoint location cannot be read or written. */
    STORAGE(5, "storage error reading or writing the output or a checkpoint: retry later; nothing was concluded "
            + "from it"),
    /** Another live run holds the output root's lease, or this run lost its own. */
    LEASE_HELD(6, "another live run holds the output root's lease, or this run could not renew its own and stopped "
            + "writing: the next scheduled call goes on"),
    /** The cluster manager killed executors for exceeding their container's memory. */
    CONTAINER_MEMORY(7, "the cluster manager (YARN) killed executors for exceeding their container's memory (the "
            + "run stops at the second): the message names the setting to raise (spark.executor.memoryOverhead); the "
            + "checkpoints so far are kept and the same command resumes");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** @return the process exit code */
    public int code() {
        return code;
    }

    /** @return what it means, for {@code --help} and the documentation */
    public String meaning() {
        return meaning;
    }

    /** @return every code with its meaning, in order, as picocli's exit-code list takes them */
    public static Map<String, String> list() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode c : values()) {
            list.put(String.valueOf(c.code), c.meaning);
        }
        return list;
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
            if (t instanceof ContainerMemoryException) {
                return fail(cmd, t.getMessage(), CONTAINER_MEMORY);
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

    private static int fail(CommandLine cmd, String message, ExitCode code) {
        cmd.getErr().println(cmd.getCommandName() + ": " + message);
        return code.code;
    }
}
