package org.sparklstm.job;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and keeps what it printed. */
public final class CliRunner {
    /** What one command printed and returned. */
    public record Outcome(int exitCode, String out, String err) {
    }

    private CliRunner() {
    }

    /**
     * @param args the command and its options
     * @return its exit code and what it printed
     */
    public static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SparkLstm.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }
}
