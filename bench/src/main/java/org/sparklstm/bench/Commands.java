package org.sparklstm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.sparklstm.job.SparkLstm;

/** Runs spark-lstm commands in the benchmark's JVM and reads what their runs wrote. */
final class Commands {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Commands() {
    }

    /**
     * @param args a command line
     * @return what the command printed
     * @throws IllegalStateException with what it printed to its error stream if it exits with another code than 0
     */
    static String run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SparkLstm.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", args) + " exited " + code + ": " + err);
        }
        return out.toString();
    }

    /**
     * @param run a training run's root
     * @return its {@code metrics.jsonl}, a record per line
     * @throws IOException if it cannot be read
     */
    static List<JsonNode> metrics(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new IllegalStateException(run + ": a metrics line is not JSON: " + line, e);
            }
        }).toList();
    }
}
