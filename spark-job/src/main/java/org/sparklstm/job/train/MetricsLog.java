package org.sparklstm.job.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * {@code <output>/metrics.jsonl}: one JSON object per evaluation. Lines already there (from the run this one
 * resumes) are kept.
 */
public final class MetricsLog {
    /** The file name under the run root. */
    public static final String FILE = "metrics.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunFiles files;
    private final StringBuilder lines;

    /**
     * @param files the run's files
     * @throws IOException if an existing log cannot be read
     */
    public MetricsLog(RunFiles files) throws IOException {
        this.files = files;
        this.lines = new StringBuilder(files.readOrEmpty(FILE));
    }

    /** @return a fresh record to fill and {@link #append} */
    public ObjectNode newRecord() {
        return JSON.createObjectNode();
    }

    /**
     * Adds a record and rewrites the file.
     *
     * @param record the evaluation's figures
     * @throws IOException if the file cannot be written
     */
    public void append(ObjectNode record) throws IOException {
        lines.append(JSON.writeValueAsString(record)).append('\n');
        files.write(FILE, lines.toString());
    }
}
