package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.datasets.window.SplitAssigner;
import org.sparklstm.job.cli.ExitCode;

/**
 * {@code --split-by file} holds out whole files: Moby Dick's chapters as 136 files, a fifth of them validated on and
 * none of their text trained on; {@code compare --splits window,file} tables each family under both splits; a corpus
 * whose only file is not held out is refused, naming the key.
 */
class SplitByFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void wholeFilesAreHeldOutAndTheRestTrained() throws IOException {
        String[] chapters = chapters();
        Path corpus = chapterFiles(chapters.length);
        Path run = tmp.resolve("run");
        CliRunner.Outcome o = CliRunner.run("train", "--corpus", corpus.toString(), "--master", "local[2]",
                "--output", run.toString(), "--split-by", "file", "--validation-fraction", "0.2",
                "--max-iterations", "1", "--hidden-size", "8", "--layers", "1", "--sample-length", "0");
        assertEquals(0, o.exitCode(), o.err());
        JsonNode report = JSON.readTree(run.resolve(RunLayout.DATA_REPORT).toFile());
        assertEquals("file", report.get("split_by").asText());
        SplitAssigner split = new SplitAssigner(0.2, SplitAssigner.Unit.FILE);
        long heldOutTokens = 0;
        long trainTokens = 0;
        int heldOut = 0;
        for (JsonNode f : report.get("files")) {
            long predicted = Files.readString(Path.of(f.get("path").asText().replace("file:", ""))).codePoints()
                    .count() - 1;
            assertEquals(split.holdsOut(f.get("path").asText()), f.path("held_out").asBoolean(), f.toString());
            if (f.path("held_out").asBoolean()) {
                heldOut++;
                heldOutTokens += predicted;
            } else {
                trainTokens += predicted;
            }
        }
        assertTrue(heldOut > chapters.length / 10 && heldOut < chapters.length / 3, heldOut + " held out");
        assertEquals(heldOutTokens, report.get("validation_tokens").asLong(), "every token of a held-out file");
        assertEquals(trainTokens, report.get("train_tokens").asLong(), "and nothing else");
    }

    @Test
    void compareTablesEachFamilyUnderBothSplits() throws IOException {
        Path corpus = chapterFiles(30);
        Path out = tmp.resolve("compare");
        CliRunner.Outcome o = CliRunner.run("compare", "--corpus", corpus.toString(), "--master", "local[2]",
                "--models", "lstm,markov", "--splits", "window,file", "--validation-fraction", "0.2",
                "--max-iterations", "2", "--eval-every", "2", "--hidden-size", "8", "--layers", "1", "--order", "3",
                "--sample-length", "0", "--output", out.toString());
        assertEquals(0, o.exitCode(), o.err());
        JsonNode rows = JSON.readTree(out.resolve(RunLayout.COMPARISON).toFile()).get("models");
        assertEquals(6, rows.size(), rows.toString());
        for (int i = 0; i < 6; i++) {
            assertEquals(i < 3 ? "window" : "file", rows.get(i).get("split").asText(), rows.get(i).toString());
            assertEquals(List.of("lstm", "markov", "lstm+markov").get(i % 3), rows.get(i).get("model").asText());
        }
        for (String split : List.of("window", "file")) {
            for (String model : List.of("lstm", "markov")) {
                JsonNode report = JSON.readTree(out.resolve(split + "/" + model + "/" + RunLayout.DATA_REPORT)
                        .toFile());
                assertEquals(split, report.get("split_by").asText(), split + "/" + model);
            }
        }
        JsonNode byWindow = JSON.readTree(out.resolve("window/markov/" + RunLayout.DATA_REPORT).toFile());
        JsonNode byFile = JSON.readTree(out.resolve("file/markov/" + RunLayout.DATA_REPORT).toFile());
        assertTrue(byWindow.get("validation_tokens").asLong() != byFile.get("validation_tokens").asLong());
        assertTrue(o.out().contains("lstm (file)") && o.out().contains("markov (window)"), o.out());
        assertTrue(rows.get(3).has("below_markov_seconds"), "a network is set against its own split's chain");
    }

    @Test
    void aSplitCompareDoesNotKnowIsRefusedBeforeAnythingTrains() throws IOException {
        Path out = tmp.resolve("compare");
        CliRunner.Outcome o = CliRunner.run("compare", "--corpus", chapterFiles(5).toString(), "--master",
                "local[2]", "--models", "markov", "--splits", "window,chapter", "--max-iterations", "1", "--output",
                out.toString());
        assertEquals(ExitCode.USAGE.code(), o.exitCode(), o.err());
        assertTrue(o.err().contains("split-by") && o.err().contains("chapter"), o.err());
        assertTrue(!Files.exists(out.resolve("window")), "nothing trained");
    }

    /** @return Moby Dick cut before each chapter heading */
    private static String[] chapters() throws IOException {
        return Files.readString(Path.of(TrainSampleEvaluateTest.MOBY_DICK)).split("(?=\nCHAPTER )");
    }

    /** @return a folder holding the first {@code count} of Moby Dick's chapters, a file each */
    private Path chapterFiles(int count) throws IOException {
        Path corpus = Files.createDirectories(tmp.resolve("chapters"));
        String[] chapters = chapters();
        for (int i = 0; i < count; i++) {
            Files.writeString(corpus.resolve(String.format("chapter-%03d.txt", i)), chapters[i]);
        }
        return corpus;
    }

    @Test
    void aCorpusWithNoFileHeldOutIsRefusedNamingTheKey() throws IOException {
        SplitAssigner split = new SplitAssigner(0.05, SplitAssigner.Unit.FILE);
        String name = "book-0.txt";
        for (int i = 1; split.holdsOut(name); i++) {
            name = "book-" + i + ".txt";
        }
        Path book = tmp.resolve(name);
        Files.writeString(book, Files.readString(Path.of(TrainSampleEvaluateTest.MOBY_DICK)).substring(0, 20_000));
        CliRunner.Outcome o = CliRunner.run("train", "--corpus", book.toString(), "--master", "local[2]",
                "--output", tmp.resolve("run").toString(), "--split-by", "file", "--max-iterations", "1");
        assertEquals(ExitCode.USAGE.code(), o.exitCode(), o.err());
        assertTrue(o.err().contains("split-by") && o.err().contains("none of the 1 file(s) read was held out"),
                o.err());
    }
}
