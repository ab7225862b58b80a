package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.checkpoint.CheckpointStore;

/**
 * Every model family end to end on Spark local[2]: the Markov chain (counted by Spark, with its learning curve),
 * RNN, IRNN and the mixture train, evaluate, sample and compare alike, and their bundles survive a resume.
 */
class ModelsTrainTest {
    private static final String CORPUS = "src/test/resources/corpora/kjv-excerpt.txt";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static Path markov;
    private static Path mixture;

    @BeforeAll
    static void trainTheMarkovChainAndTheMixture() {
        markov = tmp.resolve("markov");
        train(markov, "--model", "markov", "--order", "4");
        mixture = tmp.resolve("mixture");
        train(mixture, "--model", "mixture", "--of", "lstm,markov", "--order", "4", "--max-iterations", "4",
                "--eval-every", "4");
    }

    private static void train(Path run, String... options) {
        List<String> args = new ArrayList<>(List.of("train", "--corpus", CORPUS, "--master", "local[2]", "--output",
                run.toString(), "--hidden-size", "24", "--sample-length", "40"));
        args.addAll(List.of(options));
        CliRunner.Outcome o = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, o.exitCode(), o.err());
    }

    private static List<JsonNode> metrics(Path run) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            records.add(JSON.readTree(line));
        }
        return records;
    }

    private static JsonNode evaluate(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("evaluate", "--corpus", CORPUS));
        all.addAll(List.of(args));
        CliRunner.Outcome o = CliRunner.run(all.toArray(String[]::new));
        assertEquals(0, o.exitCode(), o.err());
        return JSON.readTree(o.out().strip());
    }

    @Test
    void theMarkovChainRecordsALearningCurveAndSamplesByDrawAndByBeam() throws IOException {
        List<JsonNode> curve = metrics(markov);
        assertEquals(7, curve.size(), "one point per share of the training windows, 1/64 to all");
        for (int i = 1; i < curve.size(); i++) {
            assertTrue(curve.get(i).get("tokens_seen").asLong() > curve.get(i - 1).get("tokens_seen").asLong());
        }
        JsonNode first = curve.get(0);
        JsonNode last = curve.get(curve.size() - 1);
        assertTrue(last.get("val_bits_per_token").asDouble() < first.get("val_bits_per_token").asDouble() - 0.3,
                "more data, a better chain: " + first + " then " + last);
        assertTrue(Files.exists(markov.resolve("_COMPLETE")));
        assertEquals("markov", evaluate("--checkpoint", markov.toString()).get("model").asText());

        CliRunner.Outcome beam = CliRunner.run("sample", "--checkpoint", markov.toString(), "--prime", "And God said",
                "--length", "30", "--beam", "4");
        assertEquals(0, beam.exitCode(), beam.err());
        assertTrue(beam.out().startsWith("And God said"), beam.out());
        assertTrue(beam.err().contains("Beam search (4 beams)"), beam.err());
        CliRunner.Outcome again = CliRunner.run("sample", "--checkpoint", markov.toString(), "--prime",
                "And God said", "--length", "30", "--beam", "4");
        assertEquals(beam.out(), again.out(), "beam search is deterministic");
        CliRunner.Outcome topK = CliRunner.run("sample", "--checkpoint", markov.toString(), "--length", "60",
                "--top-k", "3", "--seed", "9");
        assertEquals(0, topK.exitCode(), topK.err());
        String drawn = topK.out().substring(0, topK.out().length() - System.lineSeparator().length());
        assertEquals(60, drawn.codePointCount(0, drawn.length()),
                "the default prime (a newline) is not printed, then 60 drawn characters");
    }

    @Test
    void theMixtureFitsItsWeightAndBeatsBothOfItsParts() throws IOException {
        JsonNode last = metrics(mixture).get(metrics(mixture).size() - 1);
        double weight = last.get("mixture_weight").asDouble();
        assertTrue(weight > 0 && weight < 1, "weight " + weight);
        double mixed = last.get("val_bits_per_token").asDouble();
        assertTrue(mixed <= Math.min(last.get("network_bits_per_token").asDouble(),
                last.get("markov_bits_per_token").asDouble()) + 0.01, last.toString());
        JsonNode eval = evaluate("--checkpoint", mixture.toString());
        assertEquals("mixture", eval.get("model").asText());
    }

    @Test
    void evaluateMixesTwoSavedModels() throws IOException {
        Path rnn = tmp.resolve("rnn");
        train(rnn, "--model", "rnn", "--max-iterations", "4", "--eval-every", "4");
        JsonNode eval = evaluate("--checkpoint", rnn.toString(), "--mix-with", markov.toString());
        assertEquals("rnn", eval.get("model").asText());
        assertEquals("markov", eval.get("mixed_with").asText());
        double best = Math.min(eval.get("model_bits_per_token").asDouble(),
                eval.get("mixed_with_bits_per_token").asDouble());
        assertTrue(eval.get("bits_per_token").asDouble() <= best + 0.01, eval.toString());
    }

    @Test
    void aBundleGivesTheSameEvaluationBeforeAndAfterAResume() throws IOException {
        Path irnn = tmp.resolve("irnn");
        train(irnn, "--model", "irnn", "--max-iterations", "4", "--eval-every", "4");
        for (Path run : List.of(irnn, markov, mixture)) {
            Configuration conf = new Configuration();
            ModelBundle saved = CheckpointStore.at(run.toUri(), conf).loadLatest();
            Path resumed = tmp.resolve("resumed-" + run.getFileName());
            CheckpointStore.at(resumed.toUri(), conf).save(saved);
            assertEquals(evaluate("--checkpoint", run.toString()), evaluate("--checkpoint", resumed.toString()),
                    run.getFileName().toString());
        }
        assertEquals("irnn", CheckpointStore.locate(URI.create(irnn.toString()), new Configuration()).load()
                .model().kind());
    }

    @Test
    void compareTrainsEachFamilyOnOneSplitAndAddsTheirMixture() throws IOException {
        Path out = tmp.resolve("compare");
        CliRunner.Outcome o = CliRunner.run("compare", "--corpus", CORPUS, "--master", "local[2]", "--models",
                "lstm,markov", "--max-iterations", "3", "--eval-every", "3", "--hidden-size", "16", "--order", "3",
                "--sample-length", "0", "--output", out.toString());
        assertEquals(0, o.exitCode(), o.err());
        JsonNode rows = JSON.readTree(out.resolve("compare.json").toFile()).get("models");
        assertEquals(3, rows.size());
        assertEquals("lstm", rows.get(0).get("model").asText());
        assertEquals("markov", rows.get(1).get("model").asText());
        assertEquals("lstm+markov", rows.get(2).get("model").asText());
        assertTrue(rows.get(1).get("curve").size() == 7, rows.get(1).toString());
        JsonNode lstmRun = JSON.readTree(out.resolve("lstm/data-report.json").toFile());
        JsonNode markovRun = JSON.readTree(out.resolve("markov/data-report.json").toFile());
        assertEquals(lstmRun.get("validation_tokens"), markovRun.get("validation_tokens"), "one split for all");
        assertTrue(o.out().contains("lstm+markov"), o.out());
        assertTrue(rows.get(0).has("below_markov_seconds"), rows.get(0).toString());
        assertTrue(o.out().contains("below markov at"), o.out());
        assertTrue(ImageIO.read(out.resolve("compare.png").toFile()).getWidth() > 0);
    }
}
