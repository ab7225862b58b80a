package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ABC tunes end to end on Spark local[2]: each X: tune a document, samples that start as a tune does. */
class AbcTrainTest {
    private static final Path ABC = Path.of("../datasets/src/test/resources/music/abc");
    private static final Pattern TUNE = Pattern.compile("(?m)^X:");

    @TempDir
    Path tmp;

    @Test
    void trainsOnTunesAndSamplesFromATuneHeader() throws IOException {
        Path run = tmp.resolve("run");
        CliRunner.Outcome o = CliRunner.run("train", "--format", "abc", "--corpus", ABC.toString(), "--master",
                "local[2]", "--output", run.toString(), "--max-iterations", "4", "--eval-every", "4",
                "--hidden-size", "32", "--sample-length", "50");
        assertEquals(0, o.exitCode(), o.err());

        long expected = 0;
        try (Stream<Path> files = Files.list(ABC)) {
            for (Path f : files.toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                List<Integer> starts = TUNE.matcher(text).results().map(m -> m.start()).toList();
                for (int i = 0; i < starts.size(); i++) {
                    String tune = text.substring(starts.get(i), i + 1 < starts.size() ? starts.get(i + 1)
                            : text.length()).strip() + "\n\n";
                    expected += tune.codePointCount(0, tune.length()) - 1;
                }
            }
        }
        JsonNode report = new ObjectMapper().readTree(run.resolve("data-report.json").toFile());
        assertEquals(expected, report.get("train_tokens").asLong() + report.get("validation_tokens").asLong(),
                "every tune, and nothing before the first tune of a file, is training or validation text");

        CliRunner.Outcome sample = CliRunner.run("sample", "--checkpoint", run.toString(), "--length", "80");
        assertEquals(0, sample.exitCode(), sample.err());
        assertTrue(sample.out().startsWith("X:"), sample.out());
    }
}
