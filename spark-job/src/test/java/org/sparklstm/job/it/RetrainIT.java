package org.sparklstm.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.job.CliRunner;
import org.sparklstm.job.train.DistributedTrainer;

/** Scheduled retraining as cron would run it: new data, nothing new, more data, an unfinished run resumed. */
class RetrainIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private CliRunner.Outcome retrain(Path corpus, Path root, String... extra) {
        List<String> args = new ArrayList<>(List.of("retrain", "--corpus", corpus.toString(), "--output",
                root.toString(), "--master", "local[2]", "--hidden-size", "16", "--layers", "1",
                "--sequence-length", "50", "--batch-size", "8", "--averaging-frequency", "2", "--eval-every", "4",
                "--sample-length", "0", "--max-iterations", "8"));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    private static List<String> reportedFiles(Path generation) throws IOException {
        JsonNode report = JSON.readTree(generation.resolve(DistributedTrainer.DATA_REPORT).toFile());
        List<String> names = new ArrayList<>();
        report.get("files").forEach(f -> names.add(Path.of(f.get("path").asText().replace("file:", ""))
                .getFileName().toString()));
        return names;
    }

    @Test
    void eachCallTrainsOnlyWhatIsNewAndRerunsAreSafe() throws IOException {
        List<String> verses = Files.readAllLines(Path.of(CheckpointStoreContract.CORPUS));
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        Path root = dir.resolve("model");
        Files.write(corpus.resolve("genesis-1.txt"), verses.subList(0, 60));

        CliRunner.Outcome first = retrain(corpus, root);
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("TRAINED_NEW"), first.out());
        assertTrue(Files.exists(root.resolve("gen-00001").resolve(DistributedTrainer.COMPLETE_MARKER)));

        CliRunner.Outcome again = retrain(corpus, root);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("NOTHING_NEW"), again.out());
        assertFalse(Files.exists(root.resolve("gen-00002")));

        Files.write(corpus.resolve("genesis-2.txt"), verses.subList(60, 120));
        CliRunner.Outcome second = retrain(corpus, root);
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().contains("TRAINED_NEW") && second.out().contains("gen-00002"), second.out());
        assertEquals(List.of("genesis-2.txt"), reportedFiles(root.resolve("gen-00002")), "only the new file");
        JsonNode record = JSON.readTree(root.resolve("gen-00002").resolve("retrain.json").toFile());
        assertTrue(record.get("from").asText().endsWith("gen-00001"), record.toString());

        Files.write(corpus.resolve("genesis-3.txt"), verses.subList(120, verses.size()));
        CliRunner.Outcome cut = retrain(corpus, root, "--max-minutes", "0.01");
        assertEquals(0, cut.exitCode(), cut.err());
        assertFalse(Files.exists(root.resolve("gen-00003").resolve(DistributedTrainer.COMPLETE_MARKER)),
                "the budget ran out before training finished");
        CliRunner.Outcome resumed = retrain(corpus, root);
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("RESUMED") && resumed.out().contains("gen-00003"), resumed.out());
        assertTrue(Files.exists(root.resolve("gen-00003").resolve(DistributedTrainer.COMPLETE_MARKER)));
        assertEquals(List.of("genesis-3.txt"), reportedFiles(root.resolve("gen-00003")));
    }
}
