package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.checkpoint.CheckpointStore;
import org.sparklstm.core.model.network.NetworkInputs;
import org.sparklstm.core.model.network.NeuralModel;
import org.sparklstm.datasets.window.Minibatches;

/**
 * A vocabulary of thousands of symbols end to end on Spark local[2]: Debian's 300 Tang poems (fortunes-zh, 2,585
 * distinct characters) train on token-id minibatches, learn, and sample Chinese.
 */
class ChineseTextTest {
    private static final Path TANG = Path.of("src/test/resources/corpora/tang300.txt");

    @TempDir
    Path tmp;

    @Test
    void tangPoemsTrainOnTokenIdsAndSampleChinese() throws IOException {
        Path run = tmp.resolve("run");
        CliRunner.Outcome o = CliRunner.run("train", "--corpus", TANG.toString(), "--master", "local[2]",
                "--output", run.toString(), "--max-iterations", "20", "--eval-every", "10", "--hidden-size", "64",
                "--sample-length", "40");
        assertEquals(0, o.exitCode(), o.err());
        int vocabulary = new ObjectMapper().readTree(run.resolve("data-report.json").toFile())
                .get("vocabulary_size").asInt();
        assertTrue(vocabulary > 2_500, vocabulary + " symbols");

        ModelBundle bundle = CheckpointStore.locate(run.toUri(), new Configuration())
                .load();
        assertEquals(Minibatches.Inputs.TOKEN_IDS,
                NetworkInputs.of(((NeuralModel) bundle.model()).network()).inputs());
        // 20 iterations learn the characters' frequencies (about 8.6 bits), not yet more: that the token-id path
        // computes DL4J's one-hot results exactly is FusedLstmTest's
        List<JsonNode> evaluations = Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .map(ChineseTextTest::json).filter(r -> r.has("val_bits_per_token")).toList();
        double last = evaluations.get(evaluations.size() - 1).get("val_bits_per_token").asDouble();
        double uniform = Math.log(vocabulary) / Math.log(2);
        assertTrue(last < uniform - 2, "validation " + last + " bits per character, uniform " + uniform);

        CliRunner.Outcome sample = CliRunner.run("sample", "--checkpoint", run.toString(), "--length", "60",
                "--prime", "春眠不觉晓，");
        assertEquals(0, sample.exitCode(), sample.err());
        long han = sample.out().codePoints()
                .filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN).count();
        assertTrue(han >= 20, "a sample of Chinese characters: " + sample.out());
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(line, e);
        }
    }
}
