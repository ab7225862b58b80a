package org.sparklstm.core.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.sparklstm.core.TestNetworks;

class SamplerTest {

    @Test
    void sameSeedSameSequenceAndIdsInRange() {
        MultiLayerNetwork net = TestNetworks.small(9);
        Sampler sampler = new Sampler(net, 9);
        int[] a = sampler.sample(new int[] {1, 2}, 200, 1.0, 7);
        int[] b = sampler.sample(new int[] {1, 2}, 200, 1.0, 7);
        assertArrayEquals(a, b);
        assertEquals(200, a.length);
        assertTrue(Arrays.stream(a).allMatch(i -> i >= 0 && i < 9));
        assertTrue(Arrays.stream(a).distinct().count() > 3, "a near-uniform model draws many symbols");
    }

    @Test
    void lowTemperatureTakesTheMostLikelySymbol() {
        float[] probs = {0.1f, 0.2f, 0.6f, 0.1f};
        Random random = new Random(1);
        for (int i = 0; i < 100; i++) {
            assertEquals(2, Sampler.draw(probs, 0.01, random));
        }
    }

    @Test
    void emptyPrimeAndZeroTemperatureAreRefused() {
        Sampler sampler = new Sampler(TestNetworks.small(5), 5);
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(new int[0], 5, 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(new int[] {1}, 5, 0.0, 1));
    }
}
