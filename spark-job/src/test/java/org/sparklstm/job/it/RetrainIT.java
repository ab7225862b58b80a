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
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.job.CliRunner;
import org.sparklstm.job.train.DistributedTrainer;
import org.sparklstm.job.train.Retrainer;

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
        JsonNode report = JSON.readTree(generation.resolve(RunLayout.DATA_REPORT).toFile());
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
        assertTrue(Files.exists(root.resolve("gen-00001").resolve(RunLayout.COMPLETE)));

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
        assertFalse(Files.exists(root.resolve("gen-00003").resolve(RunLayout.COMPLETE)),
                "the budget ran out before training finished");
        CliRunner.Outcome resumed = retrain(corpus, root);
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("RESUMED") && resumed.out().contains("gen-00003"), resumed.out());
        assertTrue(Files.exists(root.resolve("gen-00003").resolve(RunLayout.COMPLETE)));
        assertEquals(List.of("genesis-3.txt"), reportedFiles(root.resolve("gen-00003")));
    }

    @Test
    void aFileNameWithGlobCharactersIsTrainedAsItIs() throws IOException {
        List<String> verses = Files.readAllLines(Path.of(CheckpointStoreContract.CORPUS));
        Path corpus = Files.createDirectories(dir.resolve("globs"));
        Files.write(corpus.resolve("a[1].txt"), verses.subList(0, 60));
        Files.write(corpus.resolve("Song [Live].txt"), verses.subList(60, 120));
        Path root = dir.resolve("glob-model");
        CliRunner.Outcome first = retrain(corpus, root);
        assertEquals(0, first.exitCode(), first.err());
        assertEquals(List.of("Song [Live].txt", "a[1].txt"), reportedFiles(root.resolve("gen-00001")));
        CliRunner.Outcome again = retrain(corpus, root);
        assertTrue(again.out().contains("NOTHING_NEW"), again.out() + again.err());
    }

    @Test
    void unusableNewFilesExit3OnceAndTheNextCallMovesOn() throws IOException {
        List<String> verses = Files.readAllLines(Path.of(CheckpointStoreContract.CORPUS));
        Path corpus = Files.createDirectories(dir.resolve("unusable"));
        Path root = dir.resolve("unusable-model");
        Files.write(corpus.resolve("genesis-1.txt"), verses.subList(0, 60));
        assertEquals(0, retrain(corpus, root).exitCode());
        Files.write(corpus.resolve("empty.txt"), new byte[0]);
        Files.write(corpus.resolve("tool.bin"), new byte[] {0x7f, 'E', 'L', 'F', 0, 1, 2, 3});
        CliRunner.Outcome bad = retrain(corpus, root);
        assertEquals(3, bad.exitCode(), bad.err());
        CliRunner.Outcome next = retrain(corpus, root);
        assertEquals(0, next.exitCode(), next.err());
        assertTrue(next.out().contains("NOTHING_NEW"), next.out());
        Files.write(corpus.resolve("genesis-2.txt"), verses.subList(60, 120));
        CliRunner.Outcome good = retrain(corpus, root);
        assertEquals(0, good.exitCode(), good.err());
        JsonNode record = JSON.readTree(root.resolve("gen-00003").resolve("retrain.json").toFile());
        assertTrue(record.get("from").asText().endsWith("gen-00001"),
                "fine-tunes from the last generation with a model: " + record);
    }

    @Test
    void anUnfinishedGenerationWhoseFileWasDeletedIsClosedAndTheNextCallTrainsWhatIsThere() throws IOException {
        List<String> verses = Files.readAllLines(Path.of(CheckpointStoreContract.CORPUS));
        Path corpus = Files.createDirectories(dir.resolve("deleted"));
        Path root = dir.resolve("deleted-model");
        Files.write(corpus.resolve("genesis-1.txt"), verses.subList(0, 60));
        Files.write(corpus.resolve("genesis-2.txt"), verses.subList(60, 120));
        assertEquals(0, retrain(corpus, root, "--max-minutes", "0.01").exitCode());
        assertFalse(Files.exists(root.resolve("gen-00001").resolve(RunLayout.COMPLETE)));
        Files.delete(corpus.resolve("genesis-1.txt"));
        CliRunner.Outcome next = retrain(corpus, root);
        assertEquals(0, next.exitCode(), next.err());
        assertTrue(Files.readString(root.resolve("gen-00001").resolve(RunLayout.GENERATION_ABANDONED))
                .contains("genesis-1.txt was deleted"));
        assertTrue(next.out().contains("TRAINED_NEW") && next.out().contains("gen-00002"), next.out());
        assertEquals(List.of("genesis-2.txt"), reportedFiles(root.resolve("gen-00002")));
    }

    @Test
    void anEmptyRecordLeftByACrashIsNotStuckForever() throws IOException {
        List<String> verses = Files.readAllLines(Path.of(CheckpointStoreContract.CORPUS));
        Path corpus = Files.createDirectories(dir.resolve("empty-record"));
        Path root = dir.resolve("empty-record-model");
        Files.write(corpus.resolve("genesis-1.txt"), verses.subList(0, 60));
        Files.createDirectories(root.resolve("gen-00001"));
        Files.write(root.resolve("gen-00001").resolve(RunLayout.RETRAIN_RECORD), new byte[0]);
        CliRunner.Outcome next = retrain(corpus, root);
        assertEquals(0, next.exitCode(), next.err());
        assertTrue(next.out().contains("TRAINED_NEW"), next.out());
        assertTrue(Files.exists(root.resolve("gen-00002").resolve(RunLayout.COMPLETE)));
    }

    private static long trainedTokens(Path generation) throws IOException {
        JsonNode report = JSON.readTree(generation.resolve(RunLayout.DATA_REPORT).toFile());
        return report.get("train_tokens").asLong() + report.get("validation_tokens").asLong();
    }

    @Test
    void anAppendedFileTrainsOnlyWhatWasAppended() throws IOException {
        List<String> verses = Files.readAllLines(Path.of(CheckpointStoreContract.CORPUS));
        Path corpus = Files.createDirectories(dir.resolve("appended"));
        Path root = dir.resolve("appended-model");
        Path log = corpus.resolve("log.txt");
        Files.write(log, verses.subList(0, 80));
        assertEquals(0, retrain(corpus, root).exitCode());
        long before = Files.size(log);
        Files.write(log, verses.subList(80, 160), java.nio.file.StandardOpenOption.APPEND);
        long appended = Files.size(log) - before;
        CliRunner.Outcome second = retrain(corpus, root);
        assertEquals(0, second.exitCode(), second.err());
        JsonNode entry = JSON.readTree(root.resolve("gen-00002").resolve(RunLayout.RETRAIN_RECORD).toFile())
                .get("files").get(0);
        assertEquals(before, entry.get("start").asLong(), entry.toString());
        assertEquals(before + appended, entry.get("end").asLong(), entry.toString());
        long tokens = trainedTokens(root.resolve("gen-00002"));
        assertTrue(tokens > appended * 0.9 && tokens <= appended, tokens + " tokens from " + appended
                + " appended bytes of ASCII text");
        assertTrue(retrain(corpus, root).out().contains("NOTHING_NEW"));
    }

    @Test
    void contentDecidesWhatIsNewNotSizeOrModificationTime() throws IOException {
        List<String> verses = Files.readAllLines(Path.of(CheckpointStoreContract.CORPUS));
        Path corpus = Files.createDirectories(dir.resolve("content"));
        Path root = dir.resolve("content-model");
        Path a = corpus.resolve("a.txt");
        Files.write(a, verses.subList(0, 60));
        assertEquals(0, retrain(corpus, root).exitCode());

        Files.setLastModifiedTime(a, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        CliRunner.Outcome touched = retrain(corpus, root);
        assertTrue(touched.out().contains("NOTHING_NEW"), "a touched file is not new: " + touched.out());

        var mtime = Files.getLastModifiedTime(a);
        byte[] old = Files.readAllBytes(a);
        byte[] replaced = new String(old, java.nio.charset.StandardCharsets.UTF_8).toUpperCase(java.util.Locale.ROOT)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(old.length, replaced.length);
        Files.write(a, replaced);
        Files.setLastModifiedTime(a, mtime);
        CliRunner.Outcome copied = retrain(corpus, root);
        assertEquals(0, copied.exitCode(), copied.err());
        assertTrue(copied.out().contains("TRAINED_NEW"), "a replacement with kept size and time is new: "
                + copied.out());
        assertEquals(0, JSON.readTree(root.resolve("gen-00002").resolve(RunLayout.RETRAIN_RECORD).toFile())
                .get("files").get(0).get("start").asLong(), "a replaced file is trained whole");
    }

    @Test
    void aFileReplacedWhileItsGenerationWasUnfinishedIsNotTrainedUnderTheOldRecord() throws IOException {
        List<String> verses = Files.readAllLines(Path.of(CheckpointStoreContract.CORPUS));
        Path corpus = Files.createDirectories(dir.resolve("replaced"));
        Path root = dir.resolve("replaced-model");
        Path a = corpus.resolve("a.txt");
        Files.write(a, verses.subList(0, 60));
        assertEquals(0, retrain(corpus, root, "--max-minutes", "0.01").exitCode());
        var mtime = Files.getLastModifiedTime(a);
        Files.write(a, new String(Files.readAllBytes(a), java.nio.charset.StandardCharsets.UTF_8)
                .toLowerCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.setLastModifiedTime(a, mtime);
        CliRunner.Outcome next = retrain(corpus, root);
        assertEquals(0, next.exitCode(), next.err());
        assertTrue(Files.readString(root.resolve("gen-00001").resolve(RunLayout.GENERATION_ABANDONED))
                .contains("changed since it was recorded"));
        assertTrue(next.out().contains("TRAINED_NEW") && next.out().contains("gen-00002"), next.out());
    }

    /** Writes verses as a Parquet file with DuckDB (an independent writer). */
    private static void parquet(Path file, List<String> verses, String prefix) throws Exception {
        try (java.sql.Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             java.sql.Statement s = duck.createStatement()) {
            s.execute("CREATE TABLE v (id VARCHAR, text VARCHAR)");
            try (java.sql.PreparedStatement insert = duck.prepareStatement("INSERT INTO v VALUES (?, ?)")) {
                for (int i = 0; i < verses.size(); i++) {
                    insert.setString(1, prefix + i);
                    insert.setString(2, verses.get(i));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            s.execute("COPY v TO '" + file + "' (FORMAT PARQUET)");
        }
    }

    @Test
    void aParquetFolderRetrainsOnExactlyTheFilesItGained() throws Exception {
        List<String> verses = Files.readAllLines(Path.of(CheckpointStoreContract.CORPUS)).stream()
                .filter(l -> !l.isBlank()).toList();
        Path table = Files.createDirectories(dir.resolve("table"));
        Path root = dir.resolve("parquet-model");
        parquet(table.resolve("part-1.parquet"), verses.subList(0, 70), "a");
        CliRunner.Outcome first = retrain(table, root, "--format", "parquet", "--id-column", "id");
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("TRAINED_NEW"), first.out());

        parquet(table.resolve("part-2.parquet"), verses.subList(70, 110), "b");
        Files.writeString(table.resolve("_SUCCESS"), "");
        CliRunner.Outcome second = retrain(table, root, "--format", "parquet", "--id-column", "id");
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().contains("TRAINED_NEW") && second.out().contains("gen-00002"), second.out());
        assertEquals(List.of("part-2.parquet"), reportedFiles(root.resolve("gen-00002")), "only the new file");
        JsonNode report = JSON.readTree(root.resolve("gen-00002").resolve(RunLayout.DATA_REPORT).toFile());
        assertEquals(40, report.get("documents").asLong(), "exactly the appended rows");

        CliRunner.Outcome query = retrain(table, root, "--format", "parquet", "--corpus",
                "sql:SELECT * FROM parquet.`" + table + "`");
        assertEquals(2, query.exitCode(), "a query has no new files to track: " + query.err());
    }
}
