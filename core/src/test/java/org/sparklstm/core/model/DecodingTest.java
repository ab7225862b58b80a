package org.sparklstm.core.model;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparklstm.core.model.Span;
import org.sparklstm.core.TestNetworks;
import org.sparklstm.core.generate.BeamSearch;
import org.sparklstm.core.model.markov.KneserNeyModel;
import org.sparklstm.core.model.markov.NgramCounts;
import org.sparklstm.core.model.mixture.MixtureWeight;
import org.sparklstm.core.model.network.NeuralModel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodingTest {
    @Test
    void aNetworksDecoderMatchesAWholeWindowPassAndReordersItsState() {
        NeuralModel model = TestNetworks.smallModel(6);
        int[] a = {1, 2, 3, 4, 5};
        int[] b = {5, 4, 3, 2, 1};
        Decoder d = model.decoder(2);
        double[][] last = null;
        for (int t = 0; t < a.length - 1; t++) {
            last = d.step(new int[] {a[t], b[t]});
        }
        double[] expectedA = model.targetProbabilities(List.of(Span.window(a)))[0];
        assertEquals(expectedA[a.length - 2], last[0][a[a.length - 1]], 1e-5);
        // after reordering both sequences continue b: the next step must match b's own continuation
        d.reorder(new int[] {1, 1});
        double[][] next = d.step(new int[] {b[4], b[4]});
        int[] bLonger = {5, 4, 3, 2, 1, 0};
        double[] expectedB = model.targetProbabilities(List.of(Span.window(bLonger)))[0];
        assertEquals(expectedB[4], next[0][0], 1e-5);
        assertArrayEquals(next[0], next[1], 1e-6);
    }

    @Test
    void beamSearchFindsTheDeterministicContinuationAndBeatsGreedy() {
        NgramCounts counts = new NgramCounts(3, 5);
        int[] cycle = new int[300];
        for (int i = 0; i < cycle.length; i++) {
            cycle[i] = i % 4;
        }
        counts.addWindow(cycle);
        KneserNeyModel m = new KneserNeyModel(counts);
        BeamSearch.Result r = new BeamSearch(m).search(new int[] {0, 1}, 8, 3);
        assertArrayEquals(new int[] {2, 3, 0, 1, 2, 3, 0, 1}, r.ids());
        NeuralModel net = TestNetworks.smallModel(6);
        BeamSearch.Result greedy = new BeamSearch(net).search(new int[] {1}, 12, 1);
        BeamSearch.Result wide = new BeamSearch(net).search(new int[] {1}, 12, 8);
        assertTrue(wide.log2Probability() >= greedy.log2Probability() - 1e-6,
                wide.log2Probability() + " < " + greedy.log2Probability());
        assertEquals(12, wide.ids().length);
        assertTrue(Arrays.stream(wide.ids()).allMatch(i -> i >= 0 && i < 6));
    }

    @Test
    void theMixtureWeightMaximisesHeldOutLikelihood() {
        double[] a = new double[1000];
        double[] b = new double[1000];
        for (int i = 0; i < a.length; i++) {
            a[i] = i % 3 == 0 ? 0.05 : 0.6;
            b[i] = i % 3 == 0 ? 0.5 : 0.3;
        }
        double w = MixtureWeight.fit(a, b);
        assertTrue(w > 0 && w < 1, "an interior optimum: " + w);
        double gradient = 0;
        for (int i = 0; i < a.length; i++) {
            gradient += (a[i] - b[i]) / (w * a[i] + (1 - w) * b[i]);
        }
        assertEquals(0, gradient, 1e-3, "the likelihood's derivative vanishes at the fitted weight");
        double[] better = new double[1000];
        Arrays.fill(better, 0.9);
        assertEquals(1.0, MixtureWeight.fit(better, b), 1e-3, "a model better on every token takes all the weight");
    }
}
