package org.sparklstm.job.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.bundle.TrainingState;
import org.sparklstm.core.run.RunFiles;
import org.sparklstm.core.run.RunLayout;

/** {@code compare} says when each network's learning curve first went below the Markov chain's final figure. */
class ComparisonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void eachNetworkIsMarkedWhereItsCurveFirstWentBelowTheChainOrNever() throws IOException {
        Comparison c = new Comparison();
        c.add("lstm", "window", 1000, TrainingState.START.withValidation(1.9), run("lstm", 2.6, 2.2, 2.05, 1.9));
        c.add("rnn", "window", 1000, TrainingState.START.withValidation(2.3), run("rnn", 2.8, 2.5, 2.3));
        c.add("markov", "window", 50, TrainingState.START.withValidation(2.1), run("markov", 2.4, 2.1));
        String table = c.table();
        RunFiles out = new RunFiles(tmp.resolve("cmp").toUri(), new Configuration());
        c.write(out);
        JsonNode rows = JSON.readTree(out.readOrEmpty(RunLayout.COMPARISON)).get("models");
        assertEquals(20.0, rows.get(0).get("below_markov_seconds").asDouble(), "its third point, 2.05 < 2.1");
        assertEquals(3000, rows.get(0).get("below_markov_tokens").asLong());
        assertTrue(rows.get(1).get("below_markov_seconds").isNull());
        assertTrue(!rows.get(2).has("below_markov_seconds"), "the chain itself");
        assertTrue(table.contains("20 s") && table.contains("never"), table);
    }

    @Test
    void withTwoSplitsEachNetworkIsSetAgainstItsOwnSplitsChain() throws IOException {
        Comparison c = new Comparison();
        c.add("lstm", "window", 1000, TrainingState.START.withValidation(1.9), run("lw", 2.6, 2.0, 1.9));
        c.add("markov", "window", 50, TrainingState.START.withValidation(1.8), run("mw", 1.8));
        c.add("lstm", "file", 1000, TrainingState.START.withValidation(2.0), run("lf", 2.6, 2.1, 2.0));
        c.add("markov", "file", 50, TrainingState.START.withValidation(2.2), run("mf", 2.2));
        String table = c.table();
        JsonNode rows = JSON.readTree(write(c)).get("models");
        assertTrue(rows.get(0).get("below_markov_seconds").isNull(), "1.9 never went below the window chain's 1.8");
        assertEquals(10.0, rows.get(2).get("below_markov_seconds").asDouble(), "2.1 < the file chain's 2.2");
        assertTrue(table.contains("lstm (window)") && table.contains("markov (file)"), table);
    }

    /** @return the comparison's JSON, written to a fresh root */
    private String write(Comparison c) throws IOException {
        RunFiles out = new RunFiles(tmp.resolve("cmp2").toUri(), new Configuration());
        c.write(out);
        return out.readOrEmpty(RunLayout.COMPARISON);
    }

    /** A run root whose metrics hold one evaluation per loss, 10 s and 1,000 tokens apart. */
    private RunFiles run(String name, double... losses) throws IOException {
        RunFiles files = new RunFiles(tmp.resolve(name).toUri(), new Configuration());
        StringBuilder metrics = new StringBuilder();
        for (int i = 0; i < losses.length; i++) {
            metrics.append(JSON.createObjectNode().put("tokens_seen", 1000L * (i + 1))
                    .put("elapsed_seconds", 10.0 * i).put("val_bits_per_token", losses[i])).append('\n');
        }
        files.write(RunLayout.METRICS, metrics.toString());
        return files;
    }
}
