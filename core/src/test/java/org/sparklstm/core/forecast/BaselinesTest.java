package org.sparklstm.core.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sparklstm.datasets.series.SeriesTransform;

/** The baselines on series whose answer is known: an AR(2) process, and a random walk's intervals. */
class BaselinesTest {
    private static double[] ar2(int n, long seed) {
        Random random = new Random(seed);
        double[] x = new double[n];
        for (int t = 2; t < n; t++) {
            x[t] = 0.5 + 0.6 * x[t - 1] - 0.3 * x[t - 2] + random.nextGaussian();
        }
        return x;
    }

    @Test
    void anAr2ProcessIsFoundItsForecastIsTheFittedMeanAndItsIntervalsHoldTheirShare() {
        double[] x = ar2(6000, 7);
        Autoregressive ar = Autoregressive.fit(SeriesTransform.LEVELS, Arrays.copyOf(x, 4000), 8, 400, 0.8, 1);
        assertTrue(ar.order() >= 2 && ar.order() <= 4, "AIC finds the second order: " + ar.name());
        Forecast f = ar.forecast(x, 5000, 3);
        double expected = 0.5 + 0.6 * x[4999] - 0.3 * x[4998];
        assertEquals(expected, f.point()[0], 0.08, "one step: the true mean, nearly");
        ForecastErrors errors = new ForecastErrors(3);
        for (int origin = 4000; origin < 5997; origin += 3) {
            errors.add(ar.forecast(x, origin, 3), Arrays.copyOfRange(x, origin, origin + 3));
        }
        assertEquals(0.8, errors.coverage(0), 0.05, "80% intervals hold about 80%");
        assertEquals(Math.sqrt(2 / Math.PI), errors.mae(0), 0.06, "one step's error is the unit noise's");
        assertTrue(errors.mae(2) > errors.mae(0), "further is harder");
    }

    @Test
    void theRandomWalkForecastsTheLastLevelWithIntervalsThatWiden() {
        double[] levels = new double[500];
        Random random = new Random(3);
        levels[0] = 100;
        for (int t = 1; t < levels.length; t++) {
            levels[t] = levels[t - 1] * Math.exp(0.01 * random.nextGaussian());
        }
        RandomWalk walk = new RandomWalk(SeriesTransform.LOG_RETURNS, Arrays.copyOf(levels, 400), 1000, 0.8, 1);
        Forecast f = walk.forecast(levels, 450, 10);
        for (int h = 0; h < 10; h++) {
            assertEquals(levels[449], f.point()[h], "the last known level");
            assertTrue(f.lower()[h] < levels[449] && f.upper()[h] > levels[449]);
        }
        double first = f.upper()[0] - f.lower()[0];
        double last = f.upper()[9] - f.lower()[9];
        assertEquals(Math.sqrt(10), last / first, 0.6, "a walk's spread grows as the root of the steps");
        assertEquals("random-walk", walk.name());
    }
}
