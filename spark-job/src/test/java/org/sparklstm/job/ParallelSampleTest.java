package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.run.RunLayout;

/**
 * {@code sample --count N} on Spark {@code local[2]}: N samples drawn on the executors with seeds {@code seed + i},
 * each exactly what {@code sample} draws alone with that seed, written with their index.
 */
class ParallelSampleTest {
    @TempDir
    Path tmp;

    @Test
    void eachSampleIsWhatSampleDrawsAloneWithItsSeed() throws Exception {
        System.setProperty("spark.ui.enabled", "false");
        Path run = tmp.resolve("model");
        CliRunner.Outcome trained = CliRunner.run("train", "--corpus", "src/test/resources/corpora/kjv-excerpt.txt",
                "--master", "local[2]", "--output", run.toString(), "--hidden-size", "24", "--layers", "1",
                "--max-iterations", "4", "--eval-every", "4", "--sample-length", "0");
        assertEquals(0, trained.exitCode(), trained.err());
        Path out = tmp.resolve("samples");
        CliRunner.Outcome many = CliRunner.run("sample", "--checkpoint", run.toString(), "--count", "5", "--seed", "10",
                "--length", "80", "--prime", "And God said", "--output", out.toString(), "--master", "local[2]");
        assertEquals(0, many.exitCode(), many.err());
        JsonNode index = new ObjectMapper().readTree(out.resolve(RunLayout.SAMPLES_INDEX).toFile());
        assertEquals(5, index.get("samples").size());
        Set<String> texts = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            JsonNode s = index.get("samples").get(i);
            assertEquals(10 + i, s.get("seed").asLong());
            String text = Files.readString(out.resolve(s.get("file").asText()));
            assertTrue(text.startsWith("And God said") && text.codePointCount(0, text.length()) == 12 + 80, text);
            texts.add(text);
        }
        assertEquals(5, texts.size(), "distinct seeds draw distinct samples");
        Path alone = tmp.resolve("alone.txt");
        CliRunner.Outcome one = CliRunner.run("sample", "--checkpoint", run.toString(), "--seed", "12", "--length",
                "80", "--prime", "And God said", "--out", alone.toString());
        assertEquals(0, one.exitCode(), one.err());
        assertEquals(Files.readString(alone), Files.readString(out.resolve(RunLayout.SAMPLES)
                .resolve("sample-00003.txt")), "the third sample, seed 12, is what sample draws alone with it");
        assertNotEquals(0, CliRunner.run("sample", "--checkpoint", run.toString(), "--count", "3").exitCode(),
                "--count without --output");
    }
}
