package org.sparklstm.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparklstm.core.TestNetworks;

class WindowScorerTest {
    private static final int V = 7;

    @Test
    void batchingAndPaddingDoNotChangeTheScore() {
        WindowScorer scorer = new WindowScorer(TestNetworks.smallModel(V));
        int[] longWindow = {1, 2, 3, 4, 5, 6, 0, 1, 2};
        int[] shortWindow = {3, 1, 4};
        LogLoss together = scorer.score(List.of(longWindow, shortWindow));
        LogLoss apart = scorer.score(List.of(longWindow)).plus(scorer.score(List.of(shortWindow)));
        assertEquals(10, together.tokens());
        assertEquals(apart.bits(), together.bits(), 1e-3);
    }

    @Test
    void anUntrainedNetworkIsCloseToUniform() {
        LogLoss loss = new WindowScorer(TestNetworks.smallModel(V)).score(List.of(new int[] {1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6}));
        assertEquals(Math.log(V) / Math.log(2), loss.bitsPerToken(), 0.3);
    }
}
