package org.sparklstm.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sparklstm.core.TestNetworks;
import org.sparklstm.core.model.Decoder;
import org.sparklstm.core.model.Span;
import org.sparklstm.core.model.network.NeuralModel;

class SpanScorerTest {
    private static final int V = 7;

    @Test
    void batchingAndPaddingDoNotChangeTheScore() {
        SpanScorer scorer = new SpanScorer(TestNetworks.smallModel(V));
        Span longWindow = Span.window(new int[] {1, 2, 3, 4, 5, 6, 0, 1, 2});
        Span shortWindow = Span.window(new int[] {3, 1, 4});
        LogLoss together = scorer.scoreAll(List.of(longWindow, shortWindow).iterator());
        LogLoss apart = scorer.scoreAll(List.of(longWindow).iterator())
                .plus(scorer.scoreAll(List.of(shortWindow).iterator()));
        assertEquals(10, together.tokens());
        assertEquals(apart.bits(), together.bits(), 1e-3);
    }

    @Test
    void anUntrainedNetworkIsCloseToUniform() {
        LogLoss loss = new SpanScorer(TestNetworks.smallModel(V))
                .scoreAll(List.of(Span.window(new int[] {1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6})).iterator());
        assertEquals(Math.log(V) / Math.log(2), loss.bitsPerToken(), 0.3);
    }

    @Test
    void aSpanScoresOnlyAfterItsContextAndAsTheDecoderSeesThoseTokens() {
        NeuralModel model = TestNetworks.smallModel(V);
        int[] ids = randomIds(40, V, 1);
        double[] scored = model.targetProbabilities(List.of(new Span(ids, 25)))[0];
        assertEquals(15, scored.length);
        Decoder d = model.decoder(1);
        for (int t = 0; t + 1 < ids.length; t++) {
            double[] next = d.step(new int[] {ids[t]})[0];
            if (t + 1 >= 25) {
                assertEquals(next[ids[t + 1]], scored[t + 1 - 25], 1e-5, "token " + (t + 1));
            }
        }
    }

    @Test
    void aLargeVocabularyIsReadInStretchesWithTheStateCarriedAcrossThem() {
        int vocabulary = 5000;
        NeuralModel model = TestNetworks.smallModel(vocabulary);
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            spans.add(new Span(randomIds(30 + i % 11, vocabulary, i), 1 + i % 5));
        }
        // 64 spans x 5,000 symbols: the pass reads 13 steps at a time; one span alone is read in one stretch
        double[][] together = model.targetProbabilities(spans);
        for (int i = 0; i < spans.size(); i++) {
            double[] alone = model.targetProbabilities(List.of(spans.get(i)))[0];
            assertArrayEquals(alone, together[i], 1e-6, "span " + i);
        }
    }

    @Test
    void aStreamScoresEveryTokenButTheFirstOnceAndCarriesTheStateWithinAStretch() {
        NeuralModel model = TestNetworks.smallModel(V);
        int[] ids = randomIds(2 * Scoring.STRETCH + 100, V, 7);
        SpanScorer scorer = new SpanScorer(model);
        List<Span> stream = new ArrayList<>();
        Scoring.STREAM.spans(ids, 12, 50).forEachRemaining(stream::add);
        assertEquals(3, stream.size());
        assertEquals(ids.length - 1, stream.stream().mapToInt(Span::scored).sum());
        assertEquals(1, stream.get(0).firstScored());
        assertEquals(50, stream.get(1).firstScored());
        assertArrayEquals(Arrays.copyOfRange(ids, Scoring.STRETCH + 1 - 50, 2 * Scoring.STRETCH + 1),
                stream.get(1).ids());
        List<Span> windows = new ArrayList<>();
        Scoring.WINDOWS.spans(ids, 12, 0).forEachRemaining(windows::add);
        LogLoss streamLoss = scorer.scoreAll(stream.iterator());
        LogLoss windowLoss = scorer.scoreAll(windows.iterator());
        assertEquals(windowLoss.tokens(), streamLoss.tokens());
        assertNotEquals(windowLoss.bits(), streamLoss.bits(), 1e-3);
    }

    private static int[] randomIds(int length, int vocabulary, long seed) {
        Random r = new Random(seed);
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = r.nextInt(vocabulary);
        }
        return ids;
    }
}
