package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.run.RunLayout;

/**
 * {@code train --model markov} and {@code evaluate} agree with an independent implementation of the same chain
 * ({@code scripts/reference/kn_reference.py}, Python, written from the smoothing formula and the documented window
 * and split rules alone) on real text: Moby Dick's last 100,000 characters held out as a file, the rest trained on
 * with the default 5% validation split. The chain counts every n-gram that ends on a training token; the held-out
 * file is scored as one stream, the validation windows each after the text before it.
 */
class MarkovReferenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ORDER = 5;

    @TempDir
    Path tmp;

    @Test
    void evaluateOfATrainedChainEqualsTheIndependentReferenceOnTheHeldOutStream() throws Exception {
        String book = Files.readString(Path.of(TrainSampleEvaluateTest.MOBY_DICK));
        Path train = tmp.resolve("moby-train.txt");
        Path heldOut = tmp.resolve("moby-held-out.txt");
        Files.writeString(train, book.substring(0, book.length() - 100_000));
        Files.writeString(heldOut, book.substring(book.length() - 100_000));
        Path run = tmp.resolve("run");
        CliRunner.Outcome trained = CliRunner.run("train", "--model", "markov", "--order", String.valueOf(ORDER),
                "--corpus", train.toString(), "--master", "local[2]", "--output", run.toString());
        assertEquals(0, trained.exitCode(), trained.err());
        CliRunner.Outcome evaluated = CliRunner.run("evaluate", "--checkpoint", run.toString(), "--corpus",
                heldOut.toString());
        assertEquals(0, evaluated.exitCode(), evaluated.err());
        JsonNode ours = JSON.readTree(evaluated.out());

        JsonNode theirs = python("--order", String.valueOf(ORDER), "--held-out", heldOut.toString(), "--",
                train.toString());
        assertEquals(theirs.get("scored_tokens").asLong(), ours.get("tokens").asLong());
        double reference = theirs.get("bits_per_token").asDouble();
        assertEquals(reference, ours.get("bits_per_token").asDouble(), 1e-9 * reference,
                "the reference gives " + theirs + ", evaluate " + ours);

        JsonNode validation = python("--order", String.valueOf(ORDER), train.toString());
        JsonNode last = JSON.readTree(Files.readAllLines(run.resolve(RunLayout.METRICS)).get(
                Files.readAllLines(run.resolve(RunLayout.METRICS)).size() - 1));
        assertEquals(validation.get("scored_tokens").asLong(), last.get("val_tokens").asLong());
        assertEquals(validation.get("bits_per_token").asDouble(), last.get("val_bits_per_token").asDouble(),
                1e-9 * reference, "validation windows read after their eval-context: " + validation);
    }

    private static JsonNode python(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", "../scripts/reference/kn_reference.py"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "the reference failed: " + out);
        return JSON.readTree(out);
    }
}
