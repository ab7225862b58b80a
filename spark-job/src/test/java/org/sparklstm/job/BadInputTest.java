package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus folder with a good file, a gzipped file, a Latin-1 file, an empty file and a binary file: the run goes
 * on and data-report.json accounts for every file, under each policy for invalid UTF-8.
 */
class BadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path corpus;
    static String kjv;

    @BeforeAll
    static void corpus() throws IOException {
        System.setProperty("spark.ui.enabled", "false");
        corpus = Files.createDirectories(tmp.resolve("corpus"));
        kjv = Files.readString(Path.of("src/test/resources/corpora/kjv-excerpt.txt"));
        Files.writeString(corpus.resolve("genesis.txt"), kjv.substring(0, 10_000));
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(corpus.resolve("more.txt.gz")))) {
            gz.write(kjv.substring(10_000).getBytes(StandardCharsets.UTF_8));
        }
        Files.write(corpus.resolve("latin1.txt"), "Caf\u00e9 cr\u00e8me, na\u00efve fa\u00e7ade.\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        Files.write(corpus.resolve("empty.txt"), new byte[0]);
        Files.write(corpus.resolve("tool.bin"), new byte[] {0x7f, 'E', 'L', 'F', 0, 1, 2, 3});
    }

    private static Map<String, JsonNode> train(String policy) throws IOException {
        return train("text", policy);
    }

    private static Map<String, JsonNode> train(String format, String policy) throws IOException {
        Path run = tmp.resolve("run-" + format + "-" + policy);
        CliRunner.Outcome o = CliRunner.run("train", "--corpus", corpus.toString(), "--master", "local[2]",
                "--output", run.toString(), "--max-iterations", "2", "--eval-every", "2", "--hidden-size", "16",
                "--layers", "1", "--sample-length", "0", "--on-bad-input", policy, "--format", format);
        assertEquals(0, o.exitCode(), o.err());
        JsonNode report = JSON.readTree(run.resolve("data-report.json").toFile());
        Map<String, JsonNode> byName = new HashMap<>();
        report.get("files").forEach(f -> byName.put(Path.of(f.get("path").asText()).getFileName().toString(), f));
        assertEquals(5, byName.size(), "every file accounted for: " + report);
        assertEquals(report.get("files_read").asLong() + report.get("files_skipped").asLong(), 5);
        return byName;
    }

    @Test
    void replaceRepairsAndCountsAndTheRestIsSkippedWithReasons() throws IOException {
        Map<String, JsonNode> files = train("replace");
        assertEquals("read", files.get("genesis.txt").get("status").asText());
        assertEquals("read", files.get("more.txt.gz").get("status").asText());
        assertEquals(kjv.length() - 10_000, files.get("more.txt.gz").get("bytes").asLong(),
                "the gzipped file was decompressed");
        assertEquals("read", files.get("latin1.txt").get("status").asText());
        assertEquals(4, files.get("latin1.txt").get("replaced_sequences").asLong(), "é, è, ï, ç");
        assertEquals("skipped", files.get("empty.txt").get("status").asText());
        assertTrue(files.get("empty.txt").get("reason").asText().contains("empty"));
        assertEquals("skipped", files.get("tool.bin").get("status").asText());
        assertTrue(files.get("tool.bin").get("reason").asText().contains("binary"));
    }

    @Test
    void skipLeavesTheInvalidFileOutAndSaysWhere() throws IOException {
        JsonNode latin1 = train("skip").get("latin1.txt");
        assertEquals("skipped", latin1.get("status").asText());
        assertTrue(latin1.get("reason").asText().contains("invalid UTF-8 at byte offset 3"), latin1.toString());
    }

    @Test
    void bytesFormatReadsAnyEncodingByteForByte() throws IOException {
        Map<String, JsonNode> files = train("bytes", "fail");
        long predicted = 0;
        for (String name : new String[] {"genesis.txt", "more.txt.gz", "latin1.txt", "tool.bin"}) {
            assertEquals("read", files.get(name).get("status").asText(), name);
            assertTrue(!files.get(name).has("replaced_sequences"), "nothing is decoded, so nothing is replaced");
            predicted += files.get(name).get("bytes").asLong() - 1;
        }
        assertEquals("skipped", files.get("empty.txt").get("status").asText());
        JsonNode report = JSON.readTree(tmp.resolve("run-bytes-fail/data-report.json").toFile());
        assertEquals(256, report.get("vocabulary_size").asInt());
        assertEquals(predicted, report.get("train_tokens").asLong() + report.get("validation_tokens").asLong(),
                "every byte but each file's first is a predicted token");
    }
}
