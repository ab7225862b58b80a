package org.sparklstm.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <output>/metrics.jsonl}: one JSON object per evaluation, rewritten whole (see {@link RunFiles}) at each
 * one. A resumed run keeps the records up to the checkpoint it resumes from and drops those of the abandoned
 * branch after it; a fresh run starts an empty log. A line that does not parse (cut short by a crash under an
 * older build, or edited by hand) is skipped with a warning by every reader.
 */
public final class MetricsLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(MetricsLog.class);

    private final RunFiles files;
    private final StringBuilder lines = new StringBuilder();

    /**
     * @param files the run's files
     * @param resumedIteration the iteration of the checkpoint the run resumes from (records after it are
     *                         dropped), or -1 for a run that starts from nothing (every record is dropped)
     * @throws IOException if an existing log cannot be read
     */
    public MetricsLog(RunFiles files, long resumedIteration) throws IOException {
        this.files = files;
        for (JsonNode record : read(files)) {
            if (record.path("iteration").asLong(Long.MAX_VALUE) <= resumedIteration) {
                lines.append(JSON.writeValueAsString(record)).append('\n');
            }
        }
    }

    /**
     * @param files a run's files
     * @return its records, in order, without lines that do not parse
     * @throws IOException if the log exists but cannot be read
     */
    public static List<JsonNode> read(RunFiles files) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        String[] lines = files.readOrEmpty(RunLayout.METRICS).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                JsonNode record = JSON.readTree(lines[i]);
                if (record != null && record.isObject()) {
                    records.add(record);
                    continue;
                }
            } catch (JsonProcessingException e) {
                // reported below
            }
            LOG.warn("Skipping line {} of {} under {}: not a JSON object", i + 1, RunLayout.METRICS, files.root());
        }
        return records;
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
        files.write(RunLayout.METRICS, lines.toString());
    }
}
