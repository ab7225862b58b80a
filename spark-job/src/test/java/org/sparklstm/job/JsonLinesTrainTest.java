package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --format jsonl} on a dump written by a Python script, in parts across tasks, with bad rows of
 * every kind: exit 0, every bad row counted by kind with examples in data-report.json, every good row a document;
 * {@code evaluate} reads JSON Lines in the model's format.
 */
class JsonLinesTrainTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Map<String, Object> manifest;
    static Path corpus;
    static Path heldOut;

    @BeforeAll
    static void write() throws Exception {
        System.setProperty("spark.ui.enabled", "false");
        corpus = Files.createDirectories(tmp.resolve("dump"));
        manifest = JsonLinesScript.write(corpus, 3);
        Files.delete(corpus.resolve("manifest.json"));
        Files.delete(corpus.resolve("verses.jsonl.gz"));
        Files.delete(corpus.resolve("verses.jsonl.bz2"));
        heldOut = Files.createDirectories(tmp.resolve("later"));
        JsonLinesScript.write(heldOut, 1);
        Files.delete(heldOut.resolve("manifest.json"));
        Files.delete(heldOut.resolve("verses.jsonl"));
        Files.delete(heldOut.resolve("verses.jsonl.bz2"));
    }

    @Test
    void badRowsAreCountedByKindAndTheRunGoesOn() throws Exception {
        Path run = tmp.resolve("run");
        CliRunner.Outcome o = CliRunner.run("train", "--corpus", corpus.toString(), "--format", "jsonl",
                "--id-column", "id", "--max-file-mb", "1", "--split-mb", "1", "--on-bad-input", "skip",
                "--master", "local[2]", "--output", run.toString(), "--max-iterations", "2", "--eval-every", "2",
                "--hidden-size", "16", "--layers", "1", "--sample-length", "0");
        assertEquals(0, o.exitCode(), o.err());
        JsonNode report = JSON.readTree(run.resolve("data-report.json").toFile());
        assertEquals(((Number) manifest.get("good_rows")).longValue(), report.get("documents").asLong(),
                "every good row is a document, none read twice across the parts");
        Map<String, Long> byKind = new TreeMap<>();
        report.get("bad_rows_by_kind").fields().forEachRemaining(e -> byKind.put(e.getKey(), e.getValue().asLong()));
        assertEquals(JsonLinesScript.badRows(manifest), byKind);
        assertEquals(7, byKind.size(), "every kind the script writes is there: " + byKind);
        JsonNode file = report.get("files").get(0);
        assertEquals("read", file.get("status").asText());
        assertTrue(file.get("bad_row_examples").get("null").get(0).asText().equals("id=null-text"),
                file.get("bad_row_examples").toString());
        assertTrue(report.get("train_tokens").asLong() > 50_000 && report.get("validation_tokens").asLong() > 0,
                report.toString());

        CliRunner.Outcome e = CliRunner.run("evaluate", "--checkpoint", run.toString(), "--corpus",
                heldOut.resolve("verses.jsonl.gz").toString());
        assertEquals(0, e.exitCode(), e.err());
        JsonNode scored = JSON.readTree(e.out());
        assertEquals("jsonl", scored.get("format").asText());
        assertTrue(scored.get("tokens").asLong() > 10_000, e.out());
    }
}
