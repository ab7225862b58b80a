package org.sparklstm.job.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.model.Span;
import org.sparklstm.datasets.codec.CharacterCodec;
import org.sparklstm.datasets.corpus.BadInputPolicy;
import org.sparklstm.datasets.text.TextFormat;
import org.sparklstm.datasets.window.SplitAssigner;

/**
 * A large file is read in parts by separate tasks, cut at character boundaries: one huge line of 1-, 2-, 3- and
 * 4-byte UTF-8 characters loses and repeats no character, whatever the split size.
 */
class LargeFileSplitTest {
    private static JavaSparkContext sc;

    @TempDir
    static Path tmp;
    static Path file;
    static String text;

    @BeforeAll
    static void setUp() throws Exception {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("split-test")
                .set("spark.ui.enabled", "false"));
        StringBuilder sb = new StringBuilder();
        String[] pieces = {"Call me Ishmael. ", "héllo wörld ", "naïve ‘quotes’ — ", "✓ ∑ ", "𝄞 𝒳 😀 "};
        for (int i = 0; sb.length() < 200_000; i++) {
            sb.append(pieces[i % pieces.length]);
        }
        text = sb.toString();
        file = tmp.resolve("one-line.txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    @AfterAll
    static void tearDown() {
        sc.stop();
    }

    @Test
    void everyCharacterIsReadExactlyOnceWhateverTheSplit() throws Exception {
        Map<Integer, Long> expected = new HashMap<>();
        text.codePoints().forEach(cp -> expected.merge(cp, 1L, Long::sum));
        long size = Files.size(file);
        for (long split : new long[] {size, 65_536, 10_007, 4_099}) {
            Corpus corpus = Corpus.open(sc, List.of(file.toString()), new TextFormat(BadInputPolicy.FAIL), ReadLimits.ofSplit(split), List.of());
            assertEquals(expected, corpus.symbolCounts(), "split " + split);
            List<FileRead> report = corpus.report();
            assertEquals(1, report.size(), "the parts of a file are reported as one");
            assertEquals(size, report.get(0).bytes(), "split " + split);
            assertNull(report.get(0).content().skipReason());
        }
    }

    @Test
    void partsBecomeSeparateTasksAndWindowsKeepDistinctOffsets() throws Exception {
        long split = 10_007;
        Corpus corpus = Corpus.open(sc, List.of(file.toString()), new TextFormat(BadInputPolicy.FAIL), ReadLimits.ofSplit(split), List.of());
        FileStatus status = FileSystem.getLocal(sc.hadoopConfiguration()).getFileStatus(
                new org.apache.hadoop.fs.Path(file.toUri()));
        List<FileRange> ranges = FileRange.plan(List.of(status), new TextFormat(BadInputPolicy.FAIL), split,
                sc.hadoopConfiguration());
        assertEquals((Files.size(file) + split - 1) / split, ranges.size());
        CharacterCodec codec = CharacterCodec.fromCounts(corpus.symbolCounts(), 1000);
        List<Long> offsets = corpus.windows(codec, 50).map(Window::offset).collect();
        assertEquals(offsets.size(), offsets.stream().distinct().count(), "offsets identify windows");
    }

    @Test
    void validationAndTrainingWindowsKeepTheTextBeforeThemAsAskedForScoringAndForAChain() throws Exception {
        Corpus corpus = Corpus.open(sc, List.of(file.toString()), new TextFormat(BadInputPolicy.FAIL),
                ReadLimits.ofSplit(Files.size(file)), List.of());
        CharacterCodec codec = CharacterCodec.fromCounts(corpus.symbolCounts(), 1000);
        int[] ids = codec.encode(text);
        SplitAssigner split = new SplitAssigner(0.3);
        List<Window> windows = corpus.windows(codec, 50, split, 120, 5).collect();
        int validation = 0;
        for (Window w : windows) {
            int at = (int) w.offset();
            Span span = w.span();
            assertArrayEquals(Arrays.copyOfRange(ids, at, Math.min(ids.length, at + 51)), w.ids());
            int from = Math.max(0, at - (split.isValidation(file.toString(), at) ? 120 : 5));
            validation += split.isValidation(file.toString(), at) ? 1 : 0;
            assertArrayEquals(Arrays.copyOfRange(ids, from, Math.min(ids.length, at + 51)), span.ids());
            assertEquals(at - from + 1, span.firstScored(), "offset " + at);
            assertEquals(w.predictedTokens(), span.scored());
        }
        assertEquals(1, corpus.windows(codec, 50).collect().get(1).span().firstScored(), "no context asked, none kept");
        assertTrue(validation > windows.size() / 5 && validation < windows.size() / 2.5, validation + " validation");
    }
}
