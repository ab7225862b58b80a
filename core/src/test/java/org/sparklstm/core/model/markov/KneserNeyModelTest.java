package org.sparklstm.core.model.markov;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sparklstm.core.eval.LogLoss;
import org.sparklstm.core.eval.Scoring;
import org.sparklstm.core.eval.SpanScorer;
import org.sparklstm.core.model.Span;
import org.sparklstm.core.model.Decoder;
import org.sparklstm.core.bundle.ModelFiles;
import org.sparklstm.core.model.SequenceModel;
import org.sparklstm.datasets.window.Windows;

class KneserNeyModelTest {
    /**
     * Windows [0 1 0 1 2] and [1 0 2], order 2. Bigram counts: 01:2, 10:2, 12:1, 02:1, so D2 = n1/(n1+2n2) = 2/6.
     * Continuation counts of unigrams: 0 after {1}: 1, 1 after {0}: 1, 2 after {1, 0}: 2; D1 = 2/(2+2*1) = 1/2;
     * P1(w) = (cc - 1/2 + 1/2 * 3 * 1/3) / 4 = cc / 4.
     */
    private static KneserNeyModel handExample() {
        NgramCounts counts = new NgramCounts(2, 3);
        counts.addWindow(new int[] {0, 1, 0, 1, 2});
        counts.addWindow(new int[] {1, 0, 2});
        return new KneserNeyModel(counts);
    }

    @Test
    void probabilitiesMatchHandComputedCounts() {
        KneserNeyModel m = handExample();
        assertEquals(1.0 / 3, m.discount(2), 1e-12);
        assertEquals(0.5, m.discount(1), 1e-12);
        assertEquals(0.25, m.probability(new int[0], 0), 1e-12);
        assertEquals(0.25, m.probability(new int[0], 1), 1e-12);
        assertEquals(0.5, m.probability(new int[0], 2), 1e-12);
        // after 0: c(0 .) = 3 over 2 types; P(1|0) = (2 - 1/3 + 1/3 * 2 * 1/4) / 3 = 11/18
        assertEquals(11.0 / 18, m.probability(new int[] {0}, 1), 1e-12);
        assertEquals(1.0 / 3, m.probability(new int[] {0}, 2), 1e-12);
        assertEquals(1.0 / 18, m.probability(new int[] {0}, 0), 1e-12);
        // 2 is never followed by anything: the unigram level alone
        assertEquals(0.5, m.probability(new int[] {2}, 2), 1e-12);
        // only the last n - 1 symbols count
        assertEquals(11.0 / 18, m.probability(new int[] {2, 2, 0}, 1), 1e-12);
    }

    @Test
    void everyContextsDistributionSumsToOneAndIsPositive() {
        int[] ids = encode(text());
        for (int order = 1; order <= 6; order++) {
            KneserNeyModel m = model(ids, order, 50);
            Random random = new Random(order);
            for (int trial = 0; trial < 200; trial++) {
                int length = random.nextInt(8);
                int[] context = new int[length];
                for (int i = 0; i < length; i++) {
                    context[i] = trial % 3 == 0 ? random.nextInt(m.vocabularySize())
                            : ids[random.nextInt(ids.length)];
                }
                double[] p = m.distribution(context);
                assertEquals(1.0, Arrays.stream(p).sum(), 1e-9, "order " + order);
                assertTrue(Arrays.stream(p).allMatch(x -> x > 0), "order " + order);
                int symbol = random.nextInt(m.vocabularySize());
                assertEquals(p[symbol], m.probability(context, symbol), 1e-12);
            }
        }
    }

    @Test
    void windowsAreScoredFromTheirStartWithTheContextTheyHold() {
        int[] ids = encode(text());
        KneserNeyModel m = model(ids, 4, 30);
        int[] w = Arrays.copyOfRange(ids, 100, 131);
        double[] p = m.targetProbabilities(List.of(Span.window(w)))[0];
        assertEquals(30, p.length);
        for (int t = 0; t < p.length; t++) {
            assertEquals(m.probability(Arrays.copyOfRange(w, 0, t + 1), w[t + 1]), p[t], 1e-15);
        }
    }

    @Test
    void aStreamOrWindowsWithContextOfOrderMinusOneScoreExactlyAsTheWholeHistoryAndBareWindowsDoNot() {
        int[] one = encode(text());
        int[] ids = new int[2 * Scoring.STRETCH + 500];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = one[i % one.length];
        }
        KneserNeyModel m = model(one, 4, 30);
        double bits = 0;
        for (int t = 1; t < ids.length; t++) {
            bits -= Math.log(m.probability(Arrays.copyOfRange(ids, 0, t), ids[t])) / Math.log(2);
        }
        SpanScorer scorer = new SpanScorer(m);
        LogLoss stream = scorer.scoreAll(Scoring.STREAM.spans(ids, 30, 3));
        assertEquals(ids.length - 1, stream.tokens());
        assertEquals(bits, stream.bits(), 1e-9 * bits);
        LogLoss blind = scorer.scoreAll(Scoring.STREAM.spans(ids, 30, 1));
        LogLoss windows = scorer.scoreAll(Scoring.WINDOWS.spans(ids, 30, 0));
        assertEquals(stream.tokens(), windows.tokens());
        assertTrue(blind.bits() > bits + 1e-6 && windows.bits() > bits + 1, blind.bits() + " " + windows.bits());
        assertEquals(bits, scorer.scoreAll(Scoring.WINDOWS.spans(ids, 30, 3)).bits(), 1e-9 * bits,
                "windows read after the order's context, as validation reads them, score as the stream");
    }

    @Test
    void theDecoderGivesTheSameDistributionsAsDirectLookupsAndReordersItsSequences() {
        int[] ids = encode(text());
        KneserNeyModel m = model(ids, 3, 40);
        Decoder d = m.decoder(2);
        d.step(new int[] {ids[0], ids[5]});
        double[][] p = d.step(new int[] {ids[1], ids[6]});
        assertArrayEquals(m.distribution(new int[] {ids[0], ids[1]}), p[0], 1e-15);
        assertArrayEquals(m.distribution(new int[] {ids[5], ids[6]}), p[1], 1e-15);
        d.reorder(new int[] {1, 1});
        double[][] q = d.step(new int[] {ids[2], ids[3]});
        assertArrayEquals(m.distribution(new int[] {ids[6], ids[2]}), q[0], 1e-15);
        assertArrayEquals(m.distribution(new int[] {ids[6], ids[3]}), q[1], 1e-15);
    }

    @Test
    void countsMergeAndSurviveTheBundleForm() throws IOException {
        int[] ids = encode(text());
        NgramCounts a = new NgramCounts(3, 60);
        NgramCounts b = new NgramCounts(3, 60);
        NgramCounts both = new NgramCounts(3, 60);
        for (int[] w : Windows.cut(ids, 50)) {
            (w[0] % 2 == 0 ? a : b).addWindow(w);
            both.addWindow(w);
        }
        a.addAll(b);
        assertEquals(bytes(both), bytes(a));
        Map<String, byte[]> files = new HashMap<>();
        SequenceModel saved = new KneserNeyModel(both);
        ModelFiles.write(saved, files);
        SequenceModel loaded = ModelFiles.read(files);
        assertEquals("markov", loaded.kind());
        int[] w = Arrays.copyOfRange(ids, 0, 51);
        assertArrayEquals(saved.targetProbabilities(List.of(Span.window(w)))[0],
                loaded.targetProbabilities(List.of(Span.window(w)))[0], 0);
        assertThrows(IllegalArgumentException.class, () -> a.addAll(new NgramCounts(2, 60)));
    }

    @Test
    void anOrderTooLargeForTheVocabularyIsRefusedWithBothNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NgramCounts(5, 10_000));
        assertTrue(e.getMessage().contains("order 5") && e.getMessage().contains("10000"), e.getMessage());
    }

    private static List<Byte> bytes(NgramCounts c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.write(out);
        List<Byte> list = new ArrayList<>();
        for (byte x : out.toByteArray()) {
            list.add(x);
        }
        return list;
    }

    static KneserNeyModel model(int[] ids, int order, int sequenceLength) {
        NgramCounts counts = new NgramCounts(order, 60);
        for (int[] w : Windows.cut(ids, sequenceLength)) {
            counts.addWindow(w);
        }
        return new KneserNeyModel(counts);
    }

    /** @return the text's characters as ids: a-z, space and punctuation folded into 60 symbols */
    static int[] encode(String text) {
        return text.chars().map(c -> Math.floorMod(c, 60)).toArray();
    }

    static String text() {
        try (InputStream in = KneserNeyModelTest.class.getResourceAsStream("/corpora/mobydick.txt")) {
            byte[] all = in.readAllBytes();
            return new String(all, 0, 20_000, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
