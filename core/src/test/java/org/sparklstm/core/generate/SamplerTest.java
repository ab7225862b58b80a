package org.sparklstm.core.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sparklstm.core.TestNetworks;

class SamplerTest {

    @Test
    void sameSeedSameSequenceAndIdsInRange() {
        Sampler sampler = new Sampler(TestNetworks.smallModel(9));
        int[] a = sampler.sample(new int[] {1, 2}, 200, 1.0, 0, 7);
        int[] b = sampler.sample(new int[] {1, 2}, 200, 1.0, 0, 7);
        assertArrayEquals(a, b);
        assertEquals(200, a.length);
        assertTrue(Arrays.stream(a).allMatch(i -> i >= 0 && i < 9));
        assertTrue(Arrays.stream(a).distinct().count() > 3, "a near-uniform model draws many symbols");
    }

    @Test
    void lowTemperatureTakesTheMostLikelySymbol() {
        double[] probs = {0.1, 0.2, 0.6, 0.1};
        Random random = new Random(1);
        for (int i = 0; i < 100; i++) {
            assertEquals(2, Sampler.draw(probs, 0.01, 0, random));
        }
    }

    @Test
    void topKDrawsOnlyAmongTheKMostProbable() {
        double[] probs = {0.05, 0.3, 0.1, 0.25, 0.3};
        Random random = new Random(3);
        int[] seen = new int[probs.length];
        for (int i = 0; i < 2000; i++) {
            seen[Sampler.draw(probs, 1.0, 3, random)]++;
        }
        assertEquals(0, seen[0]);
        assertEquals(0, seen[2]);
        assertTrue(seen[1] > 500 && seen[3] > 500 && seen[4] > 500, Arrays.toString(seen));
    }

    @Test
    void emptyPrimeAndZeroTemperatureAreRefused() {
        Sampler sampler = new Sampler(TestNetworks.smallModel(5));
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(new int[0], 5, 1.0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(new int[] {1}, 5, 0.0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(new int[] {1}, 5, 1.0, -1, 1));
    }
}
