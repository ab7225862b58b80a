package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.checkpoint.CheckpointStore;
import org.sparklstm.core.config.DataKeys;
import org.sparklstm.datasets.corpus.Document;
import org.sparklstm.job.data.FileRead;

/**
 * {@code train --model markov} and {@code evaluate} agree with an independent implementation of the same chain
 * ({@code reference/kneser_ney.py}, Python, written from the smoothing formula and the documented split rule alone)
 * on real text: Moby Dick's last 100,000 characters held out as a file, the rest trained on with the default 5%
 * validation split; the chain counts every n-gram that ends on a training token, and the held-out file is scored
 * as one stream.
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

        ModelBundle bundle = CheckpointStore.at(run.toUri(), new Configuration()).loadModel();
        String[] reference = python(bundle, train, heldOut).trim().split(" ");
        long tokens = Long.parseLong(reference[1]);
        double bitsPerToken = Double.parseDouble(reference[0]) / tokens;
        assertEquals(tokens, ours.get("tokens").asLong());
        assertEquals(bitsPerToken, ours.get("bits_per_token").asDouble(), 1e-9 * bitsPerToken,
                "the reference gives " + bitsPerToken + " bits/char, evaluate " + ours);
    }

    private String python(ModelBundle bundle, Path train, Path heldOut) throws IOException, InterruptedException {
        Path script = Path.of("src/test/resources/reference/kneser_ney.py");
        Process p = new ProcessBuilder(List.of("python3", script.toString(), String.valueOf(ORDER),
                String.valueOf(bundle.codec().vocabularySize()), String.valueOf(bundle.config().sequenceLength()),
                String.valueOf(bundle.config().get(DataKeys.VALIDATION_FRACTION)), train.getFileName().toString(),
                ids(bundle, train).toString(), ids(bundle, heldOut).toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "the reference failed: " + out);
        return out;
    }

    /** Writes a file's token ids as the trainer reads them: its one document, encoded with the run's codec. */
    private Path ids(ModelBundle bundle, Path file) throws IOException {
        List<Document> documents = FileRead.of(file.toString(), new Configuration(), bundle.config().corpusFormat(),
                Long.MAX_VALUE).content().documents();
        assertEquals(1, documents.size());
        assertEquals(0, documents.get(0).offset());
        Path out = tmp.resolve(file.getFileName() + ".ids");
        Files.writeString(out, Arrays.stream(bundle.codec().encode(documents.get(0).symbols()))
                .mapToObj(String::valueOf).collect(Collectors.joining(" ")));
        return out;
    }
}
